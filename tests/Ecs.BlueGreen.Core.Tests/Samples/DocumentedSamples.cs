using System.Text.RegularExpressions;

namespace Ecs.BlueGreen.Tests.Samples;

/// <summary>
/// Reads the code a README shows and the code it is taken from. In a README, a block taken from a sample is
/// preceded by <c>&lt;!-- sample: PATH --&gt;</c> (the whole file) or <c>&lt;!-- sample: PATH#NAME --&gt;</c> (the
/// region <c>#region README: NAME</c> of a C# file, without its common indentation).
/// </summary>
internal static partial class DocumentedSamples
{
    /// <summary>Where the README at <paramref name="readme"/> (relative to the repository) says each block comes from, in order.</summary>
    public static IReadOnlyList<string> ReadmeSources(string readme) => ReadmeBlocks(readme).Select(b => b.Source).ToList();

    /// <summary>The block of the README at <paramref name="readme"/> taken from <paramref name="source"/>, or <see langword="null"/>.</summary>
    public static string? ReadmeBlock(string readme, string source) => ReadmeBlocks(readme).FirstOrDefault(b => b.Source == source).Code;

    /// <summary>Every <c>#region README: NAME</c> in the C# files under samples/, as <c>PATH#NAME</c>.</summary>
    public static IReadOnlyList<string> SampleRegions()
    {
        var samples = Path.Combine(RepositoryRoot.Path, "samples");
        return Directory.EnumerateFiles(samples, "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Split(Path.DirectorySeparatorChar).Intersect(["bin", "obj"]).Any())
            .SelectMany(file => RegionStart().Matches(File.ReadAllText(file))
                .Select(match => $"{Path.GetRelativePath(RepositoryRoot.Path, file).Replace('\\', '/')}#{match.Groups["name"].Value}"))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The code at <paramref name="source"/> (a file, or a file's region), with \n line ends and no trailing blank line.</summary>
    public static string Code(string source)
    {
        var (path, region) = source.Split('#') is [var p, var r] ? (p, r) : (source, null);
        var lines = Lines(File.ReadAllText(Path.Combine(RepositoryRoot.Path, path)));
        if (region is null)
        {
            return string.Join('\n', lines).TrimEnd('\n');
        }

        var start = lines.FindIndex(line => line.Trim() == $"#region README: {region}");
        start.Should().BeGreaterThanOrEqualTo(0, $"{path} should have a region 'README: {region}'");
        var end = lines.FindIndex(start + 1, line => line.Trim() == "#endregion");
        end.Should().BeGreaterThan(start, $"the region 'README: {region}' of {path} should end");
        var body = lines.GetRange(start + 1, end - start - 1);
        var indent = body.Where(line => line.Trim().Length > 0).Min(line => line.Length - line.TrimStart().Length);
        return string.Join('\n', body.Select(line => line.Length >= indent ? line[indent..] : line.TrimStart())).TrimEnd('\n');
    }

    private static IEnumerable<(string Source, string Code)> ReadmeBlocks(string readme)
    {
        var lines = Lines(File.ReadAllText(Path.Combine(RepositoryRoot.Path, readme)));
        for (var i = 0; i < lines.Count; i++)
        {
            var marker = SampleMarker().Match(lines[i]);
            if (!marker.Success)
            {
                continue;
            }

            var source = marker.Groups["source"].Value;
            (i + 1 < lines.Count && lines[i + 1].StartsWith("```", StringComparison.Ordinal)).Should()
                .BeTrue($"the marker for {source} in {readme} should stand right above a code block");
            var end = lines.FindIndex(i + 2, line => line == "```");
            end.Should().BeGreaterThan(i, $"the code block for {source} in {readme} should end");
            yield return (source, string.Join('\n', lines.GetRange(i + 2, end - i - 2)).TrimEnd('\n'));
            i = end;
        }
    }

    private static List<string> Lines(string text) => text.ReplaceLineEndings("\n").Split('\n').ToList();

    [GeneratedRegex(@"^<!-- sample: (?<source>\S+) -->$")]
    private static partial Regex SampleMarker();

    [GeneratedRegex(@"^\s*#region README: (?<name>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex RegionStart();
}
