using System.Diagnostics.CodeAnalysis;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.CodeDeploy;
using Ecs.BlueGreen.CodeDeploy.Model;
using Ecs.BlueGreen.Runtime;

namespace Ecs.BlueGreen.Deployments;

/// <summary>How a check of a CodeDeploy deployment ended, when it ended the wait (or asks the watcher to act).</summary>
internal enum CodeDeployJudgementKind
{
    /// <summary>Succeeded: the replacement serves all traffic and the original task set is gone.</summary>
    Succeeded,

    /// <summary>Failed or Stopped, and CodeDeploy did not roll it back.</summary>
    Failed,

    /// <summary>Failed or Stopped, and CodeDeploy rolled it back itself (<c>codedeploy#DeploymentInfo.rollbackInfo</c>).</summary>
    RolledBack,

    /// <summary>Stopped after our StopDeployment.</summary>
    StoppedByUs,

    /// <summary>The lifecycle event waited for succeeded.</summary>
    Reached,

    /// <summary>Ready, and the run was to end there.</summary>
    Ready,

    /// <summary>All traffic shifted and the termination wait began, and the run does not wait for it.</summary>
    TrafficShifted,

    /// <summary>Ready, and this run's smoke test (or pause handler) answers it.</summary>
    AnswerReady,

    /// <summary>All traffic shifted, and this run ends the termination wait (ContinueDeployment TERMINATION_WAIT).</summary>
    SkipTerminationWait,
}

/// <summary>A check's decision.</summary>
internal sealed record CodeDeployJudgement(CodeDeployJudgementKind Kind);

/// <summary>
/// Watches one CodeDeploy deployment of an ECS service: each check reads the deployment (GetDeployment) and, while it
/// is InProgress or Ready, its one ECS target (BatchGetDeploymentTargets; the target's id, <c>cluster:service</c>, is
/// listed once with ListDeploymentTargets), reports the lifecycle events as they start and end and the task sets'
/// traffic weights when they change, and decides. Reading the target is evidence: a failure there is a warning. The
/// writes (ContinueDeployment, StopDeployment with auto-rollback) are each sent once or checked against CodeDeploy first.
/// </summary>
internal sealed class CodeDeployWatcher
{
    /// <summary>The error of a continue or stop of a deployment that has ended (<c>codedeploy#DeploymentAlreadyCompletedException</c>).</summary>
    private const string AlreadyCompleted = "DeploymentAlreadyCompletedException";

    /// <summary>
    /// Checks are at least this far apart: CodeDeploy publishes no request rates, its own waiter polls every 15 s
    /// (https://docs.aws.amazon.com/cli/latest/reference/deploy/wait/deployment-successful.html), and each check is up to two calls.
    /// </summary>
    internal static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(5);

    private readonly DeploymentContext _context;
    private readonly CodeDeployPlan _plan;
    private readonly Dictionary<string, string> _eventStatuses = new(StringComparer.Ordinal);
    private string? _targetId;
    private string? _weights;
    private bool _readyReported;
    private bool _terminationReported;
    private DateTimeOffset? _readySince;
    private (string?, CodeDeployLifecycleEvent?) _heartbeatState;
    private long _unchangedSince;

    public CodeDeployWatcher(DeploymentContext context, CodeDeployPlan plan, string deploymentId, string taskDefinitionArn, bool readyAnswered)
    {
        _context = context;
        _plan = plan;
        _unchangedSince = context.Reporter.Time.GetTimestamp();
        DeploymentId = deploymentId;
        TaskDefinitionArn = taskDefinitionArn;
        ReadyAnswered = readyAnswered;
    }

    public string DeploymentId { get; }

    public string TaskDefinitionArn { get; }

    /// <summary>The deployment as last read.</summary>
    public DeploymentInfo? Last { get; private set; }

    /// <summary>The rollback's deployment as last read, once one is followed.</summary>
    public DeploymentInfo? LastRollback { get; private set; }

    /// <summary>Why we stopped the deployment with a rollback, once we did.</summary>
    public string? OurRollback { get; private set; }

    /// <summary>Whether the Ready wait was answered (here, or before this watcher began).</summary>
    public bool ReadyAnswered { get; private set; }

    public bool TerminationWaitSkipped { get; private set; }

    public bool TrafficShifted { get; private set; }

    public CodeDeployLifecycleEvent? LastSucceeded { get; private set; }

    /// <summary>The last lifecycle event that failed, with CodeDeploy's diagnostics, for the reason.</summary>
    public string? FailedEvent { get; private set; }

    private EventReporter Reporter => _context.Reporter;

    private DeploymentSettings Settings => _context.Settings;

    private ICodeDeployClient Client => _plan.Client;

    /// <summary>Checks until a judgement ends the wait or <paramref name="budget"/> runs out (<see langword="null"/>), answering the Ready wait and ending the termination wait on the way when asked.</summary>
    public async Task<CodeDeployJudgement?> WatchAsync(TimeSpan budget, CancellationToken cancellationToken)
    {
        var deadline = Deadline(budget);
        while (true)
        {
            var judgement = await PollAsync(async token => await CheckAsync(token).ConfigureAwait(false) ?? Heartbeat(deadline), deadline, cancellationToken).ConfigureAwait(false);
            switch (judgement?.Kind)
            {
                case CodeDeployJudgementKind.AnswerReady:
                    await AnswerReadyAsync(cancellationToken).ConfigureAwait(false);
                    break;
                case CodeDeployJudgementKind.SkipTerminationWait:
                    await ContinueAsync(DeploymentWaitType.TerminationWait, cancellationToken).ConfigureAwait(false);
                    TerminationWaitSkipped = true;
                    break;
                default:
                    return judgement;
            }
        }
    }

    /// <summary>Asks CodeDeploy to stop the deployment and roll it back (StopDeployment, autoRollbackEnabled), once.</summary>
    public async Task RequestRollbackAsync(string reason)
    {
        try
        {
            await _context.Calls.WriteAsync(
                CodeDeployOperation.StopDeployment.Name,
                () => Client.StopDeploymentAsync(new StopDeploymentRequest { DeploymentId = DeploymentId, AutoRollbackEnabled = true }, CancellationToken.None),
                async token =>
                {
                    var info = await GetAsync(DeploymentId, token).ConfigureAwait(false);
                    return info?.RollbackInfo?.RollbackDeploymentId is not null || info?.Status is { } s && IsEnded(s) ? new StopDeploymentResponse { Status = StopStatus.Succeeded } : null;
                },
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (AwsServiceException exception) when (exception.ErrorCode == AlreadyCompleted)
        {
            // The deployment ended before this stop (or an earlier send of it, whose answer was lost, ended it): there is
            // nothing left to stop, and how it ended is read as for any other end (codedeploy#StopDeployment errors).
            // Unless CodeDeploy still shows it in progress: then the stop was refused.
            if (!await EndedAsync().ConfigureAwait(false))
            {
                throw;
            }
        }

        Reporter.Report(new CodeDeployStopRequested { Time = Reporter.Now, CodeDeployDeploymentId = DeploymentId, Reason = reason });
        OurRollback = reason;
    }

    /// <summary>
    /// Follows a rollback (CodeDeploy's or ours) within <paramref name="budget"/>: the deployment ends and names its
    /// rollback deployment (<c>codedeploy#RollbackInfo.rollbackDeploymentId</c>; StopDeployment may answer Pending first),
    /// then that deployment ends. Succeeded once it did.
    /// </summary>
    public async Task<(DeploymentOutcome Outcome, string Reason, string? RollbackDeploymentId)> FollowRollbackAsync(TimeSpan budget, bool ours, CancellationToken cancellationToken)
    {
        var deadline = Deadline(budget);
        var endedWithout = 0;
        var named = await PollAsync(async token =>
        {
            var info = await GetAsync(DeploymentId, token).ConfigureAwait(false);
            Last = info ?? Last;
            if (info?.RollbackInfo?.RollbackDeploymentId is { } id)
            {
                return new Named(id);
            }

            // Ended with no rollback named, twice in a row: CodeDeploy did not roll it back.
            return info?.Status is { } status && IsEnded(status) && ++endedWithout >= 2 ? new Named(null) : null;
        }, deadline, cancellationToken).ConfigureAwait(false);
        if (named?.Id is not { } rollbackId)
        {
            return named is null
                ? (DeploymentOutcome.TimedOut, $"CodeDeploy had not named a rollback deployment for {DeploymentId} within {DeploymentEvent.Duration(budget)} ({Last?.Status?.Value ?? "status unknown"}).", null)
                : (DeploymentOutcome.Failed, $"CodeDeploy ended {DeploymentId} as {Last?.Status?.Value} without a rollback deployment{(Last?.Status == DeploymentStatus.Succeeded ? ": it had already succeeded" : string.Empty)}.", null);
        }

        Reporter.Report(new CodeDeployRollbackFollowed { Time = Reporter.Now, CodeDeployDeploymentId = DeploymentId, RollbackDeploymentId = rollbackId, Ours = ours, RollbackMessage = Last?.RollbackInfo?.RollbackMessage });
        var ended = await PollAsync(async token =>
        {
            var info = await GetAsync(rollbackId, token).ConfigureAwait(false);
            LastRollback = info ?? LastRollback;
            return info?.Status is { } status && IsEnded(status) ? new Named(status.Value) : null;
        }, deadline, cancellationToken).ConfigureAwait(false);
        return ended?.Id switch
        {
            null => (DeploymentOutcome.TimedOut, $"CodeDeploy's rollback deployment {rollbackId} had not finished within {DeploymentEvent.Duration(budget)} ({LastRollback?.Status?.Value ?? "status unknown"}).", rollbackId),
            "Succeeded" => (DeploymentOutcome.Succeeded, $"Rollback deployment {rollbackId} Succeeded: production traffic is back on the original task set.", rollbackId),
            var status => (DeploymentOutcome.Failed, $"Rollback deployment {rollbackId} {status}{Error(LastRollback)}.", rollbackId),
        };
    }

    /// <summary>The Ready wait as a smoke test sees it: the CodeDeploy deployment id where a hook id goes, READY_WAIT as the stage.</summary>
    public PausedHook ReadyHook() => new()
    {
        Cluster = Settings.Cluster,
        Service = Settings.Service,
        Stage = new DeploymentStage(DeploymentWaitType.ReadyWait.Value),
        HookId = DeploymentId,
        ServiceDeploymentArn = DeploymentId,
        TaskDefinitionArn = TaskDefinitionArn,
        // The group's wait runs from when the deployment became Ready; first seen Ready here, by this run's clock.
        ExpiresAt = ReadyWaitMinutes is { } minutes && _readySince is { } since ? since + TimeSpan.FromMinutes(minutes) : null,
        TimeoutAction = "STOP_DEPLOYMENT",
        TestListenerRule = _plan.Listeners.Test,
        ProductionListenerRule = _plan.Listeners.Production,
    };

    /// <summary>The CodeDeploy deployment for the result.</summary>
    public CodeDeployDeployment Describe(bool originalKept) => new()
    {
        ApplicationName = _plan.Application,
        DeploymentGroupName = _plan.GroupName,
        DeploymentId = DeploymentId,
        DeploymentConfigName = Last?.DeploymentConfigName ?? _plan.ConfigName,
        Status = Last?.Status?.Value,
        LastSucceededLifecycleEvent = LastSucceeded,
        ErrorCode = Last?.ErrorInformation?.Code,
        ErrorMessage = Last?.ErrorInformation?.Message,
        RollbackDeploymentId = Last?.RollbackInfo?.RollbackDeploymentId,
        RollbackMessage = Last?.RollbackInfo?.RollbackMessage,
        TrafficShifted = TrafficShifted,
        OriginalTaskSetKept = originalKept,
        TerminationWaitMinutes = _plan.TerminationWaitMinutes,
        TerminationWaitSkipped = TerminationWaitSkipped,
    };

    /// <summary>CodeDeploy's error of a deployment, for a reason: <c>: CODE: message</c>.</summary>
    public static string Error(DeploymentInfo? info) =>
        info?.ErrorInformation is { } error ? $": {string.Join(": ", new[] { error.Code, error.Message }.OfType<string>())}" : string.Empty;

    public static bool IsEnded(DeploymentStatus status) =>
        status == DeploymentStatus.Succeeded || status == DeploymentStatus.Failed || status == DeploymentStatus.Stopped;

    private async Task<CodeDeployJudgement?> CheckAsync(CancellationToken cancellationToken)
    {
        var info = await GetAsync(DeploymentId, cancellationToken).ConfigureAwait(false);
        if (info?.Status is not { } status)
        {
            return null;
        }

        var first = Last is null;
        Last = info;
        if (status == DeploymentStatus.InProgress || status == DeploymentStatus.Ready || (IsEnded(status) && (first || _targetId is not null)))
        {
            await ReadTargetAsync(cancellationToken).ConfigureAwait(false);
        }

        if (status == DeploymentStatus.Succeeded)
        {
            TrafficShifted = true;
            return new(CodeDeployJudgementKind.Succeeded);
        }

        if (status == DeploymentStatus.Failed || status == DeploymentStatus.Stopped)
        {
            return new(OurRollback is not null ? CodeDeployJudgementKind.StoppedByUs
                : info.RollbackInfo?.RollbackDeploymentId is not null ? CodeDeployJudgementKind.RolledBack
                : CodeDeployJudgementKind.Failed);
        }

        if (OurRollback is not null)
        {
            return null;
        }

        // Before the Ready gate: a deployment waits at Ready with its test traffic already routed, so the events before
        // the production reroute may have succeeded (https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-steps-ecs.html);
        // waiting until one of them must not turn into waiting out the group's Ready wait.
        if (Settings.CodeDeploy.WaitUntil is { } until && _eventStatuses.TryGetValue(until.Value, out var reached) && reached == LifecycleEventStatus.Succeeded.Value)
        {
            return new(CodeDeployJudgementKind.Reached);
        }

        if (status == DeploymentStatus.Ready)
        {
            _readySince ??= Reporter.Now;
            if (!ReadyAnswered && Settings.PauseAnswerer is not null)
            {
                return new(CodeDeployJudgementKind.AnswerReady);
            }

            if (!ReadyAnswered && Settings.WaitUntilPaused)
            {
                Report(new CodeDeployReadyWaitReached { Time = Reporter.Now, CodeDeployDeploymentId = DeploymentId, WaitTimeInMinutes = ReadyWaitMinutes });
                return new(CodeDeployJudgementKind.Ready);
            }

            if (!_readyReported)
            {
                _readyReported = true;
                Report(new CodeDeployReadyWaitReached { Time = Reporter.Now, CodeDeployDeploymentId = DeploymentId, WaitTimeInMinutes = ReadyWaitMinutes });
            }

            return null;
        }

        if (info.InstanceTerminationWaitTimeStarted == true || (Succeeded(CodeDeployLifecycleEvent.AllowTraffic) && Succeeded(CodeDeployLifecycleEvent.AfterAllowTraffic)))
        {
            TrafficShifted = true;
            var skip = Settings.CodeDeploy.SkipTerminationWait;
            if (!_terminationReported)
            {
                _terminationReported = true;
                Report(new CodeDeployTerminationWaitStarted { Time = Reporter.Now, CodeDeployDeploymentId = DeploymentId, TerminationWaitMinutes = _plan.TerminationWaitMinutes, Skipping = skip });
            }

            // The termination wait begins once CodeDeploy says so (instanceTerminationWaitTimeStarted); only then can it be ended.
            return !skip ? new(CodeDeployJudgementKind.TrafficShifted)
                : !TerminationWaitSkipped && info.InstanceTerminationWaitTimeStarted == true ? new(CodeDeployJudgementKind.SkipTerminationWait)
                : null;
        }

        return null;
    }

    /// <summary>
    /// With nothing else reported for <see cref="DeploymentWatcher.HeartbeatInterval"/>, a line says what the deployment is
    /// in, so a CI log shows the run is alive through a long hook or canary interval. Always "still in progress" (null).
    /// </summary>
    private CodeDeployJudgement? Heartbeat(long deadline)
    {
        var state = (Last?.Status?.Value, InProgressEvent());
        if (state != _heartbeatState)
        {
            _heartbeatState = state;
            _unchangedSince = Reporter.Time.GetTimestamp();
        }

        if (Reporter.SinceLastReport >= DeploymentWatcher.HeartbeatInterval)
        {
            Reporter.Report(new CodeDeployWaiting
            {
                Time = Reporter.Now,
                CodeDeployDeploymentId = DeploymentId,
                Status = Last?.Status?.Value,
                InProgress = state.Item2,
                Unchanged = Reporter.Time.GetElapsedTime(_unchangedSince),
                Remaining = TimeSpan.FromSeconds(Math.Max(0, (deadline - Reporter.Time.GetTimestamp()) / (double)Reporter.Time.TimestampFrequency)),
            });
        }

        return null;
    }

    /// <summary>The first lifecycle event, in CodeDeploy's order, last seen InProgress.</summary>
    private CodeDeployLifecycleEvent? InProgressEvent() =>
        CodeDeployLifecycleEvent.InOrder.Where(e => _eventStatuses.TryGetValue(e.Value, out var status) && status == LifecycleEventStatus.InProgress.Value)
            .Select(e => (CodeDeployLifecycleEvent?)e).FirstOrDefault();

    private int? ReadyWaitMinutes => _plan.Group.BlueGreenDeploymentConfiguration?.DeploymentReadyOption?.WaitTimeInMinutes;

    private bool Succeeded(CodeDeployLifecycleEvent lifecycleEvent) =>
        _eventStatuses.TryGetValue(lifecycleEvent.Value, out var status) && (status == LifecycleEventStatus.Succeeded.Value || status == LifecycleEventStatus.Skipped.Value);

    /// <summary>Reads the deployment's ECS target (listing its id once) and reports what changed; a failure is a warning.</summary>
    private async Task ReadTargetAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_targetId is null)
            {
                var ids = await _context.Calls.ReadAsync(token => Client.ListAllDeploymentTargetsAsync(new ListDeploymentTargetsRequest { DeploymentId = DeploymentId }, token).ToListAsync(token).AsTask(), cancellationToken).ConfigureAwait(false);
                var expected = $"{CodeDeployPlanner.LastSegment(Settings.Cluster)}:{CodeDeployPlanner.LastSegment(Settings.Service)}";
                _targetId = ids.FirstOrDefault(id => id == expected) ?? ids.FirstOrDefault();
                if (_targetId is null)
                {
                    return;
                }
            }

            var targets = await _context.Calls.ReadAsync(token => Client.BatchGetDeploymentTargetsAsync(new BatchGetDeploymentTargetsRequest { DeploymentId = DeploymentId, TargetIds = [_targetId] }, token), cancellationToken).ConfigureAwait(false);
            if (targets.DeploymentTargets is [{ EcsTarget: { } target }, ..])
            {
                ReportChanges(target);
            }
        }
        catch (AwsException exception) when (!cancellationToken.IsCancellationRequested)
        {
            var warning = $"The lifecycle events and task sets of CodeDeploy deployment {DeploymentId} could not be read: {exception.Message}";
            if (!_context.Warnings.Contains(warning))
            {
                Reporter.Warn(_context.Warnings, warning);
            }
        }
    }

    private void ReportChanges(EcsTarget target)
    {
        var now = Reporter.Now;
        foreach (var lifecycle in target.LifecycleEvents)
        {
            if (lifecycle.LifecycleEventName is not { } name || lifecycle.Status is not { } status)
            {
                continue;
            }

            _eventStatuses.TryGetValue(name, out var before);
            if (before == status.Value)
            {
                continue;
            }

            _eventStatuses[name] = status.Value;
            var lifecycleEvent = new CodeDeployLifecycleEvent(name);
            if (status == LifecycleEventStatus.InProgress)
            {
                Report(new CodeDeployLifecycleEventStarted { Time = now, Event = lifecycleEvent, StartTime = lifecycle.StartTime });
            }
            else if (status != LifecycleEventStatus.Pending)
            {
                Report(new CodeDeployLifecycleEventEnded
                {
                    Time = now,
                    Event = lifecycleEvent,
                    Status = status.Value,
                    Elapsed = lifecycle.StartTime is { } start && lifecycle.EndTime is { } end ? end - start : null,
                    ErrorCode = lifecycle.Diagnostics?.ErrorCode,
                    ScriptName = lifecycle.Diagnostics?.ScriptName,
                    DiagnosticMessage = lifecycle.Diagnostics?.Message,
                    LogTail = lifecycle.Diagnostics?.LogTail,
                });
                if (status == LifecycleEventStatus.Succeeded && (LastSucceeded is not { } last || lifecycleEvent.Order > last.Order))
                {
                    LastSucceeded = lifecycleEvent;
                }
                else if (status == LifecycleEventStatus.Failed)
                {
                    var diagnostics = lifecycle.Diagnostics is { } d ? $" ({string.Join(": ", new[] { d.ErrorCode, d.ScriptName, d.Message }.OfType<string>())})" : string.Empty;
                    FailedEvent = $"{name} failed{diagnostics}";
                }
            }
        }

        var sets = target.TaskSetsInfo.Select(t => new CodeDeployTaskSet
        {
            Label = t.TaskSetLabel?.Value,
            Identifier = t.Identifer,
            Status = t.Status,
            TrafficWeight = t.TrafficWeight,
            DesiredCount = t.DesiredCount,
            RunningCount = t.RunningCount,
        }).ToList();
        var weights = string.Join(",", sets.Select(s => $"{s.Identifier}={s.TrafficWeight}"));
        if (sets.Count > 0 && weights != _weights)
        {
            _weights = weights;
            Report(new CodeDeployTrafficShifted { Time = now, TaskSets = sets });
        }
    }

    private async Task AnswerReadyAsync(CancellationToken cancellationToken)
    {
        var answerer = Settings.PauseAnswerer!;
        var hook = ReadyHook();
        Report(new CodeDeployReadyWaitReached { Time = Reporter.Now, CodeDeployDeploymentId = DeploymentId, AnsweredHere = true, WaitTimeInMinutes = ReadyWaitMinutes });
        var timeout = Settings.SmokeTestTimeout;
        if (hook.ExpiresAt is { } expires && expires - Reporter.Now - NativeWatcher.AnswerMargin is var left && left < timeout)
        {
            timeout = left > TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1);
        }

        Report(new SmokeTestStarted { Time = Reporter.Now, Hook = hook, Test = answerer.Description, Timeout = timeout });
        var started = Reporter.Time.GetTimestamp();
        var answer = await answerer.AnswerAsync(new SmokeTestContext { Hook = hook, TestUrl = Settings.TestUrl }, Reporter, timeout, cancellationToken).ConfigureAwait(false);
        Report(new SmokeTestFinished { Time = Reporter.Now, Passed = answer.Decision != PauseDecision.Rollback, Reason = answer.Reason, Elapsed = Reporter.Time.GetElapsedTime(started) });
        ReadyAnswered = true;
        switch (answer.Decision)
        {
            case PauseDecision.Continue:
                await ContinueAsync(DeploymentWaitType.ReadyWait, cancellationToken).ConfigureAwait(false);
                break;
            case PauseDecision.Rollback:
                await RequestRollbackAsync($"At Ready {answer.Reason}, so the deployment was stopped and rolled back.").ConfigureAwait(false);
                break;
            default:
                _readyReported = true;
                break;
        }
    }

    /// <summary>ContinueDeployment, once: after a lost answer, the deployment left Ready (READY_WAIT) or ended (TERMINATION_WAIT) when it took effect.</summary>
    public async Task ContinueAsync(DeploymentWaitType waitType, CancellationToken stopBeforeSending)
    {
        try
        {
            await _context.Calls.WriteAsync(
                CodeDeployOperation.ContinueDeployment.Name,
                () => Client.ContinueDeploymentAsync(new ContinueDeploymentRequest { DeploymentId = DeploymentId, DeploymentWaitType = waitType }, CancellationToken.None),
                async token =>
                {
                    var info = await GetAsync(DeploymentId, token).ConfigureAwait(false);
                    var applied = waitType == DeploymentWaitType.ReadyWait ? info?.Status is { } s && s != DeploymentStatus.Ready : info?.Status is { } e && IsEnded(e);
                    return applied ? new ContinueDeploymentResponse() : null;
                },
                stopBeforeSending).ConfigureAwait(false);
        }
        catch (AwsServiceException exception) when (exception.ErrorCode == AlreadyCompleted)
        {
            // Ended already: after TERMINATION_WAIT, by this continue sent before with its answer lost (CodeDeploy ends the
            // wait a moment after it accepts it); otherwise the end is read and judged as any other.
            if (!await EndedAsync().ConfigureAwait(false))
            {
                throw;
            }
        }

        Report(new CodeDeployDeploymentContinued { Time = Reporter.Now, CodeDeployDeploymentId = DeploymentId, WaitType = waitType.Value });
    }

    /// <summary>Whether CodeDeploy shows the deployment ended (Succeeded, Failed or Stopped).</summary>
    private async Task<bool> EndedAsync() => (await GetAsync(DeploymentId, CancellationToken.None).ConfigureAwait(false))?.Status is { } status && IsEnded(status);

    private async Task<DeploymentInfo?> GetAsync(string deploymentId, CancellationToken cancellationToken) =>
        (await _context.Calls.ReadAsync(token => Client.GetDeploymentAsync(new GetDeploymentRequest { DeploymentId = deploymentId }, token), cancellationToken).ConfigureAwait(false)).DeploymentInfo;

    private long Deadline(TimeSpan budget) => Reporter.Time.GetTimestamp() + (long)(budget.TotalSeconds * Reporter.Time.TimestampFrequency);

    private Task<T?> PollAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] T>(Func<CancellationToken, Task<T?>> check, long deadline, CancellationToken cancellationToken)
        where T : class =>
        Poller.PollAsync(check, () => deadline, Interval, Reporter.Time, exception => Reporter.Report(new StatusCheckFailed { Time = Reporter.Now, Error = exception.Message }), cancellationToken);

    private TimeSpan Interval(int attempt)
    {
        var interval = Settings.Polling.IntervalAfter(attempt);
        return interval < MinimumInterval ? MinimumInterval : interval;
    }

    private void Report(DeploymentEvent deploymentEvent) => Reporter.Report(deploymentEvent);

    private sealed record Named(string? Id);
}
