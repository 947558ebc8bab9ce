using Ecs.BlueGreen.Aws.Json;

namespace Ecs.BlueGreen.Ecs.Model;

/// <summary>A resource tag (<c>Tag</c>).</summary>
public sealed record Tag : AwsShape
{
    /// <summary>The tag key.</summary>
    public string? Key { get; init; }

    /// <summary>The tag value.</summary>
    public string? Value { get; init; }
}

/// <summary>A name and value, used for environment variables (<c>KeyValuePair</c>).</summary>
public sealed record NameValuePair : AwsShape
{
    /// <summary>The name.</summary>
    public string? Name { get; init; }

    /// <summary>The value.</summary>
    public string? Value { get; init; }
}

/// <summary>An item a Describe call could not return (<c>Failure</c>); <c>MISSING</c> means it does not exist.</summary>
public sealed record Failure : AwsShape
{
    /// <summary>The ARN or name that failed.</summary>
    public string? Arn { get; init; }

    /// <summary>Why, for example <c>MISSING</c>.</summary>
    public string? Reason { get; init; }

    /// <summary>More detail, when given.</summary>
    public string? Detail { get; init; }
}

/// <summary>The network configuration of a service or task (<c>NetworkConfiguration</c>).</summary>
public sealed record NetworkConfiguration : AwsShape
{
    /// <summary>The VPC subnets and security groups of <c>awsvpc</c> tasks.</summary>
    public AwsVpcConfiguration? AwsvpcConfiguration { get; init; }
}

/// <summary>Subnets, security groups and public IP of <c>awsvpc</c> tasks (<c>AwsVpcConfiguration</c>).</summary>
public sealed record AwsVpcConfiguration : AwsShape
{
    /// <summary>The subnets (required).</summary>
    public required IReadOnlyList<string> Subnets { get; init; }

    /// <summary>The security groups.</summary>
    public IReadOnlyList<string>? SecurityGroups { get; init; }

    /// <summary>Whether tasks get a public IP address.</summary>
    public AssignPublicIp? AssignPublicIp { get; init; }
}

/// <summary>One capacity provider of a strategy (<c>CapacityProviderStrategyItem</c>).</summary>
public sealed record CapacityProviderStrategyItem : AwsShape
{
    /// <summary>The capacity provider's name (required).</summary>
    public required string CapacityProvider { get; init; }

    /// <summary>The relative weight.</summary>
    public int? Weight { get; init; }

    /// <summary>The minimum number of tasks on this provider.</summary>
    public int? Base { get; init; }
}

/// <summary>A load balancer a service registers its tasks with (<c>LoadBalancer</c>).</summary>
public sealed record LoadBalancer : AwsShape
{
    /// <summary>The target group's ARN.</summary>
    public string? TargetGroupArn { get; init; }

    /// <summary>A Classic Load Balancer's name.</summary>
    public string? LoadBalancerName { get; init; }

    /// <summary>The container that receives traffic.</summary>
    public string? ContainerName { get; init; }

    /// <summary>The container port that receives traffic.</summary>
    public int? ContainerPort { get; init; }

    /// <summary>The alternate target group and listener rules of a native blue/green deployment (<c>ecs#LoadBalancer.advancedConfiguration</c>).</summary>
    public AdvancedConfiguration? AdvancedConfiguration { get; init; }
}

/// <summary>What ECS shifts traffic with in a native blue/green deployment (<c>ecs#AdvancedConfiguration</c>).</summary>
public sealed record AdvancedConfiguration : AwsShape
{
    /// <summary>The target group the new revision registers with.</summary>
    public string? AlternateTargetGroupArn { get; init; }

    /// <summary>The production listener rule (ALB) or listener (NLB).</summary>
    public string? ProductionListenerRule { get; init; }

    /// <summary>The test listener rule (ALB) or listener (NLB), when there is one.</summary>
    public string? TestListenerRule { get; init; }

    /// <summary>The role that lets ECS call Elastic Load Balancing.</summary>
    public string? RoleArn { get; init; }
}
