using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.Deployments;

/// <summary>What a native wait watches and when it ends.</summary>
internal sealed record NativeTarget
{
    public required string Cluster { get; init; }

    public required string Service { get; init; }

    public required string ServiceDeploymentArn { get; init; }

    /// <summary>The revision deployed (for a rollback's wait: the revision it restores).</summary>
    public required string TaskDefinitionArn { get; init; }

    /// <summary>BLUE_GREEN, LINEAR or CANARY.</summary>
    public required string Strategy { get; init; }

    /// <summary>Succeed as soon as the deployment reaches this stage (<c>--wait-until STAGE</c>).</summary>
    public DeploymentStage? Until { get; init; }

    /// <summary>End with <see cref="DeploymentOutcome.Paused"/> at the first PAUSE hook awaiting action (<c>--wait-until paused</c>).</summary>
    public bool UntilPaused { get; init; }

    /// <summary>Whether this run answers PAUSE hooks (a smoke test or a pause handler).</summary>
    public bool AnswersHooks { get; init; }

    /// <summary>The stages whose hooks this run answers; <see langword="null"/> for every stage.</summary>
    public IReadOnlySet<DeploymentStage>? HookStages { get; init; }

    /// <summary>
    /// Set when we asked ECS to roll the deployment back (our rollback, or a failed smoke test): why. A rollback that
    /// ends then is ours, not ECS's.
    /// </summary>
    public string? OurRollback { get; init; }
}

/// <summary>What a native judge can say of one observation.</summary>
internal enum NativeJudgementKind
{
    /// <summary>PENDING or IN_PROGRESS, nothing to do.</summary>
    InProgress,

    /// <summary>A PAUSE hook awaits an answer that this run does not give.</summary>
    Paused,

    /// <summary>A PAUSE hook awaits an answer that this run gives (a smoke test or a pause handler).</summary>
    AnswerHook,

    /// <summary>ECS is rolling the deployment back (ROLLBACK_REQUESTED, ROLLBACK_IN_PROGRESS); wait for the end.</summary>
    RollingBack,

    /// <summary>The service deployment could not be found (yet): keep looking until the deadline.</summary>
    NotFound,

    /// <summary>Final: SUCCESSFUL.</summary>
    Succeeded,

    /// <summary>Final: the stage waited for was reached; ECS carries on without us.</summary>
    ReachedStage,

    /// <summary>Final: a PAUSE hook awaits action and the wait was to end there.</summary>
    PausedFinal,

    /// <summary>Final: ROLLBACK_SUCCESSFUL.</summary>
    RolledBack,

    /// <summary>Final: ROLLBACK_FAILED.</summary>
    RollbackFailed,

    /// <summary>Final: STOPPED (a failure detector without rollback, or someone stopped it).</summary>
    Stopped,

    /// <summary>Final: the service is missing or no longer ACTIVE.</summary>
    ServiceGone,
}

/// <summary>A native judge's answer: its kind, the verdict when final, the hook to act on, and what the wait waits for.</summary>
internal sealed record NativeJudgement(NativeJudgementKind Kind)
{
    public Verdict? Verdict { get; init; }

    /// <summary>For <see cref="NativeJudgementKind.Paused"/>, <see cref="NativeJudgementKind.AnswerHook"/> and <see cref="NativeJudgementKind.PausedFinal"/>: the hook.</summary>
    public DeploymentLifecycleHookDetail? Hook { get; init; }

    public string WaitingFor { get; init; } = string.Empty;

    public bool IsFinal => Verdict is not null;
}

/// <summary>
/// Judges a native ECS deployment (BLUE_GREEN, LINEAR, CANARY) by its service deployment alone
/// (<c>ecs#ServiceDeployment.status</c>: SUCCESSFUL is success; STOPPED, ROLLBACK_SUCCESSFUL and ROLLBACK_FAILED are
/// failures, https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-deployment.html), never by the
/// service's counts: during the test and bake stages two revisions run by design. Pure: no I/O and no clock.
/// </summary>
internal static class NativeJudge
{
    public const string Paused = "PAUSE";

    public const string AwaitingAction = "AWAITING_ACTION";

    public static NativeJudgement Check(NativeTarget target, Service? service, ServiceDeployment? deployment, IReadOnlySet<string> answeredHooks,
        IReadOnlyList<ServiceEventRecord> events, IReadOnlyList<StoppedTask> stoppedTasks)
    {
        if (service is null)
        {
            return Final(NativeJudgementKind.ServiceGone, DeploymentOutcome.Failed,
                $"The service {target.Service} is missing or no longer ACTIVE in {target.Cluster}; deployment {Short(target.ServiceDeploymentArn)} cannot finish.");
        }

        if (deployment is null)
        {
            return new NativeJudgement(NativeJudgementKind.NotFound) { WaitingFor = $"service deployment {Short(target.ServiceDeploymentArn)} to be described" };
        }

        var status = deployment.Status ?? ServiceDeploymentStatus.Pending;
        var stage = deployment.LifecycleStage is { Length: > 0 } s ? new DeploymentStage(s) : (DeploymentStage?)null;
        var name = $"{target.Strategy} deployment {Short(target.ServiceDeploymentArn)}";
        var evidence = Evidence(deployment, events, stoppedTasks);

        if (status == ServiceDeploymentStatus.Successful)
        {
            return Final(NativeJudgementKind.Succeeded, DeploymentOutcome.Succeeded,
                $"{name} is SUCCESSFUL: {Short(target.TaskDefinitionArn)} serves all traffic and the old revision was cleaned up.");
        }

        if (status == ServiceDeploymentStatus.RollbackSuccessful)
        {
            return target.OurRollback is { } ours
                ? Final(NativeJudgementKind.RolledBack, DeploymentOutcome.Failed, $"{ours} ECS rolled {name} back: {RestoredText(deployment)}.")
                : Final(NativeJudgementKind.RolledBack, DeploymentOutcome.Failed, $"ECS rolled {name} back ({RollbackReason(deployment)}); {RestoredText(deployment)}.{evidence}", rolledBackByEcs: true);
        }

        if (status == ServiceDeploymentStatus.RollbackFailed)
        {
            return Final(NativeJudgementKind.RollbackFailed, DeploymentOutcome.Failed,
                target.OurRollback is { } ours
                    ? $"{ours} ECS's rollback of {name} FAILED ({RollbackReason(deployment)}).{evidence}"
                    : $"ECS tried to roll {name} back ({RollbackReason(deployment)}) and the rollback FAILED.{evidence}",
                rolledBackByEcs: target.OurRollback is null);
        }

        if (status == ServiceDeploymentStatus.Stopped || status == ServiceDeploymentStatus.StopRequested)
        {
            var why = deployment.StatusReason is { Length: > 0 } reason ? reason : "no reason given";
            return Final(NativeJudgementKind.Stopped, DeploymentOutcome.Failed,
                $"ECS stopped {name} without a rollback ({why}){CircuitBreakerText(deployment)}; the service may run tasks of both revisions.{evidence}");
        }

        if (status == ServiceDeploymentStatus.RollbackRequested || status == ServiceDeploymentStatus.RollbackInProgress)
        {
            return new NativeJudgement(NativeJudgementKind.RollingBack) { WaitingFor = $"ECS to finish rolling back ({RollbackReason(deployment)})" };
        }

        // PENDING or IN_PROGRESS (or a status added later): the stage and the hooks decide.
        var pending = deployment.LifecycleHookDetails?.FirstOrDefault(h => h.TargetType == Paused && h.Status == AwaitingAction && h.HookId is not null && !answeredHooks.Contains(h.HookId));
        if (pending is not null)
        {
            var at = stage?.Value ?? "an unreported stage";
            if (target.UntilPaused)
            {
                return Final(NativeJudgementKind.PausedFinal, DeploymentOutcome.Paused,
                    $"{name} is paused at {at}: hook {pending.HookId} awaits action (then {pending.TimeoutAction ?? "ROLLBACK"} at its timeout).") with
                { Hook = pending };
            }

            var ours = target.AnswersHooks && (target.HookStages is null || (stage is { } st && target.HookStages.Contains(st)));
            return new NativeJudgement(ours ? NativeJudgementKind.AnswerHook : NativeJudgementKind.Paused)
            {
                Hook = pending,
                WaitingFor = ours ? $"the answer to hook {pending.HookId} at {at}" : $"someone to answer hook {pending.HookId} at {at}, or its timeout",
            };
        }

        if (target.Until is { } until && stage is { } current && Reached(current, until))
        {
            return Final(NativeJudgementKind.ReachedStage, DeploymentOutcome.Succeeded,
                $"{name} reached {current.Value}{(current == until ? string.Empty : $" (past {until.Value})")}; ECS carries on with the rest. {WeightsText(deployment)}");
        }

        return new NativeJudgement(NativeJudgementKind.InProgress)
        {
            WaitingFor = stage is { } now ? $"{name} to finish {now.Value}" : $"{name} to start ({status.Value})",
        };
    }

    /// <summary>The verdict at the deadline, from the last observation.</summary>
    public static Verdict Expire(NativeTarget target, ServiceDeployment? deployment, TimeSpan budget, IReadOnlyList<ServiceEventRecord> events, IReadOnlyList<StoppedTask> stoppedTasks)
    {
        var name = $"{target.Strategy} deployment {Short(target.ServiceDeploymentArn)}";
        if (deployment is null)
        {
            return new Verdict(DeploymentOutcome.TimedOut, $"{name} could not be described within {Describe.Duration(budget)}.");
        }

        var status = deployment.Status ?? ServiceDeploymentStatus.Pending;
        var stage = deployment.LifecycleStage ?? "no stage";
        var hook = deployment.LifecycleHookDetails?.FirstOrDefault(h => h.Status == AwaitingAction);
        var hookText = hook is null ? string.Empty : $" Hook {hook.HookId} awaited action.";
        var text = $"{name} did not finish within {Describe.Duration(budget)}: last seen {status.Value} in {stage}. {WeightsText(deployment)}{hookText}{Evidence(deployment, events, stoppedTasks)}";
        return status == ServiceDeploymentStatus.RollbackRequested || status == ServiceDeploymentStatus.RollbackInProgress
            ? new Verdict(DeploymentOutcome.TimedOut, text, RolledBackByEcs: target.OurRollback is null)
            : new Verdict(DeploymentOutcome.TimedOut, text);
    }

    /// <summary>Whether <paramref name="current"/> is <paramref name="until"/> or a later stage.</summary>
    public static bool Reached(DeploymentStage current, DeploymentStage until) =>
        current == until || (current.IsKnown && until.IsKnown && current.Order > until.Order);

    /// <summary>The traffic weights of the target and source revisions, for a person.</summary>
    public static string WeightsText(ServiceDeployment deployment)
    {
        var target = deployment.TargetServiceRevision;
        if (target?.RequestedProductionTrafficWeight is null && target?.RequestedTestTrafficWeight is null)
        {
            return string.Empty;
        }

        return $"New revision: {TrafficShifted.Percent(target.RequestedProductionTrafficWeight ?? 0)} of production, {TrafficShifted.Percent(target.RequestedTestTrafficWeight ?? 0)} of test traffic.";
    }

    private static string RollbackReason(ServiceDeployment deployment)
    {
        var reason = deployment.Rollback?.Reason is { Length: > 0 } r ? r.TrimEnd('.') : deployment.StatusReason is { Length: > 0 } sr ? sr.TrimEnd('.') : "no reason given";
        return reason + CircuitBreakerText(deployment) + AlarmsText(deployment);
    }

    private static string RestoredText(ServiceDeployment deployment) =>
        deployment.Rollback?.ServiceRevisionArn is { } revision ? $"the service is back on service revision {Short(revision)}" : "the service is back on its previous revision";

    private static string CircuitBreakerText(ServiceDeployment deployment) =>
        deployment.DeploymentCircuitBreaker is { Status: "TRIGGERED" } breaker
            ? $"; circuit breaker triggered after {breaker.FailureCount ?? 0} failed task(s) (threshold {breaker.Threshold ?? 0})"
            : string.Empty;

    private static string AlarmsText(ServiceDeployment deployment) =>
        deployment.Alarms is { TriggeredAlarmNames.Count: > 0 } alarms ? $"; alarm(s) in ALARM: {string.Join(", ", alarms.TriggeredAlarmNames)}" : string.Empty;

    private static string Evidence(ServiceDeployment deployment, IReadOnlyList<ServiceEventRecord> events, IReadOnlyList<StoppedTask> stoppedTasks)
    {
        var text = string.Empty;
        if (stoppedTasks.LastOrDefault(t => t.IsFailure) is { } task)
        {
            text += $" Last failed task: {task}.";
        }

        if (events.LastOrDefault(e => e.IsProblem) is { } problem && !(deployment.Rollback?.Reason is { } reason && problem.Message.Contains(reason.TrimEnd('.'), StringComparison.Ordinal)))
        {
            text += $" Last problem event: {problem.Message}";
        }

        return text;
    }

    private static NativeJudgement Final(NativeJudgementKind kind, DeploymentOutcome outcome, string reason, bool rolledBackByEcs = false) =>
        new(kind) { Verdict = new Verdict(outcome, reason, RolledBackByEcs: rolledBackByEcs) };

    private static string Short(string? arn) => DeploymentEvent.Short(arn);
}
