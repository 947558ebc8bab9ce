using System.Diagnostics;
using System.Text.Json;

namespace Ecs.BlueGreen.Tests.Packaging;

/// <summary>
/// Ecs.BlueGreen.Core as <c>dotnet pack</c> makes it (Release, both target frameworks), packed once per test run into a
/// temporary folder that <see cref="PackedLibraryCleanup"/> deletes. The package tests read it; the Cake sample loads
/// it as an addin.
/// </summary>
internal static class PackedLibrary
{
    private static readonly Lazy<Task<string>> Packed = new(PackAsync);

    /// <summary>The folder holding Ecs.BlueGreen.Core.VERSION.nupkg and .snupkg.</summary>
    public static Task<string> FolderAsync() => Packed.Value;

    public static void Delete()
    {
        if (Packed.IsValueCreated && Packed.Value.IsCompletedSuccessfully)
        {
            Directory.Delete(Packed.Value.Result, recursive: true);
        }
    }

    /// <summary>
    /// A local feed for an offline restore of the library: the package, and the packages it depends on (for every
    /// target framework), copied from the NuGet global packages folder where the build restored them. Read from the
    /// project's assets file (https://learn.microsoft.com/nuget/reference/msbuild-targets#restore-outputs).
    /// </summary>
    public static async Task<string> CreateFeedAsync(string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var package in Directory.GetFiles(await FolderAsync(), "*.nupkg"))
        {
            File.Copy(package, Path.Combine(folder, Path.GetFileName(package)));
        }

        var assetsFile = Path.Combine(RepositoryRoot.Path, "src", "Ecs.BlueGreen.Core", "obj", "project.assets.json");
        using var assets = JsonDocument.Parse(await File.ReadAllTextAsync(assetsFile));
        var packageFolders = assets.RootElement.GetProperty("packageFolders").EnumerateObject().Select(p => p.Name).ToList();
        var dependencies = assets.RootElement.GetProperty("targets").EnumerateObject()
            .SelectMany(target => target.Value.EnumerateObject())
            .Where(library => library.Value.GetProperty("type").GetString() == "package")
            .Select(library => library.Name)
            .Distinct(StringComparer.OrdinalIgnoreCase);
        foreach (var dependency in dependencies)
        {
            var path = assets.RootElement.GetProperty("libraries").GetProperty(dependency).GetProperty("path").GetString()!;
            var nupkg = packageFolders
                .SelectMany(root => Directory.Exists(Path.Combine(root, path)) ? Directory.GetFiles(Path.Combine(root, path), "*.nupkg") : [])
                .First();
            File.Copy(nupkg, Path.Combine(folder, Path.GetFileName(nupkg)), overwrite: true);
        }

        return folder;
    }

    private static async Task<string> PackAsync()
    {
        var output = Directory.CreateTempSubdirectory("ecs-bluegreen-pack-").FullName;
        var project = Path.Combine(RepositoryRoot.Path, "src", "Ecs.BlueGreen.Core", "Ecs.BlueGreen.Core.csproj");
        var start = new ProcessStartInfo("dotnet", ["pack", project, "-c", "Release", "-o", output, "-p:ContinuousIntegrationBuild=true", "-nologo"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.Should().Be(0, await stdout + await stderr);
        return output;
    }
}
