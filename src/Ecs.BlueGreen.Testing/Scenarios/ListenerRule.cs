namespace Ecs.BlueGreen.Testing.Scenarios;

/// <summary>
/// An Elastic Load Balancing listener rule (or, for a Network Load Balancer, a listener) that a service's
/// <c>loadBalancers[].advancedConfiguration</c> can name as its <c>productionListenerRule</c> or <c>testListenerRule</c>
/// (<c>ecs#AdvancedConfiguration</c>). A target group exists in the emulator when a rule lists it. A native blue/green
/// deployment checks that the service's two target groups are associated with its rules
/// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/migrate-codedeploy-to-ecs-bluegreen.html).
/// An <see cref="Hosting.EcsEmulatorServer"/> serves each rule as plain HTTP on 127.0.0.1, routing every request to a RUNNING
/// task of the service revision the rule's current traffic weights choose.
/// </summary>
/// <example>
/// <code>
/// {"arn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/1/2/3",
///  "targetGroups": ["arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/blue/1",
///                   "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/green/2"],
///  "port": 0}
/// </code>
/// </example>
public sealed record ListenerRule
{
    /// <summary>The rule's ARN (or the listener's, for a Network Load Balancer).</summary>
    public string Arn { get; init; } = string.Empty;

    /// <summary>The ARNs of the target groups the rule forwards to.</summary>
    public IReadOnlyList<string> TargetGroups { get; init; } = [];

    /// <summary>The port on 127.0.0.1 an <see cref="Hosting.EcsEmulatorServer"/> serves the rule on; 0 picks a free one.</summary>
    /// <value>The default value is 0.</value>
    public int Port { get; init; }
}
