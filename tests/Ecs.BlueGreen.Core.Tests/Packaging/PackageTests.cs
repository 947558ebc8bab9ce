using System.Diagnostics;
using System.IO.Compression;
using System.Reflection.Metadata;
using System.Xml.Linq;

namespace Ecs.BlueGreen.Tests.Packaging;

/// <summary>
/// `dotnet pack` makes an Ecs.BlueGreen.Core package with its README, licence expression, XML docs,
/// symbols and source-link data. Packs once into a temporary folder (about ten seconds).
/// </summary>
[Category("Packaging")]
public class PackageTests
{
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");
    private string _output = null!;

    [OneTimeSetUp]
    public async Task Pack()
    {
        _output = Directory.CreateTempSubdirectory("ecs-bluegreen-pack-").FullName;
        var project = Path.Combine(RepositoryRoot.Path, "src", "Ecs.BlueGreen.Core", "Ecs.BlueGreen.Core.csproj");
        var start = new ProcessStartInfo("dotnet", ["pack", project, "-c", "Release", "-o", _output, "-p:ContinuousIntegrationBuild=true", "-nologo"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.Should().Be(0, await output + await error);
    }

    [OneTimeTearDown]
    public void Clean() => Directory.Delete(_output, recursive: true);

    [Test]
    public void The_package_has_its_readme_licence_expression_and_metadata()
    {
        using var package = ZipFile.OpenRead(Package("nupkg"));
        package.GetEntry("README.md").Should().NotBeNull();

        using var nuspecStream = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        var nuspec = XDocument.Load(nuspecStream);
        var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

        Value("id").Should().Be("Ecs.BlueGreen.Core");
        Value("readme").Should().Be("README.md");
        var licence = metadata.Elements().Single(e => e.Name.LocalName == "license");
        licence.Attribute("type")!.Value.Should().Be("expression");
        licence.Value.Should().Be("Apache-2.0");
        metadata.Elements().Single(e => e.Name.LocalName == "repository").Attribute("commit")!.Value.Should().MatchRegex("^[0-9a-f]{40}$");
    }

    [Test]
    public void The_package_carries_the_assembly_and_its_XML_documentation()
    {
        using var package = ZipFile.OpenRead(Package("nupkg"));
        package.GetEntry("lib/net10.0/Ecs.BlueGreen.Core.dll").Should().NotBeNull();
        var docs = package.GetEntry("lib/net10.0/Ecs.BlueGreen.Core.xml");
        docs.Should().NotBeNull();
        using var reader = new StreamReader(docs!.Open());
        reader.ReadToEnd().Should().Contain("T:Ecs.BlueGreen.Ecs.IEcsClient");
    }

    [Test]
    public void The_symbol_package_has_a_portable_pdb_with_source_link()
    {
        using var symbols = ZipFile.OpenRead(Package("snupkg"));
        var pdbEntry = symbols.GetEntry("lib/net10.0/Ecs.BlueGreen.Core.pdb");
        pdbEntry.Should().NotBeNull();

        using var pdbStream = new MemoryStream();
        using (var entryStream = pdbEntry!.Open())
        {
            entryStream.CopyTo(pdbStream);
        }

        pdbStream.Position = 0;
        using var provider = MetadataReaderProvider.FromPortablePdbStream(pdbStream);
        var pdb = provider.GetMetadataReader();
        var sourceLink = pdb.CustomDebugInformation
            .Select(pdb.GetCustomDebugInformation)
            .Where(info => pdb.GetGuid(info.Kind) == SourceLinkKind)
            .Select(info => System.Text.Encoding.UTF8.GetString(pdb.GetBlobBytes(info.Value)))
            .SingleOrDefault();
        sourceLink.Should().NotBeNull("the pdb must map sources to the repository");
        sourceLink.Should().Contain("\"documents\"");
    }

    private string Package(string extension) => Directory.GetFiles(_output, $"Ecs.BlueGreen.Core.*.{extension}").Single();
}
