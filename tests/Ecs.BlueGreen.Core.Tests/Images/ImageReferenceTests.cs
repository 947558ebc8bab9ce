using Ecs.BlueGreen.Images;
using Ecs.BlueGreen.Tests.Support;

namespace Ecs.BlueGreen.Tests.Images;

/// <summary>
/// ImageReference against ecs-deploy's own test vectors (../shared/conformance/image-references.tsv),
/// and the Docker reference grammar where the two differ.
/// </summary>
public class ImageReferenceTests
{
    private const string FullDigest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    /// <summary>
    /// Vectors where our answer differs from ecs-deploy's on purpose. ecs-deploy accepts
    /// "sha256:1234567890abcdef" (16 hex digits); the Docker reference grammar requires at least 32, and
    /// no registry can serve such a digest, so a deployment with it could only fail after the service
    /// was changed. We reject it before any AWS call. The same shapes with a real digest are covered by
    /// the tests below this table.
    /// </summary>
    private static readonly Dictionary<string, string> DeliberateDifferences = new()
    {
        ["13"] = "ERROR",
        ["16"] = "ERROR",
        ["19"] = "ERROR",
        ["22"] = "ERROR",
        ["25"] = "ERROR",
        ["28"] = "ERROR",
        ["31"] = "ERROR",
        ["36"] = "ERROR",
    };

    public static IEnumerable<TestCaseData> EcsDeployVectors()
    {
        if (SharedFolder.Path is null)
        {
            yield return new TestCaseData("skip", string.Empty, string.Empty, string.Empty).SetArgDisplayNames("shared-folder-missing");
            yield break;
        }

        var file = Path.Combine(SharedFolder.Path, "conformance", "image-references.tsv");
        if (!File.Exists(file))
        {
            yield return new TestCaseData("skip", string.Empty, string.Empty, string.Empty).SetArgDisplayNames("vector-file-missing");
            yield break;
        }

        foreach (var line in File.ReadLines(file).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var columns = line.Split('\t');
            yield return new TestCaseData(columns[0], columns[1], columns[3], columns[4]).SetArgDisplayNames($"vector {columns[0]}: '{columns[1]}'");
        }
    }

    [TestCaseSource(nameof(EcsDeployVectors))]
    public void Parses_like_ecs_deploy_except_where_documented(string number, string image, string tagFromVariable, string ecsDeployExpects)
    {
        if (number == "skip")
        {
            SharedFolder.File("conformance", "image-references.tsv");
        }

        var expected = DeliberateDifferences.GetValueOrDefault(number, ecsDeployExpects);
        var parsed = ImageReference.TryParse(image, out var reference, out var error);
        if (expected == "ERROR")
        {
            parsed.Should().BeFalse($"'{image}' must be rejected");
            error.Should().NotBeNullOrWhiteSpace();
            return;
        }

        parsed.Should().BeTrue(error);
        var result = string.IsNullOrEmpty(tagFromVariable) ? reference!.WithDefaultTag() : reference!.WithTag(tagFromVariable);
        result.ToString().Should().Be(expected);
    }

    [TestCase("mariadb@" + FullDigest, null, "mariadb", "mariadb@" + FullDigest)]
    [TestCase("docker.domain.com:8080/repo/multi/level/image@" + FullDigest, "docker.domain.com:8080", "repo/multi/level/image", "docker.domain.com:8080/repo/multi/level/image@" + FullDigest)]
    [TestCase("repo/image:v1@" + FullDigest, null, "repo/image", "repo/image:v1@" + FullDigest)]
    [TestCase("localhost/app", "localhost", "app", "localhost/app:latest")]
    [TestCase("localhost:5000/app:dev", "localhost:5000", "app", "localhost:5000/app:dev")]
    [TestCase("123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/web:1.4", "123456789012.dkr.ecr.eu-west-1.amazonaws.com", "team/web", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/web:1.4")]
    [TestCase("[::1]:5000/app", "[::1]:5000", "app", "[::1]:5000/app:latest")]
    public void Splits_registry_path_tag_and_digest(string image, string? registry, string path, string normalised)
    {
        var reference = ImageReference.Parse(image);
        reference.Registry.Should().Be(registry);
        reference.Path.Should().Be(path);
        reference.WithDefaultTag().ToString().Should().Be(normalised);
    }

    [Test]
    public void A_new_tag_replaces_a_digest_and_keeps_the_registry_port()
    {
        var reference = ImageReference.Parse("docker.domain.com:8080/repo/image@" + FullDigest);
        reference.WithTag("1487623908").ToString().Should().Be("docker.domain.com:8080/repo/image:1487623908");
    }

    [TestCase("Repo/Image")]
    [TestCase("repo//image")]
    [TestCase("repo/image:")]
    [TestCase("repo/image:-bad")]
    [TestCase("repo/image@sha256:xyz")]
    [TestCase("repo image")]
    [TestCase("host:99999999999999999999x/app")]
    public void Rejects_what_the_Docker_grammar_rejects(string image)
    {
        ImageReference.TryParse(image, out _, out var error).Should().BeFalse();
        error.Should().Contain("not a valid image reference");
        var act = () => ImageReference.Parse(image);
        act.Should().Throw<FormatException>();
    }

    [Test]
    public void Repositories_compare_registry_and_path_exactly()
    {
        var pinned = ImageReference.Parse("registry.example.com/web@" + FullDigest);
        ImageReference.Parse("registry.example.com/web").IsSameRepository(pinned).Should().BeTrue();
        ImageReference.Parse("registry.example.com/web:1.2").IsSameRepository(pinned).Should().BeTrue();
        ImageReference.Parse("web").IsSameRepository(pinned).Should().BeFalse("another registry is another repository");
        ImageReference.Parse("registry.example.com:443/web").IsSameRepository(pinned).Should().BeFalse();
    }

    [TestCase("v1.2.3", true)]
    [TestCase("tag_123", true)]
    [TestCase(".hidden", false)]
    [TestCase("", false)]
    [TestCase("has/slash", false)]
    public void Tags_follow_the_grammar(string tag, bool valid)
    {
        ImageReference.IsValidTag(tag).Should().Be(valid);
    }
}
