using System.Security.Cryptography;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.CodeDeploy;
using Ecs.BlueGreen.CodeDeploy.Model;
using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.Deployments;

/// <summary>
/// A service with the CODE_DEPLOY deployment controller (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-bluegreen.html):
/// the service is not updated; CodeDeploy's CreateDeployment, with an AppSpec naming our revision, starts a
/// blue/green deployment that CodeDeploy drives through its lifecycle events. We watch it by its status, answer its
/// Ready wait when asked, end its termination wait when asked, and roll back only through CodeDeploy
/// (StopDeployment with auto-rollback), never by deploying the old revision again.
/// </summary>
internal sealed class CodeDeployStrategy : IDeploymentStrategy
{
    public static CodeDeployStrategy Instance { get; } = new();

    private CodeDeployStrategy()
    {
    }

    public string Name => "CODE_DEPLOY";

    public string StartOperation => CodeDeployOperation.CreateDeployment.Name;

    /// <summary>The computed budget's allowance for the replacement task set to start, and for the hooks and the rest.</summary>
    internal static readonly TimeSpan StartAndHooks = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Sends CreateDeployment once (<see cref="DeploymentWrites"/>: after a lost answer, our deployment is found by the
    /// run's token in its description before anything is sent again), with the AppSpec for <paramref name="target"/>.
    /// </summary>
    public async Task<StartedDeployment> StartAsync(DeploymentContext context, DeploymentPlan plan, string target, CancellationToken cancellationToken)
    {
        var codeDeploy = plan.CodeDeploy!;
        var content = codeDeploy.AppSpec!.ContentFor(target);
        var token = $"ecs-bluegreen {Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant()}";
        var request = new CreateDeploymentRequest
        {
            ApplicationName = codeDeploy.Application,
            DeploymentGroupName = codeDeploy.GroupName,
            DeploymentConfigName = codeDeploy.ConfigOverride,
            Description = $"{token}: {DeploymentEvent.Short(target)} to {context.Settings.Cluster}/{context.Settings.Service}",
            Revision = RevisionLocation.FromAppSpec(content, AppSpec.Sha256(content)),
        };
        var id = await new DeploymentWrites(codeDeploy.Client, context.Calls, context.Reporter.Time).CreateAsync(request, token, cancellationToken).ConfigureAwait(false);
        var (budget, explained) = Budget(context.Settings, codeDeploy);
        context.Reporter.Report(new CodeDeployDeploymentCreated
        {
            Time = context.Reporter.Now,
            CodeDeployDeploymentId = id,
            ApplicationName = codeDeploy.Application,
            DeploymentGroupName = codeDeploy.GroupName,
            DeploymentConfigName = codeDeploy.ConfigName,
            TaskDefinitionArn = target,
            AppSpecSource = codeDeploy.AppSpec.Source,
            Budget = budget,
            BudgetExplained = explained,
        });
        return new StartedDeployment(plan.Service, id);
    }

    public async Task<WatchOutcome> WatchAsync(DeploymentContext context, DeploymentPlan plan, StartedDeployment started, string target, HashSet<string> knownStoppedTasks, CancellationToken cancellationToken)
    {
        var outcome = await WatchDeploymentAsync(context, plan.CodeDeploy!, started.DeploymentId!, target, plan.Service.TaskDefinition!, readyAnswered: false, cancellationToken).ConfigureAwait(false);
        return outcome.Verdict.Outcome is DeploymentOutcome.Succeeded or DeploymentOutcome.Paused
            ? outcome
            : outcome with { StoppedTasks = await StoppedTasksAsync(context, target, knownStoppedTasks).ConfigureAwait(false) };
    }

    /// <summary>
    /// After a deployment that did not succeed, the tasks of the new revision that stopped since the run began (the
    /// replacement task set's crashes, with their stop codes and exit codes), for the failure report and its log lines.
    /// CodeDeploy's errorInformation names only ECS_UPDATE_ERROR or a hook. Evidence only: a failure to read is a warning.
    /// </summary>
    private static async Task<IReadOnlyList<StoppedTask>> StoppedTasksAsync(DeploymentContext context, string target, HashSet<string> knownStoppedTasks)
    {
        var evidence = new ServiceEvidence(context.Reporter, [], knownStoppedTasks);
        var observer = new ServiceObserver(context.Ecs, context.Calls, context.Reporter.Time, warning => context.Reporter.Warn(context.Warnings, warning));
        var observed = new ObservedService
        {
            Key = new ServiceKey(context.Settings.Cluster, context.Settings.Service),
            TaskDefinitionArn = target,
            Containers = token => context.Containers(target, token),
            Evidence = evidence,
            Needs = _ => ObservationNeeds.Nothing,
            WantsStoppedTasks = (_, _) => true,
        };

        // A task set's tasks are started by the task set (ecs#TaskSet.id), not by a deployment: ours are known by their revision.
        await observer.CollectStoppedTasksAsync(observed, deploymentId: null, CancellationToken.None).ConfigureAwait(false);
        return evidence.StoppedTasks;
    }

    /// <summary>
    /// Watches CodeDeploy deployment <paramref name="deploymentId"/> to its end (or to where the settings end the wait),
    /// follows CodeDeploy's own rollback, or makes ours when the settings ask. <paramref name="previous"/> is the revision
    /// a rollback returns to.
    /// </summary>
    internal static async Task<WatchOutcome> WatchDeploymentAsync(DeploymentContext context, CodeDeployPlan codeDeploy, string deploymentId, string target, string previous,
        bool readyAnswered, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var reporter = context.Reporter;
        var (budget, _) = Budget(settings, codeDeploy);
        var watcher = new CodeDeployWatcher(context, codeDeploy, deploymentId, target, readyAnswered);
        var start = reporter.Now;
        CodeDeployJudgement? judgement = null;
        Verdict? verdict = null;
        AwsException? error = null;
        try
        {
            judgement = await watcher.WatchAsync(budget, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            verdict = new Verdict(DeploymentOutcome.Cancelled, $"The wait was cancelled after {DeploymentEvent.Duration(reporter.Now - start)}; CodeDeploy deployment {deploymentId} was {Where(watcher)}.");
        }
        catch (AwsException exception)
        {
            verdict = new Verdict(DeploymentOutcome.Interrupted, $"CodeDeploy deployment {deploymentId} could not be watched or steered: {exception.Message}");
            error = exception;
        }

        RollbackResult? ecsRollback = null;
        RollbackResult? rollback = null;
        PausedHook? paused = null;
        var originalKept = false;
        switch (judgement?.Kind)
        {
            case null when verdict is null:
                verdict = new Verdict(DeploymentOutcome.TimedOut, $"CodeDeploy deployment {deploymentId} had not finished within {DeploymentEvent.Duration(budget)}; it was {Where(watcher)}.");
                break;
            case CodeDeployJudgementKind.Succeeded:
                verdict = new Verdict(DeploymentOutcome.Succeeded, $"CodeDeploy deployment {deploymentId} Succeeded: {Short(target)} serves all production traffic and the original task set was removed.");
                break;
            case CodeDeployJudgementKind.Reached:
                verdict = new Verdict(DeploymentOutcome.Succeeded, $"CodeDeploy deployment {deploymentId} reached {settings.CodeDeploy.WaitUntil!.Value.Value} (Succeeded); the rest is left to CodeDeploy.");
                break;
            case CodeDeployJudgementKind.TrafficShifted:
                originalKept = true;
                var wait = codeDeploy.TerminationWaitMinutes is { } minutes ? $" ({minutes} min)" : string.Empty;
                verdict = new Verdict(DeploymentOutcome.Succeeded,
                    $"CodeDeploy deployment {deploymentId} shifted all production traffic to {Short(target)}; the original task set is kept until the termination wait ends{wait}, and the deployment is Succeeded only then.");
                break;
            case CodeDeployJudgementKind.Ready:
                paused = watcher.ReadyHook();
                verdict = new Verdict(DeploymentOutcome.Paused, $"CodeDeploy deployment {deploymentId} is Ready and waits for the traffic reroute: continue it (ContinueDeployment READY_WAIT) or roll it back later.");
                break;
            case CodeDeployJudgementKind.Failed:
                verdict = new Verdict(DeploymentOutcome.Failed, $"CodeDeploy deployment {deploymentId} {watcher.Last?.Status?.Value}{CodeDeployWatcher.Error(watcher.Last)}{Failed(watcher)}.");
                break;
            case CodeDeployJudgementKind.RolledBack:
                verdict = new Verdict(DeploymentOutcome.Failed,
                    $"CodeDeploy deployment {deploymentId} {watcher.Last?.Status?.Value}{CodeDeployWatcher.Error(watcher.Last)}{Failed(watcher)}; CodeDeploy rolled it back ({watcher.Last?.RollbackInfo?.RollbackMessage ?? "no message"}).",
                    RolledBackByEcs: true);
                ecsRollback = await FollowAsync(context, watcher, previous, ours: false, cancellationToken).ConfigureAwait(false);
                break;
            case CodeDeployJudgementKind.StoppedByUs:
                rollback = await FollowAsync(context, watcher, previous, ours: true, cancellationToken).ConfigureAwait(false);
                verdict = new Verdict(DeploymentOutcome.Failed, $"{watcher.OurRollback} {rollback.Reason}");
                break;
        }

        if (rollback is null && ecsRollback is null && error is null && watcher.Last?.Status is { } status && !CodeDeployWatcher.IsEnded(status) && context.RollbackWanted(verdict!.Outcome))
        {
            reporter.Report(new DeploymentFinished { Time = reporter.Now, Outcome = verdict.Outcome, Reason = verdict.Reason });
            var waitToken = verdict.Outcome == DeploymentOutcome.Cancelled ? CancellationToken.None : cancellationToken;
            rollback = await RollBackAsync(context, watcher, previous, $"the deployment {Outcome(verdict.Outcome)} and a rollback was asked for.", waitToken).ConfigureAwait(false);
        }
        else
        {
            reporter.Report(new DeploymentFinished { Time = reporter.Now, Outcome = verdict!.Outcome, Reason = verdict.Reason });
        }

        return new WatchOutcome
        {
            Verdict = verdict,
            EcsRollback = ecsRollback,
            Rollback = rollback,
            Error = error,
            DeploymentId = deploymentId,
            PausedHook = paused,
            ServiceTaskDefinitionArn = await ServiceRevisionAsync(context, cancellationToken).ConfigureAwait(false),
            CodeDeploy = watcher.Describe(originalKept),
        };
    }

    /// <summary>Our rollback on demand of deployment <paramref name="deploymentId"/>: StopDeployment with auto-rollback, waited for.</summary>
    internal static async Task<(RollbackResult Result, CodeDeployWatcher Watcher)> RollBackNowAsync(DeploymentContext context, CodeDeployPlan codeDeploy, string deploymentId, string target, string previous,
        CancellationToken cancellationToken)
    {
        var watcher = new CodeDeployWatcher(context, codeDeploy, deploymentId, target, readyAnswered: true);
        var result = await RollBackAsync(context, watcher, previous, "a rollback was asked for.", cancellationToken).ConfigureAwait(false);
        return (result, watcher);
    }

    /// <summary>
    /// The wait's budget: as given (<see cref="DeploymentTimeouts.ServiceDeployment"/>), or long enough for what the
    /// group and configuration make CodeDeploy wait: <see cref="StartAndHooks"/> twice, the canary interval or the
    /// linear steps (<c>codedeploy#TrafficRoutingConfig</c>), and the Ready wait (a smoke test's time, or the group's
    /// <c>waitTimeInMinutes</c>); and how it was made up.
    /// </summary>
    internal static (TimeSpan Budget, string Explained) Budget(DeploymentSettings settings, CodeDeployPlan codeDeploy)
    {
        if (settings.Timeouts.ServiceDeployment is { } given)
        {
            return (given, "as given");
        }

        var parts = new List<(TimeSpan Time, string What)> { (StartAndHooks, "the replacement task set") };
        var routing = codeDeploy.Config?.TrafficRoutingConfig;
        if (routing?.Type == TrafficRoutingType.TimeBasedCanary && routing.TimeBasedCanary?.CanaryInterval is { } canary)
        {
            parts.Add((TimeSpan.FromMinutes(canary), $"the canary interval of {canary} min"));
        }
        else if (routing?.Type == TrafficRoutingType.TimeBasedLinear && routing.TimeBasedLinear is { LinearInterval: { } interval, LinearPercentage: { } percent and > 0 })
        {
            var steps = (int)Math.Ceiling(100.0 / percent) - 1;
            parts.Add((TimeSpan.FromMinutes(steps * interval), $"{steps} linear step(s) of {interval} min"));
        }

        if (codeDeploy.WaitsAtReady)
        {
            if (settings.PauseAnswerer is not null)
            {
                parts.Add((settings.SmokeTestTimeout, $"a smoke test of up to {DeploymentEvent.Duration(settings.SmokeTestTimeout)}"));
            }
            else if (!settings.WaitUntilPaused && codeDeploy.Group.BlueGreenDeploymentConfiguration?.DeploymentReadyOption?.WaitTimeInMinutes is { } ready)
            {
                parts.Add((TimeSpan.FromMinutes(ready), $"the Ready wait of {ready} min"));
            }
        }

        parts.Add((StartAndHooks, "the hooks and the rest"));
        var total = parts.Aggregate(TimeSpan.Zero, (sum, part) => sum + part.Time);
        return (total, string.Join(" + ", parts.Where(p => p.Time > TimeSpan.Zero).Select(p => $"{DeploymentEvent.Duration(p.Time)} for {p.What}")));
    }

    /// <summary>Our rollback: StopDeployment with auto-rollback, then the rollback deployment waited for with the rollback budget.</summary>
    private static async Task<RollbackResult> RollBackAsync(DeploymentContext context, CodeDeployWatcher watcher, string previous, string why, CancellationToken cancellationToken)
    {
        var reporter = context.Reporter;
        var start = reporter.Now;
        reporter.Report(new RollbackStarted { Time = start, TaskDefinitionArn = previous });
        try
        {
            await watcher.RequestRollbackAsync(why).ConfigureAwait(false);
        }
        catch (AwsException exception)
        {
            var refused = Rollback(DeploymentOutcome.Failed, $"The rollback could not be made: CodeDeploy did not accept StopDeployment for {watcher.DeploymentId}: {exception.Message}", previous, null, start, reporter.Now);
            reporter.Report(new RollbackFinished { Time = reporter.Now, Result = refused });
            return refused;
        }

        return await FollowAsync(context, watcher, previous, ours: true, cancellationToken, start).ConfigureAwait(false);
    }

    /// <summary>Follows a rollback to its end within the rollback budget; a cancelled or failed wait says so.</summary>
    private static async Task<RollbackResult> FollowAsync(DeploymentContext context, CodeDeployWatcher watcher, string previous, bool ours, CancellationToken cancellationToken, DateTimeOffset? started = null)
    {
        var reporter = context.Reporter;
        var start = started ?? reporter.Now;
        RollbackResult result;
        try
        {
            var (outcome, reason, id) = await watcher.FollowRollbackAsync(context.Settings.Timeouts.Rollback, ours, cancellationToken).ConfigureAwait(false);
            result = Rollback(outcome, reason, previous, id, start, reporter.Now);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            result = Rollback(DeploymentOutcome.Cancelled, "The wait for CodeDeploy's rollback was cancelled before it finished.", previous, watcher.Last?.RollbackInfo?.RollbackDeploymentId, start, reporter.Now);
        }
        catch (AwsException exception)
        {
            result = Rollback(DeploymentOutcome.Failed, $"The rollback of {watcher.DeploymentId} could not be watched: {exception.Message}", previous, watcher.Last?.RollbackInfo?.RollbackDeploymentId, start, reporter.Now);
        }

        if (ours)
        {
            reporter.Report(new RollbackFinished { Time = reporter.Now, Result = result });
        }

        return result;
    }

    /// <summary>The revision the service runs at the end (its PRIMARY task set's, <c>ecs#Service.taskDefinition</c>), best effort.</summary>
    private static async Task<string?> ServiceRevisionAsync(DeploymentContext context, CancellationToken cancellationToken)
    {
        try
        {
            var services = await context.Calls.ReadAsync(token => context.Ecs.DescribeServicesAsync(new DescribeServicesRequest { Cluster = context.Settings.Cluster, Services = [context.Settings.Service] }, token),
                cancellationToken.IsCancellationRequested ? CancellationToken.None : cancellationToken).ConfigureAwait(false);
            return services.Services is [var service, ..] ? service.TaskDefinition : null;
        }
        catch (AwsException exception)
        {
            context.Reporter.Warn(context.Warnings, $"Which revision the service runs at the end could not be read: {exception.Message}");
            return null;
        }
    }

    private static RollbackResult Rollback(DeploymentOutcome outcome, string reason, string previous, string? deploymentId, DateTimeOffset start, DateTimeOffset end) => new()
    {
        Outcome = outcome,
        Reason = reason,
        TaskDefinitionArn = previous,
        DeploymentId = deploymentId,
        StartTime = start,
        EndTime = end,
    };

    private static string Where(CodeDeployWatcher watcher) =>
        $"{watcher.Last?.Status?.Value ?? "not seen yet"}" + (watcher.LastSucceeded is { } e ? $", last event succeeded {e.Value}" : string.Empty);

    private static string Failed(CodeDeployWatcher watcher) => watcher.FailedEvent is { } failed ? $"; {failed}" : string.Empty;

    private static string Outcome(DeploymentOutcome outcome) => outcome switch
    {
        DeploymentOutcome.TimedOut => "timed out",
        DeploymentOutcome.Cancelled => "was cancelled",
        _ => "failed",
    };

    private static string Short(string arn) => DeploymentEvent.Short(arn);
}
