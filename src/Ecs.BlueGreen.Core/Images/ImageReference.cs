using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Ecs.BlueGreen.Images;

/// <summary>
/// A container image reference, parsed by the Docker reference grammar:
/// <c>[registry[:port]/]path[:tag][@digest]</c>. The registry is kept exactly as written (no
/// <c>docker.io</c> is added), because ECS stores images as written and ecs-bluegreen matches containers
/// by <see cref="Repository"/> compared exactly.
/// </summary>
public sealed partial class ImageReference : IEquatable<ImageReference>
{
    /// <summary>The tag Docker assumes when a reference has neither tag nor digest.</summary>
    public const string DefaultTag = "latest";

    private ImageReference(string? registry, string path, string? tag, string? digest)
    {
        Registry = registry;
        Path = path;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>The registry host and optional port, for example <c>123456789012.dkr.ecr.eu-west-1.amazonaws.com</c>, or null.</summary>
    public string? Registry { get; }

    /// <summary>The repository path within the registry, for example <c>team/web</c>.</summary>
    public string Path { get; }

    /// <summary>The tag, or null.</summary>
    public string? Tag { get; }

    /// <summary>The digest, for example <c>sha256:…</c>, or null.</summary>
    public string? Digest { get; }

    /// <summary>The registry and path: what identifies the repository, without tag or digest.</summary>
    public string Repository => Registry is null ? Path : $"{Registry}/{Path}";

    /// <summary>Parses a reference.</summary>
    /// <exception cref="FormatException">The text is not a valid image reference; the message says why.</exception>
    public static ImageReference Parse(string text) =>
        TryParse(text, out var reference, out var error) ? reference : throw new FormatException(error);

    /// <summary>Parses a reference, or says why it is not one.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ImageReference? reference, [NotNullWhen(false)] out string? error)
    {
        reference = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "The image reference is empty.";
            return false;
        }

        var match = ReferencePattern().Match(text.Trim());
        if (!match.Success)
        {
            error = $"'{text}' is not a valid image reference: expected [registry[:port]/]path[:tag][@digest], with lowercase path components that start with a letter or digit.";
            return false;
        }

        var name = match.Groups["name"].Value;
        string? registry = null;
        var path = name;
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            // Docker's rule: the first component is a registry when it has a '.' or a ':' or is localhost.
            var first = name[..slash];
            if (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost")
            {
                registry = first;
                path = name[(slash + 1)..];
            }
        }

        if (!PathPattern().IsMatch(path))
        {
            error = $"'{text}' is not a valid image reference: the repository path '{path}' must be lowercase components of letters and digits, joined by '.', '_', '__' or '-'.";
            return false;
        }

        if (registry is not null && !RegistryPattern().IsMatch(registry))
        {
            error = $"'{text}' is not a valid image reference: '{registry}' is not a valid registry host[:port].";
            return false;
        }

        var tag = match.Groups["tag"].Success ? match.Groups["tag"].Value : null;
        var digest = match.Groups["digest"].Success ? match.Groups["digest"].Value : null;
        reference = new ImageReference(registry, path, tag, digest);
        error = null;
        return true;
    }

    /// <summary>Checks a tag by the Docker grammar: a word character, then up to 127 of word characters, '.' and '-'.</summary>
    public static bool IsValidTag(string? tag) => tag is not null && TagPattern().IsMatch(tag);

    /// <summary>A copy with this tag and no digest (a digest pins content, so a new tag replaces it).</summary>
    /// <exception cref="ArgumentException">The tag is not valid.</exception>
    public ImageReference WithTag(string tag)
    {
        if (!IsValidTag(tag))
        {
            throw new ArgumentException($"'{tag}' is not a valid image tag: up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'.", nameof(tag));
        }

        return new ImageReference(Registry, Path, tag, null);
    }

    /// <summary>A copy tagged <c>latest</c> when it has neither tag nor digest, as Docker would pull it.</summary>
    public ImageReference WithDefaultTag() => Tag is null && Digest is null ? new ImageReference(Registry, Path, DefaultTag, null) : this;

    /// <summary>Whether both name the same repository (registry and path, compared exactly).</summary>
    public bool IsSameRepository(ImageReference other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return string.Equals(Repository, other.Repository, StringComparison.Ordinal);
    }

    /// <inheritdoc />
    public override string ToString() =>
        Repository + (Tag is null ? string.Empty : ":" + Tag) + (Digest is null ? string.Empty : "@" + Digest);

    /// <inheritdoc />
    public bool Equals(ImageReference? other) => other is not null && string.Equals(ToString(), other.ToString(), StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ImageReference);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

    // name: anything up to an optional ":tag" and "@digest"; the name itself is checked below, so a
    // registry port ("host:5000/app") is not mistaken for a tag.
    [GeneratedRegex(@"^(?<name>[^@\s]+?)(?::(?<tag>[\w][\w.-]{0,127}))?(?:@(?<digest>[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$")]
    private static partial Regex ReferencePattern();

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex PathPattern();

    [GeneratedRegex(@"^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?$")]
    private static partial Regex RegistryPattern();

    [GeneratedRegex(@"^[\w][\w.-]{0,127}$")]
    private static partial Regex TagPattern();
}
