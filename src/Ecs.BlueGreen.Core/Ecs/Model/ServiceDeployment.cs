using Ecs.BlueGreen.Aws.Json;

namespace Ecs.BlueGreen.Ecs.Model;

/// <summary>A service deployment in detail (<c>ecs#ServiceDeployment</c>).</summary>
public sealed record ServiceDeployment : AwsShape
{
    /// <summary>The service deployment's ARN.</summary>
    public string? ServiceDeploymentArn { get; init; }

    /// <summary>The service's ARN.</summary>
    public string? ServiceArn { get; init; }

    /// <summary>The cluster's ARN.</summary>
    public string? ClusterArn { get; init; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When it started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it finished.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>When it was stopped.</summary>
    public DateTimeOffset? StoppedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>The revisions being replaced.</summary>
    public IReadOnlyList<ServiceRevisionSummary>? SourceServiceRevisions { get; init; }

    /// <summary>The revision being deployed.</summary>
    public ServiceRevisionSummary? TargetServiceRevision { get; init; }

    /// <summary>The status.</summary>
    public ServiceDeploymentStatus? Status { get; init; }

    /// <summary>Why it is in its status.</summary>
    public string? StatusReason { get; init; }

    /// <summary>The lifecycle stage, for example <c>BAKE_TIME</c>.</summary>
    public string? LifecycleStage { get; init; }

    /// <summary>The hooks of the current stage and their states (<c>ecs#ServiceDeployment.lifecycleHookDetails</c>).</summary>
    public IReadOnlyList<DeploymentLifecycleHookDetail>? LifecycleHookDetails { get; init; }

    /// <summary>The deployment configuration in force.</summary>
    public DeploymentConfiguration? DeploymentConfiguration { get; init; }

    /// <summary>The rollback, when one happened.</summary>
    public ServiceDeploymentRollback? Rollback { get; init; }

    /// <summary>The circuit breaker's view.</summary>
    public ServiceDeploymentCircuitBreaker? DeploymentCircuitBreaker { get; init; }

    /// <summary>The alarms' view.</summary>
    public ServiceDeploymentAlarms? Alarms { get; init; }
}

/// <summary>A service deployment in brief (<c>ServiceDeploymentBrief</c>).</summary>
public sealed record ServiceDeploymentBrief : AwsShape
{
    /// <summary>The service deployment's ARN.</summary>
    public string? ServiceDeploymentArn { get; init; }

    /// <summary>The service's ARN.</summary>
    public string? ServiceArn { get; init; }

    /// <summary>The cluster's ARN.</summary>
    public string? ClusterArn { get; init; }

    /// <summary>When it started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>When it finished.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The ARN of the revision being deployed.</summary>
    public string? TargetServiceRevisionArn { get; init; }

    /// <summary>The status.</summary>
    public ServiceDeploymentStatus? Status { get; init; }

    /// <summary>Why it is in its status.</summary>
    public string? StatusReason { get; init; }
}

/// <summary>A service revision and its task counts (<c>ServiceRevisionSummary</c>).</summary>
public sealed record ServiceRevisionSummary : AwsShape
{
    /// <summary>The service revision's ARN.</summary>
    public string? Arn { get; init; }

    /// <summary>Tasks requested.</summary>
    public int? RequestedTaskCount { get; init; }

    /// <summary>Tasks running.</summary>
    public int? RunningTaskCount { get; init; }

    /// <summary>Tasks pending.</summary>
    public int? PendingTaskCount { get; init; }

    /// <summary>Percent of test traffic this revision is to receive (<c>ecs#ServiceRevisionSummary.requestedTestTrafficWeight</c>).</summary>
    public double? RequestedTestTrafficWeight { get; init; }

    /// <summary>Percent of production traffic this revision is to receive (<c>ecs#ServiceRevisionSummary.requestedProductionTrafficWeight</c>).</summary>
    public double? RequestedProductionTrafficWeight { get; init; }
}

/// <summary>One lifecycle hook of a service deployment and its state (<c>ecs#DeploymentLifecycleHookDetail</c>).</summary>
public sealed record DeploymentLifecycleHookDetail : AwsShape
{
    /// <summary>The hook's id, which ContinueServiceDeployment names.</summary>
    public string? HookId { get; init; }

    /// <summary>AWS_LAMBDA or PAUSE.</summary>
    public string? TargetType { get; init; }

    /// <summary>The Lambda function, for AWS_LAMBDA hooks.</summary>
    public string? TargetArn { get; init; }

    /// <summary>AWAITING_ACTION, IN_PROGRESS, SUCCEEDED, FAILED or TIMED_OUT (<c>ecs#DeploymentLifecycleHookStatus</c>).</summary>
    public string? Status { get; init; }

    /// <summary>When the hook times out.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>What ECS does when it times out: ROLLBACK or CONTINUE.</summary>
    public string? TimeoutAction { get; init; }
}

/// <summary>A rollback of a service deployment (<c>Rollback</c>).</summary>
public sealed record ServiceDeploymentRollback : AwsShape
{
    /// <summary>Why it rolled back.</summary>
    public string? Reason { get; init; }

    /// <summary>When the rollback started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>The revision rolled back to.</summary>
    public string? ServiceRevisionArn { get; init; }
}

/// <summary>The circuit breaker's view of a service deployment (<c>ServiceDeploymentCircuitBreaker</c>).</summary>
public sealed record ServiceDeploymentCircuitBreaker : AwsShape
{
    /// <summary><c>TRIGGERED</c>, <c>MONITORING</c>, <c>MONITORING_COMPLETE</c> or <c>DISABLED</c>.</summary>
    public string? Status { get; init; }

    /// <summary>Failed tasks counted.</summary>
    public int? FailureCount { get; init; }

    /// <summary>The threshold.</summary>
    public int? Threshold { get; init; }
}

/// <summary>The alarms' view of a service deployment (<c>ServiceDeploymentAlarms</c>).</summary>
public sealed record ServiceDeploymentAlarms : AwsShape
{
    /// <summary><c>TRIGGERED</c>, <c>MONITORING</c>, <c>MONITORING_COMPLETE</c> or <c>DISABLED</c>.</summary>
    public string? Status { get; init; }

    /// <summary>The watched alarms.</summary>
    public IReadOnlyList<string>? AlarmNames { get; init; }

    /// <summary>The alarms that fired.</summary>
    public IReadOnlyList<string>? TriggeredAlarmNames { get; init; }
}

/// <summary>A creation-time filter (<c>CreatedAt</c>).</summary>
public sealed record CreatedAtFilter : AwsShape
{
    /// <summary>Created before this time.</summary>
    public DateTimeOffset? Before { get; init; }

    /// <summary>Created after this time.</summary>
    public DateTimeOffset? After { get; init; }
}
