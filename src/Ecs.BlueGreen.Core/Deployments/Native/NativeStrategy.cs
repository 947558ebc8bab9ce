using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.Deployments;

/// <summary>
/// ECS's own blue/green, linear and canary deployments (controller ECS, <c>ecs#DeploymentConfiguration.strategy</c>
/// BLUE_GREEN, LINEAR or CANARY; https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-blue-green.html):
/// UpdateService starts a service deployment that ECS drives through its lifecycle stages. We bind to the service
/// deployment our update created (checked to deploy our revision), judge it by its status, answer its PAUSE hooks
/// when asked, and roll back only through ECS (StopServiceDeployment or a hook's ROLLBACK), never by deploying the
/// old revision again.
/// </summary>
internal sealed class NativeStrategy : IDeploymentStrategy
{
    public static NativeStrategy BlueGreen { get; } = new(DeploymentStrategy.BlueGreen);

    public static NativeStrategy Linear { get; } = new(DeploymentStrategy.Linear);

    public static NativeStrategy Canary { get; } = new(DeploymentStrategy.Canary);

    private NativeStrategy(DeploymentStrategy strategy) => Name = strategy.Value;

    public string Name { get; }

    /// <summary>
    /// Sends the update once and binds to <c>currentServiceDeployment</c> of its answer, after checking that the service
    /// deployment is new and deploys our revision; otherwise someone else's deployment is not watched or rolled back.
    /// </summary>
    public async Task<StartedDeployment> StartAsync(DeploymentContext context, DeploymentPlan plan, string target, CancellationToken cancellationToken)
    {
        var service = plan.Service;
        var (updated, _) = await context.Writes.UpdateServiceAsync(plan.Update with { TaskDefinition = target }, service, plan.StartsNewDeployment, cancellationToken).ConfigureAwait(false);
        var arn = updated.CurrentServiceDeployment;
        if (arn is null || (plan.StartsNewDeployment && arn == service.CurrentServiceDeployment))
        {
            return new StartedDeployment(updated, null,
                $"After the update ECS reports no new service deployment (currentServiceDeployment {arn ?? "(none)"}), so this run cannot tell which {Name} deployment is ours and does not watch or roll back.");
        }

        try
        {
            var deployment = await new ServiceDeploymentWrites(context.Ecs, context.Calls).DescribeAsync(arn, cancellationToken).ConfigureAwait(false);
            if (deployment?.TargetServiceRevision?.Arn is { } revisionArn)
            {
                var revisions = await context.Calls.ReadAsync(token => context.Ecs.DescribeServiceRevisionsAsync(new DescribeServiceRevisionsRequest { ServiceRevisionArns = [revisionArn] }, token), cancellationToken).ConfigureAwait(false);
                if ((revisions.ServiceRevisions.Count > 0 ? revisions.ServiceRevisions[0].TaskDefinition : null) is { } deployed && deployed != target)
                {
                    return new StartedDeployment(updated, null,
                        $"After the update the service's current deployment {Short(arn)} deploys {Short(deployed)}, not {Short(target)}: someone else changed the service at the same time, so this run does not watch or roll back.");
                }
            }
        }
        catch (AwsException exception)
        {
            context.Reporter.Warn(context.Warnings, $"Whether service deployment {Short(arn)} deploys {Short(target)} could not be checked ({exception.Message}); it is watched as ours.");
        }

        var legacy = updated.Deployments.FirstOrDefault(d => d.IsPrimary() && d.TaskDefinition == target)?.Id;
        return new StartedDeployment(updated, legacy ?? Short(arn));
    }

    /// <summary>
    /// Problems of the native options with this service, before any write: a smoke test, a pause handler or
    /// <c>WaitUntilPaused</c> needs a PAUSE hook (at the stages asked for), and PAUSE hooks exist only for native strategies.
    /// </summary>
    public static void Check(DeploymentSettings settings, string strategy, Service service, List<string> problems)
    {
        var native = strategy != DeploymentStrategy.Rolling.Value;
        var pauseStages = (service.DeploymentConfiguration?.LifecycleHooks ?? [])
            .Where(h => h.TargetType == NativeJudge.Paused)
            .SelectMany(h => h.LifecycleStages ?? [])
            .Select(s => new DeploymentStage(s))
            .ToHashSet();
        if (!native && (settings.WaitUntil is not null || settings.WaitUntilPaused || settings.PauseAnswerer is not null))
        {
            problems.Add($"The service '{settings.Service}' uses the ROLLING deployment strategy: waiting until a lifecycle stage, pausing and smoke tests at PAUSE hooks apply to BLUE_GREEN, LINEAR and CANARY deployments only.");
            return;
        }

        if (!native)
        {
            return;
        }

        var hooks = pauseStages.Count == 0 ? "none" : string.Join(", ", pauseStages.Select(s => s.Value).Order(StringComparer.Ordinal));
        if ((settings.PauseAnswerer is not null || settings.WaitUntilPaused) && pauseStages.Count == 0)
        {
            problems.Add($"The service '{settings.Service}' has no PAUSE lifecycle hook (ecs#DeploymentConfiguration.lifecycleHooks), so its {strategy} deployment never pauses{(settings.PauseAnswerer is null ? string.Empty : " and the smoke test would never run")}.");
        }
        else if (settings.PauseAnswerer is not null && settings.SmokeTestStages is { } stages && !stages.Any(pauseStages.Contains))
        {
            problems.Add($"The smoke test is limited to {string.Join(", ", stages.Select(s => s.Value))}, but the service's PAUSE hooks are at {hooks}: it would never run.");
        }
    }

    public Task<WatchOutcome> WatchAsync(DeploymentContext context, DeploymentPlan plan, StartedDeployment started, string target, HashSet<string> knownStoppedTasks, CancellationToken cancellationToken) =>
        WatchServiceDeploymentAsync(context, Name, plan.Service, started.Service, started.Service.CurrentServiceDeployment!, target, [], knownStoppedTasks, cancellationToken);

    /// <summary>
    /// Watches service deployment <paramref name="arn"/> of <paramref name="strategy"/> to its end (answering our PAUSE
    /// hooks but not <paramref name="answeredHooks"/>), then reports ECS's rollback, or makes ours when the settings ask.
    /// <paramref name="previous"/> is the service as it was before (its revision is what a rollback restores).
    /// </summary>
    internal static async Task<WatchOutcome> WatchServiceDeploymentAsync(DeploymentContext context, string strategy, Service previous, Service current, string arn, string target,
        IEnumerable<string> answeredHooks, HashSet<string> knownStoppedTasks, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var reporter = context.Reporter;
        var (budget, explained) = Budget(settings, current.DeploymentConfiguration ?? previous.DeploymentConfiguration);
        reporter.Report(new ServiceDeploymentWaitStarted { Time = reporter.Now, ServiceDeploymentArn = arn, Strategy = strategy, Budget = budget, BudgetExplained = explained, Until = settings.WaitUntil });
        var watcher = new NativeWatcher(context, new NativeTarget
        {
            Cluster = settings.Cluster,
            Service = settings.Service,
            ServiceDeploymentArn = arn,
            TaskDefinitionArn = target,
            Strategy = strategy,
            Until = settings.WaitUntil,
            UntilPaused = settings.WaitUntilPaused,
            AnswersHooks = settings.PauseAnswerer is not null,
            HookStages = settings.SmokeTestStages,
        }, previous.Events.Select(e => e.Id).OfType<string>(), knownStoppedTasks, answeredHooks);

        var start = reporter.Now;
        NativeJudgement judgement;
        AwsException? error = null;
        try
        {
            judgement = await watcher.WatchAsync(budget, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var stage = watcher.LastDeployment?.LifecycleStage ?? "no stage yet";
            judgement = Final(NativeJudgementKind.InProgress, new Verdict(DeploymentOutcome.Cancelled,
                $"The wait was cancelled after {DeploymentEvent.Duration(reporter.Now - start)}; {strategy} deployment {Short(arn)} was in {stage}."));
        }
        catch (AwsException exception)
        {
            judgement = Final(NativeJudgementKind.InProgress, new Verdict(DeploymentOutcome.Interrupted, $"{strategy} deployment {Short(arn)} could not be watched: {exception.Message}"));
            error = exception;
        }

        var verdict = judgement.Verdict!;
        RollbackResult? ecsRollback = null;
        RollbackResult? rollback = null;
        if (watcher.Target.OurRollback is { } testFailed)
        {
            // A smoke test (or the pause handler) rolled the deployment back: the verdict is that failure, the rollback ours.
            rollback = RollbackOf(judgement, watcher, previous, start, reporter.Now);
            verdict = new Verdict(DeploymentOutcome.Failed, verdict.Outcome == DeploymentOutcome.Failed ? verdict.Reason : $"{testFailed} {rollback.Reason}");
            reporter.Report(new DeploymentFinished { Time = reporter.Now, Outcome = verdict.Outcome, Reason = verdict.Reason });
        }
        else if (verdict.RolledBackByEcs)
        {
            ecsRollback = RollbackOf(judgement, watcher, previous, start, reporter.Now);
            verdict = verdict with { Outcome = DeploymentOutcome.Failed };
            reporter.Report(new DeploymentFinished { Time = reporter.Now, Outcome = verdict.Outcome, Reason = verdict.Reason });
        }
        else
        {
            reporter.Report(new DeploymentFinished { Time = reporter.Now, Outcome = verdict.Outcome, Reason = verdict.Reason });
            if (error is null && IsInFlight(judgement) && context.RollbackWanted(verdict.Outcome))
            {
                var waitToken = verdict.Outcome == DeploymentOutcome.Cancelled ? CancellationToken.None : cancellationToken;
                rollback = await RollBackAsync(context, watcher, previous, $"the deployment {Outcome(verdict.Outcome)} and a rollback was asked for.", waitToken).ConfigureAwait(false);
            }
        }

        return new WatchOutcome
        {
            Verdict = verdict,
            EcsRollback = ecsRollback,
            Rollback = rollback,
            Events = watcher.Events,
            StoppedTasks = watcher.StoppedTasks,
            ServiceTaskDefinitionArn = watcher.LastService?.TaskDefinition,
            Error = error,
            LifecycleStage = watcher.LastDeployment?.LifecycleStage is { Length: > 0 } last ? new DeploymentStage(last) : null,
            PausedHook = judgement.Kind == NativeJudgementKind.PausedFinal && watcher.LastDeployment is { } paused ? watcher.PausedHookOf(judgement.Hook!, paused) : null,
        };
    }

    /// <summary>Asks ECS to roll back service deployment <paramref name="arn"/> now (on demand) and waits for it.</summary>
    internal static async Task<(RollbackResult Result, NativeWatcher Watcher)> RollBackNowAsync(DeploymentContext context, string strategy, Service previous, string arn, string target, CancellationToken cancellationToken)
    {
        var watcher = new NativeWatcher(context, new NativeTarget
        {
            Cluster = context.Settings.Cluster,
            Service = context.Settings.Service,
            ServiceDeploymentArn = arn,
            TaskDefinitionArn = target,
            Strategy = strategy,
        }, previous.Events.Select(e => e.Id).OfType<string>(), new HashSet<string>(StringComparer.Ordinal), []);
        var result = await RollBackAsync(context, watcher, previous, "a rollback was asked for.", cancellationToken).ConfigureAwait(false);
        return (result, watcher);
    }

    /// <summary>
    /// The wait's budget: as given (<see cref="DeploymentTimeouts.ServiceDeployment"/>), or long enough for what the
    /// service's configuration makes ECS wait: <see cref="NativeStartAndCleanUp"/> twice, (<c>ecs#DeploymentConfiguration.bakeTimeInMinutes</c>,
    /// <c>ecs#LinearConfiguration</c>, <c>ecs#CanaryConfiguration</c> with ECS's defaults), with the time of a smoke test
    /// at each hook this run answers; and how it was made up.
    /// </summary>
    /// <summary>
    /// The computed budget's allowance for the new revision to start (SCALE_UP: its tasks pass the target group's health
    /// checks) and for the clean-up; fixed, so that ROLLING phase budgets (ecs-deploy's 90 s) do not leak into it.
    /// </summary>
    internal static readonly TimeSpan NativeStartAndCleanUp = TimeSpan.FromMinutes(10);

    internal static (TimeSpan Budget, string Explained) Budget(DeploymentSettings settings, DeploymentConfiguration? configuration)
    {
        if (settings.Timeouts.ServiceDeployment is { } given)
        {
            return (given, "as given");
        }

        var parts = new List<(TimeSpan Time, string What)> { (NativeStartAndCleanUp, "the new tasks") };
        var strategy = configuration?.Strategy ?? DeploymentStrategy.BlueGreen;
        var steps = 1;
        if (strategy == DeploymentStrategy.Linear)
        {
            var percent = configuration?.LinearConfiguration?.StepPercent is { } p and > 0 ? p : 10.0;
            steps = (int)Math.Ceiling(100.0 / percent);
            var stepBake = configuration?.LinearConfiguration?.StepBakeTimeInMinutes ?? 6;
            parts.Add((TimeSpan.FromMinutes((steps - 1) * stepBake), $"{steps - 1} step bake(s) of {stepBake} min"));
        }
        else if (strategy == DeploymentStrategy.Canary)
        {
            steps = 2;
            var canaryBake = configuration?.CanaryConfiguration?.CanaryBakeTimeInMinutes ?? 10;
            parts.Add((TimeSpan.FromMinutes(canaryBake), $"the canary bake of {canaryBake} min"));
        }

        if (configuration?.BakeTimeInMinutes is { } bake and > 0)
        {
            parts.Add((TimeSpan.FromMinutes(bake), $"the bake time of {bake} min"));
        }

        if (settings.PauseAnswerer is not null)
        {
            var firings = (configuration?.LifecycleHooks ?? [])
                .Where(h => h.TargetType == NativeJudge.Paused)
                .SelectMany(h => h.LifecycleStages ?? [])
                .Where(s => settings.SmokeTestStages is null || settings.SmokeTestStages.Contains(new DeploymentStage(s)))
                .Sum(s => s == DeploymentStage.PreProductionTrafficShift.Value ? steps : 1);
            if (firings > 0)
            {
                parts.Add((settings.SmokeTestTimeout * firings, $"{firings} smoke test(s) of up to {DeploymentEvent.Duration(settings.SmokeTestTimeout)}"));
            }
        }

        parts.Add((NativeStartAndCleanUp, "the clean-up"));
        var total = parts.Aggregate(TimeSpan.Zero, (sum, part) => sum + part.Time);
        return (total, string.Join(" + ", parts.Where(p => p.Time > TimeSpan.Zero).Select(p => $"{DeploymentEvent.Duration(p.Time)} for {p.What}")));
    }

    /// <summary>Our rollback: asks ECS to roll back (StopServiceDeployment, or ROLLBACK on a paused hook) and waits for it with a fresh budget.</summary>
    private static async Task<RollbackResult> RollBackAsync(DeploymentContext context, NativeWatcher watcher, Service previous, string why, CancellationToken cancellationToken)
    {
        var reporter = context.Reporter;
        var start = reporter.Now;
        reporter.Report(new RollbackStarted { Time = start, TaskDefinitionArn = previous.TaskDefinition!, DesiredCount = previous.DesiredCount });
        string? refused;
        try
        {
            refused = await watcher.RequestRollbackAsync(why).ConfigureAwait(false);
        }
        catch (AwsException exception)
        {
            refused = $"ECS did not accept the rollback: {exception.Message}";
        }

        RollbackResult result;
        if (refused is not null)
        {
            result = Rollback(DeploymentOutcome.Failed, $"The rollback could not be made: {refused}.", previous, start, reporter.Now);
        }
        else
        {
            NativeJudgement judgement;
            try
            {
                judgement = await watcher.WatchAsync(context.Settings.Timeouts.Rollback, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                judgement = Final(NativeJudgementKind.InProgress, new Verdict(DeploymentOutcome.Cancelled, "The wait for ECS's rollback was cancelled before it finished."));
            }
            catch (AwsException exception)
            {
                judgement = Final(NativeJudgementKind.InProgress, new Verdict(DeploymentOutcome.Failed, $"ECS was asked to roll back, but the rollback could not be watched: {exception.Message}"));
            }

            result = judgement.Verdict!.Outcome == DeploymentOutcome.Cancelled
                ? Rollback(DeploymentOutcome.Cancelled, judgement.Verdict.Reason, previous, start, reporter.Now)
                : RollbackOf(judgement, watcher, previous, start, reporter.Now);
        }

        reporter.Report(new RollbackFinished { Time = reporter.Now, Result = result });
        return result;
    }

    /// <summary>A rollback's result from the judgement that ended its wait: ROLLBACK_SUCCESSFUL, ROLLBACK_FAILED (or another end), or the deadline.</summary>
    private static RollbackResult RollbackOf(NativeJudgement judgement, NativeWatcher watcher, Service previous, DateTimeOffset start, DateTimeOffset end)
    {
        var arn = watcher.Target.ServiceDeploymentArn;
        return judgement.Kind switch
        {
            NativeJudgementKind.RolledBack => Rollback(DeploymentOutcome.Succeeded,
                $"ECS rolled deployment {Short(arn)} back; the service runs {Short(watcher.LastService?.TaskDefinition ?? previous.TaskDefinition)} again.", previous, start, end),
            NativeJudgementKind.RollbackFailed => Rollback(DeploymentOutcome.Failed, $"ECS's rollback of deployment {Short(arn)} FAILED ({watcher.LastDeployment?.StatusReason ?? "no reason given"}).", previous, start, end),
            _ when judgement.Verdict is { Outcome: DeploymentOutcome.TimedOut } => Rollback(DeploymentOutcome.TimedOut,
                $"ECS's rollback of deployment {Short(arn)} had not finished when the wait ended ({watcher.LastDeployment?.Status?.Value ?? "status unknown"}).", previous, start, end),
            _ => Rollback(DeploymentOutcome.Failed, judgement.Verdict?.Reason ?? $"ECS's rollback of deployment {Short(arn)} did not end in ROLLBACK_SUCCESSFUL.", previous, start, end),
        };
    }

    private static RollbackResult Rollback(DeploymentOutcome outcome, string reason, Service previous, DateTimeOffset start, DateTimeOffset end) => new()
    {
        Outcome = outcome,
        Reason = reason,
        TaskDefinitionArn = previous.TaskDefinition!,
        DesiredCount = previous.DesiredCount,
        StartTime = start,
        EndTime = end,
    };

    /// <summary>Whether the deployment was still under way when the wait ended (so that ECS can still roll it back).</summary>
    private static bool IsInFlight(NativeJudgement judgement) =>
        judgement.Kind is NativeJudgementKind.InProgress or NativeJudgementKind.Paused or NativeJudgementKind.NotFound or NativeJudgementKind.AnswerHook;

    private static NativeJudgement Final(NativeJudgementKind kind, Verdict verdict) => new(kind) { Verdict = verdict };

    private static string Outcome(DeploymentOutcome outcome) => outcome switch
    {
        DeploymentOutcome.TimedOut => "timed out",
        DeploymentOutcome.Cancelled => "was cancelled",
        _ => "failed",
    };

    private static string Short(string? arn) => DeploymentEvent.Short(arn);
}
