using System.Diagnostics;

namespace Ecs.BlueGreen.Tool.Tests.Samples;

/// <summary>
/// samples/demo/run.sh shows its build as it goes and stops loudly when a build fails. A stand-in `dotnet` first on
/// PATH plays the build, so these runs take a second; the demo's real run is the README's first command.
/// </summary>
public class DemoScriptTests
{
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

    private static async Task<(int ExitCode, string Output)> RunDemoAsync(string fakeDotnet)
    {
        var bin = Directory.CreateTempSubdirectory("ecs-bluegreen-demo-").FullName;
        try
        {
            var dotnet = Path.Combine(bin, "dotnet");
            await File.WriteAllTextAsync(dotnet, "#!/usr/bin/env bash\n" + fakeDotnet + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(dotnet, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
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
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await output + await error);
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
    }
}
