using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.Deployments;

/// <summary>
/// The statuses the engine compares, as open enumerations: the model keeps ECS's strings as they are (so unknown values
/// round-trip), and the engine reads them through these named values instead of string literals.
/// </summary>
internal static class EcsStatuses
{
    /// <summary><c>ecs#Deployment.status</c>.</summary>
    public static DeploymentStatus? StatusOf(this Deployment deployment) => deployment.Status is { } status ? DeploymentStatus.FromValue(status) : null;

    public static bool IsPrimary(this Deployment deployment) => deployment.StatusOf() == DeploymentStatus.Primary;

    /// <summary><c>ecs#Service.status</c> ACTIVE.</summary>
    public static bool IsActive(this Service service) => service.Status is { } status && ServiceStatus.FromValue(status) == ServiceStatus.Active;

    /// <summary><c>ecs#Task.lastStatus</c>.</summary>
    public static bool Is(this TaskDetails task, TaskLifecycleStatus status) => task.LastStatus is { } last && TaskLifecycleStatus.FromValue(last) == status;
}
