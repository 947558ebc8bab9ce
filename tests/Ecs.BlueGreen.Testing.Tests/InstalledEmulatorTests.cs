using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Ecs.BlueGreen.Testing.Tests;

/// <summary>
/// Packs src/Ecs.BlueGreen.Emulator as the <c>ecs-emulator</c> dotnet tool once, installs it the way a user does
/// (<c>dotnet tool install --tool-path … ecs-emulator</c>, from a NuGet configuration with only the packed folder and an
/// empty package cache, so no stale copy is used), then starts the installed command on a scenario and talks to it.
/// </summary>
[NonParallelizable]
[Category("Packaging")]
public class InstalledEmulatorTests
{
    private const string Aws = "/usr/bin/aws";

    private string _folder = null!;
    private string _package = null!;
    private string _command = null!;

    /// <summary>The .NET installation the tests run on, for the tool's launcher (DOTNET_ROOT).</summary>
    private static string DotnetRoot { get; } = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

    [OneTimeSetUp]
    public async Task PackAndInstall()
    {
        _folder = Directory.CreateTempSubdirectory("ecs-emulator-tool-").FullName;
        var packages = Path.Combine(_folder, "packages");
        var project = Path.Combine(RepositoryRoot.Path, "src", "Ecs.BlueGreen.Emulator", "Ecs.BlueGreen.Emulator.csproj");
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif

        // The test project references the emulator, so it is built in this configuration already.
        await RunAsync("dotnet", ["pack", project, "-c", configuration, "-o", packages, "--no-build", "--no-restore", "-nologo"]);
        _package = Directory.GetFiles(packages, "ecs-emulator.*.nupkg").Single();

        // The library package, for its README (built already too: the emulator references it).
        var library = Path.Combine(RepositoryRoot.Path, "src", "Ecs.BlueGreen.Testing", "Ecs.BlueGreen.Testing.csproj");
        await RunAsync("dotnet", ["pack", library, "-c", configuration, "-o", Path.Combine(_folder, "library"), "--no-build", "--no-restore", "-nologo"]);
        var version = Path.GetFileNameWithoutExtension(_package)["ecs-emulator.".Length..];

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
        await RunAsync("dotnet", ["tool", "install", "--tool-path", tools, "--configfile", config, "ecs-emulator", "--version", version],
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_folder, "nuget-cache") });
        _command = Path.Combine(tools, "ecs-emulator");
    }

    [OneTimeTearDown]
    public void Remove() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void The_package_is_a_dotnet_tool_with_its_readme_and_licence()
    {
        using var package = ZipFile.OpenRead(_package);
        package.GetEntry("README.md").Should().NotBeNull();
        package.Entries.Should().Contain(e => e.FullName == "tools/net10.0/any/ecs-emulator.dll");
        package.Entries.Should().Contain(e => e.FullName == "tools/net10.0/any/DotnetToolSettings.xml");

        using var nuspecStream = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        var metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
        Value("id").Should().Be("ecs-emulator");
        Value("readme").Should().Be("README.md");
        Value("description").Should().Contain("Amazon ECS");
        metadata.Elements().Single(e => e.Name.LocalName == "license").Value.Should().Be("Apache-2.0");
        metadata.Descendants().Single(e => e.Name.LocalName == "packageType").Attribute("name")!.Value.Should().Be("DotnetTool");
    }

    [Test]
    public void The_testing_package_carries_its_readme_with_the_compiled_example()
    {
        var library = Directory.GetFiles(Path.Combine(_folder, "library"), "Ecs.BlueGreen.Testing.*.nupkg").Single(p => !p.EndsWith(".symbols.nupkg", StringComparison.Ordinal));
        using var package = ZipFile.OpenRead(library);
        using var readme = new StreamReader(package.GetEntry("README.md")!.Open());
        readme.ReadToEnd().Should().Contain("public static class EmulatorExample");
        using var nuspecStream = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        XDocument.Load(nuspecStream).Root!.Descendants().Single(e => e.Name.LocalName == "readme").Value.Should().Be("README.md");
    }

    [Test]
    public async Task The_installed_command_serves_its_scenario_until_SIGTERM()
    {
        var scenario = Path.Combine(_folder, "scenario.json");
        await File.WriteAllTextAsync(scenario, """{ "clusters": ["prod", "staging"] }""");
        var start = new ProcessStartInfo(_command, ["--port", "0", "--scenario", scenario])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_ROOT"] = DotnetRoot;
        using var process = Process.Start(start)!;
        var stopped = false;
        try
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var first = await process.StandardOutput.ReadLineAsync(limit.Token);
            first.Should().MatchRegex(@"^Listening on http://127\.0\.0\.1:\d+$");
            var endpoint = Regex.Match(first!, @"http://\S+").Value;

            using var admin = new HttpClient { BaseAddress = new Uri(endpoint) };
            if (File.Exists(Aws))
            {
                // A fault injected over the admin path: the AWS CLI retries the throttled call on its own.
                using var rule = new StringContent("""{"operation": "ListClusters", "kind": "throttle", "count": 1}""", Encoding.UTF8, "application/json");
                (await admin.PostAsync(new Uri("/_emulator/faults", UriKind.Relative), rule, limit.Token)).StatusCode.Should().Be(HttpStatusCode.OK);
            }

            (await ListClustersAsync(endpoint, limit.Token)).Should().BeEquivalentTo(
                "arn:aws:ecs:us-east-1:123456789012:cluster/prod", "arn:aws:ecs:us-east-1:123456789012:cluster/staging");
            var calls = JsonNode.Parse(await admin.GetStringAsync(new Uri("/_emulator/calls", UriKind.Relative), limit.Token))!["calls"]!.AsArray();
            calls.Select(c => c!["errorType"]?.GetValue<string>()).Should().Equal(File.Exists(Aws) ? ["ThrottlingException", null] : [null]);

            // A clean stop: SIGTERM, as a service manager sends it, ends the command with 130.
            (kill(process.Id, 15) == 0).Should().BeTrue("the emulator's process is running");
            await process.WaitForExitAsync(limit.Token);
            stopped = true;
            process.ExitCode.Should().Be(130);
        }
        finally
        {
            if (!stopped)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
    }

    /// <summary>ListClusters by the AWS CLI where it is installed, else as a plain AWS JSON 1.1 request.</summary>
    private async Task<IEnumerable<string>> ListClustersAsync(string endpoint, CancellationToken cancellationToken)
    {
        string output;
        if (File.Exists(Aws))
        {
            var cli = new ProcessStartInfo(Aws, ["ecs", "list-clusters", "--endpoint-url", endpoint, "--output", "json"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            cli.Environment["HOME"] = _folder;
            cli.Environment["AWS_CONFIG_FILE"] = Path.Combine(_folder, "aws-config");
            cli.Environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_folder, "aws-credentials");
            cli.Environment["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE";
            cli.Environment["AWS_SECRET_ACCESS_KEY"] = "secret";
            cli.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
            cli.Environment["AWS_PAGER"] = string.Empty;
            using var aws = Process.Start(cli)!;
            var error = aws.StandardError.ReadToEndAsync(cancellationToken);
            output = await aws.StandardOutput.ReadToEndAsync(cancellationToken);
            await aws.WaitForExitAsync(cancellationToken);
            aws.ExitCode.Should().Be(0, await error);
        }
        else
        {
            // POST / with X-Amz-Target (https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html); the emulator
            // wants a well-formed SigV4 Authorization header and does not verify it.
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(endpoint + "/"))
            {
                Content = new StringContent("{}", Encoding.UTF8, "application/x-amz-json-1.1"),
            };
            request.Headers.Add("X-Amz-Target", EcsEmulator.TargetPrefix + "ListClusters");
            request.Headers.TryAddWithoutValidation("Authorization",
                $"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/ecs/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature={new string('0', 64)}");
            using var response = await http.SendAsync(request, cancellationToken);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            output = await response.Content.ReadAsStringAsync(cancellationToken);
        }

        return JsonNode.Parse(output)!["clusterArns"]!.AsArray().Select(a => a!.GetValue<string>());
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

    // kill(2) with SIGTERM: .NET's Process.Kill sends SIGKILL, which a clean stop is not.
    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);
}
