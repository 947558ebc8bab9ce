using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Testing.Scenarios;

namespace Ecs.BlueGreen.Testing.Tests;

/// <summary>
/// Behaviours changed and faults injected while the emulator runs, through <see cref="EcsEmulator"/> and through the
/// admin path (<c>/_emulator/behaviours</c>, <c>/_emulator/faults</c>): a deployment already in progress sees them.
/// </summary>
public class RuntimeChangeTests
{
    private static readonly JsonObject Breaker = new() { ["deploymentCircuitBreaker"] = new JsonObject { ["enable"] = true, ["rollback"] = true } };

    [Test]
    public async Task An_image_switched_to_crash_mid_deployment_trips_the_circuit_breaker_which_rolls_back()
    {
        using var harness = new Harness(Harness.WebScenario(4, "repo/web:2", (JsonObject)Breaker.DeepClone()));
        await harness.Client.UpdateServiceAsync(new UpdateServiceRequest { Cluster = "prod", Service = "web", TaskDefinition = "web:2" });
        harness.Clock.Advance(TimeSpan.FromSeconds(5));
        var before = await harness.ServiceAsync();
        before.Deployments.Single(d => d.Status == "PRIMARY").RolloutState.Should().Be(DeploymentRolloutState.InProgress);
        (await harness.TasksAsync(DesiredStatus.Running)).Should().Contain(t => t.TaskDefinitionArn!.EndsWith("web:2", StringComparison.Ordinal) && t.LastStatus == "RUNNING");

        harness.Emulator.SetImageBehaviour("repo/web:2", new ImageBehaviour { CrashAfterSeconds = 1, ExitCode = 3 }, liveTasks: true);

        (await harness.RunAsync(TimeSpan.FromMinutes(5), async () =>
            (await harness.ServiceAsync()).Deployments.Any(d => d.TaskDefinition!.EndsWith("web:2", StringComparison.Ordinal) && d.RolloutState == DeploymentRolloutState.Failed)))
            .Should().BeTrue("the tasks already running crash too, and the breaker counts them");
        var stopped = await harness.TasksAsync(DesiredStatus.Stopped);
        stopped.Should().Contain(t => t.Containers.Any(c => c.ExitCode == 3));
        (await harness.RunAsync(TimeSpan.FromMinutes(5), async () => (await harness.ServiceAsync()).Deployments is [{ RolloutState: var state }] && state == DeploymentRolloutState.Completed))
            .Should().BeTrue("the rollback settles");
        (await harness.ServiceAsync()).TaskDefinition.Should().EndWith("web:1");
    }

    [Test]
    public async Task A_change_without_liveTasks_reaches_only_the_tasks_started_after_it()
    {
        using var harness = new Harness(Harness.WebScenario(2, "repo/web:2"));
        harness.Emulator.SetImageBehaviour("repo/web:1", new ImageBehaviour { CrashAfterSeconds = 1 });
        harness.Clock.Advance(TimeSpan.FromSeconds(30));
        (await harness.TasksAsync(DesiredStatus.Stopped)).Should().BeEmpty("the running tasks keep the behaviour they started with");

        harness.Emulator.SetImageBehaviour("repo/web:1", null, liveTasks: true);
        harness.Emulator.SetTaskDefinitionBehaviour("web:1", new ImageBehaviour { HttpStatus = 503 }, liveTasks: true);
        harness.Clock.Advance(TimeSpan.FromSeconds(30));
        (await harness.TasksAsync(DesiredStatus.Stopped)).Should().BeEmpty("the image's change was removed before any task took it");
    }

    [Test]
    public async Task An_image_made_unhealthy_over_the_admin_path_fails_the_deployment_in_progress()
    {
        using var harness = new Harness(Harness.WebScenario(4, "repo/web:2", (JsonObject)Breaker.DeepClone()));
        using var admin = new HttpClient(harness.Emulator.CreateHandler()) { BaseAddress = new Uri("http://127.0.0.1/") };
        await harness.Client.UpdateServiceAsync(new UpdateServiceRequest { Cluster = "prod", Service = "web", TaskDefinition = "web:2" });
        harness.Clock.Advance(TimeSpan.FromSeconds(2));

        var answer = await PostAsync(admin, "/_emulator/behaviours",
            """{"image": "repo/web:2", "behaviour": {"healthy": false, "healthCheckSeconds": 2}, "liveTasks": true}""");

        answer.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
        body["images"]!["repo/web:2"]!["healthy"]!.GetValue<bool>().Should().BeFalse();
        body["images"]!["repo/web:2"]!["healthCheckSeconds"]!.GetValue<int>().Should().Be(2);
        (await harness.RunAsync(TimeSpan.FromMinutes(5), async () =>
            (await harness.ServiceAsync()).Deployments.Any(d => d.TaskDefinition!.EndsWith("web:2", StringComparison.Ordinal) && d.RolloutState == DeploymentRolloutState.Failed)))
            .Should().BeTrue();
        (await harness.ServiceAsync()).Events.Should().Contain(e => e.Message!.Contains("failed container health checks", StringComparison.Ordinal));
    }

    [Test]
    public async Task Admin_changes_are_listed_and_a_reset_forgets_them()
    {
        using var harness = new Harness(Harness.WebScenario(1, "repo/web:2"));
        using var admin = new HttpClient(harness.Emulator.CreateHandler()) { BaseAddress = new Uri("http://127.0.0.1/") };

        (await PostAsync(admin, "/_emulator/behaviours", """{"taskDefinition": "web", "behaviour": {"stuckPending": true}}""")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await PostAsync(admin, "/_emulator/faults", """{"operation": "ListTasks", "kind": "serverError", "count": 1}""")).StatusCode.Should().Be(HttpStatusCode.OK);

        var behaviours = JsonNode.Parse(await admin.GetStringAsync("/_emulator/behaviours"))!;
        behaviours["taskDefinitions"]!["web"]!["stuckPending"]!.GetValue<bool>().Should().BeTrue();
        behaviours["images"]!.AsObject().Should().BeEmpty();
        var faults = JsonNode.Parse(await admin.GetStringAsync("/_emulator/faults"))!;
        faults["tokenBuckets"]!.GetValue<bool>().Should().BeFalse();
        faults["rules"]!.AsArray().Should().BeEmpty();
        faults["injected"]![0]!["kind"]!.GetValue<string>().Should().Be("serverError");
        harness.Emulator.InjectedFaults.Should().ContainSingle().Which.Operation.Should().Be("ListTasks");

        (await PostAsync(admin, "/_emulator/reset", string.Empty)).StatusCode.Should().Be(HttpStatusCode.OK);

        JsonNode.Parse(await admin.GetStringAsync("/_emulator/behaviours"))!["taskDefinitions"]!.AsObject().Should().BeEmpty();
        JsonNode.Parse(await admin.GetStringAsync("/_emulator/faults"))!["injected"]!.AsArray().Should().BeEmpty();
    }

    [TestCase("/_emulator/behaviours", """{"image": "repo/web:2", "behavior": {}}""", "The body is not a behaviour change")]
    [TestCase("/_emulator/behaviours", """{"behaviour": {"healthy": false}}""", "Name either an image or a task definition.")]
    [TestCase("/_emulator/behaviours", """{"image": "a", "taskDefinition": "b"}""", "Name either an image or a task definition.")]
    [TestCase("/_emulator/faults", """{"kind": "meltdown"}""", "The body is not a fault rule")]
    [TestCase("/_emulator/faults", "", "The body is not a fault rule")]
    public async Task A_body_the_admin_path_cannot_read_is_a_400_that_says_what_it_expects(string path, string json, string error)
    {
        using var harness = new Harness(Harness.WebScenario(1, "repo/web:2"));
        using var admin = new HttpClient(harness.Emulator.CreateHandler()) { BaseAddress = new Uri("http://127.0.0.1/") };

        var answer = await PostAsync(admin, path, json);

        answer.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["error"]!.GetValue<string>().Should().StartWith(error);
    }

    [Test]
    public async Task Throttling_injected_mid_run_is_retried_by_the_client_until_it_passes()
    {
        using var harness = new Harness(Harness.WebScenario(1, "repo/web:2"));
        using var admin = new HttpClient(harness.Emulator.CreateHandler()) { BaseAddress = new Uri("http://127.0.0.1/") };

        // The client retries on its own (real) clock with tiny delays; the emulator's clock stands still.
        using var patient = harness.Emulator.CreateClient(new AwsClientOptions
        {
            Retry = new AwsRetryOptions { MaxAttempts = 5, ThrottlingBaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) },
        });
        (await patient.DescribeServicesAsync(new DescribeServicesRequest { Cluster = "prod", Services = ["web"] })).Services.Should().ContainSingle();

        (await PostAsync(admin, "/_emulator/faults", """{"operation": "DescribeServices", "kind": "throttle", "count": 2}""")).StatusCode.Should().Be(HttpStatusCode.OK);
        var response = await patient.DescribeServicesAsync(new DescribeServicesRequest { Cluster = "prod", Services = ["web"] });

        response.Services.Should().ContainSingle();
        harness.Emulator.Calls.Where(c => c.Operation == "DescribeServices").Select(c => c.ErrorType)
            .Should().Equal(null, "ThrottlingException", "ThrottlingException", null);
    }

    [Test]
    public async Task A_dropped_connection_injected_in_process_leaves_an_update_applied_whose_answer_never_came()
    {
        using var harness = new Harness(Harness.WebScenario(1, "repo/web:2"));
        harness.Emulator.InjectFault(new FaultRule { Operation = "UpdateService", Kind = FaultKind.DropConnection, Applied = true, Count = 1 });

        await FluentActions.Awaiting(() => harness.Client.UpdateServiceAsync(new UpdateServiceRequest { Cluster = "prod", Service = "web", TaskDefinition = "web:2" }))
            .Should().ThrowAsync<Exception>();

        (await harness.ServiceAsync()).TaskDefinition.Should().EndWith("web:2", "the call took effect before the connection dropped");
        harness.Emulator.ClearInjectedFaults();
        harness.Emulator.InjectedFaults.Should().BeEmpty();
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient admin, string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await admin.PostAsync(new Uri(path, UriKind.Relative), content);
    }
}
