using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.Deployments;

/// <summary>
/// ECS's rolling update (<c>ecs#DeploymentConfiguration.strategy</c> ROLLING, the default of the ECS controller,
/// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html): UpdateService starts a new
/// PRIMARY deployment that replaces the old tasks within the minimum and maximum percent; it never pauses.
/// </summary>
internal sealed class RollingStrategy : IDeploymentStrategy
{
    public static RollingStrategy Instance { get; } = new();

    private RollingStrategy()
    {
    }

    public string Name => DeploymentStrategy.Rolling.Value;

    /// <summary>
    /// Binds to our deployment: the PRIMARY one on our revision, never "the newest". When a lost answer was checked,
    /// ours may already have failed (no longer PRIMARY) or left the list (then it is judged by its service deployment).
    /// </summary>
    public async Task<StartedDeployment> StartAsync(DeploymentContext context, DeploymentPlan plan, string target, CancellationToken cancellationToken)
    {
        var service = plan.Service;
        var (updated, fromCheck) = await context.Writes.UpdateServiceAsync(plan.Update with { TaskDefinition = target }, service, plan.StartsNewDeployment, cancellationToken).ConfigureAwait(false);
        var before = service.Deployments.Select(d => d.Id).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var ours = updated.Deployments.FirstOrDefault(d => d.IsPrimary() && d.TaskDefinition == target)
            ?? (fromCheck ? updated.Deployments.FirstOrDefault(d => d.TaskDefinition == target && !before.Contains(d.Id ?? string.Empty)) : null);
        var ended = fromCheck && ours is null && plan.StartsNewDeployment && updated.CurrentServiceDeployment != service.CurrentServiceDeployment;
        if (ours?.Id is null && !ended)
        {
            var primary = updated.Deployments.FirstOrDefault(d => d.IsPrimary());
            return new StartedDeployment(updated, null,
                $"After the update the service's PRIMARY deployment {primary?.Id ?? "(none)"} runs {Short(primary?.TaskDefinition)}, not {Short(target)}: someone else changed the service at the same time, so this run does not watch or roll back.");
        }

        return new StartedDeployment(updated, ours?.Id);
    }

    /// <summary>
    /// Watches our deployment phase by phase (new tasks, then old tasks draining), then waits for ECS's own rollback
    /// when its circuit breaker or alarms fired, or makes ours when the settings ask.
    /// </summary>
    public async Task<WatchOutcome> WatchAsync(DeploymentContext context, DeploymentPlan plan, StartedDeployment started, string target, HashSet<string> knownStoppedTasks, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var reporter = context.Reporter;
        var service = plan.Service;
        var start = reporter.Now;
        var watcher = Watcher(context, new WatchTarget
        {
            Cluster = settings.Cluster,
            Service = settings.Service,
            DeploymentId = started.DeploymentId,
            TaskDefinitionArn = target,
            Containers = token => context.Containers(target, token),
            PreviousTaskDefinitionArn = service.TaskDefinition,
            ServiceDeploymentArn = started.Service.CurrentServiceDeployment,
            WaitForDrain = settings.WaitForDrain,
            FailedTaskLimit = settings.FailedTaskLimit,
        }, service.Events.Select(e => e.Id).OfType<string>(), knownStoppedTasks);
        Verdict verdict;
        AwsException? error = null;
        try
        {
            verdict = await watcher.WatchAsync(new WatchBudgets(settings.Timeouts.NewTasks, settings.Timeouts.OldTasks), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            verdict = new Verdict(DeploymentOutcome.Cancelled, $"The wait was cancelled after {DeploymentEvent.Duration(reporter.Now - start)}; deployment {watcher.DeploymentName} was still in progress.");
        }
        catch (AwsException exception)
        {
            // A check that cannot be made at all (access denied): what happened so far is the result.
            verdict = new Verdict(DeploymentOutcome.Interrupted, $"The deployment could not be watched: {exception.Message}");
            error = exception;
        }

        reporter.Report(new DeploymentFinished { Time = reporter.Now, Outcome = verdict.Outcome, Reason = verdict.Reason });
        var events = watcher.Events.ToList();
        var last = watcher;
        RollbackResult? ecsRollback = null;
        RollbackResult? rollback = null;
        if (verdict.RolledBackByEcs)
        {
            ecsRollback = await watcher.WaitForEcsRollbackAsync(settings.Timeouts.Rollback, cancellationToken).ConfigureAwait(false);
            events = watcher.Events.ToList();
        }
        else if (verdict.RollbackPossible && context.RollbackWanted(verdict.Outcome))
        {
            // The rollback of a cancelled run is not itself cancelled (only bounded); that of a failure stops waiting on Ctrl+C.
            var waitToken = verdict.Outcome == DeploymentOutcome.Cancelled ? CancellationToken.None : cancellationToken;
            (rollback, var rollbackWatcher) = await RollBackAsync(context, plan, watcher, target, knownStoppedTasks, waitToken).ConfigureAwait(false);
            if (rollbackWatcher is not null)
            {
                events.AddRange(rollbackWatcher.Events);
                last = rollbackWatcher;
            }
        }

        return new WatchOutcome
        {
            Verdict = verdict,
            EcsRollback = ecsRollback,
            Rollback = rollback,
            Events = events,
            StoppedTasks = watcher.StoppedTasks,
            RunningImages = verdict.Outcome == DeploymentOutcome.Succeeded ? watcher.RunningImages : null,
            ServiceTaskDefinitionArn = last.LastService?.Deployments.FirstOrDefault(d => d.IsPrimary())?.TaskDefinition,
            DeploymentId = watcher.DeploymentName == "(ours)" ? null : watcher.DeploymentName,
            Error = error,
        };
    }

    /// <summary>A wait for one deployment, judged by <see cref="RollingJudge"/> and reporting through this run.</summary>
    private static DeploymentWatcher Watcher(DeploymentContext context, WatchTarget target, IEnumerable<string> seenEvents, HashSet<string> knownStoppedTasks) =>
        new(context.Ecs, context.Calls, target, context.Reporter, context.Settings.Polling, seenEvents, knownStoppedTasks, context.Warnings, RollingJudge.Instance);

    /// <summary>
    /// Points the service back at the revision, desired count and (when changed) deployment configuration it had, sent
    /// exactly once and with the same patience as every other write, then waits for it with a fresh budget.
    /// </summary>
    private static async Task<RollbackAttempt> RollBackAsync(DeploymentContext context, DeploymentPlan plan, DeploymentWatcher failed, string target, HashSet<string> knownStoppedTasks, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var reporter = context.Reporter;
        var start = reporter.Now;
        var previous = plan.Service;
        var request = new UpdateServiceRequest
        {
            Cluster = settings.Cluster,
            Service = settings.Service,
            TaskDefinition = previous.TaskDefinition,
            DesiredCount = previous.DesiredCount,
            DeploymentConfiguration = plan.Update.DeploymentConfiguration is null ? null : previous.DeploymentConfiguration,
        };
        reporter.Report(new RollbackStarted { Time = start, TaskDefinitionArn = previous.TaskDefinition!, DesiredCount = previous.DesiredCount });
        Service updated;
        try
        {
            updated = (await context.Writes.UpdateServiceAsync(request, failed.LastService ?? previous, startsDeployment: previous.TaskDefinition != target, CancellationToken.None).ConfigureAwait(false)).Service;
        }
        catch (AwsException exception)
        {
            var now = await ServiceNowAsync(context).ConfigureAwait(false);
            var known = exception is AwsWriteOutcomeUnknownException ? "whether it took effect is not known" : "it did not take effect";
            return new RollbackAttempt(Finish(new RollbackResult
            {
                Outcome = DeploymentOutcome.Failed,
                Reason = $"The rollback to {Short(previous.TaskDefinition)} could not be made ({known}): {exception.Message} {now}",
                TaskDefinitionArn = previous.TaskDefinition!,
                DesiredCount = previous.DesiredCount,
                StartTime = start,
                EndTime = reporter.Now,
            }), null);
        }

        var primary = updated.Deployments.FirstOrDefault(d => d.IsPrimary() && d.TaskDefinition == previous.TaskDefinition)
            ?? updated.Deployments.First(d => d.IsPrimary());
        reporter.DeploymentId = primary.Id;
        var watcher = Watcher(context, new WatchTarget
        {
            Cluster = settings.Cluster,
            Service = settings.Service,
            DeploymentId = primary.Id!,
            TaskDefinitionArn = previous.TaskDefinition!,
            Containers = token => context.Containers(previous.TaskDefinition!, token),
            ServiceDeploymentArn = updated.CurrentServiceDeployment,
            WaitForDrain = true,
            FailedTaskLimit = settings.FailedTaskLimit,
            IsRollback = true,
        }, failed.Events.Select(e => e.Id).Concat(previous.Events.Select(e => e.Id).OfType<string>()), knownStoppedTasks);
        Verdict verdict;
        try
        {
            verdict = await watcher.WatchAsync(new WatchBudgets(settings.Timeouts.Rollback, settings.Timeouts.Rollback), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var counts = watcher.LastService?.Deployments.FirstOrDefault(d => d.Id == primary.Id) is { } d ? $" It ran {d.RunningCount ?? 0}/{d.DesiredCount ?? 0} task(s) of {Short(previous.TaskDefinition)} when the wait stopped." : string.Empty;
            verdict = new Verdict(DeploymentOutcome.Cancelled, $"The service was pointed back at {Short(previous.TaskDefinition)} (deployment {primary.Id}); the wait for it was cancelled before it finished.{counts}");
        }
        catch (AwsException exception)
        {
            verdict = new Verdict(DeploymentOutcome.Failed, $"The service was pointed back at {Short(previous.TaskDefinition)} (deployment {primary.Id}), but the rollback could not be watched: {exception.Message}");
        }

        return new RollbackAttempt(Finish(new RollbackResult
        {
            Outcome = verdict.Outcome,
            Reason = verdict.Reason,
            TaskDefinitionArn = previous.TaskDefinition!,
            DesiredCount = previous.DesiredCount,
            DeploymentId = primary.Id,
            StartTime = start,
            EndTime = reporter.Now,
        }), watcher);

        RollbackResult Finish(RollbackResult result)
        {
            reporter.Report(new RollbackFinished { Time = result.EndTime, Result = result });
            return result;
        }
    }

    /// <summary>After a rollback could not be made: one sentence on what the service runs now, read with patience.</summary>
    private static async Task<string> ServiceNowAsync(DeploymentContext context)
    {
        try
        {
            var service = await context.Calls.ReadAsync(token => context.Writes.DescribeServiceAsync(context.Settings.Cluster, context.Settings.Service, token), CancellationToken.None).ConfigureAwait(false);
            var primary = service?.Deployments.FirstOrDefault(d => d.IsPrimary());
            return primary is null ? "The service could not be found." : $"The service runs {Short(primary.TaskDefinition)} ({primary.RunningCount ?? 0}/{primary.DesiredCount ?? 0} task(s) running).";
        }
        catch (AwsException exception)
        {
            return $"What the service runs now could not be read either: {exception.Message}";
        }
    }

    private static string Short(string? arn) => DeploymentEvent.Short(arn);
}
