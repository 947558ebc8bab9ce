using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Transport;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Testing.Hosting;
using Ecs.BlueGreen.Testing.Scenarios;

namespace Ecs.BlueGreen.Testing.Tests;

public class ApiTests
{
    [Test]
    public async Task Throttling_bursts_answer_ThrottlingException_400_Rate_exceeded_and_the_call_log_shows_them()
    {
        var faults = new FaultSettings { Rules = [new FaultRule { Operation = "DescribeServices", Kind = FaultKind.Throttle, AfterCalls = 1, Count = 2 }] };
        using var harness = new Harness(Harness.WebScenario(1, "repo/web:2", faults: faults));

        await harness.ServiceAsync();
        for (var i = 0; i < 2; i++)
        {
            var act = () => harness.ServiceAsync();
            var error = (await act.Should().ThrowAsync<AwsServiceException>()).Which;
            error.ErrorCode.Should().Be("ThrottlingException");
            error.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            error.ErrorMessage.Should().Be("Rate exceeded");
            error.RequestId.Should().NotBeNullOrEmpty();
        }

        await harness.ServiceAsync();
        harness.Emulator.Calls.Select(c => (c.Operation, c.StatusCode, c.ErrorType)).Should().Equal(
            ("DescribeServices", 200, null),
            ("DescribeServices", 400, "ThrottlingException"),
            ("DescribeServices", 400, "ThrottlingException"),
            ("DescribeServices", 200, null));
        harness.Emulator.Calls[0].Request.Should().Contain("\"services\":[\"web\"]");
    }

    [Test]
    public async Task A_retrying_client_rides_out_a_throttling_burst_and_each_attempt_is_logged()
    {
        var faults = new FaultSettings { Rules = [new FaultRule { Operation = "DescribeServices", Kind = FaultKind.Throttle, Count = 2 }] };
        var emulator = new EcsEmulator(Harness.WebScenario(1, "repo/web:2", faults: faults));
        using var client = emulator.CreateClient(new AwsClientOptions { Retry = new AwsRetryOptions { ThrottlingBaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) } });

        var response = await client.DescribeServicesAsync(new DescribeServicesRequest { Cluster = "prod", Services = ["web"] });

        response.Services.Should().ContainSingle();
        emulator.CountCalls("DescribeServices").Should().Be(3);
    }

    [Test]
    public async Task Token_buckets_follow_the_documented_UpdateService_rates()
    {
        var scenario = Harness.WebScenario(1, "repo/web:2", faults: new FaultSettings { TokenBuckets = true });
        using var harness = new Harness(scenario);
        async Task<bool> UpdateAsync()
        {
            try
            {
                await harness.Client.UpdateServiceAsync(new UpdateServiceRequest { Cluster = "prod", Service = "web", DesiredCount = 1 });
                return true;
            }
            catch (AwsServiceException e) when (e.ErrorCode == "ThrottlingException")
            {
                return false;
            }
        }

        var first = new List<bool>();
        for (var i = 0; i < 51; i++)
        {
            first.Add(await UpdateAsync());
        }

        first.Take(50).Should().OnlyContain(ok => ok, "the service-modify burst is 50");
        first[50].Should().BeFalse();
        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = new List<bool>();
        for (var i = 0; i < 6; i++)
        {
            second.Add(await UpdateAsync());
        }

        second.Should().Equal(true, true, true, true, true, false);
    }

    [Test]
    public async Task Server_errors_are_500_ServerException_and_dropped_connections_fail_the_request()
    {
        var faults = new FaultSettings
        {
            Rules =
            [
                new FaultRule { Operation = "ListClusters", Kind = FaultKind.ServerError, Count = 1 },
                new FaultRule { Operation = "DescribeClusters", Kind = FaultKind.DropConnection, Count = 1 },
            ],
        };
        var emulator = new EcsEmulator(new EmulatorScenario { Clusters = ["prod"], Faults = faults });
        using var http = new HttpClient(emulator.CreateHandler());

        using var listed = await http.SendAsync(Signed("ListClusters", "{}"));
        listed.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        (await listed.Content.ReadAsStringAsync()).Should().Be("{\"__type\":\"ServerException\",\"message\":\"Service Unavailable. Please try again later.\"}");

        var act = () => http.SendAsync(Signed("DescribeClusters", "{\"clusters\":[\"prod\"]}"));
        (await act.Should().ThrowAsync<HttpRequestException>()).Which.HttpRequestError.Should().Be(HttpRequestError.ResponseEnded);
        emulator.Calls.Select(c => c.StatusCode).Should().Equal(500, 0);
    }

    [Test]
    public async Task An_applied_server_error_does_the_write_and_still_answers_500()
    {
        var faults = new FaultSettings
        {
            Rules =
            [
                new FaultRule { Operation = "RegisterTaskDefinition", Kind = FaultKind.ServerError, Count = 1, Applied = true },
                new FaultRule { Operation = "UpdateService", Kind = FaultKind.ServerError, Count = 1 },
            ],
        };
        using var harness = new Harness(Harness.WebScenario(2, "repo/web:2", faults: faults));
        using var http = new HttpClient(harness.Emulator.CreateHandler());

        using var registered = await http.SendAsync(Signed("RegisterTaskDefinition", "{\"family\":\"web\",\"containerDefinitions\":[{\"name\":\"app\",\"image\":\"repo/web:3\",\"memory\":512}]}"));
        using var updated = await http.SendAsync(Signed("UpdateService", "{\"cluster\":\"prod\",\"service\":\"web\",\"desiredCount\":5}"));

        registered.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        updated.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        (await harness.Client.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest { TaskDefinition = "web" })).TaskDefinition!.ContainerDefinitions[0].Image
            .Should().Be("repo/web:3", "the applied fault registered the revision before failing");
        (await harness.ServiceAsync()).DesiredCount.Should().Be(2, "a fault that is not applied changes nothing");
    }

    [Test]
    public async Task Latency_holds_the_answer_for_simulated_time()
    {
        var clock = new ManualTimeProvider();
        var faults = new FaultSettings { Rules = [new FaultRule { Kind = FaultKind.Latency, LatencyMilliseconds = 2000 }] };
        var emulator = new EcsEmulator(new EmulatorScenario { Clusters = ["prod"], Faults = faults }, clock);
        using var http = new HttpClient(emulator.CreateHandler());

        var pending = http.SendAsync(Signed("ListClusters", "{}"));
        pending.IsCompleted.Should().BeFalse();
        clock.Advance(TimeSpan.FromSeconds(1));
        pending.IsCompleted.Should().BeFalse();
        clock.Advance(TimeSpan.FromSeconds(1));
        using var response = await pending;
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task Requests_need_a_well_formed_SigV4_header_and_a_known_target()
    {
        var emulator = new EcsEmulator();
        using var http = new HttpClient(emulator.CreateHandler());

        using var unsigned = Signed("ListClusters", "{}");
        unsigned.Headers.Remove("Authorization");
        using var missing = await http.SendAsync(unsigned);
        missing.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await missing.Content.ReadAsStringAsync()).Should().Contain("MissingAuthenticationTokenException");

        using var unknown = await http.SendAsync(Signed("FlyToTheMoon", "{}"));
        (await unknown.Content.ReadAsStringAsync()).Should().Be("{\"__type\":\"UnknownOperationException\"}");

        using var ok = await http.SendAsync(Signed("ListClusters", "{}"));
        ok.StatusCode.Should().Be(HttpStatusCode.OK);
        ok.Headers.GetValues("x-amzn-RequestId").Should().ContainSingle();
        ok.Content.Headers.ContentType!.MediaType.Should().Be("application/x-amz-json-1.1");
    }

    [Test]
    public async Task A_task_definition_is_described_as_registered_with_ECSs_empty_list_defaults_plus_the_output_only_members()
    {
        using var harness = new Harness(EmulatorScenario.Empty);
        var document = Harness.TaskDefinition("api", "repo/api:7", healthCheck: true);
        document["cpu"] = "256";
        document["futureMember"] = new JsonObject { ["kept"] = true };
        var request = document.Deserialize<RegisterTaskDefinitionRequest>(AwsJson.Options)! with { Tags = [new Tag { Key = "team", Value = "core" }] };

        var registered = await harness.Client.RegisterTaskDefinitionAsync(request);
        await harness.Client.RegisterTaskDefinitionAsync(request);
        var described = await harness.Client.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest { TaskDefinition = "api", Include = ["TAGS"] });

        registered.TaskDefinition!.TaskDefinitionArn.Should().Be("arn:aws:ecs:us-east-1:123456789012:task-definition/api:1");
        described.TaskDefinition!.Revision.Should().Be(2);
        described.Tags.Should().ContainSingle().Which.Should().BeEquivalentTo(new Tag { Key = "team", Value = "core" });
        var roundTrip = System.Text.Json.JsonSerializer.SerializeToNode(RegisterTaskDefinitionRequest.FromTaskDefinition(described.TaskDefinition), AwsJson.Options)!;

        // Every member as registered (the unknown one too), and the lists ECS fills in as [] when they were left out.
        var expected = (JsonObject)document.DeepClone();
        expected["volumes"] = new JsonArray();
        expected["placementConstraints"] = new JsonArray();
        foreach (var name in new[] { "portMappings", "environment", "mountPoints", "volumesFrom" })
        {
            expected["containerDefinitions"]![0]![name] = new JsonArray();
        }

        JsonNode.DeepEquals(roundTrip, expected).Should().BeTrue($"{roundTrip.ToJsonString()} should equal {expected.ToJsonString()}");

        await harness.Client.DeregisterTaskDefinitionAsync(new DeregisterTaskDefinitionRequest { TaskDefinition = "api:1" });
        var active = await harness.Client.ListTaskDefinitionsAsync(new ListTaskDefinitionsRequest { FamilyPrefix = "api" });
        var inactive = await harness.Client.ListTaskDefinitionsAsync(new ListTaskDefinitionsRequest { FamilyPrefix = "api", Status = TaskDefinitionStatus.Inactive });
        active.TaskDefinitionArns.Should().Equal("arn:aws:ecs:us-east-1:123456789012:task-definition/api:2");
        inactive.TaskDefinitionArns.Should().Equal("arn:aws:ecs:us-east-1:123456789012:task-definition/api:1");
        var missing = () => harness.Client.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest { TaskDefinition = "nope" });
        (await missing.Should().ThrowAsync<AwsServiceException>()).Which.ErrorCode.Should().Be("ClientException");
    }

    [Test]
    public async Task RunTask_tasks_run_and_exit_with_their_scripted_code_and_StopTask_stops_them()
    {
        var scenario = new EmulatorScenario
        {
            Clusters = ["prod"],
            TaskDefinitions = [Harness.TaskDefinition("migrate", "repo/migrate:1"), Harness.TaskDefinition("worker", "repo/worker:1")],
            Images = new Dictionary<string, ImageBehaviour> { ["repo/migrate:1"] = new() { RunTaskExitCode = 2, RunTaskSeconds = 30 } },
        };
        using var harness = new Harness(scenario);

        var migrate = (await harness.Client.RunTaskAsync(new RunTaskRequest { Cluster = "prod", TaskDefinition = "migrate", StartedBy = "ci" })).Tasks.Single();
        var worker = (await harness.Client.RunTaskAsync(new RunTaskRequest { Cluster = "prod", TaskDefinition = "worker" })).Tasks.Single();
        migrate.LastStatus.Should().Be("PROVISIONING");
        var seen = new List<string>();
        await harness.RunAsync(TimeSpan.FromMinutes(1), async () =>
        {
            var status = (await harness.Client.DescribeTasksAsync(new DescribeTasksRequest { Cluster = "prod", Tasks = [migrate.TaskArn!] })).Tasks.Single().LastStatus!;
            if (seen.Count == 0 || seen[^1] != status)
            {
                seen.Add(status);
            }

            return status == "STOPPED";
        });
        await harness.Client.StopTaskAsync(new StopTaskRequest { Cluster = "prod", Task = worker.TaskArn!, Reason = "done for today" });
        harness.Clock.Advance(TimeSpan.FromSeconds(2));

        seen.Should().Equal("PENDING", "RUNNING", "STOPPED");
        var described = (await harness.Client.DescribeTasksAsync(new DescribeTasksRequest { Cluster = "prod", Tasks = [migrate.TaskArn!, worker.TaskArn!, "0123"] }));
        var m = described.Tasks[0];
        m.StopCode.Should().Be(TaskStopCode.EssentialContainerExited);
        m.Containers.Single().ExitCode.Should().Be(2);
        m.StartedBy.Should().Be("ci");
        m.Group.Should().Be("family:migrate");
        (m.StoppedAt - m.StartedAt).Should().Be(TimeSpan.FromSeconds(30));
        var w = described.Tasks[1];
        w.LastStatus.Should().Be("STOPPED");
        w.StopCode.Should().Be(TaskStopCode.UserInitiated);
        w.StoppedReason.Should().Be("done for today");
        described.Failures.Should().ContainSingle().Which.Reason.Should().Be("MISSING");
    }

    [Test]
    public async Task ListTasks_pages_with_nextToken()
    {
        using var harness = new Harness(Harness.WebScenario(7, "repo/web:2"));
        var first = await harness.Client.ListTasksAsync(new ListTasksRequest { Cluster = "prod", MaxResults = 3 });
        var all = await harness.Client.ListAllTasksAsync(new ListTasksRequest { Cluster = "prod", MaxResults = 3 }).ToListAsync();

        first.TaskArns.Should().HaveCount(3);
        first.NextToken.Should().NotBeNull();
        all.Should().HaveCount(7).And.OnlyHaveUniqueItems().And.StartWith(first.TaskArns);
    }

    [Test]
    public async Task The_same_scenario_and_calls_give_the_same_identifiers()
    {
        async Task<string> RunAsync()
        {
            using var harness = new Harness(Harness.WebScenario(2, "repo/web:2"));
            await harness.Client.UpdateServiceAsync(new UpdateServiceRequest { Cluster = "prod", Service = "web", TaskDefinition = "web:2" });
            harness.Clock.Advance(TimeSpan.FromMinutes(2));
            return System.Text.Json.JsonSerializer.Serialize(await harness.ServiceAsync(), AwsJson.Options);
        }

        (await RunAsync()).Should().Be(await RunAsync());
    }

    [Test]
    public async Task A_simulated_ten_minute_rollout_runs_in_memory()
    {
        // 28 tasks, 10 % surge: two at a time, each pair needs ~45 s to count as healthy (ecs#DeploymentConfiguration.minimumHealthyPercent).
        var config = new JsonObject { ["minimumHealthyPercent"] = 100, ["maximumPercent"] = 110 };
        using var harness = new Harness(Harness.WebScenario(28, "repo/web:2", config));
        var wall = Stopwatch.StartNew();
        await harness.Client.UpdateServiceAsync(new UpdateServiceRequest { Cluster = "prod", Service = "web", TaskDefinition = "web:2" });
        var started = harness.Clock.GetUtcNow();
        Service service = null!;

        var done = await harness.RunAsync(TimeSpan.FromMinutes(15), async () =>
        {
            service = await harness.ServiceAsync();
            return service.Deployments.Count == 1 && service.Deployments[0].RolloutState == DeploymentRolloutState.Completed;
        });
        wall.Stop();

        done.Should().BeTrue();
        var simulated = harness.Clock.GetUtcNow() - started;
        simulated.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMinutes(10), "this rollout is meant to take ten simulated minutes");
        TestContext.Out.WriteLine($"Simulated rollout of {simulated.TotalSeconds:F0} s ({harness.Emulator.Calls.Count} API calls, one DescribeServices a simulated second) took {wall.Elapsed.TotalMilliseconds:F0} ms of wall time.");
    }

    [Test]
    public async Task The_Kestrel_server_speaks_the_protocol_and_serves_the_admin_path()
    {
        var emulator = new EcsEmulator(new EmulatorScenario { Clusters = ["prod"] }, TimeProvider.System);
        await using var server = await EcsEmulatorServer.StartAsync(emulator);
        using var http = new HttpClient { BaseAddress = server.Endpoint };
        server.Endpoint.Host.Should().Be("127.0.0.1");
        server.Endpoint.Port.Should().BePositive();

        using var request = Signed("DescribeClusters", "{\"clusters\":[\"prod\",\"nope\"]}", server.Endpoint);
        using var response = await http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        body["clusters"]![0]!["clusterArn"]!.GetValue<string>().Should().Be("arn:aws:ecs:us-east-1:123456789012:cluster/prod");
        body["failures"]![0]!["reason"]!.GetValue<string>().Should().Be("MISSING");

        var calls = JsonNode.Parse(await http.GetStringAsync("_emulator/calls"))!["calls"]!.AsArray();
        calls.Should().ContainSingle();
        calls[0]!["operation"]!.GetValue<string>().Should().Be("DescribeClusters");
        calls[0]!["request"]!["clusters"]![1]!.GetValue<string>().Should().Be("nope");
        var state = JsonNode.Parse(await http.GetStringAsync("_emulator/state"))!;
        state["clusters"]![0]!["cluster"]!["clusterName"]!.GetValue<string>().Should().Be("prod");
        using var reset = await http.PostAsync("_emulator/reset", null);
        reset.StatusCode.Should().Be(HttpStatusCode.OK);
        emulator.Calls.Should().BeEmpty();
    }

    [Test]
    public async Task The_call_log_stamps_each_call_with_its_arrival_on_the_simulated_clock_to_the_millisecond()
    {
        var clock = new ManualTimeProvider();
        var start = clock.GetUtcNow();
        var emulator = new EcsEmulator(new EmulatorScenario { Clusters = ["prod"] }, clock);
        using var http = new HttpClient(emulator.CreateHandler());

        clock.Advance(TimeSpan.FromTicks(12_345_678));
        using var first = await http.SendAsync(Signed("ListClusters", "{}"));
        clock.Advance(TimeSpan.FromMilliseconds(250));
        using var second = await http.SendAsync(Signed("ListClusters", "{}"));

        emulator.Calls.Select(c => c.Time).Should().Equal(start.AddMilliseconds(1234), start.AddMilliseconds(1484));
        var logged = JsonNode.Parse(await http.GetStringAsync(new Uri("https://ecs.us-east-1.amazonaws.com/_emulator/calls")))!["calls"]!.AsArray();
        logged.Select(c => c!["time"]!.GetValue<string>()).Should().Equal("2026-01-01T00:00:01.234Z", "2026-01-01T00:00:01.484Z");
    }

    [TestCase("DescribeServices", """{"cluster":"prod","services":[]}""", "Services cannot be empty.")]
    [TestCase("DescribeServices", """{"cluster":"prod","services":["1","2","3","4","5","6","7","8","9","10","11"]}""", "service names can have at most 10 items.")]
    [TestCase("DescribeTasks", """{"cluster":"prod","tasks":[]}""", "Tasks cannot be empty.")]
    [TestCase("DescribeTasks", null, "taskIds can have at most 100 items.")]
    public async Task Batch_limits_answer_InvalidParameterException_with_ECSs_own_text(string operation, string? body, string message)
    {
        var emulator = new EcsEmulator(new EmulatorScenario { Clusters = ["prod"] });
        using var http = new HttpClient(emulator.CreateHandler());
        body ??= JsonSerializer.Serialize(new { cluster = "prod", tasks = Enumerable.Range(0, 101).Select(i => $"{i:x32}") });

        using var response = await http.SendAsync(Signed(operation, body));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Headers.GetValues("x-amzn-ErrorType").Should().Equal("InvalidParameterException");
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        error["__type"]!.GetValue<string>().Should().Be("InvalidParameterException");
        error["message"]!.GetValue<string>().Should().Be(message);
    }

    internal static HttpRequestMessage Signed(string operation, string body, Uri? endpoint = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint ?? new Uri("https://ecs.us-east-1.amazonaws.com/"))
        {
            Content = new StringContent(body),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", EcsEmulator.TargetPrefix + operation);
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/ecs/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + new string('a', 64));
        return request;
    }
}
