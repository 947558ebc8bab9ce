using Ecs.BlueGreen.Aws.Json;

namespace Ecs.BlueGreen.CodeDeploy.Model;

/// <summary>GetDeploymentGroup input (<c>codedeploy#GetDeploymentGroupInput</c>).</summary>
public sealed record GetDeploymentGroupRequest : AwsShape
{
    /// <summary>The application (required).</summary>
    public required string ApplicationName { get; init; }

    /// <summary>The deployment group (required).</summary>
    public required string DeploymentGroupName { get; init; }
}

/// <summary>GetDeploymentGroup output.</summary>
public sealed record GetDeploymentGroupResponse : AwsShape
{
    /// <summary>The deployment group.</summary>
    public DeploymentGroupInfo? DeploymentGroupInfo { get; init; }
}

/// <summary>ListDeploymentGroups input (<c>codedeploy#ListDeploymentGroupsInput</c>).</summary>
public sealed record ListDeploymentGroupsRequest : AwsShape
{
    /// <summary>The application (required).</summary>
    public required string ApplicationName { get; init; }

    /// <summary>A <c>nextToken</c> of an earlier page.</summary>
    public string? NextToken { get; init; }
}

/// <summary>ListDeploymentGroups output.</summary>
public sealed record ListDeploymentGroupsResponse : AwsShape
{
    /// <summary>The application.</summary>
    public string? ApplicationName { get; init; }

    /// <summary>The names of its deployment groups.</summary>
    public IReadOnlyList<string> DeploymentGroups { get; init => field = value ?? []; } = [];

    /// <summary>The token of the next page; <see langword="null"/> on the last.</summary>
    public string? NextToken { get; init; }
}

/// <summary>
/// A deployment group (<c>codedeploy#DeploymentGroupInfo</c>), with the members an ECS blue/green deployment reads;
/// the EC2 and on-premises members are kept in <see cref="AwsShape.AdditionalMembers"/>.
/// </summary>
public sealed record DeploymentGroupInfo : AwsShape
{
    /// <summary>The application.</summary>
    public string? ApplicationName { get; init; }

    /// <summary>The group's id.</summary>
    public string? DeploymentGroupId { get; init; }

    /// <summary>The group's name.</summary>
    public string? DeploymentGroupName { get; init; }

    /// <summary>The group's default deployment configuration.</summary>
    public string? DeploymentConfigName { get; init; }

    /// <summary>The role CodeDeploy acts as.</summary>
    public string? ServiceRoleArn { get; init; }

    /// <summary>The revision of the last deployment.</summary>
    public RevisionLocation? TargetRevision { get; init; }

    /// <summary>The CloudWatch alarms that stop a deployment.</summary>
    public AlarmConfiguration? AlarmConfiguration { get; init; }

    /// <summary>When a deployment rolls back by itself.</summary>
    public AutoRollbackConfiguration? AutoRollbackConfiguration { get; init; }

    /// <summary>In place or blue/green, with or without traffic control.</summary>
    public DeploymentStyle? DeploymentStyle { get; init; }

    /// <summary>When traffic is rerouted and when the original task set is removed.</summary>
    public BlueGreenDeploymentConfiguration? BlueGreenDeploymentConfiguration { get; init; }

    /// <summary>The target groups and listeners.</summary>
    public LoadBalancerInfo? LoadBalancerInfo { get; init; }

    /// <summary>The last deployment that succeeded.</summary>
    public LastDeploymentInfo? LastSuccessfulDeployment { get; init; }

    /// <summary>The last deployment attempted.</summary>
    public LastDeploymentInfo? LastAttemptedDeployment { get; init; }

    /// <summary><c>Server</c>, <c>Lambda</c> or <c>ECS</c>.</summary>
    public ComputePlatform? ComputePlatform { get; init; }

    /// <summary>The ECS services of the group.</summary>
    public IReadOnlyList<EcsService> EcsServices { get; init => field = value ?? []; } = [];
}

/// <summary>An ECS service of a deployment group (<c>codedeploy#ECSService</c>).</summary>
public sealed record EcsService : AwsShape
{
    /// <summary>The service's name.</summary>
    public string? ServiceName { get; init; }

    /// <summary>The cluster's name.</summary>
    public string? ClusterName { get; init; }
}

/// <summary>The CloudWatch alarms of a group or a deployment (<c>codedeploy#AlarmConfiguration</c>).</summary>
public sealed record AlarmConfiguration : AwsShape
{
    /// <summary>Whether the alarms are watched.</summary>
    public bool? Enabled { get; init; }

    /// <summary>Whether a deployment goes on when the alarm states cannot be read.</summary>
    public bool? IgnorePollAlarmFailure { get; init; }

    /// <summary>The alarms.</summary>
    public IReadOnlyList<Alarm> Alarms { get; init => field = value ?? []; } = [];
}

/// <summary>A CloudWatch alarm by name (<c>codedeploy#Alarm</c>).</summary>
public sealed record Alarm : AwsShape
{
    /// <summary>The alarm's name.</summary>
    public string? Name { get; init; }
}

/// <summary>When a deployment rolls back by itself (<c>codedeploy#AutoRollbackConfiguration</c>).</summary>
public sealed record AutoRollbackConfiguration : AwsShape
{
    /// <summary>Whether automatic rollback is on.</summary>
    public bool? Enabled { get; init; }

    /// <summary>The events that roll back.</summary>
    public IReadOnlyList<AutoRollbackEvent> Events { get; init => field = value ?? []; } = [];
}

/// <summary>The style of a deployment (<c>codedeploy#DeploymentStyle</c>).</summary>
public sealed record DeploymentStyle : AwsShape
{
    /// <summary><c>IN_PLACE</c> or <c>BLUE_GREEN</c>.</summary>
    public DeploymentType? DeploymentType { get; init; }

    /// <summary><c>WITH_TRAFFIC_CONTROL</c> or <c>WITHOUT_TRAFFIC_CONTROL</c>.</summary>
    public DeploymentOption? DeploymentOption { get; init; }
}

/// <summary>The blue/green options (<c>codedeploy#BlueGreenDeploymentConfiguration</c>), with the members ECS uses.</summary>
public sealed record BlueGreenDeploymentConfiguration : AwsShape
{
    /// <summary>What happens to the original task set after success.</summary>
    public BlueInstanceTerminationOption? TerminateBlueInstancesOnDeploymentSuccess { get; init; }

    /// <summary>Whether traffic is rerouted at once or after a ContinueDeployment.</summary>
    public DeploymentReadyOption? DeploymentReadyOption { get; init; }
}

/// <summary>What happens to the original environment (<c>codedeploy#BlueInstanceTerminationOption</c>).</summary>
public sealed record BlueInstanceTerminationOption : AwsShape
{
    /// <summary><c>TERMINATE</c> or <c>KEEP_ALIVE</c>.</summary>
    public InstanceAction? Action { get; init; }

    /// <summary>The minutes before the original task set is removed.</summary>
    public int? TerminationWaitTimeInMinutes { get; init; }
}

/// <summary>When traffic is rerouted (<c>codedeploy#DeploymentReadyOption</c>).</summary>
public sealed record DeploymentReadyOption : AwsShape
{
    /// <summary><c>CONTINUE_DEPLOYMENT</c> (at once) or <c>STOP_DEPLOYMENT</c> (unless continued in time).</summary>
    public DeploymentReadyAction? ActionOnTimeout { get; init; }

    /// <summary>The minutes to wait for a ContinueDeployment.</summary>
    public int? WaitTimeInMinutes { get; init; }
}

/// <summary>The target groups and listeners of a group (<c>codedeploy#LoadBalancerInfo</c>), with the member ECS uses.</summary>
public sealed record LoadBalancerInfo : AwsShape
{
    /// <summary>The two target groups with their production and test listeners.</summary>
    public IReadOnlyList<TargetGroupPairInfo> TargetGroupPairInfoList { get; init => field = value ?? []; } = [];
}

/// <summary>Two target groups and their listeners (<c>codedeploy#TargetGroupPairInfo</c>).</summary>
public sealed record TargetGroupPairInfo : AwsShape
{
    /// <summary>The two target groups.</summary>
    public IReadOnlyList<TargetGroupInfo> TargetGroups { get; init => field = value ?? []; } = [];

    /// <summary>The production listener.</summary>
    public TrafficRoute? ProdTrafficRoute { get; init; }

    /// <summary>The optional test listener.</summary>
    public TrafficRoute? TestTrafficRoute { get; init; }
}

/// <summary>A target group by name (<c>codedeploy#TargetGroupInfo</c>).</summary>
public sealed record TargetGroupInfo : AwsShape
{
    /// <summary>The target group's name.</summary>
    public string? Name { get; init; }
}

/// <summary>Listeners (<c>codedeploy#TrafficRoute</c>).</summary>
public sealed record TrafficRoute : AwsShape
{
    /// <summary>The listeners' ARNs.</summary>
    public IReadOnlyList<string> ListenerArns { get; init => field = value ?? []; } = [];
}

/// <summary>A group's last deployment (<c>codedeploy#LastDeploymentInfo</c>).</summary>
public sealed record LastDeploymentInfo : AwsShape
{
    /// <summary>The deployment's id.</summary>
    public string? DeploymentId { get; init; }

    /// <summary>Its status.</summary>
    public DeploymentStatus? Status { get; init; }

    /// <summary>When it ended.</summary>
    public DateTimeOffset? EndTime { get; init; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset? CreateTime { get; init; }
}
