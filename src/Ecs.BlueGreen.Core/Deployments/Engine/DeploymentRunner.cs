using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.TaskDefinitions;

namespace Ecs.BlueGreen.Deployments.Engine;

/// <summary>
/// One run of a deployment: validate and plan (reads only), register, update, watch our deployment, roll
/// back when asked, clean up old revisions after a success.
/// </summary>
internal sealed class DeploymentRunner
{
    private readonly DeploymentSettings _settings;
    private readonly IEcsClient _ecs;
    private readonly DeploymentReporter _reporter;

    public DeploymentRunner(DeploymentSettings settings, IEcsClient ecs)
    {
        _settings = settings;
        _ecs = ecs;
        _reporter = new DeploymentReporter(settings.Cluster, settings.Service, settings.Progress, settings.Logger, settings.TimeProvider);
    }

    public async Task<DeploymentResult> RunAsync(CancellationToken cancellationToken)
    {
        var start = _reporter.Now;
        var plan = await DeploymentPlanner.PlanAsync(_settings, _ecs, cancellationToken).ConfigureAwait(false);
        var result = plan.Final is { } final
            ? Result(start, final.Outcome, final.Reason, plan)
            : await DeployAsync(plan, start, cancellationToken).ConfigureAwait(false);
        if (plan.Final is not null)
        {
            _reporter.Report(new DeploymentFinished { Time = result.EndTime, Outcome = result.Outcome, Reason = result.Reason });
        }

        if (_settings.Validation == DeploymentResultValidation.Succeeded && !result.IsSuccess)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new DeploymentFailedException(result);
        }

        return result;
    }

    private async Task<DeploymentResult> DeployAsync(DeploymentPlan plan, DateTimeOffset start, CancellationToken cancellationToken)
    {
        var service = plan.Service;
        _reporter.Report(new DeploymentStarted { Time = _reporter.Now, PreviousTaskDefinitionArn = service.TaskDefinition!, Changes = plan.Changes });
        var knownStopped = await DeploymentWatcher.ListStoppedTasksAsync(_ecs, _settings.Cluster, _settings.Service, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        // Writes are never cut off half-way by cancellation: each is one bounded call.
        var target = plan.TargetTaskDefinitionArn ?? await RegisterAsync(plan.Revision!.NewRevision).ConfigureAwait(false);
        var updated = await UpdateAsync(plan, target, registered: plan.TargetTaskDefinitionArn is null).ConfigureAwait(false);
        var ours = updated.Deployments.First(d => d.Status == "PRIMARY");
        _reporter.Report(new ServiceUpdated { Time = _reporter.Now, TaskDefinitionArn = target, DeploymentId = ours.Id!, ServiceDeploymentArn = updated.CurrentServiceDeployment });

        var watcher = new DeploymentWatcher(_ecs, new WatchTarget
        {
            Cluster = _settings.Cluster,
            Service = _settings.Service,
            DeploymentId = ours.Id!,
            TaskDefinitionArn = target,
            ServiceDeploymentArn = updated.CurrentServiceDeployment,
            WaitForDrain = _settings.WaitForDrain,
            FailedTaskLimit = _settings.FailedTaskLimit,
        }, _reporter, _settings.Polling, service.Events.Select(e => e.Id!).Where(id => id is not null), knownStopped);

        Verdict verdict;
        var budget = _settings.Timeout - (_reporter.Now - start);
        try
        {
            verdict = await watcher.WatchAsync(budget > MinimumBudget ? budget : MinimumBudget, _settings.Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            verdict = new Verdict(DeploymentOutcome.Cancelled, $"The wait was cancelled after {DeploymentWatcher.Format(_reporter.Now - start)}; deployment {ours.Id} was still in progress.");
        }

        _reporter.Report(new DeploymentFinished { Time = _reporter.Now, Outcome = verdict.Outcome, Reason = verdict.Reason });
        RollbackResult? rollback = null;
        var events = watcher.Events.ToList();
        if (verdict.RollbackPossible && RollbackWanted(verdict.Outcome))
        {
            var waitToken = verdict.Outcome == DeploymentOutcome.Cancelled ? CancellationToken.None : cancellationToken;
            (rollback, var rollbackEvents) = await RollbackAsync(plan, watcher, knownStopped, waitToken).ConfigureAwait(false);
            events.AddRange(rollbackEvents);
        }

        var deregistered = new List<string>();
        var warnings = new List<string>();
        var stoppedTasks = watcher.StoppedTasks;
        var logReader = new FailureLogReader(_settings.LogsClient, _settings.FailureLogLines);
        if (verdict.Outcome is DeploymentOutcome.Failed or DeploymentOutcome.TimedOut && logReader.Enabled && stoppedTasks.Any(t => t.IsFailure))
        {
            // The planned revision already holds the containers' log settings; only a forced redeploy must read them.
            var containers = plan.Revision?.NewRevision.ContainerDefinitions
                ?? (await _ecs.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest { TaskDefinition = target }, CancellationToken.None).ConfigureAwait(false)).TaskDefinition?.ContainerDefinitions
                ?? [];
            stoppedTasks = await logReader.AddLogLinesAsync(stoppedTasks, containers, warnings, CancellationToken.None).ConfigureAwait(false);
        }

        if (verdict.Outcome == DeploymentOutcome.Succeeded && _settings.KeepRevisions is { } keep)
        {
            try
            {
                var inUse = await TaskDefinitionsInUseAsync(cancellationToken).ConfigureAwait(false);
                inUse.Add(service.TaskDefinition!);
                inUse.Add(target);
                await RevisionRetention.DeregisterOldRevisionsAsync(_ecs, target, keep, inUse, deregistered, warnings, _reporter, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The deployment succeeded; a cancelled clean-up must not turn that into a cancellation.
                warnings.Add("The clean-up of old revisions was cancelled; the deployment itself succeeded.");
            }
        }

        return Result(start, verdict.Outcome, verdict.Reason, plan) with
        {
            TaskDefinitionArn = target,
            Registered = plan.TargetTaskDefinitionArn is null,
            DeploymentId = ours.Id,
            ServiceDeploymentArn = updated.CurrentServiceDeployment,
            RolledBackByEcs = verdict.RolledBackByEcs,
            StoppedTasks = stoppedTasks.ToList(),
            Events = events,
            Rollback = rollback,
            DeregisteredTaskDefinitions = deregistered,
            Warnings = warnings,
        };
    }

    private static readonly TimeSpan MinimumBudget = TimeSpan.FromMilliseconds(10);

    private bool RollbackWanted(DeploymentOutcome outcome) => outcome switch
    {
        DeploymentOutcome.Failed => _settings.RollbackOnFailure,
        DeploymentOutcome.TimedOut => _settings.RollbackOnTimeout,
        DeploymentOutcome.Cancelled => _settings.RollbackOnCancellation,
        _ => false,
    };

    private DeploymentResult Result(DateTimeOffset start, DeploymentOutcome outcome, string reason, DeploymentPlan plan) => new()
    {
        Outcome = outcome,
        Reason = reason,
        Cluster = _settings.Cluster,
        Service = _settings.Service,
        PreviousTaskDefinitionArn = plan.Service.TaskDefinition,
        TaskDefinitionArn = outcome == DeploymentOutcome.Unchanged ? plan.Service.TaskDefinition : null,
        Changes = plan.Changes,
        StartTime = start,
        EndTime = _reporter.Now,
    };

    private async Task<string> RegisterAsync(RegisterTaskDefinitionRequest revision)
    {
        RegisterTaskDefinitionResponse response;
        try
        {
            response = await _ecs.RegisterTaskDefinitionAsync(revision, CancellationToken.None).ConfigureAwait(false);
        }
        catch (AwsWriteOutcomeUnknownException)
        {
            // At worst this leaves one unused duplicate revision; the deployment itself stays whole.
            response = await _ecs.RegisterTaskDefinitionAsync(revision, CancellationToken.None).ConfigureAwait(false);
        }

        var arn = response.TaskDefinition!.TaskDefinitionArn!;
        _reporter.Report(new TaskDefinitionRegistered { Time = _reporter.Now, TaskDefinitionArn = arn });
        return arn;
    }

    private async Task<Service> UpdateAsync(DeploymentPlan plan, string target, bool registered)
    {
        var request = plan.Update with { TaskDefinition = target };
        try
        {
            return (await _ecs.UpdateServiceAsync(request, CancellationToken.None).ConfigureAwait(false)).Service!;
        }
        catch (AwsWriteOutcomeUnknownException)
        {
            var service = await DescribeServiceAsync(CancellationToken.None).ConfigureAwait(false);
            var primary = service.Deployments.FirstOrDefault(d => d.Status == "PRIMARY");
            var before = plan.Service.Deployments.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
            var applied = primary?.TaskDefinition == target && (!before.Contains(primary.Id!) || !plan.StartsNewDeployment)
                && (request.DesiredCount is null || service.DesiredCount == request.DesiredCount);
            return applied ? service : (await _ecs.UpdateServiceAsync(request, CancellationToken.None).ConfigureAwait(false)).Service!;
        }
        catch (AwsServiceException exception) when (registered && (int)exception.StatusCode < 500 && !exception.IsThrottling)
        {
            // ECS refused the update: the revision registered for it would only be clutter.
            await _ecs.DeregisterTaskDefinitionAsync(new DeregisterTaskDefinitionRequest { TaskDefinition = target }, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<(RollbackResult Result, IReadOnlyList<ServiceEventRecord> Events)> RollbackAsync(DeploymentPlan plan, DeploymentWatcher failed, HashSet<string> knownStopped, CancellationToken cancellationToken)
    {
        var start = _reporter.Now;
        var previous = plan.Service;
        var request = new UpdateServiceRequest
        {
            Cluster = _settings.Cluster,
            Service = _settings.Service,
            TaskDefinition = previous.TaskDefinition,
            DesiredCount = previous.DesiredCount,
            DeploymentConfiguration = plan.Update.DeploymentConfiguration is null ? null : previous.DeploymentConfiguration,
        };
        _reporter.Report(new RollbackStarted { Time = start, TaskDefinitionArn = previous.TaskDefinition!, DesiredCount = previous.DesiredCount });
        var updated = (await _ecs.UpdateServiceAsync(request, CancellationToken.None).ConfigureAwait(false)).Service!;
        var primary = updated.Deployments.First(d => d.Status == "PRIMARY");
        var watcher = new DeploymentWatcher(_ecs, new WatchTarget
        {
            Cluster = _settings.Cluster,
            Service = _settings.Service,
            DeploymentId = primary.Id!,
            TaskDefinitionArn = previous.TaskDefinition!,
            ServiceDeploymentArn = updated.CurrentServiceDeployment,
            WaitForDrain = true,
            FailedTaskLimit = _settings.FailedTaskLimit,
        }, _reporter, _settings.Polling, failed.Events.Select(e => e.Id).Concat(previous.Events.Select(e => e.Id!)), knownStopped);
        Verdict verdict;
        try
        {
            verdict = await watcher.WatchAsync(_settings.Timeout, _settings.Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            verdict = new Verdict(DeploymentOutcome.Cancelled, $"The service was pointed back at {DeploymentEvent.Short(previous.TaskDefinition)}; the wait for it was cancelled.");
        }

        var result = new RollbackResult
        {
            Outcome = verdict.Outcome,
            Reason = verdict.Reason,
            TaskDefinitionArn = previous.TaskDefinition!,
            DesiredCount = previous.DesiredCount,
            DeploymentId = primary.Id,
            StartTime = start,
            EndTime = _reporter.Now,
        };
        _reporter.Report(new RollbackFinished { Time = result.EndTime, Result = result });
        return (result, watcher.Events);
    }

    /// <summary>
    /// Every revision that a deployment of any service in the cluster uses (a revision still in use is never
    /// deregistered). Services in other clusters and scheduled tasks cannot be seen from here.
    /// </summary>
    private async Task<HashSet<string>> TaskDefinitionsInUseAsync(CancellationToken cancellationToken)
    {
        var arns = await _ecs.ListAllServicesAsync(new ListServicesRequest { Cluster = _settings.Cluster, MaxResults = 100 }, cancellationToken)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var services = await _ecs.DescribeAllServicesAsync(_settings.Cluster, arns.Append(_settings.Service).Distinct(StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
        return services.Services
            .SelectMany(s => s.Deployments.Select(d => d.TaskDefinition).Append(s.TaskDefinition))
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
    }

    private async Task<Service> DescribeServiceAsync(CancellationToken cancellationToken)
    {
        var response = await _ecs.DescribeServicesAsync(new DescribeServicesRequest { Cluster = _settings.Cluster, Services = [_settings.Service] }, cancellationToken).ConfigureAwait(false);
        return response.Services is [var first, ..] ? first : throw new DeploymentValidationException([$"The service '{_settings.Service}' was not found in cluster '{_settings.Cluster}'."]);
    }
}
