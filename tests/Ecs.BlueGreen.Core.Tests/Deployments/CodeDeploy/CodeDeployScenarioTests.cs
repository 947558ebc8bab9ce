using System.Text.Json.Nodes;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Testing.Scenarios;

namespace Ecs.BlueGreen.Tests.Deployments.CodeDeploy;

/// <summary>
/// A CODE_DEPLOY service deployed through CodeDeploy with both sides served by the emulator
/// (<see cref="CodeDeployScenarioHarness"/>): what the library sends, what CodeDeploy did with it and where the
/// service ends.
/// </summary>
public class CodeDeployScenarioTests
{
    /// <summary>A YAML AppSpec with a hook for each event after the install; its TaskDefinition is replaced by the new revision.</summary>
    private const string YamlWithHooks = """
        version: 0.0
        Resources:
          - TargetService:
              Type: AWS::ECS::Service
              Properties:
                TaskDefinition: "to be replaced"
                LoadBalancerInfo:
                  ContainerName: "app"
                  ContainerPort: 80
        Hooks:
          - AfterInstall: "CheckAfterInstall"
          - AfterAllowTestTraffic: "SmokeTestFunction"
        """;

    private const string JsonWithPlaceholder = """
        {"version": 0.0,
         "Resources": [{"TargetService": {"Type": "AWS::ECS::Service", "Properties": {
           "TaskDefinition": "<TASK_DEFINITION>",
           "LoadBalancerInfo": {"ContainerName": "app", "ContainerPort": 80}}}}],
         "Hooks": [{"BeforeAllowTraffic": "CheckBeforeAllowTraffic"}]}
        """;

    private static JsonObject NoTerminationWait() => CodeDeployScenarioHarness.BlueGreen(terminationWaitMinutes: 0);

    private static JsonNode AppSpecSent(CodeDeployScenarioHarness harness) =>
        JsonNode.Parse((string)harness.Requests("CreateDeployment").Single()["revision"]!["appSpecContent"]!["content"]!)!;

    [Test]
    public async Task An_all_at_once_deployment_succeeds_and_leaves_the_service_on_the_new_revisions_task_set()
    {
        using var harness = new CodeDeployScenarioHarness(group: NoTerminationWait());

        var result = await harness.RunAsync(harness.Deployment());

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        result.TaskDefinitionArn.Should().Be(CodeDeployScenarioHarness.Web2);
        result.ServiceTaskDefinitionArn.Should().Be(CodeDeployScenarioHarness.Web2);
        harness.Engine.Writes.Should().Equal(["RegisterTaskDefinition"], "a CODE_DEPLOY service is not updated: CodeDeploy deploys the revision");
        harness.CodeDeployWrites.Should().Equal("CreateDeployment");
        var codeDeploy = result.CodeDeploy!;
        (codeDeploy.ApplicationName, codeDeploy.DeploymentGroupName, codeDeploy.DeploymentConfigName).Should().Be((CodeDeployScenarioHarness.Application, CodeDeployScenarioHarness.Group, "CodeDeployDefault.ECSAllAtOnce"));
        codeDeploy.DeploymentId.Should().Be(result.DeploymentId);
        codeDeploy.Status.Should().Be("Succeeded");
        codeDeploy.TrafficShifted.Should().BeTrue();
        codeDeploy.OriginalTaskSetKept.Should().BeFalse();
        codeDeploy.LastSucceededLifecycleEvent.Should().Be(CodeDeployLifecycleEvent.AfterAllowTraffic);
        codeDeploy.ErrorCode.Should().BeNull();
        harness.Status(result.DeploymentId!).Should().Be("Succeeded");
        (await harness.TaskSetsAsync()).Should().Equal([(CodeDeployScenarioHarness.Web2, "PRIMARY")], "the original task set was removed after the termination wait");
        harness.Events.OfType<CodeDeployLifecycleEventEnded>().Select(e => e.Event.Value).Should().Contain(["Install", "AllowTestTraffic", "AllowTraffic", "AfterAllowTraffic"]);
    }

    [Test]
    public async Task By_default_the_run_succeeds_once_traffic_shifted_and_keeps_the_original_task_set_for_the_termination_wait()
    {
        using var harness = new CodeDeployScenarioHarness();

        var result = await harness.RunAsync(harness.Deployment());

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        result.CodeDeploy!.OriginalTaskSetKept.Should().BeTrue();
        result.CodeDeploy.TrafficShifted.Should().BeTrue();
        result.CodeDeploy.TerminationWaitMinutes.Should().Be(1);
        result.CodeDeploy.Status.Should().Be("InProgress", "CodeDeploy is still in its termination wait");
        harness.CodeDeployWrites.Should().Equal("CreateDeployment");
        (await harness.TaskSetsAsync()).Select(t => t.TaskDefinition).Should().BeEquivalentTo([CodeDeployScenarioHarness.Web1, CodeDeployScenarioHarness.Web2], "the blue task set is kept");
        result.ServiceTaskDefinitionArn.Should().Be(CodeDeployScenarioHarness.Web2);
    }

    [Test]
    public async Task Skipping_the_termination_wait_continues_it_and_the_blue_task_set_is_removed()
    {
        using var harness = new CodeDeployScenarioHarness(group: CodeDeployScenarioHarness.BlueGreen(terminationWaitMinutes: 60));

        var result = await harness.RunAsync(harness.Deployment().SkipTerminationWait());

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        harness.CodeDeployWrites.Should().Equal("CreateDeployment", "ContinueDeployment");
        ((string)harness.Requests("ContinueDeployment").Single()["deploymentWaitType"]!).Should().Be("TERMINATION_WAIT");
        result.CodeDeploy!.TerminationWaitSkipped.Should().BeTrue();
        result.CodeDeploy.OriginalTaskSetKept.Should().BeFalse();
        result.CodeDeploy.Status.Should().Be("Succeeded");
        var taskSets = await harness.TaskSetsAsync();
        taskSets.Should().Contain((CodeDeployScenarioHarness.Web2, "PRIMARY"));
        taskSets.Where(t => t.TaskDefinition == CodeDeployScenarioHarness.Web1).Select(t => t.Status).Should().NotContain("ACTIVE", "the blue task set is being removed (DRAINING) or gone");
        (result.EndTime - result.StartTime).Should().BeLessThan(TimeSpan.FromMinutes(60), "the 60-minute termination wait was not waited out");
    }

    [Test]
    public async Task A_canary_deployment_reports_ten_percent_then_all_of_the_production_traffic_on_the_new_task_set()
    {
        using var harness = new CodeDeployScenarioHarness(group: NoTerminationWait());

        var result = await harness.RunAsync(harness.Deployment().WithCodeDeployConfig(CodeDeployScenarioHarness.Canary));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        ((string)harness.Requests("CreateDeployment").Single()["deploymentConfigName"]!).Should().Be(CodeDeployScenarioHarness.Canary);
        var weights = harness.Events.OfType<CodeDeployTrafficShifted>()
            .Select(e => (Blue: e.TaskSets.FirstOrDefault(t => t.Label == "Blue")?.TrafficWeight, Green: e.TaskSets.FirstOrDefault(t => t.Label == "Green")?.TrafficWeight))
            .Where(w => w.Green is > 0).ToList();
        weights.Should().StartWith((90.0, 10.0));
        weights.Should().Contain(w => w.Green == 100.0 && (w.Blue ?? 0) == 0);
        weights.IndexOf((90.0, 10.0)).Should().BeLessThan(weights.FindIndex(w => w.Green == 100.0));
        harness.Events.OfType<CodeDeployDeploymentCreated>().Single().BudgetExplained.Should().Contain("the canary interval of 1 min");
        result.CodeDeploy!.DeploymentConfigName.Should().Be(CodeDeployScenarioHarness.Canary);
    }

    [Test]
    public async Task A_failed_AfterAllowTestTraffic_hook_is_rolled_back_by_CodeDeploy_and_the_service_is_back_on_the_original()
    {
        using var harness = new CodeDeployScenarioHarness(hooks: new Dictionary<string, CodeDeployHook> { ["AfterAllowTestTraffic"] = new() { Outcome = CodeDeployHookOutcome.Fail, Seconds = 5 } });

        var result = await harness.RunAsync(harness.Deployment().WithAppSpecContent(YamlWithHooks));

        result.Outcome.Should().Be(DeploymentOutcome.Failed, result.Reason);
        result.RolledBackByEcs.Should().BeTrue("CodeDeploy's own rollback is reported as ECS's own would be (the command's exit 21)");
        result.EcsRollback!.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.EcsRollback.Reason);
        result.EcsRollback.TaskDefinitionArn.Should().Be(CodeDeployScenarioHarness.Web1);
        result.Rollback.Should().BeNull("CodeDeploy rolled back; ours is not made on top");
        result.Reason.Should().Contain("HOOK_EXECUTION_FAILURE").And.Contain("AfterAllowTestTraffic");
        result.CodeDeploy!.ErrorCode.Should().Be("HOOK_EXECUTION_FAILURE");
        result.CodeDeploy.RollbackDeploymentId.Should().NotBeNull().And.Be(result.EcsRollback.DeploymentId);
        harness.CodeDeployWrites.Should().Equal("CreateDeployment");
        result.ServiceTaskDefinitionArn.Should().Be(CodeDeployScenarioHarness.Web1);
        (await harness.Engine.ServiceAsync()).TaskDefinition.Should().Be(CodeDeployScenarioHarness.Web1);
        (await harness.TaskSetsAsync()).Should().Equal([(CodeDeployScenarioHarness.Web1, "PRIMARY")]);
    }

    [Test]
    public async Task At_Ready_a_passing_smoke_test_continues_the_deployment_with_READY_WAIT()
    {
        using var harness = new CodeDeployScenarioHarness(group: CodeDeployScenarioHarness.WaitAtReady());
        SmokeTestContext? seen = null;

        var result = await harness.RunAsync(harness.Deployment().WithSmokeTest((context, _) =>
        {
            seen = context;
            return Task.FromResult(true);
        }));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        harness.CodeDeployWrites.Should().Equal("CreateDeployment", "ContinueDeployment");
        var continued = harness.Requests("ContinueDeployment").Single();
        ((string)continued["deploymentId"]!, (string)continued["deploymentWaitType"]!).Should().Be((result.DeploymentId!, "READY_WAIT"));
        seen!.Hook.HookId.Should().Be(result.DeploymentId);
        seen.Environment["ECS_BLUEGREEN_TEST_LISTENER_RULE"].Should().Be(CodeDeployScenarioHarness.TestListener);
        harness.Events.OfType<CodeDeployReadyWaitReached>().Should().ContainSingle().Which.AnsweredHere.Should().BeTrue();
        result.ServiceTaskDefinitionArn.Should().Be(CodeDeployScenarioHarness.Web2);
    }

    [Test]
    public async Task At_Ready_a_failing_smoke_test_stops_the_deployment_with_auto_rollback_and_the_service_is_back_on_the_original()
    {
        using var harness = new CodeDeployScenarioHarness(group: CodeDeployScenarioHarness.WaitAtReady());

        var result = await harness.RunAsync(harness.Deployment().WithSmokeTest((_, _) => Task.FromResult(false)));

        result.Outcome.Should().Be(DeploymentOutcome.Failed, result.Reason);
        result.Reason.Should().Contain("the smoke test returned false");
        harness.CodeDeployWrites.Should().Equal("CreateDeployment", "StopDeployment");
        var stop = harness.Requests("StopDeployment").Single();
        ((string)stop["deploymentId"]!, (bool)stop["autoRollbackEnabled"]!).Should().Be((result.DeploymentId!, true));
        result.Rollback!.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Rollback.Reason);
        result.Rollback.DeploymentId.Should().NotBeNull().And.NotBe(result.DeploymentId);
        result.RolledBackByEcs.Should().BeFalse("the rollback was ours");
        harness.Status(result.DeploymentId!).Should().Be("Stopped");
        result.ServiceTaskDefinitionArn.Should().Be(CodeDeployScenarioHarness.Web1);
        (await harness.TaskSetsAsync()).Should().Equal([(CodeDeployScenarioHarness.Web1, "PRIMARY")]);
    }

    [Test]
    public async Task Waiting_until_AfterAllowTestTraffic_succeeds_while_the_CodeDeploy_deployment_is_still_in_progress()
    {
        using var harness = new CodeDeployScenarioHarness(group: NoTerminationWait(), hooks: new Dictionary<string, CodeDeployHook> { ["BeforeAllowTraffic"] = new() { Seconds = 600 } });

        var result = await harness.RunAsync(harness.Deployment().WithAppSpecContent(JsonWithPlaceholder).WaitUntil(CodeDeployLifecycleEvent.AfterAllowTestTraffic));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        result.Reason.Should().Contain("reached AfterAllowTestTraffic");
        harness.Status(result.DeploymentId!).Should().Be("InProgress", "the BeforeAllowTraffic hook still runs");
        result.CodeDeploy!.Status.Should().Be("InProgress");
        result.CodeDeploy.TrafficShifted.Should().BeFalse();
        result.ServiceTaskDefinitionArn.Should().Be(CodeDeployScenarioHarness.Web1, "production traffic has not moved yet");
        harness.CodeDeployWrites.Should().Equal("CreateDeployment");
    }

    [Test]
    public async Task Waiting_until_AfterAllowTestTraffic_in_a_group_that_waits_at_Ready_ends_at_the_event_not_at_the_Ready_waits_end()
    {
        using var harness = new CodeDeployScenarioHarness(group: CodeDeployScenarioHarness.WaitAtReady());

        var result = await harness.RunAsync(harness.Deployment().WaitUntil(CodeDeployLifecycleEvent.AfterAllowTestTraffic));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        result.Reason.Should().Contain("reached AfterAllowTestTraffic");
        var status = harness.Status(result.DeploymentId!);
        status.Should().Be("Ready", "the deployment waits at Ready without the run");
        (result.EndTime - result.StartTime).Should().BeLessThan(TimeSpan.FromMinutes(30), "the group's 30-minute Ready wait was not waited out");
        result.CodeDeploy!.LastSucceededLifecycleEvent!.Value.Order.Should().BeGreaterThanOrEqualTo(CodeDeployLifecycleEvent.AfterAllowTestTraffic.Order);
        harness.CodeDeployWrites.Should().Equal("CreateDeployment");
    }

    [Test]
    public async Task An_AppSpec_given_as_YAML_with_hooks_reaches_CodeDeploy_with_the_new_revision_and_its_hooks()
    {
        using var harness = new CodeDeployScenarioHarness(group: NoTerminationWait());

        var result = await harness.RunAsync(harness.Deployment().WithAppSpecContent(YamlWithHooks));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        var sent = AppSpecSent(harness);
        ((string)sent["Resources"]![0]!["TargetService"]!["Properties"]!["TaskDefinition"]!).Should().Be(CodeDeployScenarioHarness.Web2);
        sent["Hooks"]!.AsArray().Select(h => h!.AsObject().Single().Key).Should().Equal("AfterInstall", "AfterAllowTestTraffic");
        var hooks = harness.Deployed(result.DeploymentId!)["hookExecutions"]!.AsArray();
        hooks.Select(h => (string)h!["lifecycleEventName"]!).Should().BeEquivalentTo(["AfterInstall", "AfterAllowTestTraffic"], "CodeDeploy ran the AppSpec's hooks");
    }

    [Test]
    public async Task An_AppSpec_given_as_JSON_has_its_TASK_DEFINITION_placeholder_replaced_by_the_new_revision()
    {
        using var harness = new CodeDeployScenarioHarness(group: NoTerminationWait());

        var result = await harness.RunAsync(harness.Deployment().WithAppSpecContent(JsonWithPlaceholder));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        var sent = AppSpecSent(harness);
        ((string)sent["Resources"]![0]!["TargetService"]!["Properties"]!["TaskDefinition"]!).Should().Be(CodeDeployScenarioHarness.Web2);
        sent.ToJsonString().Should().NotContain("<TASK_DEFINITION>");
        ((string)harness.Deployed(result.DeploymentId!)["hookExecutions"]![0]!["lifecycleEventName"]!).Should().Be("BeforeAllowTraffic");
        (await harness.TaskSetsAsync()).Should().Equal([(CodeDeployScenarioHarness.Web2, "PRIMARY")]);
    }

    [Test]
    public async Task The_generated_AppSpec_of_an_awsvpc_Fargate_service_carries_its_network_configuration_and_platform_version()
    {
        var service = new JsonObject
        {
            ["platformVersion"] = "1.4.0",
            ["networkConfiguration"] = new JsonObject
            {
                ["awsvpcConfiguration"] = new JsonObject { ["subnets"] = new JsonArray("subnet-1", "subnet-2"), ["securityGroups"] = new JsonArray("sg-1"), ["assignPublicIp"] = "DISABLED" },
            },
        };
        using var harness = new CodeDeployScenarioHarness(group: NoTerminationWait(), service: service);

        var result = await harness.RunAsync(harness.Deployment());

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        var properties = AppSpecSent(harness)["Resources"]![0]!["TargetService"]!["Properties"]!;
        ((string)properties["TaskDefinition"]!).Should().Be(CodeDeployScenarioHarness.Web2);
        ((string)properties["PlatformVersion"]!).Should().Be("1.4.0");
        var vpc = properties["NetworkConfiguration"]!["AwsvpcConfiguration"]!;
        vpc["Subnets"]!.AsArray().Select(s => (string)s!).Should().Equal("subnet-1", "subnet-2");
        vpc["SecurityGroups"]!.AsArray().Select(s => (string)s!).Should().Equal("sg-1");
        ((string)vpc["AssignPublicIp"]!).Should().Be("DISABLED");
        ((string)properties["LoadBalancerInfo"]!["ContainerName"]!, (int)properties["LoadBalancerInfo"]!["ContainerPort"]!).Should().Be(("app", 80));
    }

    [Test]
    public async Task An_ambiguous_CreateDeployment_failure_does_not_create_a_second_deployment_and_the_run_succeeds()
    {
        var faults = new FaultSettings { Rules = [new FaultRule { Operation = "CreateDeployment", Kind = FaultKind.DropConnection, Applied = true, Count = 1 }] };
        using var harness = new CodeDeployScenarioHarness(group: NoTerminationWait(), faults: faults);

        var result = await harness.RunAsync(harness.Deployment());

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        harness.DeploymentIds().Should().Equal([result.DeploymentId!], "the one deployment the lost answer created is ours");
        harness.Emulator.Calls.Count(c => c.Operation == "CreateDeployment").Should().Be(1);
        harness.Events.OfType<WriteChecked>().Should().ContainSingle(e => e.Operation == "CreateDeployment").Which.Applied.Should().BeTrue();
        result.ServiceTaskDefinitionArn.Should().Be(CodeDeployScenarioHarness.Web2);
    }

    [Test]
    public async Task Cancelling_mid_deployment_with_rollback_on_cancellation_stops_it_and_the_service_is_back_on_the_original()
    {
        using var harness = new CodeDeployScenarioHarness(hooks: new Dictionary<string, CodeDeployHook> { ["AfterInstall"] = new() { Seconds = 600 } });
        using var cancellation = new CancellationTokenSource();
        harness.OnEvent = e =>
        {
            if (e is CodeDeployLifecycleEventStarted { Event.Value: "AfterInstall" } or CodeDeployLifecycleEventEnded { Event.Value: "Install" })
            {
                cancellation.Cancel();
            }
        };

        var result = await harness.RunAsync(harness.Deployment().WithAppSpecContent(YamlWithHooks).RollbackOnCancellation(), cancellation.Token);

        result.Outcome.Should().Be(DeploymentOutcome.Cancelled, result.Reason);
        harness.CodeDeployWrites.Should().Equal("CreateDeployment", "StopDeployment");
        ((bool)harness.Requests("StopDeployment").Single()["autoRollbackEnabled"]!).Should().BeTrue();
        result.Rollback!.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Rollback.Reason);
        harness.Status(result.DeploymentId!).Should().Be("Stopped");
        (await harness.Engine.ServiceAsync()).TaskDefinition.Should().Be(CodeDeployScenarioHarness.Web1);
        (await harness.TaskSetsAsync()).Should().Equal([(CodeDeployScenarioHarness.Web1, "PRIMARY")]);
    }

    [Test]
    public async Task A_deployment_paused_at_Ready_is_continued_later_by_the_service_deployment()
    {
        using var harness = new CodeDeployScenarioHarness(group: CodeDeployScenarioHarness.WaitAtReady());
        var paused = await harness.RunAsync(harness.Deployment().WaitUntilPaused());
        paused.Outcome.Should().Be(DeploymentOutcome.Paused, paused.Reason);
        paused.PausedHook!.HookId.Should().Be(paused.DeploymentId);
        harness.Status(paused.DeploymentId!).Should().Be("Ready");

        var continued = await harness.DriveAsync(token => harness.ServiceDeployment().ContinueAsync(token));

        continued.Outcome.Should().Be(DeploymentOutcome.Succeeded, continued.Reason);
        continued.DeploymentId.Should().Be(paused.DeploymentId);
        harness.CodeDeployWrites.Should().Equal("CreateDeployment", "ContinueDeployment");
        ((string)harness.Requests("ContinueDeployment").Single()["deploymentWaitType"]!).Should().Be("READY_WAIT");
        (await harness.Engine.ServiceAsync()).TaskDefinition.Should().Be(CodeDeployScenarioHarness.Web2);
    }

    [Test]
    public async Task A_deployment_in_flight_is_rolled_back_later_by_the_service_deployment()
    {
        using var harness = new CodeDeployScenarioHarness(group: CodeDeployScenarioHarness.WaitAtReady());
        var paused = await harness.RunAsync(harness.Deployment().WaitUntilPaused());
        paused.Outcome.Should().Be(DeploymentOutcome.Paused, paused.Reason);

        var result = await harness.DriveAsync(token => harness.ServiceDeployment().RollBackAsync(token));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        harness.CodeDeployWrites.Should().Equal("CreateDeployment", "StopDeployment");
        var stop = harness.Requests("StopDeployment").Single();
        ((string)stop["deploymentId"]!, (bool)stop["autoRollbackEnabled"]!).Should().Be((paused.DeploymentId!, true));
        result.Rollback!.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Rollback.Reason);
        harness.Status(paused.DeploymentId!).Should().Be("Stopped");
        (await harness.TaskSetsAsync()).Should().Equal([(CodeDeployScenarioHarness.Web1, "PRIMARY")]);
    }

    [Test]
    public async Task Throttled_status_and_target_reads_for_a_while_keep_the_verdict()
    {
        var faults = new FaultSettings
        {
            Rules =
            [
                new FaultRule { Operation = "GetDeployment", Kind = FaultKind.Throttle, FromSecond = 1, UntilSecond = 20 },
                new FaultRule { Operation = "BatchGetDeploymentTargets", Kind = FaultKind.Throttle, FromSecond = 0, UntilSecond = 45 },
            ],
        };
        using var harness = new CodeDeployScenarioHarness(group: NoTerminationWait(), faults: faults, hooks: new Dictionary<string, CodeDeployHook> { ["AfterInstall"] = new() { Seconds = 60 } });

        var result = await harness.RunAsync(harness.Deployment().WithAppSpecContent(YamlWithHooks));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        var calls = harness.Emulator.Calls.Where(c => c.Service == "codedeploy").Select(c => $"{c.Operation} {c.ErrorType}".TrimEnd()).ToList();
        calls.Should().Contain(["GetDeployment ThrottlingException", "BatchGetDeploymentTargets ThrottlingException"], "the faults were hit");
        harness.CodeDeployWrites.Should().Equal("CreateDeployment");
        harness.DeploymentIds().Should().ContainSingle();
        result.ServiceTaskDefinitionArn.Should().Be(CodeDeployScenarioHarness.Web2);
    }

    [Test]
    public async Task A_CreateDeployment_that_failed_without_effect_is_sent_again_and_makes_one_deployment()
    {
        var faults = new FaultSettings { Rules = [new FaultRule { Operation = "CreateDeployment", Kind = FaultKind.ServerError, Applied = false, Count = 1 }] };
        using var harness = new CodeDeployScenarioHarness(group: NoTerminationWait(), faults: faults);

        var result = await harness.RunAsync(harness.Deployment());

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        harness.Emulator.Calls.Count(c => c.Operation == "CreateDeployment").Should().Be(2, "the first had no effect, so it is sent again");
        harness.DeploymentIds().Should().Equal([result.DeploymentId!]);
        result.ServiceTaskDefinitionArn.Should().Be(CodeDeployScenarioHarness.Web2);
    }

    [Test]
    public async Task A_lost_answer_to_ContinueDeployment_at_Ready_is_not_sent_again_once_the_deployment_left_Ready()
    {
        var faults = new FaultSettings { Rules = [new FaultRule { Operation = "ContinueDeployment", Kind = FaultKind.DropConnection, Applied = true, Count = 1 }] };
        using var harness = new CodeDeployScenarioHarness(group: CodeDeployScenarioHarness.WaitAtReady(), faults: faults);

        var result = await harness.RunAsync(harness.Deployment().WithSmokeTest((_, _) => Task.FromResult(true)));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        harness.CodeDeployWrites.Should().Equal("CreateDeployment", "ContinueDeployment");
        harness.Events.OfType<WriteChecked>().Should().ContainSingle(e => e.Operation == "ContinueDeployment").Which.Applied.Should().BeTrue();
        result.ServiceTaskDefinitionArn.Should().Be(CodeDeployScenarioHarness.Web2);
    }

    [Test]
    public async Task A_lost_answer_to_StopDeployment_is_not_sent_again_and_the_rollback_is_followed()
    {
        var faults = new FaultSettings { Rules = [new FaultRule { Operation = "StopDeployment", Kind = FaultKind.DropConnection, Applied = true, Count = 1 }] };
        using var harness = new CodeDeployScenarioHarness(group: CodeDeployScenarioHarness.WaitAtReady(), faults: faults);

        var result = await harness.RunAsync(harness.Deployment().WithSmokeTest((_, _) => Task.FromResult(false)));

        result.Outcome.Should().Be(DeploymentOutcome.Failed, result.Reason);
        harness.CodeDeployWrites.Should().Equal("CreateDeployment", "StopDeployment");
        result.Rollback!.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Rollback.Reason);
        (await harness.TaskSetsAsync()).Should().Equal([(CodeDeployScenarioHarness.Web1, "PRIMARY")]);
    }

    [Test]
    public async Task A_replacement_task_set_whose_tasks_crash_fails_the_install_and_CodeDeploy_rolls_it_back()
    {
        var images = new Dictionary<string, ImageBehaviour> { ["repo/web:2"] = new() { CrashAfterSeconds = 2 } };
        using var harness = new CodeDeployScenarioHarness(images: images);

        var result = await harness.RunAsync(harness.Deployment());

        result.Outcome.Should().Be(DeploymentOutcome.Failed, result.Reason);
        result.CodeDeploy!.ErrorCode.Should().Be("ECS_UPDATE_ERROR");
        result.Reason.Should().Contain("Install failed");
        result.RolledBackByEcs.Should().BeTrue();
        result.EcsRollback!.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.EcsRollback.Reason);
        harness.CodeDeployWrites.Should().Equal("CreateDeployment");
        (await harness.TaskSetsAsync()).Should().Equal([(CodeDeployScenarioHarness.Web1, "PRIMARY")]);
    }

    [Test]
    public async Task A_deployment_that_outlasts_the_timeout_is_stopped_and_rolled_back_when_asked()
    {
        using var harness = new CodeDeployScenarioHarness(hooks: new Dictionary<string, CodeDeployHook> { ["AfterAllowTestTraffic"] = new() { Outcome = CodeDeployHookOutcome.TimeOut } });

        var result = await harness.RunAsync(harness.Deployment().WithAppSpecContent(YamlWithHooks).WithTimeout(TimeSpan.FromMinutes(3)).RollbackOnTimeout());

        result.Outcome.Should().Be(DeploymentOutcome.TimedOut, result.Reason);
        result.Reason.Should().Contain("had not finished within 3m");
        harness.CodeDeployWrites.Should().Equal("CreateDeployment", "StopDeployment");
        result.Rollback!.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Rollback.Reason);
        harness.Status(result.DeploymentId!).Should().Be("Stopped");
        (await harness.TaskSetsAsync()).Should().Equal([(CodeDeployScenarioHarness.Web1, "PRIMARY")]);
    }

    [Test]
    public async Task A_canary_deployment_left_in_progress_is_rolled_back_later_by_the_service_deployment()
    {
        using var harness = new CodeDeployScenarioHarness(hooks: new Dictionary<string, CodeDeployHook> { ["BeforeAllowTraffic"] = new() { Seconds = 600 } });
        var started = await harness.RunAsync(harness.Deployment().WithAppSpecContent(JsonWithPlaceholder).WithCodeDeployConfig(CodeDeployScenarioHarness.Canary)
            .WaitUntil(CodeDeployLifecycleEvent.AfterAllowTestTraffic));
        started.Outcome.Should().Be(DeploymentOutcome.Succeeded, started.Reason);
        harness.Status(started.DeploymentId!).Should().Be("InProgress");

        var result = await harness.DriveAsync(token => harness.ServiceDeployment().RollBackAsync(token));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        harness.CodeDeployWrites.Should().Equal("CreateDeployment", "StopDeployment");
        ((string)harness.Requests("StopDeployment").Single()["deploymentId"]!).Should().Be(started.DeploymentId);
        result.Rollback!.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Rollback.Reason);
        harness.Status(started.DeploymentId!).Should().Be("Stopped");
        (await harness.TaskSetsAsync()).Should().Equal([(CodeDeployScenarioHarness.Web1, "PRIMARY")]);
    }
}
