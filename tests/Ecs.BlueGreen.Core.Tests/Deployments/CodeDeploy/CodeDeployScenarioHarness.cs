using System.Text.Json.Nodes;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.CodeDeploy;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Testing.Scenarios;

namespace Ecs.BlueGreen.Tests.Deployments.CodeDeploy;

/// <summary>
/// The library against the emulator's ECS and CodeDeploy together, no fakes, on one manual clock (<see cref="EngineHarness"/>):
/// a CODE_DEPLOY service "web" (2 tasks of web:1, container "app" on port 80) in "prod" behind a production and a test
/// listener rule over the target groups blue and green, and the CodeDeploy application "web-app" whose group "web-dg"
/// deploys it (all at once, no Ready wait, a 1-minute termination wait, auto-rollback on DEPLOYMENT_FAILURE), with the
/// custom configuration "Canary10Percent1Minute". A deployment of image repo/web:2 registers web:2.
/// </summary>
internal sealed class CodeDeployScenarioHarness : IDisposable
{
    public const string Application = "web-app";
    public const string Group = "web-dg";
    public const string Canary = "Canary10Percent1Minute";
    public const string ProductionListener = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/0123456789abcdef/1111111111111111";
    public const string TestListener = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/0123456789abcdef/2222222222222222";
    public const string BlueGroup = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/blue/aaaaaaaaaaaaaaaa";
    public const string GreenGroup = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/green/bbbbbbbbbbbbbbbb";
    public const string Web1 = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1";
    public const string Web2 = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2";

    private readonly List<DeploymentEvent> _events = [];
    private readonly Lock _lock = new();

    /// <param name="group">Members of the group "web-dg" that replace the defaults, as CreateDeploymentGroup takes them.</param>
    /// <param name="hooks">How hooks end (a hook runs only when the AppSpec names a function for its event).</param>
    /// <param name="service">Members of the service "web" that replace the defaults (networkConfiguration, platformVersion…).</param>
    /// <param name="faults">API faults.</param>
    /// <param name="images">Image behaviours (repo/web:1 runs web:1, repo/web:2 the revision deployed).</param>
    public CodeDeployScenarioHarness(JsonObject? group = null, IReadOnlyDictionary<string, CodeDeployHook>? hooks = null, JsonObject? service = null, FaultSettings? faults = null,
        IReadOnlyDictionary<string, ImageBehaviour>? images = null)
    {
        Engine = new EngineHarness(Scenario(group, hooks, service, faults, images));
        CodeDeploy = Engine.Emulator.CreateCodeDeployClient(new AwsClientOptions { TimeProvider = Engine.Clock });
    }

    public EngineHarness Engine { get; }

    public Testing.EcsEmulator Emulator => Engine.Emulator;

    /// <summary>The emulator's CodeDeploy client, on the harness's clock.</summary>
    public CodeDeployClient CodeDeploy { get; }

    public IReadOnlyList<DeploymentEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return _events.ToList();
            }
        }
    }

    /// <summary>Called with each event as it is reported (to cancel mid-deployment, say).</summary>
    public Action<DeploymentEvent>? OnEvent { get; set; }

    /// <summary>The CodeDeploy write calls the library made, in order.</summary>
    public IReadOnlyList<string> CodeDeployWrites => Emulator.Calls.Where(c => c.Service == "codedeploy")
        .Select(c => c.Operation).Where(o => o is "CreateDeployment" or "ContinueDeployment" or "StopDeployment").ToList();

    /// <summary>The request bodies of the CodeDeploy calls of <paramref name="operation"/>, oldest first.</summary>
    public IReadOnlyList<JsonObject> Requests(string operation) =>
        Emulator.Calls.Where(c => c.Service == "codedeploy" && c.Operation == operation).Select(c => JsonNode.Parse(c.Request)!.AsObject()).ToList();

    /// <summary>
    /// A group's <c>blueGreenDeploymentConfiguration</c> (<c>codedeploy#BlueGreenDeploymentConfiguration</c>): the Ready
    /// wait's action and minutes, and the termination wait's minutes.
    /// </summary>
    public static JsonObject BlueGreen(string readyAction = "CONTINUE_DEPLOYMENT", int readyMinutes = 0, int terminationWaitMinutes = 1) => new()
    {
        ["blueGreenDeploymentConfiguration"] = new JsonObject
        {
            ["deploymentReadyOption"] = new JsonObject { ["actionOnTimeout"] = readyAction, ["waitTimeInMinutes"] = readyMinutes },
            ["terminateBlueInstancesOnDeploymentSuccess"] = new JsonObject { ["action"] = "TERMINATE", ["terminationWaitTimeInMinutes"] = terminationWaitMinutes },
        },
    };

    /// <summary>A group that waits at Ready (STOP_DEPLOYMENT after <paramref name="minutes"/>) for ContinueDeployment READY_WAIT.</summary>
    public static JsonObject WaitAtReady(int minutes = 30) => BlueGreen("STOP_DEPLOYMENT", minutes);

    /// <summary>The scenario, with changes to the group, the hooks, the service, the faults and the images' behaviours.</summary>
    public static EmulatorScenario Scenario(JsonObject? group = null, IReadOnlyDictionary<string, CodeDeployHook>? hooks = null, JsonObject? service = null, FaultSettings? faults = null,
        IReadOnlyDictionary<string, ImageBehaviour>? images = null)
    {
        var declaredService = new JsonObject
        {
            ["cluster"] = "prod",
            ["serviceName"] = "web",
            ["taskDefinition"] = "web:1",
            ["desiredCount"] = 2,
            ["launchType"] = "FARGATE",
            ["deploymentController"] = new JsonObject { ["type"] = "CODE_DEPLOY" },
            ["loadBalancers"] = new JsonArray(new JsonObject { ["targetGroupArn"] = BlueGroup, ["containerName"] = "app", ["containerPort"] = 80 }),
        };
        foreach (var (name, value) in service ?? [])
        {
            declaredService[name] = value?.DeepClone();
        }

        var declaredGroup = new JsonObject
        {
            ["name"] = Group,
            ["ecsServices"] = new JsonArray(new JsonObject { ["clusterName"] = "prod", ["serviceName"] = "web" }),
            ["deploymentConfigName"] = "CodeDeployDefault.ECSAllAtOnce",
            ["blueGreenDeploymentConfiguration"] = new JsonObject
            {
                ["deploymentReadyOption"] = new JsonObject { ["actionOnTimeout"] = "CONTINUE_DEPLOYMENT", ["waitTimeInMinutes"] = 0 },
                ["terminateBlueInstancesOnDeploymentSuccess"] = new JsonObject { ["action"] = "TERMINATE", ["terminationWaitTimeInMinutes"] = 1 },
            },
            ["autoRollbackConfiguration"] = new JsonObject { ["enabled"] = true, ["events"] = new JsonArray("DEPLOYMENT_FAILURE") },
            ["loadBalancerInfo"] = new JsonObject
            {
                ["targetGroupPairInfoList"] = new JsonArray(new JsonObject
                {
                    ["targetGroups"] = new JsonArray(new JsonObject { ["name"] = "blue" }, new JsonObject { ["name"] = "green" }),
                    ["prodTrafficRoute"] = new JsonObject { ["listenerArns"] = new JsonArray(ProductionListener) },
                    ["testTrafficRoute"] = new JsonObject { ["listenerArns"] = new JsonArray(TestListener) },
                }),
            },
        };
        foreach (var (name, value) in group ?? [])
        {
            declaredGroup[name] = value?.DeepClone();
        }

        var scenario = new JsonObject
        {
            ["clusters"] = new JsonArray("prod"),
            ["taskDefinitions"] = new JsonArray(new JsonObject
            {
                ["family"] = "web",
                ["containerDefinitions"] = new JsonArray(new JsonObject
                {
                    ["name"] = "app",
                    ["image"] = "repo/web:1",
                    ["memory"] = 512,
                    ["essential"] = true,
                    ["portMappings"] = new JsonArray(new JsonObject { ["containerPort"] = 80 }),
                }),
            }),
            ["services"] = new JsonArray(declaredService),
            ["listenerRules"] = new JsonArray(
                new JsonObject { ["arn"] = ProductionListener, ["targetGroups"] = new JsonArray(BlueGroup, GreenGroup) },
                new JsonObject { ["arn"] = TestListener, ["targetGroups"] = new JsonArray(BlueGroup, GreenGroup) }),
            ["codeDeploy"] = new JsonObject
            {
                ["applications"] = new JsonArray(new JsonObject { ["name"] = Application, ["computePlatform"] = "ECS", ["deploymentGroups"] = new JsonArray(declaredGroup) }),
                ["deploymentConfigs"] = new JsonArray(new JsonObject
                {
                    ["name"] = Canary,
                    ["trafficRoutingConfig"] = new JsonObject { ["type"] = "TimeBasedCanary", ["timeBasedCanary"] = new JsonObject { ["canaryPercentage"] = 10, ["canaryInterval"] = 1 } },
                }),
            },
        };
        var parsed = EmulatorScenario.Parse(scenario.ToJsonString());
        return parsed with
        {
            CodeDeploy = hooks is null ? parsed.CodeDeploy : parsed.CodeDeploy with { Hooks = hooks },
            Faults = faults ?? parsed.Faults,
            Images = images ?? parsed.Images,
        };
    }

    /// <summary>A deployment of prod/web to image repo/web:2 through the group "web-dg", returning results instead of throwing.</summary>
    public EcsDeployment Deployment() =>
        EcsDeployment.For("prod", "web").WithClient(Engine.Client).WithCodeDeployClient(CodeDeploy).WithTimeProvider(Engine.Clock)
            .WithProgress(new Recorder(this)).WithValidation(DeploymentResultValidation.None).ViaCodeDeploy(Application, Group).WithImage("repo/web:2");

    /// <summary>The service's deployment in flight (ContinueAsync, RollBackAsync) through the group "web-dg".</summary>
    public EcsServiceDeployment ServiceDeployment() =>
        EcsServiceDeployment.For("prod", "web").WithClient(Engine.Client).WithCodeDeployClient(CodeDeploy).WithTimeProvider(Engine.Clock)
            .WithProgress(new Recorder(this)).ViaCodeDeploy(Application, Group);

    public Task<T> DriveAsync<T>(Func<CancellationToken, Task<T>> run, CancellationToken cancellationToken = default) =>
        Engine.DriveAsync(run, cancellationToken: cancellationToken);

    public Task<DeploymentResult> RunAsync(EcsDeployment deployment, CancellationToken cancellationToken = default) =>
        DriveAsync(token => deployment.RunAsync(token), cancellationToken);

    /// <summary>The emulator's state of CodeDeploy deployment <paramref name="id"/>: <c>deploymentInfo</c>, <c>ecsTarget</c>, <c>hookExecutions</c>.</summary>
    public JsonObject Deployed(string id) => Emulator.GetCodeDeployDeployment(id) ?? throw new AssertionException($"The emulator has no CodeDeploy deployment {id}.");

    /// <summary>The status the emulator holds for CodeDeploy deployment <paramref name="id"/>.</summary>
    public string? Status(string id) => (string?)Deployed(id)["deploymentInfo"]?["status"];

    /// <summary>The ids of every CodeDeploy deployment the emulator holds (rollback deployments included).</summary>
    public IReadOnlyList<string> DeploymentIds() =>
        (Emulator.GetState()["codeDeploy"]?["deployments"] as JsonArray ?? []).Select(d => (string)d!["deploymentInfo"]!["deploymentId"]!).ToList();

    /// <summary>The service's task sets as DescribeServices answers them: task definition and status.</summary>
    public async Task<IReadOnlyList<(string TaskDefinition, string Status)>> TaskSetsAsync() =>
        (await Engine.ServiceAsync()).TaskSets.Select(t => (t.TaskDefinition!, t.Status!)).ToList();

    public void Dispose()
    {
        CodeDeploy.Dispose();
        Engine.Dispose();
    }

    private sealed class Recorder(CodeDeployScenarioHarness harness) : IProgress<DeploymentEvent>
    {
        public void Report(DeploymentEvent value)
        {
            lock (harness._lock)
            {
                harness._events.Add(value);
            }

            harness.OnEvent?.Invoke(value);
        }
    }
}
