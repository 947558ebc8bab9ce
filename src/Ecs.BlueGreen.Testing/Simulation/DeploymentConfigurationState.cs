using System.Text.Json.Nodes;

namespace Ecs.BlueGreen.Testing.Simulation;

/// <summary>
/// A service's <c>ecs#DeploymentConfiguration</c> as ECS keeps and describes it: the members as sent, with ECS's
/// defaults for the ones it fills in, in the model's member order. The scheduler reads <c>maximumPercent</c>,
/// <c>minimumHealthyPercent</c> and <c>deploymentCircuitBreaker</c>; the others (<c>alarms</c>,
/// <c>bakeTimeInMinutes</c>, …) are kept as sent.
/// </summary>
internal sealed class DeploymentConfigurationState
{
    /// <summary>The members of <c>ecs#DeploymentConfiguration</c> in the model's order.</summary>
    private static readonly string[] MemberOrder =
    [
        "deploymentCircuitBreaker", "maximumPercent", "minimumHealthyPercent", "alarms", "strategy", "bakeTimeInMinutes",
        "lifecycleHooks", "linearConfiguration", "canaryConfiguration",
    ];

    private readonly JsonObject _document;

    private DeploymentConfigurationState(JsonObject document, int maximumPercent, int minimumHealthyPercent, CircuitBreakerSettings circuitBreaker)
    {
        _document = document;
        MaximumPercent = maximumPercent;
        MinimumHealthyPercent = minimumHealthyPercent;
        CircuitBreaker = circuitBreaker;
    }

    /// <summary><c>ecs#DeploymentConfiguration.maximumPercent</c>.</summary>
    public int MaximumPercent { get; }

    /// <summary><c>ecs#DeploymentConfiguration.minimumHealthyPercent</c>.</summary>
    public int MinimumHealthyPercent { get; }

    /// <summary><c>ecs#DeploymentConfiguration.deploymentCircuitBreaker</c>.</summary>
    public CircuitBreakerSettings CircuitBreaker { get; }

    /// <summary>
    /// The configuration of a CreateService or UpdateService request. Members the request leaves out keep their
    /// values of <paramref name="previous"/>, or for a new service ECS's defaults for a REPLICA service
    /// (<c>ecs#DeploymentConfiguration.maximumPercent</c> 200, <c>.minimumHealthyPercent</c> 100, the circuit breaker
    /// off, <c>.strategy</c> ROLLING).
    /// </summary>
    /// <exception cref="EcsApiException">SerializationException: a member the scheduler reads has the wrong JSON type.</exception>
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
        foreach (var name in new[] { "deploymentCircuitBreaker", "maximumPercent", "minimumHealthyPercent", "strategy" })
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
        return new DeploymentConfigurationState(WireJson.InOrder(document, MemberOrder), maximum, minimum, settings);
    }

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
