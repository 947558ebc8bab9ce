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
    /// "sha256:1234567890abcdef" (16 hex digits); a sha256 digest is exactly 64 lowercase hex digits, and
    /// no registry can serve a shorter one, so a deployment with it could only fail after the service
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

    [TestCase("repo/app:1.0\n")]
    [TestCase("repo/app\n")]
    [TestCase("repo/app:1.0\r\n")]
    [TestCase(" repo/app:1.0")]
    [TestCase("repo/app:1.0 ")]
    [TestCase("\trepo/app")]
    public void Whitespace_around_a_reference_is_refused_not_trimmed_into_a_revision(string image)
    {
        ImageReference.TryParse(image, out _, out var error).Should().BeFalse("'{0}' is not what a registry serves", image);
        error.Should().Contain("whitespace").And.NotContain("\n", "the message quotes control characters so it stays one line");
    }

    [TestCase("repo/app:v\u00e91")]
    [TestCase("repo/app:\u0661\u0662")]
    [TestCase("repo/app:\u00c5ngstr\u00f6m")]
    [TestCase("r\u00e9gistry.example.com/app")]
    [TestCase("repo/\u00e4pp")]
    public void Only_ASCII_letters_and_digits_count_as_letters_and_digits(string image)
    {
        ImageReference.TryParse(image, out _, out var error).Should().BeFalse();
        error.Should().Contain("not a valid image reference");
    }

    [TestCase("\u00e9t\u00e9")]
    [TestCase("\u0661")]
    [TestCase("v1\n")]
    public void Tags_are_ASCII_and_end_where_the_text_ends(string tag)
    {
        ImageReference.IsValidTag(tag).Should().BeFalse();
        var act = () => ImageReference.Parse("repo/app").WithTag(tag);
        act.Should().Throw<ArgumentException>();
    }

    [TestCase("sha256:0123456789abcdef0123456789abcdef", "32 hex digits")]
    [TestCase("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde", "63 hex digits")]
    [TestCase("sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0", "65 hex digits")]
    [TestCase("sha256:0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF", "uppercase hex")]
    [TestCase("sha512:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "64 hex digits for sha512")]
    [TestCase("md5:0123456789abcdef0123456789abcdef", "an algorithm no registry uses")]
    [TestCase("SHA256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "the algorithm in capitals")]
    public void A_digest_has_the_length_and_case_of_its_algorithm(string digest, string because)
    {
        ImageReference.TryParse("repo/app@" + digest, out _, out var error).Should().BeFalse(because);
        error.Should().Contain("digest");
    }

    [TestCase("sha256", 64)]
    [TestCase("sha384", 96)]
    [TestCase("sha512", 128)]
    public void Digests_of_every_supported_algorithm_are_accepted(string algorithm, int length)
    {
        var digest = algorithm + ":" + string.Concat(Enumerable.Repeat("0123456789abcdef", 8))[..length];
        ImageReference.Parse("repo/app@" + digest).Digest.Should().Be(digest);
    }

    [Test]
    public void A_name_is_at_most_255_characters()
    {
        var registry = "registry.example.com/";
        var longest = registry + new string('a', 255 - registry.Length);
        ImageReference.Parse(longest + ":1.0").Path.Length.Should().Be(255 - registry.Length);
        ImageReference.TryParse(longest + "a:1.0", out _, out var error).Should().BeFalse();
        error.Should().Contain("255");
    }

    [Test]
    public void A_name_of_64_hex_digits_is_an_image_id_not_a_repository()
    {
        ImageReference.TryParse(new string('a', 64), out _, out var error).Should().BeFalse();
        error.Should().Contain("image id");
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
