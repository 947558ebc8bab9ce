using System.Reflection;
using System.Xml.Linq;
using Ecs.BlueGreen.Aws;

namespace Ecs.BlueGreen.Tests.PublicApi;

/// <summary>
/// The public API of the packable libraries is tracked by Microsoft.CodeAnalysis.PublicApiAnalyzers in
/// PublicAPI.Shipped.txt and PublicAPI.Unshipped.txt beside each project: a change to the surface fails the build
/// (RS0016, RS0017) until the files say so; <c>.ci/update-public-api.sh</c> rewrites them. These tests check that the
/// analyzer stays on and that the files and the compiled assemblies agree type by type.
/// </summary>
public class PublicApiTests
{
    private static readonly Assembly[] Libraries = [typeof(AwsService).Assembly, typeof(Testing.EcsEmulator).Assembly];

    private static readonly string[] Files = ["PublicAPI.Shipped.txt", "PublicAPI.Unshipped.txt"];

    [TestCaseSource(nameof(Libraries))]
    public void The_analyzer_is_on_and_reads_both_files(Assembly library)
    {
        var project = XDocument.Load(ProjectFile(library));
        project.Descendants("PackageReference").Select(e => (string?)e.Attribute("Include"))
            .Should().Contain("Microsoft.CodeAnalysis.PublicApiAnalyzers");
        project.Descendants("AdditionalFiles").Select(e => (string?)e.Attribute("Include"))
            .Should().Contain(Files);
        foreach (var file in Files)
        {
            File.ReadLines(Path.Combine(ProjectFolder(library), file)).First().Should().Be("#nullable enable", "nullable annotations are tracked too");
        }
    }

    [TestCaseSource(nameof(Libraries))]
    public void Every_public_type_is_declared_and_every_declared_type_is_public(Assembly library)
    {
        var declared = DeclaredTypes(library);
        var exported = library.GetExportedTypes().Select(Name).ToHashSet(StringComparer.Ordinal);

        exported.Should().NotBeEmpty();
        exported.Except(declared).Should().BeEmpty("every public type must be in PublicAPI.Shipped.txt or PublicAPI.Unshipped.txt");
        declared.Except(exported).Should().BeEmpty("every type in the files must still be public");
    }

    [Test]
    public void Transport_internals_are_not_public_API()
    {
        var declared = DeclaredTypes(typeof(AwsService).Assembly);

        declared.Should().Contain("Ecs.BlueGreen.Ecs.IEcsClient");
        declared.Should().NotContain(["Ecs.BlueGreen.Aws.Transport.AwsJsonTransport", "Ecs.BlueGreen.Aws.Transport.AwsErrorParser", "Ecs.BlueGreen.Aws.Transport.AwsRetryPipeline"]);
    }

    [Test]
    public void Every_public_exception_derives_from_the_one_library_base_and_cancellation_stays_an_OperationCanceledException()
    {
        var exceptions = typeof(AwsService).Assembly.GetExportedTypes().Where(t => typeof(Exception).IsAssignableFrom(t)).ToList();

        exceptions.Should().HaveCountGreaterThan(5);
        exceptions.Where(t => t != typeof(EcsBlueGreenException) && !typeof(OperationCanceledException).IsAssignableFrom(t))
            .Should().OnlyContain(t => t.IsSubclassOf(typeof(EcsBlueGreenException)));
        exceptions.Where(t => typeof(OperationCanceledException).IsAssignableFrom(t)).Select(t => t.Name).Should().Equal("DeploymentCanceledException");
    }

    private static string ProjectFolder(Assembly library) => Path.Combine(RepositoryRoot.Path, "src", library.GetName().Name!);

    private static string ProjectFile(Assembly library) => Path.Combine(ProjectFolder(library), library.GetName().Name + ".csproj");

    /// <summary>
    /// The type lines of both files: a type's line is its name with its modifiers (<c>abstract</c>, <c>static</c>, …)
    /// and nothing else; members have a parameter list or a <c>-></c>.
    /// </summary>
    private static HashSet<string> DeclaredTypes(Assembly library) =>
        Files.SelectMany(file => File.ReadLines(Path.Combine(ProjectFolder(library), file)))
            .Where(line => line.Length > 0 && !line.StartsWith('#') && !line.Contains("->", StringComparison.Ordinal) && !line.Contains('(', StringComparison.Ordinal))
            .Select(line => line.Split(' ')[^1])
            .ToHashSet(StringComparer.Ordinal);

    private static string Name(Type type)
    {
        var name = (type.IsGenericType ? type.GetGenericTypeDefinition() : type).FullName!.Replace('+', '.');
        if (!type.IsGenericType)
        {
            return name;
        }

        // Ecs.BlueGreen.Runtime.EcsCommandBase`1 is written Ecs.BlueGreen.Runtime.EcsCommandBase<TSelf>.
        return name[..name.IndexOf('`', StringComparison.Ordinal)] + "<" + string.Join(", ", type.GetGenericArguments().Select(a => a.Name)) + ">";
    }
}
