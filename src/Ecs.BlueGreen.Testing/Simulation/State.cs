using System.Text.Json.Nodes;
using Ecs.BlueGreen.Testing.Scenarios;

namespace Ecs.BlueGreen.Testing.Simulation;

internal sealed class ClusterState
{
    public required string Name { get; init; }

    public required string Arn { get; init; }

    public List<ResourceTag> Tags { get; init; } = [];

    public Dictionary<string, ServiceState> Services { get; } = new(StringComparer.Ordinal);

    public List<TaskState> Tasks { get; } = [];
}

internal sealed class TaskDefinitionState
{
    public required string Family { get; init; }

    public required int Revision { get; init; }

    public required string Arn { get; init; }

    /// <summary>The document as registered, with ECS's defaults and the output-only members (<c>ecs#TaskDefinition</c>).</summary>
    public required JsonObject Document { get; set; }

    public List<ResourceTag> Tags { get; init; } = [];

    public bool Active { get; set; } = true;

    public string FamilyRevision => $"{Family}:{Revision}";
}

internal sealed class ServiceState
{
    public required string Name { get; init; }

    public required string Arn { get; init; }

    public required ClusterState Cluster { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public string Status { get; set; } = "ACTIVE";

    public int DesiredCount { get; set; }

    public required DeploymentConfigurationState DeploymentConfiguration { get; set; }

    public string LaunchType { get; init; } = "FARGATE";

    public string? PlatformVersion { get; init; }

    /// <summary><c>ecs#NetworkConfiguration</c> as the caller sent it; the simulation does not place tasks in subnets.</summary>
    public JsonObject? NetworkConfiguration { get; set; }

    public int? HealthCheckGracePeriodSeconds { get; set; }

    public List<ResourceTag> Tags { get; init; } = [];

    /// <summary>PRIMARY first, then ACTIVE ones, newest first.</summary>
    public List<DeploymentState> Deployments { get; } = [];

    public List<ServiceDeploymentState> ServiceDeployments { get; } = [];

    /// <summary>Newest first [inference: the order is not documented], at most 100 (<c>ecs#Service.events</c>).</summary>
    public List<ServiceEventState> Events { get; } = [];

    public DeploymentState? LastCompleted { get; set; }

    public bool Steady { get; set; }

    public DeploymentState Primary => Deployments[0];
}

internal sealed class DeploymentState
{
    public required string Id { get; init; }

    public string Status { get; set; } = "PRIMARY";

    public required TaskDefinitionState TaskDefinition { get; init; }

    public int DesiredCount { get; set; }

    public int FailedTasks { get; set; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string RolloutState { get; set; } = "IN_PROGRESS";

    public string RolloutStateReason { get; set; } = "ECS deployment started.";

    public required ServiceDeploymentState ServiceDeployment { get; init; }

    public required string ServiceRevisionArn { get; init; }

    public DateTimeOffset? NextPlacementAttempt { get; set; }

    public bool WarnedInconsistentStarts { get; set; }

    public DateTimeOffset? EmptySince { get; set; }

    public bool WarnedConfiguration { get; set; }
}

internal sealed class ServiceDeploymentState
{
    public required string Arn { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; set; }

    public DateTimeOffset? StoppedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string Status { get; set; } = "IN_PROGRESS";

    public string? StatusReason { get; set; }

    public required string TargetRevisionArn { get; set; }

    public List<string> SourceRevisionArns { get; init; } = [];

    public required DeploymentConfigurationState DeploymentConfiguration { get; init; }

    public RollbackState? Rollback { get; set; }

    public string CircuitBreakerStatus { get; set; } = "MONITORING";

    public int FailureCount { get; set; }

    public int Threshold { get; set; }
}

internal sealed class ContainerState
{
    public required string Name { get; init; }

    public required string Image { get; init; }

    public required string Arn { get; init; }

    public bool Essential { get; init; } = true;

    public bool HasHealthCheck { get; init; }

    public string LastStatus { get; set; } = "PENDING";

    public int? ExitCode { get; set; }

    public string? Reason { get; set; }

    public string HealthStatus { get; set; } = "UNKNOWN";

    /// <summary>Where the <c>awslogs</c> driver sends the container's output; <c>null</c> when it does not.</summary>
    public LogDestination? Log { get; init; }
}

internal sealed class TaskState
{
    public required string Id { get; init; }

    public required string Arn { get; init; }

    public required ClusterState Cluster { get; init; }

    public required TaskDefinitionState TaskDefinition { get; init; }

    public required ImageBehaviour Behaviour { get; init; }

    public ServiceState? Service { get; init; }

    public DeploymentState? Deployment { get; init; }

    public string? StartedBy { get; init; }

    public required string Group { get; init; }

    public required string LaunchType { get; init; }

    public required List<ContainerState> Containers { get; init; }

    public List<ResourceTag> Tags { get; init; } = [];

    public JsonObject? Overrides { get; init; }

    public string? ClientToken { get; init; }

    public string LastStatus { get; set; } = "PROVISIONING";

    public string DesiredStatus { get; set; } = "RUNNING";

    public string HealthStatus { get; set; } = "UNKNOWN";

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? PullStartedAt { get; set; }

    public DateTimeOffset? PullStoppedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? StoppingAt { get; set; }

    public DateTimeOffset? StoppedAt { get; set; }

    public string? StopCode { get; set; }

    public string? StoppedReason { get; set; }

    public long Version { get; set; } = 1;

    /// <summary>When the task first counted as healthy for its deployment (<c>ecs#DeploymentConfiguration.minimumHealthyPercent</c>).</summary>
    public DateTimeOffset? CountedHealthyAt { get; set; }

    /// <summary>How many of <see cref="ImageBehaviour.LogLines"/> the containers have written.</summary>
    public int LogLinesWritten { get; set; }

    public bool HasHealthCheck => Containers.Any(c => c.Essential && c.HasHealthCheck) || !Behaviour.Healthy;

    public bool IsStopped => LastStatus == "STOPPED";

    /// <summary>Not stopped and not being stopped.</summary>
    public bool IsLive => !IsStopped && DesiredStatus == "RUNNING";

    public bool IsPendingLike => LastStatus is "PROVISIONING" or "PENDING" or "ACTIVATING";
}

internal sealed class LogGroupState
{
    public required string Name { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public SortedDictionary<string, LogStreamState> Streams { get; } = new(StringComparer.Ordinal);
}

internal sealed class LogStreamState
{
    public required string Name { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>In the order written, which is also time order: the simulation clock only moves forward.</summary>
    public List<LogEventState> Events { get; } = [];
}

/// <summary>One event; <see cref="Sequence"/> orders events of different streams written at the same millisecond.</summary>
internal sealed record LogEventState(long Timestamp, string Message, long IngestionTime, long Sequence);

/// <summary>A resource tag (<c>ecs#Tag</c>).</summary>
internal sealed record ResourceTag(string? Key, string? Value);

/// <summary>One entry of a service's event log (<c>ecs#ServiceEvent</c>).</summary>
internal sealed record ServiceEventState(string Id, DateTimeOffset CreatedAt, string Message);

/// <summary>The rollback of a service deployment (<c>ecs#Rollback</c>).</summary>
internal sealed record RollbackState(string Reason, DateTimeOffset StartedAt, string ServiceRevisionArn);

/// <summary>The log group and stream that the <c>awslogs</c> driver writes a container's output to.</summary>
internal sealed record LogDestination(string LogGroupName, string LogStreamName);
