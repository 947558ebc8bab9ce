using System.Text.RegularExpressions;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Ecr;
using Ecs.BlueGreen.Ecr.Model;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Images;

namespace Ecs.BlueGreen.TaskDefinitions;

/// <summary>
/// The pre-flight image check: before any write, every image of the revision about to be registered that comes from a
/// private Amazon ECR registry (<c>ACCOUNT.dkr.ecr.REGION.amazonaws.com[.cn]</c>,
/// https://docs.aws.amazon.com/AmazonECR/latest/userguide/Registries.html) is looked up with DescribeImages
/// (<c>ecr#DescribeImages</c>) in the registry's own region. A missing repository, tag or digest is a problem (the run is
/// refused) that names the nearest tags the repository has; access denied or any other failure to ask is a warning.
/// Images of ECR Public (<c>public.ecr.aws</c>) are not checked (a warning); images of other registries are not checked.
/// </summary>
internal static partial class ImageVerification
{
    /// <summary>How many near tags a problem names.</summary>
    public const int NearestTagCount = 3;

    /// <summary>How many pages of a repository's tags are read for the nearest ones (1,000 images a page).</summary>
    private const int MaxTagPages = 5;

    private const string ImageNotFound = "ImageNotFoundException";
    private const string RepositoryNotFound = "RepositoryNotFoundException";

    /// <summary>Checks the images of <paramref name="revision"/>; <paramref name="warn"/> takes each warning.</summary>
    public static async Task CheckAsync(RegisterTaskDefinitionRequest revision, Func<string, IEcrClient> ecrForRegion, ICollection<string> problems, Action<string> warn, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var container in revision.ContainerDefinitions)
        {
            if (container.Image is not { } text || !seen.Add(text) || !ImageReference.TryParse(text, out var image, out _))
            {
                continue;
            }

            if (image.Registry == "public.ecr.aws")
            {
                warn($"The image {text} (ECR Public) was not checked: only private ECR registries are checked before the deployment.");
                continue;
            }

            if (image.Registry is null || PrivateRegistry().Match(image.Registry) is not { Success: true } registry)
            {
                continue;
            }

            var account = registry.Groups["account"].Value;
            var region = registry.Groups["region"].Value;
            var imageId = image.Digest is { } digest ? new ImageIdentifier { ImageDigest = digest } : new ImageIdentifier { ImageTag = image.Tag ?? ImageReference.DefaultTag };
            var what = imageId.ImageDigest is { } d ? $"digest {d}" : $"tag '{imageId.ImageTag}'";
            try
            {
                var ecr = ecrForRegion(region);
                try
                {
                    await ecr.DescribeImagesAsync(new DescribeImagesRequest { RegistryId = account, RepositoryName = image.Path, ImageIds = [imageId] }, cancellationToken).ConfigureAwait(false);
                }
                catch (AwsServiceException exception) when (exception.ErrorCode == RepositoryNotFound)
                {
                    problems.Add($"The image {text} does not exist: the repository '{image.Path}' was not found in the ECR registry {image.Registry} (check the name, the account and the region).");
                }
                catch (AwsServiceException exception) when (exception.ErrorCode == ImageNotFound)
                {
                    var hint = await HintAsync(ecr, account, image.Path, imageId.ImageTag, cancellationToken).ConfigureAwait(false);
                    problems.Add($"The image {text} does not exist: the repository '{image.Path}' has no image with {what}.{hint}");
                }
            }
            catch (Exception exception) when (exception is AwsException or HttpRequestException or Aws.Configuration.AwsConfigurationException && !cancellationToken.IsCancellationRequested)
            {
                warn($"The image {text} could not be checked in ECR ({Describe(exception)}); deploying without the check.");
            }
        }
    }

    /// <summary>" Nearest tags: …." for a missing tag; empty when the tags cannot be read (the image is missing all the same).</summary>
    private static async Task<string> HintAsync(IEcrClient ecr, string account, string repository, string? tag, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> tags;
        try
        {
            tags = await TagsAsync(ecr, account, repository, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsException) when (!cancellationToken.IsCancellationRequested)
        {
            return " (Its tags could not be read.)";
        }

        return tags.Count == 0 ? " The repository has no tagged image."
            : tag is not null ? $" Nearest tags: {string.Join(", ", Nearest(tag, tags))}."
            : string.Empty;
    }

    /// <summary>The tags of <paramref name="repository"/>, a few pages at most (DescribeImages with <c>tagStatus</c> TAGGED).</summary>
    private static async Task<IReadOnlyList<string>> TagsAsync(IEcrClient ecr, string account, string repository, CancellationToken cancellationToken)
    {
        var tags = new List<string>();
        string? token = null;
        for (var page = 0; page < MaxTagPages; page++)
        {
            var response = await ecr.DescribeImagesAsync(new DescribeImagesRequest
            {
                RegistryId = account,
                RepositoryName = repository,
                Filter = new DescribeImagesFilter { TagStatus = "TAGGED" },
                MaxResults = 1000,
                NextToken = token,
            }, cancellationToken).ConfigureAwait(false);
            tags.AddRange(response.ImageDetails.SelectMany(i => i.ImageTags));
            token = response.NextToken;
            if (string.IsNullOrEmpty(token))
            {
                break;
            }
        }

        return tags;
    }

    /// <summary>
    /// The tags nearest to <paramref name="tag"/> by edit distance, then by the longest common prefix (2.0.1 before 1 for
    /// 2.1), then by name; at most <see cref="NearestTagCount"/>.
    /// </summary>
    public static IReadOnlyList<string> Nearest(string tag, IEnumerable<string> tags) =>
        [.. tags.Distinct(StringComparer.Ordinal)
            .Select(candidate => (Candidate: candidate, Distance: Edits(tag, candidate), Prefix: CommonPrefix(tag, candidate)))
            .OrderBy(c => c.Distance).ThenByDescending(c => c.Prefix).ThenBy(c => c.Candidate, StringComparer.Ordinal)
            .Take(NearestTagCount)
            .Select(c => c.Candidate)];

    private static int CommonPrefix(string a, string b)
    {
        var n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n])
        {
            n++;
        }

        return n;
    }

    /// <summary>The Levenshtein distance of two strings.</summary>
    private static int Edits(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static string Describe(Exception exception) => exception switch
    {
        AwsServiceException service => $"{service.ErrorCode}: {service.ErrorMessage}",
        _ => exception.Message,
    };

    // ACCOUNT.dkr.ecr[-fips].REGION.amazonaws.com[.cn] (https://docs.aws.amazon.com/AmazonECR/latest/userguide/Registries.html).
    [GeneratedRegex(@"\A(?<account>\d{12})\.dkr\.ecr(-fips)?\.(?<region>[a-z0-9-]+)\.amazonaws\.com(\.cn)?\z")]
    private static partial Regex PrivateRegistry();
}
