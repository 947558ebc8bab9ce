using System.Diagnostics;
using System.Globalization;

namespace Ecs.BlueGreen.Benchmarks;

/// <summary>What one child process cost: exit code, real start and exit, CPU time (user + system), peak resident memory.</summary>
internal sealed record ProcessMeasurement(int ExitCode, DateTimeOffset Started, DateTimeOffset Exited, TimeSpan CpuTime, long PeakRssBytes, string Output, string Error);

/// <summary>
/// Runs one command under GNU time (<c>/usr/bin/time</c>, .ci/install-time.sh), which waits for exactly that process
/// and reports the kernel's own accounting of it: CPU time (user + system, to 10 ms) and peak resident memory
/// (maxrss). Being per process, the numbers stay exact while other commands run beside it.
/// </summary>
internal static class MeasuredProcess
{
    public const string TimeCommand = "/usr/bin/time";

    public static async Task<ProcessMeasurement> RunAsync(string file, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment, TimeSpan limit)
    {
        var report = Path.GetTempFileName();
        try
        {
            var start = new ProcessStartInfo(TimeCommand, ["--quiet", "--format", "%U %S %M", "--output", report, file, .. arguments])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var (name, value) in environment)
            {
                if (value is null)
                {
                    start.Environment.Remove(name);
                }
                else
                {
                    start.Environment[name] = value;
                }
            }

            var started = TimeProvider.System.GetUtcNow();
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{TimeCommand} did not start.");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using (var timeout = new CancellationTokenSource(limit))
            {
                try
                {
                    await process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    throw new TimeoutException($"{file} {string.Join(' ', arguments)} ran longer than {limit}.");
                }
            }

            var exited = TimeProvider.System.GetUtcNow();
            var (cpu, peak) = ReadReport(await File.ReadAllTextAsync(report), file);
            return new ProcessMeasurement(process.ExitCode, started, exited, cpu, peak, await output, await error);
        }
        finally
        {
            File.Delete(report);
        }
    }

    /// <summary>The last line GNU time wrote: "user system maxrss" (seconds, seconds, kilobytes).</summary>
    private static (TimeSpan Cpu, long PeakRssBytes) ReadReport(string text, string file)
    {
        var fields = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .LastOrDefault()?.Split(' ') ?? [];
        if (fields.Length != 3
            || !double.TryParse(fields[0], CultureInfo.InvariantCulture, out var user)
            || !double.TryParse(fields[1], CultureInfo.InvariantCulture, out var system)
            || !long.TryParse(fields[2], CultureInfo.InvariantCulture, out var kilobytes))
        {
            throw new InvalidOperationException($"{TimeCommand} gave no measurement of {file}: \"{text.Trim()}\".");
        }

        return (TimeSpan.FromSeconds(user + system), kilobytes * 1024);
    }
}
