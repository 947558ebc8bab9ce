using Ecs.BlueGreen.Aws.Configuration;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Images;

namespace Ecs.BlueGreen.Tool;

/// <summary>Deploy to a service (-n), only register a revision (-d), act on a service's native deployment (--continue, --rollback-deployment), or roll a service back (--rollback).</summary>
internal enum DeployMode
{
    Service,
    TaskDefinition,
    Continue,
    RollbackDeployment,
    Rollback,
}

/// <summary>How the result is written to stdout.</summary>
internal enum OutputFormat
{
    Text,
    Json,
}

/// <summary>A container's new image (--container NAME=IMAGE).</summary>
internal sealed record ContainerImage(string Container, ImageReference Image);

/// <summary>An environment variable to set (--env CONTAINER:NAME=VALUE).</summary>
internal sealed record ContainerVariable(string Container, string Name, string Value);

/// <summary>A validated command line, in the library's terms: every value parsed, nothing left to check offline.</summary>
internal sealed record DeployRequest
{
    public required DeployMode Mode { get; init; }

    public string? Cluster { get; init; }

    public string? Service { get; init; }

    public string? TaskDefinition { get; init; }

    /// <summary>--task-definition-revision: an existing revision to deploy as it is (nothing registered).</summary>
    public string? TaskDefinitionRevision { get; init; }

    /// <summary>--rollback --to: the revision to roll back to; <see langword="null"/> takes the previous one from the service's history.</summary>
    public string? RollbackTo { get; init; }

    /// <summary>-i, resolved as ecs-deploy does: a tag from -e when it has none, else <c>latest</c>.</summary>
    public ImageReference? Image { get; init; }

    public string? Tag { get; init; }

    public IReadOnlyList<ContainerImage> ContainerImages { get; init; } = [];

    public IReadOnlyList<ContainerVariable> Environment { get; init; } = [];

    public string? TaskDefinitionFile { get; init; }

    public bool UseLatestTaskDefinition { get; init; }

    public bool CopyTaskDefinitionTags { get; init; }

    public bool ForceNewDeployment { get; init; }

    public bool SkipIfUnchanged { get; init; }

    /// <summary>Whether the new revision's ECR images are checked before any write (not with --no-verify-image).</summary>
    public bool VerifyImages { get; init; } = true;

    public bool DryRun { get; init; }

    public bool WaitForDrain { get; init; } = true;

    public bool RollbackOnTimeout { get; init; }

    public bool RollbackOnFailure { get; init; }

    public TimeSpan Timeout { get; init; } = OptionValidator.DefaultTimeout;

    /// <summary>Whether -t was given: only then does a native deployment's whole wait get <see cref="Timeout"/> instead of the budget the library computes from the service.</summary>
    public bool TimeoutGiven { get; init; }

    /// <summary>--wait-until STAGE; <see langword="null"/> waits for the end (or <see cref="WaitUntilPaused"/>).</summary>
    public DeploymentStage? WaitUntil { get; init; }

    /// <summary>--wait-until paused (native: the first PAUSE hook) or ready (CodeDeploy: the Ready gate).</summary>
    public bool WaitUntilPaused { get; init; }

    /// <summary>--wait-until EVENT for a CodeDeploy deployment; <see langword="null"/> waits for the end.</summary>
    public CodeDeployLifecycleEvent? WaitUntilEvent { get; init; }

    /// <summary>--appspec: the AppSpec file of a CodeDeploy deployment; <see langword="null"/> makes one from the service.</summary>
    public string? AppSpecFile { get; init; }

    /// <summary>--codedeploy-application and --codedeploy-group; <see langword="null"/> when neither was given (the library finds them).</summary>
    public (string Application, string Group)? CodeDeployTarget { get; init; }

    /// <summary>--codedeploy-config.</summary>
    public string? CodeDeployConfig { get; init; }

    /// <summary>--skip-termination-wait.</summary>
    public bool SkipTerminationWait { get; init; }

    /// <summary>--test-command and its options; <see langword="null"/> without --test-command.</summary>
    public SmokeTestRequest? SmokeTest { get; init; }

    public int? MinimumHealthyPercent { get; init; }

    public int? MaximumPercent { get; init; }

    public int? DesiredCount { get; init; }

    public int? KeepRevisions { get; init; }

    public bool RunTask => Task is not null;

    /// <summary>--run-task and its options; <see langword="null"/> without --run-task (and with -n, where it has no effect).</summary>
    public RunTaskRequest? Task { get; init; }

    public required AwsSettings Aws { get; init; }

    public OutputFormat Output { get; init; }

    public bool Verbose { get; init; }

    /// <summary>
    /// With several services (a repeated -n, --services-file): each one's request, deployed together as one group; empty
    /// for one service. <see cref="Cluster"/> and <see cref="Service"/> are then the first one's.
    /// </summary>
    public IReadOnlyList<DeployRequest> Members { get; init; } = [];

    /// <summary>--max-parallel: how many of <see cref="Members"/> are deployed at once; <see langword="null"/> for all.</summary>
    public int? MaxParallel { get; init; }

    /// <summary>--rollback-all-on-failure: when one of <see cref="Members"/> does not succeed, the ones that did are rolled back.</summary>
    public bool RollbackAllOnFailure { get; init; }

    /// <summary>Flags that have no effect in this mode, said once on stderr.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>How to run the new revision as a one-off task (--run-task and its options), every value parsed.</summary>
internal sealed record RunTaskRequest
{
    public bool WaitForSuccess { get; init; }

    public LaunchType? LaunchType { get; init; }

    public string? PlatformVersion { get; init; }

    public NetworkConfiguration? NetworkConfiguration { get; init; }

    public IReadOnlyList<CapacityProviderStrategyItem> CapacityProviderStrategy { get; init; } = [];

    /// <summary>The command of the first essential container; <see langword="null"/> keeps the definition's.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    public string? StartedBy { get; init; }

    public bool TailLogs { get; init; }
}

/// <summary>The smoke test that answers PAUSE hooks (--test-command and its options), every value parsed.</summary>
internal sealed record SmokeTestRequest
{
    /// <summary>The argv: the program, then its arguments, run without a shell.</summary>
    public required IReadOnlyList<string> Command { get; init; }

    public Uri? TestUrl { get; init; }

    public TimeSpan? Timeout { get; init; }

    /// <summary>The stages whose PAUSE hooks it answers; empty answers every PAUSE hook.</summary>
    public IReadOnlyList<DeploymentStage> Stages { get; init; } = [];
}

/// <summary>A command line refused before any AWS call: the exit code and one line saying why.</summary>
internal sealed record CommandError(int ExitCode, string Message);
