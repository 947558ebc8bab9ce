using System.Diagnostics;

namespace Ecs.BlueGreen.Tool.Tests.Samples;

/// <summary>
/// samples/demo/run.sh, the README's "Try it" command: it runs for real, shows its build as it goes, and stops loudly
/// when a build fails (a stand-in `dotnet` first on PATH plays the failing build, so those runs take a second).
/// </summary>
public class DemoScriptTests
{
    [Test]
    public async Task The_readme_s_demo_command_runs_both_deployments_for_real()
    {
        // The README's "Try it" command as written: real builds (incremental here: the test run built both projects),
        // the real emulator and the real command.
        var run = await RunDemoAsync(fakeDotnet: null);

        run.ExitCode.Should().Be(0, run.Output);
        run.Output.Should().MatchRegex(@"demo: built src/Ecs\.BlueGreen\.Emulator in \d+ s")
            .And.Contain("demo: exit code 0 (0: deployed)")
            .And.Contain("demo: exit code 20 (20: the deployment failed; the service was rolled back to web:2)");
    }

    [Test]
    public async Task A_failed_build_stops_the_demo_with_its_errors_and_starts_nothing()
    {
        var run = await RunDemoAsync("""
            echo "  Determining projects to restore..."
            echo "/src/Program.cs(3,1): error CS1002: ; expected"
            exit 1
            """);

        run.ExitCode.Should().Be(1, run.Output);
        run.Output.Should().Contain("demo: building src/Ecs.BlueGreen.Emulator ...")
            .And.Contain("demo:   /src/Program.cs(3,1): error CS1002: ; expected")
            .And.Contain("demo: FAILED to build src/Ecs.BlueGreen.Emulator (its errors are above); nothing was started.");
        run.Output.Should().NotContain("ECS emulator on").And.NotContain("building src/Ecs.BlueGreen.Tool");
    }

    [Test]
    public async Task The_build_s_progress_is_shown_line_by_line()
    {
        // The build "succeeds" and then the emulator (also this stand-in) never says it listens: the demo says so and stops.
        var run = await RunDemoAsync("""
            if [ "$1" = build ]; then echo "Restored $2 (in 1.2 sec)."; echo "$2 -> bin/Debug/net10.0/x.dll"; exit 0; fi
            echo "not an emulator"; exit 3
            """);

        run.Output.Should().Contain("demo:   Restored src/Ecs.BlueGreen.Emulator (in 1.2 sec).")
            .And.Contain("demo:   src/Ecs.BlueGreen.Tool -> bin/Debug/net10.0/x.dll")
            .And.MatchRegex(@"demo: built src/Ecs\.BlueGreen\.Tool in \d+ s");
        run.Output.Should().Contain("demo: the emulator did not start:").And.Contain("not an emulator");
        run.ExitCode.Should().Be(1);
    }

    /// <summary>Runs the demo; with <paramref name="fakeDotnet"/>, a stand-in `dotnet` with that script comes first on PATH.</summary>
    private static async Task<(int ExitCode, string Output)> RunDemoAsync(string? fakeDotnet)
    {
        var bin = Directory.CreateTempSubdirectory("ecs-bluegreen-demo-").FullName;
        try
        {
            if (fakeDotnet is not null)
            {
                var dotnet = Path.Combine(bin, "dotnet");
                await File.WriteAllTextAsync(dotnet, "#!/usr/bin/env bash\n" + fakeDotnet + "\n");
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(dotnet, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }

            var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot.Path, "samples", "demo", "run.sh")])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = RepositoryRoot.Path,
            };
            start.Environment["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}";
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await output + await error);
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
    }
}
