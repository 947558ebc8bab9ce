using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ecs.BlueGreen.Testing.Hosting;
using Ecs.BlueGreen.Testing.Scenarios;
using Ecs.BlueGreen.Tool.Tests.Support;

namespace Ecs.BlueGreen.Tool.Tests.EndToEnd;

/// <summary>
/// The command on native BLUE_GREEN services of the emulator, at 200× speed, with the emulator's listener rules served
/// over real HTTP: a smoke test with curl really sees green through the test listener, and a broken green really fails it.
/// </summary>
public class NativeCommandTests
{
    private const string TestRule = Scenarios.TestRule;

    private static EmulatorScenario Native(
        bool pauseHook = true,
        bool circuitBreaker = false,
        string strategy = "BLUE_GREEN",
        JsonObject? steps = null,
        bool loadBalanced = true,
        IReadOnlyList<ListenerRule>? listenerRules = null) =>
        Scenarios.Native(pauseHook, circuitBreaker, strategy, steps, loadBalanced, listenerRules);

    private static string[] Deploy(string image, params string[] more) => ["-c", "prod", "-n", "web", "-i", image, .. more];

    private static string Curl() => $$"""["sh","-c","curl -fsS --max-time 5 \"$ECS_BLUEGREEN_TEST_URL\""]""";

    [Test]
    public async Task A_curl_smoke_test_that_sees_green_on_the_test_listener_continues_the_deployment()
    {
        var run = new InProcess(Native());
        await using var server = await EcsEmulatorServer.StartAsync(run.Emulator);
        var testUrl = run.Emulator.ListenerUrl(TestRule).ToString();

        var result = await run.RunAsync(Deploy("repo/web:2", "--test-command", Curl(), "--test-url", testUrl, "--test-timeout", "3600"));

        result.ExitCode.Should().Be(0, result.ToString());
        result.Error.Should().Contain("[smoke-test] web:2", "curl printed green's answer through the test listener");
        run.ServiceTaskDefinition().Should().EndWith("web:2");
    }

    [Test]
    public async Task A_curl_smoke_test_against_a_broken_green_rolls_the_deployment_back_and_fails()
    {
        var run = new InProcess(Native());
        await using var server = await EcsEmulatorServer.StartAsync(run.Emulator);
        var testUrl = run.Emulator.ListenerUrl(TestRule).ToString();

        var result = await run.RunAsync(Deploy("repo/web:broken", "--test-command", Curl(), "--test-url", testUrl, "--test-timeout", "3600", "--output", "json"));

        result.ExitCode.Should().Be(ExitCodes.DeploymentFailed, result.ToString());
        var json = JsonNode.Parse(result.Out)!.AsObject();
        ((string?)json["reason"]).Should().Contain("exited with 22", "curl -f exits 22 on an HTTP error").And.Contain("500");
        run.ServiceTaskDefinition().Should().EndWith("web:1", "ECS rolled back to blue");
        run.Writes().Should().Contain("ContinueServiceDeployment");
    }

    [Test]
    public async Task Waiting_until_paused_then_continuing_in_a_second_run_deploys()
    {
        var run = new InProcess(Native());

        var paused = await run.RunAsync(Deploy("repo/web:2", "--wait-until", "paused", "--output", "json"));

        paused.ExitCode.Should().Be(0, paused.ToString());
        var json = JsonNode.Parse(paused.Out)!.AsObject();
        ((string?)json["outcome"]).Should().Be("paused");
        ((string?)json["pausedHook"]!["stage"]).Should().Be("POST_TEST_TRAFFIC_SHIFT");

        var continued = await run.RunAsync("-c", "prod", "-n", "web", "--continue");

        continued.ExitCode.Should().Be(0, continued.ToString());
        run.ServiceTaskDefinition().Should().EndWith("web:2");
    }

    [Test]
    public async Task Rolling_back_a_deployment_in_progress_waits_for_ECS_s_rollback()
    {
        var run = new InProcess(Native(pauseHook: false));
        var early = await run.RunAsync(Deploy("repo/web:2", "--wait-until", "POST_TEST_TRAFFIC_SHIFT"));
        early.ExitCode.Should().Be(0, early.ToString());

        var result = await run.RunAsync("-c", "prod", "-n", "web", "--rollback-deployment");

        result.ExitCode.Should().Be(0, result.ToString());
        run.ServiceTaskDefinition().Should().EndWith("web:1");
        run.Writes().Should().Contain("StopServiceDeployment");
    }

    [Test]
    public async Task A_rollback_by_ECS_exits_21()
    {
        var run = new InProcess(Native(pauseHook: false, circuitBreaker: true));

        var result = await run.RunAsync(Deploy(Scenarios.CrashingImage));

        result.ExitCode.Should().Be(ExitCodes.RolledBackByEcs, result.ToString());
        run.ServiceTaskDefinition().Should().EndWith("web:1");
    }

    [Test]
    public async Task Ctrl_C_during_a_native_deployment_has_ECS_roll_it_back_when_asked_and_exits_130()
    {
        using var cancel = new CancellationTokenSource();
        var run = InProcess.OnManualClock(Native(pauseHook: false));
        run.Cancellation = cancel.Token;
        run.EachSecond = elapsed =>
        {
            // Ctrl+C once the deployment is under way (its green tasks are starting).
            if (run.Emulator.CountCalls("UpdateService") == 1 && elapsed >= TimeSpan.FromSeconds(20))
            {
                cancel.Cancel();
            }
        };

        var result = await run.RunAsync(Deploy("repo/web:2", "--enable-rollback", "--output", "json"));

        result.ExitCode.Should().Be(ExitCodes.Cancelled, result.ToString());
        run.Writes().Should().Contain("StopServiceDeployment").And.ContainSingle(w => w == "UpdateService", "a native rollback never deploys the old revision again");
        run.ServiceTaskDefinition().Should().EndWith("web:1");
        ((string?)JsonNode.Parse(result.Out)!["rollback"]!["outcome"]).Should().NotBeNull();
    }

    /// <summary>
    /// The lifecycle stages the command printed, in the order it printed them: each "Stage X (…)" line, preceded by the
    /// stages it says were passed between two checks.
    /// </summary>
    private static List<string> Stages(RunResult result)
    {
        var stages = new List<string>();
        foreach (Match line in Regex.Matches(result.Error, @"Stage ([A-Z_]+)(?: \(([^)]*)\))?\.$", RegexOptions.Multiline))
        {
            if (Regex.Match(line.Groups[2].Value, "passed ([A-Z_, ]+) between checks") is { Success: true } passed)
            {
                stages.AddRange(passed.Groups[1].Value.Split(", "));
            }

            stages.Add(line.Groups[1].Value);
        }

        return stages;
    }

    /// <summary>The new revision's share of production traffic at each shift the command printed, in order, without repeats.</summary>
    private static List<int> ProductionWeights(RunResult result)
    {
        var weights = new List<int>();
        foreach (Match shift in Regex.Matches(result.Error, @"Traffic: new revision (\d+)% of production"))
        {
            var weight = int.Parse(shift.Groups[1].Value, CultureInfo.InvariantCulture);
            if (weights.Count == 0 || weights[^1] != weight)
            {
                weights.Add(weight);
            }
        }

        return weights;
    }

    [Test]
    public async Task A_BLUE_GREEN_deployment_prints_every_stage_in_ECS_s_order_and_bakes_before_it_succeeds()
    {
        var run = InProcess.OnManualClock(Native(pauseHook: false));

        var result = await run.RunAsync(Deploy("repo/web:2"));

        result.ExitCode.Should().Be(0, result.ToString());
        // PRE_PRODUCTION_TRAFFIC_SHIFT is printed only when a check falls in it (ECS's reported-stage enum lacks it).
        Stages(result).Where(s => s != "PRE_PRODUCTION_TRAFFIC_SHIFT").Should().Equal(
            ["PRE_SCALE_UP", "SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT", "BAKE_TIME", "CLEAN_UP"],
            result.ToString());
        result.Error.Should().MatchRegex(@"Stage CLEAN_UP \(after 1m(\d+s)? in BAKE_TIME\)", "the service bakes for 1 min before blue goes");
        result.Error.Should().Contain("Deployment succeeded: BLUE_GREEN deployment").And.Contain("is SUCCESSFUL");
        run.ServiceTaskDefinition().Should().EndWith("web:2");
        run.Writes().Should().NotContain("StopServiceDeployment").And.NotContain("ContinueServiceDeployment");
    }

    [Test]
    public async Task Wait_until_POST_TEST_TRAFFIC_SHIFT_returns_there_and_leaves_production_traffic_and_the_bake_to_ECS()
    {
        var run = InProcess.OnManualClock(Native(pauseHook: false));

        var result = await run.RunAsync(Deploy("repo/web:2", "--wait-until", "POST_TEST_TRAFFIC_SHIFT", "--output", "json"));

        result.ExitCode.Should().Be(0, result.ToString());
        Stages(result).Should().EndWith("POST_TEST_TRAFFIC_SHIFT").And.NotContain("PRODUCTION_TRAFFIC_SHIFT").And.NotContain("BAKE_TIME");
        ((string?)JsonNode.Parse(result.Out)!["lifecycleStage"]).Should().Be("POST_TEST_TRAFFIC_SHIFT");
        var deployments = run.Service()["deployments"]!.AsArray();
        deployments.Should().HaveCount(2, "blue still serves production: ECS has not finished the deployment");
        run.Writes().Should().NotContain("StopServiceDeployment", "returning early is not a rollback");
    }

    [Test]
    public async Task A_LINEAR_deployment_prints_each_step_with_its_weights()
    {
        var linear = new JsonObject { ["linearConfiguration"] = new JsonObject { ["stepPercent"] = 25.0, ["stepBakeTimeInMinutes"] = 1 } };
        var run = InProcess.OnManualClock(Native(pauseHook: false, strategy: "LINEAR", steps: linear));

        var result = await run.RunAsync(Deploy("repo/web:2"));

        result.ExitCode.Should().Be(0, result.ToString());
        ProductionWeights(result).Where(w => w > 0).Should().Equal([25, 50, 75, 100], result.ToString());
        result.Error.Should().Contain("Traffic: new revision 25% of production").And.Contain("old revision 75% of production");
        run.ServiceTaskDefinition().Should().EndWith("web:2");
    }

    [Test]
    public async Task A_CANARY_deployment_prints_the_canary_then_the_rest()
    {
        var canary = new JsonObject { ["canaryConfiguration"] = new JsonObject { ["canaryPercent"] = 10.0, ["canaryBakeTimeInMinutes"] = 2 } };
        var run = InProcess.OnManualClock(Native(pauseHook: false, strategy: "CANARY", steps: canary));

        var result = await run.RunAsync(Deploy("repo/web:2"));

        result.ExitCode.Should().Be(0, result.ToString());
        ProductionWeights(result).Where(w => w > 0).Should().Equal([10, 100], result.ToString());
        result.Error.Should().Contain("old revision 90% of production");
        run.ServiceTaskDefinition().Should().EndWith("web:2");
    }

    [Test]
    public async Task A_headless_BLUE_GREEN_service_deploys_through_its_stages_without_a_load_balancer()
    {
        var run = InProcess.OnManualClock(Native(pauseHook: false, loadBalanced: false));

        var result = await run.RunAsync(Deploy("repo/web:2"));

        result.ExitCode.Should().Be(0, result.ToString());
        Stages(result).Should().Contain("BAKE_TIME").And.EndWith("CLEAN_UP");
        run.ServiceTaskDefinition().Should().EndWith("web:2");
    }

    [Test]
    public async Task ECS_s_wiring_check_on_a_badly_wired_service_is_a_rollback_by_ECS_with_its_own_words()
    {
        ListenerRule[] bothOnBlue = [new() { Arn = Scenarios.ProductionRule, TargetGroups = [Scenarios.BlueGroup] }, new() { Arn = TestRule, TargetGroups = [Scenarios.BlueGroup] }];
        var run = InProcess.OnManualClock(Native(pauseHook: false, listenerRules: bothOnBlue));

        var result = await run.RunAsync(Deploy("repo/web:2", "--output", "json"));

        result.ExitCode.Should().Be(ExitCodes.RolledBackByEcs, result.ToString());
        ((string?)JsonNode.Parse(result.Out)!["reason"]).Should().Contain("Both targetGroup and alternateTargetGroup must be associated with the productionListenerRule or testListenerRule");
        run.ServiceTaskDefinition().Should().EndWith("web:1");
    }
}
