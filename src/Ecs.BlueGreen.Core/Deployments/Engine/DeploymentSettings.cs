using Ecs.BlueGreen.Aws.Configuration;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Logs;
using Ecs.BlueGreen.Runtime;
using Ecs.BlueGreen.TaskDefinitions;
using Microsoft.Extensions.Logging;

namespace Ecs.BlueGreen.Deployments;

/// <summary>Everything an <see cref="EcsDeployment"/> was configured with; copied, never changed.</summary>
internal sealed record DeploymentSettings
{
    public required string Cluster { get; init; }

    public required string Service { get; init; }

    public OperationOptions Operation { get; init; } = new();

    public RevisionOptions Revision { get; init; } = new();

    public int? DesiredCount { get; init; }

    public int? MinimumHealthyPercent { get; init; }

    public int? MaximumPercent { get; init; }

    public bool ForceNewDeployment { get; init; }

    public DeploymentTimeouts Timeouts { get; init; } = DeploymentTimeouts.Default;

    public bool RollbackOnTimeout { get; init; }

    public bool RollbackOnFailure { get; init; }

    public bool RollbackOnCancellation { get; init; }

    public bool WaitForDrain { get; init; } = true;

    public int? FailedTaskLimit { get; init; }

    public DeploymentPollingOptions Polling { get; init; } = DeploymentPollingOptions.Default;

    /// <summary>Native deployments: succeed once our deployment reaches this stage.</summary>
    public DeploymentStage? WaitUntil { get; init; }

    /// <summary>Native deployments: end with Paused at the first PAUSE hook awaiting action.</summary>
    public bool WaitUntilPaused { get; init; }

    /// <summary>Native deployments: who answers PAUSE hooks; <see langword="null"/>: nobody here (they are reported and waited for).</summary>
    public PauseAnswerer? PauseAnswerer { get; init; }

    /// <summary>The stages whose PAUSE hooks <see cref="PauseAnswerer"/> answers; <see langword="null"/> for all.</summary>
    public IReadOnlySet<DeploymentStage>? SmokeTestStages { get; init; }

    /// <summary>How long one answer (a smoke test run) may take; the hook's own expiry bounds it too.</summary>
    public TimeSpan SmokeTestTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The URL smoke tests check (<c>ECS_BLUEGREEN_TEST_URL</c>).</summary>
    public Uri? TestUrl { get; init; }

    public DeploymentResultValidation Validation { get; init; } = DeploymentResultValidation.Succeeded;

    /// <summary>Services with the CODE_DEPLOY controller: the application, group, AppSpec and options of the CodeDeploy deployment.</summary>
    public CodeDeploySettings CodeDeploy { get; init; } = new();

    /// <summary>An existing revision (FAMILY:REV or ARN) to deploy as it is: nothing is registered.</summary>
    public string? TaskDefinition { get; init; }

    /// <summary>A rollback on demand: back to the service's previous revision, or to <see cref="RollbackRequest.To"/>.</summary>
    public RollbackRequest? RollBack { get; init; }

    public TaskDefinitionChanges Changes => Revision.Changes;

    public bool SkipIfUnchanged => Revision.SkipIfUnchanged;

    public int? KeepRevisions => Revision.KeepRevisions;

    public bool DryRun => Revision.DryRun;

    public IEcsClient? Client => Operation.Client;

    public AwsSettings? AwsSettings => Operation.AwsSettings;

    public ICloudWatchLogsClient? LogsClient => Operation.LogsClient;

    public int FailureLogLines => Operation.FailureLogLines;

    public ILogger Logger => Operation.Logger;

    public IProgress<DeploymentEvent>? Progress => Operation.Progress;

    public TimeProvider TimeProvider => Operation.TimeProvider;

    /// <summary>Whether anything at all was asked for.</summary>
    public bool RequestsChange =>
        Changes.ChangesContent || Changes.UseLatest || ForceNewDeployment || DesiredCount is not null || SetsDeploymentLimits || TaskDefinition is not null || RollBack is not null;

    /// <summary>Whether the minimum healthy percent, the maximum percent or both are to be set.</summary>
    public bool SetsDeploymentLimits => MinimumHealthyPercent is not null || MaximumPercent is not null;
}

/// <summary>What a deployment through CodeDeploy is configured with; everything absent is found or defaulted.</summary>
internal sealed record CodeDeploySettings
{
    /// <summary>The application; absent: the console's name <c>AppECS-{cluster}-{service}</c>.</summary>
    public string? Application { get; init; }

    /// <summary>The deployment group; absent: the console's name <c>DgpECS-{cluster}-{service}</c>.</summary>
    public string? DeploymentGroup { get; init; }

    /// <summary>A file holding the AppSpec (JSON or YAML), read when the deployment is planned.</summary>
    public string? AppSpecFile { get; init; }

    /// <summary>The AppSpec itself (JSON or YAML).</summary>
    public string? AppSpecContent { get; init; }

    /// <summary>The deployment configuration to use instead of the group's.</summary>
    public string? ConfigName { get; init; }

    /// <summary>Once traffic fully shifted, end the termination wait (ContinueDeployment TERMINATION_WAIT) and wait for Succeeded.</summary>
    public bool SkipTerminationWait { get; init; }

    /// <summary>Succeed once this lifecycle event succeeded.</summary>
    public CodeDeployLifecycleEvent? WaitUntil { get; init; }

    /// <summary>Whether any CodeDeploy option was given (they apply to CODE_DEPLOY services only).</summary>
    public bool IsConfigured => Application is not null || DeploymentGroup is not null || AppSpecFile is not null || AppSpecContent is not null
        || ConfigName is not null || SkipTerminationWait || WaitUntil is not null;
}

/// <summary>A rollback on demand; <paramref name="To"/> names the revision, <see langword="null"/> takes the one before the service's current one from its history.</summary>
internal sealed record RollbackRequest(string? To);
