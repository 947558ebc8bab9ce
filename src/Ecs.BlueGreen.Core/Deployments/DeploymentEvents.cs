using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.TaskDefinitions;

namespace Ecs.BlueGreen.Deployments;

/// <summary>
/// Something that happened during a deployment, reported through <c>WithProgress</c> as it happens.
/// Switch on the concrete type for details; <see cref="Message"/> is a line for a person.
/// </summary>
public abstract class DeploymentEvent
{
    /// <summary>When it happened, by the deployment's clock.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>A line for a person.</summary>
    public abstract string Message { get; }

    /// <inheritdoc />
    public override string ToString() => Message;

    internal static string Short(string? arn) => arn is null ? "(none)" : arn[(arn.LastIndexOf('/') + 1)..];

    /// <summary>90 s → <c>1m30s</c>, 2 min → <c>2m</c>, 4.5 s → <c>4.5s</c>.</summary>
    internal static string Duration(TimeSpan span) =>
        span.TotalMinutes >= 1 && span.Seconds == 0 ? $"{(int)span.TotalMinutes}m" : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m{span.Seconds}s" : $"{span.TotalSeconds:0.#}s";
}

/// <summary>Validation passed; the deployment is about to write.</summary>
public sealed class DeploymentStarted : DeploymentEvent
{
    /// <summary>The revision the service runs now.</summary>
    public required string PreviousTaskDefinitionArn { get; init; }

    /// <summary>How the new revision differs from it.</summary>
    public IReadOnlyList<TaskDefinitionChange> Changes { get; init; } = [];

    /// <inheritdoc />
    public override string Message => $"Deploying over {Short(PreviousTaskDefinitionArn)}: {Changes.Count} change(s).";
}

/// <summary>A new revision was registered.</summary>
public sealed class TaskDefinitionRegistered : DeploymentEvent
{
    /// <summary>Its ARN.</summary>
    public required string TaskDefinitionArn { get; init; }

    /// <inheritdoc />
    public override string Message => $"Registered {Short(TaskDefinitionArn)}.";
}

/// <summary>The service was pointed at the new revision; ECS started a deployment.</summary>
public sealed class ServiceUpdated : DeploymentEvent
{
    /// <summary>The revision.</summary>
    public required string TaskDefinitionArn { get; init; }

    /// <summary>The deployment ECS started (<c>ecs-svc/…</c>).</summary>
    public required string DeploymentId { get; init; }

    /// <summary>Its service deployment ARN, where ECS reports one.</summary>
    public string? ServiceDeploymentArn { get; init; }

    /// <inheritdoc />
    public override string Message => $"Service updated to {Short(TaskDefinitionArn)}: deployment {DeploymentId}.";
}

/// <summary>The counts of our deployment changed.</summary>
public sealed class DeploymentProgressed : DeploymentEvent
{
    /// <summary>The deployment.</summary>
    public required string DeploymentId { get; init; }

    /// <summary>Tasks of the new revision wanted.</summary>
    public int Desired { get; init; }

    /// <summary>Tasks of the new revision running.</summary>
    public int Running { get; init; }

    /// <summary>Tasks of the new revision pending.</summary>
    public int Pending { get; init; }

    /// <summary>Tasks of the new revision that failed (ECS's <c>failedTasks</c>).</summary>
    public int Failed { get; init; }

    /// <summary>Tasks of older deployments still running (draining).</summary>
    public int Draining { get; init; }

    /// <summary>The rollout state, where ECS reports one.</summary>
    public DeploymentRolloutState? RolloutState { get; init; }

    /// <inheritdoc />
    public override string Message =>
        $"{Running}/{Desired} running, {Pending} pending, {Failed} failed, {Draining} old draining" + (RolloutState is { } s ? $" ({s.Value})." : ".");
}

/// <summary>ECS recorded a service event.</summary>
public sealed class ServiceEventReceived : DeploymentEvent
{
    /// <summary>The event.</summary>
    public required ServiceEventRecord Event { get; init; }

    /// <inheritdoc />
    public override string Message => Event.Message;
}

/// <summary>A task of the new revision stopped.</summary>
public sealed class TaskStopped : DeploymentEvent
{
    /// <summary>The task and why it stopped.</summary>
    public required StoppedTask Task { get; init; }

    /// <inheritdoc />
    public override string Message => Task.ToString();
}

/// <summary>A status call failed (throttling, a server error); the wait goes on.</summary>
public sealed class StatusCheckFailed : DeploymentEvent
{
    /// <summary>What failed.</summary>
    public required string Error { get; init; }

    /// <inheritdoc />
    public override string Message => $"Status check failed, retrying: {Error}";
}

/// <summary>The deployment reached its outcome (before any rollback).</summary>
public sealed class DeploymentFinished : DeploymentEvent
{
    /// <summary>The outcome.</summary>
    public required DeploymentOutcome Outcome { get; init; }

    /// <summary>Why.</summary>
    public required string Reason { get; init; }

    /// <inheritdoc />
    public override string Message => $"{Outcome}: {Reason}";
}

/// <summary>Our rollback started.</summary>
public sealed class RollbackStarted : DeploymentEvent
{
    /// <summary>The revision rolled back to.</summary>
    public required string TaskDefinitionArn { get; init; }

    /// <summary>The desired count restored.</summary>
    public int? DesiredCount { get; init; }

    /// <inheritdoc />
    public override string Message => $"Rolling back to {Short(TaskDefinitionArn)}" + (DesiredCount is { } n ? $" with {n} task(s)." : ".");
}

/// <summary>Our rollback ended.</summary>
public sealed class RollbackFinished : DeploymentEvent
{
    /// <summary>How it ended.</summary>
    public required RollbackResult Result { get; init; }

    /// <inheritdoc />
    public override string Message => $"Rollback {Result.Outcome}: {Result.Reason}";
}

/// <summary>An old revision was deregistered by <c>KeepRevisions</c>.</summary>
public sealed class TaskDefinitionDeregistered : DeploymentEvent
{
    /// <summary>Its ARN.</summary>
    public required string TaskDefinitionArn { get; init; }

    /// <inheritdoc />
    public override string Message => $"Deregistered {Short(TaskDefinitionArn)}.";
}

/// <summary>What a deployment's wait is waiting for; each phase has its own time budget.</summary>
public enum DeploymentWaitPhase
{
    /// <summary>The new revision reaching its desired count: running, and healthy where it has a health check.</summary>
    NewTasks,

    /// <summary>The old tasks draining and ECS marking the rollout COMPLETED.</summary>
    OldTasks,

    /// <summary>ECS's own rollback (circuit breaker or alarms) restoring the previous revision.</summary>
    EcsRollback,
}

/// <summary>A phase of the wait began, with its budget.</summary>
public sealed class WaitPhaseStarted : DeploymentEvent
{
    /// <summary>The phase.</summary>
    public required DeploymentWaitPhase Phase { get; init; }

    /// <summary>How long it may take.</summary>
    public required TimeSpan Budget { get; init; }

    /// <summary>Whether this is the wait of our rollback rather than of the deployment.</summary>
    public bool IsRollback { get; init; }

    /// <inheritdoc />
    public override string Message => (IsRollback ? "Rollback: " : string.Empty) + Phase switch
    {
        DeploymentWaitPhase.NewTasks => $"waiting up to {Duration(Budget)} for the new tasks to run.",
        DeploymentWaitPhase.OldTasks => $"the new tasks run; waiting up to {Duration(Budget)} for the old tasks to drain.",
        _ => $"waiting up to {Duration(Budget)} for ECS's rollback to restore the previous revision.",
    };
}

/// <summary>
/// Nothing changed for a while: what the wait is waiting for, and how much of the phase's budget is spent. Reported
/// at most every 30 seconds, so that a CI log shows the run is alive.
/// </summary>
public sealed class DeploymentWaiting : DeploymentEvent
{
    /// <summary>The phase.</summary>
    public required DeploymentWaitPhase Phase { get; init; }

    /// <summary>What is still missing, for example <c>waiting for 5 old tasks to stop</c>.</summary>
    public required string WaitingFor { get; init; }

    /// <summary>Time spent in the phase.</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>The phase's budget.</summary>
    public required TimeSpan Budget { get; init; }

    /// <inheritdoc />
    public override string Message => $"{WaitingFor} · {Duration(TimeSpan.FromSeconds(Math.Floor(Elapsed.TotalSeconds)))} of {Duration(Budget)}";
}

/// <summary>A call failed transiently past the client's own retries; it is tried again after <see cref="Delay"/>.</summary>
public sealed class AwsCallRetried : DeploymentEvent
{
    /// <summary>The operation.</summary>
    public required string Operation { get; init; }

    /// <summary>What failed.</summary>
    public required string Error { get; init; }

    /// <summary>The wait before the next try.</summary>
    public TimeSpan Delay { get; init; }

    /// <inheritdoc />
    public override string Message => $"{Operation} failed, trying again in {Duration(Delay)}: {Error}";
}

/// <summary>A write's answer was lost (a dropped connection, a timeout, a 5xx); ECS was read to learn whether it took effect.</summary>
public sealed class WriteChecked : DeploymentEvent
{
    /// <summary>The operation.</summary>
    public required string Operation { get; init; }

    /// <summary>Whether ECS shows that it took effect (then it is not sent again).</summary>
    public required bool Applied { get; init; }

    /// <summary>What happened to the answer.</summary>
    public required string Error { get; init; }

    /// <inheritdoc />
    public override string Message => Applied
        ? $"{Operation}'s answer was lost ({Error}); ECS shows it took effect, so it is not sent again."
        : $"{Operation}'s answer was lost ({Error}); ECS shows it did not take effect, so it is sent again.";
}

/// <summary>Something could not be read or done, without changing the outcome (evidence, clean-up).</summary>
public sealed class DeploymentWarning : DeploymentEvent
{
    /// <summary>What went wrong.</summary>
    public required string Warning { get; init; }

    /// <inheritdoc />
    public override string Message => $"warning: {Warning}";
}
