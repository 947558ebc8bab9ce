using System.Text.Json;
using System.Text.Json.Nodes;
using Ecs.BlueGreen.Testing.Scenarios;
using Ecs.BlueGreen.Testing.Simulation;
using static Ecs.BlueGreen.Testing.Tests.NativeRig;

namespace Ecs.BlueGreen.Testing.Tests;

/// <summary>ECS's native BLUE_GREEN, LINEAR and CANARY deployments, read through the wire JSON on simulated time.</summary>
public class NativeDeploymentTests
{
    private static readonly string[] AllStages =
    [
        "PRE_SCALE_UP", "SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT", "PRE_PRODUCTION_TRAFFIC_SHIFT",
        "PRODUCTION_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT", "BAKE_TIME", "CLEAN_UP",
    ];

    [Test]
    public async Task A_BLUE_GREEN_deployment_goes_through_every_stage_in_order_and_bakes_before_blue_goes()
    {
        using var rig = new NativeRig(BlueGreenConfig(bakeTimeInMinutes: 2));

        var arn = await rig.DeployAsync();
        var pending = await rig.DeploymentAsync(arn);
        var seen = await rig.RunAsync(arn);

        Status(pending).Should().Be("PENDING");
        pending["startedAt"].Should().BeNull();
        arn.Should().StartWith("arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/");
        Stages(seen).Should().Equal(AllStages);
        seen.Where(s => Stage(s.Deployment) == "BAKE_TIME").Should().HaveCount(120, "bakeTimeInMinutes is 2");
        seen.Where(s => Stage(s.Deployment) == "TEST_TRAFFIC_SHIFT").Should().HaveCount(5);
        seen.Where(s => Stage(s.Deployment) != "CLEAN_UP").Should().OnlyContain(s => Status(s.Deployment) == "IN_PROGRESS");

        var done = seen[^1].Deployment;
        Status(done).Should().Be("SUCCESSFUL");
        done["startedAt"]!.GetValue<decimal>().Should().BeGreaterThan(done["createdAt"]!.GetValue<decimal>());
        done["finishedAt"].Should().NotBeNull();
        done["targetServiceRevision"]!["requestedProductionTrafficWeight"]!.GetValue<double>().Should().Be(100);
        done["sourceServiceRevisions"]![0]!["requestedProductionTrafficWeight"]!.GetValue<double>().Should().Be(0);

        var baking = seen.First(s => Stage(s.Deployment) == "BAKE_TIME").Deployment;
        baking["targetServiceRevision"]!["runningTaskCount"]!.GetValue<int>().Should().Be(2);
        baking["sourceServiceRevisions"]![0]!["runningTaskCount"]!.GetValue<int>().Should().Be(2, "blue runs until CLEAN_UP");

        var service = await rig.ServiceAsync();
        service["taskDefinition"]!.GetValue<string>().Should().EndWith("web:2");
        service["currentServiceDeployment"]!.GetValue<string>().Should().Be(arn);
        var deployments = service["deployments"]!.AsArray();
        deployments.Should().ContainSingle();
        deployments[0]!["status"]!.GetValue<string>().Should().Be("PRIMARY");
        deployments[0]!["rolloutState"]!.GetValue<string>().Should().Be("COMPLETED");
        service["runningCount"]!.GetValue<int>().Should().Be(2);
    }

    [Test]
    public async Task During_the_deployment_the_legacy_view_shows_green_PRIMARY_and_blue_ACTIVE()
    {
        using var rig = new NativeRig(BlueGreenConfig());
        var arn = await rig.DeployAsync();
        await rig.RunAsync(arn, d => Stage(d) == "BAKE_TIME");

        var service = await rig.ServiceAsync();

        service["taskDefinition"]!.GetValue<string>().Should().EndWith("web:2");
        var deployments = service["deployments"]!.AsArray();
        deployments.Select(d => (d!["status"]!.GetValue<string>(), d["taskDefinition"]!.GetValue<string>()[^5..], d["runningCount"]!.GetValue<int>()))
            .Should().Equal(("PRIMARY", "web:2", 2), ("ACTIVE", "web:1", 2));
        service["runningCount"]!.GetValue<int>().Should().Be(4);
    }

    [Test]
    public async Task LINEAR_shifts_production_traffic_in_steps_and_bakes_between_them_but_not_after_100()
    {
        var linear = new JsonObject { ["linearConfiguration"] = new JsonObject { ["stepPercent"] = 25.0, ["stepBakeTimeInMinutes"] = 1 } };
        using var rig = new NativeRig(Configuration("LINEAR", null, linear));
        var arn = await rig.DeployAsync();

        var seen = await rig.RunAsync(arn);

        var weights = Changes(seen, d => d["targetServiceRevision"]!["requestedProductionTrafficWeight"]!.GetValue<double>());
        weights.Select(w => w.Value).Should().Equal(0, 25, 50, 75, 100);

        // From one shift to the next: the step bake (60 s), PRE_PRODUCTION_TRAFFIC_SHIFT (1 s) and the shift itself (5 s).
        weights.Skip(1).Zip(weights.Skip(2), (a, b) => b.Second - a.Second).Should().Equal(66, 66, 66);
        var after100 = seen.SkipWhile(s => s.Deployment["targetServiceRevision"]!["requestedProductionTrafficWeight"]!.GetValue<double>() < 100).ToList();
        Stage(after100[0].Deployment).Should().Be("POST_PRODUCTION_TRAFFIC_SHIFT", "no step bake after reaching 100 percent");
        seen.Should().OnlyContain(s => s.Deployment["targetServiceRevision"]!["requestedProductionTrafficWeight"]!.GetValue<double>()
            + s.Deployment["sourceServiceRevisions"]![0]!["requestedProductionTrafficWeight"]!.GetValue<double>() == 100);
        Status(seen[^1].Deployment).Should().Be("SUCCESSFUL");
    }

    [Test]
    public async Task CANARY_shifts_the_canary_percent_bakes_then_shifts_the_rest()
    {
        var canary = new JsonObject { ["canaryConfiguration"] = new JsonObject { ["canaryPercent"] = 5.0, ["canaryBakeTimeInMinutes"] = 2 } };
        using var rig = new NativeRig(Configuration("CANARY", 0, canary));
        var arn = await rig.DeployAsync();

        var seen = await rig.RunAsync(arn);

        var weights = Changes(seen, d => d["targetServiceRevision"]!["requestedProductionTrafficWeight"]!.GetValue<double>());
        weights.Select(w => w.Value).Should().Equal(0, 5, 100);
        (weights[2].Second - weights[1].Second).Should().Be(120 + 1 + 5);
        Status(seen[^1].Deployment).Should().Be("SUCCESSFUL");
    }

    [Test]
    public async Task A_PAUSE_hook_waits_with_its_expiry_until_ContinueServiceDeployment()
    {
        var hooks = Hooks(new JsonObject { ["targetType"] = "PAUSE", ["lifecycleStages"] = new JsonArray("POST_TEST_TRAFFIC_SHIFT"), ["timeoutConfiguration"] = new JsonObject { ["timeoutInMinutes"] = 30 } });
        using var rig = new NativeRig(BlueGreenConfig(extra: hooks));
        var arn = await rig.DeployAsync();
        var seen = await rig.RunAsync(arn, d => Stage(d) == "POST_TEST_TRAFFIC_SHIFT");
        var entered = rig.Clock.GetUtcNow();

        rig.Advance(600);
        var paused = await rig.DeploymentAsync(arn);

        Stage(paused).Should().Be("POST_TEST_TRAFFIC_SHIFT");
        Status(paused).Should().Be("IN_PROGRESS");
        paused["targetServiceRevision"]!["requestedTestTrafficWeight"]!.GetValue<double>().Should().Be(100);
        paused["targetServiceRevision"]!["requestedProductionTrafficWeight"]!.GetValue<double>().Should().Be(0);
        var hook = paused["lifecycleHookDetails"]!.AsArray().Single()!;
        hook["targetType"]!.GetValue<string>().Should().Be("PAUSE");
        hook["status"]!.GetValue<string>().Should().Be("AWAITING_ACTION");
        hook["timeoutAction"]!.GetValue<string>().Should().Be("ROLLBACK");
        hook["expiresAt"]!.GetValue<decimal>().Should().Be((decimal)(entered + TimeSpan.FromMinutes(30)).ToUnixTimeSeconds());
        (await rig.ServiceAsync())["events"]!.AsArray().Select(e => e!["message"]!.GetValue<string>())
            .Should().Contain(m => m.Contains(hook["hookId"]!.GetValue<string>(), StringComparison.Ordinal) && m.Contains("awaiting action", StringComparison.Ordinal));

        var continued = await rig.CallAsync("ContinueServiceDeployment", JsonSerializer.Serialize(new { serviceDeploymentArn = arn, hookId = hook["hookId"]!.GetValue<string>() }));
        continued["serviceDeploymentArn"]!.GetValue<string>().Should().Be(arn);
        (await rig.DeploymentAsync(arn))["lifecycleHookDetails"]![0]!["status"]!.GetValue<string>().Should().Be("SUCCEEDED");
        var rest = await rig.RunAsync(arn);

        Stages(rest).Should().Equal(AllStages[5..]);
        Status(rest[^1].Deployment).Should().Be("SUCCESSFUL");
        seen.Should().NotBeEmpty();
    }

    [Test]
    public async Task ContinueServiceDeployment_with_ROLLBACK_fails_the_hook_and_restores_blue()
    {
        var hooks = Hooks(new JsonObject { ["targetType"] = "PAUSE", ["lifecycleStages"] = new JsonArray("POST_TEST_TRAFFIC_SHIFT") });
        using var rig = new NativeRig(BlueGreenConfig(extra: hooks));
        var arn = await rig.DeployAsync();
        var paused = (await rig.RunAsync(arn, d => Stage(d) == "POST_TEST_TRAFFIC_SHIFT"))[^1].Deployment;
        var hookId = paused["lifecycleHookDetails"]![0]!["hookId"]!.GetValue<string>();

        await rig.CallAsync("ContinueServiceDeployment", JsonSerializer.Serialize(new { serviceDeploymentArn = arn, hookId, action = "ROLLBACK" }));
        var seen = await rig.RunAsync(arn);

        var done = seen[^1].Deployment;
        Status(done).Should().Be("ROLLBACK_SUCCESSFUL");
        done["finishedAt"].Should().NotBeNull();
        done["lifecycleHookDetails"]![0]!["status"]!.GetValue<string>().Should().Be("FAILED");
        done["rollback"]!["serviceRevisionArn"]!.GetValue<string>().Should().Be(done["sourceServiceRevisions"]![0]!["arn"]!.GetValue<string>());
        done["rollback"]!["reason"]!.GetValue<string>().Should().Contain(hookId);
        done["statusReason"]!.GetValue<string>().Should().Be(done["rollback"]!["reason"]!.GetValue<string>());
        done["targetServiceRevision"]!["requestedTestTrafficWeight"]!.GetValue<double>().Should().Be(0);
        done["sourceServiceRevisions"]![0]!["requestedTestTrafficWeight"]!.GetValue<double>().Should().Be(100);
        await ExpectBlueRestoredAsync(rig);
        (await rig.FailAsync("ContinueServiceDeployment", JsonSerializer.Serialize(new { serviceDeploymentArn = arn, hookId }))).Type.Should().Be("InvalidParameterException");
    }

    [TestCase("ROLLBACK", "ROLLBACK_SUCCESSFUL")]
    [TestCase("CONTINUE", "SUCCESSFUL")]
    public async Task A_PAUSE_hook_that_times_out_takes_its_timeout_action(string action, string outcome)
    {
        var hooks = Hooks(new JsonObject
        {
            ["targetType"] = "PAUSE",
            ["lifecycleStages"] = new JsonArray("POST_SCALE_UP"),
            ["timeoutConfiguration"] = new JsonObject { ["timeoutInMinutes"] = 1, ["action"] = action },
        });
        using var rig = new NativeRig(BlueGreenConfig(bakeTimeInMinutes: 0, extra: hooks));
        var arn = await rig.DeployAsync();

        var seen = await rig.RunAsync(arn);

        var timedOut = seen.Select(s => s.Deployment).First(d => d["lifecycleHookDetails"]?.AsArray().Any(h => h!["status"]!.GetValue<string>() == "TIMED_OUT") == true);
        timedOut["lifecycleHookDetails"]![0]!["timeoutAction"]!.GetValue<string>().Should().Be(action);
        seen.Count(s => Stage(s.Deployment) == "POST_SCALE_UP").Should().BeGreaterThanOrEqualTo(60, "the hook holds the stage for its minute");
        Status(seen[^1].Deployment).Should().Be(outcome);
    }

    [Test]
    public async Task A_PRE_PRODUCTION_TRAFFIC_SHIFT_hook_of_a_LINEAR_deployment_pauses_before_every_step_with_a_new_hook_id()
    {
        var extra = Hooks(new JsonObject { ["targetType"] = "PAUSE", ["lifecycleStages"] = new JsonArray("PRE_PRODUCTION_TRAFFIC_SHIFT") });
        extra["linearConfiguration"] = new JsonObject { ["stepPercent"] = 50.0, ["stepBakeTimeInMinutes"] = 0 };
        using var rig = new NativeRig(Configuration("LINEAR", 0, extra));
        var arn = await rig.DeployAsync();
        var hookIds = new List<string>();

        while (true)
        {
            var seen = await rig.RunAsync(arn, d => d["lifecycleHookDetails"]?.AsArray().Any(h => h!["status"]!.GetValue<string>() == "AWAITING_ACTION") == true);
            var deployment = seen[^1].Deployment;
            if (IsFinished(deployment))
            {
                break;
            }

            Stage(deployment).Should().Be("PRE_PRODUCTION_TRAFFIC_SHIFT");
            var hookId = deployment["lifecycleHookDetails"]![0]!["hookId"]!.GetValue<string>();
            hookIds.Add(hookId);
            await rig.CallAsync("ContinueServiceDeployment", JsonSerializer.Serialize(new { serviceDeploymentArn = arn, hookId }));
        }

        hookIds.Should().HaveCount(2).And.OnlyHaveUniqueItems();
        Status(await rig.DeploymentAsync(arn)).Should().Be("SUCCESSFUL");
    }

    [Test]
    public async Task A_Lambda_hook_runs_IN_PROGRESS_then_SUCCEEDED_with_its_function()
    {
        const string Function = "arn:aws:lambda:us-east-1:123456789012:function:check";
        using var rig = new NativeRig(BlueGreenConfig(extra: Hooks(new JsonObject { ["hookTargetArn"] = Function, ["lifecycleStages"] = new JsonArray("TEST_TRAFFIC_SHIFT") })));
        var arn = await rig.DeployAsync();

        var seen = await rig.RunAsync(arn);

        var hooks = seen.Where(s => Stage(s.Deployment) == "TEST_TRAFFIC_SHIFT").Select(s => s.Deployment["lifecycleHookDetails"]![0]!).ToList();
        hooks.Select(h => h["status"]!.GetValue<string>()).Distinct().Should().Equal("IN_PROGRESS", "SUCCEEDED");
        hooks.Should().OnlyContain(h => h["targetType"]!.GetValue<string>() == "AWS_LAMBDA" && h["targetArn"]!.GetValue<string>() == Function);
        Status(seen[^1].Deployment).Should().Be("SUCCESSFUL");
    }

    [Test]
    public async Task StopServiceDeployment_rolls_back_mid_deployment_and_is_a_conflict_once_it_has_finished()
    {
        using var rig = new NativeRig(BlueGreenConfig());
        var arn = await rig.DeployAsync();
        await rig.RunAsync(arn, d => Stage(d) == "BAKE_TIME");

        var stopped = await rig.CallAsync("StopServiceDeployment", JsonSerializer.Serialize(new { serviceDeploymentArn = arn, stopType = "ROLLBACK" }));
        var requested = await rig.DeploymentAsync(arn);
        var seen = await rig.RunAsync(arn);

        stopped["serviceDeploymentArn"]!.GetValue<string>().Should().Be(arn);
        Status(requested).Should().Be("ROLLBACK_REQUESTED");
        seen.Select(s => Status(s.Deployment)).Distinct().Should().Equal("ROLLBACK_IN_PROGRESS", "ROLLBACK_SUCCESSFUL");
        seen[^1].Deployment["rollback"]!["startedAt"].Should().NotBeNull();
        await ExpectBlueRestoredAsync(rig);

        var conflict = await rig.FailAsync("StopServiceDeployment", JsonSerializer.Serialize(new { serviceDeploymentArn = arn, stopType = "ROLLBACK" }));
        conflict.Type.Should().Be("ConflictException");
        (await rig.FailAsync("StopServiceDeployment", """{"serviceDeploymentArn":"arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/nope"}""")).Type
            .Should().Be("ServiceDeploymentNotFoundException");
    }

    [Test]
    public async Task StopServiceDeployment_after_success_is_a_ConflictException()
    {
        using var rig = new NativeRig(BlueGreenConfig(bakeTimeInMinutes: 0));
        var arn = await rig.DeployAsync();
        Status((await rig.RunAsync(arn))[^1].Deployment).Should().Be("SUCCESSFUL");

        var (type, _) = await rig.FailAsync("StopServiceDeployment", JsonSerializer.Serialize(new { serviceDeploymentArn = arn, stopType = "ROLLBACK" }));

        type.Should().Be("ConflictException");
        (await rig.ServiceAsync())["taskDefinition"]!.GetValue<string>().Should().EndWith("web:2");
    }

    [Test]
    public async Task StopServiceDeployment_during_CLEAN_UP_is_a_ConflictException_because_blue_is_going()
    {
        using var rig = new NativeRig(BlueGreenConfig(bakeTimeInMinutes: 0), images: new Dictionary<string, ImageBehaviour> { ["repo/web:1"] = new() { StopSeconds = 30 } });
        var arn = await rig.DeployAsync();
        await rig.RunAsync(arn, d => Stage(d) == "CLEAN_UP");

        var (type, message) = await rig.FailAsync("StopServiceDeployment", JsonSerializer.Serialize(new { serviceDeploymentArn = arn, stopType = "ROLLBACK" }));

        type.Should().Be("ConflictException");
        message.Should().Contain("CLEAN_UP");
        Status((await rig.RunAsync(arn))[^1].Deployment).Should().Be("SUCCESSFUL");
    }

    [TestCase(true, "ROLLBACK_SUCCESSFUL")]
    [TestCase(false, "STOPPED")]
    public async Task The_circuit_breaker_fails_a_crashing_green(bool rollback, string outcome)
    {
        var breaker = new JsonObject { ["deploymentCircuitBreaker"] = new JsonObject { ["enable"] = true, ["rollback"] = rollback } };
        var images = new Dictionary<string, ImageBehaviour> { ["repo/web:2"] = new() { CrashAfterSeconds = 2 } };
        using var rig = new NativeRig(BlueGreenConfig(extra: breaker), images: images);
        var arn = await rig.DeployAsync();

        var seen = await rig.RunAsync(arn);

        var done = seen[^1].Deployment;
        Status(done).Should().Be(outcome);
        Stage(done).Should().Be("SCALE_UP");
        done["deploymentCircuitBreaker"]!["status"]!.GetValue<string>().Should().Be("TRIGGERED");
        done["deploymentCircuitBreaker"]!["failureCount"]!.GetValue<int>().Should().Be(3);
        done["deploymentCircuitBreaker"]!["threshold"]!.GetValue<int>().Should().Be(3);
        if (rollback)
        {
            done["rollback"]!["reason"]!.GetValue<string>().Should().Be("Service deployment rolled back because the circuit breaker threshold was exceeded.");
            await ExpectBlueRestoredAsync(rig);
        }
        else
        {
            done["stoppedAt"].Should().NotBeNull();
            done["rollback"].Should().BeNull();
        }
    }

    [TestCase(true, "ROLLBACK_SUCCESSFUL")]
    [TestCase(false, "STOPPED")]
    public async Task An_alarm_that_green_triggers_under_production_traffic_fails_the_deployment(bool rollback, string outcome)
    {
        var alarms = new JsonObject { ["alarms"] = new JsonObject { ["alarmNames"] = new JsonArray("web-5xx"), ["enable"] = true, ["rollback"] = rollback } };
        var images = new Dictionary<string, ImageBehaviour> { ["repo/web:2"] = new() { TriggersAlarm = "web-5xx" } };
        using var rig = new NativeRig(BlueGreenConfig(extra: alarms), images: images);
        var arn = await rig.DeployAsync();

        var seen = await rig.RunAsync(arn);

        seen.Where(s => Stage(s.Deployment) == "POST_TEST_TRAFFIC_SHIFT").Should().OnlyContain(s => s.Deployment["alarms"]!["status"]!.GetValue<string>() == "MONITORING",
            "test traffic alone does not trigger it");
        var done = seen[^1].Deployment;
        Status(done).Should().Be(outcome);

        // The shift to 100 % ends PRODUCTION_TRAFFIC_SHIFT at once; the alarm goes off the next second, before BAKE_TIME.
        Stage(done).Should().Be("POST_PRODUCTION_TRAFFIC_SHIFT");
        done["alarms"]!["status"]!.GetValue<string>().Should().Be("TRIGGERED");
        done["alarms"]!["triggeredAlarmNames"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("web-5xx");
        done["statusReason"]!.GetValue<string>().Should().Contain("web-5xx");
    }

    [Test]
    public async Task An_alarm_the_configuration_does_not_list_does_not_fail_the_deployment()
    {
        var alarms = new JsonObject { ["alarms"] = new JsonObject { ["alarmNames"] = new JsonArray("other"), ["enable"] = true, ["rollback"] = true } };
        var images = new Dictionary<string, ImageBehaviour> { ["repo/web:2"] = new() { TriggersAlarm = "web-5xx" } };
        using var rig = new NativeRig(BlueGreenConfig(bakeTimeInMinutes: 0, extra: alarms), images: images);
        var arn = await rig.DeployAsync();

        var done = (await rig.RunAsync(arn))[^1].Deployment;

        Status(done).Should().Be("SUCCESSFUL");
        done["alarms"]!["status"]!.GetValue<string>().Should().Be("MONITORING_COMPLETE");
    }

    [Test]
    public async Task A_rollback_to_an_image_that_fails_rollbacks_ends_ROLLBACK_FAILED()
    {
        var images = new Dictionary<string, ImageBehaviour> { ["repo/web:1"] = new() { RollbackFails = true } };
        using var rig = new NativeRig(BlueGreenConfig(), images: images);
        var arn = await rig.DeployAsync();
        await rig.RunAsync(arn, d => Stage(d) == "TEST_TRAFFIC_SHIFT");

        await rig.CallAsync("StopServiceDeployment", JsonSerializer.Serialize(new { serviceDeploymentArn = arn, stopType = "ROLLBACK" }));
        var done = (await rig.RunAsync(arn))[^1].Deployment;

        Status(done).Should().Be("ROLLBACK_FAILED");
        done["finishedAt"].Should().NotBeNull();
        done["statusReason"]!.GetValue<string>().Should().StartWith("Service deployment rollback failed");
        rig.Advance(60);
        Status(await rig.DeploymentAsync(arn)).Should().Be("ROLLBACK_FAILED", "a failed rollback stays failed");
    }

    [Test]
    public async Task A_target_group_missing_from_the_listener_rules_rolls_the_deployment_back_with_ECSs_text()
    {
        // Without a test listener rule both target groups must be on the production rule; this one forwards to blue only.
        using var rig = new NativeRig(BlueGreenConfig(), testListener: false);
        var arn = await rig.DeployAsync();

        var seen = await rig.RunAsync(arn);

        var done = seen[^1].Deployment;
        Status(done).Should().Be("ROLLBACK_SUCCESSFUL");
        done["statusReason"]!.GetValue<string>().Should().Be(EcsSimulation.InvalidNetworkingReason);
        done["rollback"]!["reason"]!.GetValue<string>().Should().Be(
            "Service deployment rolled back because of invalid networking configuration. Both targetGroup and alternateTargetGroup must be associated with the productionListenerRule or testListenerRule.");
        seen.Should().HaveCountLessThan(5, "it rolls back at once, without starting green");
        (await rig.ServiceAsync())["events"]!.AsArray().Select(e => e!["message"]!.GetValue<string>())
            .Should().Contain(m => m.Contains(EcsSimulation.InvalidNetworkingReason, StringComparison.Ordinal));
        await ExpectBlueRestoredAsync(rig);
    }

    [Test]
    public async Task A_listener_rule_the_scenario_does_not_declare_fails_the_networking_check()
    {
        using var rig = new NativeRig(BlueGreenConfig(), listenerRules: [new ListenerRule { Arn = ProductionRule, TargetGroups = [BlueGroup, GreenGroup] }]);
        var arn = await rig.DeployAsync();

        var done = (await rig.RunAsync(arn))[^1].Deployment;

        Status(done).Should().Be("ROLLBACK_SUCCESSFUL");
        done["statusReason"]!.GetValue<string>().Should().Be(EcsSimulation.InvalidNetworkingReason);
    }

    [Test]
    public async Task Both_target_groups_on_the_production_rule_pass_the_networking_check_without_a_test_rule()
    {
        using var rig = new NativeRig(BlueGreenConfig(bakeTimeInMinutes: 0), testListener: false,
            listenerRules: [new ListenerRule { Arn = ProductionRule, TargetGroups = [BlueGroup, GreenGroup] }]);
        var arn = await rig.DeployAsync();

        Status((await rig.RunAsync(arn))[^1].Deployment).Should().Be("SUCCESSFUL");
    }

    [TestCase("""{"strategy":"BLUE_GREEN","bakeTimeInMinutes":1,"lifecycleHooks":[{"targetType":"PAUSE","lifecycleStages":["TEST_TRAFFIC_SHIFT"]}]}""", "TEST_TRAFFIC_SHIFT")]
    [TestCase("""{"strategy":"BLUE_GREEN","bakeTimeInMinutes":1,"lifecycleHooks":[{"targetType":"PAUSE","lifecycleStages":["PRODUCTION_TRAFFIC_SHIFT"]}]}""", "PRODUCTION_TRAFFIC_SHIFT")]
    [TestCase("""{"strategy":"BLUE_GREEN"}""", "bakeTimeInMinutes")]
    [TestCase("""{"strategy":"BLUE_GREEN","bakeTimeInMinutes":1,"lifecycleHooks":[{"lifecycleStages":["POST_SCALE_UP"]}]}""", "hookTargetArn")]
    [TestCase("""{"strategy":"LINEAR","linearConfiguration":{"stepPercent":2.0}}""", "stepPercent")]
    [TestCase("""{"strategy":"CANARY","canaryConfiguration":{"canaryPercent":5.05}}""", "canaryPercent")]
    [TestCase("""{"strategy":"CANARY","canaryConfiguration":{"canaryBakeTimeInMinutes":1441}}""", "canaryBakeTimeInMinutes")]
    public async Task UpdateService_refuses_a_configuration_the_model_does_not_allow(string configuration, string named)
    {
        using var rig = new NativeRig(new JsonObject());

        var (type, message) = await rig.FailAsync("UpdateService", $$"""{"cluster":"prod","service":"web","taskDefinition":"web:2","deploymentConfiguration":{{configuration}}}""");

        type.Should().Be("InvalidParameterException");
        message.Should().Contain(named);
        (await rig.ServiceAsync())["deployments"]!.AsArray().Should().ContainSingle("a refused update starts nothing");
    }

    [Test]
    public async Task CreateService_refuses_a_PAUSE_hook_at_a_traffic_shift_too()
    {
        using var rig = new NativeRig(new JsonObject());

        var (type, _) = await rig.FailAsync("CreateService", """
            {"cluster":"prod","serviceName":"api","taskDefinition":"web:1","desiredCount":1,
             "deploymentConfiguration":{"strategy":"BLUE_GREEN","bakeTimeInMinutes":1,"lifecycleHooks":[{"targetType":"PAUSE","lifecycleStages":["TEST_TRAFFIC_SHIFT"]}]}}
            """);

        type.Should().Be("InvalidParameterException");
    }

    [Test]
    public async Task DescribeServices_renders_the_whole_native_configuration_as_sent()
    {
        var sent = JsonNode.Parse("""
            {"strategy":"LINEAR","bakeTimeInMinutes":3,
             "alarms":{"alarmNames":["a"],"enable":true,"rollback":true},
             "lifecycleHooks":[{"targetType":"PAUSE","lifecycleStages":["POST_TEST_TRAFFIC_SHIFT"],"timeoutConfiguration":{"timeoutInMinutes":60,"action":"CONTINUE"}}],
             "linearConfiguration":{"stepPercent":20.0,"stepBakeTimeInMinutes":2},
             "canaryConfiguration":{"canaryPercent":10.0,"canaryBakeTimeInMinutes":5}}
            """)!.AsObject();
        using var rig = new NativeRig(sent);

        var rendered = (await rig.ServiceAsync())["deploymentConfiguration"]!.AsObject();

        foreach (var (name, value) in sent)
        {
            JsonNode.DeepEquals(rendered[name], value).Should().BeTrue($"{name} is rendered as sent: {rendered.ToJsonString()}");
        }

        (await rig.ServiceAsync())["loadBalancers"]![0]!["advancedConfiguration"]!["alternateTargetGroupArn"]!.GetValue<string>().Should().Be(GreenGroup);
    }

    [Test]
    public async Task A_headless_service_goes_through_the_same_stages_with_the_weights_reported()
    {
        using var rig = new NativeRig(BlueGreenConfig(), loadBalanced: false);
        var arn = await rig.DeployAsync();

        var seen = await rig.RunAsync(arn);

        Stages(seen).Should().Equal(AllStages);
        Status(seen[^1].Deployment).Should().Be("SUCCESSFUL");
        seen.First(s => Stage(s.Deployment) == "POST_TEST_TRAFFIC_SHIFT").Deployment["targetServiceRevision"]!["requestedTestTrafficWeight"]!.GetValue<double>().Should().Be(100);
    }

    [Test]
    public async Task A_second_ACTIVE_revision_at_the_start_adds_RECONCILE_SERVICE()
    {
        using var rig = new NativeRig(BlueGreenConfig(bakeTimeInMinutes: 0));
        var first = await rig.DeployAsync();
        await rig.RunAsync(first, d => Stage(d) == "BAKE_TIME");
        await rig.CallAsync("RegisterTaskDefinition", Harness.TaskDefinition("web", "repo/web:3", healthCheck: true).ToJsonString());

        var arn = await rig.DeployAsync("web:3");
        var seen = await rig.RunAsync(arn);

        Status(await rig.DeploymentAsync(first)).Should().Be("STOPPED", "the newer deployment supersedes it");
        Stages(seen)[0].Should().Be("RECONCILE_SERVICE");
        Stages(seen)[1..].Should().Equal(AllStages);
        Status(seen[^1].Deployment).Should().Be("SUCCESSFUL");
        (await rig.ServiceAsync())["deployments"]!.AsArray().Should().ContainSingle();
    }

    [Test]
    public async Task DescribeServiceRevisions_says_which_target_group_serves_each_revision()
    {
        using var rig = new NativeRig(BlueGreenConfig(bakeTimeInMinutes: 0));
        var arn = await rig.DeployAsync();
        var done = (await rig.RunAsync(arn))[^1].Deployment;
        var blue = done["sourceServiceRevisions"]![0]!["arn"]!.GetValue<string>();
        var green = done["targetServiceRevision"]!["arn"]!.GetValue<string>();

        var described = await rig.CallAsync("DescribeServiceRevisions", JsonSerializer.Serialize(new { serviceRevisionArns = new[] { blue, green, "arn:aws:ecs:us-east-1:123456789012:service-revision/prod/web/1" } }));

        var revisions = described["serviceRevisions"]!.AsArray();
        blue.Should().MatchRegex(@"^arn:aws:ecs:us-east-1:123456789012:service-revision/prod/web/\d+$");
        revisions.Select(r => r!["taskDefinition"]!.GetValue<string>()[^5..]).Should().Equal("web:1", "web:2");
        revisions.Select(r => r!["resolvedConfiguration"]!["loadBalancers"]![0]!["targetGroupArn"]!.GetValue<string>()).Should().Equal(BlueGroup, GreenGroup);
        revisions.Should().OnlyContain(r => r!["resolvedConfiguration"]!["loadBalancers"]![0]!["productionListenerRule"]!.GetValue<string>() == ProductionRule);
        revisions[1]!["containerImages"]![0]!["image"]!.GetValue<string>().Should().Be("repo/web:2");
        revisions[1]!["serviceArn"]!.GetValue<string>().Should().Be("arn:aws:ecs:us-east-1:123456789012:service/prod/web");
        described["failures"]![0]!["reason"]!.GetValue<string>().Should().Be("MISSING");
    }

    [Test]
    public async Task A_ROLLING_service_keeps_its_rolling_answers()
    {
        using var rig = new NativeRig(new JsonObject());
        var arn = await rig.DeployAsync();

        var deployment = await rig.DeploymentAsync(arn);

        Status(deployment).Should().Be("IN_PROGRESS");
        deployment["lifecycleStage"].Should().BeNull();
        deployment["targetServiceRevision"]!["requestedProductionTrafficWeight"].Should().BeNull();
    }

    [Test]
    public async Task StopServiceDeployment_rolls_a_rolling_deployment_back_to_the_last_completed_one()
    {
        using var rig = new NativeRig(new JsonObject());
        var arn = await rig.DeployAsync();
        rig.Advance(5);

        await rig.CallAsync("StopServiceDeployment", JsonSerializer.Serialize(new { serviceDeploymentArn = arn }));
        var rolling = await rig.DeploymentAsync(arn);
        var done = (await rig.RunAsync(arn))[^1].Deployment;

        Status(rolling).Should().Be("ROLLBACK_IN_PROGRESS");
        Status(done).Should().Be("ROLLBACK_SUCCESSFUL");
        done["rollback"]!["serviceRevisionArn"]!.GetValue<string>().Should().Be(done["sourceServiceRevisions"]![0]!["arn"]!.GetValue<string>());
        await ExpectBlueRestoredAsync(rig);
    }

    private static JsonObject Hooks(params JsonObject[] hooks) => new() { ["lifecycleHooks"] = new JsonArray(hooks.Select(h => (JsonNode)h).ToArray()) };

    /// <summary>Each value a member takes, with the second it first took it.</summary>
    private static List<(int Second, double Value)> Changes(List<(int Second, JsonObject Deployment)> seen, Func<JsonObject, double> read)
    {
        var changes = new List<(int, double)>();
        foreach (var (second, deployment) in seen)
        {
            var value = read(deployment);
            if (changes.Count == 0 || changes[^1].Item2 != value)
            {
                changes.Add((second, value));
            }
        }

        return changes;
    }

    /// <summary>After a rollback: the service runs web:1 alone, PRIMARY, with its two tasks.</summary>
    private static async Task ExpectBlueRestoredAsync(NativeRig rig)
    {
        rig.Advance(5);
        var service = await rig.ServiceAsync();
        service["taskDefinition"]!.GetValue<string>().Should().EndWith("web:1");
        var deployments = service["deployments"]!.AsArray();
        deployments.Should().ContainSingle();
        deployments[0]!["status"]!.GetValue<string>().Should().Be("PRIMARY");
        deployments[0]!["taskDefinition"]!.GetValue<string>().Should().EndWith("web:1");
        service["runningCount"]!.GetValue<int>().Should().Be(2);
    }
}
