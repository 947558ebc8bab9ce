using System.Text.Json.Nodes;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Testing.Scenarios;

namespace Ecs.BlueGreen.Testing.Tests;

/// <summary>An emulator on a manual clock with a client that never retries, so every call is observable.</summary>
internal sealed class Harness : IDisposable
{
    public Harness(EmulatorScenario scenario)
    {
        Clock = new ManualTimeProvider();
        Emulator = new EcsEmulator(scenario, Clock);
        Client = Emulator.CreateClient(new AwsClientOptions { Retry = new AwsRetryOptions { MaxAttempts = 1 } });
    }

    public ManualTimeProvider Clock { get; }

    public EcsEmulator Emulator { get; }

    public EcsClient Client { get; }

    public static JsonObject TaskDefinition(string family, string image, bool healthCheck = false)
    {
        var container = new JsonObject { ["name"] = "app", ["image"] = image, ["essential"] = true, ["memory"] = 512 };
        if (healthCheck)
        {
            container["healthCheck"] = new JsonObject { ["command"] = new JsonArray("CMD-SHELL", "curl -f http://localhost/ || exit 1") };
        }

        return new JsonObject { ["family"] = family, ["containerDefinitions"] = new JsonArray(container) };
    }

    /// <summary>A cluster "prod" with a steady service "web" of <paramref name="desired"/> tasks on web:1 (image repo/web:1), and web:2 registered with <paramref name="newImage"/>.</summary>
    public static EmulatorScenario WebScenario(int desired, string newImage, JsonObject? deploymentConfiguration = null, bool healthCheck = false,
        IReadOnlyDictionary<string, ImageBehaviour>? images = null, FaultSettings? faults = null) => new()
        {
            Clusters = ["prod"],
            TaskDefinitions = [TaskDefinition("web", "repo/web:1", healthCheck), TaskDefinition("web", newImage, healthCheck)],
            Services =
            [
                new JsonObject
                {
                    ["cluster"] = "prod",
                    ["serviceName"] = "web",
                    ["taskDefinition"] = "web:1",
                    ["desiredCount"] = desired,
                    ["deploymentConfiguration"] = deploymentConfiguration ?? new JsonObject(),
                },
            ],
            Images = images ?? new Dictionary<string, ImageBehaviour>(),
            Faults = faults ?? new FaultSettings(),
        };

    public async Task<Service> ServiceAsync(string name = "web")
    {
        var response = await Client.DescribeServicesAsync(new DescribeServicesRequest { Cluster = "prod", Services = [name] });
        return response.Services.Single();
    }

    public async Task<IReadOnlyList<TaskDetails>> TasksAsync(DesiredStatus status, string? serviceName = "web")
    {
        var arns = await Client.ListAllTasksAsync(new ListTasksRequest { Cluster = "prod", ServiceName = serviceName, DesiredStatus = status }).ToListAsync();
        if (arns.Count == 0)
        {
            return [];
        }

        return (await Client.DescribeAllTasksAsync("prod", arns)).Tasks;
    }

    /// <summary>Advances the clock one second at a time, calling <paramref name="eachSecond"/> after each, until it returns true or the time runs out.</summary>
    public async Task<bool> RunAsync(TimeSpan limit, Func<Task<bool>> eachSecond)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < limit; elapsed += TimeSpan.FromSeconds(1))
        {
            Clock.Advance(TimeSpan.FromSeconds(1));
            if (await eachSecond())
            {
                return true;
            }
        }

        return false;
    }

    public void Dispose() => Client.Dispose();
}
