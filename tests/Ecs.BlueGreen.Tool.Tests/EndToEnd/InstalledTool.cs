using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Ecs.BlueGreen.Tool.Tests.EndToEnd;

/// <summary>
/// Packs src/Ecs.BlueGreen.Tool once per test run as it ships (https://learn.microsoft.com/dotnet/core/tools/rid-specific-tools):
/// the package users name, which points to one package per runtime identifier, the Native AOT package of this machine's
/// RID, and the framework-dependent <c>any</c> fallback. Installs it into a temporary tool path the way a user does
/// (<c>dotnet tool install --tool-path … ecs-bluegreen --version …</c>), from a NuGet configuration with only the local
/// folder and an empty package cache, so a stale copy can never be used: <see cref="Command"/> is the native executable.
/// The fallback is installed too, from a folder without the native package (<see cref="FallbackToolPath"/>).
/// </summary>
[SetUpFixture]
public sealed class InstalledTool
{
    private static string? _folder;

    /// <summary>The installed command.</summary>
    public static string Command { get; private set; } = null!;

    /// <summary>The folder the tool was installed into (<c>--tool-path</c>).</summary>
    public static string ToolPath { get; private set; } = null!;

    /// <summary>The folder of the packages users install (the one they name and this RID's native one).</summary>
    public static string PackageFolder { get; private set; } = null!;

    /// <summary>The installed package's version.</summary>
    public static string Version { get; private set; } = null!;

    /// <summary>The .NET installation the tests run on, for the tool's launcher (DOTNET_ROOT).</summary>
    public static string DotnetRoot { get; } = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

    /// <summary>The folder the framework-dependent <c>any</c> package was installed into, where no native package was offered.</summary>
    public static string FallbackToolPath { get; private set; } = null!;

    /// <summary>This machine's runtime identifier, whose native package is installed.</summary>
    public static string RuntimeIdentifier { get; } = RuntimeInformation.RuntimeIdentifier;

    private static string OtherRuntimeIdentifier => RuntimeIdentifier == "linux-arm64" ? "linux-x64" : "linux-arm64";

    [OneTimeSetUp]
    public async Task PackAndInstall()
    {
        _folder = Directory.CreateTempSubdirectory("ecs-bluegreen-tool-").FullName;
        var packages = Path.Combine(_folder, "packages");
        PackageFolder = packages;
        var project = Path.Combine(RepositoryRoot.Path, "src", "Ecs.BlueGreen.Tool", "Ecs.BlueGreen.Tool.csproj");
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif

        // The test project references the tool, so it is built in this configuration already: the pointer package
        // packs what was built; the native and fallback packages publish for their RID.
        await RunAsync("dotnet", ["pack", project, "-c", configuration, "-o", packages, "--no-build", "--no-restore", "-nologo"]);
        await RunAsync("dotnet", ["pack", project, "-c", configuration, "-o", packages, "-r", RuntimeIdentifier, "-nologo"]);
        var fallbackPackages = Path.Combine(_folder, "fallback-packages");
        await RunAsync("dotnet", ["pack", project, "-c", configuration, "-o", fallbackPackages, "-r", "any", "-p:PublishAot=false", "-nologo"]);
        var package = Path.GetFileNameWithoutExtension(Directory.GetFiles(packages, "ecs-bluegreen.*.nupkg").Single(p => char.IsDigit(Path.GetFileName(p)["ecs-bluegreen.".Length])));
        Version = package["ecs-bluegreen.".Length..];

        // A platform without a native package: the package users name lists another RID's native package and `any`.
        await RunAsync("dotnet", ["pack", project, "-c", configuration, "-o", fallbackPackages, "--no-build", "--no-restore", "-nologo", $"-p:NativeToolRuntimeIdentifiers={OtherRuntimeIdentifier}"]);

        ToolPath = await InstallAsync(packages, "tools");
        Command = Path.Combine(ToolPath, "ecs-bluegreen");
        FallbackToolPath = await InstallAsync(fallbackPackages, "fallback-tools");
        File.Exists(Command).Should().BeTrue();
    }

    private static async Task<string> InstallAsync(string packages, string name)
    {
        var config = Path.Combine(_folder!, $"{name}.nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{packages}" />
              </packageSources>
            </configuration>
            """);
        var tools = Path.Combine(_folder!, name);
        await RunAsync("dotnet", ["tool", "install", "--tool-path", tools, "--configfile", config, "ecs-bluegreen", "--version", Version],
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_folder!, $"{name}-nuget-cache") });
        return tools;
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
