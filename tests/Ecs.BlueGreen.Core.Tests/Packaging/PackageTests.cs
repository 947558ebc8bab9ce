using System.IO.Compression;
using System.Reflection.Metadata;
using System.Xml.Linq;

namespace Ecs.BlueGreen.Tests.Packaging;

/// <summary>
/// `dotnet pack` makes an Ecs.BlueGreen.Core package with its README, licence expression, XML docs,
/// symbols and source-link data, for .NET 8 and .NET 10, each with its dependencies. Packs once per test run
/// (<see cref="PackedLibrary"/>: about half a minute, both target frameworks in Release).
/// </summary>
[Category("Packaging")]
public class PackageTests
{
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");
    private static readonly string[] TargetFrameworks = ["net8.0", "net10.0"];
    private string _output = null!;

    [OneTimeSetUp]
    public async Task Pack() => _output = await PackedLibrary.FolderAsync();

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

    [TestCaseSource(nameof(TargetFrameworks))]
    public void The_package_carries_the_assembly_and_its_XML_documentation(string framework)
    {
        using var package = ZipFile.OpenRead(Package("nupkg"));
        package.Entries.Where(e => e.FullName.StartsWith("lib/", StringComparison.Ordinal)).Select(e => e.FullName.Split('/')[1]).Distinct()
            .Should().BeEquivalentTo(TargetFrameworks);
        package.GetEntry($"lib/{framework}/Ecs.BlueGreen.Core.dll").Should().NotBeNull();
        var docs = package.GetEntry($"lib/{framework}/Ecs.BlueGreen.Core.xml");
        docs.Should().NotBeNull();
        using var reader = new StreamReader(docs!.Open());
        reader.ReadToEnd().Should().Contain("T:Ecs.BlueGreen.Ecs.IEcsClient");
    }

    /// <summary>
    /// Each target has its dependency group. Both ask for the 8.0 logging abstractions: a host that ships its own
    /// copy (Cake 7 ships 8.0.0.0 and loads lib/net10.0) can load the library only if it asks for no newer one.
    /// </summary>
    [TestCaseSource(nameof(TargetFrameworks))]
    public void Each_target_framework_has_its_dependency_group(string framework)
    {
        using var package = ZipFile.OpenRead(Package("nupkg"));
        using var nuspecStream = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        var groups = XDocument.Load(nuspecStream).Descendants().Where(e => e.Name.LocalName == "group").ToList();
        groups.Select(g => g.Attribute("targetFramework")!.Value).Should().BeEquivalentTo(TargetFrameworks);

        var dependencies = groups.Single(g => g.Attribute("targetFramework")!.Value == framework).Elements()
            .ToDictionary(d => d.Attribute("id")!.Value, d => d.Attribute("version")!.Value);
        dependencies.Keys.Should().BeEquivalentTo("AWSSDK.Core", "AWSSDK.SecurityToken", "AWSSDK.SSO", "AWSSDK.SSOOIDC", "Polly.Core", "Microsoft.Extensions.Logging.Abstractions", "YamlDotNet");
        dependencies["Microsoft.Extensions.Logging.Abstractions"].Should().StartWith("8.0.");
    }

    [TestCaseSource(nameof(TargetFrameworks))]
    public void The_symbol_package_has_a_portable_pdb_with_source_link(string framework)
    {
        using var symbols = ZipFile.OpenRead(Package("snupkg"));
        var pdbEntry = symbols.GetEntry($"lib/{framework}/Ecs.BlueGreen.Core.pdb");
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
