using System.Text.Json.Nodes;
using Ecs.BlueGreen.Tool.Tests.Support;

namespace Ecs.BlueGreen.Tool.Tests;

/// <summary>The pre-flight ECR image check (exit 15 before any write, --no-verify-image) and the digests the new tasks run, in every output.</summary>
public class ImageCheckTests
{
    private static readonly string[] Deploy = ["-c", "prod", "-n", "web", "-t", "3600"];

    [Test]
    public async Task A_missing_ECR_tag_exits_15_before_any_write_naming_the_repository_the_tag_and_the_nearest_tags()
    {
        var run = new InProcess(Scenarios.Ecr());

        var result = await run.RunAsync([.. Deploy, "-i", $"{Scenarios.EcrRegistry}/web:2.1"]);

        result.ExitCode.Should().Be(ExitCodes.Refused, result.ToString());
        result.Error.Should().Contain($"ERROR: The image {Scenarios.EcrRegistry}/web:2.1 does not exist: the repository 'web' has no image with tag '2.1'. Nearest tags: 2.0.1, 2, 1.");
        run.Writes().Should().BeEmpty();
        run.Emulator.CountCalls("RegisterTaskDefinition").Should().Be(0);
        run.EcrRegions.Should().OnlyContain(r => r == "eu-west-1", "the check asks the registry's region");
    }

    [Test]
    public async Task A_missing_tag_is_refused_in_task_definition_only_mode_and_in_json()
    {
        var run = new InProcess(Scenarios.Ecr());

        var result = await run.RunAsync("-d", "web", "-i", $"{Scenarios.EcrRegistry}/web:3", "--output", "json");

        result.ExitCode.Should().Be(ExitCodes.Refused, result.ToString());
        var document = JsonNode.Parse(result.Out)!;
        ((string?)document["outcome"]).Should().Be("refused");
        document["problems"]!.AsArray().Select(p => (string?)p).Should().ContainSingle().Which.Should().Contain("has no image with tag '3'. Nearest tags: 1, 2, 1.0.");
        run.Emulator.CountCalls("RegisterTaskDefinition").Should().Be(0);
    }

    [Test]
    public async Task No_verify_image_sends_no_ECR_call_and_deploys()
    {
        var run = new InProcess(Scenarios.Ecr());

        var result = await run.RunAsync([.. Deploy, "-i", $"{Scenarios.EcrRegistry}/web:2.1", "--no-verify-image"]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        run.Emulator.CountCalls("DescribeImages").Should().Be(0);
        run.Writes().Should().Equal("RegisterTaskDefinition", "UpdateService");
    }

    [Test]
    public async Task After_a_success_the_digests_of_the_running_tasks_are_in_the_text_the_json_and_the_step_summary()
    {
        var folder = Directory.CreateTempSubdirectory("ecs-bluegreen-digests-").FullName;
        try
        {
            var run = new InProcess(Scenarios.Ecr());
            run.Environment["GITHUB_ACTIONS"] = "true";
            run.Environment["GITHUB_OUTPUT"] = Path.Combine(folder, "output");
            run.Environment["GITHUB_STEP_SUMMARY"] = Path.Combine(folder, "summary");

            var text = await run.RunAsync([.. Deploy, "-i", $"{Scenarios.EcrRegistry}/web:2"]);
            var json = await run.RunAsync([.. Deploy, "-i", $"{Scenarios.EcrRegistry}/web:2.0.1", "--output", "json"]);

            text.ExitCode.Should().Be(ExitCodes.Success, text.ToString());
            text.Error.Should().Contain($"Image digest: container app runs {Scenarios.EcrRegistry}/web:2 as {Scenarios.DigestTwo} (2 task(s))");
            text.Out.Should().Be("New task definition: arn:aws:ecs:us-east-1:123456789012:task-definition/web:2\nService deployment successful.\n", "stdout keeps ecs-deploy's lines");
            json.ExitCode.Should().Be(ExitCodes.Success, json.ToString());
            var images = JsonNode.Parse(json.Out)!["runningImages"]!.AsArray();
            images.Should().HaveCount(4, "two tasks, each with app and sidecar");
            images.Where(i => (string?)i!["containerName"] == "app").Should().OnlyContain(i => (string?)i!["image"] == $"{Scenarios.EcrRegistry}/web:2.0.1" && (string?)i!["imageDigest"] == Scenarios.DigestTwo);
            images.Should().OnlyContain(i => ((string?)i!["taskArn"])!.Contains(":task/prod/", StringComparison.Ordinal));
            var summary = await File.ReadAllTextAsync(Path.Combine(folder, "summary"));
            summary.Should().Contain($"| Image digest | container app runs {Scenarios.EcrRegistry}/web:2 as {Scenarios.DigestTwo} (2 task(s)) |");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task A_tag_moved_during_the_deployment_is_a_warning_naming_both_digests()
    {
        const string Moved = "sha256:3333333333333333333333333333333333333333333333333333333333333333";
        var scenario = Scenarios.Ecr(desired: 4);
        scenario = scenario with { Services = [scenario.Services[0].DeepClone().AsObject()] };
        scenario.Services[0]["deploymentConfiguration"] = new JsonObject { ["minimumHealthyPercent"] = 50, ["maximumPercent"] = 100 };
        var run = InProcess.OnManualClock(scenario);
        var pushed = false;
        run.EachSecond = elapsed =>
        {
            if (!pushed && elapsed >= TimeSpan.FromSeconds(20))
            {
                pushed = true;
                run.Emulator.PushImage("web", "2", Moved);
            }
        };

        var result = await run.RunAsync([.. Deploy, "-i", $"{Scenarios.EcrRegistry}/web:2", "--output", "json"]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var document = JsonNode.Parse(result.Out)!;
        document["warnings"]!.AsArray().Select(w => (string?)w).Should().ContainSingle().Which.Should()
            .Be($"The tasks of web:2 run different images for {Scenarios.EcrRegistry}/web:2 (container app): {Scenarios.DigestTwo} (2 task(s)), {Moved} (2 task(s)); the tag moved during the deployment.");
        result.Error.Should().Contain("warning: The tasks of web:2 run different images");
    }
}
