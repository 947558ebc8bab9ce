namespace Ecs.BlueGreen.Deployments;

/// <summary>
/// A lifecycle event of an ECS deployment through CodeDeploy (<c>codedeploy#LifecycleEvent.lifecycleEventName</c>), in
/// the order CodeDeploy runs them (https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-steps-ecs.html):
/// the hooks BeforeInstall, AfterInstall, AfterAllowTestTraffic, BeforeAllowTraffic and AfterAllowTraffic around
/// CodeDeploy's own Install, AllowTestTraffic and AllowTraffic. Open: a name AWS adds later is kept as it is.
/// </summary>
public readonly record struct CodeDeployLifecycleEvent(string Value)
{
    /// <summary><c>BeforeInstall</c> (hook): before the replacement task set is created.</summary>
    public static CodeDeployLifecycleEvent BeforeInstall { get; } = new("BeforeInstall");

    /// <summary><c>Install</c>: the replacement (green) task set is created and attached to the second target group.</summary>
    public static CodeDeployLifecycleEvent Install { get; } = new("Install");

    /// <summary><c>AfterInstall</c> (hook): the replacement task set runs, with no traffic.</summary>
    public static CodeDeployLifecycleEvent AfterInstall { get; } = new("AfterInstall");

    /// <summary><c>AllowTestTraffic</c>: the test listener sends its traffic to the replacement task set.</summary>
    public static CodeDeployLifecycleEvent AllowTestTraffic { get; } = new("AllowTestTraffic");

    /// <summary><c>AfterAllowTestTraffic</c> (hook): the replacement serves the test traffic.</summary>
    public static CodeDeployLifecycleEvent AfterAllowTestTraffic { get; } = new("AfterAllowTestTraffic");

    /// <summary><c>BeforeAllowTraffic</c> (hook): before production traffic moves.</summary>
    public static CodeDeployLifecycleEvent BeforeAllowTraffic { get; } = new("BeforeAllowTraffic");

    /// <summary><c>AllowTraffic</c>: production traffic moves to the replacement, at once or in canary or linear steps.</summary>
    public static CodeDeployLifecycleEvent AllowTraffic { get; } = new("AllowTraffic");

    /// <summary><c>AfterAllowTraffic</c> (hook): the replacement serves all production traffic.</summary>
    public static CodeDeployLifecycleEvent AfterAllowTraffic { get; } = new("AfterAllowTraffic");

    /// <summary>The events in the order CodeDeploy runs them.</summary>
    public static IReadOnlyList<CodeDeployLifecycleEvent> InOrder { get; } =
        [BeforeInstall, Install, AfterInstall, AllowTestTraffic, AfterAllowTestTraffic, BeforeAllowTraffic, AllowTraffic, AfterAllowTraffic];

    /// <summary>Whether it is one of <see cref="InOrder"/>.</summary>
    public bool IsKnown => Order >= 0;

    /// <summary>Its place in <see cref="InOrder"/>, -1 when unknown.</summary>
    public int Order
    {
        get
        {
            for (var i = 0; i < InOrder.Count; i++)
            {
                if (InOrder[i].Value == Value)
                {
                    return i;
                }
            }

            return -1;
        }
    }

    /// <summary>The event named <paramref name="name"/> in any case, or <see langword="null"/> when it is none of <see cref="InOrder"/>.</summary>
    public static CodeDeployLifecycleEvent? Find(string name) =>
        InOrder.FirstOrDefault(e => string.Equals(e.Value, name, StringComparison.OrdinalIgnoreCase)) is { Value: not null } found ? found : null;

    /// <inheritdoc />
    public override string ToString() => Value;
}
