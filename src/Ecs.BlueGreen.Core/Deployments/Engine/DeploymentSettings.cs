using Ecs.BlueGreen.Aws.Configuration;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Logs;
using Ecs.BlueGreen.TaskDefinitions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ecs.BlueGreen.Deployments;

/// <summary>Everything an <see cref="EcsDeployment"/> was configured with; copied, never changed.</summary>
internal sealed record DeploymentSettings
{
    public required string Cluster { get; init; }

    public required string Service { get; init; }

    public TaskDefinitionChanges Changes { get; init; } = new();

    public int? DesiredCount { get; init; }

    public int? MinimumHealthyPercent { get; init; }

    public int? MaximumPercent { get; init; }

    public bool ForceNewDeployment { get; init; }

    public bool SkipIfUnchanged { get; init; }

    public DeploymentTimeouts Timeouts { get; init; } = DeploymentTimeouts.Default;

    public bool RollbackOnTimeout { get; init; }

    public bool RollbackOnFailure { get; init; }

    public bool RollbackOnCancellation { get; init; }

    public int? KeepRevisions { get; init; }

    public bool WaitForDrain { get; init; } = true;

    public bool DryRun { get; init; }

    public int? FailedTaskLimit { get; init; }

    public DeploymentPollingOptions Polling { get; init; } = DeploymentPollingOptions.Default;

    public IEcsClient? Client { get; init; }

    public AwsSettings? AwsSettings { get; init; }

    public ICloudWatchLogsClient? LogsClient { get; init; }

    public int FailureLogLines { get; init; } = DefaultFailureLogLines;

    public const int DefaultFailureLogLines = 20;

    public ILogger Logger { get; init; } = NullLogger.Instance;

    public IProgress<DeploymentEvent>? Progress { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public DeploymentResultValidation Validation { get; init; } = DeploymentResultValidation.Succeeded;

    /// <summary>Whether anything at all was asked for.</summary>
    public bool RequestsChange =>
        Changes.ChangesContent || Changes.UseLatest || ForceNewDeployment || DesiredCount is not null || MinimumHealthyPercent is not null;
}
