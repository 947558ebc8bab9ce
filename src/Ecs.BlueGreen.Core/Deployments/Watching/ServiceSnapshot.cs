using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.Deployments;

/// <summary>A watched service: its cluster and its name (or ARN), as given to DescribeServices.</summary>
internal readonly record struct ServiceKey(string Cluster, string Service);

/// <summary>
/// What one tick saw of one service: the facts a judge decides on. Everything here was read before judging; the
/// judge reads nothing itself.
/// </summary>
internal sealed record ServiceSnapshot
{
    public required ServiceKey Key { get; init; }

    /// <summary>The service; <see langword="null"/> when it is missing or not ACTIVE (<c>ecs#Service.status</c>).</summary>
    public Service? Service { get; init; }

    /// <summary>
    /// The service deployment (<c>ecs#ServiceDeployment</c>), when the judge asked for it and it could be read;
    /// <see langword="null"/> otherwise.
    /// </summary>
    public ServiceDeployment? ServiceDeployment { get; init; }

    /// <summary>The health of our deployment's running tasks, when the judge asked for it; <see langword="null"/> otherwise.</summary>
    public TaskHealth? Health { get; init; }

    /// <summary>The tasks of our deployment seen to stop so far, oldest first.</summary>
    public IReadOnlyList<StoppedTask> StoppedTasks { get; init; } = [];

    /// <summary>The service's events seen so far, oldest first.</summary>
    public IReadOnlyList<ServiceEventRecord> Events { get; init; } = [];
}

/// <summary>
/// The container health checks of our running tasks (a task counts as RUNNING before it is HEALTHY,
/// <c>ecs#Task.healthStatus</c>): whether the revision has one for an essential container, and how many of our tasks
/// are RUNNING and HEALTHY.
/// </summary>
internal sealed record TaskHealth(bool HasHealthCheck, int HealthyRunning)
{
    public static TaskHealth NoHealthCheck { get; } = new(false, 0);
}

/// <summary>How a service deployment is read, when it is.</summary>
internal enum ServiceDeploymentRead
{
    /// <summary>Not read.</summary>
    None,

    /// <summary>As evidence: once, and a failure to read it is a warning.</summary>
    Evidence,

    /// <summary>
    /// To confirm a success: patiently, so that a slow or throttled answer at the deadline is waited for; when it cannot
    /// be read at all (no permission), the deployment's own state decides, with a warning.
    /// </summary>
    Confirmation,
}

/// <summary>
/// What a judge needs read besides the service itself, decided from the service as just described: the service
/// deployment, the health of our running tasks, and the id of our deployment (as given or as learnt from its revision).
/// </summary>
internal sealed record ObservationNeeds(ServiceDeploymentRead ServiceDeployment, HealthRead Health, string? DeploymentId)
{
    public static ObservationNeeds Nothing { get; } = new(ServiceDeploymentRead.None, HealthRead.None, null);
}

/// <summary>How the health of our running tasks is read, when it is.</summary>
internal enum HealthRead
{
    /// <summary>Not read.</summary>
    None,

    /// <summary>
    /// At the pace of the container health checks (<c>ecs#HealthCheck.interval</c>): ECS cannot report a new health
    /// status sooner. Between reads the last one stands, and tasks already seen HEALTHY are not described again.
    /// </summary>
    WhenDue,

    /// <summary>
    /// Not read while ECS itself waits for the health checks: whether the revision has any is said (no call), and the
    /// last read stands.
    /// </summary>
    Deferred,

    /// <summary>Now, every task described: the answer decides the next step (the old tasks began to drain, or no drain is awaited).</summary>
    Now,
}
