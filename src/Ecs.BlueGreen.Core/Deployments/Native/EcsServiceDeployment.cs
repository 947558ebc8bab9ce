using System.Diagnostics.Contracts;
using Ecs.BlueGreen.CodeDeploy;
using Ecs.BlueGreen.CodeDeploy.Model;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Runtime;
using CodeDeployStatus = Ecs.BlueGreen.CodeDeploy.Model.DeploymentStatus;

namespace Ecs.BlueGreen.Deployments;

/// <summary>
/// Acts on the native deployment (BLUE_GREEN, LINEAR or CANARY) a service runs now, for approval gates between
/// pipeline steps: <see cref="ContinueAsync"/> answers its PAUSE hook with CONTINUE and waits as a deployment does;
/// <see cref="RollBackAsync"/> has ECS roll it back and waits for ROLLBACK_SUCCESSFUL.
/// <code>
/// var result = await EcsServiceDeployment.For("prod", "web").ContinueAsync(cancellationToken);
/// </code>
/// </summary>
public sealed class EcsServiceDeployment : EcsCommandBase<EcsServiceDeployment>
{
    private readonly DeploymentSettings _settings;

    private EcsServiceDeployment(DeploymentSettings settings) => _settings = settings;

    /// <summary>Starts configuring an action on the current deployment of <paramref name="service"/> in <paramref name="cluster"/>.</summary>
    [Pure]
    public static EcsServiceDeployment For(string cluster, string service)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cluster);
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        return new EcsServiceDeployment(new DeploymentSettings { Cluster = cluster, Service = service });
    }

    /// <summary>Creates a copy whose wait (for the deployment after continuing, or for the rollback) takes at most <paramref name="timeout"/>.</summary>
    /// <value>By default, as long as the service's configuration needs (see <see cref="DeploymentTimeouts.ServiceDeployment"/>); 10 minutes for a rollback.</value>
    [Pure]
    public EcsServiceDeployment WithTimeout(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(timeout, Defaults.MaxTimeout);
        return With(s => s with { Timeouts = DeploymentTimeouts.Each(timeout) });
    }

    /// <summary>Creates a copy that, after continuing, succeeds once the deployment reaches <paramref name="stage"/>.</summary>
    [Pure]
    public EcsServiceDeployment WaitUntil(DeploymentStage stage)
    {
        if (!stage.IsKnown)
        {
            throw new ArgumentException($"'{stage.Value}' is not a lifecycle stage ECS reports.", nameof(stage));
        }

        return With(s => s with { WaitUntil = stage });
    }

    /// <summary>Creates a copy that, after continuing, ends with <see cref="DeploymentOutcome.Paused"/> at the next PAUSE hook.</summary>
    [Pure]
    public EcsServiceDeployment WaitUntilPaused() => With(s => s with { WaitUntilPaused = true });

    /// <summary>Creates a copy that rolls back (StopServiceDeployment) when the wait after continuing fails, times out or is cancelled.</summary>
    [Pure]
    public EcsServiceDeployment RollbackOnFailure() => With(s => s with { RollbackOnFailure = true, RollbackOnTimeout = true, RollbackOnCancellation = true });

    /// <summary>Creates a copy with polling settings.</summary>
    [Pure]
    public EcsServiceDeployment WithPolling(DeploymentPollingOptions polling)
    {
        ArgumentNullException.ThrowIfNull(polling);
        return With(s => s with { Polling = polling });
    }

    /// <summary>
    /// Answers the PAUSE hook that the service's current deployment awaits action on with CONTINUE, then waits for the
    /// deployment as <see cref="EcsDeployment.RunAsync"/> does.
    /// </summary>
    /// <exception cref="DeploymentValidationException">Nothing was changed: the service has no native deployment in progress, or it is not paused.</exception>
    public async Task<DeploymentResult> ContinueAsync(CancellationToken cancellationToken = default)
    {
        using var clients = _settings.Operation.Clients(wantLogs: false);
        var (context, service) = await ReadServiceAsync(clients.Ecs, cancellationToken).ConfigureAwait(false);
        if (IsCodeDeploy(service))
        {
            return await ContinueCodeDeployAsync(context with { Settings = CodeDeploySettings(clients) }, service, cancellationToken).ConfigureAwait(false);
        }

        var run = await StartAsync(context, service, cancellationToken).ConfigureAwait(false);
        var hook = run.Deployment.LifecycleHookDetails?.FirstOrDefault(h => h.TargetType == NativeJudge.Paused && h.Status == NativeJudge.AwaitingAction && h.HookId is not null)
            ?? throw new DeploymentValidationException([$"Nothing to continue: {run.Name} is {run.Deployment.Status?.Value} in {run.Deployment.LifecycleStage ?? "no stage"} and no PAUSE hook awaits action."]);
        await new ServiceDeploymentWrites(clients.Ecs, run.Context.Calls).AnswerHookAsync(run.Arn, hook.HookId!, ServiceDeploymentWrites.Continue, cancellationToken).ConfigureAwait(false);
        run.Context.Reporter.Report(new LifecycleHookAnswered { Time = run.Context.Reporter.Now, HookId = hook.HookId!, Action = ServiceDeploymentWrites.Continue });
        var watched = await NativeStrategy.WatchServiceDeploymentAsync(run.Context, run.Strategy, run.Previous, run.Service, run.Arn, run.Target, [hook.HookId!],
            new HashSet<string>(StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
        return Result(run, watched.Verdict.Outcome, watched.Verdict.Reason) with
        {
            RolledBackByEcs = watched.Verdict.RolledBackByEcs,
            EcsRollback = watched.EcsRollback,
            Rollback = watched.Rollback,
            Error = watched.Error,
            Events = watched.Events,
            StoppedTasks = watched.StoppedTasks,
            ServiceTaskDefinitionArn = watched.ServiceTaskDefinitionArn,
            LifecycleStage = watched.LifecycleStage,
            PausedHook = watched.PausedHook,
            Warnings = run.Context.Warnings.ToList(),
            EndTime = run.Context.Reporter.Now,
        };
    }

    /// <summary>
    /// Has ECS roll the service's current deployment back (ContinueServiceDeployment ROLLBACK while a PAUSE hook awaits
    /// action, else StopServiceDeployment ROLLBACK) and waits for ROLLBACK_SUCCESSFUL. The result's
    /// <see cref="DeploymentResult.Rollback"/> says how it ended; its outcome is Succeeded once ECS rolled back.
    /// </summary>
    /// <exception cref="DeploymentValidationException">Nothing was changed: the service has no native deployment in progress.</exception>
    public async Task<DeploymentResult> RollBackAsync(CancellationToken cancellationToken = default)
    {
        using var clients = _settings.Operation.Clients(wantLogs: false);
        var (context, service) = await ReadServiceAsync(clients.Ecs, cancellationToken).ConfigureAwait(false);
        if (IsCodeDeploy(service))
        {
            return await RollBackCodeDeployAsync(context with { Settings = CodeDeploySettings(clients) }, service, cancellationToken).ConfigureAwait(false);
        }

        var run = await StartAsync(context, service, cancellationToken).ConfigureAwait(false);
        if (run.Deployment.Status is { } status && !ServiceDeploymentWrites.CanRollBack(status))
        {
            throw new DeploymentValidationException([$"Nothing to roll back: {run.Name} is {status.Value}; StopServiceDeployment rolls back only a deployment in progress."]);
        }

        var (rollback, watcher) = await NativeStrategy.RollBackNowAsync(run.Context, run.Strategy, run.Previous, run.Arn, run.Target, cancellationToken).ConfigureAwait(false);
        return Result(run, rollback.Outcome, rollback.Reason) with
        {
            Rollback = rollback,
            Events = watcher.Events,
            ServiceTaskDefinitionArn = watcher.LastService?.TaskDefinition,
            LifecycleStage = watcher.LastDeployment?.LifecycleStage is { Length: > 0 } stage ? new DeploymentStage(stage) : null,
            Warnings = run.Context.Warnings.ToList(),
            EndTime = run.Context.Reporter.Now,
        };
    }

    /// <summary>
    /// Creates a copy that, for a service with the CODE_DEPLOY deployment controller, finds its deployment in progress in
    /// this CodeDeploy application and deployment group (by default the names the ECS console gives them).
    /// </summary>
    [Pure]
    public EcsServiceDeployment ViaCodeDeploy(string application, string deploymentGroup)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(application);
        ArgumentException.ThrowIfNullOrWhiteSpace(deploymentGroup);
        return With(s => s with { CodeDeploy = s.CodeDeploy with { Application = application, DeploymentGroup = deploymentGroup } });
    }

    /// <summary>Creates a copy that, for a CodeDeploy deployment, succeeds after continuing once <paramref name="lifecycleEvent"/> succeeded.</summary>
    [Pure]
    public EcsServiceDeployment WaitUntil(CodeDeployLifecycleEvent lifecycleEvent)
    {
        if (!lifecycleEvent.IsKnown)
        {
            throw new ArgumentException($"'{lifecycleEvent.Value}' is not a CodeDeploy lifecycle event of ECS deployments.", nameof(lifecycleEvent));
        }

        return With(s => s with { CodeDeploy = s.CodeDeploy with { WaitUntil = lifecycleEvent } });
    }

    /// <summary>Creates a copy that, for a CodeDeploy deployment, ends the termination wait once traffic has shifted (ContinueDeployment TERMINATION_WAIT) and waits for Succeeded.</summary>
    [Pure]
    public EcsServiceDeployment SkipTerminationWait() => With(s => s with { CodeDeploy = s.CodeDeploy with { SkipTerminationWait = true } });

    /// <summary>Creates a copy that drives CodeDeploy with this client (not disposed); needed with <see cref="EcsCommandBase{TSelf}.WithClient"/> for a CODE_DEPLOY service.</summary>
    [Pure]
    public EcsServiceDeployment WithCodeDeployClient(ICodeDeployClient codeDeployClient)
    {
        ArgumentNullException.ThrowIfNull(codeDeployClient);
        return With(s => s with { Operation = s.Operation with { CodeDeployClient = codeDeployClient } });
    }

    private static bool IsCodeDeploy(Service service) => service.DeploymentController?.Type == DeploymentControllerType.CodeDeploy;

    private DeploymentSettings CodeDeploySettings(ClientScope clients) => _settings with { Operation = _settings.Operation with { CodeDeployForRun = () => clients.CodeDeploy } };

    /// <summary>
    /// The CodeDeploy deployment of the service's group that has not ended (ListDeployments, newest first), with the
    /// revisions it moves between (the service's ACTIVE task set is the replacement, its PRIMARY the original).
    /// </summary>
    private static async Task<(CodeDeployPlan Plan, DeploymentInfo Deployment, string Target, string Previous)> InFlightCodeDeployAsync(DeploymentContext context, Service service, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var settings = context.Settings;
        var client = settings.Operation.CodeDeploy
            ?? throw new DeploymentValidationException([$"The service '{settings.Service}' uses the CODE_DEPLOY deployment controller and there is no CodeDeploy client: give one with WithCodeDeployClient."]);
        var plan = await CodeDeployPlanner.ResolveAsync(settings, client, context.Calls, problems, cancellationToken).ConfigureAwait(false)
            ?? throw new DeploymentValidationException(problems);
        var ids = await context.Calls.ReadAsync(token => client.ListAllDeploymentsAsync(
            new ListDeploymentsRequest { ApplicationName = plan.Application, DeploymentGroupName = plan.GroupName, IncludeOnlyStatuses = CodeDeployPlanner.InFlight }, token).ToListAsync(token).AsTask(), cancellationToken).ConfigureAwait(false);
        if (ids.Count == 0)
        {
            throw new DeploymentValidationException([$"The deployment group '{plan.GroupName}' of '{plan.Application}' has no CodeDeploy deployment in progress."]);
        }

        var deployment = (await context.Calls.ReadAsync(token => client.GetDeploymentAsync(new GetDeploymentRequest { DeploymentId = ids[0] }, token), cancellationToken).ConfigureAwait(false)).DeploymentInfo
            ?? throw new DeploymentValidationException([$"The CodeDeploy deployment {ids[0]} could not be read."]);
        var target = service.TaskSets.FirstOrDefault(t => t.Status == "ACTIVE")?.TaskDefinition ?? service.TaskDefinition!;
        var previous = service.TaskSets.FirstOrDefault(t => t.Status == "PRIMARY")?.TaskDefinition ?? service.TaskDefinition!;
        return (plan, deployment, target, previous);
    }

    /// <summary>Continues the service's CodeDeploy deployment that waits at Ready (ContinueDeployment READY_WAIT) and waits for it as a deployment does.</summary>
    private async Task<DeploymentResult> ContinueCodeDeployAsync(DeploymentContext context, Service service, CancellationToken cancellationToken)
    {
        var start = context.Reporter.Now;
        var (plan, deployment, target, previous) = await InFlightCodeDeployAsync(context, service, cancellationToken).ConfigureAwait(false);
        var id = deployment.DeploymentId!;
        if (deployment.Status != CodeDeployStatus.Ready)
        {
            throw new DeploymentValidationException([$"Nothing to continue: CodeDeploy deployment {id} is {deployment.Status?.Value}, not Ready (waiting for the traffic reroute)."]);
        }

        await new CodeDeployWatcher(context, plan, id, target, readyAnswered: true).ContinueAsync(DeploymentWaitType.ReadyWait, cancellationToken).ConfigureAwait(false);
        var watched = await CodeDeployStrategy.WatchDeploymentAsync(context, plan, id, target, previous, readyAnswered: true, cancellationToken).ConfigureAwait(false);
        return CodeDeployResult(context, start, watched.Verdict.Outcome, watched.Verdict.Reason, target, previous, id) with
        {
            RolledBackByEcs = watched.Verdict.RolledBackByEcs,
            EcsRollback = watched.EcsRollback,
            Rollback = watched.Rollback,
            Error = watched.Error,
            ServiceTaskDefinitionArn = watched.ServiceTaskDefinitionArn,
            PausedHook = watched.PausedHook,
            CodeDeploy = watched.CodeDeploy,
        };
    }

    /// <summary>Stops the service's CodeDeploy deployment in progress with auto-rollback (StopDeployment) and waits for the rollback deployment.</summary>
    private async Task<DeploymentResult> RollBackCodeDeployAsync(DeploymentContext context, Service service, CancellationToken cancellationToken)
    {
        var start = context.Reporter.Now;
        var (plan, deployment, target, previous) = await InFlightCodeDeployAsync(context, service, cancellationToken).ConfigureAwait(false);
        var id = deployment.DeploymentId!;
        var (rollback, watcher) = await CodeDeployStrategy.RollBackNowAsync(context, plan, id, target, previous, cancellationToken).ConfigureAwait(false);
        return CodeDeployResult(context, start, rollback.Outcome, rollback.Reason, target, previous, id) with
        {
            Rollback = rollback,
            CodeDeploy = watcher.Describe(originalKept: false),
        };
    }

    private DeploymentResult CodeDeployResult(DeploymentContext context, DateTimeOffset start, DeploymentOutcome outcome, string reason, string target, string previous, string id) => new()
    {
        Outcome = outcome,
        Reason = reason,
        Cluster = _settings.Cluster,
        Service = _settings.Service,
        PreviousTaskDefinitionArn = previous,
        TaskDefinitionArn = target,
        DeploymentId = id,
        Warnings = context.Warnings.ToList(),
        StartTime = start,
        EndTime = context.Reporter.Now,
    };

    private protected override OperationOptions Options => _settings.Operation;

    private protected override EcsServiceDeployment WithOptions(OperationOptions options) => new(_settings with { Operation = options });

    private EcsServiceDeployment With(Func<DeploymentSettings, DeploymentSettings> change) => new(change(_settings));

    /// <summary>Reads the service, its current service deployment and the revisions it moves between; every problem before any write.</summary>
    private async Task<Run> StartAsync(IEcsClient ecs, CancellationToken cancellationToken)
    {
        var (context, service) = await ReadServiceAsync(ecs, cancellationToken).ConfigureAwait(false);
        return await StartAsync(context, service, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The service, read with the context of the action; every problem found so far before any write.</summary>
    private async Task<(DeploymentContext Context, Service Service)> ReadServiceAsync(IEcsClient ecs, CancellationToken cancellationToken)
    {
        var reporter = new EventReporter(_settings.Cluster, _settings.Service, _settings.Progress, _settings.Logger, _settings.TimeProvider);
        var calls = new PatientCalls(_settings.TimeProvider, reporter.Report);
        var problems = new List<string>();
        _settings.Polling.Validate(problems);
        _settings.Timeouts.Validate(problems);
        var writes = new ServiceWrites(ecs, calls);
        var (service, where) = await calls.ReadAsync(token => writes.DescribeServiceWhereAsync(_settings.Cluster, _settings.Service, token), cancellationToken).ConfigureAwait(false);
        if (service is null)
        {
            throw new DeploymentValidationException([.. problems, $"The service '{_settings.Service}' was not found (or is not ACTIVE) in the cluster '{_settings.Cluster}'{where}."]);
        }

        if (problems.Count > 0)
        {
            throw new DeploymentValidationException(problems);
        }

        var context = new DeploymentContext
        {
            Settings = _settings,
            Strategy = NativeStrategy.BlueGreen,
            Ecs = ecs,
            Calls = calls,
            Writes = writes,
            Reporter = reporter,
            Warnings = [],
            Containers = (_, _) => Task.FromResult<IReadOnlyList<ContainerDefinition>>([]),
        };
        return (context, service);
    }

    private async Task<Run> StartAsync(DeploymentContext context, Service service, CancellationToken cancellationToken)
    {
        var (ecs, calls, reporter, problems) = (context.Ecs, context.Calls, context.Reporter, new List<string>());
        var strategy = service.DeploymentConfiguration?.Strategy ?? DeploymentStrategy.Rolling;
        if (strategy == DeploymentStrategy.Rolling || (service.DeploymentController?.Type ?? DeploymentControllerType.Ecs) != DeploymentControllerType.Ecs)
        {
            throw new DeploymentValidationException([.. problems, $"The service '{_settings.Service}' does not use a native BLUE_GREEN, LINEAR or CANARY deployment (strategy {strategy.Value}); there is no service deployment to continue or roll back."]);
        }

        var arn = service.CurrentServiceDeployment
            ?? throw new DeploymentValidationException([.. problems, $"The service '{_settings.Service}' reports no current service deployment."]);
        var serviceWrites = new ServiceDeploymentWrites(ecs, calls);
        var deployment = await serviceWrites.DescribeAsync(arn, cancellationToken).ConfigureAwait(false)
            ?? throw new DeploymentValidationException([.. problems, $"The service deployment {arn} could not be found."]);
        if (problems.Count > 0)
        {
            throw new DeploymentValidationException(problems);
        }

        var name = $"{strategy.Value} deployment {DeploymentEvent.Short(arn)}";
        var revisionArns = new[] { deployment.TargetServiceRevision?.Arn }.Concat((deployment.SourceServiceRevisions ?? []).Select(r => r.Arn)).OfType<string>().Take(20).ToList();
        var revisions = revisionArns.Count == 0 ? []
            : (await calls.ReadAsync(token => ecs.DescribeServiceRevisionsAsync(new DescribeServiceRevisionsRequest { ServiceRevisionArns = revisionArns }, token), cancellationToken).ConfigureAwait(false)).ServiceRevisions;
        var target = revisions.FirstOrDefault(r => r.ServiceRevisionArn == deployment.TargetServiceRevision?.Arn)?.TaskDefinition ?? service.TaskDefinition!;
        var source = revisions.FirstOrDefault(r => r.ServiceRevisionArn != deployment.TargetServiceRevision?.Arn)?.TaskDefinition ?? service.TaskDefinition!;
        return new Run(context, service, service with { TaskDefinition = source }, deployment, arn, target, strategy.Value, name, reporter.Now);
    }

    private DeploymentResult Result(Run run, DeploymentOutcome outcome, string reason) => new()
    {
        Outcome = outcome,
        Reason = reason,
        Cluster = _settings.Cluster,
        Service = _settings.Service,
        PreviousTaskDefinitionArn = run.Previous.TaskDefinition,
        TaskDefinitionArn = run.Target,
        ServiceDeploymentArn = run.Arn,
        StartTime = run.Start,
        EndTime = run.Context.Reporter.Now,
    };

    /// <summary>What an action works on: the service now and before the deployment, the deployment, and the revisions it moves between.</summary>
    private sealed record Run(DeploymentContext Context, Service Service, Service Previous, ServiceDeployment Deployment, string Arn, string Target, string Strategy, string Name, DateTimeOffset Start);
}
