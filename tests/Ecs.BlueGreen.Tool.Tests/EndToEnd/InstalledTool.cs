using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Ecs.BlueGreen.Tool.Tests.EndToEnd;

/// <summary>
/// Packs src/Ecs.BlueGreen.Tool once per test run and installs the package into a temporary tool path, the way
/// a user does (<c>dotnet tool install --tool-path … --add-source … ecs-bluegreen --version …</c>), from a
/// NuGet configuration with only the local folder and an empty package cache, so a stale copy can never be used.
/// </summary>
[SetUpFixture]
public sealed class InstalledTool
{
    private static string? _folder;

    /// <summary>The installed command.</summary>
    public static string Command { get; private set; } = null!;

    /// <summary>The folder the tool was installed into (<c>--tool-path</c>).</summary>
    public static string ToolPath { get; private set; } = null!;

    /// <summary>The installed package's version.</summary>
    public static string Version { get; private set; } = null!;

    /// <summary>The .NET installation the tests run on, for the tool's launcher (DOTNET_ROOT).</summary>
    public static string DotnetRoot { get; } = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

    [OneTimeSetUp]
    public async Task PackAndInstall()
    {
        _folder = Directory.CreateTempSubdirectory("ecs-bluegreen-tool-").FullName;
        var packages = Path.Combine(_folder, "packages");
        var project = Path.Combine(RepositoryRoot.Path, "src", "Ecs.BlueGreen.Tool", "Ecs.BlueGreen.Tool.csproj");
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif

        // The test project references the tool, so it is built in this configuration already: pack what was built.
        await RunAsync("dotnet", ["pack", project, "-c", configuration, "-o", packages, "--no-build", "--no-restore", "-nologo"]);
        var package = Path.GetFileNameWithoutExtension(Directory.GetFiles(packages, "ecs-bluegreen.*.nupkg").Single());
        Version = package["ecs-bluegreen.".Length..];

        var config = Path.Combine(_folder, "nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        var tools = Path.Combine(_folder, "tools");
        await RunAsync("dotnet", ["tool", "install", "--tool-path", tools, "--add-source", packages, "--configfile", config, "ecs-bluegreen", "--version", Version],
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_folder, "nuget-cache") });
        ToolPath = tools;
        Command = Path.Combine(tools, "ecs-bluegreen");
        File.Exists(Command).Should().BeTrue();
    }

    [OneTimeTearDown]
    public void Remove()
    {
        if (_folder is not null)
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static async Task RunAsync(string file, string[] arguments, Dictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? [])
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.Should().Be(0, $"{file} {string.Join(' ', arguments)}\n{await output}{await error}");
    }
}
