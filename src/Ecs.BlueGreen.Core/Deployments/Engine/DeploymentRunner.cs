using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Runtime;
using Ecs.BlueGreen.TaskDefinitions;

namespace Ecs.BlueGreen.Deployments;

/// <summary>
/// One run of a deployment, orchestrated: plan (reads only, choosing the <see cref="IDeploymentStrategy"/>), register,
/// start through the strategy, watch our deployment, wait for ECS's own rollback or have the strategy make ours when
/// asked, read the evidence, clean up old revisions after a success. Once
/// anything is written, every path ends in a result that says what was written and where the service is: the
/// verdict comes from the deployment alone, and a failure to read evidence or to clean up is a warning.
/// </summary>
internal sealed class DeploymentRunner
{
    private readonly DeploymentSettings _settings;
    private readonly IEcsClient _ecs;
    private readonly EventReporter _reporter;
    private readonly PatientCalls _calls;
    private readonly ServiceWrites _writes;
    private readonly RevisionWrites _revisions;
    private readonly SharedRegistrations? _shared;
    private readonly Dictionary<string, IReadOnlyList<ContainerDefinition>> _containers = new(StringComparer.Ordinal);
    private readonly List<string> _warnings = [];

    /// <summary>A run of <paramref name="settings"/> with <paramref name="ecs"/>.</summary>
    /// <param name="settings">The deployment's settings.</param>
    /// <param name="ecs">The ECS client.</param>
    /// <param name="shared">In a deployment group, the registrations its members share; <see langword="null"/> for a deployment alone.</param>
    public DeploymentRunner(DeploymentSettings settings, IEcsClient ecs, SharedRegistrations? shared = null)
    {
        _settings = settings;
        _shared = shared;
        _ecs = ecs;
        _reporter = new EventReporter(settings.Cluster, settings.Service, settings.Progress, settings.Logger, settings.TimeProvider);
        _calls = new PatientCalls(settings.TimeProvider, _reporter.Report);
        _writes = new ServiceWrites(ecs, _calls);
        _revisions = new RevisionWrites(ecs, _calls);
    }

    public async Task<DeploymentResult> RunAsync(CancellationToken cancellationToken)
    {
        var start = _reporter.Now;
        var plan = await PlanAsync(cancellationToken).ConfigureAwait(false);
        return await RunAsync(plan, start, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The time on this run's clock.</summary>
    public DateTimeOffset Now => _reporter.Now;

    /// <summary>Reads and validates only: nothing is written (a deployment group plans every member before any writes).</summary>
    /// <exception cref="DeploymentValidationException">The deployment is not valid.</exception>
    public Task<DeploymentPlan> PlanAsync(CancellationToken cancellationToken) =>
        DeploymentPlanner.PlanAsync(_settings, _ecs, _calls, warning => _reporter.Warn(_warnings, warning), cancellationToken);

    /// <summary>Carries out <paramref name="plan"/>, made by <see cref="PlanAsync"/> at <paramref name="start"/>.</summary>
    public async Task<DeploymentResult> RunAsync(DeploymentPlan plan, DateTimeOffset start, CancellationToken cancellationToken)
    {
        DeploymentResult result;
        if (plan.Final is { } final)
        {
            result = Result(start, plan, final.Outcome, final.Reason) with { ServiceTaskDefinitionArn = plan.Service.TaskDefinition, Warnings = _warnings.ToList() };
            _reporter.Report(new DeploymentFinished { Time = result.EndTime, Outcome = result.Outcome, Reason = result.Reason });
        }
        else if (plan.Rollback?.InFlight is not null)
        {
            _reporter.Report(new RollbackTargetChosen { Time = _reporter.Now, Target = plan.Rollback.Target });
            result = await RollBackInFlightAsync(plan, start, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            if (plan.Rollback is { } rollback)
            {
                _reporter.Report(new RollbackTargetChosen { Time = _reporter.Now, Target = rollback.Target });
            }

            result = await DeployAsync(plan, start, cancellationToken).ConfigureAwait(false);
        }

        if (_settings.Validation == DeploymentResultValidation.Succeeded && !result.IsSuccess)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw new DeploymentCanceledException(result, cancellationToken);
            }

            throw new DeploymentFailedException(result);
        }

        return result;
    }

    private async Task<DeploymentResult> DeployAsync(DeploymentPlan plan, DateTimeOffset start, CancellationToken cancellationToken)
    {
        var service = plan.Service;
        var context = new DeploymentContext
        {
            Settings = _settings,
            Strategy = plan.Strategy,
            Ecs = _ecs,
            Calls = _calls,
            Writes = _writes,
            Reporter = _reporter,
            Warnings = _warnings,
            Containers = (arn, token) => ContainersAsync(arn, plan, token),
        };
        _reporter.Report(new DeploymentStarted { Time = _reporter.Now, PreviousTaskDefinitionArn = service.TaskDefinition!, Changes = plan.Changes });
        var knownStopped = await DeploymentWatcher.ListStoppedTasksAsync(_ecs, _settings.Cluster, _settings.Service, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        // 1. The revision. Until it is registered nothing is written, so cancellation or a refusal simply ends the run.
        var registered = plan.TargetTaskDefinitionArn is null;
        string target;
        if (registered)
        {
            try
            {
                if (_shared is null)
                {
                    target = await RegisterAsync(plan, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    // In a group, members that would register the same revision of the same family share one registration.
                    (target, registered) = await _shared.RegisterOnceAsync(plan.Revision!.Current.TaskDefinitionArn, plan.Revision.NewRevision, token => RegisterAsync(plan, token), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (AwsException exception)
            {
                var unknown = exception is AwsWriteOutcomeUnknownException
                    ? $" Whether a revision of {plan.Revision!.NewRevision.Family} was registered is not known; the service was not changed."
                    : " No revision was registered and the service was not changed.";
                return Interrupted(start, plan, exception, $"RegisterTaskDefinition failed: {exception.Message}{unknown}") with { Registered = false };
            }

            if (registered)
            {
                _reporter.Report(new TaskDefinitionRegistered { Time = _reporter.Now, TaskDefinitionArn = target });
            }

            _containers[target] = plan.Revision!.NewRevision.ContainerDefinitions;
        }
        else
        {
            target = plan.TargetTaskDefinitionArn!;
        }

        var result = Result(start, plan, DeploymentOutcome.Failed, string.Empty) with { TaskDefinitionArn = target, Registered = registered, ServiceTaskDefinitionArn = service.TaskDefinition };

        // 2. The update. Cancelled before it is sent, nothing is deployed and our unused revision goes.
        if (cancellationToken.IsCancellationRequested)
        {
            return await NotDeployedAsync(result, registered, DeploymentOutcome.Cancelled,
                $"Cancelled after registering {Short(target)} and before updating the service: nothing was deployed.", null).ConfigureAwait(false);
        }

        // 3. The start: the strategy sends the update and binds to the deployment it created.
        StartedDeployment started;
        try
        {
            started = await plan.Strategy.StartAsync(context, plan, target, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return await NotDeployedAsync(result, registered, DeploymentOutcome.Cancelled,
                $"Cancelled before the service was updated to {Short(target)}: nothing was deployed.", null).ConfigureAwait(false);
        }
        catch (AwsWriteOutcomeUnknownException exception)
        {
            // It may have been applied: the revision stays, and the result says the state is not known.
            return Interrupted(start, plan, exception,
                $"{plan.Strategy.StartOperation} failed and whether it took effect is not known: {exception.Message} The service runs {Short(service.TaskDefinition)} or {Short(target)}; check it before running again.")
                with
            { TaskDefinitionArn = target, Registered = registered, ServiceTaskDefinitionArn = null };
        }
        catch (AwsException exception)
        {
            // Refused, or failed every try without taking effect (ECS was checked): nothing was deployed.
            return await NotDeployedAsync(result, registered, DeploymentOutcome.Interrupted, $"{plan.Strategy.StartOperation} failed: {exception.Message}", exception).ConfigureAwait(false);
        }

        var updated = started.Service;
        if (started.Superseded is { } superseded)
        {
            var primary = updated.Deployments.FirstOrDefault(d => d.IsPrimary());
            _reporter.Report(new DeploymentFinished { Time = _reporter.Now, Outcome = DeploymentOutcome.Failed, Reason = superseded });
            return result with { Outcome = DeploymentOutcome.Failed, Reason = superseded, ServiceTaskDefinitionArn = primary?.TaskDefinition, Warnings = _warnings.ToList(), EndTime = _reporter.Now };
        }

        _reporter.DeploymentId = started.DeploymentId;
        if (plan.CodeDeploy is null)
        {
            // A deployment through CodeDeploy leaves the service as it is; its strategy reported the deployment it created.
            _reporter.Report(new ServiceUpdated { Time = _reporter.Now, TaskDefinitionArn = target, DeploymentId = started.DeploymentId ?? "(ended already)", ServiceDeploymentArn = updated.CurrentServiceDeployment });
        }

        result = result with { DeploymentId = started.DeploymentId, ServiceDeploymentArn = updated.CurrentServiceDeployment, ServiceTaskDefinitionArn = target };

        // 4. The wait and, when there is one, the rollback (ECS's, or ours when asked): the strategy's.
        var watched = await plan.Strategy.WatchAsync(context, plan, started, target, knownStopped, cancellationToken).ConfigureAwait(false);
        var verdict = watched.Verdict;
        result = result with
        {
            Outcome = verdict.Outcome,
            Reason = verdict.Reason,
            RolledBackByEcs = verdict.RolledBackByEcs,
            TimedOutPhase = verdict.TimedOutPhase,
            Error = watched.Error ?? result.Error,
            EcsRollback = watched.EcsRollback,
            Rollback = watched.Rollback,
            LifecycleStage = watched.LifecycleStage,
            PausedHook = watched.PausedHook,
            CodeDeploy = watched.CodeDeploy,
        };

        // 5. Evidence and clean-up: best effort, never the verdict.
        var stoppedTasks = await AddFailureLogsAsync(watched.StoppedTasks, verdict.Outcome, target, plan).ConfigureAwait(false);
        var runningImages = verdict.Outcome == DeploymentOutcome.Succeeded ? WarnOfMixedDigests(watched.RunningImages ?? await RunningImagesAsync(target).ConfigureAwait(false), target) : [];
        var deregistered = new List<string>();
        if (verdict.Outcome == DeploymentOutcome.Succeeded && _settings.KeepRevisions is { } keep && _settings.RollBack is null)
        {
            try
            {
                await RevisionRetention.DeregisterOldRevisionsAsync(_ecs, _calls, target, keep, [service.TaskDefinition, target], deregistered, _warnings, _reporter, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The deployment succeeded; a cancelled clean-up must not turn that into a cancellation.
                _reporter.Warn(_warnings, "The clean-up of old revisions was cancelled; the deployment itself succeeded.");
            }
        }

        return result with
        {
            DeploymentId = result.DeploymentId ?? watched.DeploymentId,
            ServiceTaskDefinitionArn = watched.ServiceTaskDefinitionArn ?? result.ServiceTaskDefinitionArn,
            StoppedTasks = stoppedTasks,
            Events = watched.Events,
            DeregisteredTaskDefinitions = deregistered,
            RunningImages = runningImages,
            Warnings = _warnings.ToList(),
            EndTime = _reporter.Now,
        };
    }

    private async Task<string> RegisterAsync(DeploymentPlan plan, CancellationToken cancellationToken) =>
        (await _revisions.RegisterAsync(plan.Revision!.NewRevision, plan.NewestRevisionBefore, cancellationToken).ConfigureAwait(false)).TaskDefinitionArn!;

    /// <summary>The context of a strategy's work outside <see cref="DeployAsync"/>: the same clients, patience, reporting and warnings.</summary>
    private DeploymentContext Context(DeploymentPlan plan) => new()
    {
        Settings = _settings,
        Strategy = plan.Strategy,
        Ecs = _ecs,
        Calls = _calls,
        Writes = _writes,
        Reporter = _reporter,
        Warnings = _warnings,
        Containers = (arn, token) => ContainersAsync(arn, plan, token),
    };

    /// <summary>
    /// A rollback on demand of a native deployment in progress: ECS is asked to roll it back (StopServiceDeployment
    /// ROLLBACK, or ROLLBACK at a PAUSE hook awaiting action) and the rollback is waited for with the rollback budget.
    /// </summary>
    private async Task<DeploymentResult> RollBackInFlightAsync(DeploymentPlan plan, DateTimeOffset start, CancellationToken cancellationToken)
    {
        var rollback = plan.Rollback!;
        var arn = rollback.InFlight!.ServiceDeploymentArn!;
        var (result, watcher) = await NativeStrategy.RollBackNowAsync(Context(plan), plan.Strategy.Name, plan.Service with { TaskDefinition = rollback.TaskDefinitionArn }, arn,
            rollback.InFlightTaskDefinitionArn!, cancellationToken).ConfigureAwait(false);
        return Result(start, plan, result.Outcome, result.Reason) with
        {
            PreviousTaskDefinitionArn = rollback.InFlightTaskDefinitionArn,
            TaskDefinitionArn = rollback.TaskDefinitionArn,
            ServiceDeploymentArn = arn,
            Rollback = result,
            Events = watcher.Events,
            ServiceTaskDefinitionArn = watcher.LastService?.TaskDefinition,
            LifecycleStage = watcher.LastDeployment?.LifecycleStage is { Length: > 0 } stage ? new DeploymentStage(stage) : null,
            Warnings = _warnings.ToList(),
            EndTime = _reporter.Now,
        };
    }

    /// <summary>
    /// The digests the running tasks of <paramref name="target"/> report (<c>ecs#Container.imageDigest</c>), when the
    /// wait did not already read them all: one ListTasks and DescribeTasks pass after the success. A failure to read
    /// is a warning.
    /// </summary>
    private async Task<IReadOnlyList<RunningImage>> RunningImagesAsync(string target)
    {
        try
        {
            var arns = await _ecs.ListAllTasksAsync(new ListTasksRequest { Cluster = _settings.Cluster, ServiceName = _settings.Service, DesiredStatus = DesiredStatus.Running }, CancellationToken.None)
                .ToListAsync(CancellationToken.None).ConfigureAwait(false);
            var tasks = arns.Count == 0 ? [] : (await _ecs.DescribeAllTasksAsync(_settings.Cluster, arns, CancellationToken.None).ConfigureAwait(false)).Tasks;
            return [.. tasks
                .Where(t => t.TaskArn is not null && t.TaskDefinitionArn == target && t.LastStatus == "RUNNING")
                .OrderBy(t => t.TaskArn, StringComparer.Ordinal)
                .SelectMany(RunningImage.Of)];
        }
        catch (AwsException exception)
        {
            _reporter.Warn(_warnings, $"The image digests of the running tasks could not be read: {exception.Message}");
            return [];
        }
    }

    /// <summary>Different digests for one image of <paramref name="target"/> (a tag that moved during the deployment) are a warning.</summary>
    private IReadOnlyList<RunningImage> WarnOfMixedDigests(IReadOnlyList<RunningImage> images, string target)
    {
        foreach (var image in images.GroupBy(i => (i.ContainerName, i.Image)))
        {
            var digests = image.Select(i => i.ImageDigest).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            if (digests.Count > 1)
            {
                var counts = digests.Select(d => $"{d} ({image.Count(i => i.ImageDigest == d)} task(s))");
                _reporter.Warn(_warnings, $"The tasks of {Short(target)} run different images for {image.Key.Image} (container {image.Key.ContainerName}): {string.Join(", ", counts)}; the tag moved during the deployment.");
            }
        }

        return images;
    }

    /// <summary>
    /// The update was not made (cancelled, refused, or every try failed and ECS shows none took effect): our revision,
    /// registered for it and used by nothing, is deregistered, and the result says so.
    /// </summary>
    private async Task<DeploymentResult> NotDeployedAsync(DeploymentResult result, bool registered, DeploymentOutcome outcome, string reason, AwsException? error)
    {
        var deregistered = new List<string>();
        var sharedArn = registered ? result.TaskDefinitionArn : null;
        if (sharedArn is not null && _shared?.TryForget(sharedArn) == false)
        {
            reason += $" {Short(sharedArn)}, registered for it, stays: another deployment of the group uses it.";
        }
        else if (registered && result.TaskDefinitionArn is { } arn)
        {
            try
            {
                await _revisions.DeregisterAsync(arn, CancellationToken.None).ConfigureAwait(false);
                deregistered.Add(arn);
                _reporter.Report(new TaskDefinitionDeregistered { Time = _reporter.Now, TaskDefinitionArn = arn });
                reason += $" {Short(arn)}, registered for it, was deregistered.";
            }
            catch (AwsException exception)
            {
                _reporter.Warn(_warnings, $"{Short(arn)} was registered for this deployment and is used by nothing, but could not be deregistered: {exception.Message}");
                reason += $" {Short(arn)}, registered for it, is unused.";
            }
        }

        _reporter.Report(new DeploymentFinished { Time = _reporter.Now, Outcome = outcome, Reason = reason });
        return result with
        {
            Outcome = outcome,
            Reason = reason,
            Error = error,
            ServiceTaskDefinitionArn = result.PreviousTaskDefinitionArn,
            DeregisteredTaskDefinitions = deregistered,
            Warnings = _warnings.ToList(),
            EndTime = _reporter.Now,
        };
    }

    private DeploymentResult Interrupted(DateTimeOffset start, DeploymentPlan plan, AwsException exception, string reason)
    {
        _reporter.Report(new DeploymentFinished { Time = _reporter.Now, Outcome = DeploymentOutcome.Interrupted, Reason = reason });
        return Result(start, plan, DeploymentOutcome.Interrupted, reason) with { Error = exception, ServiceTaskDefinitionArn = plan.Service.TaskDefinition, Warnings = _warnings.ToList() };
    }

    private DeploymentResult Result(DateTimeOffset start, DeploymentPlan plan, DeploymentOutcome outcome, string reason) => new()
    {
        Outcome = outcome,
        Reason = reason,
        Cluster = _settings.Cluster,
        Service = _settings.Service,
        PreviousTaskDefinitionArn = plan.Service.TaskDefinition,
        TaskDefinitionArn = outcome == DeploymentOutcome.Unchanged ? plan.Service.TaskDefinition : null,
        Changes = plan.Changes,
        PlannedCalls = plan.PlannedCalls,
        RollbackTarget = plan.Rollback?.Target,
        StartTime = start,
        EndTime = _reporter.Now,
    };

    /// <summary>The last log lines of the failed containers, for a failure or a timeout; a failure to read them is a warning.</summary>
    private async Task<IReadOnlyList<StoppedTask>> AddFailureLogsAsync(IReadOnlyList<StoppedTask> stoppedTasks, DeploymentOutcome outcome, string target, DeploymentPlan plan)
    {
        var logReader = new FailureLogReader(new ContainerLogReader(_settings.Operation));
        if (outcome is not (DeploymentOutcome.Failed or DeploymentOutcome.TimedOut) || !logReader.Enabled || !stoppedTasks.Any(t => t.IsFailure))
        {
            return stoppedTasks;
        }

        try
        {
            var containers = await ContainersAsync(target, plan, CancellationToken.None).ConfigureAwait(false);
            return await logReader.AddLogLinesAsync(stoppedTasks, containers, _warnings, CancellationToken.None).ConfigureAwait(false);
        }
        catch (AwsException exception)
        {
            _reporter.Warn(_warnings, $"The failed containers' log settings could not be read: {exception.Message}");
            return stoppedTasks;
        }
    }

    /// <summary>The containers of a revision: the one registered, or the plan's base when it is that one, otherwise described once (patiently).</summary>
    private async Task<IReadOnlyList<ContainerDefinition>> ContainersAsync(string taskDefinitionArn, DeploymentPlan plan, CancellationToken cancellationToken)
    {
        if (_containers.TryGetValue(taskDefinitionArn, out var known))
        {
            return known;
        }

        var containers = plan.Revision?.Current.TaskDefinitionArn == taskDefinitionArn ? plan.Revision.Current.ContainerDefinitions
            : (await _calls.ReadAsync(token => _ecs.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest { TaskDefinition = taskDefinitionArn }, token), cancellationToken).ConfigureAwait(false))
                .TaskDefinition?.ContainerDefinitions ?? [];
        _containers[taskDefinitionArn] = containers;
        return containers;
    }

    private static string Short(string? arn) => DeploymentEvent.Short(arn);

    private static string Format(TimeSpan span) => DeploymentEvent.Duration(span);
}
