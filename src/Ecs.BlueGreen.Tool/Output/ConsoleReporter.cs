using System.Globalization;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.TaskDefinitions;

namespace Ecs.BlueGreen.Tool.Output;

/// <summary>
/// Writes the deployment's progress to stderr as it happens, one timestamped line per event, and on an
/// interactive terminal keeps a live one-line status under them. Called synchronously by the library.
/// </summary>
internal sealed class ConsoleReporter : IProgress<DeploymentEvent>, IDisposable
{
    private readonly TextWriter _error;
    private readonly Terminal _terminal;
    private readonly GitHubActions _github;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly ITimer? _refresh;
    private readonly Dictionary<string, (StoppedTask First, int Count, int Shown)> _stoppedGroups = new(StringComparer.Ordinal);
    private DeploymentProgressed? _progress;
    private WaitPhaseStarted? _phase;
    private ServiceDeploymentWaitStarted? _native;
    private DeploymentStage? _stage;
    private long _phaseStarted;
    private string? _waitingFor;
    private long _waitStarted;
    private bool _statusShown;
    private bool _inGroup;
    private bool _rollingBack;

    private readonly bool _logGroups;

    /// <param name="error">Where the lines go.</param>
    /// <param name="terminal">Whether it is an interactive terminal (a live status line) and may be coloured.</param>
    /// <param name="github">The GitHub Actions commands, when running there.</param>
    /// <param name="time">The clock of the deployment.</param>
    /// <param name="logGroups">Whether a wait is folded into a GitHub Actions log group (not for one service of many, whose groups would interleave).</param>
    public ConsoleReporter(TextWriter error, Terminal terminal, GitHubActions github, TimeProvider time, bool logGroups = true)
    {
        _logGroups = logGroups;
        _error = error;
        _terminal = terminal;
        _github = github;
        _time = time;
        if (terminal.IsInteractive)
        {
            _refresh = time.CreateTimer(_ => Refresh(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        }
    }

    public void Report(DeploymentEvent value)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (value)
        {
            case DeploymentStarted e:
                Line(e.Time, $"Deploying over {e.PreviousTaskDefinitionArn}: {Count(e.Changes.Count, "change")}.");
                Changes(e.Time, e.Changes);
                break;
            case TaskDefinitionRegistered e:
                Line(e.Time, $"Registered {e.TaskDefinitionArn}.");
                break;
            case ServiceUpdated e:
                Line(e.Time, $"Service updated to {Short(e.TaskDefinitionArn)}; ECS started deployment {e.DeploymentId}.");
                StartWait($"Waiting for deployment {e.DeploymentId} ({Short(e.TaskDefinitionArn)})");
                break;
            case DeploymentProgressed e:
                lock (_lock)
                {
                    _progress = e;
                }

                Line(e.Time, $"{(_rollingBack ? "Rollback" : "New revision")}: {e.Message}", Tone.Quiet);
                break;
            case ServiceEventReceived e:
                Line(e.Time, $"ECS: {e.Event.Message}", e.Event.IsProblem ? Tone.Warning : Tone.Normal);
                break;
            case TaskStopped e:
                TaskStopped(e);
                break;
            case WaitPhaseStarted e:
                lock (_lock)
                {
                    _phase = e;
                    _phaseStarted = _time.GetTimestamp();
                    _waitingFor = null;
                }

                FlushStoppedGroups(e.Time);
                Line(e.Time, e.Message, Tone.Quiet);
                break;
            case DeploymentWaiting e:
                lock (_lock)
                {
                    _waitingFor = e.WaitingFor;
                }

                // On a terminal the live line says it every second; in a CI log, this line shows the run is alive.
                FlushStoppedGroups(e.Time);
                if (!_terminal.IsInteractive)
                {
                    Line(e.Time, $"{(_rollingBack ? "Rollback: " : string.Empty)}{e.Message}", Tone.Quiet);
                }

                break;
            case StatusCheckFailed or DeploymentWarning or AwsCallRetried or WriteChecked:
                Line(value.Time, value.Message, Tone.Warning);
                break;
            case DeploymentFinished e:
                EndWait();
                FlushStoppedGroups(e.Time);

                // A failure's reason is printed once, in the final ERROR line; here only the verdict.
                Line(e.Time, IsSuccess(e.Outcome) ? $"Deployment {Describe(e.Outcome)}: {e.Reason}" : $"Deployment {Describe(e.Outcome)}.",
                    IsSuccess(e.Outcome) ? Tone.Success : Tone.Error);
                break;
            case ServiceDeploymentWaitStarted e:
                bool waiting;
                lock (_lock)
                {
                    _native = e;
                    _phaseStarted = _time.GetTimestamp();
                    _waitingFor = null;
                    waiting = _waitStarted != 0;
                }

                // --continue starts here, without a service update.
                if (!waiting)
                {
                    StartWait($"Waiting for {e.Strategy} deployment {Short(e.ServiceDeploymentArn)}");
                }

                Line(e.Time, e.Message);
                break;
            case LifecycleStageEntered e:
                lock (_lock)
                {
                    _stage = e.Stage;
                    _waitingFor = null;
                }

                FlushStoppedGroups(e.Time);
                Line(e.Time, e.Message);
                break;
            case LifecycleHookChanged e:
                Line(e.Time, e.Message, e.Status is "FAILED" or "TIMED_OUT" ? Tone.Warning : Tone.Normal);
                break;
            case DeploymentPaused e:
                Line(e.Time, e.Message, e.AnsweredHere ? Tone.Normal : Tone.Warning);
                break;
            case SmokeTestOutput e:
                // The test's own lines, prefixed [smoke-test]; Write makes them inert under GitHub Actions like any text we did not write.
                Line(e.Time, e.Message, e.IsError ? Tone.Warning : Tone.Quiet);
                break;
            case SmokeTestFinished e:
                Line(e.Time, e.Message, e.Passed ? Tone.Success : Tone.Error);
                break;
            case LifecycleHookAnswered e:
                Line(e.Time, e.Message, e.Action == "ROLLBACK" ? Tone.Warning : Tone.Normal);
                break;
            case ServiceDeploymentRollbackRequested e:
                Line(e.Time, e.Message, Tone.Warning);
                break;
            case ServiceDeploymentWaiting e:
                lock (_lock)
                {
                    _waitingFor = e.Message;
                }

                // As DeploymentWaiting: the live line says it on a terminal; in a CI log this heartbeat shows the run is alive.
                FlushStoppedGroups(e.Time);
                if (!_terminal.IsInteractive)
                {
                    Line(e.Time, e.Message, Tone.Quiet);
                }

                break;
            case RollbackStarted e:
                _rollingBack = true;
                Line(e.Time, e.Message, Tone.Warning);
                StartWait("Rolling back");
                break;
            case RollbackFinished e:
                EndWait();
                Line(e.Time, e.Message, e.Result.Outcome == DeploymentOutcome.Succeeded ? Tone.Success : Tone.Error);
                break;
            default:
                Line(value.Time, value.Message);
                break;
        }
    }

    /// <summary>A timestamped line (the clock of the deployment).</summary>
    public void Line(DateTimeOffset time, string text, Tone tone = Tone.Normal) =>
        Write($"{Paint(time.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture), Tone.Quiet)} {Paint(text, tone)}");

    /// <summary>A line without a timestamp (notes, the final verdict).</summary>
    public void Message(string text, Tone tone = Tone.Normal) => Write(Paint(text, tone));

    public void Changes(DateTimeOffset time, IReadOnlyList<TaskDefinitionChange> changes)
    {
        foreach (var change in TaskDefinitionDiff.Format(changes).Split('\n'))
        {
            Line(time, "  " + change, Tone.Quiet);
        }
    }

    public void Dispose()
    {
        _refresh?.Dispose();
        lock (_lock)
        {
            ClearStatus();
        }
    }

    /// <summary>
    /// Stopped tasks that stopped the same way are one group: the first is printed in full, the others are counted and
    /// summed up when a phase changes, a heartbeat is due or the deployment ends ("35 tasks stopped: …").
    /// </summary>
    private void TaskStopped(TaskStopped e)
    {
        var key = Signature(e.Task);
        bool first;
        lock (_lock)
        {
            first = !_stoppedGroups.TryGetValue(key, out var group);
            _stoppedGroups[key] = first ? (e.Task, 1, 1) : group with { Count = group.Count + 1 };
        }

        if (first)
        {
            Line(e.Time, $"Stopped: {e.Task}", e.Task.IsFailure ? Tone.Warning : Tone.Normal);
        }
    }

    private void FlushStoppedGroups(DateTimeOffset time)
    {
        List<(StoppedTask First, int Count)> due;
        lock (_lock)
        {
            due = _stoppedGroups.Values.Where(g => g.Count > g.Shown).Select(g => (g.First, g.Count)).ToList();
            foreach (var key in _stoppedGroups.Keys.ToList())
            {
                _stoppedGroups[key] = _stoppedGroups[key] with { Shown = _stoppedGroups[key].Count };
            }
        }

        foreach (var (task, count) in due)
        {
            Line(time, $"Stopped: {count} tasks in all stopped this way: {Signature(task)}", task.IsFailure ? Tone.Warning : Tone.Normal);
        }
    }

    /// <summary>How a task stopped, without which task it was: stop code, reason, and each container's exit code and reason.</summary>
    internal static string Signature(StoppedTask task)
    {
        var text = task.ToString();
        var colon = text.IndexOf(" stopped (", StringComparison.Ordinal);
        return colon < 0 ? text : text[(colon + " stopped ".Length)..];
    }

    private static bool IsSuccess(DeploymentOutcome outcome) =>
        outcome is DeploymentOutcome.Succeeded or DeploymentOutcome.Unchanged or DeploymentOutcome.Planned or DeploymentOutcome.Paused;

    internal static string Describe(DeploymentOutcome outcome) => outcome switch
    {
        DeploymentOutcome.TimedOut => "timed out",
        _ => outcome.ToString().ToLowerInvariant(),
    };

    private void StartWait(string title)
    {
        lock (_lock)
        {
            _waitStarted = _time.GetTimestamp();
            _progress = null;
        }

        if (!_inGroup && _logGroups)
        {
            _github.StartGroup(title);
            _inGroup = _github.Enabled;
        }
    }

    private void EndWait()
    {
        lock (_lock)
        {
            _waitStarted = 0;
            _phase = null;
            _native = null;
            _stage = null;
            _waitingFor = null;
            ClearStatus();
        }

        if (_inGroup)
        {
            _github.EndGroup();
            _inGroup = false;
        }
    }

    private void Write(string line)
    {
        lock (_lock)
        {
            ClearStatus();
            _error.WriteLine(_github.Inert(line));
            ShowStatus();
            _error.Flush();
        }
    }

    private void Refresh()
    {
        lock (_lock)
        {
            ClearStatus();
            ShowStatus();
            _error.Flush();
        }
    }

    // Callers hold _lock.
    private void ShowStatus()
    {
        if (!_terminal.IsInteractive || _waitStarted == 0)
        {
            return;
        }

        var counts = _progress is { } p ? $"{p.Running}/{p.Desired} running, {p.Pending} pending, {p.Failed} failed, {p.Draining} old"
            : _stage is { } stage ? stage.Value : "waiting for the first status";
        var budget = _phase?.Budget ?? _native?.Budget;
        var timing = budget is { } b
            ? $"{(int)_time.GetElapsedTime(_phaseStarted).TotalSeconds}s of {(int)b.TotalSeconds}s"
            : $"{(int)_time.GetElapsedTime(_waitStarted).TotalSeconds}s";
        var waitingFor = _waitingFor is null ? string.Empty : $"{_waitingFor} · ";
        _error.Write(Paint($"… {waitingFor}{counts} · {timing}", Tone.Quiet));
        _statusShown = true;
    }

    private void ClearStatus()
    {
        if (_statusShown)
        {
            _error.Write("\r\u001b[K");
            _statusShown = false;
        }
    }

    private string Paint(string text, Tone tone)
    {
        if (!_terminal.UseColor)
        {
            return text;
        }

        var code = tone switch
        {
            Tone.Success => "32",
            Tone.Warning => "33",
            Tone.Error => "31",
            Tone.Quiet => "2",
            _ => null,
        };
        return code is null ? text : $"\u001b[{code}m{text}\u001b[0m";
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    internal static string Short(string? arn) => arn is null ? "(none)" : arn[(arn.LastIndexOf('/') + 1)..];
}
