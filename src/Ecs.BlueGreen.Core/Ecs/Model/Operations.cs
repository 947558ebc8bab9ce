using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ecs.BlueGreen.Aws.Json;

namespace Ecs.BlueGreen.Ecs.Model;

/// <summary>DescribeClusters input.</summary>
public sealed record DescribeClustersRequest : AwsShape
{
    /// <summary>Cluster names or ARNs (at most 100).</summary>
    public IReadOnlyList<string>? Clusters { get; init; }

    /// <summary>Extra fields, for example <c>TAGS</c>.</summary>
    public IReadOnlyList<string>? Include { get; init; }
}

/// <summary>DescribeClusters output.</summary>
public sealed record DescribeClustersResponse : AwsShape
{
    /// <summary>The clusters found.</summary>
    public IReadOnlyList<Cluster> Clusters { get; init => field = value ?? []; } = [];

    /// <summary>The clusters not found.</summary>
    public IReadOnlyList<Failure> Failures { get; init => field = value ?? []; } = [];
}

/// <summary>DescribeServices input.</summary>
public sealed record DescribeServicesRequest : AwsShape
{
    /// <summary>The cluster.</summary>
    public string? Cluster { get; init; }

    /// <summary>Service names or ARNs (at most 10 a call).</summary>
    public required IReadOnlyList<string> Services { get; init; }

    /// <summary>Extra fields, for example <c>TAGS</c>.</summary>
    public IReadOnlyList<string>? Include { get; init; }
}

/// <summary>DescribeServices output.</summary>
public sealed record DescribeServicesResponse : AwsShape
{
    /// <summary>The services found.</summary>
    public IReadOnlyList<Service> Services { get; init => field = value ?? []; } = [];

    /// <summary>The services not found (<c>MISSING</c>).</summary>
    public IReadOnlyList<Failure> Failures { get; init => field = value ?? []; } = [];
}

/// <summary>ListServices input.</summary>
public sealed record ListServicesRequest : AwsShape
{
    /// <summary>The cluster; the default cluster when omitted.</summary>
    public string? Cluster { get; init; }

    /// <summary>The token of the next page.</summary>
    public string? NextToken { get; init; }

    /// <summary>Services per page, 1–100; ECS returns 10 when omitted.</summary>
    public int? MaxResults { get; init; }

    /// <summary>Only services of this launch type.</summary>
    public LaunchType? LaunchType { get; init; }

    /// <summary>Only services of this scheduling strategy.</summary>
    public SchedulingStrategy? SchedulingStrategy { get; init; }
}

/// <summary>ListServices output.</summary>
public sealed record ListServicesResponse : AwsShape
{
    /// <summary>The service ARNs of this page.</summary>
    public IReadOnlyList<string> ServiceArns { get; init => field = value ?? []; } = [];

    /// <summary>The token of the next page; <see langword="null"/> on the last.</summary>
    public string? NextToken { get; init; }
}

/// <summary>ListClusters input.</summary>
public sealed record ListClustersRequest : AwsShape
{
    /// <summary>The token of the next page.</summary>
    public string? NextToken { get; init; }

    /// <summary>Clusters per page, 1–100; ECS returns up to 100 when omitted.</summary>
    public int? MaxResults { get; init; }
}

/// <summary>ListClusters output.</summary>
public sealed record ListClustersResponse : AwsShape
{
    /// <summary>The cluster ARNs of this page.</summary>
    public IReadOnlyList<string> ClusterArns { get; init => field = value ?? []; } = [];

    /// <summary>The token of the next page; <see langword="null"/> on the last.</summary>
    public string? NextToken { get; init; }
}

/// <summary>CreateService input (the members tests and the demo need; others via <see cref="AwsShape.AdditionalMembers"/>).</summary>
public sealed record CreateServiceRequest : AwsShape
{
    /// <summary>The cluster.</summary>
    public string? Cluster { get; init; }

    /// <summary>The service's name.</summary>
    public required string ServiceName { get; init; }

    /// <summary>The task definition.</summary>
    public string? TaskDefinition { get; init; }

    /// <summary>The number of tasks.</summary>
    public int? DesiredCount { get; init; }

    /// <summary>An idempotency token.</summary>
    public string? ClientToken { get; init; }

    /// <summary>The launch type.</summary>
    public LaunchType? LaunchType { get; init; }

    /// <summary>The capacity provider strategy.</summary>
    public IReadOnlyList<CapacityProviderStrategyItem>? CapacityProviderStrategy { get; init; }

    /// <summary>The platform version.</summary>
    public string? PlatformVersion { get; init; }

    /// <summary>The deployment configuration.</summary>
    public DeploymentConfiguration? DeploymentConfiguration { get; init; }

    /// <summary>The network configuration.</summary>
    public NetworkConfiguration? NetworkConfiguration { get; init; }

    /// <summary>The load balancers.</summary>
    public IReadOnlyList<LoadBalancer>? LoadBalancers { get; init; }

    /// <summary>The health-check grace period.</summary>
    public int? HealthCheckGracePeriodSeconds { get; init; }

    /// <summary><c>REPLICA</c> or <c>DAEMON</c>.</summary>
    public SchedulingStrategy? SchedulingStrategy { get; init; }

    /// <summary>The deployment controller.</summary>
    public DeploymentController? DeploymentController { get; init; }

    /// <summary>Tags.</summary>
    public IReadOnlyList<Tag>? Tags { get; init; }
}

/// <summary>CreateService output.</summary>
public sealed record CreateServiceResponse : AwsShape
{
    /// <summary>The new service.</summary>
    public Service? Service { get; init; }
}

/// <summary>UpdateService input. Members left null are not sent, so the service keeps them.</summary>
public sealed record UpdateServiceRequest : AwsShape
{
    /// <summary>The cluster.</summary>
    public string? Cluster { get; init; }

    /// <summary>The service.</summary>
    public required string Service { get; init; }

    /// <summary>The number of tasks.</summary>
    public int? DesiredCount { get; init; }

    /// <summary>The task definition; a change starts a deployment.</summary>
    public string? TaskDefinition { get; init; }

    /// <summary>The capacity provider strategy.</summary>
    public IReadOnlyList<CapacityProviderStrategyItem>? CapacityProviderStrategy { get; init; }

    /// <summary>The deployment configuration; send the whole value, it replaces the service's.</summary>
    public DeploymentConfiguration? DeploymentConfiguration { get; init; }

    /// <summary>The network configuration.</summary>
    public NetworkConfiguration? NetworkConfiguration { get; init; }

    /// <summary>The platform version.</summary>
    public string? PlatformVersion { get; init; }

    /// <summary>Start a deployment even when nothing changed.</summary>
    public bool? ForceNewDeployment { get; init; }

    /// <summary>The health-check grace period.</summary>
    public int? HealthCheckGracePeriodSeconds { get; init; }
}

/// <summary>UpdateService output.</summary>
public sealed record UpdateServiceResponse : AwsShape
{
    /// <summary>The service as updated, with its new PRIMARY deployment.</summary>
    public Service? Service { get; init; }
}

/// <summary>DescribeTaskDefinition input.</summary>
public sealed record DescribeTaskDefinitionRequest : AwsShape
{
    /// <summary><c>family</c> (latest ACTIVE), <c>family:revision</c> or an ARN.</summary>
    public required string TaskDefinition { get; init; }

    /// <summary>Extra fields: <c>TAGS</c>.</summary>
    public IReadOnlyList<string>? Include { get; init; }
}

/// <summary>DescribeTaskDefinition output.</summary>
public sealed record DescribeTaskDefinitionResponse : AwsShape
{
    /// <summary>The revision.</summary>
    public TaskDefinition? TaskDefinition { get; init; }

    /// <summary>Its tags, when asked for with <c>include: ["TAGS"]</c>.</summary>
    public IReadOnlyList<Tag>? Tags { get; init; }
}

/// <summary>
/// RegisterTaskDefinition input. Build it from a described revision with
/// <see cref="FromTaskDefinition"/>: every member is kept except the output-only ones.
/// </summary>
public sealed record RegisterTaskDefinitionRequest : AwsShape
{
    /// <summary>The family.</summary>
    public required string Family { get; init; }

    /// <summary>The container definitions.</summary>
    public required IReadOnlyList<ContainerDefinition> ContainerDefinitions { get; init; }

    /// <summary>The network mode.</summary>
    public string? NetworkMode { get; init; }

    /// <summary>The launch types the revision must be valid for.</summary>
    public IReadOnlyList<string>? RequiresCompatibilities { get; init; }

    /// <summary>Task CPU units.</summary>
    public string? Cpu { get; init; }

    /// <summary>Task memory in MiB.</summary>
    public string? Memory { get; init; }

    /// <summary>Tags of the new revision.</summary>
    public IReadOnlyList<Tag>? Tags { get; init; }

    /// <summary>
    /// The lossless path from DescribeTaskDefinition to RegisterTaskDefinition: the whole document, including
    /// members this client does not model, less the output-only members (those of <c>ecs#TaskDefinition</c> that
    /// <c>ecs#RegisterTaskDefinitionRequest</c> lacks).
    /// </summary>
    public static RegisterTaskDefinitionRequest FromTaskDefinition(TaskDefinition taskDefinition, IReadOnlyList<Tag>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(taskDefinition);
        var document = JsonSerializer.SerializeToNode(taskDefinition, EcsJsonContext.Default.TaskDefinition)!.AsObject();
        foreach (var member in Model.TaskDefinition.OutputOnlyMembers)
        {
            document.Remove(member);
        }

        var request = document.Deserialize((JsonTypeInfo<RegisterTaskDefinitionRequest>)EcsJsonContext.Relaxed.GetTypeInfo(typeof(RegisterTaskDefinitionRequest)))
            ?? throw new InvalidOperationException("The task definition could not be read.");
        if (string.IsNullOrEmpty(request.Family))
        {
            throw new ArgumentException("The task definition has no family.", nameof(taskDefinition));
        }

        return request with { Tags = tags is { Count: > 0 } ? tags : null };
    }
}

/// <summary>RegisterTaskDefinition output.</summary>
public sealed record RegisterTaskDefinitionResponse : AwsShape
{
    /// <summary>The new revision.</summary>
    public TaskDefinition? TaskDefinition { get; init; }

    /// <summary>Its tags.</summary>
    public IReadOnlyList<Tag>? Tags { get; init; }
}

/// <summary>DeregisterTaskDefinition input.</summary>
public sealed record DeregisterTaskDefinitionRequest : AwsShape
{
    /// <summary><c>family:revision</c> or an ARN.</summary>
    public required string TaskDefinition { get; init; }
}

/// <summary>DeregisterTaskDefinition output.</summary>
public sealed record DeregisterTaskDefinitionResponse : AwsShape
{
    /// <summary>The revision, now INACTIVE.</summary>
    public TaskDefinition? TaskDefinition { get; init; }
}

/// <summary>ListTaskDefinitions input.</summary>
public sealed record ListTaskDefinitionsRequest : AwsShape
{
    /// <summary>Only this family.</summary>
    public string? FamilyPrefix { get; init; }

    /// <summary>Only revisions in this status (default ACTIVE); keep it the same across pages.</summary>
    public TaskDefinitionStatus? Status { get; init; }

    /// <summary>ASC (default) or DESC (newest first).</summary>
    public SortOrder? Sort { get; init; }

    /// <summary>The token of the next page.</summary>
    public string? NextToken { get; init; }

    /// <summary>Page size, 1 to 100.</summary>
    public int? MaxResults { get; init; }
}

/// <summary>ListTaskDefinitions output.</summary>
public sealed record ListTaskDefinitionsResponse : AwsShape
{
    /// <summary>Revision ARNs.</summary>
    public IReadOnlyList<string> TaskDefinitionArns { get; init => field = value ?? []; } = [];

    /// <summary>The token of the next page, null at the end.</summary>
    public string? NextToken { get; init; }
}

/// <summary>ListTasks input. <c>startedBy</c> must be the only filter when used (<c>ecs#ListTasksRequest.startedBy</c>).</summary>
public sealed record ListTasksRequest : AwsShape
{
    /// <summary>The cluster.</summary>
    public string? Cluster { get; init; }

    /// <summary>Only tasks of this family.</summary>
    public string? Family { get; init; }

    /// <summary>The token of the next page.</summary>
    public string? NextToken { get; init; }

    /// <summary>Page size, 1 to 100.</summary>
    public int? MaxResults { get; init; }

    /// <summary>Only tasks started with this value (a deployment id for service tasks).</summary>
    public string? StartedBy { get; init; }

    /// <summary>Only tasks of this service.</summary>
    public string? ServiceName { get; init; }

    /// <summary>RUNNING (default) or STOPPED.</summary>
    public DesiredStatus? DesiredStatus { get; init; }

    /// <summary>Only tasks of this launch type.</summary>
    public LaunchType? LaunchType { get; init; }
}

/// <summary>ListTasks output.</summary>
public sealed record ListTasksResponse : AwsShape
{
    /// <summary>Task ARNs.</summary>
    public IReadOnlyList<string> TaskArns { get; init => field = value ?? []; } = [];

    /// <summary>The token of the next page, null at the end.</summary>
    public string? NextToken { get; init; }
}

/// <summary>DescribeTasks input.</summary>
public sealed record DescribeTasksRequest : AwsShape
{
    /// <summary>The cluster.</summary>
    public string? Cluster { get; init; }

    /// <summary>Task ids or ARNs (at most 100 a call).</summary>
    public required IReadOnlyList<string> Tasks { get; init; }

    /// <summary>Extra fields: <c>TAGS</c>.</summary>
    public IReadOnlyList<string>? Include { get; init; }
}

/// <summary>DescribeTasks output.</summary>
public sealed record DescribeTasksResponse : AwsShape
{
    /// <summary>The tasks found.</summary>
    public IReadOnlyList<TaskDetails> Tasks { get; init => field = value ?? []; } = [];

    /// <summary>The tasks not found.</summary>
    public IReadOnlyList<Failure> Failures { get; init => field = value ?? []; } = [];
}

/// <summary>RunTask input.</summary>
public sealed record RunTaskRequest : AwsShape
{
    /// <summary>The cluster.</summary>
    public string? Cluster { get; init; }

    /// <summary>The task definition.</summary>
    public required string TaskDefinition { get; init; }

    /// <summary>How many tasks (1 to 10).</summary>
    public int? Count { get; init; }

    /// <summary>The launch type.</summary>
    public LaunchType? LaunchType { get; init; }

    /// <summary>The capacity provider strategy.</summary>
    public IReadOnlyList<CapacityProviderStrategyItem>? CapacityProviderStrategy { get; init; }

    /// <summary>The platform version.</summary>
    public string? PlatformVersion { get; init; }

    /// <summary>The network configuration.</summary>
    public NetworkConfiguration? NetworkConfiguration { get; init; }

    /// <summary>Overrides.</summary>
    public TaskOverride? Overrides { get; init; }

    /// <summary>A value to find the task by.</summary>
    public string? StartedBy { get; init; }

    /// <summary>The task group.</summary>
    public string? Group { get; init; }

    /// <summary>The idempotency token: a retry with the same token starts no second task.</summary>
    public string? ClientToken { get; init; }

    /// <summary>Tags.</summary>
    public IReadOnlyList<Tag>? Tags { get; init; }
}

/// <summary>RunTask output.</summary>
public sealed record RunTaskResponse : AwsShape
{
    /// <summary>The tasks started.</summary>
    public IReadOnlyList<TaskDetails> Tasks { get; init => field = value ?? []; } = [];

    /// <summary>Why tasks could not be started.</summary>
    public IReadOnlyList<Failure> Failures { get; init => field = value ?? []; } = [];
}

/// <summary>StopTask input.</summary>
public sealed record StopTaskRequest : AwsShape
{
    /// <summary>The cluster.</summary>
    public string? Cluster { get; init; }

    /// <summary>The task id or ARN.</summary>
    public required string Task { get; init; }

    /// <summary>Why, shown in the task's <c>stoppedReason</c>.</summary>
    public string? Reason { get; init; }
}

/// <summary>StopTask output.</summary>
public sealed record StopTaskResponse : AwsShape
{
    /// <summary>The task.</summary>
    public TaskDetails? Task { get; init; }
}

/// <summary>ListServiceDeployments input.</summary>
public sealed record ListServiceDeploymentsRequest : AwsShape
{
    /// <summary>The service.</summary>
    public required string Service { get; init; }

    /// <summary>The cluster.</summary>
    public string? Cluster { get; init; }

    /// <summary>Only these statuses.</summary>
    public IReadOnlyList<ServiceDeploymentStatus>? Status { get; init; }

    /// <summary>Only deployments created in this window.</summary>
    public CreatedAtFilter? CreatedAt { get; init; }

    /// <summary>The token of the next page.</summary>
    public string? NextToken { get; init; }

    /// <summary>Page size, 1 to 100 (default 20).</summary>
    public int? MaxResults { get; init; }
}

/// <summary>ListServiceDeployments output.</summary>
public sealed record ListServiceDeploymentsResponse : AwsShape
{
    /// <summary>The deployments.</summary>
    public IReadOnlyList<ServiceDeploymentBrief> ServiceDeployments { get; init => field = value ?? []; } = [];

    /// <summary>The token of the next page, null at the end.</summary>
    public string? NextToken { get; init; }
}

/// <summary>DescribeServiceDeployments input.</summary>
public sealed record DescribeServiceDeploymentsRequest : AwsShape
{
    /// <summary>Service deployment ARNs (at most 20).</summary>
    public required IReadOnlyList<string> ServiceDeploymentArns { get; init; }
}

/// <summary>DescribeServiceDeployments output.</summary>
public sealed record DescribeServiceDeploymentsResponse : AwsShape
{
    /// <summary>The deployments found.</summary>
    public IReadOnlyList<ServiceDeployment> ServiceDeployments { get; init => field = value ?? []; } = [];

    /// <summary>The deployments not found.</summary>
    public IReadOnlyList<Failure> Failures { get; init => field = value ?? []; } = [];
}

/// <summary>StopServiceDeployment input.</summary>
public sealed record StopServiceDeploymentRequest : AwsShape
{
    /// <summary>The service deployment's ARN.</summary>
    public required string ServiceDeploymentArn { get; init; }

    /// <summary>ROLLBACK (default) or ABORT.</summary>
    public StopServiceDeploymentStopType? StopType { get; init; }
}

/// <summary>StopServiceDeployment output.</summary>
public sealed record StopServiceDeploymentResponse : AwsShape
{
    /// <summary>The stopped service deployment's ARN.</summary>
    public string? ServiceDeploymentArn { get; init; }
}

/// <summary>ContinueServiceDeployment input: answers a PAUSE hook (<c>ecs#ContinueServiceDeploymentRequest</c>).</summary>
public sealed record ContinueServiceDeploymentRequest : AwsShape
{
    /// <summary>The paused service deployment's ARN.</summary>
    public required string ServiceDeploymentArn { get; init; }

    /// <summary>The hook awaiting action (<c>ecs#DeploymentLifecycleHookDetail.hookId</c>).</summary>
    public required string HookId { get; init; }

    /// <summary>CONTINUE (ECS's default) or ROLLBACK.</summary>
    public string? Action { get; init; }
}

/// <summary>ContinueServiceDeployment output.</summary>
public sealed record ContinueServiceDeploymentResponse : AwsShape
{
    /// <summary>The service deployment's ARN.</summary>
    public string? ServiceDeploymentArn { get; init; }
}

/// <summary>DescribeServiceRevisions input (at most 20 ARNs).</summary>
public sealed record DescribeServiceRevisionsRequest : AwsShape
{
    /// <summary>The service revisions' ARNs.</summary>
    public required IReadOnlyList<string> ServiceRevisionArns { get; init; }
}

/// <summary>DescribeServiceRevisions output.</summary>
public sealed record DescribeServiceRevisionsResponse : AwsShape
{
    /// <summary>The revisions found.</summary>
    public IReadOnlyList<ServiceRevision> ServiceRevisions { get; init => field = value ?? []; } = [];

    /// <summary>The ARNs that could not be described, and why.</summary>
    public IReadOnlyList<Failure> Failures { get; init => field = value ?? []; } = [];
}

/// <summary>A service revision: what a service deployment deploys (<c>ecs#ServiceRevision</c>); the members this client reads.</summary>
public sealed record ServiceRevision : AwsShape
{
    /// <summary>Its ARN.</summary>
    public string? ServiceRevisionArn { get; init; }

    /// <summary>The service's ARN.</summary>
    public string? ServiceArn { get; init; }

    /// <summary>The cluster's ARN.</summary>
    public string? ClusterArn { get; init; }

    /// <summary>The task definition it runs.</summary>
    public string? TaskDefinition { get; init; }

    /// <summary>Its load balancers.</summary>
    public IReadOnlyList<LoadBalancer>? LoadBalancers { get; init; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset? CreatedAt { get; init; }
}
