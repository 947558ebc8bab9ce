using System.Diagnostics.Contracts;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Runtime;

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
        var run = await StartAsync(clients.Ecs, cancellationToken).ConfigureAwait(false);
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
        var run = await StartAsync(clients.Ecs, cancellationToken).ConfigureAwait(false);
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

    private protected override OperationOptions Options => _settings.Operation;

    private protected override EcsServiceDeployment WithOptions(OperationOptions options) => new(_settings with { Operation = options });

    private EcsServiceDeployment With(Func<DeploymentSettings, DeploymentSettings> change) => new(change(_settings));

    /// <summary>Reads the service, its current service deployment and the revisions it moves between; every problem before any write.</summary>
    private async Task<Run> StartAsync(IEcsClient ecs, CancellationToken cancellationToken)
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
