using System.Net;
using System.Text.Json.Nodes;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Logs;
using Ecs.BlueGreen.Logs.Model;
using Ecs.BlueGreen.Testing.Scenarios;
using Clock = Ecs.BlueGreen.Testing.ManualTimeProvider;

namespace Ecs.BlueGreen.Tests.Logs;

/// <summary>
/// The CloudWatch Logs client on the wire, against the in-memory emulator: a one-off task whose container
/// logs with awslogs writes lines that the client reads back, and the helpers built on GetLogEvents and
/// FilterLogEvents.
/// </summary>
public class CloudWatchLogsClientTests
{
    private static readonly string[] Lines = ["migrating 1/3", "migrating 2/3", "migrating 3/3", "Unhandled exception. System.InvalidOperationException: column exists", "   at Migrator.Run() in Migrator.cs:line 42"];

    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static EmulatorScenario Scenario() => new()
    {
        Clusters = ["prod"],
        TaskDefinitions =
        [
            new JsonObject
            {
                ["family"] = "migrate",
                ["containerDefinitions"] = new JsonArray(new JsonObject
                {
                    ["name"] = "app",
                    ["image"] = "repo/migrate:1",
                    ["essential"] = true,
                    ["memory"] = 512,
                    ["logConfiguration"] = new JsonObject
                    {
                        ["logDriver"] = "awslogs",
                        ["options"] = new JsonObject { ["awslogs-group"] = "/ecs/migrate", ["awslogs-region"] = "us-east-1", ["awslogs-stream-prefix"] = "ecs" },
                    },
                }),
            },
        ],
        TaskDefinitionBehaviours = new Dictionary<string, ImageBehaviour>
        {
            // Three lines in the first three seconds of RUNNING; the stack trace is flushed as the task exits at 3 s.
            ["migrate"] = new() { StartupSeconds = 2, RunTaskExitCode = 1, RunTaskSeconds = 3, LogLines = Lines },
        },
    };

    private sealed class Setup : IDisposable
    {
        public Setup()
        {
            Clock = new Clock(Start);
            Emulator = new EcsEmulator(Scenario(), Clock);
            var options = new AwsClientOptions { TimeProvider = Clock, Retry = new AwsRetryOptions { MaxAttempts = 1 } };
            Ecs = Emulator.CreateClient(options);
            Logs = Emulator.CreateLogsClient(options);
        }

        public Clock Clock { get; }

        public EcsEmulator Emulator { get; }

        public EcsClient Ecs { get; }

        public CloudWatchLogsClient Logs { get; }

        /// <summary>Runs the migrate task and returns where its container's log goes.</summary>
        public async Task<(TaskDetails Task, ContainerLogLocation Log)> RunAsync()
        {
            var task = (await Ecs.RunTaskAsync(new RunTaskRequest { Cluster = "prod", TaskDefinition = "migrate" })).Tasks.Single();
            var definition = (await Ecs.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest { TaskDefinition = "migrate" })).TaskDefinition!;
            var log = ContainerLogLocation.From(definition.ContainerDefinitions[0], task.TaskArn!)!;
            return (task, log);
        }

        public async Task<TaskDetails> DescribeAsync(string arn) =>
            (await Ecs.DescribeTasksAsync(new DescribeTasksRequest { Cluster = "prod", Tasks = [arn] })).Tasks.Single();

        public void Dispose()
        {
            Ecs.Dispose();
            Logs.Dispose();
        }
    }

    [Test]
    public async Task The_last_lines_of_a_crashed_task_come_back_in_order_with_the_stack_trace_last()
    {
        using var setup = new Setup();
        var (task, log) = await setup.RunAsync();
        log.Should().Be(new ContainerLogLocation { LogGroupName = "/ecs/migrate", Region = "us-east-1", LogStreamName = $"ecs/app/{task.TaskArn![(task.TaskArn!.LastIndexOf('/') + 1)..]}" });

        setup.Clock.Advance(TimeSpan.FromSeconds(10));
        var stopped = await setup.DescribeAsync(task.TaskArn!);
        stopped.Containers[0].ExitCode.Should().Be(1);

        var last = await setup.Logs.GetLastLogEventsAsync(log.LogGroupName, log.LogStreamName, 2);

        last.Select(e => e.Message).Should().Equal(Lines[3], Lines[4]);
        last.Should().OnlyContain(e => e.Time == stopped.StoppedAt, "the remaining lines are flushed as the process exits");
        var sent = JsonNode.Parse(setup.Emulator.Calls[^1].Request)!;
        JsonNode.DeepEquals(sent, JsonNode.Parse($$"""{"logGroupName":"/ecs/migrate","logStreamName":"{{log.LogStreamName}}","limit":2,"startFromHead":false}""")).Should().BeTrue(sent.ToJsonString());
    }

    [Test]
    public async Task GetLogEvents_from_the_head_returns_every_line_with_millisecond_timestamps_from_the_simulation_clock()
    {
        using var setup = new Setup();
        var (task, log) = await setup.RunAsync();
        setup.Clock.Advance(TimeSpan.FromSeconds(10));
        var started = (await setup.DescribeAsync(task.TaskArn!)).StartedAt!.Value;

        var page = await setup.Logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = log.LogGroupName, LogStreamName = log.LogStreamName, StartFromHead = true });

        page.Events.Select(e => e.Message).Should().Equal(Lines);
        page.Events.Select(e => e.Timestamp).Should().Equal(
            started.ToUnixTimeMilliseconds(), started.AddSeconds(1).ToUnixTimeMilliseconds(), started.AddSeconds(2).ToUnixTimeMilliseconds(),
            started.AddSeconds(3).ToUnixTimeMilliseconds(), started.AddSeconds(3).ToUnixTimeMilliseconds());
        page.Events[0].Time.Should().Be(started);
        page.NextForwardToken.Should().NotBeNullOrEmpty();

        var after = await setup.Logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = log.LogGroupName, LogStreamName = log.LogStreamName, NextToken = page.NextForwardToken, StartFromHead = true });
        after.Events.Should().BeEmpty();
        after.NextForwardToken.Should().Be(page.NextForwardToken, "at the end of the stream CloudWatch Logs answers the token it was given");
    }

    [Test]
    public async Task FilterAllLogEvents_follows_nextToken_across_pages_of_a_stream_prefix()
    {
        using var setup = new Setup();
        var (first, _) = await setup.RunAsync();
        var (second, _) = await setup.RunAsync();
        setup.Clock.Advance(TimeSpan.FromSeconds(10));

        var events = await setup.Logs.FilterAllLogEventsAsync(new FilterLogEventsRequest { LogGroupName = "/ecs/migrate", LogStreamNamePrefix = "ecs/app/", FilterPattern = "migrating", Limit = 2 }).ToListAsync();

        events.Should().HaveCount(6);
        events.Select(e => e.LogStreamName).Distinct().Should().BeEquivalentTo(
            [$"ecs/app/{first.TaskArn![(first.TaskArn!.LastIndexOf('/') + 1)..]}", $"ecs/app/{second.TaskArn![(second.TaskArn!.LastIndexOf('/') + 1)..]}"]);
        events.Select(e => e.Timestamp).Should().BeInAscendingOrder("events of several streams are interleaved by time");
        events.Should().OnlyContain(e => e.Message!.StartsWith("migrating", StringComparison.Ordinal) && e.EventId != null);
        setup.Emulator.CountCalls("FilterLogEvents").Should().Be(3);
    }

    [Test]
    public async Task A_missing_stream_is_a_ResourceNotFoundException_from_the_logs_service()
    {
        using var setup = new Setup();
        await setup.RunAsync();
        setup.Clock.Advance(TimeSpan.FromSeconds(10));

        var act = () => setup.Logs.GetLastLogEventsAsync("/ecs/migrate", "ecs/app/0000", 5);

        var error = (await act.Should().ThrowAsync<AwsServiceException>()).Which;
        error.ErrorCode.Should().Be("ResourceNotFoundException");
        error.Service.Should().Be("logs");
        error.Operation.Should().Be("GetLogEvents");
        error.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Test]
    public async Task Following_a_stream_waits_for_it_to_appear_then_yields_each_line_once_in_order()
    {
        using var setup = new Setup();
        var (_, log) = await setup.RunAsync();
        var interval = TimeSpan.FromSeconds(2);
        var seen = new List<string>();
        using var stop = new CancellationTokenSource();
        var follow = Task.Run(async () =>
        {
            await foreach (var e in setup.Logs.FollowLogEventsAsync(new GetLogEventsRequest { LogGroupName = log.LogGroupName, LogStreamName = log.LogStreamName, StartFromHead = true }, interval, setup.Clock, stop.Token))
            {
                seen.Add(e.Message!);
                if (seen.Count == Lines.Length)
                {
                    return;
                }
            }
        });

        var seconds = 0;
        while (!follow.IsCompleted && seconds < 60)
        {
            // Advance only while the follower waits out its poll interval (not a call's timeout timer), so every
            // poll sees the state of its own second.
            await WaitUntilAsync(() => follow.IsCompleted || setup.Clock.PendingTimers.Contains(interval));
            if (!follow.IsCompleted)
            {
                setup.Clock.Advance(TimeSpan.FromSeconds(1));
                seconds++;
            }
        }

        await follow;
        seen.Should().Equal(Lines);
        var calls = setup.Emulator.Calls.Where(c => c.Operation == "GetLogEvents").ToList();
        calls[0].ErrorType.Should().Be("ResourceNotFoundException", "the stream appears only when the container starts");
        calls.Should().Contain(c => c.ErrorType == null);
        calls.SkipWhile(c => c.ErrorType != null).Skip(1).Select(c => JsonNode.Parse(c.Request)!).Should().OnlyContain(
            body => body["startFromHead"]!.GetValue<bool>() && body["nextToken"]!.GetValue<string>().StartsWith("f/", StringComparison.Ordinal),
            "later calls continue from nextForwardToken with startFromHead=true, as CloudWatch Logs requires");
        calls.Count.Should().BeLessThanOrEqualTo((seconds / 2) + 1 + Lines.Length, "a call that brings nothing is followed by a wait of the interval");
    }

    [Test]
    public async Task Following_ends_with_cancellation()
    {
        using var setup = new Setup();
        var (_, log) = await setup.RunAsync();
        using var stop = new CancellationTokenSource();
        var follow = Task.Run(async () =>
        {
            await foreach (var _ in setup.Logs.FollowLogEventsAsync(new GetLogEventsRequest { LogGroupName = log.LogGroupName, LogStreamName = log.LogStreamName }, TimeSpan.FromSeconds(5), setup.Clock, stop.Token))
            {
            }
        });
        await WaitUntilAsync(() => setup.Clock.PendingTimers.Contains(TimeSpan.FromSeconds(5)));

        await stop.CancelAsync();

        await follow.Awaiting(f => f).Should().ThrowAsync<OperationCanceledException>();
    }

    [Test]
    public async Task Following_until_the_writer_stops_reads_what_is_left_and_ends_without_cancellation()
    {
        using var setup = new Setup();
        var (_, log) = await setup.RunAsync();
        var interval = TimeSpan.FromSeconds(2);
        var stopped = new TaskCompletionSource();
        var seen = new List<string>();
        var follow = Task.Run(async () =>
        {
            var request = new GetLogEventsRequest { LogGroupName = log.LogGroupName, LogStreamName = log.LogStreamName, StartFromHead = true };
            await foreach (var e in setup.Logs.FollowLogEventsUntilAsync(request, interval, stopped.Task, setup.Clock))
            {
                seen.Add(e.Message!);
            }
        });
        await WaitUntilAsync(() => setup.Clock.PendingTimers.Contains(interval));

        // The task runs and exits while the follower waits; it is told so before it reads again.
        setup.Clock.Advance(TimeSpan.FromSeconds(10));
        stopped.SetResult();

        await follow.WaitAsync(TimeSpan.FromSeconds(30));
        seen.Should().Equal(Lines);
    }

    [Test]
    public async Task Following_until_the_writer_stops_ends_at_once_when_the_stream_never_appeared()
    {
        using var setup = new Setup();
        var request = new GetLogEventsRequest { LogGroupName = "/ecs/migrate", LogStreamName = "ecs/app/never-started", StartFromHead = true };

        var events = await setup.Logs.FollowLogEventsUntilAsync(request, TimeSpan.FromSeconds(2), Task.CompletedTask, setup.Clock).ToListAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        events.Should().BeEmpty();
    }

    [Test]
    public async Task Helper_arguments_are_checked_before_any_call()
    {
        using var setup = new Setup();
        var request = new GetLogEventsRequest { LogGroupName = "g", LogStreamName = "s" };
        setup.Logs.Invoking(l => l.FollowLogEventsAsync(request, TimeSpan.Zero)).Should().Throw<ArgumentOutOfRangeException>();
        await setup.Logs.Awaiting(l => l.GetLastLogEventsAsync("g", "s", 0)).Should().ThrowAsync<ArgumentOutOfRangeException>();
        await setup.Logs.Awaiting(l => l.GetLastLogEventsAsync("g", "s", 10_001)).Should().ThrowAsync<ArgumentOutOfRangeException>();
        setup.Emulator.Calls.Should().BeEmpty();
    }

    /// <summary>Waits in real time (bounded) for the code under test to reach a state; never a timing assertion.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 2000 && !condition(); i++)
        {
            await Task.Delay(1);
        }
    }
}
