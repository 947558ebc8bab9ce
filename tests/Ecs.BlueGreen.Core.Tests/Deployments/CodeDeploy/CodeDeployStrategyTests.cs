using System.Text.Json.Nodes;
using Ecs.BlueGreen.CodeDeploy.Model;
using Ecs.BlueGreen.Deployments;
using DeploymentStatus = Ecs.BlueGreen.CodeDeploy.Model.DeploymentStatus;

namespace Ecs.BlueGreen.Tests.Deployments.CodeDeploy;

/// <summary>
/// A CODE_DEPLOY service deployed through CodeDeploy: the ECS side on the emulator, CodeDeploy scripted by
/// <see cref="FakeCodeDeploy"/>; the assertions are on what the strategy sends and what it reports.
/// </summary>
public class CodeDeployStrategyTests
{
    private static readonly (string, string)[] BeforeTraffic =
        [("BeforeInstall", "Succeeded"), ("Install", "Succeeded"), ("AfterInstall", "Succeeded"), ("AllowTestTraffic", "Succeeded"), ("AfterAllowTestTraffic", "Succeeded"), ("BeforeAllowTraffic", "Succeeded")];

    private static readonly (string, string)[] AllSucceeded = [.. BeforeTraffic, ("AllowTraffic", "Succeeded"), ("AfterAllowTraffic", "Succeeded")];

    private static Step InProgress((string, string)[] events, params (string, double)[] sets) => new(DeploymentStatus.InProgress, events, sets);

    private static Step Installing => InProgress([("BeforeInstall", "Succeeded"), ("Install", "InProgress")], ("Blue", 100));

    [Test]
    public async Task An_all_at_once_deployment_registers_the_revision_creates_one_deployment_with_its_AppSpec_and_succeeds_without_updating_the_service()
    {
        using var harness = new CodeDeployHarness();
        harness.CodeDeploy.Steps.AddRange([
            Installing,
            InProgress([.. BeforeTraffic, ("AllowTraffic", "InProgress")], ("Blue", 100), ("Green", 0)),
            new Step(DeploymentStatus.Succeeded, AllSucceeded, [("Green", 100)]),
        ]);

        var result = await harness.DriveAsync(token => harness.Deployment().RunAsync(token));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        result.TaskDefinitionArn.Should().EndWith("task-definition/web:2");
        result.DeploymentId.Should().Be(FakeCodeDeploy.DeploymentId);
        harness.Engine.Writes.Should().Equal(["RegisterTaskDefinition"], "a CODE_DEPLOY service is not updated: CodeDeploy deploys the revision");
        harness.CodeDeploy.Writes.Should().Equal("CreateDeployment");
        var create = harness.CodeDeploy.Requests<CreateDeploymentRequest>().Single();
        (create.ApplicationName, create.DeploymentGroupName, create.DeploymentConfigName).Should().Be(("AppECS-prod-web", "DgpECS-prod-web", null));
        create.Revision!.RevisionType.Should().Be(RevisionLocationType.AppSpecContent);
        var appSpec = JsonNode.Parse(create.Revision.AppSpecContent!.Content!)!;
        var properties = appSpec["Resources"]![0]!["TargetService"]!["Properties"]!;
        ((string)properties["TaskDefinition"]!).Should().Be(result.TaskDefinitionArn);
        ((string)properties["LoadBalancerInfo"]!["ContainerName"]!, (int)properties["LoadBalancerInfo"]!["ContainerPort"]!).Should().Be(("app", 8080));
        ((string)properties["NetworkConfiguration"]!["AwsvpcConfiguration"]!["Subnets"]![1]!).Should().Be("subnet-2");
        create.Revision.AppSpecContent.Sha256.Should().Be(AppSpec.Sha256(create.Revision.AppSpecContent.Content!));
        create.Description.Should().StartWith("ecs-bluegreen ");

        harness.Events.OfType<CodeDeployLifecycleEventEnded>().Select(e => e.Event.Value).Should().Equal("BeforeInstall", "Install", "AfterInstall", "AllowTestTraffic", "AfterAllowTestTraffic", "BeforeAllowTraffic", "AllowTraffic", "AfterAllowTraffic");
        harness.Events.OfType<CodeDeployLifecycleEventStarted>().Select(e => e.Event.Value).Should().Equal("Install", "AllowTraffic");
        harness.CodeDeploy.Calls.Count(c => c.Operation == "ListDeploymentTargets").Should().Be(1, "the target id is listed once");
        result.CodeDeploy!.Status.Should().Be("Succeeded");
        result.CodeDeploy.LastSucceededLifecycleEvent.Should().Be(CodeDeployLifecycleEvent.AfterAllowTraffic);
        result.CodeDeploy.OriginalTaskSetKept.Should().BeFalse();
        result.ServiceTaskDefinitionArn.Should().NotBeNull();
    }

    [Test]
    public async Task By_default_the_run_succeeds_once_traffic_shifted_and_says_the_original_task_set_is_kept_for_the_termination_wait()
    {
        using var harness = new CodeDeployHarness();
        harness.CodeDeploy.Steps.AddRange([Installing, InProgress(AllSucceeded, ("Blue", 0), ("Green", 100)) with { TerminationWaitStarted = true }]);

        var result = await harness.DriveAsync(token => harness.Deployment().RunAsync(token));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded);
        result.Reason.Should().Contain("the original task set is kept until the termination wait ends (60 min)");
        result.CodeDeploy!.OriginalTaskSetKept.Should().BeTrue();
        result.CodeDeploy.TrafficShifted.Should().BeTrue();
        result.CodeDeploy.TerminationWaitMinutes.Should().Be(60);
        harness.CodeDeploy.Writes.Should().Equal("CreateDeployment");
        harness.Events.OfType<CodeDeployTerminationWaitStarted>().Should().ContainSingle().Which.Skipping.Should().BeFalse();
    }

    [Test]
    public async Task Skipping_the_termination_wait_continues_it_once_traffic_shifted_and_waits_for_Succeeded()
    {
        using var harness = new CodeDeployHarness();
        harness.CodeDeploy.Steps.AddRange([
            Installing,
            InProgress(AllSucceeded, ("Blue", 0), ("Green", 100)) with { TerminationWaitStarted = true },
            new Step(DeploymentStatus.Succeeded, AllSucceeded, [("Green", 100)]),
        ]);

        var result = await harness.DriveAsync(token => harness.Deployment().SkipTerminationWait().RunAsync(token));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        harness.CodeDeploy.Writes.Should().Equal("CreateDeployment", "ContinueDeployment");
        harness.CodeDeploy.Requests<ContinueDeploymentRequest>().Single().DeploymentWaitType.Should().Be(DeploymentWaitType.TerminationWait);
        result.CodeDeploy!.TerminationWaitSkipped.Should().BeTrue();
        result.CodeDeploy.OriginalTaskSetKept.Should().BeFalse();
        result.CodeDeploy.Status.Should().Be("Succeeded");
    }

    [Test]
    public async Task A_canary_configuration_override_is_sent_and_each_traffic_step_is_reported_with_the_task_sets_weights()
    {
        using var harness = new CodeDeployHarness();
        (string, string)[] traffic(string status) => [.. BeforeTraffic, ("AllowTraffic", status)];
        harness.CodeDeploy.Steps.AddRange([
            Installing,
            InProgress(traffic("InProgress"), ("Blue", 100), ("Green", 0)),
            InProgress(traffic("InProgress"), ("Blue", 90), ("Green", 10)),
            InProgress(traffic("InProgress"), ("Blue", 90), ("Green", 10)),
            InProgress(traffic("InProgress"), ("Blue", 0), ("Green", 100)),
            new Step(DeploymentStatus.Succeeded, AllSucceeded, [("Blue", 0), ("Green", 100)]),
        ]);

        var result = await harness.DriveAsync(token => harness.Deployment().WithCodeDeployConfig("CodeDeployDefault.ECSCanary10Percent5Minutes").RunAsync(token));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        harness.CodeDeploy.Requests<CreateDeploymentRequest>().Single().DeploymentConfigName.Should().Be("CodeDeployDefault.ECSCanary10Percent5Minutes");
        harness.CodeDeploy.Requests<GetDeploymentConfigRequest>().Should().ContainSingle(r => r.DeploymentConfigName == "CodeDeployDefault.ECSCanary10Percent5Minutes");
        var green = harness.Events.OfType<CodeDeployTrafficShifted>().Select(e => e.TaskSets.FirstOrDefault(t => t.Label == "Green")?.TrafficWeight).ToList();
        green.Should().Equal([null, 0.0, 10.0, 100.0], "each change of the weights is reported once (at first only the original task set exists)");
        harness.Events.OfType<CodeDeployTrafficShifted>().Should().Contain(e => e.Message.Contains("Blue ecs-svc/Blue 90%") && e.Message.Contains("Green ecs-svc/Green 10%"));
        harness.Events.OfType<CodeDeployDeploymentCreated>().Single().BudgetExplained.Should().Contain("the canary interval of 5 min");
    }

    [Test]
    public async Task A_failed_hook_that_CodeDeploy_rolled_back_is_reported_with_its_reason_diagnostics_and_the_rollback_deployment()
    {
        using var harness = new CodeDeployHarness();
        harness.CodeDeploy.Steps.AddRange([
            Installing,
            InProgress([("BeforeInstall", "Succeeded"), ("Install", "Succeeded"), ("AfterInstall", "Succeeded"), ("AllowTestTraffic", "Succeeded"), ("AfterAllowTestTraffic", "InProgress")], ("Blue", 100), ("Green", 0)),
            new Step(DeploymentStatus.Failed, [("BeforeInstall", "Succeeded"), ("Install", "Succeeded"), ("AfterInstall", "Succeeded"), ("AllowTestTraffic", "Succeeded"), ("AfterAllowTestTraffic", "Failed")], [("Blue", 100), ("Green", 0)])
            {
                Error = new ErrorInformation { Code = "HOOK_EXECUTION_FAILURE", Message = "The hook AfterAllowTestTraffic failed." },
                CodeDeployRollbackId = "d-CDROLLBACK",
            },
        ]);

        var result = await harness.DriveAsync(token => harness.Deployment().RollbackOnFailure().RunAsync(token));

        result.Outcome.Should().Be(DeploymentOutcome.Failed);
        result.RolledBackByEcs.Should().BeTrue("CodeDeploy's own rollback is reported as ECS's own would be");
        result.Reason.Should().Contain("HOOK_EXECUTION_FAILURE").And.Contain("AfterAllowTestTraffic failed (ScriptFailed: CheckHealthFunction: health check returned 503)");
        result.EcsRollback!.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.EcsRollback.Reason);
        result.EcsRollback.DeploymentId.Should().Be("d-CDROLLBACK");
        result.EcsRollback.TaskDefinitionArn.Should().EndWith("web:1");
        result.Rollback.Should().BeNull("CodeDeploy rolled back; ours is not made on top");
        harness.CodeDeploy.Writes.Should().Equal("CreateDeployment");
        harness.CodeDeploy.Requests<GetDeploymentRequest>().Count(r => r.DeploymentId == "d-CDROLLBACK").Should().Be(3, "its rollback deployment is followed until it ends");
        result.CodeDeploy!.RollbackDeploymentId.Should().Be("d-CDROLLBACK");
        result.CodeDeploy.ErrorCode.Should().Be("HOOK_EXECUTION_FAILURE");
        harness.Events.OfType<CodeDeployLifecycleEventEnded>().Last().Should().Match<CodeDeployLifecycleEventEnded>(e => e.Status == "Failed" && e.ScriptName == "CheckHealthFunction");
    }

    [Test]
    public async Task At_Ready_a_passing_smoke_test_continues_the_deployment_with_READY_WAIT()
    {
        using var harness = new CodeDeployHarness();
        harness.CodeDeploy.BlueGreen = new BlueGreenDeploymentConfiguration { DeploymentReadyOption = new DeploymentReadyOption { ActionOnTimeout = DeploymentReadyAction.StopDeployment, WaitTimeInMinutes = 30 } };
        harness.CodeDeploy.Steps.AddRange([
            Installing,
            new Step(DeploymentStatus.Ready, [.. BeforeTraffic[..3]], [("Blue", 100), ("Green", 0)]),
            InProgress([.. BeforeTraffic, ("AllowTraffic", "InProgress")], ("Blue", 0), ("Green", 100)),
            new Step(DeploymentStatus.Succeeded, AllSucceeded, [("Green", 100)]),
        ]);
        SmokeTestContext? seen = null;

        var result = await harness.DriveAsync(token => harness.Deployment()
            .WithTestUrl(new Uri("http://test.example.com/health"))
            .WithSmokeTest((context, _) => { seen = context; return Task.FromResult(true); }).RunAsync(token));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        harness.CodeDeploy.Writes.Should().Equal("CreateDeployment", "ContinueDeployment");
        harness.CodeDeploy.Requests<ContinueDeploymentRequest>().Single().Should().Match<ContinueDeploymentRequest>(r => r.DeploymentId == FakeCodeDeploy.DeploymentId && r.DeploymentWaitType == DeploymentWaitType.ReadyWait);
        seen!.Environment["ECS_BLUEGREEN_HOOK_ID"].Should().Be(FakeCodeDeploy.DeploymentId);
        seen.Environment["ECS_BLUEGREEN_STAGE"].Should().Be("READY_WAIT");
        seen.Environment["ECS_BLUEGREEN_TEST_URL"].Should().Be("http://test.example.com/health");
        seen.Environment["ECS_BLUEGREEN_TEST_LISTENER_RULE"].Should().EndWith("listener/app/web/1/test");
        seen.Environment["ECS_BLUEGREEN_TASK_DEFINITION_ARN"].Should().Be(result.TaskDefinitionArn);
        var readyAt = harness.Events.OfType<CodeDeployReadyWaitReached>().Single().Time;
        seen.Hook.ExpiresAt.Should().Be(readyAt + TimeSpan.FromMinutes(30), "the group's Ready wait of 30 min runs from when the deployment became Ready");
        harness.Events.OfType<CodeDeployReadyWaitReached>().Should().ContainSingle().Which.AnsweredHere.Should().BeTrue();
    }

    [Test]
    public async Task At_Ready_a_failing_smoke_test_stops_the_deployment_with_auto_rollback_and_waits_for_the_rollback()
    {
        using var harness = new CodeDeployHarness();
        harness.CodeDeploy.BlueGreen = new BlueGreenDeploymentConfiguration { DeploymentReadyOption = new DeploymentReadyOption { ActionOnTimeout = DeploymentReadyAction.StopDeployment, WaitTimeInMinutes = 30 } };
        harness.CodeDeploy.Steps.AddRange([Installing, new Step(DeploymentStatus.Ready, [.. BeforeTraffic[..3]], [("Blue", 100), ("Green", 0)])]);

        var result = await harness.DriveAsync(token => harness.Deployment().WithSmokeTest((_, _) => Task.FromResult(false)).RunAsync(token));

        result.Outcome.Should().Be(DeploymentOutcome.Failed);
        result.Reason.Should().Contain("At Ready the smoke test returned false, so the deployment was stopped and rolled back.");
        harness.CodeDeploy.Writes.Should().Equal("CreateDeployment", "StopDeployment");
        harness.CodeDeploy.Requests<StopDeploymentRequest>().Single().AutoRollbackEnabled.Should().BeTrue();
        result.Rollback!.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Rollback.Reason);
        result.Rollback.DeploymentId.Should().Be(FakeCodeDeploy.OurRollbackId);
        result.RolledBackByEcs.Should().BeFalse("the rollback was ours");
    }

    [Test]
    public async Task Waiting_until_AfterAllowTestTraffic_returns_as_soon_as_it_succeeded()
    {
        using var harness = new CodeDeployHarness();
        harness.CodeDeploy.Steps.AddRange([
            Installing,
            InProgress([.. BeforeTraffic[..4], ("AfterAllowTestTraffic", "InProgress")], ("Blue", 100), ("Green", 0)),
            InProgress([.. BeforeTraffic[..5], ("BeforeAllowTraffic", "Pending")], ("Blue", 100), ("Green", 0)),
            new Step(DeploymentStatus.Failed, [], []) { Error = new ErrorInformation { Code = "TIMEOUT", Message = "never read" } },
        ]);

        var result = await harness.DriveAsync(token => harness.Deployment().WaitUntil(CodeDeployLifecycleEvent.AfterAllowTestTraffic).RunAsync(token));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        result.Reason.Should().Contain("reached AfterAllowTestTraffic");
        harness.CodeDeploy.Requests<GetDeploymentRequest>().Count(r => r.DeploymentId == FakeCodeDeploy.DeploymentId).Should().Be(3, "the wait ends at the check that saw the event succeed");
        result.CodeDeploy!.Status.Should().Be("InProgress");
    }

    [Test]
    public async Task Waiting_until_paused_ends_at_the_Ready_gate_with_the_deployment_to_continue_later()
    {
        using var harness = new CodeDeployHarness();
        harness.CodeDeploy.BlueGreen = new BlueGreenDeploymentConfiguration { DeploymentReadyOption = new DeploymentReadyOption { ActionOnTimeout = DeploymentReadyAction.StopDeployment, WaitTimeInMinutes = 30 } };
        harness.CodeDeploy.Steps.AddRange([
            Installing,
            new Step(DeploymentStatus.Ready, [.. BeforeTraffic[..3]], [("Blue", 100), ("Green", 0)]),
            new Step(DeploymentStatus.Succeeded, AllSucceeded, [("Green", 100)]),
        ]);

        var paused = await harness.DriveAsync(token => harness.Deployment().WaitUntilPaused().RunAsync(token));

        paused.Outcome.Should().Be(DeploymentOutcome.Paused, paused.Reason);
        paused.PausedHook!.HookId.Should().Be(FakeCodeDeploy.DeploymentId);
        harness.CodeDeploy.Writes.Should().Equal("CreateDeployment");

        var continued = await harness.DriveAsync(token => harness.ServiceDeployment().ContinueAsync(token));

        continued.Outcome.Should().Be(DeploymentOutcome.Succeeded, continued.Reason);
        harness.CodeDeploy.Writes.Should().Equal("CreateDeployment", "ContinueDeployment");
        harness.CodeDeploy.Requests<ContinueDeploymentRequest>().Single().DeploymentWaitType.Should().Be(DeploymentWaitType.ReadyWait);
        continued.DeploymentId.Should().Be(FakeCodeDeploy.DeploymentId);
    }

    [Test]
    public async Task Rolling_back_later_stops_the_deployment_in_flight_with_auto_rollback()
    {
        using var harness = new CodeDeployHarness();
        harness.CodeDeploy.BlueGreen = new BlueGreenDeploymentConfiguration { DeploymentReadyOption = new DeploymentReadyOption { ActionOnTimeout = DeploymentReadyAction.StopDeployment, WaitTimeInMinutes = 30 } };
        harness.CodeDeploy.Steps.AddRange([Installing, new Step(DeploymentStatus.Ready, [.. BeforeTraffic[..3]], [("Blue", 100), ("Green", 0)])]);
        await harness.DriveAsync(token => harness.Deployment().WaitUntilPaused().RunAsync(token));

        var result = await harness.DriveAsync(token => harness.ServiceDeployment().RollBackAsync(token));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        harness.CodeDeploy.Writes.Should().Equal("CreateDeployment", "StopDeployment");
        harness.CodeDeploy.Requests<StopDeploymentRequest>().Single().Should().Match<StopDeploymentRequest>(r => r.DeploymentId == FakeCodeDeploy.DeploymentId && r.AutoRollbackEnabled == true);
        result.Rollback!.DeploymentId.Should().Be(FakeCodeDeploy.OurRollbackId);
    }

    [Test]
    public async Task An_ambiguous_CreateDeployment_failure_finds_our_deployment_instead_of_creating_a_second()
    {
        using var harness = new CodeDeployHarness();
        harness.CodeDeploy.LoseFirstCreateAnswer = true;
        harness.CodeDeploy.Steps.AddRange([Installing, new Step(DeploymentStatus.Succeeded, AllSucceeded, [("Green", 100)])]);

        var result = await harness.DriveAsync(token => harness.Deployment().RunAsync(token));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        result.DeploymentId.Should().Be(FakeCodeDeploy.DeploymentId);
        harness.CodeDeploy.Writes.Should().Equal("CreateDeployment");
        harness.CodeDeploy.Calls.Select(c => c.Operation).Should().ContainInOrder("CreateDeployment", "ListDeployments", "BatchGetDeployments", "GetDeployment");
        harness.Events.OfType<WriteChecked>().Should().ContainSingle(e => e.Operation == "CreateDeployment").Which.Applied.Should().BeTrue();
    }

    [Test]
    public async Task Cancelling_the_wait_rolls_back_with_StopDeployment_when_asked()
    {
        using var harness = new CodeDeployHarness();
        using var cancellation = new CancellationTokenSource();
        harness.CodeDeploy.Steps.Add(Installing);
        harness.OnEvent = e =>
        {
            if (e is CodeDeployLifecycleEventStarted)
            {
                cancellation.Cancel();
            }
        };

        var result = await harness.DriveAsync(token => harness.Deployment().RollbackOnCancellation().RunAsync(token), cancellation.Token);

        result.Outcome.Should().Be(DeploymentOutcome.Cancelled);
        harness.CodeDeploy.Writes.Should().Equal("CreateDeployment", "StopDeployment");
        harness.CodeDeploy.Requests<StopDeploymentRequest>().Single().AutoRollbackEnabled.Should().BeTrue();
        result.Rollback!.Outcome.Should().Be(DeploymentOutcome.Succeeded, "the rollback is not cut off by the cancellation that asked for it: " + result.Rollback.Reason);
        harness.Events.OfType<RollbackFinished>().Should().ContainSingle();
    }

    [Test]
    public async Task A_timeout_with_rollback_on_timeout_stops_and_rolls_back()
    {
        using var harness = new CodeDeployHarness();
        harness.CodeDeploy.Steps.Add(Installing);

        var result = await harness.DriveAsync(token => harness.Deployment().WithTimeout(TimeSpan.FromMinutes(2)).RollbackOnTimeout().RunAsync(token));

        result.Outcome.Should().Be(DeploymentOutcome.TimedOut);
        result.Reason.Should().Contain("had not finished within 2m");
        harness.CodeDeploy.Writes.Should().Equal("CreateDeployment", "StopDeployment");
        result.Rollback!.Outcome.Should().Be(DeploymentOutcome.Succeeded);
    }

    [Test]
    public async Task Lifecycle_events_that_cannot_be_read_are_one_warning_and_never_the_verdict()
    {
        using var harness = new CodeDeployHarness();
        harness.CodeDeploy.DenyTargets = true;
        harness.CodeDeploy.Steps.AddRange([Installing, Installing, new Step(DeploymentStatus.Succeeded, AllSucceeded, [("Green", 100)])]);

        var result = await harness.DriveAsync(token => harness.Deployment().RunAsync(token));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        result.Warnings.Should().ContainSingle(w => w.StartsWith("The lifecycle events and task sets of CodeDeploy deployment d-OURS could not be read", StringComparison.Ordinal));
        harness.Events.OfType<CodeDeployLifecycleEventEnded>().Should().BeEmpty();
    }

    [Test]
    public async Task A_rollback_CodeDeploy_refuses_is_reported_as_a_rollback_that_could_not_be_made()
    {
        using var harness = new CodeDeployHarness();
        harness.CodeDeploy.RefuseStop = true;
        harness.CodeDeploy.Steps.Add(Installing);

        var result = await harness.DriveAsync(token => harness.Deployment().WithTimeout(TimeSpan.FromMinutes(1)).RollbackOnTimeout().RunAsync(token));

        result.Outcome.Should().Be(DeploymentOutcome.TimedOut);
        result.Rollback!.Outcome.Should().Be(DeploymentOutcome.Failed);
        result.Rollback.Reason.Should().StartWith("The rollback could not be made: CodeDeploy did not accept StopDeployment for d-OURS").And.Contain("DeploymentAlreadyCompletedException");
        harness.CodeDeploy.Writes.Should().Equal("CreateDeployment", "StopDeployment");
    }

    [Test]
    public async Task A_rollback_by_CodeDeploy_that_fails_is_reported_as_its_failed_rollback()
    {
        using var harness = new CodeDeployHarness();
        harness.CodeDeploy.RollbackEnds = DeploymentStatus.Failed;
        harness.CodeDeploy.Steps.AddRange([
            Installing,
            new Step(DeploymentStatus.Failed, [("BeforeInstall", "Succeeded"), ("Install", "Failed")], [("Blue", 100)])
            {
                Error = new ErrorInformation { Code = "ECS_UPDATE_ERROR", Message = "The task set could not be created." },
                CodeDeployRollbackId = "d-CDROLLBACK",
            },
        ]);

        var result = await harness.DriveAsync(token => harness.Deployment().RunAsync(token));

        result.Outcome.Should().Be(DeploymentOutcome.Failed);
        result.RolledBackByEcs.Should().BeTrue();
        result.EcsRollback!.Outcome.Should().Be(DeploymentOutcome.Failed, "the command's 22: the service needs attention");
        result.EcsRollback.Reason.Should().Be("Rollback deployment d-CDROLLBACK Failed.");
        result.Reason.Should().Contain("ECS_UPDATE_ERROR: The task set could not be created.");
    }
}
