using Ecs.BlueGreen.Aws.Json;

namespace Ecs.BlueGreen.Ecs.Model;

/// <summary>An ECS service (<c>ecs#Service</c>).</summary>
public sealed record Service : AwsShape
{
    /// <summary>The service's ARN.</summary>
    public string? ServiceArn { get; init; }

    /// <summary>The service's name.</summary>
    public string? ServiceName { get; init; }

    /// <summary>The ARN of the cluster that hosts the service.</summary>
    public string? ClusterArn { get; init; }

    /// <summary><c>ACTIVE</c>, <c>DRAINING</c> or <c>INACTIVE</c>.</summary>
    public string? Status { get; init; }

    /// <summary>The number of tasks the service keeps running.</summary>
    public int? DesiredCount { get; init; }

    /// <summary>Tasks in <c>RUNNING</c>.</summary>
    public int? RunningCount { get; init; }

    /// <summary>Tasks in <c>PENDING</c>.</summary>
    public int? PendingCount { get; init; }

    /// <summary>The launch type.</summary>
    public LaunchType? LaunchType { get; init; }

    /// <summary>The capacity provider strategy.</summary>
    public IReadOnlyList<CapacityProviderStrategyItem>? CapacityProviderStrategy { get; init; }

    /// <summary>The Fargate platform version.</summary>
    public string? PlatformVersion { get; init; }

    /// <summary>The task definition of the PRIMARY deployment.</summary>
    public string? TaskDefinition { get; init; }

    /// <summary>Circuit breaker, alarms, strategy and limits of deployments.</summary>
    public DeploymentConfiguration? DeploymentConfiguration { get; init; }

    /// <summary>The deployments of the service, PRIMARY first.</summary>
    public IReadOnlyList<Deployment> Deployments { get; init => field = value ?? []; } = [];

    /// <summary>Up to 100 of the latest events, newest first.</summary>
    public IReadOnlyList<ServiceEvent> Events { get; init => field = value ?? []; } = [];

    /// <summary>When the service was created.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>The ARN of the current service deployment.</summary>
    public string? CurrentServiceDeployment { get; init; }

    /// <summary>The network configuration.</summary>
    public NetworkConfiguration? NetworkConfiguration { get; init; }

    /// <summary>The load balancers.</summary>
    public IReadOnlyList<LoadBalancer>? LoadBalancers { get; init; }

    /// <summary>The deployment controller; absent means <c>ECS</c> (<c>ecs#CreateServiceRequest.deploymentController</c>).</summary>
    public DeploymentController? DeploymentController { get; init; }

    /// <summary><c>REPLICA</c> or <c>DAEMON</c>.</summary>
    public SchedulingStrategy? SchedulingStrategy { get; init; }

    /// <summary>The grace period for health checks after a task starts.</summary>
    public int? HealthCheckGracePeriodSeconds { get; init; }

    /// <summary>The service's tags, when asked for.</summary>
    public IReadOnlyList<Tag>? Tags { get; init; }

    /// <summary>The task sets of a CODE_DEPLOY or EXTERNAL service (<c>ecs#Service.taskSets</c>); empty for the ECS controller.</summary>
    public IReadOnlyList<TaskSet> TaskSets { get; init => field = value ?? []; } = [];
}

/// <summary>A task set of a CODE_DEPLOY or EXTERNAL service (<c>ecs#TaskSet</c>: the members read here; others are kept).</summary>
public sealed record TaskSet : AwsShape
{
    /// <summary>Its id.</summary>
    public string? Id { get; init; }

    /// <summary>PRIMARY, ACTIVE or DRAINING.</summary>
    public string? Status { get; init; }

    /// <summary>The revision its tasks run.</summary>
    public string? TaskDefinition { get; init; }
}

/// <summary>One deployment of a service (<c>Deployment</c>): PRIMARY, ACTIVE or INACTIVE.</summary>
public sealed record Deployment : AwsShape
{
    /// <summary>The deployment's id, <c>ecs-svc/…</c>; tasks it starts carry it in <c>startedBy</c>.</summary>
    public string? Id { get; init; }

    /// <summary><c>PRIMARY</c>, <c>ACTIVE</c> or <c>INACTIVE</c>.</summary>
    public string? Status { get; init; }

    /// <summary>The task definition this deployment runs.</summary>
    public string? TaskDefinition { get; init; }

    /// <summary>Tasks this deployment should run.</summary>
    public int? DesiredCount { get; init; }

    /// <summary>Tasks of this deployment in <c>PENDING</c>.</summary>
    public int? PendingCount { get; init; }

    /// <summary>Tasks of this deployment in <c>RUNNING</c>.</summary>
    public int? RunningCount { get; init; }

    /// <summary>Consecutively failed tasks (<c>ecs#Deployment.failedTasks</c>).</summary>
    public int? FailedTasks { get; init; }

    /// <summary>When the deployment was created.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When the deployment last changed.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>The launch type.</summary>
    public LaunchType? LaunchType { get; init; }

    /// <summary>The platform version.</summary>
    public string? PlatformVersion { get; init; }

    /// <summary>The network configuration.</summary>
    public NetworkConfiguration? NetworkConfiguration { get; init; }

    /// <summary><c>IN_PROGRESS</c>, <c>COMPLETED</c> or <c>FAILED</c>.</summary>
    public DeploymentRolloutState? RolloutState { get; init; }

    /// <summary>Why the rollout is in its state.</summary>
    public string? RolloutStateReason { get; init; }
}

/// <summary>How a service deploys (<c>ecs#DeploymentConfiguration</c>).</summary>
public sealed record DeploymentConfiguration : AwsShape
{
    /// <summary>The deployment circuit breaker.</summary>
    public DeploymentCircuitBreaker? DeploymentCircuitBreaker { get; init; }

    /// <summary>Upper limit of RUNNING and PENDING tasks, as a percentage of the desired count (rounded down).</summary>
    public int? MaximumPercent { get; init; }

    /// <summary>Lower limit of RUNNING tasks, as a percentage of the desired count (rounded up).</summary>
    public int? MinimumHealthyPercent { get; init; }

    /// <summary>CloudWatch alarms that fail the deployment.</summary>
    public DeploymentAlarms? Alarms { get; init; }

    /// <summary>The deployment strategy.</summary>
    public DeploymentStrategy? Strategy { get; init; }

    /// <summary>Minutes both revisions run after a blue/green shift.</summary>
    public int? BakeTimeInMinutes { get; init; }

    /// <summary>Lifecycle hooks of a BLUE_GREEN, LINEAR or CANARY deployment (<c>ecs#DeploymentConfiguration.lifecycleHooks</c>).</summary>
    public IReadOnlyList<DeploymentLifecycleHook>? LifecycleHooks { get; init; }

    /// <summary>The steps of a LINEAR deployment (<c>ecs#DeploymentConfiguration.linearConfiguration</c>).</summary>
    public LinearConfiguration? LinearConfiguration { get; init; }

    /// <summary>The canary of a CANARY deployment (<c>ecs#DeploymentConfiguration.canaryConfiguration</c>).</summary>
    public CanaryConfiguration? CanaryConfiguration { get; init; }
}

/// <summary>A lifecycle hook (<c>ecs#DeploymentLifecycleHook</c>): a Lambda function or a PAUSE at the stages named.</summary>
public sealed record DeploymentLifecycleHook : AwsShape
{
    /// <summary>AWS_LAMBDA (the default) or PAUSE.</summary>
    public string? TargetType { get; init; }

    /// <summary>The Lambda function's ARN (AWS_LAMBDA hooks).</summary>
    public string? HookTargetArn { get; init; }

    /// <summary>The role ECS uses to invoke the function.</summary>
    public string? RoleArn { get; init; }

    /// <summary>The stages the hook runs at (<c>ecs#DeploymentLifecycleHookStage</c>).</summary>
    public IReadOnlyList<string>? LifecycleStages { get; init; }

    /// <summary>How long the hook may take, and what happens then.</summary>
    public DeploymentLifecycleHookTimeoutConfiguration? TimeoutConfiguration { get; init; }
}

/// <summary>A hook's time limit (<c>ecs#DeploymentLifecycleHookTimeoutConfiguration</c>).</summary>
public sealed record DeploymentLifecycleHookTimeoutConfiguration : AwsShape
{
    /// <summary>Minutes, 1–20160; ECS's default is 1440.</summary>
    public int? TimeoutInMinutes { get; init; }

    /// <summary>ROLLBACK (ECS's default) or CONTINUE.</summary>
    public string? Action { get; init; }
}

/// <summary>The steps of a LINEAR deployment (<c>ecs#LinearConfiguration</c>).</summary>
public sealed record LinearConfiguration : AwsShape
{
    /// <summary>Percent of production traffic shifted per step, 3.0–100.0; ECS's default is 10.</summary>
    public double? StepPercent { get; init; }

    /// <summary>Minutes between steps, 0–1440; ECS's default is 6.</summary>
    public int? StepBakeTimeInMinutes { get; init; }
}

/// <summary>The canary of a CANARY deployment (<c>ecs#CanaryConfiguration</c>).</summary>
public sealed record CanaryConfiguration : AwsShape
{
    /// <summary>Percent of production traffic sent to the canary, 0.1–100.0; ECS's default is 5.</summary>
    public double? CanaryPercent { get; init; }

    /// <summary>Minutes the canary runs before the rest is shifted, 0–1440; ECS's default is 10.</summary>
    public int? CanaryBakeTimeInMinutes { get; init; }
}

/// <summary>The deployment circuit breaker (<c>ecs#DeploymentCircuitBreaker</c>).</summary>
public sealed record DeploymentCircuitBreaker : AwsShape
{
    /// <summary>Whether the circuit breaker is on (required).</summary>
    public required bool Enable { get; init; }

    /// <summary>Whether a failed deployment rolls back (required).</summary>
    public required bool Rollback { get; init; }

    /// <summary>Whether a healthy task resets the failure count.</summary>
    public bool? ResetOnHealthyTask { get; init; }

    /// <summary>The failure threshold.</summary>
    public ThresholdConfiguration? ThresholdConfiguration { get; init; }
}

/// <summary>The circuit breaker's failure threshold (<c>ThresholdConfiguration</c>).</summary>
public sealed record ThresholdConfiguration : AwsShape
{
    /// <summary><c>COUNT</c>, <c>BOUNDED_PERCENT</c> or <c>UNBOUNDED_PERCENT</c> (required).</summary>
    public required string Type { get; init; }

    /// <summary>The count or percentage (required).</summary>
    public required int Value { get; init; }
}

/// <summary>Alarms that fail a deployment (<c>DeploymentAlarms</c>).</summary>
public sealed record DeploymentAlarms : AwsShape
{
    /// <summary>The alarm names (required).</summary>
    public required IReadOnlyList<string> AlarmNames { get; init; }

    /// <summary>Whether a failed deployment rolls back (required).</summary>
    public required bool Rollback { get; init; }

    /// <summary>Whether alarms are watched (required).</summary>
    public required bool Enable { get; init; }
}

/// <summary>The deployment controller of a service (<c>DeploymentController</c>).</summary>
public sealed record DeploymentController : AwsShape
{
    /// <summary><c>ECS</c>, <c>CODE_DEPLOY</c> or <c>EXTERNAL</c> (required).</summary>
    public required DeploymentControllerType Type { get; init; }
}

/// <summary>A service event (<c>ecs#ServiceEvent</c>).</summary>
public sealed record ServiceEvent : AwsShape
{
    /// <summary>The event's id.</summary>
    public string? Id { get; init; }

    /// <summary>When the event happened.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>ECS's message.</summary>
    public string? Message { get; init; }
}
