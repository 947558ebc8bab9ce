using System.Text.Json.Nodes;
using Ecs.BlueGreen.Tool.Tests.Support;

namespace Ecs.BlueGreen.Tool.Tests;

/// <summary>
/// --rollback (the service back on its previous revision, or --to's) and --task-definition-revision (an existing
/// revision deployed as it is): the flags checked before any AWS call, then whole runs on the emulator.
/// </summary>
public class RollbackCommandTests
{
    private static readonly string[] Rollback = ["-c", "prod", "-n", "web", "--rollback"];

    private static readonly string[] Deploy = ["-c", "prod", "-n", "web"];

    [TestCase("-i", "repo/web:2")]
    [TestCase("-d", "web")]
    [TestCase("--container", "app=repo/web:2")]
    [TestCase("--task-definition-revision", "web:1")]
    [TestCase("-D", "3")]
    [TestCase("-m", "50")]
    [TestCase("--max-definitions", "5")]
    [TestCase("--force-new-deployment")]
    [TestCase("--enable-rollback")]
    [TestCase("--rollback-on-failure")]
    [TestCase("--continue")]
    [TestCase("--rollback-deployment")]
    [TestCase("--wait-until", "bake-time")]
    [TestCase("--test-command", "true")]
    public void Rollback_with_a_flag_that_deploys_or_rolls_back_otherwise_is_a_usage_error(params string[] extra)
    {
        var error = Options.Refused([.. Rollback, .. extra]);

        error.ExitCode.Should().Be(ExitCodes.Usage);
        error.Message.Should().StartWith($"--rollback cannot be used with {extra[0]}");
    }

    [Test]
    public void Rollback_with_the_tag_only_flag_points_at_to()
    {
        var error = Options.Refused([.. Rollback, "-to", "web:1"]);

        error.ExitCode.Should().Be(ExitCodes.Usage);
        error.Message.Should().Contain("-to is --tag-only; the revision to roll back to is --to");
    }

    [Test]
    public void Rollback_needs_the_service_and_its_cluster_and_to_needs_rollback()
    {
        Options.Refused("-c", "prod", "--rollback").ExitCode.Should().Be(ExitCodes.NoServiceOrTaskDefinition);
        Options.Refused("-n", "web", "--rollback").ExitCode.Should().Be(ExitCodes.ServiceWithoutCluster);
        var to = Options.Refused([.. Deploy, "-i", "repo/web:2", "--to", "web:1"]);
        to.ExitCode.Should().Be(ExitCodes.Usage);
        to.Message.Should().StartWith("--to only applies to --rollback");
    }

    [TestCase("--to", "web")]
    [TestCase("--to", "web:0")]
    [TestCase("--to", "web:1;rm")]
    public void A_revision_that_is_not_family_and_revision_or_an_ARN_is_exit_14(string flag, string value)
    {
        var error = Options.Refused([.. Rollback, flag, value]);

        error.ExitCode.Should().Be(ExitCodes.InvalidOptionValue);
        error.Message.Should().Contain("must name a revision: FAMILY:REVISION");
    }

    [Test]
    public void Rollback_takes_to_the_timeout_the_drain_switch_and_a_dry_run()
    {
        var request = Options.Valid([.. Rollback, "--to", "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1", "-t", "300", "--skip-deployments-check", "--dry-run"]);

        request.Mode.Should().Be(DeployMode.Rollback);
        request.RollbackTo.Should().Be("arn:aws:ecs:us-east-1:123456789012:task-definition/web:1");
        request.Timeout.Should().Be(TimeSpan.FromSeconds(300));
        request.WaitForDrain.Should().BeFalse();
        request.DryRun.Should().BeTrue();
    }

    [TestCase("-i", "repo/web:2")]
    [TestCase("-to", "2")]
    [TestCase("--env", "app:A=1")]
    [TestCase("--task-definition-file", "x.json")]
    [TestCase("--use-latest-task-def")]
    public void An_existing_revision_with_a_flag_that_changes_the_revision_is_a_usage_error(params string[] extra)
    {
        var error = Options.Refused([.. Deploy, "--task-definition-revision", "web:12", .. extra]);

        error.ExitCode.Should().Be(ExitCodes.Usage);
        error.Message.Should().StartWith($"--task-definition-revision cannot be used with {extra[0]}");
    }

    [Test]
    public void An_existing_revision_goes_to_a_service_and_is_itself_something_to_deploy()
    {
        Options.Refused("-d", "web", "--task-definition-revision", "web:12").ExitCode.Should().Be(ExitCodes.Usage);
        Options.Refused("--task-definition-revision", "web:12").ExitCode.Should().Be(ExitCodes.NoServiceOrTaskDefinition);
        Options.Refused([.. Deploy, "--task-definition-revision", "web"]).ExitCode.Should().Be(ExitCodes.InvalidOptionValue);
        var request = Options.Valid([.. Deploy, "--task-definition-revision", "web:12", "-D", "3", "--enable-rollback", "--max-definitions", "5"]);
        request.Mode.Should().Be(DeployMode.Service);
        request.TaskDefinitionRevision.Should().Be("web:12");
        DeploymentMapper.ToDeployment(request).Should().NotBeNull();
    }

    [Test]
    public async Task Rollback_after_a_successful_deploy_puts_the_service_back_on_web_1_and_says_so_in_json()
    {
        var run = InProcess.OnManualClock(Scenarios.Web());
        (await run.RunAsync([.. Deploy, "-i", "repo/web:2", "-t", "600"])).ExitCode.Should().Be(ExitCodes.Success);
        var writesBefore = run.Writes().Length;

        var result = await run.RunAsync([.. Rollback, "--output", "json", "-t", "600"]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var json = JsonNode.Parse(result.Out)!.AsObject();
        ((string?)json["mode"]).Should().Be("rollback");
        ((string?)json["outcome"]).Should().Be("succeeded");
        ((string?)json["reason"]).Should().StartWith("Rolled back web from web:2 to web:1");
        ((bool)json["registered"]!).Should().BeFalse();
        ((string?)json["taskDefinitionArn"]).Should().EndWith("task-definition/web:1");
        var target = json["rollbackTarget"]!.AsObject();
        ((string?)target["fromTaskDefinitionArn"]).Should().EndWith("task-definition/web:2");
        ((string?)target["toTaskDefinitionArn"]).Should().EndWith("task-definition/web:1");
        ((string?)target["serviceDeploymentArn"]).Should().Contain(":service-deployment/prod/web/");
        ((int?)target["minimumHealthyPercent"], (int?)target["maximumPercent"], (int?)target["desiredCount"]).Should().Be((100, 200, 2));
        ((string?)target["reason"]).Should().Contain("web:1 is what the service ran before web:2");
        result.Error.Should().Contain("Rolling back from web:2 to web:1:");
        run.Writes().Skip(writesBefore).Should().Equal("UpdateService");
        run.ServiceTaskDefinition().Should().EndWith("task-definition/web:1");
    }

    [Test]
    public async Task Rollback_after_a_failed_deploy_left_running_goes_back_to_what_ran_before_it()
    {
        var run = InProcess.OnManualClock(Scenarios.Web());
        var failed = await run.RunAsync([.. Deploy, "-i", Scenarios.CrashingImage, "-t", "600"]);
        failed.ExitCode.Should().Be(ExitCodes.DeploymentFailed, failed.ToString());
        run.ServiceTaskDefinition().Should().EndWith("task-definition/web:2");

        var result = await run.RunAsync([.. Rollback, "-t", "600"]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        result.Out.Should().Be("Service rolled back to arn:aws:ecs:us-east-1:123456789012:task-definition/web:1.\n");
        run.ServiceTaskDefinition().Should().EndWith("task-definition/web:1");
    }

    [Test]
    public async Task Rollback_after_a_deploy_ECS_rolled_back_writes_nothing_and_succeeds()
    {
        var run = InProcess.OnManualClock(Scenarios.Web(circuitBreaker: true));
        (await run.RunAsync([.. Deploy, "-i", Scenarios.CrashingImage, "-t", "600"])).ExitCode.Should().Be(ExitCodes.RolledBackByEcs);
        var writesBefore = run.Writes().Length;

        var result = await run.RunAsync([.. Rollback, "--output", "json"]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var json = JsonNode.Parse(result.Out)!.AsObject();
        ((string?)json["outcome"]).Should().Be("unchanged");
        ((string?)json["reason"]).Should().Contain("already runs web:1").And.Contain("ROLLBACK_SUCCESSFUL");
        run.Writes().Skip(writesBefore).Should().BeEmpty();
    }

    [Test]
    public async Task Rollback_without_history_to_roll_back_to_is_exit_15_naming_to_and_writes_nothing()
    {
        var run = InProcess.OnManualClock(Scenarios.Web());

        var result = await run.RunAsync(Rollback);

        result.ExitCode.Should().Be(ExitCodes.Refused, result.ToString());
        result.Error.Should().Contain("ERROR: ").And.Contain("--to FAMILY:REV");
        result.Error.Split('\n').Count(l => l.StartsWith("ERROR:", StringComparison.Ordinal)).Should().Be(1);
        run.Writes().Should().BeEmpty();
    }

    [Test]
    public async Task Rollback_to_a_revision_that_does_not_exist_is_exit_15_and_writes_nothing()
    {
        var run = InProcess.OnManualClock(Scenarios.Web());

        var result = await run.RunAsync([.. Rollback, "--to", "web:9"]);

        result.ExitCode.Should().Be(ExitCodes.Refused, result.ToString());
        result.Error.Should().Contain("'web:9'").And.Contain("was not found");
        run.Writes().Should().BeEmpty();
    }

    [Test]
    public async Task Rollback_to_a_named_revision_goes_there()
    {
        var run = InProcess.OnManualClock(Scenarios.Web(moreTaskDefinitions: [Scenarios.TaskDefinition("repo/web:0")]));

        var result = await run.RunAsync([.. Rollback, "--to", "web:2", "--output", "json", "-t", "600"]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var target = JsonNode.Parse(result.Out)!["rollbackTarget"]!;
        ((string?)target["toTaskDefinitionArn"]).Should().EndWith("task-definition/web:2");
        target["serviceDeploymentArn"].Should().BeNull();
        run.ServiceTaskDefinition().Should().EndWith("task-definition/web:2");
    }

    [Test]
    public async Task Rollback_of_a_native_deployment_in_progress_has_ECS_roll_it_back()
    {
        var run = InProcess.OnManualClock(Scenarios.Native(pauseHook: false));
        var deployed = await run.RunAsync([.. Deploy, "-i", "repo/web:2", "--wait-until", "POST_TEST_TRAFFIC_SHIFT", "--output", "json"]);
        deployed.ExitCode.Should().Be(ExitCodes.Success, deployed.ToString());
        var inProgress = (string?)JsonNode.Parse(deployed.Out)!["serviceDeploymentArn"];

        var result = await run.RunAsync([.. Rollback, "--output", "json", "-t", "1800"]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var json = JsonNode.Parse(result.Out)!.AsObject();
        ((string?)json["rollbackTarget"]!["stoppedServiceDeploymentArn"]).Should().Be(inProgress);
        ((string?)json["rollbackTarget"]!["toTaskDefinitionArn"]).Should().EndWith("task-definition/web:1");
        ((string?)json["rollback"]!["outcome"]).Should().Be("Succeeded");
        run.Writes().Should().Equal("RegisterTaskDefinition", "UpdateService", "StopServiceDeployment");
        run.ServiceTaskDefinition().Should().EndWith("task-definition/web:1");
    }

    [Test]
    public async Task Rollback_of_a_native_deployment_paused_at_a_hook_answers_the_hook_with_ROLLBACK()
    {
        var run = InProcess.OnManualClock(Scenarios.Native());
        (await run.RunAsync([.. Deploy, "-i", "repo/web:2", "--wait-until", "paused"])).ExitCode.Should().Be(ExitCodes.Success);

        var result = await run.RunAsync([.. Rollback, "-t", "1800"]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        run.Writes().Should().Equal("RegisterTaskDefinition", "UpdateService", "ContinueServiceDeployment");
        ((string?)run.Request("ContinueServiceDeployment")["action"]).Should().Be("ROLLBACK");
        run.ServiceTaskDefinition().Should().EndWith("task-definition/web:1");
    }

    [Test]
    public async Task A_rollback_whose_revision_crashes_fails_with_exit_20_as_a_deploy_would()
    {
        var run = InProcess.OnManualClock(Scenarios.Web(moreTaskDefinitions: [Scenarios.TaskDefinition(Scenarios.CrashingImage)]));

        var result = await run.RunAsync([.. Rollback, "--to", "web:2", "--output", "json", "-t", "600"]);

        result.ExitCode.Should().Be(ExitCodes.DeploymentFailed, result.ToString());
        var json = JsonNode.Parse(result.Out)!.AsObject();
        ((string?)json["outcome"]).Should().Be("failed");
        ((string?)json["reason"]).Should().StartWith("The rollback of web from web:1 to web:2 failed:");
        ((string?)json["rollbackTarget"]!["toTaskDefinitionArn"]).Should().EndWith("task-definition/web:2");
        json["rollback"].Should().BeNull("a rollback is not itself rolled back");
        result.Error.Should().Contain("The service runs web:2.");
    }

    [Test]
    public async Task An_existing_revision_is_deployed_without_registering_anything()
    {
        var run = InProcess.OnManualClock(Scenarios.Web(moreTaskDefinitions: [Scenarios.TaskDefinition("repo/web:12")]));

        var result = await run.RunAsync([.. Deploy, "--task-definition-revision", "web:2", "--max-definitions", "1", "--output", "json", "-t", "600"]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var json = JsonNode.Parse(result.Out)!.AsObject();
        ((bool)json["registered"]!).Should().BeFalse();
        ((string?)json["taskDefinitionArn"]).Should().EndWith("task-definition/web:2");
        json["rollbackTarget"].Should().BeNull();
        run.Writes().Should().NotContain("RegisterTaskDefinition").And.StartWith("UpdateService");
        json["deregisteredTaskDefinitions"]!.AsArray().Select(a => (string?)a).Should().NotContain(a => a!.EndsWith("web:2", StringComparison.Ordinal));
        run.ServiceTaskDefinition().Should().EndWith("task-definition/web:2");
    }

    [Test]
    public async Task The_step_summary_shows_what_a_rollback_chose()
    {
        var folder = Directory.CreateTempSubdirectory("ecs-bluegreen-rollback-").FullName;
        try
        {
            var run = InProcess.OnManualClock(Scenarios.Web());
            (await run.RunAsync([.. Deploy, "-i", "repo/web:2", "-t", "600"])).ExitCode.Should().Be(ExitCodes.Success);
            run.Environment["GITHUB_ACTIONS"] = "true";
            run.Environment["GITHUB_OUTPUT"] = Path.Combine(folder, "output");
            run.Environment["GITHUB_STEP_SUMMARY"] = Path.Combine(folder, "summary");

            var result = await run.RunAsync([.. Rollback, "-t", "600"]);

            result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
            var summary = await File.ReadAllTextAsync(Path.Combine(folder, "summary"));
            summary.Should().Contain("| Rolled back | from arn:aws:ecs:us-east-1:123456789012:task-definition/web:2 to arn:aws:ecs:us-east-1:123456789012:task-definition/web:1: web:1 is what the service ran before web:2")
                .And.MatchRegex(@"\| Chosen from \| arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/\S+ \|");
            (await File.ReadAllLinesAsync(Path.Combine(folder, "output"))).Should().Contain("task-definition-arn=arn:aws:ecs:us-east-1:123456789012:task-definition/web:1")
                .And.Contain("previous-task-definition-arn=arn:aws:ecs:us-east-1:123456789012:task-definition/web:2").And.Contain("outcome=succeeded");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
