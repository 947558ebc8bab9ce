using System.Text.Json.Nodes;
using Ecs.BlueGreen.Testing.Scenarios;
using Ecs.BlueGreen.Tool.Tests.Support;

namespace Ecs.BlueGreen.Tool.Tests;

/// <summary>
/// CodeDeploy blue/green from the command line: services with the CODE_DEPLOY controller on the emulator's CodeDeploy
/// (application "web-app", group "web-dg", AllAtOnce, a 5-minute termination wait, auto-rollback on failure), each run
/// on a manual clock; and the flags checked offline.
/// </summary>
public class CodeDeployCommandTests
{
    private static readonly string[] Deploy = ["-c", "prod", "-n", "web", "-i", "repo/web:2", "--codedeploy-application", "web-app", "--codedeploy-group", "web-dg", "--output", "json"];

    private static string File(string name, string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ecs-bluegreen-{Guid.NewGuid():N}-{name}");
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    private static JsonObject Json(RunResult result) => JsonNode.Parse(result.Out)!.AsObject();

    /// <summary>The AppSpec the emulator was sent (the CreateDeployment request's revision content), parsed.</summary>
    private static JsonObject SentAppSpec(InProcess run) =>
        JsonNode.Parse((string)run.Request("CreateDeployment")["revision"]!["appSpecContent"]!["content"]!)!.AsObject();

    private static string TaskSetsOf(InProcess run) => string.Join(",", run.Service()["taskSets"]!.AsArray().Select(t => $"{t!["status"]}:{t["taskDefinition"]}"));

    private static JsonObject Group(string config, JsonObject? blueGreen = null) => new()
    {
        ["deploymentConfigName"] = config,
        ["blueGreenDeploymentConfiguration"] = blueGreen ?? new JsonObject
        {
            ["deploymentReadyOption"] = new JsonObject { ["actionOnTimeout"] = "CONTINUE_DEPLOYMENT", ["waitTimeInMinutes"] = 0 },
            ["terminateBlueInstancesOnDeploymentSuccess"] = new JsonObject { ["action"] = "TERMINATE", ["terminationWaitTimeInMinutes"] = 5 },
        },
    };

    /// <summary>A group that waits at Ready for a manual reroute, up to 60 minutes (then stops the deployment).</summary>
    private static JsonObject ReadyWait() => Group("CodeDeployDefault.ECSAllAtOnce", new JsonObject
    {
        ["deploymentReadyOption"] = new JsonObject { ["actionOnTimeout"] = "STOP_DEPLOYMENT", ["waitTimeInMinutes"] = 60 },
        ["terminateBlueInstancesOnDeploymentSuccess"] = new JsonObject { ["action"] = "TERMINATE", ["terminationWaitTimeInMinutes"] = 5 },
    });

    [Test]
    public async Task An_all_at_once_deployment_succeeds_once_traffic_shifted_and_says_the_original_task_set_is_kept()
    {
        var run = InProcess.OnManualClock(CodeDeployScenarios.Scenario());

        var result = await run.RunAsync(Deploy);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var json = Json(result);
        ((string?)json["outcome"]).Should().Be("succeeded");
        var codeDeploy = json["codeDeploy"]!;
        ((string?)codeDeploy["applicationName"]).Should().Be("web-app");
        ((string?)codeDeploy["deploymentId"]).Should().StartWith("d-");
        ((bool)codeDeploy["trafficShifted"]!).Should().BeTrue();
        ((bool)codeDeploy["originalTaskSetKept"]!).Should().BeTrue("the group keeps blue for 5 minutes and the run does not wait for that");
        ((string?)json["reason"]).Should().Contain("original task set");
        run.Writes().Should().Equal("RegisterTaskDefinition");
        run.Emulator.CountCalls("CreateDeployment").Should().Be(1);
        run.Emulator.CountCalls("UpdateService").Should().Be(0, "CodeDeploy, not UpdateService, deploys a CODE_DEPLOY service");
        result.Error.Should().Contain("AllowTraffic");
        TaskSetsOf(run).Should().Contain("PRIMARY:arn:aws:ecs:us-east-1:123456789012:task-definition/web:3", "the new revision's task set takes production traffic");
    }

    [Test]
    public async Task Only_a_CODE_DEPLOY_service_makes_the_command_build_a_CodeDeploy_client()
    {
        var rolling = InProcess.OnManualClock(Scenarios.Web());
        var codeDeploy = InProcess.OnManualClock(CodeDeployScenarios.Scenario());

        (await rolling.RunAsync(["-c", "prod", "-n", "web", "-i", "repo/web:2", "-t", "600"])).ExitCode.Should().Be(ExitCodes.Success);
        (await codeDeploy.RunAsync(Deploy)).ExitCode.Should().Be(ExitCodes.Success);

        rolling.CodeDeployClientsMade.Should().Be(0, "a rolling deployment never calls CodeDeploy");
        codeDeploy.CodeDeployClientsMade.Should().Be(1);
    }

    [Test]
    public async Task With_skip_termination_wait_the_original_task_set_is_removed_at_once()
    {
        var run = InProcess.OnManualClock(CodeDeployScenarios.Scenario());

        var result = await run.RunAsync([.. Deploy, "--skip-termination-wait"]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        ((string?)run.Request("ContinueDeployment")["deploymentWaitType"]).Should().Be("TERMINATION_WAIT");
        ((bool)Json(result)["codeDeploy"]!["terminationWaitSkipped"]!).Should().BeTrue();
    }

    [Test]
    public async Task A_canary_deployment_reports_10_then_100_percent_of_production_traffic_on_the_new_task_set()
    {
        var run = InProcess.OnManualClock(CodeDeployScenarios.Scenario(Group("CodeDeployDefault.ECSCanary10Percent5Minutes")));

        var result = await run.RunAsync(Deploy);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var weights = result.Error.Split('\n').Where(l => l.Contains("Traffic", StringComparison.Ordinal) && l.Contains('%', StringComparison.Ordinal)).ToList();
        weights.Should().Contain(l => l.Contains("10%", StringComparison.Ordinal) && l.Contains("90%", StringComparison.Ordinal), string.Join("\n", weights));
        weights.Should().Contain(l => l.Contains("100%", StringComparison.Ordinal));
    }

    [Test]
    public async Task A_failed_AfterAllowTestTraffic_hook_that_CodeDeploy_rolls_back_is_exit_21_with_its_reason()
    {
        var run = InProcess.OnManualClock(CodeDeployScenarios.Scenario(hooks: new Dictionary<string, CodeDeployHook> { ["AfterAllowTestTraffic"] = new() { Outcome = CodeDeployHookOutcome.Fail, Seconds = 20 } }));
        var appSpec = File("appspec.json", CodeDeployScenarios.AppSpecJson);

        var result = await run.RunAsync([.. Deploy, "--appspec", appSpec]);

        result.ExitCode.Should().Be(ExitCodes.RolledBackByEcs, result.ToString());
        var json = Json(result);
        ((string?)json["outcome"]).Should().Be("rolled-back-by-ecs");
        ((string?)json["codeDeploy"]!["errorCode"]).Should().Be("HOOK_EXECUTION_FAILURE");
        ((string?)json["codeDeploy"]!["rollbackDeploymentId"]).Should().StartWith("d-");
        ((string?)json["reason"]).Should().Contain("AfterAllowTestTraffic");
        result.Error.Should().Contain("ERROR: ").And.Contain("AfterAllowTestTraffic");
        TaskSetsOf(run).Should().Be("PRIMARY:arn:aws:ecs:us-east-1:123456789012:task-definition/web:1", "CodeDeploy's rollback put production back on blue and removed green");
    }

    [Test]
    public async Task A_replacement_task_set_that_crashes_is_reported_with_its_stopped_tasks_and_their_exit_codes()
    {
        var run = InProcess.OnManualClock(CodeDeployScenarios.Scenario(images: new Dictionary<string, ImageBehaviour> { ["repo/web:crash"] = new() { CrashAfterSeconds = 5, ExitCode = 3 } }));

        var result = await run.RunAsync(["-c", "prod", "-n", "web", "-i", "repo/web:crash", "--codedeploy-application", "web-app", "--codedeploy-group", "web-dg", "--output", "json"]);

        result.ExitCode.Should().Be(ExitCodes.RolledBackByEcs, result.ToString());
        var json = Json(result);
        ((string?)json["codeDeploy"]!["errorCode"]).Should().Be("ECS_UPDATE_ERROR");
        var stopped = json["stoppedTasks"]!.AsArray();
        stopped.Should().NotBeEmpty("the replacement's crashed tasks explain CodeDeploy's ECS_UPDATE_ERROR");
        stopped.Should().OnlyContain(t => ((string)t!["taskDefinitionArn"]!).EndsWith("task-definition/web:3", StringComparison.Ordinal));
        stopped.SelectMany(t => t!["containers"]!.AsArray()).Should().Contain(c => (int?)c!["exitCode"] == 3);
        result.Error.Should().Contain("Stopped: ").And.Contain("container app exited with code 3");
    }

    [Test]
    public async Task At_the_ready_wait_a_passing_test_command_continues_the_deployment()
    {
        var run = InProcess.OnManualClock(CodeDeployScenarios.Scenario(ReadyWait()));

        var result = await run.RunAsync([.. Deploy, "--test-command", "true"]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        ((string?)run.Request("ContinueDeployment")["deploymentWaitType"]).Should().Be("READY_WAIT");
        run.Emulator.CountCalls("StopDeployment").Should().Be(0);
        result.Error.Should().Contain("smoke test");
    }

    [Test]
    public async Task At_the_ready_wait_a_failing_test_command_stops_the_deployment_with_a_rollback()
    {
        var run = InProcess.OnManualClock(CodeDeployScenarios.Scenario(ReadyWait()));

        var result = await run.RunAsync([.. Deploy, "--test-command", "false"]);

        result.ExitCode.Should().Be(ExitCodes.DeploymentFailed, result.ToString());
        var stop = run.Request("StopDeployment");
        ((bool)stop["autoRollbackEnabled"]!).Should().BeTrue();
        run.Emulator.CountCalls("ContinueDeployment").Should().Be(0);
        ((string?)Json(result)["rollback"]!["outcome"]).Should().Be("Succeeded");
        TaskSetsOf(run).Should().Be("PRIMARY:arn:aws:ecs:us-east-1:123456789012:task-definition/web:1");
    }

    [Test]
    public async Task Wait_until_ready_ends_at_the_gate_and_continue_later_finishes_the_deployment()
    {
        var run = InProcess.OnManualClock(CodeDeployScenarios.Scenario(ReadyWait()));

        var paused = await run.RunAsync([.. Deploy, "--wait-until", "ready"]);

        paused.ExitCode.Should().Be(ExitCodes.Success, paused.ToString());
        ((string?)Json(paused)["outcome"]).Should().Be("paused");
        var continued = await run.RunAsync(["-c", "prod", "-n", "web", "--codedeploy-application", "web-app", "--codedeploy-group", "web-dg", "--continue", "--output", "json"]);
        continued.ExitCode.Should().Be(ExitCodes.Success, continued.ToString());
        ((string?)run.Request("ContinueDeployment")["deploymentWaitType"]).Should().Be("READY_WAIT");
    }

    [Test]
    public async Task Rollback_deployment_later_stops_the_in_flight_deployment_with_a_rollback()
    {
        var run = InProcess.OnManualClock(CodeDeployScenarios.Scenario(ReadyWait()));
        (await run.RunAsync([.. Deploy, "--wait-until", "ready"])).ExitCode.Should().Be(ExitCodes.Success);

        var result = await run.RunAsync(["-c", "prod", "-n", "web", "--codedeploy-application", "web-app", "--codedeploy-group", "web-dg", "--rollback-deployment", "--output", "json"]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        ((bool)run.Request("StopDeployment")["autoRollbackEnabled"]!).Should().BeTrue();
        TaskSetsOf(run).Should().Be("PRIMARY:arn:aws:ecs:us-east-1:123456789012:task-definition/web:1");
    }

    [Test]
    public async Task Wait_until_AfterAllowTestTraffic_returns_while_CodeDeploy_goes_on()
    {
        // BeforeAllowTraffic's hook takes two minutes: production traffic has not moved when AfterAllowTestTraffic succeeds.
        var run = InProcess.OnManualClock(CodeDeployScenarios.Scenario(hooks: new Dictionary<string, CodeDeployHook> { ["BeforeAllowTraffic"] = new() { Seconds = 120 } }));
        var appSpec = File("appspec.json", CodeDeployScenarios.AppSpecJson);

        var result = await run.RunAsync([.. Deploy, "--appspec", appSpec, "--wait-until", "afterallowtesttraffic"]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var json = Json(result);
        ((string?)json["codeDeploy"]!["lastSucceededLifecycleEvent"]).Should().Be("AfterAllowTestTraffic");
        ((string?)json["codeDeploy"]!["status"]).Should().Be("InProgress");
        TaskSetsOf(run).Should().Contain("ACTIVE:", "production still runs on blue");
    }

    [Test]
    public async Task A_long_hook_gets_a_heartbeat_line_every_half_minute_naming_the_event()
    {
        var run = InProcess.OnManualClock(CodeDeployScenarios.Scenario(hooks: new Dictionary<string, CodeDeployHook> { ["BeforeAllowTraffic"] = new() { Seconds = 150 } }));
        var appSpec = File("appspec.json", CodeDeployScenarios.AppSpecJson);

        var result = await run.RunAsync([.. Deploy, "--appspec", appSpec]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var beats = result.Error.Split('\n').Where(l => l.Contains("still in BeforeAllowTraffic after", StringComparison.Ordinal)).ToList();
        beats.Should().HaveCountGreaterThanOrEqualTo(3, "150 s of an unchanged hook is at least three half-minutes").And.HaveCountLessThanOrEqualTo(5);
        beats.Should().OnlyContain(l => l.Contains("left to wait", StringComparison.Ordinal));
    }

    [Test]
    public async Task An_appspec_in_yaml_keeps_its_hooks_and_gets_the_new_revision()
    {
        var run = InProcess.OnManualClock(CodeDeployScenarios.Scenario());
        var appSpec = File("appspec.yaml", CodeDeployScenarios.AppSpecYaml);

        var result = await run.RunAsync([.. Deploy, "--appspec", appSpec]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var sent = SentAppSpec(run);
        ((string?)sent["Resources"]![0]!["TargetService"]!["Properties"]!["TaskDefinition"]).Should().Be("arn:aws:ecs:us-east-1:123456789012:task-definition/web:3");
        ((string?)sent["Hooks"]![0]!["AfterAllowTestTraffic"]).Should().Be("SmokeTest");
        ((string?)sent["Resources"]![0]!["TargetService"]!["Properties"]!["PlatformVersion"]).Should().Be("1.4.0");
    }

    [Test]
    public async Task An_appspec_in_json_with_the_placeholder_gets_the_new_revision()
    {
        var run = InProcess.OnManualClock(CodeDeployScenarios.Scenario());
        var appSpec = File("appspec.json", CodeDeployScenarios.AppSpecJson.Replace("arn:aws:ecs:us-east-1:123456789012:task-definition/web:2", "<TASK_DEFINITION>", StringComparison.Ordinal));

        var result = await run.RunAsync([.. Deploy, "--appspec", appSpec]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var sent = SentAppSpec(run);
        ((string?)sent["Resources"]![0]!["TargetService"]!["Properties"]!["TaskDefinition"]).Should().Be("arn:aws:ecs:us-east-1:123456789012:task-definition/web:3");
        sent["Hooks"]!.AsArray().Should().HaveCount(5);
    }

    [Test]
    public async Task Without_an_appspec_one_is_made_from_an_awsvpc_service_and_the_console_names_find_the_group()
    {
        var scenario = CodeDeployScenarios.Scenario(service: new JsonObject
        {
            ["platformVersion"] = "1.4.0",
            ["networkConfiguration"] = new JsonObject
            {
                ["awsvpcConfiguration"] = new JsonObject { ["subnets"] = new JsonArray("subnet-1", "subnet-2"), ["securityGroups"] = new JsonArray("sg-1"), ["assignPublicIp"] = "DISABLED" },
            },
        });
        var run = InProcess.OnManualClock(scenario with
        {
            CodeDeploy = scenario.CodeDeploy! with
            {
                Applications = [scenario.CodeDeploy.Applications[0] with
                {
                    Name = "AppECS-prod-web",
                    DeploymentGroups = [scenario.CodeDeploy.Applications[0].DeploymentGroups[0] with { Name = "DgpECS-prod-web" }],
                }],
            },
        });

        var result = await run.RunAsync(["-c", "prod", "-n", "web", "-i", "repo/web:2", "--output", "json"]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        ((string?)run.Request("CreateDeployment")["applicationName"]).Should().Be("AppECS-prod-web");
        ((string?)run.Request("CreateDeployment")["deploymentGroupName"]).Should().Be("DgpECS-prod-web");
        var properties = SentAppSpec(run)["Resources"]![0]!["TargetService"]!["Properties"]!;
        ((string?)properties["TaskDefinition"]).Should().Be("arn:aws:ecs:us-east-1:123456789012:task-definition/web:3");
        ((string?)properties["LoadBalancerInfo"]!["ContainerName"]).Should().Be("app");
        ((int)properties["LoadBalancerInfo"]!["ContainerPort"]!).Should().Be(80);
        ((string?)properties["PlatformVersion"]).Should().Be("1.4.0");
        properties["NetworkConfiguration"]!["AwsvpcConfiguration"]!["Subnets"]!.AsArray().Select(s => (string)s!).Should().Equal("subnet-1", "subnet-2");
        ((string?)properties["NetworkConfiguration"]!["AwsvpcConfiguration"]!["AssignPublicIp"]).Should().Be("DISABLED");
    }

    [Test]
    public async Task A_group_that_does_not_exist_is_exit_15_listing_what_exists_and_nothing_is_written()
    {
        var run = InProcess.OnManualClock(CodeDeployScenarios.Scenario());

        var result = await run.RunAsync(["-c", "prod", "-n", "web", "-i", "repo/web:2"]);

        result.ExitCode.Should().Be(ExitCodes.Refused, result.ToString());
        result.Error.Should().Contain("AppECS-prod-web").And.Contain("web-app");
        run.Writes().Should().BeEmpty();
        run.Emulator.CountCalls("CreateDeployment").Should().Be(0);
    }

    [Test]
    public async Task A_lost_CreateDeployment_answer_does_not_create_a_second_deployment()
    {
        var scenario = CodeDeployScenarios.Scenario() with
        {
            Faults = new FaultSettings { Rules = [new FaultRule { Operation = "CreateDeployment", Kind = FaultKind.DropConnection, Count = 1, Applied = true }] },
        };
        var run = InProcess.OnManualClock(scenario);

        var result = await run.RunAsync(Deploy);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var deployments = run.Emulator.GetState()["codeDeploy"]!["deployments"]!.AsArray();
        deployments.Where(d => (string?)d!["deploymentInfo"]?["creator"] != "codeDeployRollback").Should().ContainSingle("the lost answer was checked against CodeDeploy, not sent again");
        ((string?)Json(result)["codeDeploy"]!["deploymentId"]).Should().Be((string?)deployments[0]!["deploymentInfo"]!["deploymentId"]);
    }

    [Test]
    public async Task Ctrl_C_with_enable_rollback_stops_the_deployment_with_a_rollback_and_exits_130()
    {
        var run = InProcess.OnManualClock(CodeDeployScenarios.Scenario(Group("CodeDeployDefault.ECSCanary10Percent5Minutes")));
        using var cancel = new CancellationTokenSource();
        run.Cancellation = cancel.Token;
        run.EachSecond = elapsed =>
        {
            if (elapsed >= TimeSpan.FromSeconds(120))
            {
                cancel.Cancel();
            }
        };

        var result = await run.RunAsync([.. Deploy, "--enable-rollback"]);

        result.ExitCode.Should().Be(ExitCodes.Cancelled, result.ToString());
        ((bool)run.Request("StopDeployment")["autoRollbackEnabled"]!).Should().BeTrue();
        ((string?)Json(result)["rollback"]!["outcome"]).Should().Be("Succeeded");
        TaskSetsOf(run).Should().Be("PRIMARY:arn:aws:ecs:us-east-1:123456789012:task-definition/web:1");
    }

    [TestCase("--appspec", "x.yaml")]
    [TestCase("--codedeploy-application", "a")]
    [TestCase("--codedeploy-group", "g")]
    [TestCase("--codedeploy-config", "CodeDeployDefault.ECSAllAtOnce")]
    [TestCase("--skip-termination-wait")]
    public void A_CodeDeploy_flag_with_d_is_exit_14_and_with_rollback_exit_3(params string[] flag)
    {
        Options.Refused(["-d", "web", "-i", "repo/web:2", .. flag]).ExitCode.Should().Be(ExitCodes.InvalidOptionValue);
        Options.Refused(["-c", "prod", "-n", "web", "--rollback", .. flag]).ExitCode.Should().Be(ExitCodes.Usage);
    }

    [Test]
    public void An_appspec_that_cannot_be_read_is_exit_14_and_an_unknown_wait_until_names_the_events()
    {
        var missing = Options.Refused("-c", "prod", "-n", "web", "-i", "repo/web:2", "--appspec", "/nonexistent/appspec.yaml");
        missing.ExitCode.Should().Be(ExitCodes.InvalidOptionValue);
        missing.Message.Should().StartWith("--appspec '/nonexistent/appspec.yaml' cannot be read:");
        var unknown = Options.Refused("-c", "prod", "-n", "web", "-i", "repo/web:2", "--wait-until", "AfterTraffic");
        unknown.ExitCode.Should().Be(ExitCodes.InvalidOptionValue);
        unknown.Message.Should().Contain("AfterAllowTestTraffic").And.Contain("POST_TEST_TRAFFIC_SHIFT");
    }

    [Test]
    public void One_of_application_and_group_takes_the_console_name_for_the_other()
    {
        var parsed = CommandLine.Parse(["-c", "prod", "-n", "web", "-i", "repo/web:2", "--codedeploy-group", "my-group", "--wait-until", "AllowTraffic"]);
        var (request, error) = OptionValidator.Validate(parsed.Options, _ => null);

        error.Should().BeNull();
        request!.CodeDeployTarget.Should().Be(("AppECS-prod-web", "my-group"));
        request.WaitUntilEvent!.Value.Value.Should().Be("AllowTraffic");
        request.WaitUntil.Should().BeNull();
    }
}
