using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Testing;
using Ecs.BlueGreen.Testing.Scenarios;

namespace Ecs.BlueGreen.Samples;

/// <summary>The emulator in a test: a deployment on a manual clock, and an image that starts to crash mid-run.</summary>
public static class EmulatorExample
{
    /// <summary>Deploys web:2 on an in-memory emulator and returns the service when the rollout has ended.</summary>
    /// <param name="scenarioFile">A scenario with the service web in the cluster prod and a revision web:2.</param>
    /// <param name="crashAfter">When set, web:2 (image repo/web:2) starts to crash this long into the deployment.</param>
    public static async Task<Service> DeployAsync(string scenarioFile, TimeSpan? crashAfter = null)
    {
        var clock = new ManualTimeProvider();
        var emulator = new EcsEmulator(EmulatorScenario.Load(scenarioFile), clock);
        using var ecs = emulator.CreateClient();   // an EcsClient wired to the emulator in memory

        await ecs.UpdateServiceAsync(new UpdateServiceRequest { Cluster = "prod", Service = "web", TaskDefinition = "web:2" });
        var started = clock.GetUtcNow();
        Service service;
        do
        {
            clock.Advance(TimeSpan.FromSeconds(1));  // the simulation moves in one-second steps
            if (clock.GetUtcNow() - started == crashAfter)
            {
                // Mid-run: the image's tasks, those already running too, now crash a second after RUNNING.
                emulator.SetImageBehaviour("repo/web:2", new ImageBehaviour { CrashAfterSeconds = 1, ExitCode = 137 }, liveTasks: true);
            }

            service = (await ecs.DescribeServicesAsync(new() { Cluster = "prod", Services = ["web"] })).Services[0];
        }
        while (service.Deployments.Any(d => d.RolloutState == DeploymentRolloutState.InProgress));

        Console.WriteLine($"{emulator.CountCalls("DescribeServices")} DescribeServices calls");  // the call log: emulator.Calls
        Console.WriteLine(emulator.GetState()["clusters"]![0]!["tasks"]!.AsArray().Count);     // the whole state as JSON
        return service;
    }
}
