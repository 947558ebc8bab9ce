using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Ecs.BlueGreen.Benchmarks;

/// <summary>What one child process cost: exit code, real start and exit, CPU time (user + system), peak resident memory.</summary>
internal sealed record ProcessMeasurement(int ExitCode, DateTimeOffset Started, DateTimeOffset Exited, TimeSpan CpuTime, long PeakRssBytes, string Output, string Error);

/// <summary>
/// Runs one command at a time and measures it. CPU time is the difference of getrusage(RUSAGE_CHILDREN) around the
/// run: exact, and it includes the last milliseconds before exit that /proc can no longer show. Peak memory is the
/// kernel's high-water mark (VmHWM in /proc/PID/status), read every 10 ms while the process lives; it only grows,
/// so the last reading is the peak unless the process grows in its final 10 ms.
/// </summary>
internal static partial class MeasuredProcess
{
    private const int RusageChildren = -1;

    public static async Task<ProcessMeasurement> RunAsync(string file, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment, TimeSpan limit)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
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

        var before = ChildrenCpuTime();
        var started = TimeProvider.System.GetUtcNow();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExitAsync();
        long peak = 0;
        using var timeout = new CancellationTokenSource(limit);
        while (!exited.IsCompleted)
        {
            peak = Math.Max(peak, HighWaterMark(process.Id));
            try
            {
                await Task.WhenAny(exited, Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System, timeout.Token));
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{file} {string.Join(' ', arguments)} ran longer than {limit}.");
            }

            if (timeout.IsCancellationRequested && !exited.IsCompleted)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{file} {string.Join(' ', arguments)} ran longer than {limit}.");
            }
        }

        await exited;
        var end = TimeProvider.System.GetUtcNow();
        var cpu = ChildrenCpuTime() - before;
        return new ProcessMeasurement(process.ExitCode, started, end, cpu, peak, await output, await error);
    }

    private static long HighWaterMark(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kilobytes = line["VmHWM:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // The process exited between the check and the read.
        }
        catch (UnauthorizedAccessException)
        {
        }

        return 0;
    }

    private static TimeSpan ChildrenCpuTime()
    {
        if (GetRusage(RusageChildren, out var usage) != 0)
        {
            throw new InvalidOperationException($"getrusage failed: errno {Marshal.GetLastPInvokeError()}.");
        }

        return TimeSpan.FromSeconds(usage.UserSeconds + usage.SystemSeconds) + TimeSpan.FromMicroseconds(usage.UserMicroseconds + usage.SystemMicroseconds);
    }

    [LibraryImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static partial int GetRusage(int who, out Rusage usage);

    /// <summary>struct rusage on 64-bit Linux: two timevals, then 14 longs (144 bytes); only the times are read.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 144)]
    private struct Rusage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
    }
}
