using Ecs.BlueGreen.Aws.Json;

namespace Ecs.BlueGreen.Ecs.Model;

/// <summary>An ECS task (<c>ecs#Task</c>).</summary>
public sealed record TaskDetails : AwsShape
{
    /// <summary>The task's ARN.</summary>
    public string? TaskArn { get; init; }

    /// <summary>The cluster's ARN.</summary>
    public string? ClusterArn { get; init; }

    /// <summary>The task definition the task runs.</summary>
    public string? TaskDefinitionArn { get; init; }

    /// <summary>The deployment id of the service deployment that started it, or the RunTask caller's value.</summary>
    public string? StartedBy { get; init; }

    /// <summary>The task group, <c>service:NAME</c> for service tasks.</summary>
    public string? Group { get; init; }

    /// <summary>The last known status: <c>PROVISIONING</c> … <c>RUNNING</c> … <c>STOPPED</c>.</summary>
    public string? LastStatus { get; init; }

    /// <summary>The status ECS drives the task to.</summary>
    public string? DesiredStatus { get; init; }

    /// <summary>The task's health.</summary>
    public HealthStatus? HealthStatus { get; init; }

    /// <summary>The launch type.</summary>
    public LaunchType? LaunchType { get; init; }

    /// <summary>The containers of the task.</summary>
    public IReadOnlyList<Container> Containers { get; init => field = value ?? []; } = [];

    /// <summary>Why the task stopped.</summary>
    public TaskStopCode? StopCode { get; init; }

    /// <summary>ECS's description of why the task stopped.</summary>
    public string? StoppedReason { get; init; }

    /// <summary>When the task was created.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When the task started running.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the task began stopping.</summary>
    public DateTimeOffset? StoppingAt { get; init; }

    /// <summary>When the task stopped.</summary>
    public DateTimeOffset? StoppedAt { get; init; }

    /// <summary>When image pulls started.</summary>
    public DateTimeOffset? PullStartedAt { get; init; }

    /// <summary>When image pulls finished.</summary>
    public DateTimeOffset? PullStoppedAt { get; init; }

    /// <summary>Task CPU units.</summary>
    public string? Cpu { get; init; }

    /// <summary>Task memory in MiB.</summary>
    public string? Memory { get; init; }

    /// <summary>Overrides RunTask applied.</summary>
    public TaskOverride? Overrides { get; init; }

    /// <summary>The version counter of the task's state.</summary>
    public long? Version { get; init; }

    /// <summary>The task's tags, when asked for.</summary>
    public IReadOnlyList<Tag>? Tags { get; init; }
}

/// <summary>A container of a task (<c>Container</c>).</summary>
public sealed record Container : AwsShape
{
    /// <summary>The container's ARN.</summary>
    public string? ContainerArn { get; init; }

    /// <summary>The task's ARN.</summary>
    public string? TaskArn { get; init; }

    /// <summary>The container's name.</summary>
    public string? Name { get; init; }

    /// <summary>The image.</summary>
    public string? Image { get; init; }

    /// <summary>The image digest that ran.</summary>
    public string? ImageDigest { get; init; }

    /// <summary>The last known status.</summary>
    public string? LastStatus { get; init; }

    /// <summary>The exit code, once the container exited.</summary>
    public int? ExitCode { get; init; }

    /// <summary>Why the container stopped, for example <c>OutOfMemoryError: …</c>.</summary>
    public string? Reason { get; init; }

    /// <summary>The container's health; <c>UNKNOWN</c> without a health check.</summary>
    public HealthStatus? HealthStatus { get; init; }
}

/// <summary>Overrides for a task started by RunTask (<c>TaskOverride</c>).</summary>
public sealed record TaskOverride : AwsShape
{
    /// <summary>Per-container overrides.</summary>
    public IReadOnlyList<ContainerOverride>? ContainerOverrides { get; init; }

    /// <summary>Task CPU units.</summary>
    public string? Cpu { get; init; }

    /// <summary>Task memory in MiB.</summary>
    public string? Memory { get; init; }

    /// <summary>The execution role.</summary>
    public string? ExecutionRoleArn { get; init; }

    /// <summary>The task role.</summary>
    public string? TaskRoleArn { get; init; }
}

/// <summary>Overrides for one container (<c>ContainerOverride</c>).</summary>
public sealed record ContainerOverride : AwsShape
{
    /// <summary>The container's name.</summary>
    public string? Name { get; init; }

    /// <summary>The command, one argument per item; never evaluated by a shell.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>Environment variables added or replaced.</summary>
    public IReadOnlyList<NameValuePair>? Environment { get; init; }

    /// <summary>Container CPU units.</summary>
    public int? Cpu { get; init; }

    /// <summary>Hard memory limit in MiB.</summary>
    public int? Memory { get; init; }

    /// <summary>Soft memory limit in MiB.</summary>
    public int? MemoryReservation { get; init; }
}
