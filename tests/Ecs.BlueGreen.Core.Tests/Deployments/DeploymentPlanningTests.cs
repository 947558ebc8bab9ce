using System.Text.Json.Nodes;
using Ecs.BlueGreen.Deployments;

namespace Ecs.BlueGreen.Tests.Deployments;

/// <summary>What goes into the new revision and the update, and what is refused before any write.</summary>
public class DeploymentPlanningTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static JsonObject Web(params JsonObject[] containers) => EngineHarness.TaskDefinition("web", containers);

    [Test]
    public async Task WithImage_updates_every_container_of_the_repository_whether_untagged_or_pinned_by_digest_and_nothing_else()
    {
        using var harness = new EngineHarness(EngineHarness.Web(2, taskDefinitions: Web(
            EngineHarness.Container("app", "registry.example.com:5000/team/web"),
            EngineHarness.Container("worker", $"registry.example.com:5000/team/web@{Digest}"),
            EngineHarness.Container("proxy", "registry.example.com:5000/team/web-proxy:3"),
            EngineHarness.Container("cache", "redis:7"))));

        var result = await harness.RunAsync(harness.Deployment().WithImage("registry.example.com:5000/team/web:1.4"));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        var images = (await harness.TaskDefinitionAsync("web:2")).ContainerDefinitions.Select(c => $"{c.Name}={c.Image}");
        images.Should().Equal(
            "app=registry.example.com:5000/team/web:1.4",
            "worker=registry.example.com:5000/team/web:1.4",
            "proxy=registry.example.com:5000/team/web-proxy:3",
            "cache=redis:7");
    }

    [Test]
    public async Task WithTag_retags_every_container_keeping_registry_ports_and_replacing_digests()
    {
        using var harness = new EngineHarness(EngineHarness.Web(1, taskDefinitions: Web(
            EngineHarness.Container("app", "reg.example.com:5000/app"),
            EngineHarness.Container("side", $"repo/side@{Digest}"),
            EngineHarness.Container("plain", "nginx:1.25"))));

        await harness.RunAsync(harness.Deployment().WithTag("v9"));

        (await harness.TaskDefinitionAsync("web:2")).ContainerDefinitions.Select(c => c.Image)
            .Should().Equal("reg.example.com:5000/app:v9", "repo/side:v9", "nginx:v9");
    }

    [Test]
    public async Task An_explicit_image_wins_over_the_tag_and_a_named_container_can_change_repository()
    {
        using var harness = new EngineHarness(EngineHarness.Web(1, taskDefinitions: Web(
            EngineHarness.Container("app", "repo/web:1"), EngineHarness.Container("side", "repo/side:1"))));

        await harness.RunAsync(harness.Deployment().WithTag("v2").WithImage("side", "other.example.com/sidecar:5"));

        (await harness.TaskDefinitionAsync("web:2")).ContainerDefinitions.Select(c => c.Image).Should().Equal("repo/web:v2", "other.example.com/sidecar:5");
    }

    [Test]
    public async Task An_environment_variable_is_replaced_or_added_and_the_diff_hides_secret_looking_values()
    {
        var app = EngineHarness.Container("app", "repo/web:1", new JsonObject
        {
            ["environment"] = new JsonArray(new JsonObject { ["name"] = "MODE", ["value"] = "blue" }, new JsonObject { ["name"] = "KEEP", ["value"] = "1" }),
        });
        using var harness = new EngineHarness(EngineHarness.Web(1, taskDefinitions: Web(app)));

        var result = await harness.RunAsync(harness.Deployment().WithEnvironmentVariable("app", "MODE", "green").WithEnvironmentVariable("app", "API_TOKEN", "s3cr3t"));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        (await harness.TaskDefinitionAsync("web:2")).ContainerDefinitions[0].Environment!.Select(v => $"{v.Name}={v.Value}")
            .Should().Equal("MODE=green", "KEEP=1", "API_TOKEN=s3cr3t");
        result.Changes.Select(c => c.ToString()).Should().Equal(
            "containerDefinitions[app].environment[MODE].value: \"blue\" -> \"green\"",
            "containerDefinitions[app].environment[API_TOKEN]: (none) -> \"(hidden)\"");
        harness.Events.Select(e => e.Message).Should().NotContain(m => m.Contains("s3cr3t", StringComparison.Ordinal));
    }

    [Test]
    public async Task A_dry_run_reads_everything_validates_and_reports_the_diff_without_a_single_write()
    {
        using var harness = new EngineHarness(EngineHarness.Web(2));

        var result = await harness.RunAsync(harness.Deployment().WithImage("repo/web:2").WithDesiredCount(3).DryRun());

        result.Outcome.Should().Be(DeploymentOutcome.Planned);
        result.Reason.Should().Be("Dry run: would register a new revision of web (1 change(s)), set the desired count to 3 and update service web (now on web:1). Nothing was written.");
        result.Changes.Select(c => c.ToString()).Should().Equal("containerDefinitions[app].image: \"repo/web:1\" -> \"repo/web:2\"");
        result.IsSuccess.Should().BeTrue();
        harness.Writes.Should().BeEmpty();
        harness.Emulator.Calls.Should().NotBeEmpty("the dry run still reads the cluster, service and revision");
    }

    [Test]
    public async Task SkipIfUnchanged_registers_and_deploys_nothing_when_the_service_already_runs_the_requested_revision()
    {
        using var harness = new EngineHarness(EngineHarness.Web(2));

        var result = await harness.RunAsync(harness.Deployment().WithImage("repo/web:1").SkipIfUnchanged());

        result.Outcome.Should().Be(DeploymentOutcome.Unchanged);
        result.Reason.Should().Contain("already runs web:1");
        result.TaskDefinitionArn.Should().EndWith("web:1");
        harness.Writes.Should().BeEmpty();
    }

    [Test]
    public async Task SkipIfUnchanged_deploys_an_identical_latest_revision_without_registering_another()
    {
        using var harness = new EngineHarness(EngineHarness.Web(2, taskDefinitions: [Web(EngineHarness.Container("app", "repo/web:1")), Web(EngineHarness.Container("app", "repo/web:2"))]));

        var result = await harness.RunAsync(harness.Deployment().UseLatestTaskDefinition().WithImage("repo/web:2").SkipIfUnchanged());

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        result.Registered.Should().BeFalse();
        result.TaskDefinitionArn.Should().EndWith("web:2");
        harness.Writes.Should().Equal("UpdateService");
    }

    [Test]
    public async Task Without_SkipIfUnchanged_an_unchanged_revision_is_registered_again_as_ecs_deploy_does()
    {
        using var harness = new EngineHarness(EngineHarness.Web(1));

        var result = await harness.RunAsync(harness.Deployment().WithImage("repo/web:1"));

        result.TaskDefinitionArn.Should().EndWith("web:2");
        harness.Writes.Should().Equal("RegisterTaskDefinition", "UpdateService");
    }

    [Test]
    public async Task UseLatestTaskDefinition_bases_the_revision_on_the_newest_one_and_keeps_the_rollback_target()
    {
        var latest = Web(EngineHarness.Container("app", "repo/web:1", new JsonObject { ["environment"] = new JsonArray(new JsonObject { ["name"] = "FROM", ["value"] = "latest" }) }));
        using var harness = new EngineHarness(EngineHarness.Web(1, taskDefinitions: [Web(EngineHarness.Container("app", "repo/web:1")), latest]));

        var result = await harness.RunAsync(harness.Deployment().UseLatestTaskDefinition().WithImage("repo/web:3"));

        result.PreviousTaskDefinitionArn.Should().EndWith("web:1");
        var registered = await harness.TaskDefinitionAsync("web:3");
        registered.ContainerDefinitions[0].Environment!.Single().Value.Should().Be("latest");
        registered.ContainerDefinitions[0].Image.Should().Be("repo/web:3");
    }

    [Test]
    public async Task A_task_definition_file_in_either_shape_and_any_formatting_becomes_the_new_revision_and_tags_can_be_copied()
    {
        var directory = Directory.CreateTempSubdirectory("ecs-bluegreen-");
        try
        {
            var describeOutput = Path.Combine(directory.FullName, "describe.json");
            await File.WriteAllTextAsync(describeOutput, """{"taskDefinition":{"taskDefinitionArn":"arn:aws:ecs:us-east-1:123456789012:task-definition/web:7","family":"web","revision":7,"status":"ACTIVE","containerDefinitions":[{"name":"app","image":"repo/web:file","essential":true,"memory":256}],"requiresAttributes":[],"compatibilities":["EC2"],"registeredAt":1767225600}}""");
            var registerInput = Path.Combine(directory.FullName, "register.json");
            await File.WriteAllTextAsync(registerInput, "{\n  // comments and trailing commas are tolerated\n  \"family\": \"web\",\n  \"containerDefinitions\": [ { \"name\": \"app\", \"image\": \"repo/web:file2\", \"memory\": 128, } ],\n  \"tags\": [ { \"key\": \"team\", \"value\": \"core\" } ]\n}");
            using var harness = new EngineHarness(EngineHarness.Web(1));

            var first = await harness.RunAsync(harness.Deployment().WithTaskDefinitionFile(describeOutput).WithImage("repo/web:override"));
            var second = await harness.RunAsync(harness.Deployment().WithTaskDefinitionFile(registerInput));

            first.Outcome.Should().Be(DeploymentOutcome.Succeeded, first.Reason);
            (await harness.TaskDefinitionAsync("web:2")).ContainerDefinitions.Single().Image.Should().Be("repo/web:override");
            second.Outcome.Should().Be(DeploymentOutcome.Succeeded, second.Reason);
            (await harness.TaskDefinitionAsync("web:3")).ContainerDefinitions.Single().Image.Should().Be("repo/web:file2");
            var register = JsonNode.Parse(harness.Emulator.Calls.Last(c => c.Operation == "RegisterTaskDefinition").Request)!;
            register["tags"]!.ToJsonString().Should().Be("""[{"key":"team","value":"core"}]""");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Test]
    public async Task CopyTaskDefinitionTags_sends_the_base_revisions_tags()
    {
        var scenario = EngineHarness.Web(1);
        scenario.TaskDefinitions[0]["tags"] = new JsonArray(new JsonObject { ["key"] = "owner", ["value"] = "payments" });
        using var harness = new EngineHarness(scenario);

        await harness.RunAsync(harness.Deployment().WithImage("repo/web:2").CopyTaskDefinitionTags());

        var register = JsonNode.Parse(harness.Emulator.Calls.Single(c => c.Operation == "RegisterTaskDefinition").Request)!;
        register["tags"]!.ToJsonString().Should().Be("""[{"key":"owner","value":"payments"}]""");
    }

    [Test]
    public async Task Deployment_limits_change_only_the_percentages_and_keep_the_circuit_breaker_and_alarms()
    {
        var configuration = EngineHarness.CircuitBreaker();
        configuration["alarms"] = new JsonObject { ["alarmNames"] = new JsonArray("web-5xx"), ["enable"] = true, ["rollback"] = true };
        using var harness = new EngineHarness(EngineHarness.Web(4, configuration));

        var result = await harness.RunAsync(harness.Deployment().WithImage("repo/web:2").WithDeploymentLimits(50, 150));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        var update = JsonNode.Parse(harness.Emulator.Calls.Single(c => c.Operation == "UpdateService").Request)!["deploymentConfiguration"]!;
        ((int)update["minimumHealthyPercent"]!).Should().Be(50);
        ((int)update["maximumPercent"]!).Should().Be(150);
        ((bool)update["deploymentCircuitBreaker"]!["rollback"]!).Should().BeTrue();
        ((string)update["alarms"]!["alarmNames"]![0]!).Should().Be("web-5xx");
    }

    [TestCase(true)]
    [TestCase(false)]
    public async Task A_limit_given_alone_keeps_the_other_as_the_service_has_it(bool minimumGiven)
    {
        var configuration = EngineHarness.CircuitBreaker();
        configuration["minimumHealthyPercent"] = 50;
        configuration["maximumPercent"] = 150;
        using var harness = new EngineHarness(EngineHarness.Web(4, configuration));
        var deployment = harness.Deployment().WithImage("repo/web:2");

        var result = await harness.RunAsync(minimumGiven ? deployment.WithMinimumHealthyPercent(75) : deployment.WithMaximumPercent(300));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        harness.Emulator.Calls.Where(c => c.Operation == "DescribeServices").Should().NotBeEmpty();
        var update = JsonNode.Parse(harness.Emulator.Calls.Single(c => c.Operation == "UpdateService").Request)!["deploymentConfiguration"]!;
        ((int)update["minimumHealthyPercent"]!).Should().Be(minimumGiven ? 75 : 50);
        ((int)update["maximumPercent"]!).Should().Be(minimumGiven ? 150 : 300);
        ((bool)update["deploymentCircuitBreaker"]!["rollback"]!).Should().BeTrue();
    }

    [Test]
    public async Task A_limit_given_alone_is_enough_to_deploy_and_is_checked_against_the_service_s_other_limit()
    {
        var configuration = new JsonObject { ["minimumHealthyPercent"] = 100, ["maximumPercent"] = 200 };
        using var harness = new EngineHarness(EngineHarness.Web(2, configuration));

        var act = () => harness.RunAsync(harness.Deployment().WithMaximumPercent(100));

        (await act.Should().ThrowAsync<DeploymentValidationException>()).Which.Problems.Should().ContainSingle()
            .Which.Should().Contain("a minimum healthy percent of 100 and a maximum percent of 100");
        harness.Writes.Should().BeEmpty();

        var result = await harness.RunAsync(harness.Deployment().WithMaximumPercent(150));
        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        var update = JsonNode.Parse(harness.Emulator.Calls.Single(c => c.Operation == "UpdateService").Request)!["deploymentConfiguration"]!;
        ((int)update["minimumHealthyPercent"]!).Should().Be(100);
        ((int)update["maximumPercent"]!).Should().Be(150);
    }

    [Test]
    public async Task ForceNewDeployment_alone_redeploys_the_current_revision_without_registering()
    {
        using var harness = new EngineHarness(EngineHarness.Web(2));

        var result = await harness.RunAsync(harness.Deployment().ForceNewDeployment());

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        result.TaskDefinitionArn.Should().EndWith("web:1");
        harness.Writes.Should().Equal("UpdateService");
        ((bool)JsonNode.Parse(harness.Emulator.Calls.Single(c => c.Operation == "UpdateService").Request)!["forceNewDeployment"]!).Should().BeTrue();
    }

    [Test]
    public async Task Every_problem_is_reported_at_once_and_nothing_is_written()
    {
        using var harness = new EngineHarness(EngineHarness.Web(2, taskDefinitions: Web(EngineHarness.Container("app", "repo/web:1"), EngineHarness.Container("log", "fluent/bit:2"))));
        var deployment = harness.Deployment().WithImage("repo/api:2").WithImage("nope", "repo/web:2").WithEnvironmentVariable("ghost", "A", "1");

        var act = () => harness.RunAsync(deployment);

        var problems = (await act.Should().ThrowAsync<DeploymentValidationException>()).Which.Problems;
        problems.Should().Equal(
            "No container uses the repository 'repo/api'; the containers use 'repo/web' (app), 'fluent/bit' (log). Name the container to change its repository.",
            "No container named 'nope'; the containers are 'app', 'log'.",
            "No container named 'ghost'; the containers are 'app', 'log'.");
        harness.Writes.Should().BeEmpty();
    }

    [TestCase("nocluster", "web", "The cluster 'nocluster' was not found in account 123456789012, region us-east-1 (check the name, the region and the credentials).")]
    [TestCase("prod", "noservice", "The service 'noservice' was not found in cluster 'prod' in account 123456789012, region us-east-1.")]
    public async Task A_missing_cluster_or_service_is_refused_before_any_write(string cluster, string service, string message)
    {
        using var harness = new EngineHarness(EngineHarness.Web(1));
        var deployment = EcsDeployment.For(cluster, service).WithClient(harness.Client).WithTimeProvider(harness.Clock).WithImage("repo/web:2");

        var act = () => harness.RunAsync(deployment);

        (await act.Should().ThrowAsync<DeploymentValidationException>()).Which.Message.Should().Be(message);
        harness.Writes.Should().BeEmpty();
    }

    [Test]
    public async Task Limits_that_leave_ECS_no_room_to_replace_a_task_are_refused_before_any_write()
    {
        using var harness = new EngineHarness(EngineHarness.Web(4));

        var act = () => harness.RunAsync(harness.Deployment().WithImage("repo/web:2").WithDeploymentLimits(100, 100));

        (await act.Should().ThrowAsync<DeploymentValidationException>()).Which.Message.Should()
            .Be("With 4 task(s), a minimum healthy percent of 100 and a maximum percent of 100 leave ECS no room to stop or start a task: lower the minimum or raise the maximum.");
        harness.Writes.Should().BeEmpty();
    }

    [Test]
    public async Task Asking_for_nothing_is_refused()
    {
        using var harness = new EngineHarness(EngineHarness.Web(1));

        var act = () => harness.RunAsync(harness.Deployment());

        (await act.Should().ThrowAsync<DeploymentValidationException>()).Which.Message.Should().StartWith("Nothing to deploy:");
    }

    [Test]
    public async Task A_service_on_the_CODE_DEPLOY_controller_without_a_CodeDeploy_client_gets_a_clear_message_and_no_write()
    {
        // The emulator serves CODE_DEPLOY services (and CodeDeploy itself); this deployment is given no CodeDeploy client.
        using var harness = new EngineHarness(CodeDeploy.CodeDeployScenarioHarness.Scenario());
        var deployment = EcsDeployment.For("prod", "web").WithClient(harness.Client).WithTimeProvider(harness.Clock).WithImage("repo/web:2");

        var act = () => harness.RunAsync(deployment);

        (await act.Should().ThrowAsync<DeploymentValidationException>()).Which.Message.Should()
            .StartWith("The service 'web' uses the CODE_DEPLOY deployment controller and this deployment has no CodeDeploy client: give one with WithCodeDeployClient");
        harness.Writes.Should().BeEmpty();
    }
}
