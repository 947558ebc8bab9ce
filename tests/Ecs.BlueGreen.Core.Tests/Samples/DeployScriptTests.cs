using System.Diagnostics;
using Ecs.BlueGreen.Testing.Hosting;
using Ecs.BlueGreen.Testing.Scenarios;

namespace Ecs.BlueGreen.Tests.Samples;

/// <summary>
/// Runs the file-based script <c>samples/deploy.cs</c> with <c>dotnet run</c>, as the README shows, against the
/// emulator on a loopback port. The emulator's clock runs <see cref="Speed"/> times faster than real time, so a
/// rollout of a minute or two takes a few seconds. The first run builds the script (about ten seconds).
/// </summary>
[NonParallelizable]
public class DeployScriptTests
{
    private const double Speed = 30;
    private static readonly TimeSpan ProcessLimit = TimeSpan.FromMinutes(3);

    [Test]
    public async Task The_script_deploys_the_image_and_exits_with_0()
    {
        var emulator = new EcsEmulator(SampleScenario.Create(), new ScaledTimeProvider(Speed));
        await using var server = await EcsEmulatorServer.StartAsync(emulator);

        var run = await RunScriptAsync(server.Endpoint, "prod", "web", $"{SampleScenario.Repository}:1.4");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Output.Should().Contain("Registered web:2.")
            .And.Contain($"Succeeded: web runs {SampleScenario.TaskDefinitionArn}web:2.");
        emulator.CountCalls("UpdateService").Should().Be(1);
    }

    [Test]
    public async Task The_script_explains_a_failed_deployment_rolls_back_and_exits_with_1()
    {
        var emulator = new EcsEmulator(SampleScenario.Create(new ImageBehaviour { CrashAfterSeconds = 5, ExitCode = 3 }), new ScaledTimeProvider(Speed));
        await using var server = await EcsEmulatorServer.StartAsync(emulator);

        var run = await RunScriptAsync(server.Endpoint, "prod", "web", $"{SampleScenario.Repository}:1.4");

        run.ExitCode.Should().Be(1, run.ToString());
        run.Error.Should().StartWith("Failed: ")
            .And.Contain("exited with code 3")
            .And.Contain($"Rollback to {SampleScenario.TaskDefinitionArn}web:1: Succeeded");
    }

    [Test]
    public async Task The_script_refuses_an_image_no_container_uses_and_exits_with_2()
    {
        var emulator = new EcsEmulator(SampleScenario.Create(), new ScaledTimeProvider(Speed));
        await using var server = await EcsEmulatorServer.StartAsync(emulator);

        var run = await RunScriptAsync(server.Endpoint, "prod", "web", "registry.example.com/other:2");

        run.ExitCode.Should().Be(2, run.ToString());
        run.Error.Should().Contain("registry.example.com/other");
        emulator.CountCalls("RegisterTaskDefinition").Should().Be(0);
        emulator.CountCalls("UpdateService").Should().Be(0);
    }

    [Test]
    public async Task Without_a_service_the_script_prints_its_usage_and_exits_with_2()
    {
        var run = await RunScriptAsync(new Uri("http://127.0.0.1:9/"), "prod");

        run.ExitCode.Should().Be(2, run.ToString());
        run.Error.Should().StartWith("Usage: dotnet run deploy.cs -- <cluster> <service> <image>");
    }

    /// <summary>
    /// <c>dotnet run samples/deploy.cs -- ARGS</c> with the endpoint and dummy credentials in the environment, and
    /// nothing of the machine's own AWS configuration.
    /// </summary>
    private static async Task<ScriptRun> RunScriptAsync(Uri endpoint, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["run", "samples/deploy.cs", "--", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal) || k is "CLUSTER" or "SERVICE" or "IMAGE").ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["AWS_ENDPOINT_URL_ECS"] = endpoint.ToString();
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["AWS_ACCESS_KEY_ID"] = "AKIDSAMPLETEST";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "sample-test-secret";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_CONFIG_FILE"] = AwsFiles.Config;
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = AwsFiles.Credentials;
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";

        using var process = Process.Start(start)!;
        using var limit = new CancellationTokenSource(ProcessLimit);
        var output = process.StandardOutput.ReadToEndAsync(limit.Token);
        var error = process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token);
            var run = new ScriptRun(process.ExitCode, await output, await error);
            await TestContext.Out.WriteLineAsync(run.ToString());
            return run;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new AssertionException($"dotnet run samples/deploy.cs did not finish within {ProcessLimit}.");
        }
    }

    private sealed record ScriptRun(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit code {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
    }
}
