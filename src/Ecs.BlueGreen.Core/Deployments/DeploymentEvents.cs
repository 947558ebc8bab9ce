using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.TaskDefinitions;
using Microsoft.Extensions.Logging;

namespace Ecs.BlueGreen.Deployments;

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

/// <summary>The service was pointed at the new revision; ECS started a deployment.</summary>
public sealed class ServiceUpdated : DeploymentEvent
{
    /// <summary>The revision.</summary>
    public required string TaskDefinitionArn { get; init; }

    /// <summary>Its service deployment ARN, where ECS reports one.</summary>
    public string? ServiceDeploymentArn { get; init; }

    /// <inheritdoc />
    public override string Message => $"Service updated to {Short(TaskDefinitionArn)}: deployment {DeploymentId}.";
}

/// <summary>The counts of our deployment changed.</summary>
public sealed class DeploymentProgressed : DeploymentEvent
{

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

    internal override void Log(ILogger logger) => EngineLog.Progress(logger, Cluster, Service, DeploymentId ?? string.Empty, Running, Desired, Pending, Failed);
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

    internal override void Log(ILogger logger)
    {
        if (Task.IsFailure)
        {
            EngineLog.TaskFailed(logger, Cluster, Service, Message);
        }
        else
        {
            base.Log(logger);
        }
    }
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

    internal override void Log(ILogger logger)
    {
        if (Outcome is DeploymentOutcome.Succeeded or DeploymentOutcome.Unchanged or DeploymentOutcome.Planned)
        {
            DeploymentLog.Finished(logger, Cluster, Service, Outcome, Reason);
        }
        else
        {
            DeploymentLog.FinishedBadly(logger, Cluster, Service, Outcome, Reason);
        }
    }
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

    internal override void Log(ILogger logger) => EngineLog.Rollback(logger, Cluster, Service, Message);
}

/// <summary>Our rollback ended.</summary>
public sealed class RollbackFinished : DeploymentEvent
{
    /// <summary>How it ended.</summary>
    public required RollbackResult Result { get; init; }

    /// <inheritdoc />
    public override string Message => $"Rollback {Result.Outcome}: {Result.Reason}";

    internal override void Log(ILogger logger) => EngineLog.Rollback(logger, Cluster, Service, Message);
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

/// <summary>A rollback on demand chose its revision (before any write).</summary>
public sealed class RollbackTargetChosen : DeploymentEvent
{
    /// <summary>What the rollback returns the service to, and why.</summary>
    public required RollbackTarget Target { get; init; }

    /// <inheritdoc />
    public override string Message => $"Rolling back from {Short(Target.FromTaskDefinitionArn)} to {Short(Target.ToTaskDefinitionArn)}: {Target.Reason}";
}
