using System.Net;
using System.Text.Json.Nodes;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Ecr;
using Ecs.BlueGreen.Ecr.Model;
using Ecs.BlueGreen.TaskDefinitions;
using Ecs.BlueGreen.Testing.Scenarios;

namespace Ecs.BlueGreen.Tests.Deployments;

/// <summary>The pre-flight check of the new revision's Amazon ECR images, and the digests the running tasks report, on the emulator.</summary>
public class ImageVerificationTests
{
    private const string Registry = "123456789012.dkr.ecr.eu-west-1.amazonaws.com";
    private const string DigestOne = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string DigestTwo = "sha256:2222222222222222222222222222222222222222222222222222222222222222";
    private const string DigestMoved = "sha256:3333333333333333333333333333333333333333333333333333333333333333";

    /// <summary>web:1 runs {Registry}/web:1 (container app) beside a sidecar {Registry}/proxy:1; the web repository has tags 1, 2, 2.1 and 3.</summary>
    private static EmulatorScenario Scenario(int desired = 4, JsonObject? limits = null) =>
        EngineHarness.Web(desired, limits, taskDefinitions: EngineHarness.TaskDefinition("web", EngineHarness.Container("app", $"{Registry}/web:1"), EngineHarness.Container("proxy", $"{Registry}/proxy:1"))) with
        {
            EcrRepositories =
            [
                new EcrRepository { Name = "web", Tags = new Dictionary<string, string> { ["1"] = DigestOne, ["2"] = DigestTwo, ["2.1"] = DigestTwo, ["3"] = DigestMoved } },
                new EcrRepository { Name = "proxy", Tags = new Dictionary<string, string> { ["1"] = DigestOne } },
            ],
        };

    [Test]
    public async Task A_missing_ECR_tag_is_refused_before_any_write_naming_the_repository_the_tag_and_the_nearest_tags()
    {
        using var harness = new EngineHarness(Scenario());

        var run = () => harness.RunAsync(harness.Deployment().WithEcrClient(harness.Ecr).WithImage($"{Registry}/web:2.2"));

        var refused = (await run.Should().ThrowAsync<DeploymentValidationException>()).Which;
        refused.Problems.Should().ContainSingle().Which.Should().Be(
            $"The image {Registry}/web:2.2 does not exist: the repository 'web' has no image with tag '2.2'. Nearest tags: 2.1, 2, 1.");
        harness.Writes.Should().BeEmpty();
        harness.Emulator.CountCalls("RegisterTaskDefinition").Should().Be(0);
        var checks = harness.Emulator.Calls.Where(c => c.Operation == "DescribeImages").Select(c => JsonNode.Parse(c.Request)!).ToList();
        checks.Select(c => (string?)c["repositoryName"]).Should().Equal("web", "web", "proxy");
        checks[0]!["registryId"]!.GetValue<string>().Should().Be("123456789012");
        checks[0]!["imageIds"]![0]!["imageTag"]!.GetValue<string>().Should().Be("2.2");
        checks[1]!["filter"]!["tagStatus"]!.GetValue<string>().Should().Be("TAGGED", "the nearest tags are read from the repository's tagged images");
    }

    [Test]
    public async Task Every_container_is_checked_and_a_missing_repository_is_refused_too()
    {
        var scenario = Scenario() with { EcrRepositories = [new EcrRepository { Name = "web", Tags = new Dictionary<string, string> { ["2"] = DigestTwo } }] };
        using var harness = new EngineHarness(scenario);

        var run = () => harness.RunAsync(harness.Deployment().WithEcrClient(harness.Ecr).WithImage("app", $"{Registry}/web:2"));

        var refused = (await run.Should().ThrowAsync<DeploymentValidationException>()).Which;
        refused.Problems.Should().ContainSingle().Which.Should().StartWith($"The image {Registry}/proxy:1 does not exist: the repository 'proxy' was not found in the ECR registry {Registry}");
        harness.Writes.Should().BeEmpty();
    }

    [Test]
    public async Task The_check_asks_the_registry_region()
    {
        var regions = new List<string>();
        using var harness = new EngineHarness(Scenario());

        var result = await harness.RunAsync(harness.Deployment().WithEcrClient(region => { regions.Add(region); return harness.Ecr; }).WithImage($"{Registry}/web:2"));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        regions.Should().OnlyContain(r => r == "eu-west-1").And.NotBeEmpty();
    }

    [Test]
    public async Task Without_verification_nothing_is_asked_of_ECR_and_a_missing_tag_deploys()
    {
        using var harness = new EngineHarness(Scenario());

        var result = await harness.RunAsync(harness.Deployment().WithEcrClient(harness.Ecr).WithoutImageVerification().WithImage($"{Registry}/web:2.2"));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        harness.Emulator.CountCalls("DescribeImages").Should().Be(0);
    }

    [Test]
    public async Task Access_denied_is_a_warning_and_the_deployment_goes_ahead()
    {
        using var harness = new EngineHarness(Scenario());

        var result = await harness.RunAsync(harness.Deployment().WithEcrClient(new DeniedEcr()).WithImage($"{Registry}/web:2"));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        result.Warnings.Should().Contain($"The image {Registry}/web:2 could not be checked in ECR (AccessDeniedException: not authorized to perform ecr:DescribeImages); deploying without the check.");
        harness.Writes.Should().Equal("RegisterTaskDefinition", "UpdateService");
    }

    [Test]
    public async Task ECR_Public_and_other_registries_are_not_checked_ECR_Public_with_a_warning()
    {
        using var harness = new EngineHarness(EngineHarness.Web(2));

        var result = await harness.RunAsync(harness.Deployment().WithEcrClient(harness.Ecr).WithImage("app", "public.ecr.aws/nginx/nginx:1.27").DryRun());

        result.Outcome.Should().Be(DeploymentOutcome.Planned, result.Reason);
        result.Warnings.Should().ContainSingle().Which.Should().Contain("public.ecr.aws/nginx/nginx:1.27 (ECR Public) was not checked");
        harness.Emulator.CountCalls("DescribeImages").Should().Be(0);
    }

    [Test]
    public async Task A_task_definition_only_registration_is_refused_before_RegisterTaskDefinition()
    {
        using var harness = new EngineHarness(Scenario());

        var register = () => harness.DriveAsync(token => EcsTaskDefinition.For("web").WithClient(harness.Client).WithEcrClient(harness.Ecr).WithTimeProvider(harness.Clock)
            .WithImage($"{Registry}/web:4").RegisterAsync(token));

        var refused = (await register.Should().ThrowAsync<DeploymentValidationException>()).Which;
        refused.Problems.Should().ContainSingle().Which.Should().Contain("has no image with tag '4'. Nearest tags: 1, 2, 3.");
        harness.Emulator.CountCalls("RegisterTaskDefinition").Should().Be(0);
    }

    [Test]
    public async Task After_a_success_the_result_names_the_digest_each_running_task_reports()
    {
        using var harness = new EngineHarness(Scenario(desired: 3));

        var result = await harness.RunAsync(harness.Deployment().WithEcrClient(harness.Ecr).WithImage("app", $"{Registry}/web:2"));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        result.RunningImages.Should().HaveCount(6, "three tasks of two containers");
        result.RunningImages.Select(i => i.TaskArn).Distinct().Should().HaveCount(3);
        result.RunningImages.Where(i => i.ContainerName == "app").Should().OnlyContain(i => i.Image == $"{Registry}/web:2" && i.ImageDigest == DigestTwo);
        result.RunningImages.Where(i => i.ContainerName == "proxy").Should().OnlyContain(i => i.ImageDigest == DigestOne);
        result.Warnings.Should().BeEmpty();
    }

    [Test]
    public async Task A_tag_moved_during_the_deployment_gives_tasks_of_one_revision_different_digests_and_a_warning()
    {
        // Two tasks at a time (50-100 %): the first two new tasks pull web:2 before the push, the last two after it.
        var limits = new JsonObject { ["minimumHealthyPercent"] = 50, ["maximumPercent"] = 100 };
        using var harness = new EngineHarness(Scenario(desired: 4, limits));
        var pushed = false;

        var result = await harness.DriveAsync(
            token => harness.Deployment().WithEcrClient(harness.Ecr).WithImage("app", $"{Registry}/web:2").RunAsync(token),
            eachSecond: elapsed =>
            {
                if (!pushed && elapsed >= TimeSpan.FromSeconds(20))
                {
                    pushed = true;
                    harness.Emulator.PushImage("web", "2", DigestMoved);
                }
            });

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        var app = result.RunningImages.Where(i => i.ContainerName == "app").ToList();
        app.Should().HaveCount(4);
        app.Count(i => i.ImageDigest == DigestTwo).Should().Be(2);
        app.Count(i => i.ImageDigest == DigestMoved).Should().Be(2);
        result.Warnings.Should().ContainSingle().Which.Should().Be(
            $"The tasks of web:2 run different images for {Registry}/web:2 (container app): {DigestTwo} (2 task(s)), {DigestMoved} (2 task(s)); the tag moved during the deployment.");
    }

    [Test]
    public void The_nearest_tags_are_the_fewest_edits_away_then_in_order()
    {
        ImageVerification.Nearest("v1.2.4", ["v1.2.3", "v1.3.0", "latest", "v1.2.3", "v2.0.0", "v1.2"]).Should().Equal("v1.2.3", "v1.2", "v1.3.0");
        ImageVerification.Nearest("2.1", ["1", "1.0", "2", "2.0.1"]).Should().Equal(["2.0.1", "2", "1"], "at equal distance the longer common prefix is nearer");
        ImageVerification.Nearest("x", []).Should().BeEmpty();
    }

    private sealed class DeniedEcr : IEcrClient
    {
        public Task<DescribeImagesResponse> DescribeImagesAsync(DescribeImagesRequest request, CancellationToken cancellationToken = default) =>
            throw new AwsServiceException("ecr", "DescribeImages", "AccessDeniedException", "not authorized to perform ecr:DescribeImages", HttpStatusCode.BadRequest, null);
    }
}
