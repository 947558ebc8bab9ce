using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.Deployments;

/// <summary>
/// Where a wait stands between two ticks: what it watches, its phase and that phase's budget (times are measured from
/// the start of the wait, on the run's <see cref="TimeProvider"/>), our deployment's id as learnt, and what the last
/// tick saw of it. Immutable: a judge returns the next state instead of changing this one.
/// </summary>
internal sealed record WatchState
{
    public required WatchTarget Target { get; init; }

    /// <summary>The budgets of the wait's two phases.</summary>
    public required WatchBudgets Budgets { get; init; }

    public DeploymentWaitPhase Phase { get; init; } = DeploymentWaitPhase.NewTasks;

    /// <summary>When the phase began.</summary>
    public TimeSpan PhaseStartedAt { get; init; }

    /// <summary>The phase's budget.</summary>
    public TimeSpan Budget { get; init; }

    /// <summary>Our deployment's id: as given, or learnt from its revision once seen (<see cref="WatchTarget.DeploymentId"/>).</summary>
    public string? DeploymentId { get; init; }

    /// <summary>Our deployment as the last tick saw it.</summary>
    public Deployment? LastOurs { get; init; }

    /// <summary>
    /// The most old tasks seen running at once: fewer than that means they have begun to drain. While ECS rolls back,
    /// the tasks of every deployment but ECS's PRIMARY one.
    /// </summary>
    public int MostOldRunning { get; init; }

    /// <summary>The old tasks the last check saw running (<see langword="null"/> before the first).</summary>
    public int? LastOldRunning { get; init; }

    /// <summary>Whether the end is near (the new tasks run and the old ones drain): then the wait checks more often.</summary>
    public bool Finishing { get; init; }

    /// <summary>The checks judged in this phase so far.</summary>
    public int ChecksInPhase { get; init; }

    /// <summary>When the phase's budget runs out.</summary>
    public TimeSpan Deadline => PhaseStartedAt + Budget;

    public static WatchState Start(WatchTarget target, WatchBudgets budgets, TimeSpan now) => new()
    {
        Target = target,
        Budgets = budgets,
        DeploymentId = target.DeploymentId,
        Phase = DeploymentWaitPhase.NewTasks,
        PhaseStartedAt = now,
        Budget = budgets.NewTasks,
    };

    public WatchState Enter(DeploymentWaitPhase phase, TimeSpan budget, TimeSpan now) => this with { Phase = phase, Budget = budget, PhaseStartedAt = now, ChecksInPhase = 0 };
}

/// <summary>What a judge can say of one snapshot.</summary>
internal enum JudgementKind
{
    /// <summary>NewTasks: our deployment does not run its desired count yet.</summary>
    WaitingForNewTasks,

    /// <summary>NewTasks: our tasks run but do not all pass their container health checks yet.</summary>
    WaitingForHealthChecks,

    /// <summary>OldTasks: our deployment fell below its desired count and is starting tasks again.</summary>
    WaitingForNewTasksAgain,

    /// <summary>OldTasks: old tasks still run.</summary>
    WaitingForOldTasks,

    /// <summary>OldTasks: the old tasks are gone but ECS has not marked the rollout COMPLETED.</summary>
    WaitingForRollout,

    /// <summary>OldTasks: the rollout looks complete but the service deployment is not SUCCESSFUL yet.</summary>
    WaitingForConfirmation,

    /// <summary>Final: the rollout completed and the old tasks drained.</summary>
    Succeeded,

    /// <summary>Final: every new task runs (healthy), and the wait was not to wait for the old ones to drain.</summary>
    SucceededWithoutDrain,

    /// <summary>Final: the service is missing or no longer ACTIVE.</summary>
    ServiceGone,

    /// <summary>Final: ECS's failure detection (circuit breaker or alarms) rolled our deployment back.</summary>
    RolledBackByEcs,

    /// <summary>Final: ECS marked our rollout FAILED, without a rollback of its own.</summary>
    RolloutFailed,

    /// <summary>Final: our deployment is no longer PRIMARY: someone else deployed.</summary>
    Replaced,

    /// <summary>Final: as many tasks failed as a circuit breaker would allow, and the service has none.</summary>
    TasksFailing,

    /// <summary>Final: the phase's budget ran out (<see cref="Verdict.TimedOutPhase"/> names it).</summary>
    TimedOut,

    /// <summary>EcsRollback: ECS's rollback has not restored the previous revision yet.</summary>
    WaitingForEcsRollback,

    /// <summary>Final: ECS's rollback restored the previous revision.</summary>
    EcsRollbackSucceeded,

    /// <summary>Final: ECS's rollback failed (<c>ecs#ServiceDeployment.status</c> ROLLBACK_FAILED).</summary>
    EcsRollbackFailed,

    /// <summary>Final: the service went missing while ECS rolled back.</summary>
    EcsRollbackServiceGone,

    /// <summary>Final: ECS's rollback did not finish within its budget.</summary>
    EcsRollbackTimedOut,
}

/// <summary>
/// A judge's answer for one snapshot: what it says, the state to carry to the next tick, the verdict when it is
/// final, what the wait is waiting for when it is not, and the deployment whose progress to report.
/// </summary>
internal sealed record Judgement(JudgementKind Kind, WatchState Next)
{
    public Verdict? Verdict { get; init; }

    public string WaitingFor { get; init; } = string.Empty;

    public Deployment? Progress { get; init; }

    public bool IsFinal => Verdict is not null;
}

/// <summary>
/// Judges a deployment from what was observed, as a pure function of (snapshot, state, time): no I/O and no clock,
/// so that every verdict can be tested from a table of snapshots.
/// </summary>
internal interface IDeploymentJudge
{
    /// <summary>What to read besides the service, given the service as just described (<see langword="null"/>: missing).</summary>
    ObservationNeeds Needs(Service? service, WatchState state);

    /// <summary>Whether to look for newly stopped tasks, given the service and the service deployment as read.</summary>
    bool WantsStoppedTasks(Service? service, ServiceDeployment? serviceDeployment, WatchState state);

    /// <summary>Judges one snapshot at <paramref name="now"/> (on the state's time line).</summary>
    Judgement Check(ServiceSnapshot snapshot, WatchState state, TimeSpan now);

    /// <summary>The verdict when the phase's budget ran out with the checks failing; <paramref name="last"/> is what was seen last.</summary>
    Judgement Expire(ServiceSnapshot last, WatchState state);
}
