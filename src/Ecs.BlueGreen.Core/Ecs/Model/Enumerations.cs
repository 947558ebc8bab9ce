using System.Text.Json.Serialization;
using Ecs.BlueGreen.Aws.Json;

namespace Ecs.BlueGreen.Ecs.Model;

/// <summary>The launch type of a service, deployment or task. Open: a value AWS adds later is kept as it is.</summary>
[JsonConverter(typeof(OpenEnumerationConverter<LaunchType>))]
public readonly record struct LaunchType(string Value) : IOpenEnumeration<LaunchType>
{
    /// <summary><c>EC2</c>.</summary>
    public static LaunchType Ec2 { get; } = new("EC2");

    /// <summary><c>FARGATE</c>.</summary>
    public static LaunchType Fargate { get; } = new("FARGATE");

    /// <summary><c>EXTERNAL</c>.</summary>
    public static LaunchType External { get; } = new("EXTERNAL");

    /// <summary><c>MANAGED_INSTANCES</c>.</summary>
    public static LaunchType ManagedInstances { get; } = new("MANAGED_INSTANCES");

    /// <inheritdoc />
    public static LaunchType FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>The rollout state of a deployment (<c>ecs#DeploymentRolloutState</c>). Open: a value AWS adds later is kept as it is.</summary>
[JsonConverter(typeof(OpenEnumerationConverter<DeploymentRolloutState>))]
public readonly record struct DeploymentRolloutState(string Value) : IOpenEnumeration<DeploymentRolloutState>
{
    /// <summary><c>COMPLETED</c>.</summary>
    public static DeploymentRolloutState Completed { get; } = new("COMPLETED");

    /// <summary><c>FAILED</c>.</summary>
    public static DeploymentRolloutState Failed { get; } = new("FAILED");

    /// <summary><c>IN_PROGRESS</c>.</summary>
    public static DeploymentRolloutState InProgress { get; } = new("IN_PROGRESS");

    /// <inheritdoc />
    public static DeploymentRolloutState FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>The desired-status filter of ListTasks. Open: a value AWS adds later is kept as it is.</summary>
[JsonConverter(typeof(OpenEnumerationConverter<DesiredStatus>))]
public readonly record struct DesiredStatus(string Value) : IOpenEnumeration<DesiredStatus>
{
    /// <summary><c>RUNNING</c>.</summary>
    public static DesiredStatus Running { get; } = new("RUNNING");

    /// <summary><c>PENDING</c>.</summary>
    public static DesiredStatus Pending { get; } = new("PENDING");

    /// <summary><c>STOPPED</c>.</summary>
    public static DesiredStatus Stopped { get; } = new("STOPPED");

    /// <inheritdoc />
    public static DesiredStatus FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>The status of a task-definition revision. Open: a value AWS adds later is kept as it is.</summary>
[JsonConverter(typeof(OpenEnumerationConverter<TaskDefinitionStatus>))]
public readonly record struct TaskDefinitionStatus(string Value) : IOpenEnumeration<TaskDefinitionStatus>
{
    /// <summary><c>ACTIVE</c>.</summary>
    public static TaskDefinitionStatus Active { get; } = new("ACTIVE");

    /// <summary><c>INACTIVE</c>.</summary>
    public static TaskDefinitionStatus Inactive { get; } = new("INACTIVE");

    /// <summary><c>DELETE_IN_PROGRESS</c>.</summary>
    public static TaskDefinitionStatus DeleteInProgress { get; } = new("DELETE_IN_PROGRESS");

    /// <inheritdoc />
    public static TaskDefinitionStatus FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>The sort order of ListTaskDefinitions. Open: a value AWS adds later is kept as it is.</summary>
[JsonConverter(typeof(OpenEnumerationConverter<SortOrder>))]
public readonly record struct SortOrder(string Value) : IOpenEnumeration<SortOrder>
{
    /// <summary><c>ASC</c>.</summary>
    public static SortOrder Asc { get; } = new("ASC");

    /// <summary><c>DESC</c>.</summary>
    public static SortOrder Desc { get; } = new("DESC");

    /// <inheritdoc />
    public static SortOrder FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>Why a task stopped (<c>ecs#TaskStopCode</c>). Open: a value AWS adds later is kept as it is.</summary>
[JsonConverter(typeof(OpenEnumerationConverter<TaskStopCode>))]
public readonly record struct TaskStopCode(string Value) : IOpenEnumeration<TaskStopCode>
{
    /// <summary><c>TaskFailedToStart</c>.</summary>
    public static TaskStopCode TaskFailedToStart { get; } = new("TaskFailedToStart");

    /// <summary><c>EssentialContainerExited</c>.</summary>
    public static TaskStopCode EssentialContainerExited { get; } = new("EssentialContainerExited");

    /// <summary><c>UserInitiated</c>.</summary>
    public static TaskStopCode UserInitiated { get; } = new("UserInitiated");

    /// <summary><c>ServiceSchedulerInitiated</c>.</summary>
    public static TaskStopCode ServiceSchedulerInitiated { get; } = new("ServiceSchedulerInitiated");

    /// <summary><c>SpotInterruption</c>.</summary>
    public static TaskStopCode SpotInterruption { get; } = new("SpotInterruption");

    /// <summary><c>TerminationNotice</c>.</summary>
    public static TaskStopCode TerminationNotice { get; } = new("TerminationNotice");

    /// <summary><c>InfrastructureHealth</c>.</summary>
    public static TaskStopCode InfrastructureHealth { get; } = new("InfrastructureHealth");

    /// <inheritdoc />
    public static TaskStopCode FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>The health of a task or container. Open: a value AWS adds later is kept as it is.</summary>
[JsonConverter(typeof(OpenEnumerationConverter<HealthStatus>))]
public readonly record struct HealthStatus(string Value) : IOpenEnumeration<HealthStatus>
{
    /// <summary><c>HEALTHY</c>.</summary>
    public static HealthStatus Healthy { get; } = new("HEALTHY");

    /// <summary><c>UNHEALTHY</c>.</summary>
    public static HealthStatus Unhealthy { get; } = new("UNHEALTHY");

    /// <summary><c>UNKNOWN</c>.</summary>
    public static HealthStatus Unknown { get; } = new("UNKNOWN");

    /// <inheritdoc />
    public static HealthStatus FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>Which controller deploys a service. Open: a value AWS adds later is kept as it is.</summary>
[JsonConverter(typeof(OpenEnumerationConverter<DeploymentControllerType>))]
public readonly record struct DeploymentControllerType(string Value) : IOpenEnumeration<DeploymentControllerType>
{
    /// <summary><c>ECS</c>.</summary>
    public static DeploymentControllerType Ecs { get; } = new("ECS");

    /// <summary><c>CODE_DEPLOY</c>.</summary>
    public static DeploymentControllerType CodeDeploy { get; } = new("CODE_DEPLOY");

    /// <summary><c>EXTERNAL</c>.</summary>
    public static DeploymentControllerType External { get; } = new("EXTERNAL");

    /// <inheritdoc />
    public static DeploymentControllerType FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>The deployment strategy of the ECS controller. Open: a value AWS adds later is kept as it is.</summary>
[JsonConverter(typeof(OpenEnumerationConverter<DeploymentStrategy>))]
public readonly record struct DeploymentStrategy(string Value) : IOpenEnumeration<DeploymentStrategy>
{
    /// <summary><c>ROLLING</c>.</summary>
    public static DeploymentStrategy Rolling { get; } = new("ROLLING");

    /// <summary><c>BLUE_GREEN</c>.</summary>
    public static DeploymentStrategy BlueGreen { get; } = new("BLUE_GREEN");

    /// <summary><c>LINEAR</c>.</summary>
    public static DeploymentStrategy Linear { get; } = new("LINEAR");

    /// <summary><c>CANARY</c>.</summary>
    public static DeploymentStrategy Canary { get; } = new("CANARY");

    /// <inheritdoc />
    public static DeploymentStrategy FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>The status of a service deployment. Open: a value AWS adds later is kept as it is.</summary>
[JsonConverter(typeof(OpenEnumerationConverter<ServiceDeploymentStatus>))]
public readonly record struct ServiceDeploymentStatus(string Value) : IOpenEnumeration<ServiceDeploymentStatus>
{
    /// <summary><c>PENDING</c>.</summary>
    public static ServiceDeploymentStatus Pending { get; } = new("PENDING");

    /// <summary><c>SUCCESSFUL</c>.</summary>
    public static ServiceDeploymentStatus Successful { get; } = new("SUCCESSFUL");

    /// <summary><c>STOPPED</c>.</summary>
    public static ServiceDeploymentStatus Stopped { get; } = new("STOPPED");

    /// <summary><c>STOP_REQUESTED</c>.</summary>
    public static ServiceDeploymentStatus StopRequested { get; } = new("STOP_REQUESTED");

    /// <summary><c>IN_PROGRESS</c>.</summary>
    public static ServiceDeploymentStatus InProgress { get; } = new("IN_PROGRESS");

    /// <summary><c>ROLLBACK_REQUESTED</c>.</summary>
    public static ServiceDeploymentStatus RollbackRequested { get; } = new("ROLLBACK_REQUESTED");

    /// <summary><c>ROLLBACK_IN_PROGRESS</c>.</summary>
    public static ServiceDeploymentStatus RollbackInProgress { get; } = new("ROLLBACK_IN_PROGRESS");

    /// <summary><c>ROLLBACK_SUCCESSFUL</c>.</summary>
    public static ServiceDeploymentStatus RollbackSuccessful { get; } = new("ROLLBACK_SUCCESSFUL");

    /// <summary><c>ROLLBACK_FAILED</c>.</summary>
    public static ServiceDeploymentStatus RollbackFailed { get; } = new("ROLLBACK_FAILED");

    /// <inheritdoc />
    public static ServiceDeploymentStatus FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>Whether a task gets a public IP address. Open: a value AWS adds later is kept as it is.</summary>
[JsonConverter(typeof(OpenEnumerationConverter<AssignPublicIp>))]
public readonly record struct AssignPublicIp(string Value) : IOpenEnumeration<AssignPublicIp>
{
    /// <summary><c>ENABLED</c>.</summary>
    public static AssignPublicIp Enabled { get; } = new("ENABLED");

    /// <summary><c>DISABLED</c>.</summary>
    public static AssignPublicIp Disabled { get; } = new("DISABLED");

    /// <inheritdoc />
    public static AssignPublicIp FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>How a service schedules tasks. Open: a value AWS adds later is kept as it is.</summary>
[JsonConverter(typeof(OpenEnumerationConverter<SchedulingStrategy>))]
public readonly record struct SchedulingStrategy(string Value) : IOpenEnumeration<SchedulingStrategy>
{
    /// <summary><c>REPLICA</c>.</summary>
    public static SchedulingStrategy Replica { get; } = new("REPLICA");

    /// <summary><c>DAEMON</c>.</summary>
    public static SchedulingStrategy Daemon { get; } = new("DAEMON");

    /// <inheritdoc />
    public static SchedulingStrategy FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>How StopServiceDeployment stops a deployment. Open: a value AWS adds later is kept as it is.</summary>
[JsonConverter(typeof(OpenEnumerationConverter<StopServiceDeploymentStopType>))]
public readonly record struct StopServiceDeploymentStopType(string Value) : IOpenEnumeration<StopServiceDeploymentStopType>
{
    /// <summary><c>ABORT</c>.</summary>
    public static StopServiceDeploymentStopType Abort { get; } = new("ABORT");

    /// <summary><c>ROLLBACK</c>.</summary>
    public static StopServiceDeploymentStopType Rollback { get; } = new("ROLLBACK");

    /// <inheritdoc />
    public static StopServiceDeploymentStopType FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>The status of a service's deployment (<c>ecs#Deployment.status</c>). Open: a value AWS adds later is kept as it is.</summary>
[JsonConverter(typeof(OpenEnumerationConverter<DeploymentStatus>))]
public readonly record struct DeploymentStatus(string Value) : IOpenEnumeration<DeploymentStatus>
{
    /// <summary><c>PRIMARY</c>: the most recent deployment.</summary>
    public static DeploymentStatus Primary { get; } = new("PRIMARY");

    /// <summary><c>ACTIVE</c>: a previous deployment that still runs tasks.</summary>
    public static DeploymentStatus Active { get; } = new("ACTIVE");

    /// <summary><c>INACTIVE</c>: a deployment that has been completely replaced.</summary>
    public static DeploymentStatus Inactive { get; } = new("INACTIVE");

    /// <inheritdoc />
    public static DeploymentStatus FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>The status of a service (<c>ecs#Service.status</c>). Open: a value AWS adds later is kept as it is.</summary>
[JsonConverter(typeof(OpenEnumerationConverter<ServiceStatus>))]
public readonly record struct ServiceStatus(string Value) : IOpenEnumeration<ServiceStatus>
{
    /// <summary><c>ACTIVE</c>.</summary>
    public static ServiceStatus Active { get; } = new("ACTIVE");

    /// <summary><c>DRAINING</c>.</summary>
    public static ServiceStatus Draining { get; } = new("DRAINING");

    /// <summary><c>INACTIVE</c>.</summary>
    public static ServiceStatus Inactive { get; } = new("INACTIVE");

    /// <inheritdoc />
    public static ServiceStatus FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>
/// The lifecycle status of a task (<c>ecs#Task.lastStatus</c>,
/// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-lifecycle-explanation.html). Open: a value AWS adds
/// later is kept as it is.
/// </summary>
[JsonConverter(typeof(OpenEnumerationConverter<TaskLifecycleStatus>))]
public readonly record struct TaskLifecycleStatus(string Value) : IOpenEnumeration<TaskLifecycleStatus>
{
    /// <summary><c>RUNNING</c>.</summary>
    public static TaskLifecycleStatus Running { get; } = new("RUNNING");

    /// <summary><c>STOPPED</c>.</summary>
    public static TaskLifecycleStatus Stopped { get; } = new("STOPPED");

    /// <inheritdoc />
    public static TaskLifecycleStatus FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
