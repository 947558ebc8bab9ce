using System.Net;
using System.Text.Json.Nodes;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.CodeDeploy;
using Ecs.BlueGreen.CodeDeploy.Model;
using Ecs.BlueGreen.Testing.Hosting;
using Ecs.BlueGreen.Testing.Scenarios;
using static Ecs.BlueGreen.Testing.Tests.CodeDeployRig;
using UpdateServiceRequest = Ecs.BlueGreen.Ecs.Model.UpdateServiceRequest;

namespace Ecs.BlueGreen.Testing.Tests;

/// <summary>The emulator's CodeDeploy: blue/green deployments of a CODE_DEPLOY service through the library's CodeDeployClient.</summary>
public class CodeDeployTests
{
    private static readonly string[] EventOrder =
        ["BeforeInstall", "Install", "AfterInstall", "AllowTestTraffic", "AfterAllowTestTraffic", "BeforeAllowTraffic", "AllowTraffic", "AfterAllowTraffic"];

    private static async Task<AwsServiceException> FailsAsync(Func<Task> call) => (await call.Should().ThrowAsync<AwsServiceException>()).Which;

    [Test]
    public async Task A_CODE_DEPLOY_service_starts_with_one_PRIMARY_task_set()
    {
        using var rig = new CodeDeployRig();
        var service = await rig.ServiceAsync();
        service["deploymentController"]!["type"]!.GetValue<string>().Should().Be("CODE_DEPLOY");
        service["deployments"]!.AsArray().Should().BeEmpty();
        var set = service["taskSets"]!.AsArray().Should().ContainSingle().Subject!.AsObject();
        set["status"]!.GetValue<string>().Should().Be("PRIMARY");
        set["id"]!.GetValue<string>().Should().MatchRegex("^ecs-svc/[0-9]{19}$");
        set["taskSetArn"]!.GetValue<string>().Should().Be($"arn:aws:ecs:us-east-1:123456789012:task-set/prod/web/{set["id"]}");
        set["taskDefinition"]!.GetValue<string>().Should().EndWith("web:1");
        set["computedDesiredCount"]!.GetValue<int>().Should().Be(2);
        set["runningCount"]!.GetValue<int>().Should().Be(2);
        set["stabilityStatus"]!.GetValue<string>().Should().Be("STEADY_STATE");
        set["scale"]!.ToJsonString().Should().Be("""{"value":100,"unit":"PERCENT"}""");
        set["loadBalancers"]![0]!["targetGroupArn"]!.GetValue<string>().Should().Be(BlueGroup);
        set["launchType"]!.GetValue<string>().Should().Be("FARGATE");
        set.ContainsKey("externalId").Should().BeFalse();
    }

    [Test]
    public async Task An_AllAtOnce_deployment_runs_the_lifecycle_events_in_order_and_replaces_the_task_set()
    {
        using var rig = new CodeDeployRig();
        var id = await rig.DeployAsync(description: "release 2 run-token-42");
        id.Should().MatchRegex("^d-[A-Z0-9]{9}$");
        var created = await rig.DeploymentAsync(id);
        created.Status.Should().Be(DeploymentStatus.Created);
        created.Creator.Should().Be(DeploymentCreator.User);
        created.Description.Should().Be("release 2 run-token-42");
        created.Revision!.AppSpecContent!.Content.Should().BeNull("GetDeployment answers the AppSpec content as null");
        created.DeploymentConfigName.Should().Be("CodeDeployDefault.ECSAllAtOnce");

        rig.Advance();
        (await rig.DeploymentAsync(id)).Status.Should().Be(DeploymentStatus.InProgress);

        // Until the termination wait begins: green takes production, the blue task set still exists.
        for (var i = 0; i < 600 && (await rig.DeploymentAsync(id)).InstanceTerminationWaitTimeStarted != true; i++)
        {
            rig.Advance();
        }

        var waiting = await rig.DeploymentAsync(id);
        waiting.InstanceTerminationWaitTimeStarted.Should().BeTrue();
        waiting.Status.Should().Be(DeploymentStatus.InProgress, "the deployment finishes when the original task set is gone");
        var target = await rig.TargetAsync(id);
        target.LifecycleEvents.Select(e => e.LifecycleEventName).Should().Equal(EventOrder);
        target.LifecycleEvents.Should().OnlyContain(e => e.Status == LifecycleEventStatus.Succeeded);
        for (var i = 1; i < target.LifecycleEvents.Count; i++)
        {
            target.LifecycleEvents[i].StartTime.Should().BeOnOrAfter(target.LifecycleEvents[i - 1].EndTime!.Value);
        }

        var install = target.LifecycleEvents[1];
        (install.EndTime - install.StartTime).Should().BeGreaterThan(TimeSpan.FromSeconds(40), "Install waits for the replacement tasks to become healthy");
        target.TaskSetsInfo.Should().HaveCount(2);
        var blue = target.TaskSetsInfo.Single(t => t.TaskSetLabel == TargetLabel.Blue);
        var green = target.TaskSetsInfo.Single(t => t.TaskSetLabel == TargetLabel.Green);
        (blue.TrafficWeight, green.TrafficWeight).Should().Be((0d, 100d));
        (blue.Status, green.Status).Should().Be(("ACTIVE", "PRIMARY"));
        (blue.TargetGroup!.Name, green.TargetGroup!.Name).Should().Be(("blue", "green"));
        green.RunningCount.Should().Be(2);
        green.Identifer.Should().MatchRegex("^ecs-svc/");

        var during = await rig.ServiceAsync();
        during["taskDefinition"]!.GetValue<string>().Should().Be(Web2, "the service's task definition is the PRIMARY task set's");
        var sets = during["taskSets"]!.AsArray();
        sets.Should().HaveCount(2);
        var greenSet = sets.Single(s => s!["status"]!.GetValue<string>() == "PRIMARY")!;
        greenSet["externalId"]!.GetValue<string>().Should().Be(id);
        greenSet["startedBy"]!.GetValue<string>().Should().Be("CodeDeploy");
        greenSet["loadBalancers"]![0]!["targetGroupArn"]!.GetValue<string>().Should().Be(GreenGroup);
        greenSet["taskDefinition"]!.GetValue<string>().Should().Be(Web2);

        // terminationWaitTimeInMinutes = 5.
        rig.Advance(299);
        (await rig.DeploymentAsync(id)).Status.Should().Be(DeploymentStatus.InProgress);
        rig.Advance(1);
        var done = await rig.DeploymentAsync(id);
        done.Status.Should().Be(DeploymentStatus.Succeeded);
        done.CompleteTime.Should().NotBeNull();
        done.DeploymentOverview!.Succeeded.Should().Be(1);
        rig.Advance(60);
        var after = (await rig.ServiceAsync())["taskSets"]!.AsArray();
        after.Should().ContainSingle().Which!["taskDefinition"]!.GetValue<string>().Should().Be(Web2);
        var group = await rig.Client.GetDeploymentGroupAsync(new GetDeploymentGroupRequest { ApplicationName = "web-app", DeploymentGroupName = "web-dg" });
        group.DeploymentGroupInfo!.LastSuccessfulDeployment!.DeploymentId.Should().Be(id);
    }

    [Test]
    public async Task A_canary_shifts_10_percent_then_the_rest_in_the_target_and_on_the_production_listener()
    {
        using var rig = new CodeDeployRig(new JsonObject { ["deploymentConfigName"] = "CodeDeployDefault.ECSCanary10Percent5Minutes" });
        await using var server = await EcsEmulatorServer.StartAsync(rig.Emulator);
        using var http = new HttpClient();
        var production = rig.Emulator.ListenerUrl(ProductionListener);
        var test = rig.Emulator.ListenerUrl(TestListener);
        (await http.GetStringAsync(test)).Should().StartWith("web:1 ");

        var id = await rig.DeployAsync();
        EcsTarget target;
        var waited = 0;
        do
        {
            rig.Advance();
            target = await rig.TargetAsync(id);
        }
        while (target.LifecycleEvents.Single(e => e.LifecycleEventName == "AllowTraffic").Status != LifecycleEventStatus.InProgress && ++waited < 600);

        target.TaskSetsInfo.Single(t => t.TaskSetLabel == TargetLabel.Green).TrafficWeight.Should().Be(10);
        target.TaskSetsInfo.Single(t => t.TaskSetLabel == TargetLabel.Blue).TrafficWeight.Should().Be(90);
        (await http.GetStringAsync(test)).Should().StartWith("web:2 ", "AllowTestTraffic sent the test listener to green");
        var answers = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            using var answer = await http.GetAsync(production);
            var body = await answer.Content.ReadAsStringAsync();
            answer.StatusCode.Should().Be(HttpStatusCode.OK, body);
            answers.Add(body);
        }

        answers.Count(a => a.StartsWith("web:2 ", StringComparison.Ordinal)).Should().Be(5, "10 % of 50 production requests go to green");

        rig.Advance(299);
        (await rig.TargetAsync(id)).TaskSetsInfo.Single(t => t.TaskSetLabel == TargetLabel.Green).TrafficWeight.Should().Be(10, "the canary interval is 5 minutes");
        rig.Advance(1);
        target = await rig.TargetAsync(id);
        target.TaskSetsInfo.Single(t => t.TaskSetLabel == TargetLabel.Green).TrafficWeight.Should().Be(100);
        target.LifecycleEvents.Single(e => e.LifecycleEventName == "AllowTraffic").Status.Should().Be(LifecycleEventStatus.Succeeded);
        for (var i = 0; i < 10; i++)
        {
            (await http.GetStringAsync(production)).Should().StartWith("web:2 ");
        }
    }

    [Test]
    public async Task A_linear_custom_configuration_steps_its_percentage_every_interval()
    {
        using var rig = new CodeDeployRig(new JsonObject { ["deploymentConfigName"] = "Canary20Percent1Minute" });
        var id = await rig.DeployAsync(config: "CodeDeployDefault.ECSLinear10PercentEvery1Minutes");
        (await rig.DeploymentAsync(id)).DeploymentConfigName.Should().Be("CodeDeployDefault.ECSLinear10PercentEvery1Minutes", "CreateDeployment's config wins over the group's");
        var weights = new List<double>();
        for (var i = 0; i < 1200 && !(await rig.DeploymentAsync(id)).InstanceTerminationWaitTimeStarted.GetValueOrDefault(); i++)
        {
            rig.Advance();
            var green = (await rig.TargetAsync(id)).TaskSetsInfo.SingleOrDefault(t => t.TaskSetLabel == TargetLabel.Green)?.TrafficWeight ?? 0;
            if (weights.Count == 0 ? green > 0 : green != weights[^1])
            {
                weights.Add(green);
            }
        }

        weights.Should().Equal(10, 20, 30, 40, 50, 60, 70, 80, 90, 100);
    }

    [Test]
    public async Task The_custom_canary_configuration_of_the_scenario_is_served_and_used()
    {
        using var rig = new CodeDeployRig(new JsonObject { ["deploymentConfigName"] = "Canary20Percent1Minute" });
        var config = (await rig.Client.GetDeploymentConfigAsync(new GetDeploymentConfigRequest { DeploymentConfigName = "Canary20Percent1Minute" })).DeploymentConfigInfo!;
        config.ComputePlatform.Should().Be(ComputePlatform.Ecs);
        config.TrafficRoutingConfig!.Type.Should().Be(TrafficRoutingType.TimeBasedCanary);
        (config.TrafficRoutingConfig.TimeBasedCanary!.CanaryPercentage, config.TrafficRoutingConfig.TimeBasedCanary.CanaryInterval).Should().Be((20, 1));
        var predefined = (await rig.Client.GetDeploymentConfigAsync(new GetDeploymentConfigRequest { DeploymentConfigName = "CodeDeployDefault.ECSLinear10PercentEvery3Minutes" })).DeploymentConfigInfo!;
        (predefined.TrafficRoutingConfig!.Type, predefined.TrafficRoutingConfig.TimeBasedLinear!.LinearPercentage, predefined.TrafficRoutingConfig.TimeBasedLinear.LinearInterval)
            .Should().Be((TrafficRoutingType.TimeBasedLinear, 10, 3));

        var id = await rig.DeployAsync();
        var seen = new List<double>();
        for (var i = 0; i < 1200 && !(await rig.DeploymentAsync(id)).InstanceTerminationWaitTimeStarted.GetValueOrDefault(); i++)
        {
            rig.Advance();
            var green = (await rig.TargetAsync(id)).TaskSetsInfo.SingleOrDefault(t => t.TaskSetLabel == TargetLabel.Green)?.TrafficWeight ?? 0;
            if (green > 0 && (seen.Count == 0 || seen[^1] != green))
            {
                seen.Add(green);
            }
        }

        seen.Should().Equal(20, 100);
    }

    [Test]
    public async Task A_failed_AfterAllowTestTraffic_hook_fails_the_deployment_and_rolls_back_to_blue()
    {
        using var rig = new CodeDeployRig(hooks: new Dictionary<string, CodeDeployHook> { ["AfterAllowTestTraffic"] = new() { Outcome = CodeDeployHookOutcome.Fail, Seconds = 30 } });
        await using var server = await EcsEmulatorServer.StartAsync(rig.Emulator);
        using var http = new HttpClient();
        var id = await rig.DeployAsync();
        await rig.RunUntilAsync(id, "Failed");

        var failed = await rig.DeploymentAsync(id);
        failed.ErrorInformation!.Code.Should().Be("HOOK_EXECUTION_FAILURE");
        failed.ErrorInformation.Message.Should().Contain("AfterAllowTestTraffic").And.Contain("SmokeTest");
        failed.DeploymentOverview!.Failed.Should().Be(1);
        var rollbackId = failed.RollbackInfo!.RollbackDeploymentId;
        rollbackId.Should().MatchRegex("^d-[A-Z0-9]{9}$").And.NotBe(id);

        var target = await rig.TargetAsync(id);
        var hook = target.LifecycleEvents.Single(e => e.LifecycleEventName == "AfterAllowTestTraffic");
        hook.Status.Should().Be(LifecycleEventStatus.Failed);
        hook.Diagnostics!.ErrorCode.Should().Be("ScriptFailed");
        hook.Diagnostics.ScriptName.Should().Be("SmokeTest");
        (hook.EndTime - hook.StartTime).Should().Be(TimeSpan.FromSeconds(30));
        target.LifecycleEvents.SkipWhile(e => e.LifecycleEventName != "BeforeAllowTraffic").Should().OnlyContain(e => e.Status == LifecycleEventStatus.Skipped);

        var rollback = await rig.DeploymentAsync(rollbackId!);
        rollback.Creator.Should().Be(DeploymentCreator.CodeDeployRollback);
        rollback.RollbackInfo!.RollbackTriggeringDeploymentId.Should().Be(id);
        await rig.RunUntilAsync(rollbackId!, "Succeeded", 120);
        var sets = (await rig.ServiceAsync())["taskSets"]!.AsArray();
        sets.Should().ContainSingle().Which!["taskDefinition"]!.GetValue<string>().Should().EndWith("web:1");
        sets[0]!["status"]!.GetValue<string>().Should().Be("PRIMARY");
        (await http.GetStringAsync(rig.Emulator.ListenerUrl(TestListener))).Should().StartWith("web:1 ", "the rollback sent test traffic back to blue");
        (await http.GetStringAsync(rig.Emulator.ListenerUrl(ProductionListener))).Should().StartWith("web:1 ");
        (await rig.ServiceAsync())["taskDefinition"]!.GetValue<string>().Should().EndWith("web:1");
    }

    [Test]
    public async Task A_failed_hook_without_auto_rollback_leaves_the_replacement_task_set()
    {
        using var rig = new CodeDeployRig(new JsonObject { ["autoRollbackConfiguration"] = new JsonObject { ["enabled"] = false } },
            hooks: new Dictionary<string, CodeDeployHook> { ["BeforeAllowTraffic"] = new() { Outcome = CodeDeployHookOutcome.Fail } });
        var id = await rig.DeployAsync();
        await rig.RunUntilAsync(id, "Failed");
        var failed = await rig.DeploymentAsync(id);
        failed.RollbackInfo.Should().BeNull();
        failed.ErrorInformation!.Message.Should().Contain("BeforeAllowTraffic");
        var sets = (await rig.ServiceAsync())["taskSets"]!.AsArray();
        sets.Select(s => s!["status"]!.GetValue<string>()).Should().BeEquivalentTo("PRIMARY", "ACTIVE");
        var green = (await rig.TargetAsync(id)).TaskSetsInfo.Single(t => t.TaskSetLabel == TargetLabel.Green);
        (green.Status, green.TrafficWeight).Should().Be(("ACTIVE", 0d), "production traffic never moved");
    }

    [Test]
    public async Task A_hook_that_never_reports_fails_the_deployment_after_its_wait()
    {
        using var rig = new CodeDeployRig();
        rig.Emulator.SetCodeDeployHook("AfterInstall", new CodeDeployHook { Outcome = CodeDeployHookOutcome.TimeOut });
        var id = await rig.DeployAsync();
        var seconds = await rig.RunUntilAsync(id, "Failed", 4000);
        seconds.Should().BeGreaterThan(3600, "a hook has an hour to report");
        var hook = (await rig.TargetAsync(id)).LifecycleEvents.Single(e => e.LifecycleEventName == "AfterInstall");
        hook.Diagnostics!.ErrorCode.Should().Be("ScriptTimedOut");
        (hook.EndTime - hook.StartTime).Should().Be(TimeSpan.FromHours(1));
        (await rig.DeploymentAsync(id)).ErrorInformation!.Message.Should().Contain("AfterInstall").And.Contain("timed out");
    }

    [TestCase("Succeeded", "InProgress")]
    [TestCase("Failed", "Failed")]
    public async Task A_waiting_hook_ends_when_PutLifecycleEventHookExecutionStatus_reports(string reported, string deploymentStatus)
    {
        using var rig = new CodeDeployRig(hooks: new Dictionary<string, CodeDeployHook> { ["AfterAllowTestTraffic"] = new() { Outcome = CodeDeployHookOutcome.TimeOut } });
        var id = await rig.DeployAsync();
        JsonNode? execution = null;
        for (var i = 0; i < 600 && execution is null; i++)
        {
            rig.Advance();
            execution = rig.Emulator.GetCodeDeployDeployment(id)!["hookExecutions"]!.AsArray().FirstOrDefault(h => h!["lifecycleEventName"]!.GetValue<string>() == "AfterAllowTestTraffic");
        }

        execution!["functionName"]!.GetValue<string>().Should().Be("SmokeTest");
        var executionId = execution["lifecycleEventHookExecutionId"]!.GetValue<string>();
        var bad = await rig.CodeDeployAsync("PutLifecycleEventHookExecutionStatus", $$"""{"deploymentId":"{{id}}","lifecycleEventHookExecutionId":"{{executionId}}","status":"Pending"}""");
        bad.Body["__type"]!.GetValue<string>().Should().Be("InvalidLifecycleEventHookExecutionStatusException");
        var (status, body) = await rig.CodeDeployAsync("PutLifecycleEventHookExecutionStatus", $$"""{"deploymentId":"{{id}}","lifecycleEventHookExecutionId":"{{executionId}}","status":"{{reported}}"}""");
        status.Should().Be(HttpStatusCode.OK);
        body["lifecycleEventHookExecutionId"]!.GetValue<string>().Should().Be(executionId);
        (await rig.DeploymentAsync(id)).Status!.Value.Value.Should().Be(deploymentStatus);
        var again = await rig.CodeDeployAsync("PutLifecycleEventHookExecutionStatus", $$"""{"deploymentId":"{{id}}","lifecycleEventHookExecutionId":"{{executionId}}","status":"{{reported}}"}""");
        again.Body["__type"]!.GetValue<string>().Should().Be("LifecycleEventAlreadyCompletedException");
    }

    [Test]
    public async Task A_hook_the_AppSpec_does_not_name_does_not_run()
    {
        using var rig = new CodeDeployRig(hooks: new Dictionary<string, CodeDeployHook> { ["AfterInstall"] = new() { Outcome = CodeDeployHookOutcome.Fail } });
        var id = await rig.DeployAsync(AppSpecYaml);
        await rig.RunUntilAsync(id, "Succeeded", 1200);
        var events = (await rig.TargetAsync(id)).LifecycleEvents;
        events.Select(e => e.LifecycleEventName).Should().Equal(EventOrder);
        events.Should().OnlyContain(e => e.Status == LifecycleEventStatus.Succeeded);
        var sets = (await rig.ServiceAsync())["taskSets"]!.AsArray();
        sets[^1]!["platformVersion"]!.GetValue<string>().Should().Be("1.4.0", "the YAML AppSpec's PlatformVersion is the task set's");
    }

    [Test]
    public async Task A_ready_wait_holds_the_deployment_in_Ready_until_ContinueDeployment()
    {
        using var rig = new CodeDeployRig(new JsonObject
        {
            ["blueGreenDeploymentConfiguration"] = JsonNode.Parse("""{"deploymentReadyOption": {"actionOnTimeout": "STOP_DEPLOYMENT", "waitTimeInMinutes": 30}, "terminateBlueInstancesOnDeploymentSuccess": {"action": "TERMINATE", "terminationWaitTimeInMinutes": 0}}"""),
        });
        var id = await rig.DeployAsync();
        var early = await FailsAsync(() => rig.Client.ContinueDeploymentAsync(new ContinueDeploymentRequest { DeploymentId = id, DeploymentWaitType = DeploymentWaitType.ReadyWait }));
        early.ErrorCode.Should().Be("DeploymentIsNotInReadyStateException");

        await rig.RunUntilAsync(id, "Ready");
        var ready = await rig.DeploymentAsync(id);
        ready.DeploymentOverview!.Ready.Should().Be(1);
        rig.Advance(600);
        (await rig.DeploymentAsync(id)).Status.Should().Be(DeploymentStatus.Ready);
        var target = await rig.TargetAsync(id);
        target.Status.Should().Be(TargetStatus.Ready);
        target.LifecycleEvents.Single(e => e.LifecycleEventName == "AllowTraffic").Status.Should().Be(LifecycleEventStatus.Pending);
        target.TaskSetsInfo.Single(t => t.TaskSetLabel == TargetLabel.Green).TrafficWeight.Should().Be(0);

        await rig.Client.ContinueDeploymentAsync(new ContinueDeploymentRequest { DeploymentId = id, DeploymentWaitType = DeploymentWaitType.ReadyWait });
        (await rig.TargetAsync(id)).TaskSetsInfo.Single(t => t.TaskSetLabel == TargetLabel.Green).TrafficWeight.Should().Be(100, "AllowTraffic starts at once");
        await rig.RunUntilAsync(id, "Succeeded", 30);
    }

    [Test]
    public async Task A_ready_wait_that_runs_out_stops_the_deployment()
    {
        using var rig = new CodeDeployRig(new JsonObject
        {
            ["blueGreenDeploymentConfiguration"] = JsonNode.Parse("""{"deploymentReadyOption": {"actionOnTimeout": "STOP_DEPLOYMENT", "waitTimeInMinutes": 10}}"""),
        });
        var id = await rig.DeployAsync();
        await rig.RunUntilAsync(id, "Ready");
        var seconds = await rig.RunUntilAsync(id, "Stopped", 700);
        seconds.Should().Be(600);
        var stopped = await rig.DeploymentAsync(id);
        stopped.ErrorInformation!.Code.Should().Be("TIMEOUT");
        var late = await FailsAsync(() => rig.Client.ContinueDeploymentAsync(new ContinueDeploymentRequest { DeploymentId = id, DeploymentWaitType = DeploymentWaitType.ReadyWait }));
        late.ErrorCode.Should().Be("DeploymentAlreadyCompletedException");
        rig.Advance(60);
        (await rig.ServiceAsync())["taskSets"]!.AsArray().Should().ContainSingle().Which!["taskDefinition"]!.GetValue<string>().Should().EndWith("web:1");
    }

    [Test]
    public async Task StopDeployment_with_rollback_returns_traffic_to_blue_under_a_new_deployment_id()
    {
        using var rig = new CodeDeployRig(new JsonObject { ["deploymentConfigName"] = "CodeDeployDefault.ECSCanary10Percent15Minutes" });
        var id = await rig.DeployAsync();
        for (var i = 0; i < 600 && ((await rig.TargetAsync(id)).TaskSetsInfo.SingleOrDefault(t => t.TaskSetLabel == TargetLabel.Green)?.TrafficWeight ?? 0) == 0; i++)
        {
            rig.Advance();
        }

        var stop = await rig.Client.StopDeploymentAsync(new StopDeploymentRequest { DeploymentId = id, AutoRollbackEnabled = true });
        stop.Status.Should().Be(StopStatus.Succeeded);
        var stopped = await rig.DeploymentAsync(id);
        stopped.Status.Should().Be(DeploymentStatus.Stopped);
        stopped.ErrorInformation!.Code.Should().Be("MANUAL_STOP");
        var rollbackId = stopped.RollbackInfo!.RollbackDeploymentId!;
        rollbackId.Should().NotBe(id);
        stop.StatusMessage.Should().Contain(rollbackId);

        var list = await rig.Client.ListDeploymentsAsync(new ListDeploymentsRequest { ApplicationName = "web-app", DeploymentGroupName = "web-dg" });
        list.Deployments.Should().BeEquivalentTo([id, rollbackId]);
        await rig.RunUntilAsync(rollbackId, "Succeeded", 120);
        var blue = (await rig.TargetAsync(rollbackId)).TaskSetsInfo.Single(t => t.TaskSetLabel == TargetLabel.Blue);
        (blue.TrafficWeight, blue.Status).Should().Be((100d, "PRIMARY"));
        (await rig.ServiceAsync())["taskSets"]!.AsArray().Should().ContainSingle();

        var again = await FailsAsync(() => rig.Client.StopDeploymentAsync(new StopDeploymentRequest { DeploymentId = id }));
        again.ErrorCode.Should().Be("DeploymentAlreadyCompletedException");
    }

    [Test]
    public async Task StopDeployment_without_rollback_leaves_the_task_sets_and_the_next_deployment_drains_the_leftover()
    {
        using var rig = new CodeDeployRig(new JsonObject
        {
            ["blueGreenDeploymentConfiguration"] = JsonNode.Parse("""{"deploymentReadyOption": {"actionOnTimeout": "STOP_DEPLOYMENT", "waitTimeInMinutes": 30}}"""),
        });
        var id = await rig.DeployAsync();
        await rig.RunUntilAsync(id, "Ready");
        await rig.Client.StopDeploymentAsync(new StopDeploymentRequest { DeploymentId = id, AutoRollbackEnabled = false });
        var stopped = await rig.DeploymentAsync(id);
        stopped.Status.Should().Be(DeploymentStatus.Stopped);
        stopped.RollbackInfo.Should().BeNull();
        (await rig.Client.ListDeploymentsAsync(new ListDeploymentsRequest())).Deployments.Should().Equal(id);
        rig.Advance(60);
        var sets = (await rig.ServiceAsync())["taskSets"]!.AsArray();
        sets.Select(s => s!["status"]!.GetValue<string>()).Should().BeEquivalentTo("PRIMARY", "ACTIVE");
        var leftover = sets.Single(s => s!["status"]!.GetValue<string>() == "ACTIVE")!["id"]!.GetValue<string>();

        var next = await rig.DeployAsync();
        rig.Advance(3);
        var after = (await rig.ServiceAsync())["taskSets"]!.AsArray();
        after.Single(s => s!["id"]!.GetValue<string>() == leftover)!["status"]!.GetValue<string>().Should().Be("DRAINING");
        (await rig.TargetAsync(next)).TaskSetsInfo.Single(t => t.TaskSetLabel == TargetLabel.Blue).TrafficWeight.Should().Be(100);
    }

    [Test]
    public async Task KEEP_ALIVE_succeeds_without_a_termination_wait_and_keeps_the_original_task_set()
    {
        using var rig = new CodeDeployRig(new JsonObject
        {
            ["blueGreenDeploymentConfiguration"] = JsonNode.Parse("""{"terminateBlueInstancesOnDeploymentSuccess": {"action": "KEEP_ALIVE"}}"""),
        });
        var id = await rig.DeployAsync();
        await rig.RunUntilAsync(id, "Succeeded", 600);
        (await rig.DeploymentAsync(id)).InstanceTerminationWaitTimeStarted.Should().BeFalse();
        rig.Advance(600);
        var sets = (await rig.ServiceAsync())["taskSets"]!.AsArray();
        sets.Should().HaveCount(2);
        sets.Single(s => s!["status"]!.GetValue<string>() == "ACTIVE")!["taskDefinition"]!.GetValue<string>().Should().EndWith("web:1");
        sets.Single(s => s!["status"]!.GetValue<string>() == "PRIMARY")!["taskDefinition"]!.GetValue<string>().Should().Be(Web2);
    }

    [Test]
    public async Task ContinueDeployment_TERMINATION_WAIT_ends_the_termination_wait_early()
    {
        using var rig = new CodeDeployRig(new JsonObject
        {
            ["blueGreenDeploymentConfiguration"] = JsonNode.Parse("""{"terminateBlueInstancesOnDeploymentSuccess": {"action": "TERMINATE", "terminationWaitTimeInMinutes": 60}}"""),
        });
        var id = await rig.DeployAsync();
        var wrong = await FailsAsync(() => rig.Client.ContinueDeploymentAsync(new ContinueDeploymentRequest { DeploymentId = id, DeploymentWaitType = DeploymentWaitType.TerminationWait }));
        wrong.ErrorCode.Should().Be("InvalidDeploymentWaitTypeException");

        for (var i = 0; i < 600 && (await rig.DeploymentAsync(id)).InstanceTerminationWaitTimeStarted != true; i++)
        {
            rig.Advance();
        }

        rig.Advance(120);
        (await rig.DeploymentAsync(id)).Status.Should().Be(DeploymentStatus.InProgress);
        (await rig.ServiceAsync())["taskSets"]!.AsArray().Should().HaveCount(2, "blue is kept through the termination wait");
        await rig.Client.ContinueDeploymentAsync(new ContinueDeploymentRequest { DeploymentId = id, DeploymentWaitType = DeploymentWaitType.TerminationWait });
        (await rig.DeploymentAsync(id)).Status.Should().Be(DeploymentStatus.Succeeded);
        var blue = (await rig.ServiceAsync())["taskSets"]!.AsArray().Single(s => s!["taskDefinition"]!.GetValue<string>().EndsWith("web:1", StringComparison.Ordinal))!;
        blue["status"]!.GetValue<string>().Should().Be("DRAINING");
        rig.Advance(60);
        (await rig.ServiceAsync())["taskSets"]!.AsArray().Should().ContainSingle();
    }

    [Test]
    public async Task A_replacement_task_set_that_cannot_become_healthy_fails_the_deployment()
    {
        using var rig = new CodeDeployRig(images: new Dictionary<string, ImageBehaviour> { ["repo/web:2"] = new() { CrashAfterSeconds = 5, ExitCode = 1, CrashReason = "exit 1" } });
        var id = await rig.DeployAsync();
        await rig.RunUntilAsync(id, "Failed", 1200);
        var failed = await rig.DeploymentAsync(id);
        failed.ErrorInformation!.Code.Should().Be("ECS_UPDATE_ERROR");
        failed.ErrorInformation.Message.Should().Contain("replacement task set").And.Contain("Essential container in task exited");
        var install = (await rig.TargetAsync(id)).LifecycleEvents.Single(e => e.LifecycleEventName == "Install");
        install.Status.Should().Be(LifecycleEventStatus.Failed);
        failed.RollbackInfo!.RollbackDeploymentId.Should().NotBeNull();
    }

    [Test]
    public async Task An_AppSpec_whose_container_is_not_the_load_balancers_fails_at_Install()
    {
        using var rig = new CodeDeployRig();
        var id = await rig.DeployAsync(AppSpecJson.Replace("\"ContainerPort\": 80", "\"ContainerPort\": 8080", StringComparison.Ordinal));
        await rig.RunUntilAsync(id, "Failed", 30);
        var failed = await rig.DeploymentAsync(id);
        failed.ErrorInformation!.Code.Should().Be("ECS_UPDATE_ERROR");
        failed.ErrorInformation.Message.Should().Contain("8080");
    }

    [Test]
    public async Task A_second_deployment_of_a_group_is_refused_while_one_is_active()
    {
        using var rig = new CodeDeployRig();
        var first = await rig.DeployAsync();
        var refused = await FailsAsync(() => rig.DeployAsync());
        refused.ErrorCode.Should().Be("DeploymentLimitExceededException");
        refused.ErrorMessage.Should().Contain(first);
    }

    [Test]
    public async Task A_lost_CreateDeployment_answer_leaves_exactly_one_deployment()
    {
        using var rig = new CodeDeployRig();
        rig.Emulator.InjectFault(new FaultRule { Operation = "CreateDeployment", Kind = FaultKind.DropConnection, Applied = true, Count = 1 });
        await FluentActions.Awaiting(() => rig.DeployAsync(description: "run-token-7")).Should().ThrowAsync<AwsException>();
        rig.Emulator.Calls.Should().Contain(c => c.Service == "codedeploy" && c.Operation == "CreateDeployment" && c.StatusCode == 0);

        // What a careful caller does next: look for its deployment, by the group and the description's token.
        var ids = (await rig.Client.ListDeploymentsAsync(new ListDeploymentsRequest
        {
            ApplicationName = "web-app",
            DeploymentGroupName = "web-dg",
            CreateTimeRange = new TimeRange { Start = rig.Clock.GetUtcNow().AddMinutes(-5) },
        })).Deployments;
        ids.Should().ContainSingle();
        var found = (await rig.Client.BatchGetDeploymentsAsync(new BatchGetDeploymentsRequest { DeploymentIds = ids })).DeploymentsInfo;
        found.Should().ContainSingle().Which.Description.Should().Be("run-token-7");

        // A blind resend would not make a second one either: the group has its active deployment.
        var resent = await FailsAsync(() => rig.DeployAsync(description: "run-token-7"));
        resent.ErrorCode.Should().Be("DeploymentLimitExceededException");
        (await rig.Client.ListDeploymentsAsync(new ListDeploymentsRequest())).Deployments.Should().ContainSingle();
    }

    [Test]
    public async Task Throttles_apply_to_CodeDeploy_operations()
    {
        using var rig = new CodeDeployRig();
        rig.Emulator.InjectFault(new FaultRule { Operation = "GetDeploymentGroup", Kind = FaultKind.Throttle, Count = 1 });
        var (status, body) = await rig.CodeDeployAsync("GetDeploymentGroup", """{"applicationName":"web-app","deploymentGroupName":"web-dg"}""");
        (status, body["__type"]!.GetValue<string>()).Should().Be((HttpStatusCode.BadRequest, "ThrottlingException"));
        (await rig.CodeDeployAsync("GetDeploymentGroup", """{"applicationName":"web-app","deploymentGroupName":"web-dg"}""")).Status.Should().Be(HttpStatusCode.OK);
        rig.Emulator.CountCalls("GetDeploymentGroup").Should().Be(2);
    }

    [TestCase("GetApplication", """{"applicationName":"nope"}""", "ApplicationDoesNotExistException", "No application found for name: nope")]
    [TestCase("GetApplication", """{}""", "ApplicationNameRequiredException", null)]
    [TestCase("GetDeploymentGroup", """{"applicationName":"web-app","deploymentGroupName":"nope"}""", "DeploymentGroupDoesNotExistException", "No Deployment Group found for name: nope")]
    [TestCase("GetDeploymentConfig", """{"deploymentConfigName":"nope"}""", "DeploymentConfigDoesNotExistException", null)]
    [TestCase("GetDeployment", """{"deploymentId":"d-AAAAAAAAA"}""", "DeploymentDoesNotExistException", null)]
    [TestCase("GetDeployment", """{"deploymentId":"not-an-id"}""", "InvalidDeploymentIdException", null)]
    [TestCase("GetDeployment", """{}""", "DeploymentIdRequiredException", null)]
    [TestCase("ContinueDeployment", """{"deploymentId":"d-AAAAAAAAA"}""", "DeploymentDoesNotExistException", null)]
    [TestCase("ListDeployments", """{"deploymentGroupName":"web-dg"}""", "ApplicationNameRequiredException", null)]
    [TestCase("ListDeployments", """{"applicationName":"web-app","deploymentGroupName":"web-dg","includeOnlyStatuses":["Nope"]}""", "InvalidDeploymentStatusException", null)]
    [TestCase("ListApplications", """{"nextToken":"!!"}""", "InvalidNextTokenException", null)]
    [TestCase("CreateDeployment", """{"applicationName":"web-app","deploymentGroupName":"web-dg"}""", "RevisionRequiredException", null)]
    [TestCase("CreateDeployment", """{"applicationName":"web-app"}""", "DeploymentGroupNameRequiredException", null)]
    [TestCase("CreateDeployment", """{"applicationName":"web-app","deploymentGroupName":"web-dg","revision":{"revisionType":"AppSpecContent","appSpecContent":{"content":"{\"Resources\":[]}"}}}""", "InvalidRevisionException", "The AppSpec content has no Resources.")]
    [TestCase("CreateDeployment", """{"applicationName":"web-app","deploymentGroupName":"web-dg","revision":{"revisionType":"AppSpecContent","appSpecContent":{"content":"{}","sha256":"00"}}}""", "InvalidRevisionException", null)]
    [TestCase("CreateDeployment", """{"applicationName":"web-app","deploymentGroupName":"web-dg","deploymentConfigName":"nope","revision":{"revisionType":"AppSpecContent","appSpecContent":{"content":"{\"Resources\":[{\"TargetService\":{\"Type\":\"AWS::ECS::Service\",\"Properties\":{\"TaskDefinition\":\"x\",\"LoadBalancerInfo\":{\"ContainerName\":\"app\",\"ContainerPort\":80}}}}]}"}}}""", "DeploymentConfigDoesNotExistException", null)]
    [TestCase("BatchGetDeploymentTargets", """{"deploymentId":"d-AAAAAAAAA","targetIds":["prod:web"]}""", "DeploymentDoesNotExistException", null)]
    [TestCase("NoSuchOperation", """{}""", "UnknownOperationException", null)]
    public async Task Errors_have_the_JSON_1_1_shape_and_the_models_names(string operation, string body, string type, string? message)
    {
        using var rig = new CodeDeployRig();
        var (status, answer) = await rig.CodeDeployAsync(operation, body);
        status.Should().Be(HttpStatusCode.BadRequest);
        answer["__type"]!.GetValue<string>().Should().Be(type);
        if (message is not null)
        {
            answer["message"]!.GetValue<string>().Should().Be(message);
        }

        rig.Emulator.Calls.Should().ContainSingle().Which.ErrorType.Should().Be(type);
    }

    [Test]
    public async Task Applications_groups_and_targets_are_listed_in_the_models_shapes()
    {
        using var rig = new CodeDeployRig();
        (await rig.Client.ListApplicationsAsync(new ListApplicationsRequest())).Applications.Should().Equal("web-app");
        var application = (await rig.Client.GetApplicationAsync(new GetApplicationRequest { ApplicationName = "web-app" })).Application!;
        application.ComputePlatform.Should().Be(ComputePlatform.Ecs);
        (await rig.Client.ListDeploymentGroupsAsync(new ListDeploymentGroupsRequest { ApplicationName = "web-app" })).DeploymentGroups.Should().Equal("web-dg");
        var group = (await rig.Client.GetDeploymentGroupAsync(new GetDeploymentGroupRequest { ApplicationName = "web-app", DeploymentGroupName = "web-dg" })).DeploymentGroupInfo!;
        group.EcsServices.Should().ContainSingle().Which.Should().Be(new EcsService { ClusterName = "prod", ServiceName = "web" });
        group.DeploymentStyle!.DeploymentType.Should().Be(DeploymentType.BlueGreen);
        group.AutoRollbackConfiguration!.Events.Should().Equal(AutoRollbackEvent.DeploymentFailure);
        group.BlueGreenDeploymentConfiguration!.TerminateBlueInstancesOnDeploymentSuccess!.TerminationWaitTimeInMinutes.Should().Be(5);
        var pair = group.LoadBalancerInfo!.TargetGroupPairInfoList.Should().ContainSingle().Subject;
        pair.TargetGroups.Select(t => t.Name).Should().Equal("blue", "green");
        pair.ProdTrafficRoute!.ListenerArns.Should().Equal(ProductionListener);
        pair.TestTrafficRoute!.ListenerArns.Should().Equal(TestListener);

        var id = await rig.DeployAsync();
        (await rig.Client.ListDeploymentTargetsAsync(new ListDeploymentTargetsRequest { DeploymentId = id })).TargetIds.Should().Equal("prod:web");
        var batch = await rig.Client.BatchGetDeploymentTargetsAsync(new BatchGetDeploymentTargetsRequest { DeploymentId = id, TargetIds = ["prod:web"] });
        batch.DeploymentTargets.Should().ContainSingle().Which.DeploymentTargetType.Should().Be(DeploymentTargetType.ECSTarget);
        batch.DeploymentTargets[0].EcsTarget!.TargetArn.Should().Be("arn:aws:ecs:us-east-1:123456789012:service/prod/web");
        (await rig.Client.ListDeploymentsAsync(new ListDeploymentsRequest { IncludeOnlyStatuses = [DeploymentStatus.Succeeded] })).Deployments.Should().BeEmpty();
        (await rig.Client.ListDeploymentsAsync(new ListDeploymentsRequest { IncludeOnlyStatuses = [DeploymentStatus.Created] })).Deployments.Should().Equal(id);
        (await rig.Client.ListDeploymentsAsync(new ListDeploymentsRequest { CreateTimeRange = new TimeRange { End = rig.Clock.GetUtcNow().AddMinutes(-1) } })).Deployments.Should().BeEmpty();
        var state = rig.Emulator.GetCodeDeployDeployment(id)!;
        state["deploymentInfo"]!["deploymentId"]!.GetValue<string>().Should().Be(id);
        state["ecsTarget"]!["targetId"]!.GetValue<string>().Should().Be("prod:web");
        rig.Emulator.GetCodeDeployDeployment("d-ZZZZZZZZZ").Should().BeNull();
        rig.Emulator.GetState()["codeDeploy"]!["deployments"]!.AsArray().Should().ContainSingle();
    }

    [Test]
    public async Task ListDeployments_pages_by_100_with_nextToken()
    {
        using var rig = new CodeDeployRig();
        var created = new List<string>();
        for (var i = 0; i < 101; i++)
        {
            var id = await rig.DeployAsync();
            await rig.Client.StopDeploymentAsync(new StopDeploymentRequest { DeploymentId = id, AutoRollbackEnabled = false });
            created.Add(id);
            rig.Advance();
        }

        created.Should().OnlyHaveUniqueItems();
        var first = await rig.Client.ListDeploymentsAsync(new ListDeploymentsRequest { ApplicationName = "web-app", DeploymentGroupName = "web-dg" });
        first.Deployments.Should().HaveCount(100);
        first.Deployments[0].Should().Be(created[^1], "newest first");
        first.NextToken.Should().NotBeNull();
        var second = await rig.Client.ListDeploymentsAsync(new ListDeploymentsRequest { ApplicationName = "web-app", DeploymentGroupName = "web-dg", NextToken = first.NextToken });
        second.Deployments.Should().Equal(created[0]);
        second.NextToken.Should().BeNull();
        (await rig.Client.ListAllDeploymentsAsync(new ListDeploymentsRequest { IncludeOnlyStatuses = [DeploymentStatus.Stopped] }).ToListAsync()).Should().BeEquivalentTo(created);
    }

    [Test]
    public async Task UpdateService_cannot_change_the_task_definition_of_a_CODE_DEPLOY_service()
    {
        using var rig = new CodeDeployRig();
        using var ecs = rig.Emulator.CreateClient(new AwsClientOptions { Retry = new AwsRetryOptions { MaxAttempts = 1 } });
        var refused = await FailsAsync(() => ecs.UpdateServiceAsync(new UpdateServiceRequest { Cluster = "prod", Service = "web", TaskDefinition = "web:2" }));
        refused.ErrorCode.Should().Be("InvalidParameterException");
    }

    [Test]
    public async Task The_CodeDeploy_scenario_of_the_reference_starts_and_its_failing_hook_rolls_back()
    {
        var reference = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "docs", "emulator", "README.md"));
        var start = reference.IndexOf("```json\n", reference.IndexOf("A complete minimal scenario", StringComparison.Ordinal), StringComparison.Ordinal) + "```json\n".Length;
        var json = reference[start..reference.IndexOf("\n```", start, StringComparison.Ordinal)];
        var clock = new ManualTimeProvider();
        var emulator = new EcsEmulator(EmulatorScenario.Parse(json), clock);
        using var client = emulator.CreateCodeDeployClient(new AwsClientOptions { Retry = new AwsRetryOptions { MaxAttempts = 1 } });
        var id = (await client.CreateDeploymentAsync(new CreateDeploymentRequest
        {
            ApplicationName = "web-app",
            DeploymentGroupName = "web-dg",
            Revision = Revision(AppSpecYaml),
        })).DeploymentId!;
        DeploymentInfo info;
        var seconds = 0;
        do
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            info = (await client.GetDeploymentAsync(new GetDeploymentRequest { DeploymentId = id })).DeploymentInfo!;
        }
        while (!info.Status!.Value.Equals(DeploymentStatus.Failed) && ++seconds < 600);

        info.ErrorInformation!.Code.Should().Be("HOOK_EXECUTION_FAILURE", "the reference's scenario fails AfterAllowTestTraffic");
        info.RollbackInfo!.RollbackDeploymentId.Should().NotBeNull();
    }

    [Test]
    public void A_scenario_group_must_deploy_a_CODE_DEPLOY_service()
    {
        var json = JsonNode.Parse(ScenarioJson)!.AsObject();
        json["services"]![0]!.AsObject().Remove("deploymentController");
        var act = () => new EcsEmulator(EmulatorScenario.Parse(json.ToJsonString()));
        act.Should().Throw<EmulatorScenarioException>().WithMessage("*codeDeploy.applications[0] \"web-app\" deploymentGroups[0] \"web-dg\"*CODE_DEPLOY*");
    }
}
