using System.Text.Json.Nodes;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Testing.Scenarios;

namespace Ecs.BlueGreen.Testing.Tests;

public class BehaviourTests
{
    [Test]
    public async Task An_unhealthy_image_fails_its_health_checks_and_the_scheduler_stops_its_tasks()
    {
        var breaker = new JsonObject { ["deploymentCircuitBreaker"] = new JsonObject { ["enable"] = true, ["rollback"] = true } };
        using var harness = new Harness(Harness.WebScenario(2, "repo/web:sick", breaker, healthCheck: true,
            images: new Dictionary<string, ImageBehaviour> { ["repo/web:sick"] = new() { Healthy = false, HealthCheckSeconds = 15 } }));
        var failing = (await harness.Client.UpdateServiceAsync(new UpdateServiceRequest { Cluster = "prod", Service = "web", TaskDefinition = "web:2" })).Service!.Deployments[0].Id;

        await harness.RunAsync(TimeSpan.FromMinutes(5), async () => (await harness.ServiceAsync()) is { Deployments: [{ RolloutState: var state }] } && state == DeploymentRolloutState.Completed);

        var service = await harness.ServiceAsync();
        service.TaskDefinition.Should().EndWith("web:1");
        var sick = (await harness.TasksAsync(DesiredStatus.Stopped)).Where(t => t.StartedBy == failing).ToList();
        sick.Should().HaveCountGreaterThanOrEqualTo(3).And.OnlyContain(t => t.HealthStatus == HealthStatus.Unhealthy
            && t.StopCode == TaskStopCode.ServiceSchedulerInitiated && t.StoppedReason == "Task failed container health checks"
            && t.Containers[0].ExitCode == 0);
        var sickId = sick[0].TaskArn!.Split('/')[^1];
        service.Events.Select(e => e.Message).Should().Contain($"(service web) (task {sickId}) failed container health checks.");
    }

    [Test]
    public async Task Replaced_tasks_take_StopSeconds_to_stop_so_the_old_tasks_drain_slowly()
    {
        using var harness = new Harness(Harness.WebScenario(2, "repo/web:2",
            images: new Dictionary<string, ImageBehaviour> { ["repo/web:1"] = new() { StopSeconds = 10 } }));
        await harness.Client.UpdateServiceAsync(new UpdateServiceRequest { Cluster = "prod", Service = "web", TaskDefinition = "web:2" });

        await harness.RunAsync(TimeSpan.FromMinutes(5), async () => (await harness.ServiceAsync()) is { Deployments: [{ RolloutState: var state }] } && state == DeploymentRolloutState.Completed);

        var old = await harness.TasksAsync(DesiredStatus.Stopped);
        old.Should().HaveCount(2).And.OnlyContain(t => t.StoppedAt - t.StoppingAt == TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task A_task_stuck_in_PENDING_never_runs_and_the_deployment_never_completes()
    {
        using var harness = new Harness(Harness.WebScenario(2, "repo/web:stuck",
            images: new Dictionary<string, ImageBehaviour> { ["repo/web:stuck"] = new() { StuckPending = true } }));
        await harness.Client.UpdateServiceAsync(new UpdateServiceRequest { Cluster = "prod", Service = "web", TaskDefinition = "web:2" });

        await harness.RunAsync(TimeSpan.FromMinutes(10), () => Task.FromResult(false));

        var service = await harness.ServiceAsync();
        service.Deployments[0].RolloutState.Should().Be(DeploymentRolloutState.InProgress);
        service.Deployments[0].PendingCount.Should().Be(2);
        service.PendingCount.Should().Be(2);
        service.RunningCount.Should().Be(2, "the old tasks keep running");
        (await harness.TasksAsync(DesiredStatus.Running)).Where(t => t.TaskDefinitionArn!.EndsWith("web:2", StringComparison.Ordinal))
            .Should().HaveCount(2).And.OnlyContain(t => t.LastStatus == "PENDING" && t.StartedAt == null);
    }

    [Test]
    public async Task A_stopped_service_task_is_replaced_and_the_service_returns_to_a_steady_state()
    {
        using var harness = new Harness(Harness.WebScenario(2, "repo/web:2"));
        var victim = (await harness.TasksAsync(DesiredStatus.Running))[0];

        await harness.Client.StopTaskAsync(new StopTaskRequest { Cluster = "prod", Task = victim.TaskArn! });
        await harness.RunAsync(TimeSpan.FromMinutes(2), () => Task.FromResult(false));

        var service = await harness.ServiceAsync();
        service.RunningCount.Should().Be(2);
        service.Events[0].Message.Should().Be("(service web) has reached a steady state.");
        service.Events[1].Message.Should().StartWith("(service web) has started 1 tasks: (task ");
        (await harness.TasksAsync(DesiredStatus.Running)).Should().NotContain(t => t.TaskArn == victim.TaskArn);
    }

    [TestCase(1, 3)]
    [TestCase(6, 3)]
    [TestCase(7, 4)]
    [TestCase(25, 13)]
    [TestCase(1000, 200)]
    public void The_circuit_breaker_threshold_is_half_the_desired_count_between_3_and_200(int desired, int threshold) =>
        Simulation.EcsSimulation.CircuitBreakerThreshold(desired, new Simulation.CircuitBreakerSettings(Enable: true, Rollback: true)).Should().Be(threshold);

    [Test]
    public async Task The_documented_example_runs()
    {
        var scenario = Harness.WebScenario(2, "repo/web:2");

        // The in-memory basics; the README's own example is samples/Ecs.BlueGreen.Samples/EmulatorExample.cs (EmulatorExampleTests).
        var clock = new ManualTimeProvider();
        var emulator = new EcsEmulator(scenario, clock);
        using var ecs = emulator.CreateClient();   // an EcsClient wired to the emulator in memory

        await ecs.UpdateServiceAsync(new UpdateServiceRequest { Cluster = "prod", Service = "web", TaskDefinition = "web:2" });
        Service service;
        do
        {
            clock.Advance(TimeSpan.FromSeconds(1));  // the simulation moves in one-second steps
            service = (await ecs.DescribeServicesAsync(new() { Cluster = "prod", Services = ["web"] })).Services[0];
        }
        while (service.Deployments is not [{ RolloutState: var state }] || state == DeploymentRolloutState.InProgress);

        using var logs = emulator.CreateLogsClient();  // CloudWatch Logs of the same emulator
        logs.Connection.Endpoint.Host.Should().Be("logs.us-east-1.amazonaws.com");
        service.Deployments[0].RolloutState.Should().Be(DeploymentRolloutState.Completed);
        emulator.CountCalls("DescribeServices").Should().BeGreaterThan(40);
        emulator.GetState()["clusters"]![0]!["tasks"]!.AsArray().Should().HaveCount(4);
    }
}
