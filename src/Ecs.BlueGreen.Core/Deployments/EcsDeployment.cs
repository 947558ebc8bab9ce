using System.Diagnostics.Contracts;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Configuration;
using Ecs.BlueGreen.CodeDeploy;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Logs;
using Ecs.BlueGreen.Runtime;
using Ecs.BlueGreen.TaskDefinitions;

namespace Ecs.BlueGreen.Deployments;

/// <summary>
/// A deployment of a new revision to an ECS service (ROLLING, or ECS's native BLUE_GREEN, LINEAR or CANARY, as the
/// service is configured), configured fluently and run with
/// <see cref="RunAsync"/>. Immutable: every <c>With…</c> method returns a configured copy.
/// <code>
/// var result = await EcsDeployment.For("prod", "web")
///     .WithImage("123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.4")
///     .RollbackOnFailure()
///     .RunAsync(cancellationToken);
/// </code>
/// </summary>
public sealed class EcsDeployment : RevisionCommandBase<EcsDeployment>
{
    private readonly DeploymentSettings _settings;

    private EcsDeployment(DeploymentSettings settings) => _settings = settings;

    /// <summary>The cluster.</summary>
    public string Cluster => _settings.Cluster;

    /// <summary>The service.</summary>
    public string Service => _settings.Service;

    /// <summary>The time budgets of the wait, one per phase.</summary>
    /// <value>The default value is <see cref="DeploymentTimeouts.Default"/>: 10 minutes each.</value>
    public DeploymentTimeouts Timeouts => _settings.Timeouts;

    /// <summary>Starts configuring a deployment to <paramref name="service"/> in <paramref name="cluster"/> (names or ARNs).</summary>
    [Pure]
    public static EcsDeployment For(string cluster, string service)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cluster);
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        return new EcsDeployment(new DeploymentSettings { Cluster = cluster, Service = service });
    }

    /// <summary>Creates a copy that bases the new revision on the family's latest ACTIVE revision rather than the service's.</summary>
    [Pure]
    public EcsDeployment UseLatestTaskDefinition() => With(s => s with { Revision = s.Revision with { Changes = s.Revision.Changes with { UseLatest = true } } });

    /// <summary>
    /// Creates a copy that deploys an existing revision as it is (<paramref name="taskDefinition"/>: FAMILY:REV or a
    /// task definition ARN): nothing is registered, and <see cref="RevisionCommandBase{TSelf}.KeepRevisions"/> never
    /// deregisters it. It must be ACTIVE, and it cannot be combined with changes to the revision (an image, a tag…).
    /// </summary>
    [Pure]
    public EcsDeployment WithTaskDefinition(string taskDefinition)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskDefinition);
        return With(s => s with { TaskDefinition = taskDefinition });
    }

    /// <summary>Creates a copy that sets the service's desired count with the deployment (restored by a rollback).</summary>
    [Pure]
    public EcsDeployment WithDesiredCount(int desiredCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(desiredCount);
        return With(s => s with { DesiredCount = desiredCount });
    }

    /// <summary>Creates a copy that sets the deployment's minimum healthy and maximum percent; the rest of the deployment configuration is kept.</summary>
    [Pure]
    public EcsDeployment WithDeploymentLimits(int minimumHealthyPercent, int maximumPercent) =>
        WithMinimumHealthyPercent(minimumHealthyPercent).WithMaximumPercent(maximumPercent);

    /// <summary>
    /// Creates a copy that sets the deployment's minimum healthy percent (0–100). The maximum percent, unless set too,
    /// stays as the service has it, or ECS's default of 200 when it has none; the rest of the deployment configuration is kept.
    /// </summary>
    [Pure]
    public EcsDeployment WithMinimumHealthyPercent(int minimumHealthyPercent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minimumHealthyPercent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minimumHealthyPercent, 100);
        return With(s => s with { MinimumHealthyPercent = minimumHealthyPercent });
    }

    /// <summary>
    /// Creates a copy that sets the deployment's maximum percent (at least 1). The minimum healthy percent, unless set too,
    /// stays as the service has it, or ECS's default of 100 when it has none; the rest of the deployment configuration is kept.
    /// </summary>
    [Pure]
    public EcsDeployment WithMaximumPercent(int maximumPercent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumPercent, 1);
        return With(s => s with { MaximumPercent = maximumPercent });
    }

    /// <summary>Creates a copy that starts a new deployment even when nothing changed (ECS pulls the images again).</summary>
    [Pure]
    public EcsDeployment ForceNewDeployment() => With(s => s with { ForceNewDeployment = true });

    /// <summary>
    /// Creates a copy that gives each phase of the wait this budget, as ecs-deploy's <c>-t</c>: the new tasks running,
    /// then, afresh, the old tasks draining; a rollback (ours, or the wait for ECS's) gets it again. At most one day.
    /// </summary>
    [Pure]
    public EcsDeployment WithTimeout(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(timeout, Defaults.MaxTimeout);
        return With(s => s with { Timeouts = DeploymentTimeouts.Each(timeout) });
    }

    /// <summary>Creates a copy with a budget for each phase of the wait (checked when the deployment runs: each more than zero, at most one day).</summary>
    [Pure]
    public EcsDeployment WithTimeouts(DeploymentTimeouts timeouts)
    {
        ArgumentNullException.ThrowIfNull(timeouts);
        return With(s => s with { Timeouts = timeouts });
    }

    /// <summary>Creates a copy that rolls back (previous revision and desired count) when the deployment times out.</summary>
    [Pure]
    public EcsDeployment RollbackOnTimeout() => With(s => s with { RollbackOnTimeout = true });

    /// <summary>Creates a copy that rolls back when the deployment fails (not when ECS already rolled it back).</summary>
    [Pure]
    public EcsDeployment RollbackOnFailure() => With(s => s with { RollbackOnFailure = true });

    /// <summary>Creates a copy that rolls back when the wait is cancelled (the rollback itself is not cancelled, only bounded by the timeout).</summary>
    [Pure]
    public EcsDeployment RollbackOnCancellation() => With(s => s with { RollbackOnCancellation = true });

    /// <summary>Creates a copy that succeeds once the new revision runs the desired count, without waiting for the old tasks to drain.</summary>
    [Pure]
    public EcsDeployment WithoutWaitingForDrain() => With(s => s with { WaitForDrain = false });

    /// <summary>
    /// Creates a copy that fails the deployment after this many failed tasks of the new revision, for services
    /// without a circuit breaker.
    /// </summary>
    /// <value>By default, ECS's own circuit-breaker threshold: half the desired count, at least 3 and at most 200.</value>
    [Pure]
    public EcsDeployment WithFailedTaskLimit(int failedTasks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedTasks, 1);
        return With(s => s with { FailedTaskLimit = failedTasks });
    }

    /// <summary>
    /// Creates a copy that, for a native BLUE_GREEN, LINEAR or CANARY deployment, succeeds as soon as our deployment
    /// reaches <paramref name="stage"/> (or a later one) and leaves the rest to ECS, for example
    /// <see cref="DeploymentStage.BakeTime"/> so that CI is not held through the bake. A rollback or stop before then fails.
    /// </summary>
    [Pure]
    public EcsDeployment WaitUntil(DeploymentStage stage)
    {
        if (!stage.IsKnown)
        {
            throw new ArgumentException($"'{stage.Value}' is not a lifecycle stage ECS reports; use one of {string.Join(", ", DeploymentStage.InOrder.Select(s => s.Value))}.", nameof(stage));
        }

        return With(s => s with { WaitUntil = stage });
    }

    /// <summary>
    /// Creates a copy that, for a native deployment, ends with <see cref="DeploymentOutcome.Paused"/> at the first PAUSE
    /// hook awaiting action; <see cref="DeploymentResult.PausedHook"/> names it, for <see cref="EcsServiceDeployment"/> to continue or roll back later.
    /// For a CodeDeploy deployment, it ends at the Ready wait (the group's manual traffic reroute); the paused hook's
    /// <see cref="PausedHook.HookId"/> is then the CodeDeploy deployment id and its stage READY_WAIT.
    /// </summary>
    [Pure]
    public EcsDeployment WaitUntilPaused() => With(s => s with { WaitUntilPaused = true });

    /// <summary>
    /// Creates a copy that answers each PAUSE hook of our native deployment with a smoke test: <see langword="true"/>
    /// continues (ContinueServiceDeployment CONTINUE); <see langword="false"/>, an exception or a timeout rolls back
    /// (ROLLBACK), and the run then waits for ECS's rollback and fails with the test's reason. For a CodeDeploy
    /// deployment it answers the Ready wait: ContinueDeployment READY_WAIT, or StopDeployment with auto-rollback.
    /// </summary>
    [Pure]
    public EcsDeployment WithSmokeTest(Func<SmokeTestContext, CancellationToken, Task<bool>> test)
    {
        ArgumentNullException.ThrowIfNull(test);
        return With(s => s with { PauseAnswerer = new DelegateSmokeTest(test) });
    }

    /// <summary>
    /// Creates a copy that answers each PAUSE hook with a process run as given (never through a shell), with the
    /// hook's facts in its environment (<see cref="SmokeTestContext.Environment"/>) and its output reported line by line:
    /// exit code 0 continues, anything else (or a timeout) rolls back.
    /// </summary>
    [Pure]
    public EcsDeployment WithSmokeTest(string fileName, params IEnumerable<string> arguments)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentNullException.ThrowIfNull(arguments);
        var argv = arguments.ToList();
        return With(s => s with { PauseAnswerer = new ProcessSmokeTest(fileName, argv) });
    }

    /// <summary>Creates a copy that decides at each PAUSE hook of our native deployment: continue, roll back, or leave it waiting.</summary>
    [Pure]
    public EcsDeployment OnPause(Func<PausedHook, CancellationToken, Task<PauseDecision>> decide)
    {
        ArgumentNullException.ThrowIfNull(decide);
        return With(s => s with { PauseAnswerer = new PauseHandler(decide) });
    }

    /// <summary>Creates a copy whose smoke test (or pause handler) answers only the PAUSE hooks of these stages.</summary>
    /// <value>By default, every PAUSE hook of our deployment (on LINEAR and CANARY a PRE_PRODUCTION_TRAFFIC_SHIFT hook fires at every step).</value>
    [Pure]
    public EcsDeployment WithSmokeTestStages(params IEnumerable<DeploymentStage> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        var set = stages.ToHashSet();
        if (set.Count == 0 || set.FirstOrDefault(s => !s.IsKnown) is { Value: not null } unknown)
        {
            throw new ArgumentException(set.Count == 0 ? "Give at least one stage." : $"'{set.First(s => !s.IsKnown).Value}' is not a lifecycle stage.", nameof(stages));
        }

        return With(s => s with { SmokeTestStages = set });
    }

    /// <summary>Creates a copy in which one smoke test run may take at most <paramref name="timeout"/> (and never past the hook's own expiry).</summary>
    /// <value>The default value is 10 minutes.</value>
    [Pure]
    public EcsDeployment WithSmokeTestTimeout(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(timeout, Defaults.MaxTimeout);
        return With(s => s with { SmokeTestTimeout = timeout });
    }

    /// <summary>Creates a copy that gives smoke tests this URL to check (<see cref="SmokeTestContext.TestUrl"/>, <c>ECS_BLUEGREEN_TEST_URL</c>).</summary>
    [Pure]
    public EcsDeployment WithTestUrl(Uri testUrl)
    {
        ArgumentNullException.ThrowIfNull(testUrl);
        return With(s => s with { TestUrl = testUrl });
    }

    /// <summary>
    /// Creates a copy that, for a service with the CODE_DEPLOY deployment controller, deploys through this CodeDeploy
    /// application and deployment group. Without it, the names the ECS console gives them are used
    /// (<c>AppECS-{cluster}-{service}</c>, <c>DgpECS-{cluster}-{service}</c>); when neither exists the run is refused,
    /// listing the applications and groups that do.
    /// </summary>
    [Pure]
    public EcsDeployment ViaCodeDeploy(string application, string deploymentGroup)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(application);
        ArgumentException.ThrowIfNullOrWhiteSpace(deploymentGroup);
        return With(s => s with { CodeDeploy = s.CodeDeploy with { Application = application, DeploymentGroup = deploymentGroup } });
    }

    /// <summary>
    /// Creates a copy that sends the AppSpec in the file at <paramref name="path"/> (JSON or YAML, read when the
    /// deployment runs, before any write) instead of one generated from the service: every <c>TaskDefinition</c> of its
    /// target service and every <c>&lt;TASK_DEFINITION&gt;</c> placeholder become the new revision's ARN; its hooks and
    /// everything else are sent as they are. It must name the container name and port of the load balancer.
    /// </summary>
    [Pure]
    public EcsDeployment WithAppSpec(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return With(s => s with { CodeDeploy = s.CodeDeploy with { AppSpecFile = path, AppSpecContent = null } });
    }

    /// <summary>Creates a copy that sends this AppSpec (JSON or YAML text), as <see cref="WithAppSpec"/> does with a file's.</summary>
    [Pure]
    public EcsDeployment WithAppSpecContent(string content)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(content);
        return With(s => s with { CodeDeploy = s.CodeDeploy with { AppSpecContent = content, AppSpecFile = null } });
    }

    /// <summary>Creates a copy whose CodeDeploy deployment uses this deployment configuration (e.g. <c>CodeDeployDefault.ECSCanary10Percent5Minutes</c>) instead of the group's.</summary>
    [Pure]
    public EcsDeployment WithCodeDeployConfig(string deploymentConfigName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(deploymentConfigName);
        return With(s => s with { CodeDeploy = s.CodeDeploy with { ConfigName = deploymentConfigName } });
    }

    /// <summary>
    /// Creates a copy that, for a CodeDeploy deployment, ends the termination wait once all traffic has shifted
    /// (ContinueDeployment TERMINATION_WAIT: the original task set is removed now) and waits for Succeeded. By default
    /// the run succeeds as soon as traffic has shifted, and <see cref="CodeDeployDeployment.OriginalTaskSetKept"/> says
    /// that the original task set is kept until the group's termination wait ends.
    /// </summary>
    [Pure]
    public EcsDeployment SkipTerminationWait() => With(s => s with { CodeDeploy = s.CodeDeploy with { SkipTerminationWait = true } });

    /// <summary>
    /// Creates a copy that, for a CodeDeploy deployment, succeeds as soon as <paramref name="lifecycleEvent"/> succeeded
    /// (e.g. <see cref="CodeDeployLifecycleEvent.AfterAllowTestTraffic"/>) and leaves the rest to CodeDeploy. To end at
    /// the Ready wait, use <see cref="WaitUntilPaused"/>.
    /// </summary>
    [Pure]
    public EcsDeployment WaitUntil(CodeDeployLifecycleEvent lifecycleEvent)
    {
        if (!lifecycleEvent.IsKnown)
        {
            throw new ArgumentException($"'{lifecycleEvent.Value}' is not a CodeDeploy lifecycle event of ECS deployments; use one of {string.Join(", ", CodeDeployLifecycleEvent.InOrder)}.", nameof(lifecycleEvent));
        }

        return With(s => s with { CodeDeploy = s.CodeDeploy with { WaitUntil = lifecycleEvent } });
    }

    /// <summary>
    /// Creates a copy that drives CodeDeploy with this client (not disposed). Without it, a deployment that builds its
    /// own clients from AWS settings builds one when the service needs it; one given
    /// <see cref="EcsCommandBase{TSelf}.WithClient"/> needs this for a CODE_DEPLOY service.
    /// </summary>
    [Pure]
    public EcsDeployment WithCodeDeployClient(ICodeDeployClient codeDeployClient)
    {
        ArgumentNullException.ThrowIfNull(codeDeployClient);
        return With(s => s with { Operation = s.Operation with { CodeDeployClient = codeDeployClient } });
    }

    /// <summary>Creates a copy with polling settings.</summary>
    [Pure]
    public EcsDeployment WithPolling(DeploymentPollingOptions polling)
    {
        ArgumentNullException.ThrowIfNull(polling);
        return With(s => s with { Polling = polling });
    }

    /// <summary>
    /// Creates a copy that reads failed containers' logs with this CloudWatch Logs client (not disposed). Without
    /// it, a deployment that builds its own clients from AWS settings builds one too; one given
    /// <see cref="EcsCommandBase{TSelf}.WithClient"/> reads no logs.
    /// </summary>
    [Pure]
    public EcsDeployment WithLogsClient(ICloudWatchLogsClient logsClient)
    {
        ArgumentNullException.ThrowIfNull(logsClient);
        return With(s => s with { Operation = s.Operation with { LogsClient = logsClient } });
    }

    /// <summary>
    /// Creates a copy that reads failed containers' logs where each container sends them: with
    /// <paramref name="forRegion"/>'s client for a container whose <c>awslogs-region</c> option names a region, with
    /// <paramref name="logsClient"/> for the others. Neither is disposed; <paramref name="forRegion"/> may be called
    /// more than once for a region.
    /// </summary>
    [Pure]
    public EcsDeployment WithLogsClient(ICloudWatchLogsClient logsClient, Func<string, ICloudWatchLogsClient> forRegion)
    {
        ArgumentNullException.ThrowIfNull(logsClient);
        ArgumentNullException.ThrowIfNull(forRegion);
        return With(s => s with { Operation = s.Operation with { LogsClient = logsClient, LogsClientForRegion = forRegion } });
    }

    /// <summary>Creates a copy that adds this many last log lines of each failed container to the evidence (0 reads none).</summary>
    /// <value>The default value is 20.</value>
    [Pure]
    public EcsDeployment WithFailureLogLines(int lines)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lines);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lines, Defaults.MaxFailureLogLines);
        return With(s => s with { Operation = s.Operation with { FailureLogLines = lines } });
    }

    /// <summary>Creates a copy that decides whether a non-success throws (the default) or is returned.</summary>
    [Pure]
    public EcsDeployment WithValidation(DeploymentResultValidation validation) => With(s => s with { Validation = validation });

    /// <summary>
    /// Validates everything, registers the new revision, updates the service, watches our deployment to its
    /// outcome and rolls back when asked.
    /// </summary>
    /// <exception cref="DeploymentValidationException">Nothing was changed: the cluster, service, images or numbers are not valid.</exception>
    /// <exception cref="DeploymentFailedException">The deployment failed or timed out (unless validation is <see cref="DeploymentResultValidation.None"/>).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled (unless validation is <see cref="DeploymentResultValidation.None"/>).</exception>
    /// <exception cref="AwsServiceException">AWS refused a call that retries could not get through.</exception>
    /// <exception cref="AwsConfigurationException">No region or credentials could be found.</exception>
    public async Task<DeploymentResult> RunAsync(CancellationToken cancellationToken = default)
    {
        using var clients = _settings.Operation.Clients(wantLogs: true);
        return await Runner(clients, _settings, null).RunAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts configuring a group of deployments run together (<see cref="EcsDeploymentGroup"/>), each as configured here.</summary>
    [Pure]
    public static EcsDeploymentGroup Group(params IEnumerable<EcsDeployment> deployments)
    {
        ArgumentNullException.ThrowIfNull(deployments);
        var members = deployments.ToList();
        if (members.Count == 0 || members.Any(m => m is null))
        {
            throw new ArgumentException(members.Count == 0 ? "Give at least one deployment." : "A deployment of the group is null.", nameof(deployments));
        }

        return new EcsDeploymentGroup(members);
    }

    /// <summary>The runner of a deployment in a group: with the group's shared registrations, and returning its result rather than throwing (the group judges).</summary>
    internal DeploymentRunner GroupRunner(ClientScope clients, IEcsClient ecs, SharedRegistrations shared, TickGrid grid) =>
        Runner(clients, _settings with { Validation = DeploymentResultValidation.None, Polling = _settings.Polling.OnGrid(grid) }, shared, ecs);

    /// <summary>The clock of this deployment.</summary>
    internal TimeProvider Time => _settings.TimeProvider;

    private static DeploymentRunner Runner(ClientScope clients, DeploymentSettings settings, SharedRegistrations? shared, IEcsClient? ecs = null) =>
        new(settings with { Operation = settings.Operation with { LogsClient = clients.Logs, LogsClientForRegion = clients.LogsForRegion, EcrClientForRegion = clients.EcrForRegion, CodeDeployForRun = () => clients.CodeDeploy } }, ecs ?? clients.Ecs, shared);

    /// <summary>
    /// The rollback of a group member that succeeded: the same service, clients, clock, reporting, polling and timeouts,
    /// none of its changes (a rollback deploys an existing revision as it is), and returning its result.
    /// </summary>
    internal EcsDeployment ForGroupRollback(TickGrid grid) => With(s => s with
    {
        Polling = s.Polling.OnGrid(grid),
        Revision = new RevisionOptions(),
        TaskDefinition = null,
        DesiredCount = null,
        MinimumHealthyPercent = null,
        MaximumPercent = null,
        ForceNewDeployment = false,
        Validation = DeploymentResultValidation.None,
    });

    /// <summary>The clients of a run, as <see cref="RunAsync"/> builds them.</summary>
    internal ClientScope Clients() => _settings.Operation.Clients(wantLogs: true);

    /// <summary>
    /// What the clients <see cref="Clients"/> builds depend on, when it builds them all itself (no client was given):
    /// members of a group with equal keys can share one set of clients. <see langword="null"/> when a client was given.
    /// </summary>
    internal object? OwnClientsKey => _settings.Operation is { Client: null, LogsClient: null, LogsClientForRegion: null, EcrClient: null, EcrClientForRegion: null } operation
        ? (operation.AwsSettings ?? (object)NoAwsSettings, operation.TimeProvider, operation.Logger, operation.FailureLogLines > 0)
        : null;

    private static readonly object NoAwsSettings = new();

    /// <summary>
    /// Rolls the service back to the revision it ran before its current one, found in its deployment history
    /// (<c>ecs#ListServiceDeployments</c>: the newest earlier SUCCESSFUL service deployment of another revision; after a
    /// deployment that did not succeed, the newest SUCCESSFUL one before it), with the limits that deployment ran with;
    /// the desired count is kept (the history does not record it). The update is sent and watched as a deployment
    /// (<see cref="WithTimeout"/>, <see cref="WithPolling"/>, <see cref="WithoutWaitingForDrain"/> apply; the rollback
    /// settings do not: a rollback is not rolled back). A native deployment in progress is rolled back by ECS instead
    /// (StopServiceDeployment ROLLBACK). <see cref="DeploymentResult.RollbackTarget"/> says what was chosen and why; when
    /// the service already runs it, nothing is written and the outcome is <see cref="DeploymentOutcome.Unchanged"/>.
    /// </summary>
    /// <exception cref="DeploymentValidationException">Nothing was changed: the history is empty or has no earlier successful revision, or that revision is INACTIVE.</exception>
    /// <exception cref="DeploymentFailedException">The rollback failed or timed out (unless validation is <see cref="DeploymentResultValidation.None"/>).</exception>
    /// <exception cref="AwsServiceException">AWS refused a call that retries could not get through.</exception>
    public Task<DeploymentResult> RollBackAsync(CancellationToken cancellationToken = default) => RollBackCoreAsync(new RollbackRequest(null), cancellationToken);

    /// <summary>
    /// Rolls the service back to <paramref name="taskDefinition"/> (FAMILY:REV or an ARN, which must be ACTIVE), as
    /// <see cref="RollBackAsync"/> does, restoring the limits of the newest successful deployment of it in the history
    /// when there is one; a native deployment in progress is replaced by a deployment of that revision.
    /// </summary>
    /// <exception cref="DeploymentValidationException">Nothing was changed: the revision does not exist or is INACTIVE.</exception>
    /// <exception cref="DeploymentFailedException">The rollback failed or timed out (unless validation is <see cref="DeploymentResultValidation.None"/>).</exception>
    /// <exception cref="AwsServiceException">AWS refused a call that retries could not get through.</exception>
    public Task<DeploymentResult> RollBackToAsync(string taskDefinition, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskDefinition);
        return RollBackCoreAsync(new RollbackRequest(taskDefinition), cancellationToken);
    }

    private async Task<DeploymentResult> RollBackCoreAsync(RollbackRequest rollback, CancellationToken cancellationToken)
    {
        var settings = _settings with { RollBack = rollback, RollbackOnFailure = false, RollbackOnTimeout = false, RollbackOnCancellation = false };
        using var clients = settings.Operation.Clients(wantLogs: true);
        var runner = new DeploymentRunner(settings with { Operation = settings.Operation with { LogsClient = clients.Logs, LogsClientForRegion = clients.LogsForRegion, CodeDeployForRun = () => clients.CodeDeploy } }, clients.Ecs);
        return await runner.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    private protected override OperationOptions Options => _settings.Operation;

    private protected override RevisionOptions RevisionOptions => _settings.Revision;

    private protected override EcsDeployment WithOptions(OperationOptions options) => new(_settings with { Operation = options });

    private protected override EcsDeployment WithRevisionOptions(RevisionOptions options) => new(_settings with { Revision = options });

    private EcsDeployment With(Func<DeploymentSettings, DeploymentSettings> change) => new(change(_settings));
}
