using System.Diagnostics;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Testing.Hosting;
using Ecs.BlueGreen.Testing.Scenarios;
using Ecs.BlueGreen.Tests.Packaging;

namespace Ecs.BlueGreen.Tests.Samples;

/// <summary>
/// Runs <c>samples/cake/build.cake</c> with Cake.Tool 7.0.0 against the emulator on a loopback port, the library
/// loaded by the script's <c>#addin</c> from the package <c>dotnet pack</c> makes (with its dependencies, from a local
/// folder: nothing is downloaded). Cake is installed once into a temporary tool path; the tests are ignored, with
/// the reason, only when that install fails. Cake compiles the script with Roslyn on its first run (about fifteen
/// seconds) and reuses it from its script cache on the second.
/// </summary>
[NonParallelizable]
public class CakeSampleTests
{
    private const string CakeVersion = "7.0.0";
    private const double Speed = 30;
    private static readonly TimeSpan ProcessLimit = TimeSpan.FromMinutes(3);
    private string _root = null!;
    private string _cake = null!;
    private string _feed = null!;

    [OneTimeSetUp]
    public async Task InstallCakeAndPackTheLibrary()
    {
        _root = Directory.CreateTempSubdirectory("ecs-bluegreen-cake-").FullName;
        var tools = Path.Combine(_root, "tools");
        var install = await RunAsync("dotnet", ["tool", "install", "Cake.Tool", "--version", CakeVersion, "--tool-path", tools], new Dictionary<string, string>());
        if (install.ExitCode != 0)
        {
            Assert.Ignore($"Cake.Tool {CakeVersion} could not be installed, so the Cake sample was not run: {install}");
        }

        _cake = Path.Combine(tools, OperatingSystem.IsWindows() ? "dotnet-cake.exe" : "dotnet-cake");
        _feed = await PackedLibrary.CreateFeedAsync(Path.Combine(_root, "feed"));
    }

    [OneTimeTearDown]
    public void Clean() => Directory.Delete(_root, recursive: true);

    [Test]
    public async Task The_cake_task_deploys_the_image()
    {
        var emulator = new EcsEmulator(SampleScenario.Create(), new ScaledTimeProvider(Speed));
        await using var server = await EcsEmulatorServer.StartAsync(emulator);

        var run = await RunCakeAsync(server.Endpoint, $"{SampleScenario.Repository}:1.4");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Output.Should().Contain("Registered web:2.");
        using var ecs = emulator.CreateClient();
        (await ServiceAsync(ecs)).TaskDefinition.Should().Be(SampleScenario.TaskDefinitionArn + "web:2");
    }

    [Test]
    public async Task A_failed_deployment_fails_the_cake_task_with_its_reason()
    {
        var emulator = new EcsEmulator(SampleScenario.Create(new ImageBehaviour { CrashAfterSeconds = 5, ExitCode = 3 }), new ScaledTimeProvider(Speed));
        await using var server = await EcsEmulatorServer.StartAsync(emulator);

        var run = await RunCakeAsync(server.Endpoint, $"{SampleScenario.Repository}:1.4");

        run.ExitCode.Should().Be(1, run.ToString());
        var all = run.Output + run.Error;
        all.Should().Contain("An error occurred when executing task 'Deploy'.", run.ToString())
            .And.Contain("exited with code 3");
        all.ReplaceLineEndings("\n").Split('\n').Should().Contain(
            line => line.StartsWith("Error: Deployment of web in prod failed: ", StringComparison.Ordinal) && line.Contains("Rollback: Succeeded", StringComparison.Ordinal),
            "Cake reports the exception's message, which says why the deployment failed: " + run);
        using var ecs = emulator.CreateClient();
        (await ServiceAsync(ecs)).TaskDefinition.Should().Be(SampleScenario.TaskDefinitionArn + "web:1");
    }

    /// <summary>
    /// <c>dotnet-cake samples/cake/build.cake --cluster=prod --service=web --image=IMAGE</c>, with the emulator's
    /// endpoint and dummy credentials in the environment. Cake's addin, tool and cache folders are this fixture's
    /// (https://cakebuild.net/docs/running-builds/configuration/default-configuration-values), its only package
    /// source the local feed, and a NuGet global packages folder of its own keeps any other build's copy of this
    /// version of the package out.
    /// </summary>
    private async Task<ProcessRun> RunCakeAsync(Uri endpoint, string image)
    {
        var environment = new Dictionary<string, string>
        {
            ["AWS_ENDPOINT_URL_ECS"] = endpoint.ToString(),
            ["AWS_REGION"] = "us-east-1",
            ["AWS_ACCESS_KEY_ID"] = "AKIDSAMPLETEST",
            ["AWS_SECRET_ACCESS_KEY"] = "sample-test-secret",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["AWS_CONFIG_FILE"] = AwsFiles.Config,
            ["AWS_SHARED_CREDENTIALS_FILE"] = AwsFiles.Credentials,
            ["CAKE_NUGET_SOURCE"] = _feed,
            ["CAKE_PATHS_ADDINS"] = Path.Combine(_root, "addins"),
            ["CAKE_PATHS_TOOLS"] = Path.Combine(_root, "cake-tools"),
            ["CAKE_PATHS_MODULES"] = Path.Combine(_root, "modules"),
            ["CAKE_SETTINGS_ENABLESCRIPTCACHE"] = "true",
            ["CAKE_PATHS_CACHE"] = Path.Combine(_root, "cache"),
            ["NUGET_PACKAGES"] = Path.Combine(_root, "packages"),
            ["NO_COLOR"] = "1",
        };
        var script = Path.Combine(RepositoryRoot.Path, "samples", "cake", "build.cake");
        return await RunAsync(_cake, [script, "--cluster=prod", "--service=web", $"--image={image}"], environment);
    }

    private async Task<ProcessRun> RunAsync(string program, string[] arguments, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = _root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal) || k.StartsWith("CAKE_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(start)!;
        using var limit = new CancellationTokenSource(ProcessLimit);
        var output = process.StandardOutput.ReadToEndAsync(limit.Token);
        var error = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token);
            var run = new ProcessRun(process.ExitCode, await output, await error);
            await TestContext.Out.WriteLineAsync($"{Path.GetFileName(program)}: {run}");
            return run;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new AssertionException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} did not finish within {ProcessLimit}.");
        }
    }

    private static async Task<Service> ServiceAsync(EcsClient ecs) =>
        (await ecs.DescribeServicesAsync(new DescribeServicesRequest { Cluster = "prod", Services = ["web"] })).Services.Single();

    private sealed record ProcessRun(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit code {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
    }
}
