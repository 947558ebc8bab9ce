using System.Xml.Linq;

namespace Ecs.BlueGreen.Tests.Samples;

/// <summary>
/// The READMEs' library, script, Cake, Nuke and emulator examples are the samples/ files, word for word, so the
/// documentation cannot drift from code that compiles (and, for the library, the script and the emulator, runs: see
/// <see cref="LibraryExampleTests"/>, <see cref="DeployScriptTests"/> and <see cref="EmulatorExampleTests"/>).
/// </summary>
public class ReadmeSampleTests
{
    private const string Readme = "README.md";
    private const string PackageReadme = "src/Ecs.BlueGreen.Core/README.md";
    private const string TestingReadme = "src/Ecs.BlueGreen.Testing/README.md";
    private const string EmulatorReference = "docs/emulator/README.md";

    /// <summary>Every block each README takes from samples/, in the order it shows them.</summary>
    private static readonly Dictionary<string, string[]> Shown = new()
    {
        [Readme] =
        [
            "samples/Ecs.BlueGreen.Samples/LibraryExample.cs#quick-start",
            "samples/Ecs.BlueGreen.Samples/LibraryExample.cs#deployment",
            "samples/Ecs.BlueGreen.Samples/TextProgress.cs#progress",
            "samples/Ecs.BlueGreen.Samples/LibraryExample.cs#rollback",
            "samples/Ecs.BlueGreen.Samples/LibraryExample.cs#task-definition",
            "samples/deploy.cs",
            "samples/cake/build.cake",
            "samples/nuke/Build.cs",
            "samples/Ecs.BlueGreen.Samples/EmulatorExample.cs",
        ],
        [PackageReadme] = ["samples/Ecs.BlueGreen.Samples/LibraryExample.cs#quick-start"],
        [TestingReadme] = ["samples/Ecs.BlueGreen.Samples/EmulatorExample.cs"],
        [EmulatorReference] = ["samples/emulator/scenario.json"],
    };

    private static IEnumerable<TestCaseData> Blocks() =>
        Shown.SelectMany(readme => readme.Value.Select(source => new TestCaseData(readme.Key, source)));

    [Test]
    public void The_readmes_show_every_sample_region_and_file()
    {
        foreach (var (readme, sources) in Shown)
        {
            DocumentedSamples.ReadmeSources(readme).Should().Equal(sources, $"{readme} shows these samples");
        }

        DocumentedSamples.SampleRegions().Should().BeEquivalentTo(
            Shown.Values.SelectMany(sources => sources).Where(source => source.Contains('#', StringComparison.Ordinal)).Distinct(),
            "every region marked for a README is shown there");
    }

    [TestCaseSource(nameof(Blocks))]
    public void The_readme_block_is_the_sample_code(string readme, string source)
    {
        var expected = DocumentedSamples.Code(source);
        if (source == "samples/deploy.cs")
        {
            // In the repository the script builds against the library's project; users reference the package.
            expected = expected.Replace(
                "#:project ../src/Ecs.BlueGreen.Core/Ecs.BlueGreen.Core.csproj",
                $"#:package Ecs.BlueGreen.Core@{LibraryVersion()}",
                StringComparison.Ordinal);
        }

        DocumentedSamples.ReadmeBlock(readme, source).Should().Be(expected);
    }

    [Test]
    public void The_cake_snippet_loads_the_current_version()
    {
        DocumentedSamples.Code("samples/cake/build.cake").Should().Contain($"#addin nuget:?package=Ecs.BlueGreen.Core&version={LibraryVersion()}&");
    }

    private static string LibraryVersion() =>
        XDocument.Load(Path.Combine(RepositoryRoot.Path, "Directory.Build.props")).Descendants("Version").Single().Value;
}
