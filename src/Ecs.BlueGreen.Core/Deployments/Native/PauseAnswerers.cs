using System.Diagnostics;
using Ecs.BlueGreen.Runtime;

namespace Ecs.BlueGreen.Deployments;

/// <summary>The answer to a PAUSE hook, and why.</summary>
internal sealed record HookAnswer(PauseDecision Decision, string Reason);

/// <summary>Who answers our deployment's PAUSE hooks: a smoke test (a delegate or a process) or the caller's pause handler.</summary>
internal abstract class PauseAnswerer
{
    /// <summary>What runs, for a person.</summary>
    public abstract string Description { get; }

    /// <summary>Decides, within <paramref name="timeout"/> on the run's clock; a test that does not finish in time fails.</summary>
    public abstract Task<HookAnswer> AnswerAsync(SmokeTestContext context, EventReporter reporter, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="test"/> with a time limit: a timeout is a failure, the caller's cancellation is not caught.</summary>
    protected static async Task<(bool TimedOut, T? Result)> WithTimeoutAsync<T>(Func<CancellationToken, Task<T>> test, EventReporter reporter, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = new CancellationTokenSource(timeout, reporter.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, cancellationToken);
        try
        {
            return (false, await test(linked.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (true, default);
        }
    }
}

/// <summary>A smoke test given as a delegate: <see langword="true"/> continues, <see langword="false"/> (or an exception, or a timeout) rolls back.</summary>
internal sealed class DelegateSmokeTest(Func<SmokeTestContext, CancellationToken, Task<bool>> test) : PauseAnswerer
{
    public override string Description => "the smoke test delegate";

    public override async Task<HookAnswer> AnswerAsync(SmokeTestContext context, EventReporter reporter, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            var (timedOut, passed) = await WithTimeoutAsync(token => test(context, token), reporter, timeout, cancellationToken).ConfigureAwait(false);
            return timedOut ? new HookAnswer(PauseDecision.Rollback, $"the smoke test did not finish within {Describe.Duration(timeout)}")
                : passed ? new HookAnswer(PauseDecision.Continue, "the smoke test passed")
                : new HookAnswer(PauseDecision.Rollback, "the smoke test returned false");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HookAnswer(PauseDecision.Rollback, $"the smoke test threw {exception.GetType().Name}: {exception.Message}");
        }
    }
}

/// <summary>The caller's own decision at a pause (<c>OnPause</c>).</summary>
internal sealed class PauseHandler(Func<PausedHook, CancellationToken, Task<PauseDecision>> handler) : PauseAnswerer
{
    public override string Description => "the pause handler";

    public override async Task<HookAnswer> AnswerAsync(SmokeTestContext context, EventReporter reporter, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            var (timedOut, decision) = await WithTimeoutAsync(token => handler(context.Hook, token), reporter, timeout, cancellationToken).ConfigureAwait(false);
            return timedOut ? new HookAnswer(PauseDecision.Rollback, $"the pause handler did not decide within {Describe.Duration(timeout)}")
                : new HookAnswer(decision, $"the pause handler chose {decision}");
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HookAnswer(PauseDecision.Rollback, $"the pause handler threw {exception.GetType().Name}: {exception.Message}");
        }
    }
}

/// <summary>
/// A smoke test run as a process: the argv as given (never through a shell), the facts in environment variables
/// (<see cref="SmokeTestContext.Environment"/>), each line of its output reported as it comes, and its last lines kept
/// for the reason. Exit code 0 continues; any other code, a failure to start, or a timeout (the process tree is killed) rolls back.
/// </summary>
internal sealed class ProcessSmokeTest(string fileName, IReadOnlyList<string> arguments) : PauseAnswerer
{
    private const int LastLines = 10;

    public override string Description => string.Join(" ", new[] { fileName }.Concat(arguments).Select(Quoting.Quote));

    public override async Task<HookAnswer> AnswerAsync(SmokeTestContext context, EventReporter reporter, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in context.Environment)
        {
            start.Environment[name] = value;
        }

        var last = new Queue<string>();
        void OnLine(string? line, bool isError)
        {
            if (line is null)
            {
                return;
            }

            lock (last)
            {
                last.Enqueue(line);
                while (last.Count > LastLines)
                {
                    last.Dequeue();
                }
            }

            reporter.Report(new SmokeTestOutput { Time = reporter.Now, Line = line, IsError = isError });
        }

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => OnLine(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, isError: true);
        try
        {
            process.Start();
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return new HookAnswer(PauseDecision.Rollback, $"the smoke test {Description} could not be started: {exception.Message}");
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var (timedOut, _) = await WithTimeoutAsync(async token =>
        {
            try
            {
                await process.WaitForExitAsync(token).ConfigureAwait(false);
                return true;
            }
            catch (OperationCanceledException)
            {
                Kill(process);
                throw;
            }
        }, reporter, timeout, cancellationToken).ConfigureAwait(false);

        if (!timedOut)
        {
            // The end of the output streams: WaitForExit without a timeout waits for them once the process has exited.
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        string tail;
        lock (last)
        {
            tail = last.Count == 0 ? " (no output)" : "; last lines: " + string.Join(" | ", last);
        }

        if (timedOut)
        {
            return new HookAnswer(PauseDecision.Rollback, $"the smoke test {Description} did not finish within {Describe.Duration(timeout)} and was killed{tail}");
        }

        return process.ExitCode == 0
            ? new HookAnswer(PauseDecision.Continue, $"the smoke test {Description} exited with 0")
            : new HookAnswer(PauseDecision.Rollback, $"the smoke test {Description} exited with {process.ExitCode}{tail}");
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited on its own meanwhile.
        }
    }
}
