using System.Text.Json.Nodes;

namespace Ecs.BlueGreen.Testing.Scenarios;

/// <summary>
/// The AWS CodeDeploy side of a scenario: applications with their deployment groups (each deploying one ECS service whose
/// <c>deploymentController</c> is <c>CODE_DEPLOY</c>), custom deployment configurations, and how each lifecycle hook of a
/// deployment ends. The model-shaped members (<c>blueGreenDeploymentConfiguration</c>, <c>autoRollbackConfiguration</c>,
/// <c>loadBalancerInfo</c>, <c>trafficRoutingConfig</c>) are written exactly as CreateDeploymentGroup and
/// CreateDeploymentConfig take them (<c>codedeploy#CreateDeploymentGroupInput</c>, <c>codedeploy#CreateDeploymentConfigInput</c>).
/// </summary>
public sealed record CodeDeployScenario
{
    /// <summary>The applications, each with its deployment groups.</summary>
    public IReadOnlyList<CodeDeployApplication> Applications { get; init; } = [];

    /// <summary>Custom deployment configurations, beside the predefined <c>CodeDeployDefault.ECS…</c> ones.</summary>
    public IReadOnlyList<CodeDeployDeploymentConfig> DeploymentConfigs { get; init; } = [];

    /// <summary>
    /// How a lifecycle hook ends, by lifecycle event name (<c>BeforeInstall</c>, <c>AfterInstall</c>,
    /// <c>AfterAllowTestTraffic</c>, <c>BeforeAllowTraffic</c>, <c>AfterAllowTraffic</c>); a hook not named here succeeds.
    /// It applies only when the deployment's AppSpec names a hook function for the event.
    /// </summary>
    public IReadOnlyDictionary<string, CodeDeployHook> Hooks { get; init; } = new Dictionary<string, CodeDeployHook>();
}

/// <summary>A CodeDeploy application (<c>codedeploy#ApplicationInfo</c>).</summary>
public sealed record CodeDeployApplication
{
    /// <summary>The application's name (<c>codedeploy#ApplicationInfo.applicationName</c>).</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>The compute platform; the emulator deploys <c>ECS</c> only.</summary>
    /// <value>The default value is <c>ECS</c>.</value>
    public string ComputePlatform { get; init; } = "ECS";

    /// <summary>The application's deployment groups.</summary>
    public IReadOnlyList<CodeDeployDeploymentGroup> DeploymentGroups { get; init; } = [];
}

/// <summary>A deployment group of an ECS application (<c>codedeploy#DeploymentGroupInfo</c>).</summary>
public sealed record CodeDeployDeploymentGroup
{
    /// <summary>The group's name.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>The one ECS service the group deploys: <c>[{"clusterName": "prod", "serviceName": "web"}]</c> (<c>codedeploy#ECSService</c>).</summary>
    public IReadOnlyList<JsonObject> EcsServices { get; init; } = [];

    /// <summary>The group's deployment configuration.</summary>
    /// <value>The default value is <c>CodeDeployDefault.ECSAllAtOnce</c>.</value>
    public string DeploymentConfigName { get; init; } = "CodeDeployDefault.ECSAllAtOnce";

    /// <summary>The service role (<c>codedeploy#DeploymentGroupInfo.serviceRoleArn</c>); only reported.</summary>
    public string? ServiceRoleArn { get; init; }

    /// <summary><c>codedeploy#BlueGreenDeploymentConfiguration</c>: <c>deploymentReadyOption</c> and <c>terminateBlueInstancesOnDeploymentSuccess</c>.</summary>
    public JsonObject? BlueGreenDeploymentConfiguration { get; init; }

    /// <summary><c>codedeploy#AutoRollbackConfiguration</c>: <c>{"enabled": true, "events": ["DEPLOYMENT_FAILURE"]}</c>.</summary>
    public JsonObject? AutoRollbackConfiguration { get; init; }

    /// <summary><c>codedeploy#LoadBalancerInfo</c> with one <c>targetGroupPairInfoList</c> entry: two target groups by name, the production and the test listener.</summary>
    public JsonObject? LoadBalancerInfo { get; init; }
}

/// <summary>A custom deployment configuration (<c>codedeploy#DeploymentConfigInfo</c>).</summary>
public sealed record CodeDeployDeploymentConfig
{
    /// <summary>The configuration's name.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary><c>codedeploy#TrafficRoutingConfig</c>: <c>type</c> TimeBasedCanary, TimeBasedLinear or AllAtOnce, with <c>timeBasedCanary</c> or <c>timeBasedLinear</c>.</summary>
    public JsonObject? TrafficRoutingConfig { get; init; }
}

/// <summary>How one lifecycle hook ends.</summary>
public sealed record CodeDeployHook
{
    /// <summary>Whether the hook reports success, reports failure, or never reports.</summary>
    /// <value>The default value is <see cref="CodeDeployHookOutcome.Succeed"/>.</value>
    public CodeDeployHookOutcome Outcome { get; init; } = CodeDeployHookOutcome.Succeed;

    /// <summary>Simulated seconds from the hook's start until it reports (succeed, fail) or until CodeDeploy gives up on it (time out).</summary>
    /// <value>The default value is 1 for succeed and fail, 3600 for time out (an hour, https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html).</value>
    public int? Seconds { get; init; }
}

/// <summary>How a lifecycle hook ends.</summary>
public enum CodeDeployHookOutcome
{
    /// <summary>The hook reports <c>Succeeded</c> (<c>codedeploy#PutLifecycleEventHookExecutionStatusInput.status</c>).</summary>
    Succeed,

    /// <summary>The hook reports <c>Failed</c>.</summary>
    Fail,

    /// <summary>The hook never reports, and the lifecycle event fails when its wait is over.</summary>
    TimeOut,
}
