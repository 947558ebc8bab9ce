using System.Globalization;
using System.Text.Json.Nodes;
using Ecs.BlueGreen.Testing.Scenarios;
using Ecs.BlueGreen.Tool.Tests.Support;

namespace Ecs.BlueGreen.Tool.Tests.Faults;

/// <summary>
/// One regression test for each way a run lied or lost something under faults: the rollback's own writes, clean-up,
/// duplicate registrations, evidence that replaced the verdict, slow confirmations at the deadline, Ctrl+C at the
/// wrong moment, and a wait that said nothing for minutes. Simulated time on a manual clock.
/// </summary>
public class TruthUnderFaultsTests
{
    private const string Web1 = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1";

    private static string[] Deploy(params string[] more) => ["-c", "prod", "-n", "web", .. more];

    private static EmulatorScenario WithFaults(EmulatorScenario scenario, params FaultRule[] rules) => scenario with { Faults = new FaultSettings { Rules = rules } };

    /// <summary>The web scenario whose app container logs with awslogs, and whose crash image writes lines before exiting 3.</summary>
    private static EmulatorScenario Logging(params FaultRule[] rules)
    {
        var web = Scenarios.Web();
        return web with
        {
            TaskDefinitions = [new JsonObject { ["family"] = "web", ["containerDefinitions"] = new JsonArray(Scenarios.MigrateContainer("app", "repo/web:1")) }],
            Images = new Dictionary<string, ImageBehaviour>(web.Images) { [Scenarios.CrashingImage] = new() { CrashAfterSeconds = 5, ExitCode = 3, LogLines = ["panic: no database"] } },
            Faults = new FaultSettings { Rules = rules },
        };
    }

    [TestCase(FaultKind.ServerError, false)]
    [TestCase(FaultKind.DropConnection, true)]
    [TestCase(FaultKind.DropConnection, false)]
    [TestCase(FaultKind.Latency, true)]
    public async Task Our_rollback_survives_a_transient_failure_of_its_UpdateService_and_the_result_keeps_the_verdict(FaultKind kind, bool applied)
    {
        var rule = new FaultRule { Operation = "UpdateService", AfterCalls = 1, Count = 1, Kind = kind, Applied = applied, LatencyMilliseconds = kind == FaultKind.Latency ? 35_000 : 0 };
        var run = InProcess.OnManualClock(WithFaults(Scenarios.Web(), rule));

        var result = await run.RunAsync(Deploy("-i", Scenarios.CrashingImage, "--enable-rollback", "--output", "json"));

        result.ExitCode.Should().Be(ExitCodes.DeploymentFailed, result.ToString());
        var json = JsonNode.Parse(result.Out)!;
        ((string?)json["taskDefinitionArn"]).Should().EndWith("web:2");
        ((string?)json["rollback"]!["outcome"]).Should().Be("Succeeded");
        run.ServiceTaskDefinition().Should().Be(Web1);
        run.Emulator.GetState()["clusters"]![0]!["serviceDeployments"]!.AsArray().Should().HaveCount(3, "the first deployment, ours and exactly one rollback");
    }

    [Test]
    public async Task Our_rollback_rides_out_five_throttled_answers_on_its_UpdateService()
    {
        var run = InProcess.OnManualClock(WithFaults(Scenarios.Web(), new FaultRule { Operation = "UpdateService", AfterCalls = 1, Count = 5, Kind = FaultKind.Throttle }));

        var result = await run.RunAsync(Deploy("-i", Scenarios.CrashingImage, "--enable-rollback"));

        result.ExitCode.Should().Be(ExitCodes.DeploymentFailed, result.ToString());
        result.Error.Should().Contain("Rollback to web:1: succeeded");
        run.ServiceTaskDefinition().Should().Be(Web1);
    }

    [Test]
    public async Task Max_definitions_never_deregisters_a_revision_that_a_service_in_another_cluster_runs()
    {
        var scenario = Scenarios.Web(moreTaskDefinitions: [Scenarios.TaskDefinition("repo/web:staging")]) with { Clusters = ["prod", "staging"] };
        scenario = scenario with
        {
            Services = [.. scenario.Services, new JsonObject { ["cluster"] = "staging", ["serviceName"] = "web", ["taskDefinition"] = "web:2", ["desiredCount"] = 1 }],
        };
        var run = InProcess.OnManualClock(scenario);

        var result = await run.RunAsync(Deploy("-i", "repo/web:3", "--max-definitions", "1"));

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        ((string)run.TaskDefinition("arn:aws:ecs:us-east-1:123456789012:task-definition/web:2")["status"]!).Should().Be("ACTIVE", "staging's service runs web:2");
        ((string)run.TaskDefinition(Web1)["status"]!).Should().Be("ACTIVE", "web:1 is the rollback target");
        run.Writes().Should().NotContain("DeregisterTaskDefinition");
    }

    [Test]
    public async Task A_lost_RegisterTaskDefinition_answer_that_took_effect_is_not_sent_again()
    {
        var run = InProcess.OnManualClock(WithFaults(Scenarios.Web(), new FaultRule { Operation = "RegisterTaskDefinition", Count = 1, Kind = FaultKind.DropConnection, Applied = true }));

        var result = await run.RunAsync(Deploy("-i", "repo/web:2"));

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        run.Emulator.CountCalls("RegisterTaskDefinition").Should().Be(1);
        ((int)run.NewestTaskDefinition()["revision"]!).Should().Be(2, "one revision, not a duplicate");
        result.Error.Should().Contain("RegisterTaskDefinition's answer was lost").And.Contain("ECS shows it took effect, so it is not sent again.");
    }

    [Test]
    public async Task A_throttled_clean_up_keeps_the_success()
    {
        var run = InProcess.OnManualClock(WithFaults(Scenarios.Web(moreTaskDefinitions: [Scenarios.TaskDefinition("repo/web:old")]),
            new FaultRule { Operation = "ListServices", Count = 10, Kind = FaultKind.Throttle }));

        var result = await run.RunAsync(Deploy("-i", "repo/web:3", "--max-definitions", "1"));

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        run.Writes().Should().Equal("RegisterTaskDefinition", "UpdateService", "DeregisterTaskDefinition");
    }

    [Test]
    public async Task When_the_revisions_in_use_cannot_be_read_nothing_is_deregistered_and_the_success_stands_with_a_warning()
    {
        var run = InProcess.OnManualClock(WithFaults(Scenarios.Web(moreTaskDefinitions: [Scenarios.TaskDefinition("repo/web:old")]),
            new FaultRule { Operation = "ListClusters", Kind = FaultKind.Throttle }));

        var result = await run.RunAsync(Deploy("-i", "repo/web:3", "--max-definitions", "1", "--output", "json"));

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        run.Writes().Should().Equal("RegisterTaskDefinition", "UpdateService");
        result.Error.Should().Contain("warning: No old revision of web was deregistered: the revisions in use could not all be read");
        JsonNode.Parse(result.Out)!["warnings"]!.AsArray().Should().ContainSingle().Which!.ToString().Should().StartWith("No old revision of web was deregistered");
    }

    [Test]
    public async Task Unreachable_CloudWatch_Logs_leave_a_rolled_back_failure_a_failure()
    {
        var run = InProcess.OnManualClock(Logging(new FaultRule { Operation = "GetLogEvents", Kind = FaultKind.DropConnection }));

        var result = await run.RunAsync(Deploy("-i", Scenarios.CrashingImage, "--enable-rollback", "--output", "json"));

        result.ExitCode.Should().Be(ExitCodes.DeploymentFailed, result.ToString());
        run.ServiceTaskDefinition().Should().Be(Web1);
        JsonNode.Parse(result.Out)!["warnings"]!.AsArray().Select(w => w!.ToString()).Should().Contain(w => w.StartsWith("Could not read the log of container app", StringComparison.Ordinal));
    }

    [Test]
    public async Task On_a_timeout_a_failed_last_look_for_evidence_does_not_skip_the_rollback()
    {
        // ListTasks fails from just before the deadline on: the last look for stopped tasks fails.
        var run = InProcess.OnManualClock(WithFaults(Scenarios.Web(), new FaultRule { Operation = "ListTasks", Kind = FaultKind.DropConnection, FromSecond = 55, UntilSecond = 200 }));

        var result = await run.RunAsync(Deploy("-i", Scenarios.StuckImage, "-t", "60", "--enable-rollback"));

        result.ExitCode.Should().Be(ExitCodes.TimedOut, result.ToString());
        result.Error.Should().Contain("Rollback to web:1: succeeded").And.Contain("warning: The stopped tasks could not be read");
        run.ServiceTaskDefinition().Should().Be(Web1);
    }

    [Test]
    public async Task A_slow_confirmation_at_the_end_of_the_budget_is_waited_for_instead_of_turning_a_finished_deployment_into_a_timeout()
    {
        // The deployment completes about 45 s in; its confirmation takes 20 s and comes back after the 60 s of -t.
        var run = InProcess.OnManualClock(WithFaults(Scenarios.Web(), new FaultRule { Operation = "DescribeServiceDeployments", Count = 1, Kind = FaultKind.Latency, LatencyMilliseconds = 20_000 }));

        var result = await run.RunAsync(Deploy("-i", "repo/web:2", "-t", "60", "--enable-rollback"));

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        run.ServiceTaskDefinition().Should().EndWith("web:2");
        run.Writes().Should().Equal("RegisterTaskDefinition", "UpdateService");
    }

    [Test]
    public async Task Ctrl_C_during_our_rollbacks_wait_exits_130_and_says_the_rollback_was_started()
    {
        using var cancel = new CancellationTokenSource();
        var run = InProcess.OnManualClock(Scenarios.Web());
        run.Cancellation = cancel.Token;
        run.EachSecond = _ =>
        {
            // Our rollback's UpdateService was made: Ctrl+C while its wait runs.
            if (run.Emulator.CountCalls("UpdateService") == 2)
            {
                cancel.Cancel();
            }
        };

        var result = await run.RunAsync(Deploy("-i", Scenarios.CrashingImage, "--enable-rollback", "--output", "json"));

        result.ExitCode.Should().Be(ExitCodes.Cancelled, result.ToString());
        var rollback = JsonNode.Parse(result.Out)!["rollback"]!;
        ((string?)rollback["outcome"]).Should().Be("Cancelled");
        ((string?)rollback["reason"]).Should().StartWith("The service was pointed back at web:1").And.Contain("the wait for it was cancelled before it finished");
    }

    [Test]
    public async Task A_CI_log_gets_a_heartbeat_at_most_every_30_seconds_saying_what_the_wait_waits_for()
    {
        var run = InProcess.OnManualClock(Scenarios.Web());

        var result = await run.RunAsync(Deploy("-i", Scenarios.StuckImage, "-t", "120"));

        result.ExitCode.Should().Be(ExitCodes.TimedOut, result.ToString());
        var beats = result.Error.Split('\n').Where(l => l.Contains(" of 2m", StringComparison.Ordinal) && l.Contains("waiting for", StringComparison.Ordinal)).ToList();
        beats.Should().HaveCount(3, "30, 60 and 90 s into a 2-minute wait in which nothing changes");
        beats[0].Should().MatchRegex(@"waiting for 2 of 2 new task\(s\) of web:2 to run \(2 pending, 0 failed\) · 3\ds of 2m$");
        var times = beats.Select(l => TimeSpan.Parse(l[..8], CultureInfo.InvariantCulture)).ToList();
        times.Zip(times.Skip(1), (a, b) => b - a).Should().OnlyContain(gap => gap >= TimeSpan.FromSeconds(30));
        result.Error.Should().Contain("ERROR: Deployment of web timed out: The new tasks did not all run within 2m").And.Contain("-t is the budget of each wait phase");
    }

    [Test]
    public async Task Stopped_tasks_that_stopped_the_same_way_are_grouped_and_the_failure_reason_is_printed_once()
    {
        var run = InProcess.OnManualClock(Scenarios.Web(desired: 4));

        var result = await run.RunAsync(Deploy("-i", Scenarios.CrashingImage));

        result.ExitCode.Should().Be(ExitCodes.DeploymentFailed, result.ToString());
        var lines = result.Error.Split('\n');
        lines.Count(l => l.Contains("Stopped: task ", StringComparison.Ordinal)).Should().Be(1, "one line for the first task of the group");
        lines.Should().Contain(l => l.Contains("Stopped: ", StringComparison.Ordinal) && l.Contains(" tasks in all stopped this way: (EssentialContainerExited)", StringComparison.Ordinal));
        lines.Count(l => l.Contains("(the limit is ", StringComparison.Ordinal)).Should().Be(1, "the reason is printed once, in the ERROR line");
    }
}
