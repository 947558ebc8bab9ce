using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Runtime;

namespace Ecs.BlueGreen.Deployments;

/// <summary>
/// Watches one native service deployment to its end: each tick reads the service (for its events and, when tasks
/// fail, the stopped tasks) and the service deployment, has <see cref="NativeJudge"/> decide, and reports what changed:
/// the stage entered, the traffic weights, the hooks' states. A PAUSE hook of ours is answered between ticks (the
/// smoke test runs outside the poll), once per hook id. During the bake time, or while waiting for someone else's
/// answer, it checks less often.
/// </summary>
internal sealed class NativeWatcher
{
    /// <summary>How often to check while nothing can happen soon (bake time, a pause someone else answers).</summary>
    internal static readonly TimeSpan SlowInterval = TimeSpan.FromSeconds(5);

    /// <summary>How long before a hook expires its answer must be sent, so that it reaches ECS in time.</summary>
    internal static readonly TimeSpan AnswerMargin = TimeSpan.FromSeconds(30);

    private readonly DeploymentContext _context;
    private readonly ServiceDeploymentWrites _writes;
    private readonly ServiceObserver _observer;
    private readonly ServiceEvidence _evidence;
    private readonly ObservedService _observed;
    private readonly HashSet<string> _answered = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reportedPauses = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _hookStatuses = new(StringComparer.Ordinal);
    private DeploymentStage? _stage;
    private DateTimeOffset _stageSince;
    private (double, double, double, double)? _weights;
    private int _failures;

    public NativeWatcher(DeploymentContext context, NativeTarget target, IEnumerable<string> seenEvents, HashSet<string> knownStoppedTasks, IEnumerable<string> answeredHooks)
    {
        _answered.UnionWith(answeredHooks);
        _context = context;
        Target = target;
        _writes = new ServiceDeploymentWrites(context.Ecs, context.Calls);
        _observer = new ServiceObserver(context.Ecs, context.Calls, context.Reporter.Time, warning =>
        {
            if (!context.Warnings.Contains(warning))
            {
                context.Reporter.Warn(context.Warnings, warning);
            }
        });
        _evidence = new ServiceEvidence(context.Reporter, seenEvents, knownStoppedTasks);
        _observed = new ObservedService
        {
            Key = new ServiceKey(target.Cluster, target.Service),
            TaskDefinitionArn = target.TaskDefinitionArn,
            Containers = token => context.Containers(target.TaskDefinitionArn, token),
            Evidence = _evidence,
            Needs = _ => ObservationNeeds.Nothing,
            WantsStoppedTasks = (service, _) => NewFailures(service),
        };
        _stageSince = context.Reporter.Now;
    }

    /// <summary>What is watched; <see cref="NativeTarget.OurRollback"/> is set once we asked ECS to roll back.</summary>
    public NativeTarget Target { get; private set; }

    public Service? LastService { get; private set; }

    public ServiceDeployment? LastDeployment { get; private set; }

    public DeploymentLifecycleHookDetail? PausedAt { get; private set; }

    public IReadOnlyList<ServiceEventRecord> Events => _evidence.Events;

    public IReadOnlyList<StoppedTask> StoppedTasks => _evidence.StoppedTasks;

    private EventReporter Reporter => _context.Reporter;

    private DeploymentSettings Settings => _context.Settings;

    /// <summary>Checks until the judge is final or <paramref name="budget"/> runs out, answering our PAUSE hooks on the way.</summary>
    public async Task<NativeJudgement> WatchAsync(TimeSpan budget, CancellationToken cancellationToken)
    {
        var time = Reporter.Time;
        var deadline = time.GetTimestamp() + (long)(budget.TotalSeconds * time.TimestampFrequency);
        while (true)
        {
            var judgement = await Poller.PollAsync(token => CheckAsync(deadline, token), () => deadline, Interval, time,
                exception => Reporter.Report(new StatusCheckFailed { Time = Reporter.Now, Error = exception.Message }), cancellationToken).ConfigureAwait(false);
            if (judgement is null)
            {
                await _observer.CollectStoppedTasksAsync(_observed, null, cancellationToken).ConfigureAwait(false);
                return new NativeJudgement(NativeJudgementKind.InProgress) { Verdict = NativeJudge.Expire(Target, LastDeployment, budget, Events, StoppedTasks) };
            }

            if (judgement.Kind != NativeJudgementKind.AnswerHook)
            {
                PausedAt = judgement.Hook;
                return judgement;
            }

            await AnswerAsync(judgement.Hook!, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Asks ECS to roll back: ContinueServiceDeployment ROLLBACK on a hook that awaits action, else StopServiceDeployment ROLLBACK.</summary>
    /// <returns><see langword="null"/> when it was asked; otherwise why it could not be.</returns>
    public async Task<string?> RequestRollbackAsync(string reason)
    {
        var arn = Target.ServiceDeploymentArn;
        var deployment = LastDeployment ?? await _writes.DescribeAsync(arn, CancellationToken.None).ConfigureAwait(false);
        if (deployment?.Status is { } status && !ServiceDeploymentWrites.CanRollBack(status))
        {
            return $"deployment {DeploymentEvent.Short(arn)} is {status.Value}, which StopServiceDeployment cannot roll back";
        }

        var paused = deployment?.LifecycleHookDetails?.FirstOrDefault(h => h.TargetType == NativeJudge.Paused && h.Status == NativeJudge.AwaitingAction && h.HookId is not null);
        if (paused is not null)
        {
            await _writes.AnswerHookAsync(arn, paused.HookId!, ServiceDeploymentWrites.Rollback, CancellationToken.None).ConfigureAwait(false);
            _answered.Add(paused.HookId!);
            Reporter.Report(new LifecycleHookAnswered { Time = Reporter.Now, HookId = paused.HookId!, Action = ServiceDeploymentWrites.Rollback });
        }
        else
        {
            await _writes.StopWithRollbackAsync(arn, CancellationToken.None).ConfigureAwait(false);
        }

        Reporter.Report(new ServiceDeploymentRollbackRequested { Time = Reporter.Now, ServiceDeploymentArn = arn, Reason = reason });
        Target = Target with { OurRollback = reason };
        return null;
    }

    private TimeSpan Interval(int attempt)
    {
        var slow = _stage == DeploymentStage.BakeTime || (PausedAt is not null && !Target.AnswersHooks);
        var interval = Settings.Polling.IntervalAfter(attempt);
        return Settings.Polling.Wait(slow && interval < SlowInterval ? SlowInterval : interval);
    }

    private async Task<NativeJudgement?> CheckAsync(long deadline, CancellationToken cancellationToken)
    {
        // The service deployment first, then the service: the service is then at least as new as the verdict, so
        // that where the result says the service is holds even when a slow or retried read fell between the two.
        var deployment = await _writes.DescribeAsync(Target.ServiceDeploymentArn, cancellationToken).ConfigureAwait(false);
        var snapshot = (await _observer.ObserveAsync([_observed], cancellationToken).ConfigureAwait(false))[_observed.Key];
        LastService = snapshot.Service;
        if (deployment is not null)
        {
            LastDeployment = deployment;
            ReportChanges(deployment);
        }

        var judgement = NativeJudge.Check(Target, snapshot.Service, deployment, _answered, snapshot.Events, snapshot.StoppedTasks);
        PausedAt = judgement.Hook;
        if (judgement.Kind == NativeJudgementKind.Paused && judgement.Hook?.HookId is { } id && _reportedPauses.Add(id))
        {
            Reporter.Report(new DeploymentPaused { Time = Reporter.Now, Hook = PausedHookOf(judgement.Hook, deployment!), AnsweredHere = false });
        }

        if (judgement.IsFinal || judgement.Kind == NativeJudgementKind.AnswerHook)
        {
            return judgement;
        }

        if (Reporter.SinceLastReport >= DeploymentWatcher.HeartbeatInterval)
        {
            var remaining = TimeSpan.FromSeconds(Math.Max(0, (deadline - Reporter.Time.GetTimestamp()) / (double)Reporter.Time.TimestampFrequency));
            Reporter.Report(new ServiceDeploymentWaiting
            {
                Time = Reporter.Now,
                Stage = _stage,
                TimeInStage = Reporter.Now - _stageSince,
                BakeTimeRemaining = BakeRemaining(deployment),
                Remaining = remaining,
            });
        }

        return null;
    }

    /// <summary>Runs our answer to a PAUSE hook and sends it; a failed test asks ECS to roll back.</summary>
    private async Task AnswerAsync(DeploymentLifecycleHookDetail hook, CancellationToken cancellationToken)
    {
        var answerer = Settings.PauseAnswerer!;
        var paused = PausedHookOf(hook, LastDeployment!);
        Reporter.Report(new DeploymentPaused { Time = Reporter.Now, Hook = paused, AnsweredHere = true });
        var timeout = Settings.SmokeTestTimeout;
        if (hook.ExpiresAt is { } expires && expires - Reporter.Now - AnswerMargin is var left && left < timeout)
        {
            timeout = left > TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1);
        }

        var context = new SmokeTestContext { Hook = paused, TestUrl = Settings.TestUrl };
        Reporter.Report(new SmokeTestStarted { Time = Reporter.Now, Hook = paused, Test = answerer.Description, Timeout = timeout });
        var started = Reporter.Time.GetTimestamp();
        var answer = await answerer.AnswerAsync(context, Reporter, timeout, cancellationToken).ConfigureAwait(false);
        Reporter.Report(new SmokeTestFinished { Time = Reporter.Now, Passed = answer.Decision != PauseDecision.Rollback, Reason = answer.Reason, Elapsed = Reporter.Time.GetElapsedTime(started) });
        _answered.Add(hook.HookId!);
        switch (answer.Decision)
        {
            case PauseDecision.Continue:
                await _writes.AnswerHookAsync(Target.ServiceDeploymentArn, hook.HookId!, ServiceDeploymentWrites.Continue, cancellationToken).ConfigureAwait(false);
                Reporter.Report(new LifecycleHookAnswered { Time = Reporter.Now, HookId = hook.HookId!, Action = ServiceDeploymentWrites.Continue });
                break;
            case PauseDecision.Rollback:
                await _writes.AnswerHookAsync(Target.ServiceDeploymentArn, hook.HookId!, ServiceDeploymentWrites.Rollback, CancellationToken.None).ConfigureAwait(false);
                Reporter.Report(new LifecycleHookAnswered { Time = Reporter.Now, HookId = hook.HookId!, Action = ServiceDeploymentWrites.Rollback });
                var reason = $"At {paused.Stage.Value} (hook {hook.HookId}) {answer.Reason}, so the deployment was rolled back.";
                Reporter.Report(new ServiceDeploymentRollbackRequested { Time = Reporter.Now, ServiceDeploymentArn = Target.ServiceDeploymentArn, Reason = reason });
                Target = Target with { OurRollback = reason };
                break;
            default:
                _reportedPauses.Add(hook.HookId!);
                break;
        }
    }

    /// <summary>The facts of a PAUSE hook of our deployment, as a smoke test and the result see them.</summary>
    public PausedHook PausedHookOf(DeploymentLifecycleHookDetail hook, ServiceDeployment deployment)
    {
        var balancer = LastService?.LoadBalancers?.FirstOrDefault(l => l.AdvancedConfiguration is not null)?.AdvancedConfiguration;
        return new PausedHook
        {
            Cluster = Target.Cluster,
            Service = Target.Service,
            Stage = deployment.LifecycleStage is { Length: > 0 } stage ? new DeploymentStage(stage) : new DeploymentStage("UNKNOWN"),
            HookId = hook.HookId!,
            ServiceDeploymentArn = Target.ServiceDeploymentArn,
            TargetServiceRevisionArn = deployment.TargetServiceRevision?.Arn,
            TaskDefinitionArn = Target.TaskDefinitionArn,
            ExpiresAt = hook.ExpiresAt,
            TimeoutAction = hook.TimeoutAction,
            ProductionListenerRule = balancer?.ProductionListenerRule,
            TestListenerRule = balancer?.TestListenerRule,
            ProductionTrafficWeight = deployment.TargetServiceRevision?.RequestedProductionTrafficWeight,
            TestTrafficWeight = deployment.TargetServiceRevision?.RequestedTestTrafficWeight,
        };
    }

    /// <summary>Reports the stage entered, the traffic weights and the hooks' states when they changed.</summary>
    private void ReportChanges(ServiceDeployment deployment)
    {
        var now = Reporter.Now;
        if (deployment.LifecycleStage is { Length: > 0 } name && new DeploymentStage(name) is var stage && stage != _stage)
        {
            Reporter.Report(new LifecycleStageEntered
            {
                Time = now,
                Stage = stage,
                Previous = _stage,
                TimeInPrevious = _stage is null ? null : now - _stageSince,
                PassedBetweenChecks = Between(_stage, stage),
            });
            _stage = stage;
            _stageSince = now;
        }

        var target = deployment.TargetServiceRevision;
        if (target?.RequestedProductionTrafficWeight is not null || target?.RequestedTestTrafficWeight is not null)
        {
            var sources = deployment.SourceServiceRevisions ?? [];
            var weights = (target!.RequestedProductionTrafficWeight ?? 0, target.RequestedTestTrafficWeight ?? 0,
                sources.Sum(s => s.RequestedProductionTrafficWeight ?? 0), sources.Sum(s => s.RequestedTestTrafficWeight ?? 0));
            if (_weights != weights)
            {
                if (_weights is not null || weights.Item1 > 0 || weights.Item2 > 0)
                {
                    Reporter.Report(new TrafficShifted
                    {
                        Time = now,
                        Stage = _stage,
                        ProductionWeight = weights.Item1,
                        TestWeight = weights.Item2,
                        SourceProductionWeight = weights.Item3,
                        SourceTestWeight = weights.Item4,
                    });
                }

                _weights = weights;
            }
        }

        foreach (var hook in deployment.LifecycleHookDetails ?? [])
        {
            if (hook.HookId is { } id && hook.Status is { } status && (!_hookStatuses.TryGetValue(id, out var before) || before != status))
            {
                _hookStatuses[id] = status;
                Reporter.Report(new LifecycleHookChanged { Time = now, HookId = id, Stage = _stage, TargetType = hook.TargetType, Status = status });
            }
        }
    }

    /// <summary>
    /// The stages every deployment reports between two stages seen one after the other (not RECONCILE_SERVICE, which
    /// only some have, nor PRE_PRODUCTION_TRAFFIC_SHIFT, which the reported-stage enum lacks: <c>ecs#ServiceDeploymentLifecycleStage</c>).
    /// </summary>
    private static List<DeploymentStage> Between(DeploymentStage? previous, DeploymentStage current)
    {
        if (!current.IsKnown || previous is { IsKnown: false })
        {
            return [];
        }

        var from = previous?.Order ?? DeploymentStage.PreScaleUp.Order - 1;
        return DeploymentStage.InOrder
            .Where(s => s.Order > from && s.Order < current.Order && s != DeploymentStage.ReconcileService && s != DeploymentStage.PreProductionTrafficShift)
            .ToList();
    }

    /// <summary>During BAKE_TIME: the configured bake time less the time seen in it.</summary>
    private TimeSpan? BakeRemaining(ServiceDeployment? deployment)
    {
        if (_stage != DeploymentStage.BakeTime || (deployment?.DeploymentConfiguration ?? LastService?.DeploymentConfiguration)?.BakeTimeInMinutes is not { } minutes)
        {
            return null;
        }

        var left = TimeSpan.FromMinutes(minutes) - (Reporter.Now - _stageSince);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    /// <summary>Whether the circuit breaker counted new failures, or our deployment's failed tasks rose: then stopped tasks are read.</summary>
    private bool NewFailures(Service? service)
    {
        var failures = Math.Max(LastDeployment?.DeploymentCircuitBreaker?.FailureCount ?? 0,
            service?.Deployments.Where(d => d.TaskDefinition == Target.TaskDefinitionArn).Sum(d => d.FailedTasks ?? 0) ?? 0);
        if (failures <= _failures)
        {
            return false;
        }

        _failures = failures;
        return true;
    }
}
