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

    /// <summary><c>ecs#LoadBalancer</c> entries as the caller sent them.</summary>
    public List<LoadBalancerState> LoadBalancers { get; set; } = [];

    public List<ResourceTag> Tags { get; init; } = [];

    /// <summary>PRIMARY first, then ACTIVE ones, newest first.</summary>
    public List<DeploymentState> Deployments { get; } = [];

    public List<ServiceDeploymentState> ServiceDeployments { get; } = [];

    /// <summary>Newest first [inference: the order is not documented], at most 100 (<c>ecs#Service.events</c>).</summary>
    public List<ServiceEventState> Events { get; } = [];

    public DeploymentState? LastCompleted { get; set; }

    public bool Steady { get; set; }

    public DeploymentState Primary => Deployments[0];

    /// <summary><c>ecs#DeploymentController.type</c>: ECS or CODE_DEPLOY.</summary>
    public string DeploymentController { get; init; } = "ECS";

    /// <summary>The task sets of a CODE_DEPLOY service (<c>ecs#Service.taskSets</c>), oldest first.</summary>
    public List<TaskSetState> TaskSets { get; } = [];

    public bool IsCodeDeploy => DeploymentController == "CODE_DEPLOY";
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

    /// <summary>The blue/green workflow of a BLUE_GREEN, LINEAR or CANARY deployment; <c>null</c> for ROLLING.</summary>
    public NativeDeploymentState? Native { get; init; }

    public bool IsFinished => Status is "SUCCESSFUL" or "STOPPED" or "ROLLBACK_SUCCESSFUL" or "ROLLBACK_FAILED";
}

/// <summary>
/// Where a native deployment is in ECS's lifecycle (<c>ecs#ServiceDeployment.lifecycleStage</c>,
/// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-how-it-works.html): green is the new
/// deployment, blue the ones that served when it started.
/// </summary>
internal sealed class NativeDeploymentState
{
    /// <summary>Set once the new deployment exists, right after the service deployment it belongs to.</summary>
    public DeploymentState Green { get; set; } = null!;

    public required List<DeploymentState> Blue { get; init; }

    /// <summary>The revision a rollback returns to: the one that served production when the deployment started.</summary>
    public required string SourceRevisionArn { get; init; }

    public DateTimeOffset? StartedAt { get; set; }

    /// <summary><c>null</c> while PENDING; then a stage of <c>ecs#ServiceDeploymentLifecycleStage</c> or PRE_PRODUCTION_TRAFFIC_SHIFT.</summary>
    public string? Stage { get; set; }

    public DateTimeOffset StageEnteredAt { get; set; }

    /// <summary>The production traffic shift step (1 for the first) of a PRE_PRODUCTION_TRAFFIC_SHIFT or PRODUCTION_TRAFFIC_SHIFT stage.</summary>
    public int Step { get; set; }

    /// <summary>When the current PRODUCTION_TRAFFIC_SHIFT stage applied its weight, from which its step bake time runs.</summary>
    public DateTimeOffset? ShiftedAt { get; set; }

    /// <summary>Green's share of production traffic, 0 to 100; blue (the source revision) has the rest.</summary>
    public double GreenProductionWeight { get; set; }

    /// <summary>Green's share of test traffic, 0 to 100.</summary>
    public double GreenTestWeight { get; set; }

    /// <summary>The hooks invoked on entering the current stage, finished ones included, until the next stage.</summary>
    public List<HookInvocationState> Hooks { get; } = [];

    public string AlarmStatus { get; set; } = "DISABLED";

    public List<string> TriggeredAlarmNames { get; } = [];
}

/// <summary>One invocation of a lifecycle hook (<c>ecs#DeploymentLifecycleHookDetail</c>).</summary>
internal sealed class HookInvocationState
{
    public required string HookId { get; init; }

    public required LifecycleHookSettings Hook { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary><c>ecs#DeploymentLifecycleHookStatus</c>: AWAITING_ACTION, IN_PROGRESS, SUCCEEDED, FAILED or TIMED_OUT.</summary>
    public required string Status { get; set; }

    /// <summary>Finished in a way that lets the deployment go on.</summary>
    public bool LetsThrough => Status == "SUCCEEDED" || (Status == "TIMED_OUT" && Hook.TimeoutAction == "CONTINUE");
}

/// <summary>
/// A service revision (<c>ecs#ServiceRevision</c>): the task definition and environment one deployment runs, and which
/// target group serves production for it (<c>ecs#ResolvedConfiguration.loadBalancers</c>).
/// </summary>
internal sealed class ServiceRevisionState
{
    public required string Arn { get; init; }

    public required ServiceState Service { get; init; }

    public required TaskDefinitionState TaskDefinition { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required List<LoadBalancerState> LoadBalancers { get; init; }

    public JsonObject? NetworkConfiguration { get; init; }

    /// <summary>For each of <see cref="LoadBalancers"/>, the target group that serves this revision's production traffic.</summary>
    public required List<string?> ProductionTargetGroups { get; init; }
}

/// <summary>One <c>ecs#LoadBalancer</c> of a service, with its <c>ecs#AdvancedConfiguration</c>.</summary>
internal sealed record LoadBalancerState(JsonObject Document, string? TargetGroupArn, string? AlternateTargetGroupArn, string? ProductionListenerRule, string? TestListenerRule)
{
    public bool HasAdvancedConfiguration => Document["advancedConfiguration"] is JsonObject;
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

    /// <summary>The digest the image resolved to when the task's pull started (<c>ecs#Container.imageDigest</c>); <c>null</c> before.</summary>
    public string? ImageDigest { get; set; }

    /// <summary>Where the <c>awslogs</c> driver sends the container's output; <c>null</c> when it does not.</summary>
    public LogDestination? Log { get; init; }
}

internal sealed class TaskState
{
    public required string Id { get; init; }

    public required string Arn { get; init; }

    public required ClusterState Cluster { get; init; }

    public required TaskDefinitionState TaskDefinition { get; init; }

    /// <summary>The scripted behaviour; a runtime change (<see cref="EcsSimulation.SetBehaviour"/>) may replace it while the task lives.</summary>
    public required ImageBehaviour Behaviour { get; set; }

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
