using System.Text.Json.Nodes;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Testing.Scenarios;

namespace Ecs.BlueGreen.Testing.Tests;

public class ScenarioTests
{
    private static string State(Service service) =>
        string.Join(" | ", service.Deployments.Select(d => $"{d.Status} {d.TaskDefinition![(d.TaskDefinition!.LastIndexOf('/') + 1)..]} {d.RolloutState}"));

    /// <summary>Records each distinct deployment state seen, second by second, until <paramref name="done"/>.</summary>
    private static async Task<List<string>> ObserveAsync(Harness harness, TimeSpan limit, Func<Service, bool> done)
    {
        var states = new List<string> { State(await harness.ServiceAsync()) };
        var finished = await harness.RunAsync(limit, async () =>
        {
            var service = await harness.ServiceAsync();
            var state = State(service);
            if (states[^1] != state)
            {
                states.Add(state);
            }

            return done(service);
        });
        finished.Should().BeTrue($"the rollout should finish within {limit}; states seen: {string.Join(" -> ", states)}");
        return states;
    }

    [Test]
    public async Task A_healthy_rolling_deploy_replaces_every_task_and_reaches_a_steady_state()
    {
        using var harness = new Harness(Harness.WebScenario(4, "repo/web:2"));
        var before = await harness.ServiceAsync();
        before.Deployments.Should().ContainSingle().Which.RolloutState.Should().Be(DeploymentRolloutState.Completed);
        var oldDeploymentId = before.Deployments[0].Id;

        var updated = (await harness.Client.UpdateServiceAsync(new UpdateServiceRequest { Cluster = "prod", Service = "web", TaskDefinition = "web:2" })).Service!;
        updated.Deployments.Select(d => d.Status).Should().Equal("PRIMARY", "ACTIVE");
        updated.Deployments[0].Id.Should().MatchRegex(@"^ecs-svc/\d{19}$");

        var states = await ObserveAsync(harness, TimeSpan.FromMinutes(5), s => s.Deployments.Count == 1 && s.Deployments[0].RolloutState == DeploymentRolloutState.Completed);

        states.Should().Equal(
            "PRIMARY web:2 IN_PROGRESS | ACTIVE web:1 COMPLETED",
            "PRIMARY web:2 COMPLETED");
        var after = await harness.ServiceAsync();
        after.RunningCount.Should().Be(4);
        after.TaskDefinition.Should().EndWith("task-definition/web:2");
        var messages = after.Events.Select(e => e.Message!).ToList();
        messages[0].Should().Be("(service web) has reached a steady state.");
        messages[1].Should().Be($"(service web) (deployment {after.Deployments[0].Id}) deployment completed.");
        messages.Should().Contain(m => m.StartsWith("(service web) has started 4 tasks: (task ", StringComparison.Ordinal));
        messages.Should().Contain(m => m.StartsWith("(service web) has stopped 4 running tasks: (task ", StringComparison.Ordinal));
        after.Events.Select(e => e.CreatedAt).Should().BeInDescendingOrder();

        var stopped = await harness.TasksAsync(DesiredStatus.Stopped);
        stopped.Should().HaveCount(4).And.OnlyContain(t => t.StopCode == TaskStopCode.ServiceSchedulerInitiated
            && t.StoppedReason == $"Scaling activity initiated by (deployment {after.Deployments[0].Id})"
            && t.StartedBy == oldDeploymentId && t.LastStatus == "STOPPED");
        var running = await harness.TasksAsync(DesiredStatus.Running);
        running.Should().HaveCount(4).And.OnlyContain(t => t.StartedBy == after.Deployments[0].Id && t.Group == "service:web");

        var deployments = await harness.Client.ListServiceDeploymentsAsync(new ListServiceDeploymentsRequest { Cluster = "prod", Service = "web" });
        deployments.ServiceDeployments.Select(d => d.Status!.Value.Value).Should().Equal("SUCCESSFUL", "SUCCESSFUL");
        deployments.ServiceDeployments[0].ServiceDeploymentArn.Should().Be(after.CurrentServiceDeployment);
    }

    [Test]
    public async Task A_crash_looping_image_trips_the_circuit_breaker_and_rolls_back_to_the_previous_revision()
    {
        var breaker = new JsonObject { ["deploymentCircuitBreaker"] = new JsonObject { ["enable"] = true, ["rollback"] = true } };
        using var harness = new Harness(Harness.WebScenario(4, "repo/web:bad", breaker,
            images: new Dictionary<string, ImageBehaviour> { ["repo/web:bad"] = new() { CrashAfterSeconds = 5, ExitCode = 3 } }));
        var original = (await harness.ServiceAsync()).Deployments[0].Id;
        var failing = (await harness.Client.UpdateServiceAsync(new UpdateServiceRequest { Cluster = "prod", Service = "web", TaskDefinition = "web:2" })).Service!.Deployments[0].Id;

        var states = await ObserveAsync(harness, TimeSpan.FromMinutes(5), s => s.Deployments.Count == 1 && s.Deployments[0].RolloutState == DeploymentRolloutState.Completed);

        states.Should().Equal(
            "PRIMARY web:2 IN_PROGRESS | ACTIVE web:1 COMPLETED",
            "PRIMARY web:1 IN_PROGRESS | ACTIVE web:2 FAILED | ACTIVE web:1 COMPLETED",
            "PRIMARY web:1 IN_PROGRESS | ACTIVE web:1 COMPLETED",
            "PRIMARY web:1 COMPLETED");
        var service = await harness.ServiceAsync();
        service.TaskDefinition.Should().EndWith("task-definition/web:1");
        service.RunningCount.Should().Be(4);
        var messages = service.Events.Select(e => e.Message).ToList();
        messages.Should().ContainInOrder(
            "(service web) has reached a steady state.",
            $"(service web) rolling back to deployment {original}.",
            $"(service web) (deployment {failing}) deployment failed: tasks failed to start.");

        // ecs#ServiceDeploymentCircuitBreaker.threshold: threshold max(3, min(200, ceil(0.5 × 4))) = 3 failed tasks.
        var crashed = (await harness.TasksAsync(DesiredStatus.Stopped)).Where(t => t.StartedBy == failing).ToList();
        crashed.Where(t => t.StopCode == TaskStopCode.EssentialContainerExited).Should().HaveCountGreaterThanOrEqualTo(3)
            .And.OnlyContain(t => t.StoppedReason == "Essential container in task exited" && t.Containers[0].ExitCode == 3);

        var sd = (await harness.Client.DescribeServiceDeploymentsAsync(new DescribeServiceDeploymentsRequest { ServiceDeploymentArns = [service.CurrentServiceDeployment!] })).ServiceDeployments.Single();
        sd.Status.Should().Be(ServiceDeploymentStatus.RollbackSuccessful);
        sd.Rollback!.Reason.Should().Contain("circuit breaker");
        sd.DeploymentCircuitBreaker!.Status.Should().Be("TRIGGERED");
        sd.DeploymentCircuitBreaker.Threshold.Should().Be(3);
    }

    [Test]
    public async Task Without_a_circuit_breaker_ECS_keeps_retrying_and_stopped_tasks_pile_up_with_the_exit_code()
    {
        using var harness = new Harness(Harness.WebScenario(4, "repo/web:bad",
            images: new Dictionary<string, ImageBehaviour> { ["repo/web:bad"] = new() { CrashAfterSeconds = 5, ExitCode = 137, CrashReason = "OutOfMemoryError: Container killed due to memory usage" } }));
        await harness.Client.UpdateServiceAsync(new UpdateServiceRequest { Cluster = "prod", Service = "web", TaskDefinition = "web:2" });

        await harness.RunAsync(TimeSpan.FromMinutes(3), () => Task.FromResult(false));

        var service = await harness.ServiceAsync();
        State(service).Should().Be("PRIMARY web:2 IN_PROGRESS | ACTIVE web:1 COMPLETED");
        service.Deployments[0].FailedTasks.Should().BeGreaterThan(20);
        service.Deployments[1].RunningCount.Should().Be(4, "minimumHealthyPercent 100 keeps every old task while the new ones crash");
        var stopped = await harness.TasksAsync(DesiredStatus.Stopped);
        stopped.Should().HaveCountGreaterThan(20).And.OnlyContain(t => t.StopCode == TaskStopCode.EssentialContainerExited
            && t.Containers[0].ExitCode == 137 && t.Containers[0].Reason == "OutOfMemoryError: Container killed due to memory usage");
        service.Events.Should().Contain(e => e.Message == "(service web) is unable to consistently start tasks successfully. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.");
    }

    [Test]
    public async Task An_image_pull_failure_stops_tasks_with_CannotPullContainerError_and_fails_the_deployment()
    {
        var breaker = new JsonObject { ["deploymentCircuitBreaker"] = new JsonObject { ["enable"] = true, ["rollback"] = true } };
        using var harness = new Harness(Harness.WebScenario(2, "repo/web:missing", breaker,
            images: new Dictionary<string, ImageBehaviour> { ["repo/web:missing"] = new() { PullFailure = true } }));
        var failing = (await harness.Client.UpdateServiceAsync(new UpdateServiceRequest { Cluster = "prod", Service = "web", TaskDefinition = "web:2" })).Service!.Deployments[0].Id;

        var states = await ObserveAsync(harness, TimeSpan.FromMinutes(5), s => s.Deployments.Count == 1 && s.Deployments[0].RolloutState == DeploymentRolloutState.Completed);

        states.Should().Contain("PRIMARY web:1 IN_PROGRESS | ACTIVE web:2 FAILED | ACTIVE web:1 COMPLETED");
        var failed = (await harness.TasksAsync(DesiredStatus.Stopped)).Where(t => t.StartedBy == failing).ToList();
        failed.Should().HaveCountGreaterThanOrEqualTo(3).And.OnlyContain(t => t.StopCode == TaskStopCode.TaskFailedToStart
            && t.StoppedReason!.StartsWith("CannotPullContainerError:", StringComparison.Ordinal)
            && t.Containers[0].Reason!.StartsWith("CannotPullContainerError:", StringComparison.Ordinal)
            && t.StartedAt == null && t.Containers[0].ExitCode == null);
    }

    [Test]
    public async Task A_placement_failure_emits_unable_to_place_events_and_starts_no_task()
    {
        var breaker = new JsonObject { ["deploymentCircuitBreaker"] = new JsonObject { ["enable"] = true, ["rollback"] = false } };
        using var harness = new Harness(Harness.WebScenario(2, "repo/web:huge", breaker,
            images: new Dictionary<string, ImageBehaviour> { ["repo/web:huge"] = new() { NoCapacity = true } }));
        await harness.Client.UpdateServiceAsync(new UpdateServiceRequest { Cluster = "prod", Service = "web", TaskDefinition = "web:2" });

        var states = await ObserveAsync(harness, TimeSpan.FromMinutes(5), s => s.Deployments[0].RolloutState == DeploymentRolloutState.Failed);

        states.Should().Equal("PRIMARY web:2 IN_PROGRESS | ACTIVE web:1 COMPLETED", "PRIMARY web:2 FAILED | ACTIVE web:1 COMPLETED");
        var service = await harness.ServiceAsync();
        service.Events.Count(e => e.Message!.StartsWith("(service web) was unable to place a task because no container instance met all of its requirements.", StringComparison.Ordinal))
            .Should().Be(3, "the threshold for 2 desired tasks is the minimum of 3");
        service.Deployments[0].RolloutStateReason.Should().Be("ECS deployment circuit breaker: tasks failed to start.");
        service.Deployments[1].RunningCount.Should().Be(2, "without rollback the old tasks keep serving");
        (await harness.TasksAsync(DesiredStatus.Running)).Should().OnlyContain(t => t.TaskDefinitionArn!.EndsWith("web:1", StringComparison.Ordinal));
        (await harness.TasksAsync(DesiredStatus.Stopped)).Should().BeEmpty();

        // Once FAILED, nothing more is attempted (ecs#Deployment.rolloutState: "A deployment in FAILED state doesn't launch any new tasks.").
        var events = service.Events.Count;
        await harness.RunAsync(TimeSpan.FromMinutes(2), () => Task.FromResult(false));
        (await harness.ServiceAsync()).Events.Should().HaveCount(events);
    }

    [TestCase(6, 50, 150)]
    [TestCase(4, 100, 125)]
    [TestCase(5, 0, 100)]
    [TestCase(3, 100, 200)]
    public async Task Minimum_healthy_and_maximum_percent_hold_at_every_simulated_second(int desired, int minimumHealthyPercent, int maximumPercent)
    {
        var config = new JsonObject { ["minimumHealthyPercent"] = minimumHealthyPercent, ["maximumPercent"] = maximumPercent };
        using var harness = new Harness(Harness.WebScenario(desired, "repo/web:2", config, healthCheck: true));
        var minimum = (int)Math.Ceiling(desired * minimumHealthyPercent / 100.0);
        var maximum = desired * maximumPercent / 100;
        await harness.Client.UpdateServiceAsync(new UpdateServiceRequest { Cluster = "prod", Service = "web", TaskDefinition = "web:2" });
        var seconds = 0;

        var done = await harness.RunAsync(TimeSpan.FromMinutes(10), async () =>
        {
            seconds++;
            var all = (await harness.TasksAsync(DesiredStatus.Running)).Concat(await harness.TasksAsync(DesiredStatus.Stopped)).ToList();
            var notStopped = all.Count(t => t.LastStatus != "STOPPED");
            var healthyRunning = all.Count(t => t.LastStatus == "RUNNING" && t.DesiredStatus == "RUNNING" && t.HealthStatus == HealthStatus.Healthy);
            notStopped.Should().BeLessThanOrEqualTo(maximum, $"at second {seconds} at most {maximumPercent}% of {desired} may be RUNNING or PENDING");
            healthyRunning.Should().BeGreaterThanOrEqualTo(minimum, $"at second {seconds} at least {minimumHealthyPercent}% of {desired} must stay healthy");
            var service = await harness.ServiceAsync();
            return service.Deployments.Count == 1 && service.Deployments[0].RolloutState == DeploymentRolloutState.Completed;
        });

        done.Should().BeTrue();
        (await harness.TasksAsync(DesiredStatus.Running)).Should().HaveCount(desired).And.OnlyContain(t => t.TaskDefinitionArn!.EndsWith("web:2", StringComparison.Ordinal));
    }

    [Test]
    public async Task A_configuration_that_allows_no_step_is_reported_and_nothing_moves()
    {
        var config = new JsonObject { ["minimumHealthyPercent"] = 100, ["maximumPercent"] = 100 };
        using var harness = new Harness(Harness.WebScenario(2, "repo/web:2", config));
        await harness.Client.UpdateServiceAsync(new UpdateServiceRequest { Cluster = "prod", Service = "web", TaskDefinition = "web:2" });

        await harness.RunAsync(TimeSpan.FromMinutes(1), () => Task.FromResult(false));

        var service = await harness.ServiceAsync();
        State(service).Should().Be("PRIMARY web:2 IN_PROGRESS | ACTIVE web:1 COMPLETED");
        service.Events[0].Message.Should().Be("service web was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.");
    }

    private static readonly object[] ScenarioMistakes =
    [
        new object[] { """{"services":[{"cluster":"prod","serviceName":"web","taskDefinition":"web:1"}],"taskDefinitions":[{"family":"web","containerDefinitions":[{"name":"app","image":"repo/web:1"}]}]}""",
            "services[0] \"web\": the cluster \"prod\" is not in the scenario's \"clusters\"." },
        new object[] { """{"clusters":["prod"],"services":[{"cluster":"prod","serviceName":"web","taskDefinition":"web:3"}],"taskDefinitions":[{"family":"web","containerDefinitions":[{"name":"app","image":"repo/web:1"}]}]}""",
            "services[0] \"web\": the task definition \"web:3\" is not registered by the scenario's \"taskDefinitions\"." },
        new object[] { """{"clusters":["prod"],"services":[{"cluster":"prod","serviceName":"web","taskDefinition":"web","deploymentController":{"type":"EXTERNAL"}}],"taskDefinitions":[{"family":"web","containerDefinitions":[{"name":"app","image":"repo/web:1"}]}]}""",
            "services[0] \"web\": the emulator runs services with the ECS or CODE_DEPLOY deployment controller only, not EXTERNAL." },
        new object[] { """{"clusters":["prod"],"taskDefinitions":[{"family":"web","containerDefinitions":[]}]}""",
            "taskDefinitions[0] \"web\": ECS would refuse it: ClientException: Container list cannot be empty." },
        new object[] { """{"clusters":["prod","no spaces"]}""",
            "clusters[1] \"no spaces\": ECS would refuse it: InvalidParameterException: Cluster name can only contain alphanumeric characters, hyphens and underscores, up to 255 characters." },
        new object[] { """{"clusters":["prod"],"services":[{"cluster":"prod","serviceName":"web","taskDefinition":"web","steady":"yes"}],"taskDefinitions":[{"family":"web","containerDefinitions":[{"name":"app","image":"repo/web:1"}]}]}""",
            "services[0] \"web\": a member has the wrong type: " },
    ];

    [TestCaseSource(nameof(ScenarioMistakes))]
    public void A_scenario_mistake_is_one_clear_line_that_names_the_entry(string json, string message)
    {
        var scenario = EmulatorScenario.Parse(json);

        var act = () => new EcsEmulator(scenario);

        var error = act.Should().Throw<EmulatorScenarioException>().Which;
        error.Message.Should().StartWith(message).And.NotContain("\n");
        error.Entry.Should().Be(message[..message.IndexOf(':', StringComparison.Ordinal)]);
    }
}
