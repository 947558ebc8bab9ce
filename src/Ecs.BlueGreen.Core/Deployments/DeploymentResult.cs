using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.TaskDefinitions;

namespace Ecs.BlueGreen.Deployments;

/// <summary>What a deployment did and how it ended, with the evidence.</summary>
public sealed record DeploymentResult
{
    /// <summary>How it ended.</summary>
    public required DeploymentOutcome Outcome { get; init; }

    /// <summary>Why, in a sentence or two for a person: counts, the failing task's exit code, the last relevant service event.</summary>
    public required string Reason { get; init; }

    /// <summary>The cluster.</summary>
    public required string Cluster { get; init; }

    /// <summary>The service.</summary>
    public required string Service { get; init; }

    /// <summary>The revision the service ran before (the rollback target).</summary>
    public string? PreviousTaskDefinitionArn { get; init; }

    /// <summary>The revision deployed (registered, or reused when identical); for a dry run, <see langword="null"/>.</summary>
    public string? TaskDefinitionArn { get; init; }

    /// <summary>Whether a new revision was registered.</summary>
    public bool Registered { get; init; }

    /// <summary>How the deployed revision differs from the previous one.</summary>
    public IReadOnlyList<TaskDefinitionChange> Changes { get; init; } = [];

    /// <summary>For a dry run (<see cref="DeploymentOutcome.Planned"/>): the calls a real run would make, in order; otherwise empty.</summary>
    public IReadOnlyList<PlannedCall> PlannedCalls { get; init; } = [];

    /// <summary>The deployment ECS started for us (<c>ecs-svc/…</c>).</summary>
    public string? DeploymentId { get; init; }

    /// <summary>The service deployment's ARN, where ECS reports one.</summary>
    public string? ServiceDeploymentArn { get; init; }

    /// <summary>Whether ECS itself rolled the deployment back (circuit breaker or alarms).</summary>
    public bool RolledBackByEcs { get; init; }

    /// <summary>When the run started.</summary>
    public required DateTimeOffset StartTime { get; init; }

    /// <summary>When the run ended.</summary>
    public required DateTimeOffset EndTime { get; init; }

    /// <summary>How long the run took.</summary>
    public TimeSpan Duration => EndTime - StartTime;

    /// <summary>Tasks of the new revision that stopped during the deployment, oldest first.</summary>
    public IReadOnlyList<StoppedTask> StoppedTasks { get; init; } = [];

    /// <summary>Service events since the deployment began, oldest first.</summary>
    public IReadOnlyList<ServiceEventRecord> Events { get; init; } = [];

    /// <summary>Our own rollback, when one was asked for and made.</summary>
    public RollbackResult? Rollback { get; init; }

    /// <summary>
    /// ECS's own rollback (circuit breaker or alarms), when it rolled the deployment back: Succeeded once it restored the
    /// previous revision at its desired count, TimedOut when it had not within the rollback budget, Failed when ECS's
    /// rollback failed, Cancelled when the wait for it was.
    /// </summary>
    public RollbackResult? EcsRollback { get; init; }

    /// <summary>
    /// For a rollback on demand (<see cref="EcsDeployment.RollBackAsync"/>, <see cref="EcsDeployment.RollBackToAsync"/>):
    /// the revision chosen, the one it replaces, and why; <see langword="null"/> for a deployment.
    /// </summary>
    public RollbackTarget? RollbackTarget { get; init; }

    /// <summary>The revision the service's PRIMARY deployment ran when last seen: where the service is at the end of the run.</summary>
    public string? ServiceTaskDefinitionArn { get; init; }

    /// <summary>For <see cref="DeploymentOutcome.TimedOut"/>: the phase of the wait that ran out of time.</summary>
    public DeploymentWaitPhase? TimedOutPhase { get; init; }

    /// <summary>For a native deployment: the lifecycle stage it was last seen in (<c>ecs#ServiceDeployment.lifecycleStage</c>).</summary>
    public DeploymentStage? LifecycleStage { get; init; }

    /// <summary>For <see cref="DeploymentOutcome.Paused"/>: the PAUSE hook that awaits action.</summary>
    public PausedHook? PausedHook { get; init; }

    /// <summary>
    /// For a service with the CODE_DEPLOY deployment controller: the CodeDeploy deployment (application, group, id,
    /// status, error, rollback deployment, and whether the original task set is still kept for the termination wait).
    /// </summary>
    public CodeDeployDeployment? CodeDeploy { get; init; }

    /// <summary>For <see cref="DeploymentOutcome.Interrupted"/>: the AWS call that failed past its retries.</summary>
    public AwsException? Error { get; init; }

    /// <summary>Revisions deregistered by <c>KeepRevisions</c>.</summary>
    public IReadOnlyList<string> DeregisteredTaskDefinitions { get; init; } = [];

    /// <summary>
    /// After a success: the image digest each container of each running task of the deployed revision reports
    /// (<c>ecs#Container.imageDigest</c>, read with one DescribeTasks pass at the end), by task then container. Tasks of one
    /// revision that run different digests for the same image (a tag moved during the deployment) add a warning.
    /// Empty otherwise, or when the tasks could not be read (a warning).
    /// </summary>
    public IReadOnlyList<RunningImage> RunningImages { get; init; } = [];

    /// <summary>Non-fatal problems, for example a revision that could not be deregistered.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Whether the outcome is Succeeded, Unchanged, Planned or Paused.</summary>
    public bool IsSuccess => Outcome is DeploymentOutcome.Succeeded or DeploymentOutcome.Unchanged or DeploymentOutcome.Planned or DeploymentOutcome.Paused;

    /// <inheritdoc />
    public override string ToString() => $"{Outcome}: {Reason}";
}

/// <summary>Our rollback of a failed, timed-out or cancelled deployment, and how it ended.</summary>
public sealed class RollbackResult
{
    /// <summary>Succeeded, Failed or TimedOut.</summary>
    public required DeploymentOutcome Outcome { get; init; }

    /// <summary>Why, for a person.</summary>
    public required string Reason { get; init; }

    /// <summary>The revision rolled back to.</summary>
    public required string TaskDefinitionArn { get; init; }

    /// <summary>The desired count restored.</summary>
    public int? DesiredCount { get; init; }

    /// <summary>The rollback's own deployment.</summary>
    public string? DeploymentId { get; init; }

    /// <summary>When the rollback started.</summary>
    public required DateTimeOffset StartTime { get; init; }

    /// <summary>When it ended.</summary>
    public required DateTimeOffset EndTime { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Outcome}: {Reason}";
}

/// <summary>What a rollback on demand returns a service to, and why that revision was chosen.</summary>
public sealed record RollbackTarget
{
    /// <summary>The revision the service ran when the rollback was asked for.</summary>
    public required string FromTaskDefinitionArn { get; init; }

    /// <summary>The revision rolled back to.</summary>
    public required string ToTaskDefinitionArn { get; init; }

    /// <summary>
    /// The service deployment (<c>ecs#ServiceDeployment</c>) that last deployed <see cref="ToTaskDefinitionArn"/>
    /// successfully, whose revision was chosen; <see langword="null"/> when the revision was named.
    /// </summary>
    public string? ServiceDeploymentArn { get; init; }

    /// <summary>
    /// The native deployment in progress that ECS was asked to roll back (StopServiceDeployment ROLLBACK) instead of a
    /// new deployment; <see langword="null"/> otherwise.
    /// </summary>
    public string? StoppedServiceDeploymentArn { get; init; }

    /// <summary>
    /// The minimum healthy percent the chosen deployment ran with (<c>ecs#ServiceDeployment.deploymentConfiguration</c>),
    /// sent when it differs from the service's; <see langword="null"/> when the history does not record it (the service's is kept).
    /// </summary>
    public int? MinimumHealthyPercent { get; init; }

    /// <summary>
    /// The maximum percent the chosen deployment ran with, sent when it differs from the service's; <see langword="null"/>
    /// when the history does not record it (the service's is kept).
    /// </summary>
    public int? MaximumPercent { get; init; }

    /// <summary>
    /// The desired count the service keeps: ECS's deployment history does not record one (<c>ecs#ServiceRevision</c>
    /// has no desired count), so a rollback does not change it.
    /// </summary>
    public int? DesiredCount { get; init; }

    /// <summary>Why this revision, for a person.</summary>
    public required string Reason { get; init; }

    /// <inheritdoc />
    public override string ToString() => Reason;
}

/// <summary>A service event (ECS's own message about the service).</summary>
public sealed class ServiceEventRecord
{
    /// <summary>ECS's event id.</summary>
    public required string Id { get; init; }

    /// <summary>When ECS recorded it.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>The message, for example <c>(service web) has reached a steady state.</c></summary>
    public required string Message { get; init; }

    /// <summary>Whether the message reports a problem: a failure, an error, an unhealthy target, a task that could not be placed, a rollback.</summary>
    public bool IsProblem => IsProblemMessage(Message);

    internal static bool IsProblemMessage(string message) =>
        message.Contains("unable", StringComparison.OrdinalIgnoreCase) || message.Contains("fail", StringComparison.OrdinalIgnoreCase)
        || message.Contains("unhealthy", StringComparison.OrdinalIgnoreCase) || message.Contains("error", StringComparison.OrdinalIgnoreCase)
        || message.Contains("rolling back", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override string ToString() => Message;
}
