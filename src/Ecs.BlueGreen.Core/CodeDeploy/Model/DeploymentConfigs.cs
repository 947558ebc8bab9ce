using Ecs.BlueGreen.Aws.Json;

namespace Ecs.BlueGreen.CodeDeploy.Model;

/// <summary>GetDeploymentConfig input (<c>codedeploy#GetDeploymentConfigInput</c>).</summary>
public sealed record GetDeploymentConfigRequest : AwsShape
{
    /// <summary>The configuration, for example <c>CodeDeployDefault.ECSAllAtOnce</c> (required).</summary>
    public required string DeploymentConfigName { get; init; }
}

/// <summary>GetDeploymentConfig output.</summary>
public sealed record GetDeploymentConfigResponse : AwsShape
{
    /// <summary>The configuration.</summary>
    public DeploymentConfigInfo? DeploymentConfigInfo { get; init; }
}

/// <summary>A deployment configuration (<c>codedeploy#DeploymentConfigInfo</c>), with the members this library reads.</summary>
public sealed record DeploymentConfigInfo : AwsShape
{
    /// <summary>The configuration's id.</summary>
    public string? DeploymentConfigId { get; init; }

    /// <summary>The configuration's name.</summary>
    public string? DeploymentConfigName { get; init; }

    /// <summary>The minimum healthy instances (EC2/on-premises only).</summary>
    public MinimumHealthyHosts? MinimumHealthyHosts { get; init; }

    /// <summary>When the configuration was created.</summary>
    public DateTimeOffset? CreateTime { get; init; }

    /// <summary><c>Server</c>, <c>Lambda</c> or <c>ECS</c>.</summary>
    public ComputePlatform? ComputePlatform { get; init; }

    /// <summary>How traffic moves to the replacement task set (ECS and Lambda).</summary>
    public TrafficRoutingConfig? TrafficRoutingConfig { get; init; }
}

/// <summary>The minimum healthy instances of a configuration (<c>codedeploy#MinimumHealthyHosts</c>).</summary>
public sealed record MinimumHealthyHosts : AwsShape
{
    /// <summary><c>HOST_COUNT</c> or <c>FLEET_PERCENT</c>.</summary>
    public MinimumHealthyHostsType? Type { get; init; }

    /// <summary>The count or percentage.</summary>
    public int? Value { get; init; }
}

/// <summary>How traffic moves (<c>codedeploy#TrafficRoutingConfig</c>).</summary>
public sealed record TrafficRoutingConfig : AwsShape
{
    /// <summary><c>TimeBasedCanary</c>, <c>TimeBasedLinear</c> or <c>AllAtOnce</c>.</summary>
    public TrafficRoutingType? Type { get; init; }

    /// <summary>The two steps of a canary configuration.</summary>
    public TimeBasedCanary? TimeBasedCanary { get; init; }

    /// <summary>The equal steps of a linear configuration.</summary>
    public TimeBasedLinear? TimeBasedLinear { get; init; }
}

/// <summary>A canary: a share of the traffic first, the rest after an interval (<c>codedeploy#TimeBasedCanary</c>).</summary>
public sealed record TimeBasedCanary : AwsShape
{
    /// <summary>The share moved first, in percent.</summary>
    public int? CanaryPercentage { get; init; }

    /// <summary>The minutes between the two steps.</summary>
    public int? CanaryInterval { get; init; }
}

/// <summary>Equal steps at equal intervals (<c>codedeploy#TimeBasedLinear</c>).</summary>
public sealed record TimeBasedLinear : AwsShape
{
    /// <summary>The share moved each step, in percent.</summary>
    public int? LinearPercentage { get; init; }

    /// <summary>The minutes between steps.</summary>
    public int? LinearInterval { get; init; }
}
