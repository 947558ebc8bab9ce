using System.Text.Json.Nodes;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Ecr;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Logs;
using Ecs.BlueGreen.Testing.Scenarios;
using Clock = Ecs.BlueGreen.Testing.ManualTimeProvider;

namespace Ecs.BlueGreen.Tests.Deployments;

/// <summary>
/// The engine against the in-memory emulator on one manual clock. <see cref="DriveAsync{T}"/> moves simulated
/// time one second at a time while the engine waits, so a ten-minute deployment takes a fraction of a second.
/// </summary>
internal sealed class EngineHarness : IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<DeploymentEvent> _events = [];

    public EngineHarness(EmulatorScenario scenario)
    {
        Clock = new Clock();
        Emulator = new EcsEmulator(scenario, Clock);
        Client = Emulator.CreateClient(new AwsClientOptions { TimeProvider = Clock });
        Logs = Emulator.CreateLogsClient(new AwsClientOptions { TimeProvider = Clock });
        Ecr = Emulator.CreateEcrClient(new AwsClientOptions { TimeProvider = Clock });
    }

    /// <summary>The emulator's Amazon ECR client, for the image check (<c>WithEcrClient</c>).</summary>
    public EcrClient Ecr { get; }

    public CloudWatchLogsClient Logs { get; }

    public Clock Clock { get; }

    public EcsEmulator Emulator { get; }

    public EcsClient Client { get; }

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

    /// <summary>Write calls the engine made, in order.</summary>
    public IReadOnlyList<string> Writes => Emulator.Calls.Select(c => c.Operation)
        .Where(o => o is "RegisterTaskDefinition" or "UpdateService" or "DeregisterTaskDefinition" or "CreateService" or "RunTask" or "StopTask").ToList();

    /// <summary>A container definition named <paramref name="name"/>.</summary>
    public static JsonObject Container(string name, string image, JsonObject? extra = null)
    {
        var container = new JsonObject { ["name"] = name, ["image"] = image, ["essential"] = true, ["memory"] = 512 };
        foreach (var (key, value) in extra ?? [])
        {
            container[key] = value?.DeepClone();
        }

        return container;
    }

    /// <summary>A container definition that logs with the awslogs driver to group /ecs/{family}, stream prefix "ecs".</summary>
    public static JsonObject LoggingContainer(string name, string image, string family) => Container(name, image, new JsonObject
    {
        ["logConfiguration"] = new JsonObject
        {
            ["logDriver"] = "awslogs",
            ["options"] = new JsonObject { ["awslogs-group"] = $"/ecs/{family}", ["awslogs-region"] = "us-east-1", ["awslogs-stream-prefix"] = "ecs" },
        },
    });

    public static JsonObject TaskDefinition(string family, params JsonObject[] containers) =>
        new() { ["family"] = family, ["containerDefinitions"] = new JsonArray(containers) };

    /// <summary>
    /// Cluster "prod" with service "web" of <paramref name="desired"/> tasks, steady on web:1 (container "app",
    /// image repo/web:1, unless <paramref name="taskDefinitions"/> says otherwise: the service runs the first).
    /// </summary>
    public static EmulatorScenario Web(int desired = 4, JsonObject? deploymentConfiguration = null,
        IReadOnlyDictionary<string, ImageBehaviour>? images = null, FaultSettings? faults = null, params JsonObject[] taskDefinitions)
    {
        var definitions = taskDefinitions.Length > 0 ? taskDefinitions : [TaskDefinition("web", Container("app", "repo/web:1"))];
        return new EmulatorScenario
        {
            Clusters = ["prod"],
            TaskDefinitions = definitions,
            Services =
            [
                new JsonObject
                {
                    ["cluster"] = "prod",
                    ["serviceName"] = "web",
                    ["taskDefinition"] = $"{definitions[0]["family"]}:1",
                    ["desiredCount"] = desired,
                    ["deploymentConfiguration"] = deploymentConfiguration ?? new JsonObject(),
                },
            ],
            Images = images ?? new Dictionary<string, ImageBehaviour>(),
            Faults = faults ?? new FaultSettings(),
        };
    }

    public static JsonObject CircuitBreaker(bool rollback = true) =>
        new() { ["deploymentCircuitBreaker"] = new JsonObject { ["enable"] = true, ["rollback"] = rollback } };

    /// <summary>A deployment of "web" in "prod" wired to this harness, returning results instead of throwing.</summary>
    public EcsDeployment Deployment(string service = "web") =>
        EcsDeployment.For("prod", service).WithClient(Client).WithLogsClient(Logs).WithTimeProvider(Clock)
            .WithProgress(new Recorder(this)).WithValidation(DeploymentResultValidation.None);

    public Task<DeploymentResult> RunAsync(EcsDeployment deployment, CancellationToken cancellationToken = default) =>
        DriveAsync(token => deployment.RunAsync(token), cancellationToken: cancellationToken);

    /// <summary>
    /// Runs <paramref name="run"/> and, whenever it is waiting, advances the clock one simulated second
    /// (calling <paramref name="eachSecond"/> with the simulated time elapsed) until it completes.
    /// </summary>
    public Task<T> DriveAsync<T>(Func<CancellationToken, Task<T>> run, TimeSpan? limit = null, Action<TimeSpan>? eachSecond = null, CancellationToken cancellationToken = default) =>
        SimulatedTime.DriveAsync(Emulator, Clock, run, limit, eachSecond, cancellationToken);

    public async Task<Service> ServiceAsync(string name = "web") =>
        (await Client.DescribeServicesAsync(new DescribeServicesRequest { Cluster = "prod", Services = [name] })).Services.Single();

    public async Task<TaskDefinition> TaskDefinitionAsync(string reference) =>
        (await Client.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest { TaskDefinition = reference })).TaskDefinition!;

    public void Dispose()
    {
        Client.Dispose();
        Logs.Dispose();
        Ecr.Dispose();
    }

    private sealed class Recorder(EngineHarness harness) : IProgress<DeploymentEvent>
    {
        public void Report(DeploymentEvent value)
        {
            lock (harness._lock)
            {
                harness._events.Add(value);
            }
        }
    }
}
