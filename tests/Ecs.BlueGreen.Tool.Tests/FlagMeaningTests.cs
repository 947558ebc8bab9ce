using System.Text.Json.Nodes;
using Ecs.BlueGreen.Testing.Scenarios;
using Ecs.BlueGreen.Tool.Tests.Support;

namespace Ecs.BlueGreen.Tool.Tests;

/// <summary>Each flag has ecs-deploy's meaning: run in-process against the in-memory emulator, checked in its state and call log.</summary>
public class FlagMeaningTests
{
    // The command and the emulator share a clock 200 times faster than real time, so -t counts simulated seconds:
    // a generous budget here, which a test's own -t overrides (the last occurrence wins).
    private static string[] Deploy(params string[] more) => ["-c", "prod", "-n", "web", "-t", "3600", .. more];

    private static string Image(JsonObject taskDefinition, string container = "app") =>
        (string)taskDefinition["containerDefinitions"]!.AsArray().Single(c => (string?)c!["name"] == container)!["image"]!;

    [Test]
    public async Task Image_registers_a_revision_for_the_containers_of_its_repository_and_deploys_it()
    {
        var run = new InProcess(Scenarios.Web());
        var result = await run.RunAsync(Deploy("-i", "repo/web:2"));

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var deployed = run.TaskDefinition(run.ServiceTaskDefinition());
        ((int)deployed["revision"]!).Should().Be(2);
        Image(deployed).Should().Be("repo/web:2");
        Image(deployed, "sidecar").Should().Be("repo/envoy:1");
        result.Out.Should().Be($"New task definition: {deployed["taskDefinitionArn"]}\nService deployment successful.\n");
        result.Error.Should().Contain("~ containerDefinitions[app].image: \"repo/web:1\" -> \"repo/web:2\"");
    }

    [Test]
    public async Task An_image_without_a_tag_deploys_latest_and_a_tag_variable_gives_the_tag()
    {
        var run = new InProcess(Scenarios.Web());
        (await run.RunAsync(Deploy("-i", "repo/web"))).ExitCode.Should().Be(ExitCodes.Success);
        Image(run.TaskDefinition(run.ServiceTaskDefinition())).Should().Be("repo/web:latest");

        run.Environment["CI_TIMESTAMP"] = "1487623908";
        (await run.RunAsync(Deploy("-i", "repo/web", "-e", "CI_TIMESTAMP"))).ExitCode.Should().Be(ExitCodes.Success);
        Image(run.TaskDefinition(run.ServiceTaskDefinition())).Should().Be("repo/web:1487623908");
    }

    [Test]
    public async Task Tag_only_sets_the_tag_of_every_container()
    {
        var run = new InProcess(Scenarios.Web());
        var result = await run.RunAsync(Deploy("-to", "7", "-i", "ignore"));

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var deployed = run.TaskDefinition(run.ServiceTaskDefinition());
        Image(deployed).Should().Be("repo/web:7");
        Image(deployed, "sidecar").Should().Be("repo/envoy:7");
    }

    [Test]
    public async Task Container_and_env_change_one_named_container()
    {
        var run = new InProcess(Scenarios.Web());
        var result = await run.RunAsync(Deploy("--container", "sidecar=repo/envoy:2", "--env", "app:MODE=green", "--env", "app:NEW=1"));

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var deployed = run.TaskDefinition(run.ServiceTaskDefinition());
        Image(deployed).Should().Be("repo/web:1");
        Image(deployed, "sidecar").Should().Be("repo/envoy:2");
        deployed["containerDefinitions"]![0]!["environment"]!.ToJsonString().Should().Be("""[{"name":"MODE","value":"green"},{"name":"NEW","value":"1"}]""");
    }

    [Test]
    public async Task Desired_count_and_limits_are_sent_with_the_deployment()
    {
        var run = new InProcess(Scenarios.Web());
        var result = await run.RunAsync(Deploy("-i", "repo/web:2", "-D", "3", "-m", "50", "-M", "150"));

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var update = run.Request("UpdateService");
        update["desiredCount"]!.GetValue<int>().Should().Be(3);
        update["deploymentConfiguration"]!["minimumHealthyPercent"]!.GetValue<int>().Should().Be(50);
        update["deploymentConfiguration"]!["maximumPercent"]!.GetValue<int>().Should().Be(150);
        run.Service()["desiredCount"]!.GetValue<int>().Should().Be(3);
    }

    [Test]
    public async Task Only_min_keeps_the_services_maximum()
    {
        var run = new InProcess(Scenarios.Web());
        var result = await run.RunAsync(Deploy("-i", "repo/web:2", "-m", "50"));

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var configuration = run.Request("UpdateService")["deploymentConfiguration"]!;
        configuration["minimumHealthyPercent"]!.GetValue<int>().Should().Be(50);
        configuration["maximumPercent"]!.GetValue<int>().Should().Be(200);
    }

    [Test]
    public async Task Timeout_is_one_budget_and_ends_with_exit_code_1()
    {
        var run = new InProcess(Scenarios.Web());
        var result = await run.RunAsync(Deploy("-i", Scenarios.StuckImage, "-t", "120"));

        result.ExitCode.Should().Be(ExitCodes.TimedOut, result.ToString());
        result.Error.Should().Contain("ERROR: Deployment of web timed out: The new tasks did not all run within 2m:");
        result.Error.Should().Contain("--enable-rollback (timeouts and failures) or --rollback-on-failure rolls back automatically.");
        run.ServiceTaskDefinition().Should().EndWith(":2", "without --enable-rollback the service stays on the new revision");
    }

    [Test]
    public async Task Enable_rollback_rolls_back_a_timed_out_deployment()
    {
        var run = new InProcess(Scenarios.Web());
        var result = await run.RunAsync(Deploy("-i", Scenarios.StuckImage, "-t", "120", "--enable-rollback"));

        result.ExitCode.Should().Be(ExitCodes.TimedOut, result.ToString());
        result.Error.Should().Contain("Rolling back to web:1");
        run.ServiceTaskDefinition().Should().EndWith(":1");
    }

    [Test]
    public async Task Rollback_on_failure_rolls_back_a_failed_deployment()
    {
        var run = new InProcess(Scenarios.Web());
        var result = await run.RunAsync(Deploy("-i", Scenarios.CrashingImage, "--rollback-on-failure"));

        result.ExitCode.Should().Be(ExitCodes.DeploymentFailed, result.ToString());
        result.Error.Should().Contain("ERROR: Deployment of web failed:").And.Contain("container app exited with code 3");
        result.Error.Should().Contain("Rollback to web:1: succeeded");
        run.ServiceTaskDefinition().Should().EndWith(":1");
    }

    [Test]
    public async Task A_deployment_that_ECS_rolled_back_is_exit_code_21_with_the_reason()
    {
        var run = InProcess.OnManualClock(Scenarios.Web(circuitBreaker: true));
        var result = await run.RunAsync(Deploy("-i", Scenarios.CrashingImage));

        result.ExitCode.Should().Be(ExitCodes.RolledBackByEcs, result.ToString());
        result.Error.Should().Contain("ERROR: Deployment of web failed: ECS rolled deployment").And.Contain("circuit breaker");
        result.Error.Should().Contain("ECS's rollback: succeeded: ECS restored web:1: 2/2 task(s) running.");

        // Simulated time stopped when the command exited: this is the service at exit 21.
        run.ServiceTaskDefinition().Should().EndWith("task-definition/web:1");
        var deployments = run.Service()["deployments"]!.AsArray();
        deployments.Should().ContainSingle("ECS's rollback has finished, not merely begun");
        ((int)deployments[0]!["runningCount"]!).Should().Be(2);
    }

    [Test]
    public async Task An_ECS_rollback_that_does_not_finish_within_t_is_exit_code_23_not_21()
    {
        // The previous revision's image takes five minutes to start: ECS's rollback cannot finish within -t 60.
        var scenario = Scenarios.Web(circuitBreaker: true);
        scenario = scenario with { Images = new Dictionary<string, ImageBehaviour>(scenario.Images) { ["repo/web:1"] = new() { StartupSeconds = 300 } } };
        var run = InProcess.OnManualClock(scenario);

        var result = await run.RunAsync(Deploy("-i", Scenarios.CrashingImage, "-t", "60", "--output", "json"));

        result.ExitCode.Should().Be(ExitCodes.EcsRollbackUnfinished, result.ToString());
        var json = JsonNode.Parse(result.Out)!;
        ((string?)json["outcome"]).Should().Be("ecs-rollback-unfinished");
        ((string?)json["ecsRollback"]!["outcome"]).Should().Be("TimedOut");
        ((string?)json["ecsRollback"]!["reason"]).Should().StartWith("ECS's rollback did not finish within 1m: web:1 runs 0/2 task(s)");
    }

    [Test]
    public async Task Max_definitions_keeps_the_newest_revisions_after_a_success()
    {
        var run = new InProcess(Scenarios.Web(moreTaskDefinitions: [Scenarios.TaskDefinition("repo/web:1b"), Scenarios.TaskDefinition("repo/web:1c")]));
        var result = await run.RunAsync(Deploy("-i", "repo/web:2", "--max-definitions", "2"));

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var active = run.Emulator.GetState()["taskDefinitions"]!.AsArray().Where(t => (string?)t!["status"] == "ACTIVE").Select(t => (int)t!["revision"]!).ToList();
        active.Should().BeEquivalentTo([1, 3, 4], "the newest two stay, and so does web:1, the rollback target (ecs-deploy would deregister it)");
    }

    [Test]
    public async Task Use_latest_task_def_bases_the_revision_on_the_familys_latest()
    {
        var latest = Scenarios.TaskDefinition();
        latest["containerDefinitions"]![0]!["environment"] = new JsonArray(new JsonObject { ["name"] = "MODE", ["value"] = "latest" });
        var run = new InProcess(Scenarios.Web(moreTaskDefinitions: [latest]));
        var result = await run.RunAsync(Deploy("-i", "repo/web:2", "--use-latest-task-def"));

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var deployed = run.TaskDefinition(run.ServiceTaskDefinition());
        deployed["containerDefinitions"]![0]!["environment"]![0]!["value"]!.GetValue<string>().Should().Be("latest");
    }

    [Test]
    public async Task Force_new_deployment_needs_no_image_and_registers_nothing()
    {
        var run = new InProcess(Scenarios.Web());
        var result = await run.RunAsync(Deploy("--force-new-deployment"));

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        run.Writes().Should().Equal("UpdateService");
        run.Request("UpdateService")["forceNewDeployment"]!.GetValue<bool>().Should().BeTrue();
    }

    [Test]
    public async Task Skip_deployments_check_succeeds_without_waiting_for_the_old_tasks_to_drain()
    {
        var run = new InProcess(Scenarios.Web());
        var result = await run.RunAsync(Deploy("-i", "repo/web:2", "--skip-deployments-check"));

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        result.Error.Should().Contain("not waiting for the old tasks to drain");
    }

    [Test]
    public async Task Copy_task_definition_tags_registers_the_revision_with_the_tags()
    {
        var without = new InProcess(Scenarios.Web());
        (await without.RunAsync(Deploy("-i", "repo/web:2"))).ExitCode.Should().Be(ExitCodes.Success);
        without.Request("RegisterTaskDefinition")["tags"].Should().BeNull();

        var with = new InProcess(Scenarios.Web());
        (await with.RunAsync(Deploy("-i", "repo/web:2", "--copy-task-definition-tags"))).ExitCode.Should().Be(ExitCodes.Success);
        with.Request("RegisterTaskDefinition")["tags"]!.ToJsonString().Should().Be("""[{"key":"team","value":"core"}]""");
    }

    [Test]
    public async Task Task_definition_file_is_the_base_of_the_new_revision()
    {
        var file = Path.GetTempFileName();
        var definition = Scenarios.TaskDefinition("repo/web:1");
        definition["containerDefinitions"]![0]!["memory"] = 512;
        definition.Remove("tags");
        await File.WriteAllTextAsync(file, new JsonObject { ["taskDefinition"] = definition }.ToJsonString());
        try
        {
            var run = new InProcess(Scenarios.Web());
            var result = await run.RunAsync(Deploy("--task-definition-file", file, "-i", "repo/web:2"));

            result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
            var deployed = run.TaskDefinition(run.ServiceTaskDefinition());
            deployed["containerDefinitions"]![0]!["memory"]!.GetValue<int>().Should().Be(512);
            Image(deployed).Should().Be("repo/web:2");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Test]
    public async Task Task_definition_mode_registers_a_revision_and_touches_no_service()
    {
        var run = new InProcess(Scenarios.Web(moreTaskDefinitions: [Scenarios.TaskDefinition("repo/web:1b"), Scenarios.TaskDefinition("repo/web:1c")]));
        var result = await run.RunAsync("-d", "web", "-i", "repo/web:2", "--max-definitions", "2");

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        run.Writes().Should().Equal(["RegisterTaskDefinition", "DeregisterTaskDefinition"], "web:2 goes; web:1 is older still, but service web runs it");
        ((string)run.TaskDefinition(run.ServiceTaskDefinition())["status"]!).Should().Be("ACTIVE");
        Image(run.NewestTaskDefinition()).Should().Be("repo/web:2");
        result.Out.Should().Be($"New task definition: {run.NewestTaskDefinition()["taskDefinitionArn"]}\nTask definition updated successfully\n");
    }

    [Test]
    public async Task Skip_if_unchanged_does_nothing_when_the_service_runs_the_requested_revision()
    {
        var run = new InProcess(Scenarios.Web());
        var result = await run.RunAsync(Deploy("-i", "repo/web:1", "--skip-if-unchanged"));

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        run.Writes().Should().BeEmpty();
        result.Error.Should().Contain("already runs web:1");
    }

    [Test]
    public async Task Dry_run_prints_the_diff_and_the_calls_and_writes_nothing()
    {
        var run = new InProcess(Scenarios.Web());
        var result = await run.RunAsync(Deploy("-i", "repo/web:2", "-D", "3", "--dry-run"));

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        run.Writes().Should().BeEmpty();
        result.Out.Should().Contain("~ containerDefinitions[app].image: \"repo/web:1\" -> \"repo/web:2\"")
            .And.Contain("RegisterTaskDefinition (the new revision above)")
            .And.Contain("UpdateService (cluster prod, service web, taskDefinition (the new revision), desiredCount 3)");
    }

    [Test]
    public async Task Dry_run_lists_every_call_with_what_it_would_send()
    {
        var run = new InProcess(Scenarios.Web());
        var result = await run.RunAsync("-c", "prod", "-n", "web", "-t", "90", "-i", "repo/web:2", "-D", "3", "-M", "150", "--force-new-deployment", "--max-definitions", "2", "--dry-run");

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        run.Writes().Should().BeEmpty();
        result.Out.Should().EndWith("""
            Calls that would be made:
              RegisterTaskDefinition (the new revision above)
              UpdateService (cluster prod, service web, taskDefinition (the new revision), desiredCount 3, deploymentConfiguration limits, forceNewDeployment)
              DescribeServices until the deployment ends (at most 90s)
              ListTaskDefinitions and DeregisterTaskDefinition beyond the newest 2, after a success

            """);
    }

    [Test]
    public async Task Dry_run_without_a_new_revision_updates_the_service_only()
    {
        var run = new InProcess(Scenarios.Web());
        var result = await run.RunAsync(Deploy("--force-new-deployment", "-D", "1", "--dry-run", "--output", "json"));

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        ((string?)JsonNode.Parse(result.Out)!["wouldCall"]).Should().Be(
            "  UpdateService (cluster prod, service web, taskDefinition (unchanged), desiredCount 1, forceNewDeployment)\n  DescribeServices until the deployment ends (at most 3600s)");
    }

    [Test]
    public async Task A_missing_service_is_refused_before_any_write_with_exit_code_15()
    {
        var run = new InProcess(Scenarios.Web());
        var result = await run.RunAsync("-c", "prod", "-n", "nope", "-i", "repo/web:2");

        result.ExitCode.Should().Be(ExitCodes.Refused, result.ToString());
        result.Error.Trim().Should().Be("ERROR: The service 'nope' was not found in cluster 'prod' in account 123456789012, region us-east-1.");
        run.Writes().Should().BeEmpty();
    }

    [Test]
    public async Task An_image_that_matches_no_container_is_refused_with_exit_code_15()
    {
        var run = new InProcess(Scenarios.Web());
        var result = await run.RunAsync(Deploy("-i", "other/app:2"));

        result.ExitCode.Should().Be(ExitCodes.Refused, result.ToString());
        result.Error.Should().StartWith("ERROR: No container uses the repository 'other/app'");
        run.Writes().Should().BeEmpty();
    }

    [Test]
    public async Task Verbose_prints_each_AWS_call_and_never_a_credential()
    {
        var run = new InProcess(Scenarios.Web());
        var result = await run.RunAsync(Deploy("-i", "repo/web:2", "-v", "-k", "AKIDVERBOSETEST", "-s", "very-secret-value"));

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        result.Error.Should().MatchRegex(@"AWS DescribeServices answered 200 in \d+ ms \(request id [^,]+, attempt 1\)");
        result.Error.Should().Contain("AWS RegisterTaskDefinition answered").And.Contain("AWS UpdateService answered");
        result.Error.Should().NotContain("very-secret-value").And.NotContain("AKIDVERBOSETEST");
    }
}
