using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.Deployments;

/// <summary>
/// Judges a rolling deployment, phase by phase: the new tasks running (and healthy where the revision has a health
/// check), then the old tasks draining and ECS completing the rollout (<c>ecs#Deployment.rolloutState</c>) and
/// confirming it (<c>ecs#ServiceDeployment.status</c> SUCCESSFUL); after ECS rolled ours back, ECS's rollback
/// restoring the previous revision. Every judgement is about our deployment, never about service-wide counts. Pure:
/// it decides from the snapshot, the state and the time it is given.
/// </summary>
internal sealed class RollingJudge : IDeploymentJudge
{
    public static RollingJudge Instance { get; } = new();

    private RollingJudge()
    {
    }

    public ObservationNeeds Needs(Service? service, WatchState state)
    {
        if (service is null)
        {
            return ObservationNeeds.Nothing;
        }

        if (state.Phase == DeploymentWaitPhase.EcsRollback)
        {
            return new ObservationNeeds(EcsRollbackDecidesNow(service, state) ? ServiceDeploymentRead.Evidence : ServiceDeploymentRead.None, HealthRead.None, state.DeploymentId);
        }

        var ours = Ours(service, state);
        var id = state.DeploymentId ?? ours?.Id;
        if (IsFailing(ours))
        {
            return new ObservationNeeds(ServiceDeploymentRead.Evidence, HealthRead.None, id);
        }

        // A completed-looking rollout is confirmed by its service deployment; while the new tasks are still checked for
        // health, it is read already in case they pass and the wait moves on to the old tasks in the same tick.
        var started = Started(ours!);
        var confirm = started && Drained(service, ours!) && (state.Phase == DeploymentWaitPhase.OldTasks || state.Target.WaitForDrain);
        return new ObservationNeeds(confirm ? ServiceDeploymentRead.Confirmation : ServiceDeploymentRead.None, HealthNeeded(service, ours!, started, id, state), id);
    }

    /// <summary>The service deployment is read at every this many checks of ECS's rollback, however the service looks.</summary>
    internal const int EcsRollbackServiceDeploymentEvery = 10;

    /// <summary>
    /// Whether our service deployment is read in this check of ECS's rollback. ECS rolls back by starting a new PRIMARY
    /// deployment of the previous revision; the service shows it restored (which decides alone) or FAILED
    /// (<c>ecs#Deployment.rolloutState</c>: then ROLLBACK_FAILED is read to say so, <c>ecs#ServiceDeployment.status</c>).
    /// In between it is read on the phase's first check and every <see cref="EcsRollbackServiceDeploymentEvery"/>th,
    /// in case ECS reports the end there first, instead of at every check.
    /// </summary>
    private static bool EcsRollbackDecidesNow(Service service, WatchState state)
    {
        var primary = service.Deployments.FirstOrDefault(d => d.IsPrimary());
        return state.ChecksInPhase % EcsRollbackServiceDeploymentEvery == 0
            || primary is null
            || primary.RolloutState == DeploymentRolloutState.Failed
            || primary.TaskDefinition != state.Target.PreviousTaskDefinitionArn;
    }

    /// <summary>
    /// While the new tasks run but are not yet known healthy: read now when the answer decides the next step (no drain
    /// is awaited, so health is the verdict; ECS completed the rollout; or ECS stopped old tasks since the last check,
    /// which it does as it counts new ones healthy). Deferred while ECS itself waits for health: with
    /// <c>ecs#DeploymentConfiguration.minimumHealthyPercent</c> at 100 or more, ECS stops an old task only once a new
    /// one passes its health checks (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html),
    /// so the drain says when to look. Else (no old tasks, or ECS may stop them first) at the health checks' pace.
    /// </summary>
    private static HealthRead HealthNeeded(Service service, Deployment ours, bool started, string? id, WatchState state)
    {
        if (state.Phase != DeploymentWaitPhase.NewTasks || !started || (ours.DesiredCount ?? 0) == 0)
        {
            return HealthRead.None;
        }

        var oldRunning = OldRunning(service, id);
        var drained = oldRunning < (state.LastOldRunning ?? state.MostOldRunning);
        if (!state.Target.WaitForDrain || ours.RolloutState == DeploymentRolloutState.Completed || drained)
        {
            return HealthRead.Now;
        }

        var ecsWaitsForHealth = oldRunning > 0 && (service.DeploymentConfiguration?.MinimumHealthyPercent ?? 100) >= 100;
        return ecsWaitsForHealth ? HealthRead.Deferred : HealthRead.WhenDue;
    }

    public bool WantsStoppedTasks(Service? service, ServiceDeployment? serviceDeployment, WatchState state)
    {
        if (service is null || state.Phase == DeploymentWaitPhase.EcsRollback)
        {
            return false;
        }

        // Tasks stop when ours fails or gives up tasks: then they are evidence, and they count towards the failed-task limit.
        var ours = Ours(service, state);
        var previous = state.LastOurs;
        return IsFailing(ours) || ours!.FailedTasks > (previous?.FailedTasks ?? 0) || ours.RunningCount < previous?.RunningCount
            || (serviceDeployment?.Status is { } status && IsRollbackOrStop(status));
    }

    public Judgement Check(ServiceSnapshot snapshot, WatchState state, TimeSpan now) =>
        state.Phase == DeploymentWaitPhase.EcsRollback ? CheckEcsRollback(snapshot, state, now) : CheckDeployment(snapshot, state, now);

    public Judgement Expire(ServiceSnapshot last, WatchState state)
    {
        if (state.Phase == DeploymentWaitPhase.EcsRollback)
        {
            return Final(JudgementKind.EcsRollbackTimedOut, state, new Verdict(DeploymentOutcome.TimedOut, $"ECS's rollback did not finish within {Format(state.Budget)}: {RollbackCounts(last.Service)}."));
        }

        var service = last.Service;
        var ours = service is null ? null : Ours(service, state);
        var draining = service is null ? 0 : OldRunning(service, state.DeploymentId ?? ours?.Id);
        var counts = ours is null
            ? "its state was never read"
            : $"{Short(state.Target.TaskDefinitionArn)} has {ours.RunningCount ?? 0}/{ours.DesiredCount ?? 0} task(s) running, {ours.PendingCount ?? 0} pending, {ours.FailedTasks ?? 0} failed, and {draining} old task(s) still run";
        var what = state.Phase == DeploymentWaitPhase.NewTasks
            ? $"The new tasks did not all run within {Format(state.Budget)}"
            : $"The old tasks did not drain within {Format(state.Budget)} after the new ones ran";
        return Final(JudgementKind.TimedOut, state, new Verdict(DeploymentOutcome.TimedOut, $"{what}: {counts}.{Evidence(last)}", TimedOutPhase: state.Phase));
    }

    /// <summary>Our deployment in the service's list: by its id, or (when it is not known) by its revision.</summary>
    public static Deployment? Ours(Service service, WatchState state) => state.DeploymentId is { } id
        ? service.Deployments.FirstOrDefault(d => d.Id == id)
        : service.Deployments.FirstOrDefault(d => d.TaskDefinition == state.Target.TaskDefinitionArn);

    /// <summary>
    /// ECS's default circuit-breaker threshold: 50 % of the desired count, at least 3 and at most 200
    /// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html).
    /// </summary>
    internal static int CircuitBreakerThreshold(int desired) => Math.Clamp((int)Math.Ceiling(desired * 0.5), 3, 200);

    /// <summary>What the service runs while ECS rolls back, in one phrase.</summary>
    internal static string RollbackCounts(Service? service)
    {
        var primary = service?.Deployments.FirstOrDefault(d => d.IsPrimary());
        var others = service?.Deployments.Where(d => !d.IsPrimary()).Sum(d => d.RunningCount ?? 0) ?? 0;
        return primary is null
            ? "the service's state was never read"
            : $"{Short(primary.TaskDefinition)} runs {primary.RunningCount ?? 0}/{primary.DesiredCount ?? 0} task(s), {others} other task(s) still run";
    }

    private static Judgement CheckDeployment(ServiceSnapshot snapshot, WatchState state, TimeSpan now)
    {
        var target = state.Target;
        if (snapshot.Service is not { } service)
        {
            return Final(JudgementKind.ServiceGone, state, new Verdict(DeploymentOutcome.Failed, $"The service {target.Service} is missing or no longer ACTIVE; it was deleted or is being deleted during the deployment.", Superseded: true));
        }

        var ours = Ours(service, state);
        var id = state.DeploymentId ?? ours?.Id;

        // The end is near once the new revision runs its desired count and the old tasks have begun to drain
        // (ECS stops them only when the new ones count as healthy): from then on, check every FinishingInterval.
        var oldRunning = OldRunning(service, id);
        var mostOldRunning = Math.Max(state.MostOldRunning, oldRunning);
        var next = state with
        {
            DeploymentId = id,
            LastOurs = ours,
            MostOldRunning = mostOldRunning,
            LastOldRunning = oldRunning,
            Finishing = ours is { PendingCount: null or 0 } && ours.RunningCount == ours.DesiredCount && (oldRunning == 0 || oldRunning < mostOldRunning),
        };
        if (IsFailing(ours))
        {
            return ExplainFailure(snapshot, service, ours, next) with { Progress = ours };
        }

        var running = ours!.RunningCount ?? 0;
        var desired = ours.DesiredCount ?? 0;
        var started = Started(ours);
        if (next.Phase == DeploymentWaitPhase.NewTasks)
        {
            if (!started)
            {
                return FailedTaskLimit(snapshot, service, ours, next)
                    ?? InProgress(JudgementKind.WaitingForNewTasks, next, now, snapshot, ours,
                        $"waiting for {desired - running} of {desired} new task(s) of {Short(target.TaskDefinitionArn)} to run ({ours.PendingCount ?? 0} pending, {ours.FailedTasks ?? 0} failed)");
            }

            if (!Healthy(snapshot.Health, desired))
            {
                return FailedTaskLimit(snapshot, service, ours, next)
                    ?? InProgress(JudgementKind.WaitingForHealthChecks, next, now, snapshot, ours,
                        $"waiting for the new tasks of {Short(target.TaskDefinitionArn)} to pass their container health checks");
            }

            if (!target.WaitForDrain)
            {
                return Final(JudgementKind.SucceededWithoutDrain, next, new Verdict(DeploymentOutcome.Succeeded,
                    $"{Short(target.TaskDefinitionArn)} runs {running}/{desired} task(s); deployment {ours.Id} has started every task (not waiting for the old tasks to drain).")) with
                { Progress = ours };
            }

            next = next.Enter(DeploymentWaitPhase.OldTasks, next.Budgets.OldTasks, now);
        }

        if (started && Drained(service, ours))
        {
            if (target.ServiceDeploymentArn is { } arn && snapshot.ServiceDeployment?.Status is { } status && status != ServiceDeploymentStatus.Successful)
            {
                return IsRollbackOrStop(status)
                    ? ExplainFailure(snapshot, service, ours, next) with { Progress = ours }
                    : InProgress(JudgementKind.WaitingForConfirmation, next, now, snapshot, ours, $"waiting for ECS to mark service deployment {Short(arn)} SUCCESSFUL (it is {status.Value})");
            }

            return Final(JudgementKind.Succeeded, next, new Verdict(DeploymentOutcome.Succeeded,
                $"{Short(target.TaskDefinitionArn)} runs {running}/{desired} task(s); deployment {ours.Id} completed and the old tasks have drained.")) with
            { Progress = ours };
        }

        var (kind, waitingFor) = !started ? (JudgementKind.WaitingForNewTasksAgain, $"waiting for {Short(target.TaskDefinitionArn)} to run {desired} task(s) again ({running} running, {ours.PendingCount ?? 0} pending)")
            : oldRunning > 0 ? (JudgementKind.WaitingForOldTasks, $"waiting for {oldRunning} old task(s) to stop")
            : (JudgementKind.WaitingForRollout, $"waiting for ECS to complete the rollout (it is {ours.RolloutState?.Value ?? "in progress"})");
        return FailedTaskLimit(snapshot, service, ours, next) ?? InProgress(kind, next, now, snapshot, ours, waitingFor);
    }

    /// <summary>
    /// After ECS rolled our deployment back: done once ECS's rollback has restored the previous revision (its service
    /// deployment ROLLBACK_SUCCESSFUL, or one COMPLETED deployment of the previous revision at the desired count).
    /// </summary>
    private static Judgement CheckEcsRollback(ServiceSnapshot snapshot, WatchState state, TimeSpan now)
    {
        if (snapshot.Service is not { } service)
        {
            return Final(JudgementKind.EcsRollbackServiceGone, state, new Verdict(DeploymentOutcome.Failed, $"The service {state.Target.Service} is missing or no longer ACTIVE."));
        }

        var primary = service.Deployments.FirstOrDefault(d => d.IsPrimary());
        var status = state.Target.ServiceDeploymentArn is null ? null : snapshot.ServiceDeployment?.Status;
        var restored = service.Deployments.Count == 1 && primary is not null && primary.TaskDefinition == state.Target.PreviousTaskDefinitionArn
            && (primary.RolloutState is null || primary.RolloutState == DeploymentRolloutState.Completed) && primary.RunningCount == primary.DesiredCount;
        if (status == ServiceDeploymentStatus.RollbackFailed)
        {
            return Final(JudgementKind.EcsRollbackFailed, state, new Verdict(DeploymentOutcome.Failed, $"ECS's rollback failed (ROLLBACK_FAILED): {RollbackCounts(service)}.")) with { Progress = primary };
        }

        if (restored || status == ServiceDeploymentStatus.RollbackSuccessful)
        {
            return Final(JudgementKind.EcsRollbackSucceeded, state, new Verdict(DeploymentOutcome.Succeeded,
                $"ECS restored {Short(primary?.TaskDefinition)}: {primary?.RunningCount ?? 0}/{primary?.DesiredCount ?? 0} task(s) running.")) with
            { Progress = primary };
        }

        // As for ours: once ECS's rollback runs its desired count and the other tasks drain, its end is near.
        var others = service.Deployments.Where(d => !d.IsPrimary()).Sum(d => d.RunningCount ?? 0);
        var mostOthers = Math.Max(state.MostOldRunning, others);
        var next = state with
        {
            ChecksInPhase = state.ChecksInPhase + 1,
            MostOldRunning = mostOthers,
            Finishing = primary is { PendingCount: null or 0 } && primary.RunningCount == primary.DesiredCount && (others == 0 || others < mostOthers),
        };
        return InProgress(JudgementKind.WaitingForEcsRollback, next, now, snapshot, primary,
            $"waiting for ECS's rollback to {Short(state.Target.PreviousTaskDefinitionArn)} to finish ({RollbackCounts(service)})");
    }

    /// <summary>Why our deployment is no longer on its way: rolled back by ECS, failed, or replaced by someone else's.</summary>
    private static Judgement ExplainFailure(ServiceSnapshot snapshot, Service service, Deployment? ours, WatchState state)
    {
        var name = state.DeploymentId ?? "(ours)";
        var primary = service.Deployments.FirstOrDefault(d => d.IsPrimary());
        var serviceDeployment = state.Target.ServiceDeploymentArn is null ? null : snapshot.ServiceDeployment;
        var configuration = service.DeploymentConfiguration;
        var rollbackConfigured = configuration?.DeploymentCircuitBreaker is { Enable: true, Rollback: true } || configuration?.Alarms is { Enable: true, Rollback: true };

        // The structured fields decide first (ecs#ServiceDeployment.status, ecs#Deployment.rolloutState with a rollback
        // configured). ECS's event text is only the fallback for when ours has left the list and its service deployment
        // could not be read: then "rolling back to deployment" in ecs#ServiceEvent.message is all that says so.
        var rolledBack = (serviceDeployment?.Status is { } status && IsRollbackOrStop(status) && status != ServiceDeploymentStatus.Stopped)
            || (ours?.RolloutState == DeploymentRolloutState.Failed && rollbackConfigured)
            || snapshot.Events.Any(e => e.Message.Contains("rolling back to deployment", StringComparison.OrdinalIgnoreCase));
        var why = (ours?.RolloutStateReason ?? serviceDeployment?.Rollback?.Reason ?? serviceDeployment?.StatusReason)?.TrimEnd('.');
        if (rolledBack)
        {
            var to = primary is not null && primary.Id != state.DeploymentId ? $" to {Short(primary.TaskDefinition)}" : string.Empty;
            return Final(JudgementKind.RolledBackByEcs, state, new Verdict(DeploymentOutcome.Failed, $"ECS rolled deployment {name} back{to}: {why ?? "its failure detection fired"}.{Evidence(snapshot)}", RolledBackByEcs: true));
        }

        if (ours?.RolloutState == DeploymentRolloutState.Failed)
        {
            return Final(JudgementKind.RolloutFailed, state, new Verdict(DeploymentOutcome.Failed, $"Deployment {name} failed: {why ?? "ECS marked the rollout FAILED"}.{Evidence(snapshot)}"));
        }

        return Final(JudgementKind.Replaced, state, new Verdict(DeploymentOutcome.Failed,
            $"Deployment {name} was replaced by deployment {primary?.Id ?? "(unknown)"} of {Short(primary?.TaskDefinition)}, started outside this run.{Evidence(snapshot)}",
            Superseded: true));
    }

    /// <summary>Without a circuit breaker, ECS would retry failing tasks forever: fail once as many failed as the breaker would allow.</summary>
    private static Judgement? FailedTaskLimit(ServiceSnapshot snapshot, Service service, Deployment ours, WatchState state)
    {
        var breaker = service.DeploymentConfiguration?.DeploymentCircuitBreaker;
        var limit = state.Target.FailedTaskLimit ?? CircuitBreakerThreshold(ours.DesiredCount ?? 0);
        var failed = Math.Max(ours.FailedTasks ?? 0, snapshot.StoppedTasks.Count(t => t.IsFailure));
        return breaker is not { Enable: true } && failed >= limit
            ? Final(JudgementKind.TasksFailing, state, new Verdict(DeploymentOutcome.Failed,
                $"{failed} task(s) of {Short(state.Target.TaskDefinitionArn)} failed (the limit is {limit}; the service has no circuit breaker).{Evidence(snapshot)}")) with
            { Progress = ours }
            : null;
    }

    /// <summary>Still in progress, unless the phase's budget has run out by <paramref name="now"/>.</summary>
    private static Judgement InProgress(JudgementKind kind, WatchState state, TimeSpan now, ServiceSnapshot snapshot, Deployment? progress, string waitingFor) =>
        now >= state.Deadline
            ? Instance.Expire(snapshot, state) with { Progress = progress, WaitingFor = waitingFor }
            : new Judgement(kind, state) { WaitingFor = waitingFor, Progress = progress };

    private static Judgement Final(JudgementKind kind, WatchState state, Verdict verdict) => new(kind, state) { Verdict = verdict };

    private static bool IsFailing(Deployment? ours) => ours is null || !ours.IsPrimary() || ours.RolloutState == DeploymentRolloutState.Failed;

    private static bool Started(Deployment ours) => (ours.RunningCount ?? 0) == (ours.DesiredCount ?? 0) && ours.PendingCount is null or 0;

    private static bool Drained(Service service, Deployment ours) => service.Deployments.Count == 1 && (ours.RolloutState is null || ours.RolloutState == DeploymentRolloutState.Completed);

    private static bool Healthy(TaskHealth? health, int desired) => desired == 0 || health is { HasHealthCheck: false } || health?.HealthyRunning >= desired;

    private static int OldRunning(Service service, string? deploymentId) => service.Deployments.Where(d => d.Id != deploymentId).Sum(d => d.RunningCount ?? 0);

    private static bool IsRollbackOrStop(ServiceDeploymentStatus status) =>
        status == ServiceDeploymentStatus.RollbackRequested || status == ServiceDeploymentStatus.RollbackInProgress
        || status == ServiceDeploymentStatus.RollbackSuccessful || status == ServiceDeploymentStatus.RollbackFailed
        || status == ServiceDeploymentStatus.Stopped;

    private static string Evidence(ServiceSnapshot snapshot)
    {
        var text = string.Empty;
        if (snapshot.StoppedTasks.LastOrDefault(t => t.IsFailure) is { } task)
        {
            text += $" Last failed task: {task}.";
        }

        if (snapshot.Events.LastOrDefault(e => e.IsProblem) is { } problem)
        {
            text += $" Last problem event: {problem.Message}";
        }

        return text;
    }

    private static string Short(string? arn) => DeploymentEvent.Short(arn);

    private static string Format(TimeSpan span) => DeploymentEvent.Duration(span);
}
