using System.Text.Json.Nodes;
using Ecs.BlueGreen.Testing.Scenarios;

namespace Ecs.BlueGreen.Tool.Tests.Support;

/// <summary>Emulator scenarios: cluster "prod" with a steady service "web" on web:1 (containers app = repo/web:1, sidecar = repo/envoy:1).</summary>
internal static class Scenarios
{
    /// <summary>Crashes 5 s after starting, exit code 3.</summary>
    public const string CrashingImage = "repo/web:crash";

    /// <summary>Never leaves PENDING.</summary>
    public const string StuckImage = "repo/web:stuck";

    public static JsonObject TaskDefinition(string image = "repo/web:1", string family = "web", JsonArray? tags = null) => new()
    {
        ["family"] = family,
        ["containerDefinitions"] = new JsonArray(
            new JsonObject { ["name"] = "app", ["image"] = image, ["essential"] = true, ["memory"] = 256, ["environment"] = new JsonArray(new JsonObject { ["name"] = "MODE", ["value"] = "blue" }) },
            new JsonObject { ["name"] = "sidecar", ["image"] = "repo/envoy:1", ["essential"] = false, ["memory"] = 128 }),
        ["tags"] = tags ?? new JsonArray(new JsonObject { ["key"] = "team", ["value"] = "core" }),
    };

    /// <summary>The web service with <paramref name="desired"/> tasks; <paramref name="circuitBreaker"/> turns ECS's circuit breaker with rollback on.</summary>
    public static EmulatorScenario Web(int desired = 2, bool circuitBreaker = false, IReadOnlyList<JsonObject>? moreTaskDefinitions = null) => new()
    {
        Clusters = ["prod"],
        TaskDefinitions = [TaskDefinition(), .. moreTaskDefinitions ?? []],
        Services =
        [
            new JsonObject
            {
                ["cluster"] = "prod",
                ["serviceName"] = "web",
                ["taskDefinition"] = "web:1",
                ["desiredCount"] = desired,
                ["deploymentConfiguration"] = circuitBreaker
                    ? new JsonObject { ["deploymentCircuitBreaker"] = new JsonObject { ["enable"] = true, ["rollback"] = true } }
                    : new JsonObject { ["minimumHealthyPercent"] = 100, ["maximumPercent"] = 200 },
            },
        ],
        Images = new Dictionary<string, ImageBehaviour>
        {
            [CrashingImage] = new() { CrashAfterSeconds = 5, ExitCode = 3 },
            [StuckImage] = new() { StuckPending = true },
        },
    };

    /// <summary>The private ECR registry of the emulator's account, in eu-west-1.</summary>
    public const string EcrRegistry = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";

    /// <summary>The digest of tag 1 of repository web (and of 1.0), then of tag 2.</summary>
    public const string DigestOne = "sha256:1111111111111111111111111111111111111111111111111111111111111111";

    public const string DigestTwo = "sha256:2222222222222222222222222222222222222222222222222222222222222222";

    /// <summary>The web service with its app container on {EcrRegistry}/web:1; repository web has tags 1, 1.0, 2 and 2.0.1.</summary>
    public static EmulatorScenario Ecr(int desired = 2) => Web(desired) with
    {
        TaskDefinitions = [TaskDefinition($"{EcrRegistry}/web:1")],
        EcrRepositories = [new EcrRepository { Name = "web", Tags = new Dictionary<string, string> { ["1"] = DigestOne, ["1.0"] = DigestOne, ["2"] = DigestTwo, ["2.0.1"] = DigestTwo } }],
    };

    /// <summary>A migrate container (repo/migrate:1) logging with awslogs to group /ecs/migrate, prefix task.</summary>
    public static JsonObject MigrateContainer(string name = "app", string image = "repo/migrate:1", bool essential = true) => new()
    {
        ["name"] = name,
        ["image"] = image,
        ["essential"] = essential,
        ["memory"] = 256,
        ["logConfiguration"] = new JsonObject
        {
            ["logDriver"] = "awslogs",
            ["options"] = new JsonObject { ["awslogs-group"] = "/ecs/migrate", ["awslogs-region"] = "us-east-1", ["awslogs-stream-prefix"] = "task" },
        },
    };

    /// <summary>The web scenario plus a task definition family "migrate" whose one-off tasks behave as <paramref name="behaviour"/>.</summary>
    public static EmulatorScenario Migrate(ImageBehaviour behaviour, params JsonObject[] containers) => Web() with
    {
        TaskDefinitions =
        [
            TaskDefinition(),
            new JsonObject { ["family"] = "migrate", ["containerDefinitions"] = new JsonArray([.. containers.Length > 0 ? containers : [MigrateContainer()]]) },
        ],
        TaskDefinitionBehaviours = new Dictionary<string, ImageBehaviour> { ["migrate"] = behaviour },
    };

    public const string ProductionRule = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/1/2/3";
    public const string TestRule = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/1/2/4";
    public const string BlueGroup = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/blue/1";
    public const string GreenGroup = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/green/2";

    /// <summary>
    /// The web service as a native BLUE_GREEN service (bake 1 min) behind a production and a test listener rule, with a
    /// PAUSE hook at POST_TEST_TRAFFIC_SHIFT unless told otherwise; repo/web:broken answers HTTP 500. <paramref name="strategy"/>
    /// and <paramref name="steps"/> (a linearConfiguration or canaryConfiguration member) make it LINEAR or CANARY;
    /// <paramref name="loadBalanced"/> false makes it headless; <paramref name="listenerRules"/> replaces the rules as wired.
    /// </summary>
    public static EmulatorScenario Native(
        bool pauseHook = true,
        bool circuitBreaker = false,
        string strategy = "BLUE_GREEN",
        JsonObject? steps = null,
        bool loadBalanced = true,
        IReadOnlyList<ListenerRule>? listenerRules = null)
    {
        var configuration = new JsonObject { ["strategy"] = strategy, ["bakeTimeInMinutes"] = 1 };
        foreach (var (name, value) in steps ?? [])
        {
            configuration[name] = value?.DeepClone();
        }

        if (pauseHook)
        {
            configuration["lifecycleHooks"] = new JsonArray(new JsonObject
            {
                ["targetType"] = "PAUSE",
                ["lifecycleStages"] = new JsonArray("POST_TEST_TRAFFIC_SHIFT"),
                ["timeoutConfiguration"] = new JsonObject { ["timeoutInMinutes"] = 600, ["action"] = "ROLLBACK" },
            });
        }

        if (circuitBreaker)
        {
            configuration["deploymentCircuitBreaker"] = new JsonObject { ["enable"] = true, ["rollback"] = true };
        }

        return new EmulatorScenario
        {
            Clusters = ["prod"],
            TaskDefinitions = [TaskDefinition()],
            Services =
            [
                new JsonObject
                {
                    ["cluster"] = "prod",
                    ["serviceName"] = "web",
                    ["taskDefinition"] = "web:1",
                    ["desiredCount"] = 2,
                    ["deploymentConfiguration"] = configuration,
                    ["loadBalancers"] = loadBalanced
                        ? new JsonArray(new JsonObject
                        {
                            ["targetGroupArn"] = BlueGroup,
                            ["containerName"] = "app",
                            ["containerPort"] = 80,
                            ["advancedConfiguration"] = new JsonObject { ["alternateTargetGroupArn"] = GreenGroup, ["productionListenerRule"] = ProductionRule, ["testListenerRule"] = TestRule },
                        })
                        : new JsonArray(),
                },
            ],
            Images = new Dictionary<string, ImageBehaviour>
            {
                ["repo/web:broken"] = new() { HttpStatus = 500, HttpBody = "boom\n" },
                [CrashingImage] = new() { CrashAfterSeconds = 5, ExitCode = 3 },
            },
            ListenerRules = listenerRules ?? (loadBalanced ? [new ListenerRule { Arn = ProductionRule, TargetGroups = [BlueGroup] }, new ListenerRule { Arn = TestRule, TargetGroups = [GreenGroup] }] : []),
        };
    }
}
