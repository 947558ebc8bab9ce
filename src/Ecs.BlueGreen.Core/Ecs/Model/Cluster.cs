using Ecs.BlueGreen.Aws.Json;

namespace Ecs.BlueGreen.Ecs.Model;

/// <summary>An ECS cluster (<c>Cluster</c>).</summary>
public sealed record Cluster : AwsShape
{
    /// <summary>The cluster's ARN.</summary>
    public string? ClusterArn { get; init; }

    /// <summary>The cluster's name.</summary>
    public string? ClusterName { get; init; }

    /// <summary><c>ACTIVE</c>, <c>PROVISIONING</c>, <c>DEPROVISIONING</c>, <c>FAILED</c> or <c>INACTIVE</c>.</summary>
    public string? Status { get; init; }

    /// <summary>Tasks running in the cluster.</summary>
    public int? RunningTasksCount { get; init; }

    /// <summary>Tasks pending in the cluster.</summary>
    public int? PendingTasksCount { get; init; }

    /// <summary>Active services in the cluster.</summary>
    public int? ActiveServicesCount { get; init; }

    /// <summary>Container instances registered with the cluster.</summary>
    public int? RegisteredContainerInstancesCount { get; init; }

    /// <summary>The cluster's capacity providers.</summary>
    public IReadOnlyList<string>? CapacityProviders { get; init; }

    /// <summary>The cluster's tags.</summary>
    public IReadOnlyList<Tag>? Tags { get; init; }
}
