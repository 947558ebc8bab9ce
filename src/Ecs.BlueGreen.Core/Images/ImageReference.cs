using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using static Ecs.BlueGreen.Quoting;

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

    /// <summary>The longest name (registry and path) Docker accepts (reference.go, <c>NameTotalLengthMax</c>).</summary>
    private const int MaxNameLength = 255;

    private static readonly Dictionary<string, int> DigestLengths = new(StringComparer.Ordinal) { ["sha256"] = 64, ["sha384"] = 96, ["sha512"] = 128 };

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

    /// <summary>
    /// Parses a reference, or says why it is not one. The text is taken exactly as given: whitespace (a trailing
    /// newline from a shell or a file included) is refused, never trimmed, so what is checked is what is written.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ImageReference? reference, [NotNullWhen(false)] out string? error)
    {
        reference = null;
        error = Check(text, out var registry, out var path, out var tag, out var digest);
        if (error is not null)
        {
            return false;
        }

        reference = new ImageReference(registry, path!, tag, digest);
        return true;
    }

    /// <summary>
    /// Checks a tag by the Docker grammar: an ASCII letter, digit or '_', then up to 127 of those, '.' and '-'
    /// (https://github.com/distribution/reference, reference.go: <c>tag := /[\w][\w.-]{0,127}/</c>).
    /// </summary>
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

    /// <summary>
    /// The Docker reference grammar (https://github.com/distribution/reference, reference.go and regexp.go, with the
    /// digest rules of https://github.com/opencontainers/go-digest): <c>name[:tag][@digest]</c>, the name at most 255
    /// characters, its path lowercase components, the first component a registry when it has a '.' or a ':' or is
    /// <c>localhost</c> (normalize.go, splitDockerDomain; an uppercase first component, which Docker also takes for a
    /// registry against the OCI rules, is refused). Every class is spelled in ASCII and
    /// every pattern ends with <c>\z</c>: .NET's <c>\w</c> and <c>\d</c> match letters and digits of any script,
    /// and its <c>$</c> matches before a final newline.
    /// </summary>
    private static string? Check(string? text, out string? registry, out string? path, out string? tag, out string? digest)
    {
        (registry, path, tag, digest) = (null, null, null, null);
        if (string.IsNullOrEmpty(text))
        {
            return "The image reference is empty.";
        }

        var invalid = $"{Quote(text)} is not a valid image reference";
        if (text.Any(char.IsWhiteSpace) || text.Any(char.IsControl))
        {
            return $"{invalid}: it contains whitespace or a control character (a trailing newline, for example); remove it.";
        }

        var rest = text;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
            if (CheckDigest(digest) is { } digestError)
            {
                return $"{invalid}: {digestError}";
            }
        }

        // A ':' after the last '/' starts the tag; one before it is a registry's port.
        var colon = rest.LastIndexOf(':');
        if (colon >= 0 && colon > rest.LastIndexOf('/'))
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (!IsValidTag(tag))
            {
                return $"{invalid}: the tag {Quote(tag)} must be 1 to 128 ASCII letters, digits, '_', '.' and '-', not starting with '.' or '-'.";
            }
        }

        if (rest.Length == 0)
        {
            return $"{invalid}: it has no repository name; expected [registry[:port]/]path[:tag][@digest].";
        }

        if (rest.Length > MaxNameLength)
        {
            return $"{invalid}: the name (registry and path) is {rest.Length} characters long; at most {MaxNameLength} are allowed.";
        }

        if (ImageIdPattern().IsMatch(rest))
        {
            return $"{invalid}: 64 hexadecimal digits are an image id, not a repository name.";
        }

        path = rest;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            var first = rest[..slash];
            if (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost")
            {
                registry = first;
                path = rest[(slash + 1)..];
                if (!RegistryPattern().IsMatch(registry))
                {
                    return $"{invalid}: {Quote(registry)} is not a valid registry host[:port].";
                }
            }
        }

        if (!PathPattern().IsMatch(path))
        {
            return $"{invalid}: the repository path {Quote(path)} must be lowercase components of letters and digits, joined by '.', '_', '__' or '-'.";
        }

        return null;
    }

    /// <summary>
    /// <c>algorithm:hex</c>, with the algorithms registries serve and their exact lengths in lowercase hex
    /// (https://github.com/opencontainers/go-digest, algorithm.go: sha256 64, sha384 96, sha512 128 digits).
    /// </summary>
    private static string? CheckDigest(string digest)
    {
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return $"the digest {Quote(digest)} must be algorithm:hex, for example sha256: and 64 lowercase hexadecimal digits.";
        }

        var (algorithm, hex) = (digest[..colon], digest[(colon + 1)..]);
        if (!DigestLengths.TryGetValue(algorithm, out var length))
        {
            return $"the digest algorithm {Quote(algorithm)} is not supported: use sha256, sha384 or sha512.";
        }

        return hex.Length == length && hex.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f')
            ? null
            : $"a {algorithm} digest is exactly {length} lowercase hexadecimal digits (got {Quote(hex)}, {hex.Length} characters).";
    }

    // path-component := [a-z0-9]+ (separator [a-z0-9]+)*, separator := [._] | __ | -+ ; path := component (/ component)*
    [GeneratedRegex(@"\A[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*\z")]
    private static partial Regex PathPattern();

    // host := domain-name | [IPv6], domain-component := [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9], then :port
    [GeneratedRegex(@"\A(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?\z")]
    private static partial Regex RegistryPattern();

    [GeneratedRegex(@"\A[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}\z")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"\A[a-f0-9]{64}\z")]
    private static partial Regex ImageIdPattern();
}
