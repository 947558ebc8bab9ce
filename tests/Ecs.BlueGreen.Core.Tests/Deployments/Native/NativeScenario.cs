using System.Text.Json.Nodes;
using Ecs.BlueGreen.Testing.Scenarios;

namespace Ecs.BlueGreen.Tests.Deployments.Native;

/// <summary>
/// Cluster "prod" with a steady native service "web" (web:1, image repo/web:1, two tasks) behind a production and a
/// test listener rule, for the engine's native scenarios; deploying repo/web:2 (or another image) registers web:2.
/// </summary>
internal static class NativeScenario
{
    public const string ProductionRule = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/1/2/3";
    public const string TestRule = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/1/2/4";
    public const string BlueGroup = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/blue/1";
    public const string GreenGroup = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/green/2";

    public static EmulatorScenario Create(JsonObject deploymentConfiguration, IReadOnlyDictionary<string, ImageBehaviour>? images = null, bool loadBalanced = true,
        IReadOnlyList<ListenerRule>? listenerRules = null, int desired = 2, IReadOnlyList<FaultRule>? faults = null)
    {
        var service = new JsonObject
        {
            ["cluster"] = "prod",
            ["serviceName"] = "web",
            ["taskDefinition"] = "web:1",
            ["desiredCount"] = desired,
            ["deploymentConfiguration"] = deploymentConfiguration,
        };
        if (loadBalanced)
        {
            service["loadBalancers"] = new JsonArray(new JsonObject
            {
                ["targetGroupArn"] = BlueGroup,
                ["containerName"] = "app",
                ["containerPort"] = 80,
                ["advancedConfiguration"] = new JsonObject
                {
                    ["alternateTargetGroupArn"] = GreenGroup,
                    ["productionListenerRule"] = ProductionRule,
                    ["testListenerRule"] = TestRule,
                    ["roleArn"] = "arn:aws:iam::123456789012:role/ecsInfraLB",
                },
            });
        }

        return new EmulatorScenario
        {
            Clusters = ["prod"],
            TaskDefinitions = [EngineHarness.TaskDefinition("web", EngineHarness.Container("app", "repo/web:1"))],
            Services = [service],
            Images = images ?? new Dictionary<string, ImageBehaviour>(),
            ListenerRules = listenerRules ??
            [
                new ListenerRule { Arn = ProductionRule, TargetGroups = [BlueGroup] },
                new ListenerRule { Arn = TestRule, TargetGroups = [GreenGroup] },
            ],
            Faults = new FaultSettings { Rules = faults ?? [] },
        };
    }

    /// <summary>A deployment configuration of <paramref name="strategy"/> with the members given.</summary>
    public static JsonObject Configuration(string strategy = "BLUE_GREEN", int? bakeTimeInMinutes = 2, JsonObject? extra = null, bool circuitBreaker = false)
    {
        var configuration = new JsonObject { ["strategy"] = strategy };
        if (bakeTimeInMinutes is { } bake)
        {
            configuration["bakeTimeInMinutes"] = bake;
        }

        if (circuitBreaker)
        {
            configuration["deploymentCircuitBreaker"] = new JsonObject { ["enable"] = true, ["rollback"] = true };
        }

        foreach (var (name, value) in extra ?? [])
        {
            configuration[name] = value?.DeepClone();
        }

        return configuration;
    }

    /// <summary>A PAUSE hook at <paramref name="stages"/>.</summary>
    public static JsonObject PauseHooks(int timeoutInMinutes = 60, params string[] stages) => new()
    {
        ["lifecycleHooks"] = new JsonArray(new JsonObject
        {
            ["targetType"] = "PAUSE",
            ["lifecycleStages"] = new JsonArray(stages.Select(s => (JsonNode)s).ToArray()),
            ["timeoutConfiguration"] = new JsonObject { ["timeoutInMinutes"] = timeoutInMinutes, ["action"] = "ROLLBACK" },
        }),
    };
}
