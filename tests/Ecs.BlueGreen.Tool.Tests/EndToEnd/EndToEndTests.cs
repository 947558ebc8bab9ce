using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Ecs.BlueGreen.Testing;
using Ecs.BlueGreen.Testing.Hosting;
using Ecs.BlueGreen.Testing.Scenarios;
using Ecs.BlueGreen.Tool.Tests.Support;

namespace Ecs.BlueGreen.Tool.Tests.EndToEnd;

/// <summary>
/// The installed command against the emulator on a loopback port, simulated time 50 times faster than real
/// time, so each deployment takes a few seconds.
/// </summary>
[NonParallelizable]
public class EndToEndTests
{
    private const double Speed = 50;

    private static async Task<(RunResult Result, EcsEmulatorServer Server)> DeployAsync(EmulatorScenario scenario, string[] arguments, Dictionary<string, string>? environment = null)
    {
        var server = await EcsEmulatorServer.StartAsync(new EcsEmulator(scenario, new ScaledTimeProvider(Speed)));
        var result = await ToolProcess.RunAsync([.. arguments, "--endpoint-url", server.Endpoint.ToString()], environment);
        return (result, server);
    }

    private static string ServiceTaskDefinition(EcsEmulatorServer server) =>
        (string)server.Emulator.GetState()["clusters"]![0]!["services"]![0]!["taskDefinition"]!;

    [Test]
    public async Task A_healthy_deployment_succeeds()
    {
        var (result, server) = await DeployAsync(Scenarios.Web(), ["-c", "prod", "-n", "web", "-i", "repo/web:2"]);
        await using var _ = server;

        result.ExitCode.Should().Be(0, result.ToString());
        result.Out.Should().Be("New task definition: arn:aws:ecs:us-east-1:123456789012:task-definition/web:2\nService deployment successful.\n");
        result.Error.Should().MatchRegex(@"\d\d:\d\d:\d\d Registered arn:aws:ecs:us-east-1:123456789012:task-definition/web:2\.");
        result.Error.Should().Contain("New revision: 2/2 running").And.Contain("ECS: (service web) has reached a steady state.");
        ServiceTaskDefinition(server).Should().EndWith("task-definition/web:2");
    }

    [Test]
    public async Task A_native_deployment_paused_by_one_process_is_continued_by_another()
    {
        var (paused, server) = await DeployAsync(Scenarios.Native(), ["-c", "prod", "-n", "web", "-i", "repo/web:2", "--wait-until", "paused", "--output", "json"]);
        await using var _ = server;

        paused.ExitCode.Should().Be(0, paused.ToString());
        var json = System.Text.Json.Nodes.JsonNode.Parse(paused.Out)!;
        ((string?)json["outcome"]).Should().Be("paused");
        var hookId = (string?)json["pausedHook"]!["hookId"];
        hookId.Should().NotBeNullOrEmpty();

        var continued = await ToolProcess.RunAsync(["-c", "prod", "-n", "web", "--continue", "--endpoint-url", server.Endpoint.ToString()]);

        continued.ExitCode.Should().Be(0, continued.ToString());
        continued.Error.Should().Contain(hookId!).And.Contain("CONTINUE");
        ServiceTaskDefinition(server).Should().EndWith("task-definition/web:2");
    }

    [Test]
    public async Task A_failing_deployment_is_rolled_back_with_rollback_on_failure()
    {
        var (result, server) = await DeployAsync(Scenarios.Web(), ["-c", "prod", "-n", "web", "-i", Scenarios.CrashingImage, "--rollback-on-failure"]);
        await using var _ = server;

        result.ExitCode.Should().Be(ExitCodes.DeploymentFailed, result.ToString());
        result.Error.Should().Contain("ERROR: Deployment of web failed:").And.Contain("container app exited with code 3");
        result.Error.Should().Contain("Rollback to web:1: succeeded");
        ServiceTaskDefinition(server).Should().EndWith("task-definition/web:1");
    }

    [Test]
    public async Task A_timed_out_deployment_is_rolled_back_with_enable_rollback()
    {
        var (result, server) = await DeployAsync(Scenarios.Web(), ["-c", "prod", "-n", "web", "-i", Scenarios.StuckImage, "-t", "3", "--enable-rollback"]);
        await using var _ = server;

        result.ExitCode.Should().Be(ExitCodes.TimedOut, result.ToString());
        result.Error.Should().Contain("ERROR: Deployment of web timed out: The new tasks did not all run within 3s:").And.Contain("2 pending");
        result.Error.Should().Contain("Rollback to web:1: succeeded");
        ServiceTaskDefinition(server).Should().EndWith("task-definition/web:1");
    }

    [Test]
    public async Task A_deployment_rolled_back_by_the_ECS_circuit_breaker_fails_with_the_reason()
    {
        var (result, server) = await DeployAsync(Scenarios.Web(circuitBreaker: true), ["-c", "prod", "-n", "web", "-i", Scenarios.CrashingImage]);
        await using var _ = server;

        result.ExitCode.Should().Be(ExitCodes.RolledBackByEcs, result.ToString());
        result.Error.Should().Contain("ERROR: Deployment of web failed: ECS rolled deployment").And.Contain("circuit breaker threshold was exceeded");
        result.Out.Should().NotContain("successful");
    }

    [Test]
    public async Task A_timeout_without_rollback_is_exit_code_1_and_leaves_the_service()
    {
        var (result, server) = await DeployAsync(Scenarios.Web(), ["-c", "prod", "-n", "web", "-i", Scenarios.StuckImage, "-t", "2"]);
        await using var _ = server;

        result.ExitCode.Should().Be(ExitCodes.TimedOut, result.ToString());
        result.Error.Should().Contain("timed out").And.Contain("rolls back automatically");
        ServiceTaskDefinition(server).Should().EndWith("task-definition/web:2");
    }

    [Test]
    public void The_installed_tool_is_a_native_executable()
    {
        // `dotnet tool install` resolved the package users name to this RID's Native AOT package: an ELF executable
        // (magic 0x7F 'E' 'L' 'F') that the tool path links to, with no managed entry assembly or runtime settings beside it.
        var executable = new FileInfo(InstalledTool.Command).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? InstalledTool.Command;
        using (var file = File.OpenRead(executable))
        {
            var magic = new byte[4];
            file.ReadExactly(magic);
            magic.Should().Equal(0x7F, (byte)'E', (byte)'L', (byte)'F');
        }

        executable.Should().Contain($"ecs-bluegreen.{InstalledTool.RuntimeIdentifier}");
        Directory.GetFiles(InstalledTool.ToolPath, "ecs-bluegreen.dll", SearchOption.AllDirectories).Should().BeEmpty();
        Directory.GetFiles(InstalledTool.ToolPath, "*.runtimeconfig.json", SearchOption.AllDirectories).Should().BeEmpty();
    }

    [Test]
    public async Task Where_no_native_package_is_offered_the_framework_dependent_fallback_is_installed_and_runs()
    {
        var fallback = Path.Combine(InstalledTool.FallbackToolPath, "ecs-bluegreen");
        Directory.GetFiles(InstalledTool.FallbackToolPath, "ecs-bluegreen.dll", SearchOption.AllDirectories).Should().ContainSingle()
            .Which.Should().Contain("ecs-bluegreen.any");

        var result = await ToolProcess.RunAsync(fallback, ["--version"]);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Out.Trim().Should().Be(InstalledTool.Version);
    }

    [Test]
    public void The_installed_tool_runs_without_dynamic_PGO()
    {
        // The framework-dependent fallback is JIT-compiled; a run is short, and dynamic PGO's instrumented code costs it CPU.
        var runtimeConfig = Directory.GetFiles(InstalledTool.FallbackToolPath, "ecs-bluegreen.runtimeconfig.json", SearchOption.AllDirectories).Should().ContainSingle().Subject;

        var properties = JsonNode.Parse(File.ReadAllText(runtimeConfig))!["runtimeOptions"]!["configProperties"];

        ((bool?)properties?["System.Runtime.TieredPGO"]).Should().BeFalse();
    }

    [Test]
    public async Task A_dry_run_makes_no_write_call()
    {
        var (result, server) = await DeployAsync(Scenarios.Web(), ["-c", "prod", "-n", "web", "-i", "repo/web:2", "--dry-run"]);
        await using var _ = server;

        result.ExitCode.Should().Be(0, result.ToString());
        result.Out.Should().Contain("~ containerDefinitions[app].image: \"repo/web:1\" -> \"repo/web:2\"").And.Contain("UpdateService (cluster prod, service web");
        using var http = new HttpClient { BaseAddress = server.Endpoint };
        var calls = JsonNode.Parse(await http.GetStringAsync(new Uri("/_emulator/calls", UriKind.Relative)))!["calls"]!.AsArray().Select(c => (string)c!["operation"]!).ToList();
        calls.Should().NotBeEmpty().And.OnlyContain(operation => operation.StartsWith("Describe", StringComparison.Ordinal) || operation.StartsWith("List", StringComparison.Ordinal));
    }

    [Test]
    public async Task Json_output_is_one_parseable_document()
    {
        var (result, server) = await DeployAsync(Scenarios.Web(), ["-c", "prod", "-n", "web", "-i", "repo/web:2", "--output", "json"]);
        await using var _ = server;

        result.ExitCode.Should().Be(0, result.ToString());
        var document = JsonNode.Parse(result.Out)!;
        document["outcome"]!.GetValue<string>().Should().Be("succeeded");
        document["taskDefinitionArn"]!.GetValue<string>().Should().Be("arn:aws:ecs:us-east-1:123456789012:task-definition/web:2");
        document["previousTaskDefinitionArn"]!.GetValue<string>().Should().Be("arn:aws:ecs:us-east-1:123456789012:task-definition/web:1");
        document["registered"]!.GetValue<bool>().Should().BeTrue();
        document["durationSeconds"]!.GetValue<double>().Should().BePositive();
    }

    [Test]
    public async Task Under_GitHub_Actions_outputs_and_summary_are_written()
    {
        var folder = Directory.CreateTempSubdirectory("ecs-bluegreen-e2e-github-").FullName;
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["GITHUB_ACTIONS"] = "true",
                ["GITHUB_OUTPUT"] = Path.Combine(folder, "output"),
                ["GITHUB_STEP_SUMMARY"] = Path.Combine(folder, "summary"),
            };
            var (result, server) = await DeployAsync(Scenarios.Web(), ["-c", "prod", "-n", "web", "-i", "repo/web:2"], environment);
            await using var _ = server;

            result.ExitCode.Should().Be(0, result.ToString());
            result.Error.Should().Contain("::group::Waiting for deployment ecs-svc/").And.Contain("::endgroup::");
            var outputs = await File.ReadAllTextAsync(Path.Combine(folder, "output"));
            outputs.Should().MatchRegex(@"^task-definition-arn=arn:aws:ecs:us-east-1:123456789012:task-definition/web:2\nprevious-task-definition-arn=arn:aws:ecs:us-east-1:123456789012:task-definition/web:1\ndeployment-id=ecs-svc/\d+\noutcome=succeeded\n$");
            (await File.ReadAllTextAsync(Path.Combine(folder, "summary"))).Should().Contain("| Outcome | succeeded (exit code 0) |");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task Every_ecs_deploy_flag_is_accepted()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, new JsonObject { ["taskDefinition"] = Scenarios.TaskDefinition() }.ToJsonString());
        try
        {
            // Service mode with every flag that applies to it; -a, -p and --aws-instance-profile need AWS itself, so
            // they are checked in-process (OptionValidatorTests) and here only by a dry run of their parsing.
            var (result, server) = await DeployAsync(Scenarios.Web(),
            [
                "-k", "AKIDEXAMPLE", "-s", "dummy-secret", "-r", "us-east-1", "--cluster", "prod", "--service-name", "web", "--image", "repo/web",
                "--timeout", "60", "--min", "50", "--max", "200", "--desired-count", "2", "--tag-env-var", "CI_TIMESTAMP", "--max-definitions", "3",
                "--task-definition-file", file, "--enable-rollback", "--use-latest-task-def", "--force-new-deployment", "--skip-deployments-check",
                "--copy-task-definition-tags", "--verbose", "", "",
            ], new Dictionary<string, string> { ["CI_TIMESTAMP"] = "1487623908" });
            await using var _ = server;

            result.ExitCode.Should().Be(0, result.ToString());
            result.Out.Should().Be("New task definition: arn:aws:ecs:us-east-1:123456789012:task-definition/web:2\nService deployment successful.\n");
            result.Error.Should().Contain("AWS UpdateService answered 200").And.NotContain("dummy-secret");

            var (registered, registry) = await DeployAsync(Scenarios.Migrate(new ImageBehaviour { RunTaskExitCode = 3, LogLines = ["migrating", "failed: 3"] }),
            [
                "-c", "prod", "-d", "migrate", "-to", "7", "-i", "ignore", "--copy-task-definition-tags", "--run-task", "--launch-type", "FARGATE",
                "--platform-version", "1.4.0", "--network-configuration", "awsvpcConfiguration={subnets=[subnet-1]}", "--wait-for-success", "--tail-logs",
            ]);
            await using var __ = registry;
            registered.ExitCode.Should().Be(3, registered.ToString());
            registered.Error.Split('\n').Where(l => l.StartsWith("[app] ", StringComparison.Ordinal)).Should().Equal("[app] migrating", "[app] failed: 3");
            registered.Error.Should().Contain("ERROR: Task").And.Contain("  container app exited with code 3\n");
            registered.Out.Should().Contain("Executed task: arn:aws:ecs:us-east-1:123456789012:task/prod/").And.NotContain("successfully");
        }
        finally
        {
            File.Delete(file);
        }
    }

    // CI runners send SIGINT, then SIGTERM: both stop the wait the same way.
    [TestCase("INT")]
    [TestCase("TERM")]
    public async Task Ctrl_C_or_SIGTERM_stops_the_wait_rolls_back_when_asked_and_exits_130(string signal)
    {
        await using var server = await EcsEmulatorServer.StartAsync(new EcsEmulator(Scenarios.Web(), new ScaledTimeProvider(Speed)));
        using var process = Process.Start(ToolProcess.StartInfo(["-c", "prod", "-n", "web", "-i", Scenarios.StuckImage, "-t", "600", "--enable-rollback", "--endpoint-url", server.Endpoint.ToString()]))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = new StringBuilder();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            // Once the service is updated, the command is waiting: interrupt it as Ctrl+C does.
            while (await process.StandardError.ReadLineAsync(limit.Token) is { } line)
            {
                error.Append(line).Append('\n');
                if (line.Contains("Service updated to", StringComparison.Ordinal))
                {
                    using var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString(CultureInfo.InvariantCulture)])!;
                    await kill.WaitForExitAsync(limit.Token);
                    break;
                }
            }

            error.Append(await process.StandardError.ReadToEndAsync(limit.Token));
            await process.WaitForExitAsync(limit.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        var result = new RunResult(process.ExitCode, await output, error.ToString());
        result.ExitCode.Should().Be(ExitCodes.Cancelled, result.ToString());
        result.Error.Should().Contain("Stopping: the wait is cancelled").And.Contain("Rolling back to web:1").And.Contain("ERROR: Deployment of web was cancelled");
        ServiceTaskDefinition(server).Should().EndWith("task-definition/web:1");
    }

    [Test]
    public async Task Version_prints_the_package_version()
    {
        var result = await ToolProcess.RunAsync(["--version"]);
        result.ExitCode.Should().Be(0);
        result.Out.Trim().Should().Be(InstalledTool.Version);
    }

    // Each validation error: its exit code and one line on stderr, before any AWS call (no endpoint is given,
    // so a call would fail differently).
    [TestCase(ExitCodes.Usage, "ecs-bluegreen: No arguments given. Run 'ecs-bluegreen --help' for the options.")]
    [TestCase(ExitCodes.Usage, "ecs-bluegreen: Unknown argument '--bogus'. Run 'ecs-bluegreen --help' for the options.", "--bogus")]
    [TestCase(ExitCodes.NoServiceOrTaskDefinition, "ERROR: Give a service (-n SERVICE, with -c CLUSTER) or a task definition (-d FAMILY).", "-c", "prod")]
    [TestCase(ExitCodes.BothServiceAndTaskDefinition, "ERROR: -n and -d cannot be used together: -n deploys to a service, -d only registers a task definition.", "-n", "web", "-d", "web")]
    [TestCase(ExitCodes.ServiceWithoutCluster, "ERROR: -n needs the cluster of the service: add -c CLUSTER.", "-n", "web")]
    [TestCase(ExitCodes.NothingToDeploy, "ERROR: Nothing to deploy: give an image (-i), a tag (-to), --container, --env, --task-definition-file or --force-new-deployment.", "-c", "prod", "-n", "web")]
    [TestCase(ExitCodes.MaxDefinitionsNotNumeric, "ERROR: --max-definitions must be a whole number (got 'abc').", "-c", "prod", "-n", "web", "-i", "repo/web:2", "--max-definitions", "abc")]
    [TestCase(ExitCodes.LaunchTypeWithoutRunTask, "ERROR: --launch-type only applies to --run-task.", "-c", "prod", "-n", "web", "-i", "repo/web:2", "--launch-type", "FARGATE")]
    [TestCase(ExitCodes.NetworkConfigurationWithoutRunTask, "ERROR: --network-configuration only applies to --run-task.", "-c", "prod", "-n", "web", "-i", "repo/web:2", "--network-configuration", "x")]
    [TestCase(ExitCodes.NetworkConfigurationWithoutRunTask, "ERROR: --wait-for-success only applies to --run-task.", "-c", "prod", "-n", "web", "-i", "repo/web:2", "--wait-for-success")]
    [TestCase(ExitCodes.PlatformVersionWithoutRunTask, "ERROR: --platform-version only applies to --run-task.", "-c", "prod", "-n", "web", "-i", "repo/web:2", "--platform-version", "1.4.0")]
    [TestCase(ExitCodes.InvalidImage, "ERROR: Unable to parse image name (-i): '/something' is not a valid image reference: the repository path '/something' must be lowercase components of letters and digits, joined by '.', '_', '__' or '-'.", "-c", "prod", "-n", "web", "-i", "/something")]
    [TestCase(ExitCodes.InvalidOptionValue, "ERROR: -t must be a whole number of at least 1 (got 'abc').", "-c", "prod", "-n", "web", "-i", "repo/web:2", "-t", "abc")]
    [TestCase(ExitCodes.InvalidOptionValue, "ERROR: -e names the environment variable 'UNSET_TAG_VARIABLE', which is not set.", "-c", "prod", "-n", "web", "-i", "repo/web", "-e", "UNSET_TAG_VARIABLE")]
    public async Task A_validation_error_has_its_exit_code_and_one_line(int exitCode, string line, params string[] arguments)
    {
        var result = await ToolProcess.RunAsync(arguments);

        result.ExitCode.Should().Be(exitCode, result.ToString());
        result.Error.Should().Be(line + "\n");
        result.Out.Should().BeEmpty();
    }

    [Test]
    public async Task Missing_credentials_are_an_AWS_configuration_error()
    {
        var result = await ToolProcess.RunAsync(["-c", "prod", "-n", "web", "-i", "repo/web:2", "-p", "no-such-profile"]);

        result.ExitCode.Should().Be(ExitCodes.AwsConfigurationError, result.ToString());
        result.Error.Should().StartWith("ERROR: The AWS profile 'no-such-profile' was not found");
    }
}
