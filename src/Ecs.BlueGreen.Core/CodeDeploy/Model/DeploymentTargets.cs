using Ecs.BlueGreen.Aws.Json;

namespace Ecs.BlueGreen.CodeDeploy.Model;

/// <summary>ListDeploymentTargets input (<c>codedeploy#ListDeploymentTargetsInput</c>).</summary>
public sealed record ListDeploymentTargetsRequest : AwsShape
{
    /// <summary>The deployment's id (required).</summary>
    public required string DeploymentId { get; init; }

    /// <summary>A <c>nextToken</c> of an earlier page.</summary>
    public string? NextToken { get; init; }

    /// <summary>
    /// Filters by <c>TargetStatus</c> or <c>ServerInstanceLabel</c> (<see cref="TargetFilterName"/>), each with the
    /// values it lets through.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? TargetFilters { get; init; }
}

/// <summary>ListDeploymentTargets output.</summary>
public sealed record ListDeploymentTargetsResponse : AwsShape
{
    /// <summary>The targets' ids.</summary>
    public IReadOnlyList<string> TargetIds { get; init => field = value ?? []; } = [];

    /// <summary>The token of the next page; <see langword="null"/> on the last.</summary>
    public string? NextToken { get; init; }
}

/// <summary>BatchGetDeploymentTargets input (<c>codedeploy#BatchGetDeploymentTargetsInput</c>): up to 25 targets.</summary>
public sealed record BatchGetDeploymentTargetsRequest : AwsShape
{
    /// <summary>The deployment's id (required).</summary>
    public required string DeploymentId { get; init; }

    /// <summary>The targets' ids (required); for ECS <c>clusterName:serviceName</c>.</summary>
    public required IReadOnlyList<string> TargetIds { get; init; }
}

/// <summary>BatchGetDeploymentTargets output.</summary>
public sealed record BatchGetDeploymentTargetsResponse : AwsShape
{
    /// <summary>The targets.</summary>
    public IReadOnlyList<DeploymentTarget> DeploymentTargets { get; init => field = value ?? []; } = [];
}

/// <summary>A target of a deployment (<c>codedeploy#DeploymentTarget</c>), with the ECS kind.</summary>
public sealed record DeploymentTarget : AwsShape
{
    /// <summary><c>ECSTarget</c> for ECS.</summary>
    public DeploymentTargetType? DeploymentTargetType { get; init; }

    /// <summary>The ECS service deployed.</summary>
    public EcsTarget? EcsTarget { get; init; }
}

/// <summary>An ECS service deployed by CodeDeploy (<c>codedeploy#ECSTarget</c>).</summary>
public sealed record EcsTarget : AwsShape
{
    /// <summary>The deployment's id.</summary>
    public string? DeploymentId { get; init; }

    /// <summary>The target's id.</summary>
    public string? TargetId { get; init; }

    /// <summary>The service's ARN.</summary>
    public string? TargetArn { get; init; }

    /// <summary>When the target last changed.</summary>
    public DateTimeOffset? LastUpdatedAt { get; init; }

    /// <summary>The lifecycle events (hooks) and their states.</summary>
    public IReadOnlyList<LifecycleEvent> LifecycleEvents { get; init => field = value ?? []; } = [];

    /// <summary>The target's status.</summary>
    public TargetStatus? Status { get; init; }

    /// <summary>The original (blue) and replacement (green) task sets.</summary>
    public IReadOnlyList<EcsTaskSet> TaskSetsInfo { get; init => field = value ?? []; } = [];
}

/// <summary>A task set of an ECS target (<c>codedeploy#ECSTaskSet</c>).</summary>
public sealed record EcsTaskSet : AwsShape
{
    /// <summary>The task set's id (the model spells the member <c>identifer</c>).</summary>
    public string? Identifer { get; init; }

    /// <summary>The tasks wanted.</summary>
    public long? DesiredCount { get; init; }

    /// <summary>The tasks pending.</summary>
    public long? PendingCount { get; init; }

    /// <summary>The tasks running.</summary>
    public long? RunningCount { get; init; }

    /// <summary>The task set's status (<c>PRIMARY</c>, <c>ACTIVE</c>, <c>DRAINING</c>).</summary>
    public string? Status { get; init; }

    /// <summary>The share of production traffic, in percent.</summary>
    public double? TrafficWeight { get; init; }

    /// <summary>The target group.</summary>
    public TargetGroupInfo? TargetGroup { get; init; }

    /// <summary><c>Blue</c> (original) or <c>Green</c> (replacement).</summary>
    public TargetLabel? TaskSetLabel { get; init; }
}

/// <summary>A lifecycle event of a target (<c>codedeploy#LifecycleEvent</c>).</summary>
public sealed record LifecycleEvent : AwsShape
{
    /// <summary>The event, for example <c>AfterAllowTestTraffic</c>.</summary>
    public string? LifecycleEventName { get; init; }

    /// <summary>What went wrong.</summary>
    public Diagnostics? Diagnostics { get; init; }

    /// <summary>When it started.</summary>
    public DateTimeOffset? StartTime { get; init; }

    /// <summary>When it ended.</summary>
    public DateTimeOffset? EndTime { get; init; }

    /// <summary>Its status.</summary>
    public LifecycleEventStatus? Status { get; init; }
}

/// <summary>The diagnostics of a lifecycle event (<c>codedeploy#Diagnostics</c>).</summary>
public sealed record Diagnostics : AwsShape
{
    /// <summary>A <c>codedeploy#LifecycleErrorCode</c> value.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The script or hook.</summary>
    public string? ScriptName { get; init; }

    /// <summary>The message.</summary>
    public string? Message { get; init; }

    /// <summary>The last lines of the hook's log.</summary>
    public string? LogTail { get; init; }
}
