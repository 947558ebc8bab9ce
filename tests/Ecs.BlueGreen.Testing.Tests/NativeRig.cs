using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ecs.BlueGreen.Testing.Scenarios;

namespace Ecs.BlueGreen.Testing.Tests;

/// <summary>
/// A cluster "prod" with a steady service "web" (web:1, image repo/web:1) behind a production and a test listener rule,
/// web:2 (repo/web:2) registered, on a manual clock; the ECS calls go through the in-memory handler as raw JSON.
/// </summary>
internal sealed class NativeRig : IDisposable
{
    public const string ProductionRule = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/1/2/3";
    public const string TestRule = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/1/2/4";
    public const string BlueGroup = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/blue/1";
    public const string GreenGroup = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/green/2";

    private readonly HttpClient _http;

    public NativeRig(JsonObject deploymentConfiguration, int desired = 2, bool loadBalanced = true, IReadOnlyDictionary<string, ImageBehaviour>? images = null,
        IReadOnlyList<ListenerRule>? listenerRules = null, bool testListener = true)
    {
        Clock = new ManualTimeProvider();
        Emulator = new EcsEmulator(Scenario(deploymentConfiguration, desired, loadBalanced, images, listenerRules, testListener), Clock);
        _http = new HttpClient(Emulator.CreateHandler());
    }

    public ManualTimeProvider Clock { get; }

    public EcsEmulator Emulator { get; }

    public static EmulatorScenario Scenario(JsonObject deploymentConfiguration, int desired = 2, bool loadBalanced = true, IReadOnlyDictionary<string, ImageBehaviour>? images = null,
        IReadOnlyList<ListenerRule>? listenerRules = null, bool testListener = true)
    {
        var advanced = new JsonObject
        {
            ["alternateTargetGroupArn"] = GreenGroup,
            ["productionListenerRule"] = ProductionRule,
            ["roleArn"] = "arn:aws:iam::123456789012:role/ecsInfraLB",
        };
        if (testListener)
        {
            advanced["testListenerRule"] = TestRule;
        }

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
                ["advancedConfiguration"] = advanced,
            });
        }

        return new EmulatorScenario
        {
            Clusters = ["prod"],
            TaskDefinitions = [Harness.TaskDefinition("web", "repo/web:1", healthCheck: true), Harness.TaskDefinition("web", "repo/web:2", healthCheck: true)],
            Services = [service],
            Images = images ?? new Dictionary<string, ImageBehaviour>(),
            ListenerRules = listenerRules ??
            [
                new ListenerRule { Arn = ProductionRule, TargetGroups = [BlueGroup] },
                new ListenerRule { Arn = TestRule, TargetGroups = [GreenGroup] },
            ],
        };
    }

    /// <summary>A BLUE_GREEN configuration with a bake time and optional extra members.</summary>
    public static JsonObject BlueGreenConfig(int bakeTimeInMinutes = 1, JsonObject? extra = null) => Configuration("BLUE_GREEN", bakeTimeInMinutes, extra);

    public static JsonObject Configuration(string strategy, int? bakeTimeInMinutes, JsonObject? extra = null)
    {
        var configuration = new JsonObject { ["strategy"] = strategy };
        if (bakeTimeInMinutes is { } bake)
        {
            configuration["bakeTimeInMinutes"] = bake;
        }

        foreach (var (name, value) in extra ?? [])
        {
            configuration[name] = value?.DeepClone();
        }

        return configuration;
    }

    /// <summary>UpdateService to web:2; the ARN of the service deployment it started (its answer's currentServiceDeployment).</summary>
    public async Task<string> DeployAsync(string taskDefinition = "web:2")
    {
        var service = (await CallAsync("UpdateService", $$"""{"cluster":"prod","service":"web","taskDefinition":"{{taskDefinition}}"}"""))["service"]!;
        return service["currentServiceDeployment"]!.GetValue<string>();
    }

    public async Task<JsonObject> CallAsync(string operation, string body)
    {
        var (status, answer) = await SendAsync(operation, body);
        status.Should().Be(HttpStatusCode.OK, $"{operation} {body} answered {answer.ToJsonString()}");
        return answer;
    }

    /// <summary>The error type of a call that must fail, and its message.</summary>
    public async Task<(string Type, string Message)> FailAsync(string operation, string body)
    {
        var (status, answer) = await SendAsync(operation, body);
        status.Should().Be(HttpStatusCode.BadRequest, $"{operation} {body} answered {answer.ToJsonString()}");
        return (answer["__type"]!.GetValue<string>(), answer["message"]?.GetValue<string>() ?? string.Empty);
    }

    public async Task<JsonObject> DeploymentAsync(string arn) =>
        (await CallAsync("DescribeServiceDeployments", JsonSerializer.Serialize(new { serviceDeploymentArns = new[] { arn } })))["serviceDeployments"]![0]!.AsObject();

    public async Task<JsonObject> ServiceAsync() =>
        (await CallAsync("DescribeServices", """{"cluster":"prod","services":["web"]}"""))["services"]![0]!.AsObject();

    public void Advance(int seconds = 1)
    {
        Clock.Advance(TimeSpan.FromSeconds(seconds));
        Emulator.Sync();
    }

    /// <summary>
    /// Steps one simulated second at a time, describing the deployment after each, until <paramref name="until"/> holds or
    /// the deployment finishes; every answer is recorded with its second.
    /// </summary>
    public async Task<List<(int Second, JsonObject Deployment)>> RunAsync(string arn, Func<JsonObject, bool>? until = null, int limitSeconds = 1200)
    {
        var seen = new List<(int, JsonObject)>();
        for (var second = 1; second <= limitSeconds; second++)
        {
            Advance();
            var deployment = await DeploymentAsync(arn);
            seen.Add((second, deployment));
            if (until?.Invoke(deployment) == true || IsFinished(deployment))
            {
                return seen;
            }
        }

        throw new AssertionException($"The deployment did not finish within {limitSeconds} simulated seconds: {seen[^1].Item2.ToJsonString()}");
    }

    public static bool IsFinished(JsonObject deployment) => Status(deployment) is "SUCCESSFUL" or "STOPPED" or "ROLLBACK_SUCCESSFUL" or "ROLLBACK_FAILED";

    public static string Status(JsonObject deployment) => deployment["status"]!.GetValue<string>();

    public static string? Stage(JsonObject deployment) => deployment["lifecycleStage"]?.GetValue<string>();

    /// <summary>The stages in the order first seen.</summary>
    public static List<string> Stages(IEnumerable<(int Second, JsonObject Deployment)> seen) =>
        seen.Select(s => Stage(s.Deployment)).OfType<string>().Aggregate(new List<string>(), (stages, stage) =>
        {
            if (stages.Count == 0 || stages[^1] != stage)
            {
                stages.Add(stage);
            }

            return stages;
        });

    public void Dispose() => _http.Dispose();

    private async Task<(HttpStatusCode Status, JsonObject Answer)> SendAsync(string operation, string body)
    {
        using var request = ApiTests.Signed(operation, body);
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }
}
