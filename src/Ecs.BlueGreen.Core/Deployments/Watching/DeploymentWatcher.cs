using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Runtime;

namespace Ecs.BlueGreen.Deployments;

/// <summary>The deployment a watcher judges, and how.</summary>
internal sealed record WatchTarget
{
    public required string Cluster { get; init; }

    public required string Service { get; init; }

    /// <summary>
    /// Our deployment: every judgement is about it, never about service-wide counts. <see langword="null"/> when the
    /// update's answer was lost and our deployment had already left the service's list when ECS was read: it is then
    /// recognised by its revision, and judged by the service deployment.
    /// </summary>
    public required string? DeploymentId { get; init; }

    public required string TaskDefinitionArn { get; init; }

    /// <summary>The containers of <see cref="TaskDefinitionArn"/>, read once when first needed (for their health checks).</summary>
    public required Func<CancellationToken, Task<IReadOnlyList<ContainerDefinition>>> Containers { get; init; }

    /// <summary>The revision the service ran before: what ECS's own rollback restores.</summary>
    public string? PreviousTaskDefinitionArn { get; init; }

    public string? ServiceDeploymentArn { get; init; }

    public required bool WaitForDrain { get; init; }

    /// <summary>Failed tasks after which a deployment without a circuit breaker is declared failed; <see langword="null"/> for ECS's own threshold.</summary>
    public int? FailedTaskLimit { get; init; }

    /// <summary>Whether this is the wait of our rollback (for the progress it reports).</summary>
    public bool IsRollback { get; init; }
}

/// <summary>The time budgets of a wait: one for the new tasks to run, a fresh one for the old tasks to drain (as ecs-deploy's two wait loops).</summary>
internal sealed record WatchBudgets(TimeSpan NewTasks, TimeSpan OldTasks);

/// <summary>
/// A final judgement; <see langword="null"/> from a check means "still in progress". A rollback of ours is
/// possible unless ECS already rolled back or the service is no longer ours to change (someone else deployed,
/// or it was deleted).
/// </summary>
internal sealed record Verdict(DeploymentOutcome Outcome, string Reason, bool RolledBackByEcs = false, bool Superseded = false, DeploymentWaitPhase? TimedOutPhase = null)
{
    public bool RollbackPossible => !RolledBackByEcs && !Superseded;
}

/// <summary>
/// Watches one deployment to its outcome, phase by phase, each with its own budget: the new tasks running (and
/// healthy where the revision has a health check), then the old tasks draining and ECS completing the rollout. Each
/// tick is a bounded Polly retry (<see cref="Poller"/>) at an adaptive interval: the <see cref="ServiceObserver"/>
/// reads a snapshot, the strategy's <see cref="IDeploymentJudge"/> decides from it alone, and the watcher reports what
/// changed (progress, phases, heartbeats) and carries the judge's next state to the next tick.
/// </summary>
internal sealed class DeploymentWatcher
{
    /// <summary>With nothing else to report, a line at most this often says what the wait is waiting for.</summary>
    internal static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(30);

    private readonly EventReporter _reporter;
    private readonly DeploymentPollingOptions _polling;
    private readonly IDeploymentJudge _judge;
    private readonly ServiceObserver _observer;
    private readonly ServiceEvidence _evidence;
    private readonly ObservedService _observed;
    private readonly long _started;
    private WatchState _state;
    private DeploymentProgressed? _lastProgress;

    public DeploymentWatcher(IEcsClient ecs, PatientCalls calls, WatchTarget target, EventReporter reporter, DeploymentPollingOptions polling,
        IEnumerable<string> seenEvents, HashSet<string> knownStoppedTasks, List<string> warnings, IDeploymentJudge judge)
    {
        _reporter = reporter;
        _polling = polling;
        _judge = judge;
        _started = reporter.Time.GetTimestamp();
        _observer = new ServiceObserver(ecs, calls, reporter.Time, warning =>
        {
            if (!warnings.Contains(warning))
            {
                reporter.Warn(warnings, warning);
            }
        });
        _evidence = new ServiceEvidence(reporter, seenEvents, knownStoppedTasks);
        _state = WatchState.Start(target, new WatchBudgets(TimeSpan.Zero, TimeSpan.Zero), TimeSpan.Zero);
        _observed = new ObservedService
        {
            Key = new ServiceKey(target.Cluster, target.Service),
            ServiceDeploymentArn = target.ServiceDeploymentArn,
            TaskDefinitionArn = target.TaskDefinitionArn,
            Containers = target.Containers,
            Evidence = _evidence,
            Needs = service => _judge.Needs(service, _state),
            WantsStoppedTasks = (service, serviceDeployment) => _judge.WantsStoppedTasks(service, serviceDeployment, _state),
        };
    }

    /// <summary>Our deployment's id, as given or as learnt from its revision.</summary>
    public string DeploymentName => _state.DeploymentId ?? "(ours)";

    public IReadOnlyList<ServiceEventRecord> Events => _evidence.Events;

    public IReadOnlyList<StoppedTask> StoppedTasks => _evidence.StoppedTasks;

    /// <summary>
    /// The images our running tasks report, as the health reads saw them: when they described every task our
    /// deployment runs and its counts have not moved since they were listed; else <see langword="null"/> (then they
    /// are read afresh).
    /// </summary>
    public IReadOnlyList<RunningImage>? RunningImages
    {
        get
        {
            var reads = _evidence.Health;
            if (_state.LastOurs is not { } ours || reads.Listed is not { } listed || listed.Count != ours.DesiredCount
                || reads.ListedAt != new TaskCounts(ours.RunningCount, ours.PendingCount, ours.FailedTasks) || !listed.All(reads.Images.ContainsKey))
            {
                return null;
            }

            return [.. listed.Order(StringComparer.Ordinal).SelectMany(arn => reads.Images[arn])];
        }
    }

    /// <summary>The service as last seen, <see langword="null"/> before the first check.</summary>
    public Service? LastService { get; private set; }

    /// <summary>Time on the wait's own line, as the judge sees it.</summary>
    private TimeSpan Now => _reporter.Time.GetElapsedTime(_started);

    /// <summary>Lists the service's stopped tasks so that only tasks stopping from now on are reported; empty when they cannot be read.</summary>
    public static async Task<HashSet<string>> ListStoppedTasksAsync(IEcsClient ecs, string cluster, string service, CancellationToken cancellationToken)
    {
        try
        {
            var arns = await ecs.ListAllTasksAsync(new ListTasksRequest { Cluster = cluster, ServiceName = service, DesiredStatus = DesiredStatus.Stopped }, cancellationToken)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            return new HashSet<string>(arns, StringComparer.Ordinal);
        }
        catch (AwsException)
        {
            // Only evidence: the tasks that stop later are filtered by our deployment id anyway.
            return new HashSet<string>(StringComparer.Ordinal);
        }
    }

    /// <summary>Checks until the deployment is final or a phase's budget runs out (then TimedOut, naming the phase and what was missing).</summary>
    public async Task<Verdict> WatchAsync(WatchBudgets budgets, CancellationToken cancellationToken)
    {
        _state = WatchState.Start(_state.Target, budgets, Now) with { DeploymentId = _state.DeploymentId };
        ReportPhase();
        var judgement = await PollAsync(cancellationToken).ConfigureAwait(false);
        if (judgement is { Kind: not JudgementKind.TimedOut, Verdict: { } verdict })
        {
            return verdict;
        }

        // One last look for evidence; it can only add to the reason, never change the outcome or stop a rollback.
        await _observer.CollectStoppedTasksAsync(_observed, _state.DeploymentId, cancellationToken).ConfigureAwait(false);
        return _judge.Expire(LastSeen(), _state).Verdict!;
    }

    /// <summary>
    /// After ECS rolled our deployment back: waits, within <paramref name="budget"/>, until ECS's rollback has restored
    /// the previous revision, and says whether it did.
    /// </summary>
    public async Task<RollbackResult> WaitForEcsRollbackAsync(TimeSpan budget, CancellationToken cancellationToken)
    {
        var start = _reporter.Now;
        // ECS's rollback is a deployment of its own: its old tasks (ours and those it replaces) are counted afresh.
        _state = _state.Enter(DeploymentWaitPhase.EcsRollback, budget, Now) with { MostOldRunning = 0, Finishing = false };
        ReportPhase();
        Judgement? judgement;
        try
        {
            judgement = await PollAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return EcsRollback(start, DeploymentOutcome.Cancelled, $"The wait for ECS's rollback was cancelled: {RollingJudge.RollbackCounts(LastService)}.");
        }

        var verdict = judgement?.Verdict ?? _judge.Expire(LastSeen(), _state).Verdict!;
        return EcsRollback(start, verdict.Outcome, verdict.Reason);
    }

    private RollbackResult EcsRollback(DateTimeOffset start, DeploymentOutcome outcome, string reason)
    {
        var primary = LastService?.Deployments.FirstOrDefault(d => d.IsPrimary());
        return new RollbackResult
        {
            Outcome = outcome,
            Reason = reason,
            TaskDefinitionArn = primary?.TaskDefinition ?? _state.Target.PreviousTaskDefinitionArn ?? string.Empty,
            DesiredCount = primary?.DesiredCount,
            DeploymentId = primary?.Id,
            StartTime = start,
            EndTime = _reporter.Now,
        };
    }

    /// <summary>
    /// Ticks until the judge is final; <see langword="null"/> when the phase's deadline passed with the checks failing.
    /// The first tick comes one initial interval after the write or the tick that started the wait: nothing that
    /// decides happens sooner, and the service was just seen.
    /// </summary>
    private async Task<Judgement?> PollAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(_polling.Wait(_polling.InitialInterval), _reporter.Time, cancellationToken).ConfigureAwait(false);
        return await Poller.PollAsync(CheckAsync, () => _started + (long)(_state.Deadline.TotalSeconds * _reporter.Time.TimestampFrequency),
            attempt => _polling.Wait(_state.Finishing ? _polling.FinishingInterval : _polling.IntervalAfter(attempt + 1)), _reporter.Time,
            exception => _reporter.Report(new StatusCheckFailed { Time = _reporter.Now, Error = exception.Message }), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One tick: observe, judge, report; the judge's state is kept only once the tick completed.</summary>
    private async Task<Judgement?> CheckAsync(CancellationToken cancellationToken)
    {
        var snapshot = (await _observer.ObserveAsync([_observed], cancellationToken).ConfigureAwait(false))[_observed.Key];
        if (snapshot.Service is { } service)
        {
            LastService = service;
        }

        var judgement = _judge.Check(snapshot, _state, Now);
        var phase = _state.Phase;
        _state = judgement.Next;
        if (snapshot.Service is not null)
        {
            ReportProgress(snapshot.Service, judgement.Progress);
        }

        if (_state.Phase != phase)
        {
            ReportPhase();
        }

        if (!judgement.IsFinal)
        {
            Heartbeat(judgement.WaitingFor);
            return null;
        }

        return judgement;
    }

    /// <summary>What was seen last, for a verdict at the deadline.</summary>
    private ServiceSnapshot LastSeen() => new()
    {
        Key = _observed.Key,
        Service = LastService,
        StoppedTasks = _evidence.StoppedTasks.ToList(),
        Events = _evidence.Events.ToList(),
    };

    private void ReportPhase() =>
        _reporter.Report(new WaitPhaseStarted { Time = _reporter.Now, Phase = _state.Phase, Budget = _state.Budget, IsRollback = _state.Target.IsRollback });

    private void Heartbeat(string waitingFor)
    {
        if (_reporter.SinceLastReport >= HeartbeatInterval)
        {
            _reporter.Report(new DeploymentWaiting
            {
                Time = _reporter.Now,
                Phase = _state.Phase,
                WaitingFor = waitingFor,
                Elapsed = Now - _state.PhaseStartedAt,
                Budget = _state.Budget,
            });
        }
    }

    private void ReportProgress(Service service, Deployment? deployment)
    {
        if (deployment is null)
        {
            return;
        }

        var progress = new DeploymentProgressed
        {
            Time = _reporter.Now,
            DeploymentId = deployment.Id ?? DeploymentName,
            Desired = deployment.DesiredCount ?? 0,
            Running = deployment.RunningCount ?? 0,
            Pending = deployment.PendingCount ?? 0,
            Failed = deployment.FailedTasks ?? 0,
            Draining = service.Deployments.Where(d => d.Id != deployment.Id).Sum(d => d.RunningCount ?? 0),
            RolloutState = deployment.RolloutState,
        };
        if (_lastProgress is null || _lastProgress.Message != progress.Message)
        {
            _lastProgress = progress;
            _reporter.Report(progress);
        }
    }
}
