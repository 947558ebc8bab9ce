using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Ecr;
using Ecs.BlueGreen.Ecr.Model;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Testing.Scenarios;

namespace Ecs.BlueGreen.Testing.Tests;

/// <summary>The Amazon ECR subset: the scenario's repositories through DescribeImages, a tag pushed at run time, and the digest each task reports.</summary>
public class EcrTests
{
    private const string Image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web";
    private static readonly string One = "sha256:" + new string('1', 64);
    private static readonly string Two = "sha256:" + new string('2', 64);
    private static readonly string Three = "sha256:" + new string('3', 64);

    /// <summary>The web service on {Image}:1, with web:2 registered on {Image}:2; the repository has tags 1, 2 and stable (= 2).</summary>
    private static EmulatorScenario Scenario() => Harness.WebScenario(2, Image + ":2") with
    {
        TaskDefinitions = [Harness.TaskDefinition("web", Image + ":1"), Harness.TaskDefinition("web", Image + ":2")],
        EcrRepositories = [new EcrRepository { Name = "web", Tags = new Dictionary<string, string> { ["1"] = One, ["2"] = Two, ["stable"] = Two } }],
    };

    private static EcrClient Ecr(Harness harness) => harness.Emulator.CreateEcrClient(new AwsClientOptions { Retry = new AwsRetryOptions { MaxAttempts = 1 } });

    [Test]
    public async Task DescribeImages_finds_a_declared_tag_or_digest_with_all_its_tags()
    {
        using var harness = new Harness(Scenario());
        using var ecr = Ecr(harness);

        var byTag = await ecr.DescribeImagesAsync(new DescribeImagesRequest { RepositoryName = "web", ImageIds = [new ImageIdentifier { ImageTag = "2" }] });
        var byDigest = await ecr.DescribeImagesAsync(new DescribeImagesRequest { RegistryId = "123456789012", RepositoryName = "web", ImageIds = [new ImageIdentifier { ImageDigest = One }] });

        byTag.ImageDetails.Should().ContainSingle().Which.Should().Match<ImageDetail>(i => i.ImageDigest == Two && i.RepositoryName == "web" && i.RegistryId == "123456789012");
        byTag.ImageDetails[0].ImageTags.Should().BeEquivalentTo("2", "stable");
        byDigest.ImageDetails.Should().ContainSingle().Which.ImageTags.Should().Equal("1");
    }

    [Test]
    public async Task A_missing_tag_and_a_missing_repository_answer_as_ECR_does()
    {
        using var harness = new Harness(Scenario());
        using var ecr = Ecr(harness);

        var missingTag = () => ecr.DescribeImagesAsync(new DescribeImagesRequest { RepositoryName = "web", ImageIds = [new ImageIdentifier { ImageTag = "9" }] });
        var missingRepository = () => ecr.DescribeImagesAsync(new DescribeImagesRequest { RepositoryName = "api", ImageIds = [new ImageIdentifier { ImageTag = "1" }] });
        var otherAccount = () => ecr.DescribeImagesAsync(new DescribeImagesRequest { RegistryId = "210987654321", RepositoryName = "web" });

        (await missingTag.Should().ThrowAsync<AwsServiceException>()).Which.ErrorCode.Should().Be("ImageNotFoundException");
        (await missingRepository.Should().ThrowAsync<AwsServiceException>()).Which.ErrorCode.Should().Be("RepositoryNotFoundException");
        (await otherAccount.Should().ThrowAsync<AwsServiceException>()).Which.ErrorCode.Should().Be("RepositoryNotFoundException");
        harness.Emulator.Calls.Select(c => $"{c.Service}:{c.Operation}:{c.StatusCode}").Should().OnlyContain(c => c == "ecr:DescribeImages:400");
    }

    [Test]
    public async Task Without_image_ids_DescribeImages_pages_through_the_tagged_images()
    {
        using var harness = new Harness(Scenario() with
        {
            EcrRepositories = [new EcrRepository { Name = "web", Tags = new Dictionary<string, string> { ["1"] = One, ["2"] = Two, ["3"] = Three } }],
        });
        harness.Emulator.PushImage("web", "3", Two);
        using var ecr = Ecr(harness);

        var first = await ecr.DescribeImagesAsync(new DescribeImagesRequest { RepositoryName = "web", MaxResults = 1, Filter = new DescribeImagesFilter { TagStatus = "TAGGED" } });
        var second = await ecr.DescribeImagesAsync(new DescribeImagesRequest { RepositoryName = "web", MaxResults = 1, NextToken = first.NextToken, Filter = new DescribeImagesFilter { TagStatus = "TAGGED" } });
        var untagged = await ecr.DescribeImagesAsync(new DescribeImagesRequest { RepositoryName = "web", Filter = new DescribeImagesFilter { TagStatus = "UNTAGGED" } });

        first.NextToken.Should().NotBeNull();
        first.ImageDetails.Concat(second.ImageDetails).Select(i => i.ImageDigest).Should().Equal(One, Two);
        second.NextToken.Should().BeNull();
        untagged.ImageDetails.Should().ContainSingle().Which.ImageDigest.Should().Be(Three, "moving tag 3 left its old image untagged");
    }

    [Test]
    public async Task Tasks_report_the_digest_their_tag_named_when_their_pull_started_so_a_tag_moved_mid_deployment_gives_mixed_digests()
    {
        using var harness = new Harness(Scenario());
        (await harness.TasksAsync(DesiredStatus.Running)).SelectMany(t => t.Containers).Select(c => c.ImageDigest).Should().OnlyContain(d => d == One);

        await harness.Client.UpdateServiceAsync(new UpdateServiceRequest
        {
            Cluster = "prod",
            Service = "web",
            TaskDefinition = "web:2",
            DeploymentConfiguration = new DeploymentConfiguration { MinimumHealthyPercent = 50, MaximumPercent = 100 },
        });
        await harness.RunAsync(TimeSpan.FromSeconds(5), () => Task.FromResult(false));
        harness.Emulator.PushImage("web", "2", Three);
        var done = await harness.RunAsync(TimeSpan.FromMinutes(5), async () =>
            (await harness.TasksAsync(DesiredStatus.Running)).Count(t => t.TaskDefinitionArn!.EndsWith(":2", StringComparison.Ordinal) && t.LastStatus == "RUNNING") == 2
            && (await harness.TasksAsync(DesiredStatus.Running)).Count == 2);

        done.Should().BeTrue();
        var digests = (await harness.TasksAsync(DesiredStatus.Running)).Select(t => t.Containers.Single().ImageDigest).ToList();
        digests.Should().BeEquivalentTo([Two, Three], "one task pulled web:2 before the push, the other after it");
    }

    [Test]
    public async Task Without_declared_repositories_a_task_reports_a_stable_digest_made_from_its_image()
    {
        using var first = new Harness(Harness.WebScenario(2, "repo/web:2"));
        using var second = new Harness(Harness.WebScenario(1, "repo/web:2"));

        var digests = (await first.TasksAsync(DesiredStatus.Running)).Concat(await second.TasksAsync(DesiredStatus.Running)).Select(t => t.Containers.Single().ImageDigest).ToList();

        digests.Should().HaveCount(3).And.OnlyContain(d => d == digests[0]);
        digests[0].Should().MatchRegex("^sha256:[0-9a-f]{64}$");
    }

    [Test]
    public async Task The_admin_path_pushes_a_tag_and_lists_the_repositories()
    {
        var emulator = new EcsEmulator(Scenario());
        using var admin = new HttpClient(emulator.CreateHandler()) { BaseAddress = new Uri("http://127.0.0.1/") };
        using var content = new StringContent($$"""{"repository": "web", "tag": "2", "digest": "{{Three}}"}""", Encoding.UTF8, "application/json");

        using var pushed = await admin.PostAsync(new Uri("/_emulator/images", UriKind.Relative), content);
        using var bad = await admin.PostAsync(new Uri("/_emulator/images", UriKind.Relative), new StringContent("""{"repository": "web", "tag": "2", "digest": "latest"}"""));
        var listed = JsonNode.Parse(await admin.GetStringAsync(new Uri("/_emulator/images", UriKind.Relative)))!;

        pushed.StatusCode.Should().Be(HttpStatusCode.OK);
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var images = listed["ecrRepositories"]![0]!["images"]!.AsArray();
        images.Single(i => (string?)i!["imageDigest"] == Three)!["imageTags"]!.AsArray().Select(t => (string?)t).Should().Equal("2");
        images.Single(i => (string?)i!["imageDigest"] == Two)!["imageTags"]!.AsArray().Select(t => (string?)t).Should().Equal("stable");
    }

    [Test]
    public void A_repository_with_a_malformed_digest_is_refused_naming_its_entry()
    {
        var scenario = new EmulatorScenario { EcrRepositories = [new EcrRepository { Name = "web", Tags = new Dictionary<string, string> { ["1"] = "sha256:abc" } }] };

        var create = () => new EcsEmulator(scenario);

        create.Should().Throw<EmulatorScenarioException>().WithMessage("*ecrRepositories[0] \"web\"*not an image digest*");
    }
}
