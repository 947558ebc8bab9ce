using Ecs.BlueGreen.Aws;
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

    /// <summary>The write that starts a deployment (UpdateService; CreateDeployment for CodeDeploy), for messages.</summary>
    string StartOperation => "UpdateService";

    /// <summary>
    /// Sends the plan's UpdateService (exactly once, through <see cref="ServiceWrites"/>) and binds to the deployment it
    /// created. The update's exceptions are those of <see cref="ServiceWrites.UpdateServiceAsync"/>.
    /// </summary>
    Task<StartedDeployment> StartAsync(DeploymentContext context, DeploymentPlan plan, string target, CancellationToken cancellationToken);

    /// <summary>
    /// Waits for the deployment <paramref name="started"/> to its outcome, rolls it back when the settings ask (or waits
    /// for ECS's own rollback), and says how it ended. Never throws for an AWS failure once the update was made: what
    /// happened so far is the outcome.
    /// </summary>
    Task<WatchOutcome> WatchAsync(DeploymentContext context, DeploymentPlan plan, StartedDeployment started, string target, HashSet<string> knownStoppedTasks, CancellationToken cancellationToken);
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

    /// <summary>Whether the settings ask for our rollback after a wait that ended so.</summary>
    public bool RollbackWanted(DeploymentOutcome outcome) => outcome switch
    {
        DeploymentOutcome.Failed => Settings.RollbackOnFailure,
        DeploymentOutcome.TimedOut => Settings.RollbackOnTimeout,
        DeploymentOutcome.Cancelled => Settings.RollbackOnCancellation,
        _ => false,
    };
}

/// <summary>
/// The service after our update, and the deployment it created: <see cref="DeploymentId"/> is <see langword="null"/>
/// when a lost answer was checked and ours had already left the list. <see cref="Superseded"/> is set instead when the
/// update's deployment is not ours to watch (someone else changed the service at the same time).
/// </summary>
internal sealed record StartedDeployment(Service Service, string? DeploymentId, string? Superseded = null);

/// <summary>Our rollback's result, and the wait that watched it (<see langword="null"/> when the rollback could not be made).</summary>
internal sealed record RollbackAttempt(RollbackResult Result, DeploymentWatcher? Watcher);

/// <summary>
/// How a strategy's wait ended: the verdict, ECS's rollback or ours when there was one, the evidence, and where the
/// service is (<see cref="ServiceTaskDefinitionArn"/>, <see langword="null"/> when not seen).
/// </summary>
internal sealed record WatchOutcome
{
    public required Verdict Verdict { get; init; }

    public RollbackResult? EcsRollback { get; init; }

    public RollbackResult? Rollback { get; init; }

    public IReadOnlyList<ServiceEventRecord> Events { get; init; } = [];

    public IReadOnlyList<StoppedTask> StoppedTasks { get; init; } = [];

    public string? ServiceTaskDefinitionArn { get; init; }

    /// <summary>Our deployment's id when it was learnt during the wait.</summary>
    public string? DeploymentId { get; init; }

    /// <summary>An AWS failure that stopped the wait (the verdict is then Interrupted).</summary>
    public AwsException? Error { get; init; }

    /// <summary>For a native deployment: the lifecycle stage it was last seen in (<c>ecs#ServiceDeployment.lifecycleStage</c>).</summary>
    public DeploymentStage? LifecycleStage { get; init; }

    /// <summary>After a success: the images our running tasks report, when the wait already read them all.</summary>
    public IReadOnlyList<RunningImage>? RunningImages { get; init; }

    /// <summary>For a wait that ended at a PAUSE hook: the hook.</summary>
    public PausedHook? PausedHook { get; init; }

    /// <summary>For a deployment through CodeDeploy: the CodeDeploy deployment as last seen.</summary>
    public CodeDeployDeployment? CodeDeploy { get; init; }
}
