using System.Text.Json.Nodes;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Testing.Scenarios;

namespace Ecs.BlueGreen.Tests.Deployments.Native;

/// <summary>ECS's native BLUE_GREEN, LINEAR and CANARY deployments, driven by the engine against the emulator on simulated time.</summary>
public class NativeDeploymentTests
{
    private static readonly Dictionary<string, ImageBehaviour> Crashing = new() { ["repo/web:bad"] = new ImageBehaviour { CrashAfterSeconds = 5, ExitCode = 3 } };

    private static string Image(string tag = "2") => $"repo/web:{tag}";

    [Test]
    public async Task A_blue_green_deployment_succeeds_through_every_stage_in_order_and_its_bake_time()
    {
        using var harness = new EngineHarness(NativeScenario.Create(NativeScenario.Configuration(bakeTimeInMinutes: 3)));

        var result = await harness.RunAsync(harness.Deployment().WithImage(Image()));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        result.Reason.Should().Contain("SUCCESSFUL");
        result.ServiceTaskDefinitionArn.Should().EndWith("web:2");
        // Seen, or passed between two checks (a one-second stage can fall between them), and said so.
        var stages = harness.Events.OfType<LifecycleStageEntered>().SelectMany(e => e.PassedBetweenChecks.Append(e.Stage)).Select(s => s.Value).ToList();
        // PRE_PRODUCTION_TRAFFIC_SHIFT is reported only when a check falls in it (the reported-stage enum lacks it, so it is
        // never inferred between two checks); when seen, it comes right before PRODUCTION_TRAFFIC_SHIFT.
        stages.Where(s => s != "PRE_PRODUCTION_TRAFFIC_SHIFT").Should().Equal("PRE_SCALE_UP", "SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT",
            "POST_TEST_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT", "BAKE_TIME", "CLEAN_UP");
        if (stages.IndexOf("PRE_PRODUCTION_TRAFFIC_SHIFT") is var seen and >= 0)
        {
            stages[seen + 1].Should().Be("PRODUCTION_TRAFFIC_SHIFT");
        }
        var bake = harness.Events.OfType<LifecycleStageEntered>().Single(e => e.Previous == DeploymentStage.BakeTime);
        bake.TimeInPrevious.Should().BeGreaterThanOrEqualTo(TimeSpan.FromMinutes(3));
        harness.Events.OfType<TrafficShifted>().Last().ProductionWeight.Should().Be(100);
        harness.Events.OfType<ServiceDeploymentWaitStarted>().Single().BudgetExplained.Should().Contain("bake time of 3 min");
        harness.Emulator.Calls.Select(c => c.Operation).Should().NotContain("StopServiceDeployment").And.NotContain("ContinueServiceDeployment");
        (await harness.ServiceAsync()).TaskDefinition.Should().EndWith("web:2");
    }

    [Test]
    public async Task A_rollback_by_ECS_is_reported_as_such_with_its_reason()
    {
        using var harness = new EngineHarness(NativeScenario.Create(NativeScenario.Configuration(circuitBreaker: true), Crashing));

        var result = await harness.RunAsync(harness.Deployment().WithImage(Image("bad")).RollbackOnFailure());

        result.Outcome.Should().Be(DeploymentOutcome.Failed);
        result.RolledBackByEcs.Should().BeTrue();
        result.EcsRollback!.Outcome.Should().Be(DeploymentOutcome.Succeeded);
        result.Rollback.Should().BeNull("ECS rolled back; ours is not made on top");
        result.Reason.Should().Contain("ECS rolled").And.Contain("circuit breaker");
        result.ServiceTaskDefinitionArn.Should().EndWith("web:1");
        harness.Emulator.Calls.Select(c => c.Operation).Should().NotContain("StopServiceDeployment");
    }

    [Test]
    public async Task A_failed_rollback_by_ECS_is_a_failed_ECS_rollback()
    {
        var images = new Dictionary<string, ImageBehaviour>(Crashing) { ["repo/web:1"] = new ImageBehaviour { RollbackFails = true } };
        using var harness = new EngineHarness(NativeScenario.Create(NativeScenario.Configuration(circuitBreaker: true), images));

        var result = await harness.RunAsync(harness.Deployment().WithImage(Image("bad")));

        result.Outcome.Should().Be(DeploymentOutcome.Failed);
        result.EcsRollback!.Outcome.Should().Be(DeploymentOutcome.Failed);
        result.Reason.Should().Contain("FAILED");
    }

    [Test]
    public async Task Waiting_until_a_stage_returns_there_and_leaves_the_rest_to_ECS()
    {
        using var harness = new EngineHarness(NativeScenario.Create(NativeScenario.Configuration(bakeTimeInMinutes: 30)));

        var result = await harness.RunAsync(harness.Deployment().WithImage(Image()).WaitUntil(DeploymentStage.PostTestTrafficShift));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        result.LifecycleStage.Should().Be(DeploymentStage.PostTestTrafficShift);
        result.Reason.Should().Contain("reached POST_TEST_TRAFFIC_SHIFT");
        var service = await harness.ServiceAsync();
        var deployment = (await harness.Client.DescribeServiceDeploymentsAsync(new DescribeServiceDeploymentsRequest { ServiceDeploymentArns = [service.CurrentServiceDeployment!] })).ServiceDeployments.Single();
        deployment.Status.Should().Be(ServiceDeploymentStatus.InProgress, "ECS carries on after the run returned");
    }

    [Test]
    public async Task A_passing_smoke_test_at_a_pause_hook_continues_the_deployment_to_success()
    {
        using var harness = new EngineHarness(NativeScenario.Create(NativeScenario.Configuration(extra: NativeScenario.PauseHooks(60, "POST_TEST_TRAFFIC_SHIFT"))));
        SmokeTestContext? seen = null;

        var result = await harness.RunAsync(harness.Deployment().WithImage(Image()).WithTestUrl(new Uri("http://127.0.0.1:9/"))
            .WithSmokeTest((context, _) =>
            {
                seen = context;
                return Task.FromResult(true);
            }));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        seen!.Hook.Stage.Should().Be(DeploymentStage.PostTestTrafficShift);
        seen.Hook.TestListenerRule.Should().Be(NativeScenario.TestRule);
        seen.Hook.TaskDefinitionArn.Should().EndWith("web:2");
        seen.Environment["ECS_BLUEGREEN_HOOK_ID"].Should().Be(seen.Hook.HookId);
        seen.Environment["ECS_BLUEGREEN_TEST_URL"].Should().Be("http://127.0.0.1:9/");
        harness.Events.OfType<LifecycleHookAnswered>().Should().ContainSingle().Which.Action.Should().Be("CONTINUE");
        harness.Emulator.Calls.Count(c => c.Operation == "ContinueServiceDeployment").Should().Be(1);
    }

    [Test]
    public async Task A_failing_smoke_test_rolls_the_deployment_back_through_ECS_and_fails_with_its_reason()
    {
        using var harness = new EngineHarness(NativeScenario.Create(NativeScenario.Configuration(extra: NativeScenario.PauseHooks(60, "POST_TEST_TRAFFIC_SHIFT"))));

        // One simulated second at a time: the test is a real process, and the clock must not jump to its timeout meanwhile.
        var deployment = harness.Deployment().WithImage(Image())
            .WithSmokeTest("sh", "-c", "echo \"checking $ECS_BLUEGREEN_STAGE\"; echo 'HTTP 500 from green' >&2; exit 3");
        var result = await harness.DriveAsync(token => deployment.RunAsync(token), eachSecond: _ => { });

        result.Outcome.Should().Be(DeploymentOutcome.Failed);
        result.RolledBackByEcs.Should().BeFalse("the rollback was ours");
        result.Rollback!.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Rollback.Reason);
        result.Reason.Should().Contain("exited with 3").And.Contain("HTTP 500 from green").And.Contain("POST_TEST_TRAFFIC_SHIFT");
        harness.Events.OfType<SmokeTestOutput>().Select(e => e.Line).Should().Contain("checking POST_TEST_TRAFFIC_SHIFT");
        harness.Events.OfType<LifecycleHookAnswered>().Should().ContainSingle().Which.Action.Should().Be("ROLLBACK");
        (await harness.ServiceAsync()).TaskDefinition.Should().EndWith("web:1");
    }

    [Test]
    public async Task Waiting_until_paused_then_continuing_in_a_second_run_finishes_the_deployment()
    {
        using var harness = new EngineHarness(NativeScenario.Create(NativeScenario.Configuration(extra: NativeScenario.PauseHooks(60, "POST_TEST_TRAFFIC_SHIFT"))));

        var paused = await harness.RunAsync(harness.Deployment().WithImage(Image()).WaitUntilPaused());

        paused.Outcome.Should().Be(DeploymentOutcome.Paused, paused.Reason);
        paused.IsSuccess.Should().BeTrue();
        paused.PausedHook!.Stage.Should().Be(DeploymentStage.PostTestTrafficShift);
        paused.PausedHook.ServiceDeploymentArn.Should().Be(paused.ServiceDeploymentArn);

        var continued = await harness.DriveAsync(token => EcsServiceDeployment.For("prod", "web").WithClient(harness.Client).WithTimeProvider(harness.Clock).ContinueAsync(token));

        continued.Outcome.Should().Be(DeploymentOutcome.Succeeded, continued.Reason);
        continued.ServiceDeploymentArn.Should().Be(paused.ServiceDeploymentArn);
        harness.Emulator.Calls.Where(c => c.Operation == "ContinueServiceDeployment").Should().ContainSingle();
    }

    [Test]
    public async Task Continuing_a_service_that_is_not_paused_is_refused_before_any_write()
    {
        using var harness = new EngineHarness(NativeScenario.Create(NativeScenario.Configuration()));

        var act = () => EcsServiceDeployment.For("prod", "web").WithClient(harness.Client).WithTimeProvider(harness.Clock).ContinueAsync();

        (await act.Should().ThrowAsync<DeploymentValidationException>()).Which.Message.Should().Contain("Nothing to continue");
        harness.Emulator.Calls.Select(c => c.Operation).Should().NotContain("ContinueServiceDeployment");
    }

    [Test]
    public async Task Rolling_back_an_in_progress_deployment_on_demand_waits_for_ECS_s_rollback()
    {
        using var harness = new EngineHarness(NativeScenario.Create(NativeScenario.Configuration(bakeTimeInMinutes: 30)));
        await harness.RunAsync(harness.Deployment().WithImage(Image()).WaitUntil(DeploymentStage.BakeTime));

        var result = await harness.DriveAsync(token => EcsServiceDeployment.For("prod", "web").WithClient(harness.Client).WithTimeProvider(harness.Clock).RollBackAsync(token));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        result.Rollback!.Outcome.Should().Be(DeploymentOutcome.Succeeded);
        result.Rollback.TaskDefinitionArn.Should().EndWith("web:1");
        harness.Emulator.Calls.Where(c => c.Operation == "StopServiceDeployment").Should().ContainSingle();
        (await harness.ServiceAsync()).TaskDefinition.Should().EndWith("web:1");
    }

    [Test]
    public async Task Cancelling_with_rollback_on_cancellation_has_ECS_roll_the_deployment_back()
    {
        using var harness = new EngineHarness(NativeScenario.Create(NativeScenario.Configuration(bakeTimeInMinutes: 30)));
        using var cancel = new CancellationTokenSource();

        var result = await harness.DriveAsync(token => harness.Deployment().WithImage(Image()).RollbackOnCancellation().RunAsync(token),
            eachSecond: elapsed =>
            {
                if (harness.Events.OfType<LifecycleStageEntered>().Any(e => e.Stage == DeploymentStage.BakeTime))
                {
                    cancel.Cancel();
                }
            }, cancellationToken: cancel.Token);

        result.Outcome.Should().Be(DeploymentOutcome.Cancelled);
        result.Rollback!.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Rollback.Reason);
        harness.Emulator.Calls.Where(c => c.Operation == "StopServiceDeployment").Should().ContainSingle();
        harness.Emulator.Calls.Where(c => c.Operation == "UpdateService").Should().ContainSingle("a native rollback never deploys the old revision again");
    }

    [Test]
    public async Task A_timeout_at_a_pause_nobody_answers_rolls_back_through_the_hook_when_asked()
    {
        using var harness = new EngineHarness(NativeScenario.Create(NativeScenario.Configuration(extra: NativeScenario.PauseHooks(600, "POST_TEST_TRAFFIC_SHIFT"))));

        var result = await harness.RunAsync(harness.Deployment().WithImage(Image()).WithTimeout(TimeSpan.FromMinutes(3)).RollbackOnTimeout());

        result.Outcome.Should().Be(DeploymentOutcome.TimedOut);
        result.Reason.Should().Contain("awaited action");
        result.Rollback!.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Rollback.Reason);
        harness.Events.OfType<DeploymentPaused>().Should().ContainSingle().Which.AnsweredHere.Should().BeFalse();
        harness.Emulator.Calls.Where(c => c.Operation == "ContinueServiceDeployment").Should().ContainSingle();
        (await harness.ServiceAsync()).TaskDefinition.Should().EndWith("web:1");
    }

    [Test]
    public async Task A_linear_deployment_reports_each_step_with_its_weights()
    {
        var linear = new JsonObject { ["linearConfiguration"] = new JsonObject { ["stepPercent"] = 25.0, ["stepBakeTimeInMinutes"] = 1 } };
        using var harness = new EngineHarness(NativeScenario.Create(NativeScenario.Configuration("LINEAR", bakeTimeInMinutes: 1, extra: linear)));

        var result = await harness.RunAsync(harness.Deployment().WithImage(Image()));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        var production = harness.Events.OfType<TrafficShifted>().Select(e => e.ProductionWeight).Distinct().Where(w => w > 0).ToList();
        production.Should().Equal(25, 50, 75, 100);
        harness.Events.OfType<TrafficShifted>().Where(e => e.ProductionWeight == 25).Should().OnlyContain(e => e.SourceProductionWeight == 75);
        harness.Events.OfType<ServiceDeploymentWaitStarted>().Single().BudgetExplained.Should().Contain("3 step bake(s) of 1 min");
    }

    [Test]
    public async Task A_canary_deployment_reports_the_canary_then_the_rest()
    {
        var canary = new JsonObject { ["canaryConfiguration"] = new JsonObject { ["canaryPercent"] = 5.0, ["canaryBakeTimeInMinutes"] = 2 } };
        using var harness = new EngineHarness(NativeScenario.Create(NativeScenario.Configuration("CANARY", bakeTimeInMinutes: 1, extra: canary)));

        var result = await harness.RunAsync(harness.Deployment().WithImage(Image()));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        harness.Events.OfType<TrafficShifted>().Select(e => e.ProductionWeight).Distinct().Where(w => w > 0).Should().Equal(5, 100);
    }

    [Test]
    public async Task A_headless_blue_green_service_deploys_without_a_load_balancer()
    {
        using var harness = new EngineHarness(NativeScenario.Create(NativeScenario.Configuration(bakeTimeInMinutes: 1), loadBalanced: false, listenerRules: []));

        var result = await harness.RunAsync(harness.Deployment().WithImage(Image()));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        result.ServiceTaskDefinitionArn.Should().EndWith("web:2");
    }

    [Test]
    public async Task ECS_s_wiring_check_rolls_a_badly_wired_deployment_back_with_its_own_words()
    {
        var rules = new[] { new ListenerRule { Arn = NativeScenario.ProductionRule, TargetGroups = [NativeScenario.BlueGroup] }, new ListenerRule { Arn = NativeScenario.TestRule, TargetGroups = [NativeScenario.BlueGroup] } };
        using var harness = new EngineHarness(NativeScenario.Create(NativeScenario.Configuration(), listenerRules: rules));

        var result = await harness.RunAsync(harness.Deployment().WithImage(Image()));

        result.Outcome.Should().Be(DeploymentOutcome.Failed);
        result.RolledBackByEcs.Should().BeTrue();
        result.Reason.Should().Contain("Both targetGroup and alternateTargetGroup must be associated with the productionListenerRule or testListenerRule");
    }

    [Test]
    public async Task Native_options_are_refused_before_any_write_when_the_service_cannot_use_them()
    {
        using var rolling = new EngineHarness(EngineHarness.Web(2));
        using var native = new EngineHarness(NativeScenario.Create(NativeScenario.Configuration()));

        var onRolling = await FluentActions.Awaiting(() => rolling.RunAsync(rolling.Deployment().WithImage(Image()).WaitUntil(DeploymentStage.BakeTime))).Should().ThrowAsync<DeploymentValidationException>();
        var withoutPause = await FluentActions.Awaiting(() => native.RunAsync(native.Deployment().WithImage(Image()).WithSmokeTest((_, _) => Task.FromResult(true)))).Should().ThrowAsync<DeploymentValidationException>();

        onRolling.Which.Message.Should().Contain("ROLLING");
        withoutPause.Which.Message.Should().Contain("no PAUSE lifecycle hook");
        rolling.Writes.Should().BeEmpty();
        native.Writes.Should().BeEmpty();
    }

    [Test]
    public void An_unknown_stage_cannot_be_waited_for()
    {
        var act = () => EcsDeployment.For("prod", "web").WaitUntil(new DeploymentStage("BAKE"));

        act.Should().Throw<ArgumentException>().WithMessage("*BAKE_TIME*");
    }
}
