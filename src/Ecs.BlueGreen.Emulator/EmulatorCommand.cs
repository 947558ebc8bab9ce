using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Ecs.BlueGreen.Testing;
using Ecs.BlueGreen.Testing.Hosting;
using Ecs.BlueGreen.Testing.Scenarios;
using McMaster.Extensions.CommandLineUtils;

namespace Ecs.BlueGreen.Emulator;

/// <summary>Starts the ECS emulator on 127.0.0.1 and serves until stopped.</summary>
[Command(Name = "ecs-emulator", Description = "A simulated Amazon ECS (one account and region) on 127.0.0.1, for tests and demos.")]
public sealed class EmulatorCommand
{
    /// <summary>Exit code when the scenario or the options are invalid (one line on stderr says why).</summary>
    public const int UsageErrorExitCode = 2;

    /// <summary>Exit code when the port cannot be listened on (for example, it is in use).</summary>
    public const int ListenFailedExitCode = 1;

    /// <summary>Exit code after Ctrl+C or SIGTERM.</summary>
    public const int CancelledExitCode = 130;

    /// <summary>The port; 0 picks a free one.</summary>
    [Option("--port", Description = "Port on 127.0.0.1 (0 picks a free port). Default 4599.")]
    [Range(0, 65535)]
    public int Port { get; init; } = 4599;

    /// <summary>A scenario file.</summary>
    [Option("--scenario", Description = "Scenario JSON file: clusters, task definitions, services, image behaviours and faults to start from.")]
    public string? Scenario { get; init; }

    /// <summary>How much faster than real time simulated time runs.</summary>
    [Option("--speed", Description = "How many times faster than real time the simulation runs. Default 1.")]
    public double Speed { get; init; } = 1;

    /// <summary>Runs the emulator until Ctrl+C or SIGTERM.</summary>
    public async Task<int> OnExecuteAsync()
    {
        if (Speed <= 0)
        {
            await Console.Error.WriteLineAsync("--speed must be greater than 0.").ConfigureAwait(false);
            return UsageErrorExitCode;
        }

        EmulatorScenario scenario;
        try
        {
            scenario = Scenario is null ? EmulatorScenario.Empty : EmulatorScenario.Load(Scenario);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"Cannot read the scenario {Scenario}: {e.Message}").ConfigureAwait(false);
            return UsageErrorExitCode;
        }

        using var stop = new CancellationTokenSource();

        // Ctrl+C and SIGTERM stop the server cleanly; the handlers are removed before stop is disposed.
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });

        EcsEmulator emulator;
        try
        {
            emulator = new EcsEmulator(scenario, new ScaledTimeProvider(Speed));
        }
        catch (Exception e) when (e is EmulatorScenarioException or InvalidOperationException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"The scenario {Scenario} is invalid: {e.Message}").ConfigureAwait(false);
            return UsageErrorExitCode;
        }

        EcsEmulatorServer server;
        try
        {
            server = await EcsEmulatorServer.StartAsync(emulator, Port, stop.Token).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await Console.Error.WriteLineAsync($"Cannot listen on 127.0.0.1:{Port}: {e.Message}").ConfigureAwait(false);
            return ListenFailedExitCode;
        }

        await using (server.ConfigureAwait(false))
        {
            var address = server.Endpoint.GetLeftPart(UriPartial.Authority);
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Listening on {address}"));
            foreach (var (rule, url) in emulator.ListenerUrls.OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Listener rule {rule} on {url.GetLeftPart(UriPartial.Authority)}"));
            }

            Console.Out.Flush();
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return CancelledExitCode;
            }
        }

        return 0;
    }
}
