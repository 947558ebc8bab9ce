using System.Net;
using System.Text.Json.Nodes;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Logs;
using Ecs.BlueGreen.Logs.Model;
using Ecs.BlueGreen.Testing.Scenarios;

namespace Ecs.BlueGreen.Testing.Tests;

/// <summary>Scripted containers write log lines to simulated CloudWatch Logs streams, read with the Logs API.</summary>
public class LogsTests
{
    private static readonly string[] StackTrace =
    [
        "listening on :8080",
        "loading configuration",
        "Unhandled exception. System.NullReferenceException: Object reference not set to an instance of an object.",
        "   at Web.Startup.Configure() in /src/Startup.cs:line 31",
        "   at Web.Program.Main(String[] args) in /src/Program.cs:line 9",
    ];

    private static JsonObject AwsLogs(string group = "/ecs/web", string? prefix = "web") => new()
    {
        ["logDriver"] = "awslogs",
        ["options"] = prefix is null
            ? new JsonObject { ["awslogs-group"] = group, ["awslogs-region"] = "us-east-1" }
            : new JsonObject { ["awslogs-group"] = group, ["awslogs-region"] = "us-east-1", ["awslogs-stream-prefix"] = prefix },
    };

    /// <summary>Service web (2 tasks) on web:1; web:2 uses repo/web:bad, which logs and crashes 2 s after RUNNING.</summary>
    private static EmulatorScenario CrashScenario(JsonObject? logConfiguration = null)
    {
        JsonObject Definition(string image)
        {
            var definition = Harness.TaskDefinition("web", image);
            definition["containerDefinitions"]![0]!["logConfiguration"] = (logConfiguration ?? AwsLogs()).DeepClone();
            return definition;
        }

        return Harness.WebScenario(2, "repo/web:bad") with
        {
            TaskDefinitions = [Definition("repo/web:1"), Definition("repo/web:bad")],
            Images = new Dictionary<string, ImageBehaviour> { ["repo/web:bad"] = new() { CrashAfterSeconds = 2, ExitCode = 134, LogLines = StackTrace } },
        };
    }

    private static CloudWatchLogsClient Logs(Harness harness) =>
        harness.Emulator.CreateLogsClient(new AwsClientOptions { Retry = new AwsRetryOptions { MaxAttempts = 1 } });

    private static async Task<IReadOnlyList<TaskDetails>> CrashedTasksAsync(Harness harness)
    {
        await harness.Client.UpdateServiceAsync(new UpdateServiceRequest { Cluster = "prod", Service = "web", TaskDefinition = "web:2" });
        List<TaskDetails> crashed = [];
        var found = await harness.RunAsync(TimeSpan.FromMinutes(1), async () =>
        {
            crashed = (await harness.TasksAsync(DesiredStatus.Stopped)).Where(t => t.StopCode == TaskStopCode.EssentialContainerExited).ToList();
            return crashed.Count >= 2;
        });
        found.Should().BeTrue("the new tasks crash 2 s after they start");
        return crashed;
    }

    private static string TaskId(TaskDetails task) => task.TaskArn![(task.TaskArn!.LastIndexOf('/') + 1)..];

    [Test]
    public async Task A_crashing_image_writes_its_stack_trace_and_GetLogEvents_returns_it_in_order()
    {
        using var harness = new Harness(CrashScenario());
        using var logs = Logs(harness);
        var task = (await CrashedTasksAsync(harness))[0];
        var stream = $"web/app/{TaskId(task)}";

        var all = await logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = "/ecs/web", LogStreamName = stream, StartFromHead = true });
        var last = await logs.GetLastLogEventsAsync("/ecs/web", stream, 3);

        all.Events.Select(e => e.Message).Should().Equal(StackTrace);
        var started = task.StartedAt!.Value;
        all.Events.Select(e => e.Time).Should().Equal(started, started.AddSeconds(1), task.StoppedAt, task.StoppedAt, task.StoppedAt);
        task.StoppedAt.Should().Be(started.AddSeconds(2), "lines not yet written by the crash are flushed just before it");
        last.Select(e => e.Message).Should().Equal(StackTrace[2..]);
        task.Containers[0].ExitCode.Should().Be(134);
    }

    [Test]
    public async Task GetLogEvents_pages_forward_and_backward_with_its_tokens()
    {
        using var harness = new Harness(CrashScenario());
        using var logs = Logs(harness);
        var stream = $"web/app/{TaskId((await CrashedTasksAsync(harness))[0])}";

        var newest = await logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = "/ecs/web", LogStreamName = stream, Limit = 2 });
        var older = await logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = "/ecs/web", LogStreamName = stream, Limit = 2, NextToken = newest.NextBackwardToken });
        var first = await logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = "/ecs/web", LogStreamName = stream, Limit = 2, NextToken = older.NextBackwardToken });
        var end = await logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = "/ecs/web", LogStreamName = stream, NextToken = newest.NextForwardToken, StartFromHead = true });

        newest.Events.Select(e => e.Message).Should().Equal(StackTrace[3..]);
        older.Events.Select(e => e.Message).Should().Equal(StackTrace[1..3]);
        first.Events.Select(e => e.Message).Should().Equal(StackTrace[0]);
        end.Events.Should().BeEmpty();
        end.NextForwardToken.Should().Be(newest.NextForwardToken);
    }

    [Test]
    public async Task FilterLogEvents_selects_streams_by_prefix_and_terms_and_interleaves_them_by_time()
    {
        using var harness = new Harness(CrashScenario());
        using var logs = Logs(harness);
        var crashed = await CrashedTasksAsync(harness);

        var everyTask = await logs.FilterLogEventsAsync(new FilterLogEventsRequest { LogGroupName = "/ecs/web", LogStreamNamePrefix = "web/app/" });
        var oneTask = await logs.FilterLogEventsAsync(new FilterLogEventsRequest { LogGroupName = "/ecs/web", LogStreamNamePrefix = $"web/app/{TaskId(crashed[0])}" });
        var exceptions = await logs.FilterLogEventsAsync(new FilterLogEventsRequest { LogGroupName = "/ecs/web", LogStreamNames = [$"web/app/{TaskId(crashed[1])}"], FilterPattern = "\"Unhandled exception\" -listening" });
        var none = await logs.FilterLogEventsAsync(new FilterLogEventsRequest { LogGroupName = "/ecs/web", LogStreamNamePrefix = "other/" });

        everyTask.Events.Select(e => e.LogStreamName).Distinct().Count().Should().BeGreaterThanOrEqualTo(2);
        everyTask.Events.Select(e => e.Timestamp).Should().BeInAscendingOrder();
        everyTask.NextToken.Should().BeNull();
        oneTask.Events.Select(e => e.Message).Should().Equal(StackTrace);
        oneTask.Events.Should().OnlyContain(e => e.LogStreamName == $"web/app/{TaskId(crashed[0])}");
        exceptions.Events.Should().ContainSingle().Which.Message.Should().Be(StackTrace[2]);
        none.Events.Should().BeEmpty();
    }

    [Test]
    public async Task A_missing_stream_or_group_answers_ResourceNotFoundException()
    {
        using var harness = new Harness(CrashScenario());
        using var logs = Logs(harness);
        await CrashedTasksAsync(harness);

        var missingStream = () => logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = "/ecs/web", LogStreamName = "web/app/0123" });
        var missingGroup = () => logs.FilterLogEventsAsync(new FilterLogEventsRequest { LogGroupName = "/ecs/nope" });
        var both = () => logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = "/ecs/web", LogGroupIdentifier = "/ecs/web", LogStreamName = "x" });

        var stream = (await missingStream.Should().ThrowAsync<AwsServiceException>()).Which;
        stream.ErrorCode.Should().Be("ResourceNotFoundException");
        stream.ErrorMessage.Should().Be("The specified log stream does not exist.");
        stream.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var group = (await missingGroup.Should().ThrowAsync<AwsServiceException>()).Which;
        group.ErrorCode.Should().Be("ResourceNotFoundException");
        group.ErrorMessage.Should().Be("The specified log group does not exist.");
        (await both.Should().ThrowAsync<AwsServiceException>()).Which.ErrorCode.Should().Be("InvalidParameterException");

        harness.Emulator.Calls.Where(c => c.Service == "logs").Select(c => (c.Operation, c.ErrorType)).Should().Equal(
            ("GetLogEvents", "ResourceNotFoundException"), ("FilterLogEvents", "ResourceNotFoundException"), ("GetLogEvents", "InvalidParameterException"));
    }

    [Test]
    public async Task A_log_group_is_found_by_its_ARN_as_logGroupIdentifier()
    {
        using var harness = new Harness(CrashScenario());
        using var logs = Logs(harness);
        var stream = $"web/app/{TaskId((await CrashedTasksAsync(harness))[0])}";

        var page = await logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupIdentifier = "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web", LogStreamName = stream, StartFromHead = true });

        page.Events.Should().HaveCount(StackTrace.Length);
    }

    [TestCase(null)]
    [TestCase("none")]
    public async Task Containers_without_awslogs_and_a_stream_prefix_write_nothing(string? variant)
    {
        var configuration = variant is null ? AwsLogs(prefix: null) : new JsonObject { ["logDriver"] = "none" };
        using var harness = new Harness(CrashScenario(configuration));
        await CrashedTasksAsync(harness);

        harness.Emulator.GetState()["logGroups"]!.AsArray().Should().BeEmpty();
    }

    [Test]
    public async Task The_state_lists_log_groups_and_streams_and_the_call_log_names_the_service()
    {
        using var harness = new Harness(CrashScenario());
        using var logs = Logs(harness);
        var crashed = await CrashedTasksAsync(harness);
        await logs.GetLastLogEventsAsync("/ecs/web", $"web/app/{TaskId(crashed[0])}", 1);

        var group = harness.Emulator.GetState()["logGroups"]!.AsArray().Should().ContainSingle().Subject!;
        group["logGroupName"]!.GetValue<string>().Should().Be("/ecs/web");
        var streams = group["logStreams"]!.AsArray();
        streams.Select(s => s!["logStreamName"]!.GetValue<string>()).Should().Contain($"web/app/{TaskId(crashed[0])}");
        streams[0]!["events"]!.AsArray().Select(e => e!["message"]!.GetValue<string>()).Should().Equal(StackTrace);

        harness.Emulator.Calls[^1].Should().Match<EcsCall>(c => c.Service == "logs" && c.Operation == "GetLogEvents" && c.StatusCode == 200);
        harness.Emulator.Calls[0].Service.Should().Be("ecs");
        harness.Emulator.CountCalls("GetLogEvents").Should().Be(1);
    }

    [Test]
    public async Task Scenario_JSON_sets_the_log_lines_and_RunTask_exits_after_flushing_them()
    {
        var scenario = EmulatorScenario.Parse("""
            {
              "clusters": ["prod"],
              "taskDefinitions": [
                { "family": "migrate", "containerDefinitions": [{ "name": "migrate", "image": "repo/migrate:1", "memory": 256,
                  "logConfiguration": { "logDriver": "awslogs", "options": { "awslogs-group": "/ecs/migrate", "awslogs-stream-prefix": "ecs" } } }] }
              ],
              "taskDefinitionBehaviours": {
                "migrate": { "runTaskExitCode": 3, "runTaskSeconds": 1, "logLines": ["applying 0042_add_column", "ERROR: column \"email\" already exists"] }
              }
            }
            """);
        scenario.TaskDefinitionBehaviours["migrate"].LogLines.Should().HaveCount(2);
        EmulatorScenario.Parse(scenario.ToJson()).TaskDefinitionBehaviours["migrate"].LogLines.Should().Equal(scenario.TaskDefinitionBehaviours["migrate"].LogLines);

        using var harness = new Harness(scenario);
        using var logs = Logs(harness);
        var task = (await harness.Client.RunTaskAsync(new RunTaskRequest { Cluster = "prod", TaskDefinition = "migrate" })).Tasks.Single();
        harness.Clock.Advance(TimeSpan.FromSeconds(10));

        var described = (await harness.Client.DescribeTasksAsync(new DescribeTasksRequest { Cluster = "prod", Tasks = [task.TaskArn!] })).Tasks.Single();
        described.Containers[0].ExitCode.Should().Be(3);
        var lines = await logs.GetLastLogEventsAsync("/ecs/migrate", $"ecs/migrate/{TaskId(task)}", 10);
        lines.Select(e => e.Message).Should().Equal("applying 0042_add_column", "ERROR: column \"email\" already exists");
        lines[^1].Time.Should().Be(described.StoppedAt);
    }
}
