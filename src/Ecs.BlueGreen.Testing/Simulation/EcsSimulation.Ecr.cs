using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ecs.BlueGreen.Testing.Scenarios;
using static Ecs.BlueGreen.Testing.Simulation.WireJson;

namespace Ecs.BlueGreen.Testing.Simulation;

/// <summary>
/// The Amazon ECR subset: the repositories of the scenario's account (<see cref="EmulatorScenario.EcrRepositories"/>)
/// with their tags and digests, tags pushed or moved at run time, DescribeImages with the members, limits and errors
/// of the ECR model (<c>ecr#DescribeImages</c>), and the digest each task's container image resolves to when its pull
/// starts (<c>ecs#Container.imageDigest</c>). One endpoint serves every region's registry of the account.
/// </summary>
internal sealed partial class EcsSimulation
{
    // ecr#DescribeImagesRequest.maxResults: 1 to 1,000; 100 a page when it is not given
    // (https://docs.aws.amazon.com/AmazonECR/latest/APIReference/API_DescribeImages.html).
    private const int MaxImagesPerPage = 1000;
    private const int DefaultImagesPerPage = 100;

    private readonly SortedDictionary<string, RepositoryState> _repositories = new(StringComparer.Ordinal);

    /// <summary>The Amazon ECR operations the simulation answers.</summary>
    public static IReadOnlySet<string> EcrOperations { get; } = new HashSet<string>(StringComparer.Ordinal) { "DescribeImages" };

    /// <summary>Runs one Amazon ECR operation.</summary>
    /// <exception cref="EcsApiException">ECR would answer with an error.</exception>
    public JsonObject ExecuteEcr(string operation, JsonObject input) => operation switch
    {
        "DescribeImages" => DescribeImages(input),
        _ => throw new EcsApiException("UnknownOperationException", $"The operation {operation} is not supported by the emulator."),
    };

    /// <summary>Pushes (or moves) a tag of a repository of the scenario's account to an image digest; the repository is created when it does not exist.</summary>
    /// <exception cref="ArgumentException">The repository, the tag or the digest is not valid.</exception>
    public void PushImage(string repository, string tag, string digest)
    {
        CheckImage(repository, tag, digest, out var problem);
        if (problem is not null)
        {
            throw new ArgumentException(problem);
        }

        if (!_repositories.TryGetValue(repository, out var state))
        {
            state = new RepositoryState(repository);
            _repositories[repository] = state;
        }

        state.Push(tag, digest, _now);
    }

    /// <summary>The digest a container image resolves to now: a declared tag's, the reference's own digest, or a stable one made from the reference.</summary>
    private string DigestOf(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            return image[(at + 1)..];
        }

        if (PrivateEcrImage().Match(image) is { Success: true } ecr && ecr.Groups["account"].Value == Account
            && _repositories.TryGetValue(ecr.Groups["repository"].Value, out var repository)
            && repository.DigestOf(ecr.Groups["tag"].Success ? ecr.Groups["tag"].Value : "latest") is { } declared)
        {
            return declared;
        }

        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(image)));
    }

    /// <summary>Each container records what its image resolves to as the task's pull starts.</summary>
    private void ResolveDigests(TaskState task)
    {
        foreach (var container in task.Containers)
        {
            container.ImageDigest ??= DigestOf(container.Image);
        }
    }

    /// <exception cref="EmulatorScenarioException">A repository entry is not valid; the message names it.</exception>
    private void ApplyEcrRepositories()
    {
        for (var i = 0; i < _scenario.EcrRepositories.Count; i++)
        {
            var repository = _scenario.EcrRepositories[i];
            var entry = Entry("ecrRepositories", i, repository.Name);
            if (_repositories.ContainsKey(repository.Name))
            {
                throw new EmulatorScenarioException(entry, "another repository has the same \"name\".");
            }

            var state = new RepositoryState(repository.Name);
            CheckImage(repository.Name, "latest", null, out var nameProblem);
            if (nameProblem is not null)
            {
                throw new EmulatorScenarioException(entry, nameProblem);
            }

            foreach (var (tag, digest) in repository.Tags)
            {
                CheckImage(repository.Name, tag, digest, out var problem);
                if (problem is not null)
                {
                    throw new EmulatorScenarioException(entry, problem);
                }

                state.Push(tag, digest, _now - TimeSpan.FromDays(1));
            }

            _repositories[repository.Name] = state;
        }
    }

    private static void CheckImage(string repository, string tag, string? digest, out string? problem)
    {
        // ecr#RepositoryName, ecr#ImageTag (the Docker tag grammar) and a sha256 digest (ecr#ImageDigest).
        problem = string.IsNullOrEmpty(repository) || !RepositoryName().IsMatch(repository) ? $"\"{repository}\" is not a repository name (lower-case letters, digits, '.', '_', '-' and '/')."
            : !TagPattern().IsMatch(tag) ? $"\"{tag}\" is not an image tag."
            : digest is not null && !DigestPattern().IsMatch(digest) ? $"\"{digest}\" is not an image digest (sha256: and 64 lower-case hex digits)."
            : null;
    }

    private JsonObject DescribeImages(JsonObject input)
    {
        var name = Str(input, "repositoryName");
        if (string.IsNullOrEmpty(name))
        {
            throw new EcsApiException("InvalidParameterException", "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must not be null'");
        }

        var registry = Str(input, "registryId") ?? Account;
        if (registry != Account || !_repositories.TryGetValue(name, out var repository))
        {
            throw new EcsApiException("RepositoryNotFoundException", $"The repository with name '{name}' does not exist in the registry with id '{registry}'");
        }

        if (input["imageIds"] is JsonArray ids)
        {
            if (input["nextToken"] is not null || input["maxResults"] is not null)
            {
                throw new EcsApiException("InvalidParameterException", "nextToken and maxResults cannot be used together with imageIds.");
            }

            var found = new List<ImageState>();
            foreach (var id in ids.OfType<JsonObject>())
            {
                var (tag, digest) = (Str(id, "imageTag"), Str(id, "imageDigest"));
                var image = repository.Find(tag, digest);
                if (image is null)
                {
                    throw new EcsApiException("ImageNotFoundException", $"The image with imageId {{imageDigest:'{digest ?? "null"}', imageTag:'{tag ?? "null"}'}} does not exist within the repository with name '{name}' in the registry with id '{registry}'");
                }

                if (!found.Contains(image))
                {
                    found.Add(image);
                }
            }

            return new JsonObject { ["imageDetails"] = List(found, i => RenderImage(repository, i)) };
        }

        var status = input["filter"] is JsonObject filter ? Str(filter, "tagStatus") ?? "ANY" : "ANY";
        var max = input["maxResults"] is JsonValue m && m.TryGetValue<int>(out var n) ? n : DefaultImagesPerPage;
        if (max is < 1 or > MaxImagesPerPage)
        {
            throw new EcsApiException("InvalidParameterException", "maxResults must be between 1 and 1000.");
        }

        var start = Str(input, "nextToken") is { } token && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
        var matching = repository.Images.Where(i => status switch { "TAGGED" => i.Tags.Count > 0, "UNTAGGED" => i.Tags.Count == 0, _ => true }).ToList();
        var page = matching.Skip(start).Take(max).ToList();
        return Shape(
            ("imageDetails", List(page, i => RenderImage(repository, i))),
            ("nextToken", start + max < matching.Count ? (start + max).ToString(CultureInfo.InvariantCulture) : null));
    }

    private JsonObject RenderImage(RepositoryState repository, ImageState image) => Shape(
        ("registryId", Account),
        ("repositoryName", repository.Name),
        ("imageDigest", image.Digest),
        ("imageTags", image.Tags.Count > 0 ? new JsonArray(image.Tags.Select(t => (JsonNode)t).ToArray()) : null),
        ("imagePushedAt", Timestamp(image.PushedAt)),
        ("imageManifestMediaType", "application/vnd.docker.distribution.manifest.v2+json"));

    private JsonArray RenderRepositories() => List(_repositories.Values, r => Shape(
        ("repositoryName", r.Name),
        ("repositoryUri", $"{Account}.dkr.ecr.{Region}.amazonaws.com/{r.Name}"),
        ("images", List(r.Images, i => RenderImage(r, i)))));

    // ACCOUNT.dkr.ecr[-fips].REGION.amazonaws.com[.cn]/REPOSITORY[:TAG] (https://docs.aws.amazon.com/AmazonECR/latest/userguide/Registries.html).
    [GeneratedRegex(@"\A(?<account>\d{12})\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?/(?<repository>[^:@]+)(:(?<tag>[^@]+))?\z")]
    private static partial Regex PrivateEcrImage();

    // ecr#RepositoryName's pattern.
    [GeneratedRegex(@"\A(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*\z")]
    private static partial Regex RepositoryName();

    [GeneratedRegex(@"\A[\w][\w.-]{0,127}\z")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"\Asha256:[0-9a-f]{64}\z")]
    private static partial Regex DigestPattern();

    /// <summary>One repository: its images, oldest push first, each with its tags.</summary>
    private sealed class RepositoryState(string name)
    {
        public string Name { get; } = name;

        public List<ImageState> Images { get; } = [];

        public string? DigestOf(string tag) => Images.FirstOrDefault(i => i.Tags.Contains(tag))?.Digest;

        public ImageState? Find(string? tag, string? digest) => Images.FirstOrDefault(i =>
            (tag is null || i.Tags.Contains(tag)) && (digest is null || i.Digest == digest) && (tag is not null || digest is not null));

        /// <summary>A tag names one image: pushing it to another digest moves it (the old image keeps its other tags, or becomes untagged).</summary>
        public void Push(string tag, string digest, DateTimeOffset now)
        {
            foreach (var other in Images)
            {
                other.Tags.Remove(tag);
            }

            var image = Images.FirstOrDefault(i => i.Digest == digest);
            if (image is null)
            {
                image = new ImageState(digest, now);
                Images.Add(image);
            }

            image.Tags.Add(tag);
        }
    }

    private sealed class ImageState(string digest, DateTimeOffset pushedAt)
    {
        public string Digest { get; } = digest;

        public DateTimeOffset PushedAt { get; } = pushedAt;

        public List<string> Tags { get; } = [];
    }
}
