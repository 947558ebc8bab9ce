using System.Text.Json.Nodes;

namespace Ecs.BlueGreen.Testing.Simulation;

/// <summary>
/// A service's <c>ecs#DeploymentConfiguration</c> as ECS keeps and describes it: the members as sent, with ECS's
/// defaults for the ones it fills in, in the model's member order. The rolling scheduler reads <c>maximumPercent</c>,
/// <c>minimumHealthyPercent</c> and <c>deploymentCircuitBreaker</c>; the native BLUE_GREEN, LINEAR and CANARY
/// deployments also read <c>strategy</c>, <c>bakeTimeInMinutes</c>, <c>alarms</c>, <c>lifecycleHooks</c>,
/// <c>linearConfiguration</c> and <c>canaryConfiguration</c>. Every member is rendered as sent.
/// </summary>
internal sealed class DeploymentConfigurationState
{
    /// <summary>The members of <c>ecs#DeploymentConfiguration</c> in the model's order.</summary>
    private static readonly string[] MemberOrder =
    [
        "deploymentCircuitBreaker", "maximumPercent", "minimumHealthyPercent", "alarms", "strategy", "bakeTimeInMinutes",
        "lifecycleHooks", "linearConfiguration", "canaryConfiguration",
    ];

    /// <summary><c>ecs#DeploymentLifecycleHookStage</c>.</summary>
    private static readonly string[] HookStages =
    [
        "RECONCILE_SERVICE", "PRE_SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT", "PRE_PRODUCTION_TRAFFIC_SHIFT",
        "PRODUCTION_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT",
    ];

    private readonly JsonObject _document;

    private DeploymentConfigurationState(JsonObject document, int maximumPercent, int minimumHealthyPercent, CircuitBreakerSettings circuitBreaker)
    {
        _document = document;
        MaximumPercent = maximumPercent;
        MinimumHealthyPercent = minimumHealthyPercent;
        CircuitBreaker = circuitBreaker;
        Strategy = WireJson.StrictStr(document, "strategy") ?? "ROLLING";
        BakeTimeInMinutes = WireJson.StrictInt(document, "bakeTimeInMinutes");
        var alarms = WireJson.Structure(document, "alarms");
        Alarms = new AlarmSettings(
            alarms is not null && (WireJson.StrictBool(alarms, "enable") ?? false),
            alarms is not null && (WireJson.StrictBool(alarms, "rollback") ?? false),
            alarms is null ? [] : WireJson.StrList(alarms, "alarmNames") ?? []);
        LifecycleHooks = ReadHooks(document);
        var linear = WireJson.Structure(document, "linearConfiguration") ?? [];
        var canary = WireJson.Structure(document, "canaryConfiguration") ?? [];

        // ecs#LinearConfiguration and ecs#CanaryConfiguration: the defaults.
        StepPercent = Double(linear, "stepPercent") ?? 10.0;
        StepBakeTimeInMinutes = WireJson.StrictInt(linear, "stepBakeTimeInMinutes") ?? 6;
        CanaryPercent = Double(canary, "canaryPercent") ?? 5.0;
        CanaryBakeTimeInMinutes = WireJson.StrictInt(canary, "canaryBakeTimeInMinutes") ?? 10;
    }

    /// <summary><c>ecs#DeploymentConfiguration.maximumPercent</c>.</summary>
    public int MaximumPercent { get; }

    /// <summary><c>ecs#DeploymentConfiguration.minimumHealthyPercent</c>.</summary>
    public int MinimumHealthyPercent { get; }

    /// <summary><c>ecs#DeploymentConfiguration.deploymentCircuitBreaker</c>.</summary>
    public CircuitBreakerSettings CircuitBreaker { get; }

    /// <summary><c>ecs#DeploymentConfiguration.strategy</c>: ROLLING, BLUE_GREEN, LINEAR or CANARY.</summary>
    public string Strategy { get; }

    /// <summary>Whether a deployment runs ECS's own blue/green workflow (every strategy but ROLLING).</summary>
    public bool IsNative => Strategy != "ROLLING";

    /// <summary>
    /// <c>ecs#DeploymentConfiguration.bakeTimeInMinutes</c>; required for BLUE_GREEN. For LINEAR and CANARY the emulator
    /// bakes 0 minutes when it is absent [inference: the model requires it only for BLUE_GREEN and names no default].
    /// </summary>
    public int? BakeTimeInMinutes { get; }

    /// <summary><c>ecs#DeploymentConfiguration.alarms</c>.</summary>
    public AlarmSettings Alarms { get; }

    /// <summary><c>ecs#DeploymentConfiguration.lifecycleHooks</c> with the model's defaults filled in.</summary>
    public IReadOnlyList<LifecycleHookSettings> LifecycleHooks { get; }

    /// <summary><c>ecs#LinearConfiguration.stepPercent</c>, default 10.0.</summary>
    public double StepPercent { get; }

    /// <summary><c>ecs#LinearConfiguration.stepBakeTimeInMinutes</c>, default 6.</summary>
    public int StepBakeTimeInMinutes { get; }

    /// <summary><c>ecs#CanaryConfiguration.canaryPercent</c>, default 5.0.</summary>
    public double CanaryPercent { get; }

    /// <summary><c>ecs#CanaryConfiguration.canaryBakeTimeInMinutes</c>, default 10.</summary>
    public int CanaryBakeTimeInMinutes { get; }

    /// <summary>
    /// The configuration of a CreateService or UpdateService request. Members the request leaves out keep their
    /// values of <paramref name="previous"/>, or for a new service ECS's defaults for a REPLICA service
    /// (<c>ecs#DeploymentConfiguration.maximumPercent</c> 200, <c>.minimumHealthyPercent</c> 100, the circuit breaker
    /// off, <c>.strategy</c> ROLLING).
    /// </summary>
    /// <exception cref="EcsApiException">
    /// SerializationException: a member the scheduler reads has the wrong JSON type; InvalidParameterException: a value
    /// the model does not allow (<see cref="Validate"/>).
    /// </exception>
    public static DeploymentConfigurationState From(JsonObject? request, DeploymentConfigurationState? previous = null)
    {
        var document = (JsonObject?)request?.DeepClone() ?? [];
        var baseline = previous?._document ?? new JsonObject
        {
            ["deploymentCircuitBreaker"] = new JsonObject { ["enable"] = false, ["rollback"] = false },
            ["maximumPercent"] = 200,
            ["minimumHealthyPercent"] = 100,
            ["strategy"] = "ROLLING",
        };
        foreach (var name in MemberOrder)
        {
            if (document[name] is null && baseline[name] is { } fallback)
            {
                document[name] = fallback.DeepClone();
            }
        }

        // ecs#DeploymentCircuitBreaker: enable and rollback are required members.
        var sent = WireJson.Structure(document, "deploymentCircuitBreaker") ?? [];
        sent["enable"] ??= false;
        sent["rollback"] ??= false;
        var breaker = WireJson.InOrder(sent, ["enable", "rollback", "resetOnHealthyTask", "thresholdConfiguration"]);
        document["deploymentCircuitBreaker"] = breaker;
        var threshold = WireJson.Structure(breaker, "thresholdConfiguration");
        var settings = new CircuitBreakerSettings(
            WireJson.StrictBool(breaker, "enable") ?? false,
            WireJson.StrictBool(breaker, "rollback") ?? false,
            WireJson.StrictBool(breaker, "resetOnHealthyTask") ?? true,
            threshold is null ? CircuitBreakerSettings.DefaultThresholdType : WireJson.StrictStr(threshold, "type") ?? CircuitBreakerSettings.DefaultThresholdType,
            threshold is null ? CircuitBreakerSettings.DefaultThresholdValue : WireJson.StrictInt(threshold, "value") ?? CircuitBreakerSettings.DefaultThresholdValue);
        var maximum = WireJson.StrictInt(document, "maximumPercent") ?? 200;
        var minimum = WireJson.StrictInt(document, "minimumHealthyPercent") ?? 100;
        var state = new DeploymentConfigurationState(WireJson.InOrder(document, MemberOrder), maximum, minimum, settings);
        state.Validate();
        return state;
    }

    /// <summary>The hooks that run when a deployment enters <paramref name="stage"/>.</summary>
    public IEnumerable<LifecycleHookSettings> HooksAt(string stage) => LifecycleHooks.Where(h => h.LifecycleStages.Contains(stage));

    /// <summary>The limits of the model that ECS checks when the request arrives.</summary>
    /// <exception cref="EcsApiException">InvalidParameterException, saying which value is wrong.</exception>
    private void Validate()
    {
        if (Strategy is not ("ROLLING" or "BLUE_GREEN" or "LINEAR" or "CANARY"))
        {
            throw EcsApiException.InvalidParameter($"deploymentConfiguration.strategy must be ROLLING, BLUE_GREEN, LINEAR or CANARY, not {Strategy}.");
        }

        // ecs#DeploymentConfiguration.bakeTimeInMinutes: "You must provide this parameter when you use the BLUE_GREEN deployment strategy."
        if (Strategy == "BLUE_GREEN" && BakeTimeInMinutes is null)
        {
            throw EcsApiException.InvalidParameter("deploymentConfiguration.bakeTimeInMinutes is required for the BLUE_GREEN deployment strategy.");
        }

        if (BakeTimeInMinutes is < 0 or > 1440)
        {
            throw EcsApiException.InvalidParameter("deploymentConfiguration.bakeTimeInMinutes must be between 0 and 1440.");
        }

        // ecs#LinearConfiguration: stepPercent multiples of 0.1 from 3.0 to 100.0, stepBakeTimeInMinutes 0 to 1440.
        if (StepPercent is < 3.0 or > 100.0 || !TenthMultiple(StepPercent))
        {
            throw EcsApiException.InvalidParameter("linearConfiguration.stepPercent must be a multiple of 0.1 from 3.0 to 100.0.");
        }

        if (StepBakeTimeInMinutes is < 0 or > 1440)
        {
            throw EcsApiException.InvalidParameter("linearConfiguration.stepBakeTimeInMinutes must be between 0 and 1440.");
        }

        // ecs#CanaryConfiguration: canaryPercent multiples of 0.1 from 0.1 to 100.0, canaryBakeTimeInMinutes 0 to 1440.
        if (CanaryPercent is < 0.1 or > 100.0 || !TenthMultiple(CanaryPercent))
        {
            throw EcsApiException.InvalidParameter("canaryConfiguration.canaryPercent must be a multiple of 0.1 from 0.1 to 100.0.");
        }

        if (CanaryBakeTimeInMinutes is < 0 or > 1440)
        {
            throw EcsApiException.InvalidParameter("canaryConfiguration.canaryBakeTimeInMinutes must be between 0 and 1440.");
        }
    }

    private static bool TenthMultiple(double value) => Math.Abs((value * 10) - Math.Round(value * 10)) < 1e-9;

    /// <summary><c>ecs#DeploymentLifecycleHook</c> entries, checked as ECS checks them.</summary>
    /// <exception cref="EcsApiException">InvalidParameterException, naming the hook and what is wrong with it.</exception>
    private static List<LifecycleHookSettings> ReadHooks(JsonObject document)
    {
        var hooks = new List<LifecycleHookSettings>();
        if (document["lifecycleHooks"] is null)
        {
            return hooks;
        }

        if (document["lifecycleHooks"] is not JsonArray list)
        {
            throw WireJson.Serialization("lifecycleHooks: expected a list.");
        }

        for (var i = 0; i < list.Count; i++)
        {
            var hook = list[i] as JsonObject ?? throw WireJson.Serialization("lifecycleHooks: expected a list of objects.");
            var name = $"lifecycleHooks[{i}]";

            // ecs#DeploymentLifecycleHook.targetType: AWS_LAMBDA (the default) or PAUSE.
            var type = WireJson.StrictStr(hook, "targetType") ?? "AWS_LAMBDA";
            if (type is not ("AWS_LAMBDA" or "PAUSE"))
            {
                throw EcsApiException.InvalidParameter($"{name}.targetType must be AWS_LAMBDA or PAUSE, not {type}.");
            }

            var stages = WireJson.StrList(hook, "lifecycleStages") ?? [];
            if (stages.Count == 0)
            {
                // ecs#DeploymentLifecycleHook.lifecycleStages: "You must provide this parameter when configuring a deployment lifecycle hook."
                throw EcsApiException.InvalidParameter($"{name}.lifecycleStages must name at least one lifecycle stage.");
            }

            if (stages.FirstOrDefault(s => !HookStages.Contains(s)) is { } unknown)
            {
                throw EcsApiException.InvalidParameter($"{name}.lifecycleStages: {unknown} is not a lifecycle stage a hook can run at.");
            }

            // ecs#DeploymentLifecycleHook.lifecycleStages: "PAUSE hooks cannot be configured at TEST_TRAFFIC_SHIFT or PRODUCTION_TRAFFIC_SHIFT stages."
            if (type == "PAUSE" && stages.FirstOrDefault(s => s is "TEST_TRAFFIC_SHIFT" or "PRODUCTION_TRAFFIC_SHIFT") is { } shift)
            {
                throw EcsApiException.InvalidParameter($"{name}: PAUSE hooks cannot be configured at the {shift} stage; TEST_TRAFFIC_SHIFT and PRODUCTION_TRAFFIC_SHIFT are only valid for AWS_LAMBDA hooks.");
            }

            // ecs#DeploymentLifecycleHook.hookTargetArn: "You must provide this parameter when configuring an AWS_LAMBDA lifecycle hook."
            var target = WireJson.StrictStr(hook, "hookTargetArn");
            if (type == "AWS_LAMBDA" && string.IsNullOrEmpty(target))
            {
                throw EcsApiException.InvalidParameter($"{name}: an AWS_LAMBDA lifecycle hook needs a hookTargetArn.");
            }

            // ecs#DeploymentLifecycleHookTimeoutConfiguration: timeoutInMinutes 1 to 20160, default 1440; action ROLLBACK (default) or CONTINUE.
            var timeout = WireJson.Structure(hook, "timeoutConfiguration") ?? [];
            var minutes = WireJson.StrictInt(timeout, "timeoutInMinutes") ?? 1440;
            if (minutes is < 1 or > 20160)
            {
                throw EcsApiException.InvalidParameter($"{name}.timeoutConfiguration.timeoutInMinutes must be between 1 and 20160.");
            }

            var action = WireJson.StrictStr(timeout, "action") ?? "ROLLBACK";
            if (action is not ("ROLLBACK" or "CONTINUE"))
            {
                throw EcsApiException.InvalidParameter($"{name}.timeoutConfiguration.action must be ROLLBACK or CONTINUE, not {action}.");
            }

            hooks.Add(new LifecycleHookSettings(type, type == "PAUSE" ? null : target, stages, minutes, action));
        }

        return hooks;
    }

    private static double? Double(JsonObject input, string name) => input[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<double>(out var number) => number,
        var other => throw WireJson.Serialization($"{name}: expected a number, found {other.GetValueKind()}."),
    };

    /// <summary>The configuration as DescribeServices and DescribeServiceDeployments answer it.</summary>
    public JsonObject Render() => (JsonObject)_document.DeepClone();
}

/// <summary>
/// <c>ecs#DeploymentCircuitBreaker</c>: whether it watches a deployment, whether it rolls back, whether a healthy
/// task resets its failure count (<c>resetOnHealthyTask</c>, default true) and its threshold
/// (<c>ecs#ThresholdConfiguration</c>, default BOUNDED_PERCENT 50).
/// </summary>
internal sealed record CircuitBreakerSettings(bool Enable, bool Rollback, bool ResetOnHealthyTask = true,
    string ThresholdType = CircuitBreakerSettings.DefaultThresholdType, int ThresholdValue = CircuitBreakerSettings.DefaultThresholdValue)
{
    public const string DefaultThresholdType = "BOUNDED_PERCENT";

    public const int DefaultThresholdValue = 50;
}

/// <summary><c>ecs#DeploymentAlarms</c>: whether the named CloudWatch alarms watch a deployment, and whether one in ALARM rolls it back.</summary>
internal sealed record AlarmSettings(bool Enable, bool Rollback, IReadOnlyList<string> AlarmNames);

/// <summary>
/// One <c>ecs#DeploymentLifecycleHook</c>: its target type, Lambda ARN, stages and
/// <c>ecs#DeploymentLifecycleHookTimeoutConfiguration</c> (minutes and action).
/// </summary>
internal sealed record LifecycleHookSettings(string TargetType, string? HookTargetArn, IReadOnlyList<string> LifecycleStages, int TimeoutInMinutes, string TimeoutAction);
