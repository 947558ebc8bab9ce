namespace Ecs.BlueGreen.Testing.Scenarios;

/// <summary>
/// How the tasks of an image (or of a task definition) behave in the simulation. Every member is
/// optional; the default is a task that starts in a few seconds and stays healthy.
/// </summary>
public sealed record ImageBehaviour
{
    /// <summary>The default behaviour: starts in 3 seconds, healthy, runs until stopped.</summary>
    public static ImageBehaviour Default { get; } = new();

    /// <summary>Seconds from PENDING to RUNNING (image pull and container start).</summary>
    /// <value>The default value is 3 seconds.</value>
    public int StartupSeconds { get; init; } = 3;

    /// <summary>
    /// Whether the container health check passes. <c>false</c> makes the task UNHEALTHY after
    /// <see cref="HealthCheckSeconds"/>, even when the task definition declares no health check
    /// (the scenario then stands for one).
    /// </summary>
    /// <value>The default value is <c>true</c>.</value>
    public bool Healthy { get; init; } = true;

    /// <summary>Seconds in RUNNING before a container health check reports HEALTHY or UNHEALTHY.</summary>
    /// <value>The default value is 10 seconds.</value>
    public int HealthCheckSeconds { get; init; } = 10;

    /// <summary>
    /// Seconds from a stop request (by the scheduler or StopTask) to STOPPED: the container's SIGTERM handling,
    /// or a load balancer's deregistration delay. At least 1.
    /// </summary>
    /// <value>The default value is 1 second.</value>
    public int StopSeconds { get; init; } = 1;

    /// <summary>When set, the essential container exits this many seconds after RUNNING.</summary>
    public int? CrashAfterSeconds { get; init; }

    /// <summary>The exit code of a crash.</summary>
    /// <value>The default value is 1.</value>
    public int ExitCode { get; init; } = 1;

    /// <summary>The container's <c>reason</c> on a crash, for example <c>OutOfMemoryError: Container killed due to memory usage</c>.</summary>
    public string? CrashReason { get; init; }

    /// <summary>The image cannot be pulled: the task stops with <c>CannotPullContainerError</c>.</summary>
    public bool PullFailure { get; init; }

    /// <summary>No capacity: the scheduler cannot place the task, and RunTask answers with a failure.</summary>
    public bool NoCapacity { get; init; }

    /// <summary>The task stays in PENDING until it is stopped.</summary>
    public bool StuckPending { get; init; }

    /// <summary>For tasks started by RunTask: the exit code they end with after <see cref="RunTaskSeconds"/>; <c>null</c> runs until stopped.</summary>
    public int? RunTaskExitCode { get; init; }

    /// <summary>For tasks started by RunTask: seconds in RUNNING before they exit with <see cref="RunTaskExitCode"/>.</summary>
    /// <value>The default value is 5 seconds.</value>
    public int RunTaskSeconds { get; init; } = 5;

    /// <summary>
    /// For tasks started by RunTask: exit codes of particular containers by name, overriding
    /// <see cref="RunTaskExitCode"/> for them (for example a sidecar that fails while the main container succeeds).
    /// </summary>
    public IReadOnlyDictionary<string, int> RunTaskContainerExitCodes { get; init; } = new Dictionary<string, int>();

    /// <summary>
    /// Lines the task's essential containers write to CloudWatch Logs: one a simulated second from the moment
    /// the task is RUNNING, and every remaining line at once just before a crash or a RunTask exit (so a crash's
    /// stack trace is in the log). Written only for containers whose definition logs with the <c>awslogs</c>
    /// driver to an <c>awslogs-group</c> with an <c>awslogs-stream-prefix</c>, to the stream
    /// <c>prefix/container-name/task-id</c>, with timestamps from the simulation clock.
    /// </summary>
    /// <value>The default value is empty: the containers write nothing.</value>
    public IReadOnlyList<string> LogLines { get; init; } = [];

    /// <summary>The HTTP status a task answers with behind a listener rule (<see cref="ListenerRule"/>).</summary>
    /// <value>The default value is 200.</value>
    public int HttpStatus { get; init; } = 200;

    /// <summary>
    /// The body a task answers with behind a listener rule; <c>null</c> answers one line naming the task's revision
    /// and the task, for example <c>web:2 0123456789abcdef0123456789abcdef</c>.
    /// </summary>
    public string? HttpBody { get; init; }

    /// <summary>
    /// The name of a CloudWatch alarm that goes to ALARM once tasks of this image receive production traffic in a native
    /// blue/green, linear or canary deployment. It fails the deployment when the service's
    /// <c>deploymentConfiguration.alarms</c> is enabled and lists the name (<c>ecs#DeploymentAlarms</c>): rolled back with
    /// <c>rollback</c>, STOPPED without.
    /// </summary>
    public string? TriggersAlarm { get; init; }

    /// <summary>
    /// A native deployment that rolls back to this image fails to: the service deployment ends ROLLBACK_FAILED, with both
    /// revisions left running as they were when the rollback began.
    /// </summary>
    public bool RollbackFails { get; init; }
}
