using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Runtime;

namespace Ecs.BlueGreen.Deployments;

/// <summary>
/// How one kind of ECS deployment is driven (<c>ecs#DeploymentController.type</c> and
/// <c>ecs#DeploymentConfiguration.strategy</c>): starting it and binding to the deployment our update created,
/// judging each observation of it, rolling it back when asked, and continuing it when it pauses. The runner
/// orchestrates; what differs between ROLLING, BLUE_GREEN, LINEAR or CANARY lives behind this seam.
/// </summary>
internal interface IDeploymentStrategy
{
    /// <summary>The strategy's name as ECS spells it (<c>ecs#DeploymentConfiguration.strategy</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Sends the plan's UpdateService (exactly once, through <see cref="ServiceWrites"/>) and binds to the deployment it
    /// created. The update's exceptions are those of <see cref="ServiceWrites.UpdateServiceAsync"/>.
    /// </summary>
    Task<StartedDeployment> StartAsync(DeploymentContext context, DeploymentPlan plan, string target, CancellationToken cancellationToken);

    /// <summary>Judges each observation of a deployment of this strategy, purely (<see cref="IDeploymentJudge.Check"/>).</summary>
    IDeploymentJudge Judge { get; }

    /// <summary>
    /// Our rollback: points the service back at what it ran before and waits for that with a fresh budget.
    /// <paramref name="failed"/> is the wait that ended in the verdict the rollback answers.
    /// </summary>
    Task<RollbackAttempt> RollBackAsync(DeploymentContext context, DeploymentPlan plan, DeploymentWatcher failed, string target, HashSet<string> knownStoppedTasks, CancellationToken cancellationToken);

    /// <summary>Continues a deployment that paused (for a bake time or an approval); a strategy that cannot pause says so.</summary>
    Task<ContinueResult> ContinueAsync(DeploymentContext context, CancellationToken cancellationToken);
}

/// <summary>What a strategy works with: the run's settings, clients, patience, reporting and warnings.</summary>
internal sealed record DeploymentContext
{
    public required DeploymentSettings Settings { get; init; }

    /// <summary>The strategy that drives the run.</summary>
    public required IDeploymentStrategy Strategy { get; init; }

    public required IEcsClient Ecs { get; init; }

    public required PatientCalls Calls { get; init; }

    public required ServiceWrites Writes { get; init; }

    public required EventReporter Reporter { get; init; }

    /// <summary>The run's warnings, added to as they happen.</summary>
    public required List<string> Warnings { get; init; }

    /// <summary>The containers of a revision, read once per revision.</summary>
    public required Func<string, CancellationToken, Task<IReadOnlyList<ContainerDefinition>>> Containers { get; init; }

    /// <summary>A wait for one deployment, judged by the strategy and reporting through this run.</summary>
    public DeploymentWatcher Watcher(WatchTarget target, IEnumerable<string> seenEvents, HashSet<string> knownStoppedTasks) =>
        new(Ecs, Calls, target, Reporter, Settings.Polling, seenEvents, knownStoppedTasks, Warnings, Strategy.Judge);
}

/// <summary>
/// The service after our update, and the deployment it created: <see cref="DeploymentId"/> is <see langword="null"/>
/// when a lost answer was checked and ours had already left the list. <see cref="Superseded"/> is set instead when the
/// update's deployment is not ours to watch (someone else changed the service at the same time).
/// </summary>
internal sealed record StartedDeployment(Service Service, string? DeploymentId, string? Superseded = null);

/// <summary>Our rollback's result, and the wait that watched it (<see langword="null"/> when the rollback could not be made).</summary>
internal sealed record RollbackAttempt(RollbackResult Result, DeploymentWatcher? Watcher);

/// <summary>Whether a paused deployment was continued, and why (not).</summary>
internal sealed record ContinueResult(bool Continued, string Reason);
