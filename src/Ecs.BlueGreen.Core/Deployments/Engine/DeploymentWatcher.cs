using System.Diagnostics.CodeAnalysis;
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
/// healthy where the revision has a health check), then the old tasks draining and ECS completing the rollout.
/// Each check is a bounded Polly retry (<see cref="Poller"/>) at an adaptive interval: it reports what changed and
/// decides. Reading evidence (stopped tasks, the service deployment's details) is best effort: a failure there is a
/// warning, never a verdict.
/// </summary>
internal sealed class DeploymentWatcher
{
    /// <summary>With nothing else to report, a line at most this often says what the wait is waiting for.</summary>
    internal static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(30);

    private readonly IEcsClient _ecs;
    private readonly PatientCalls _calls;
    private readonly WatchTarget _target;
    private readonly EventReporter _reporter;
    private readonly DeploymentPollingOptions _polling;
    private readonly HashSet<string> _seenEvents;
    private readonly HashSet<string> _knownStoppedTasks;
    private readonly List<string> _warnings;
    private readonly List<ServiceEventRecord> _events = [];
    private readonly List<StoppedTask> _stoppedTasks = [];
    private IReadOnlyList<ContainerDefinition>? _containers;
    private DeploymentProgressed? _lastProgress;
    private bool _finishing;
    private int _mostOldRunning;
    private DeploymentWaitPhase _phase;
    private TimeSpan _budget;
    private long _phaseStarted;
    private string _waitingFor = "waiting for the first status";
    private string? _deploymentId;

    public DeploymentWatcher(IEcsClient ecs, PatientCalls calls, WatchTarget target, EventReporter reporter, DeploymentPollingOptions polling,
        IEnumerable<string> seenEvents, HashSet<string> knownStoppedTasks, List<string> warnings)
    {
        _ecs = ecs;
        _calls = calls;
        _target = target;
        _reporter = reporter;
        _polling = polling;
        _seenEvents = new HashSet<string>(seenEvents, StringComparer.Ordinal);
        _knownStoppedTasks = knownStoppedTasks;
        _warnings = warnings;
        _deploymentId = target.DeploymentId;
    }

    /// <summary>Our deployment's id, as given or as learnt from its revision.</summary>
    public string DeploymentName => _deploymentId ?? "(ours)";

    public IReadOnlyList<ServiceEventRecord> Events => _events;

    public IReadOnlyList<StoppedTask> StoppedTasks => _stoppedTasks;

    /// <summary>The service as last seen, <see langword="null"/> before the first check.</summary>
    public Service? LastService { get; private set; }

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
        EnterPhase(DeploymentWaitPhase.NewTasks, budgets.NewTasks);
        var verdict = await PollAsync(token => CheckAsync(budgets, token), cancellationToken).ConfigureAwait(false);
        return verdict ?? new Verdict(DeploymentOutcome.TimedOut, await DescribeTimeoutAsync(cancellationToken).ConfigureAwait(false), TimedOutPhase: _phase);
    }

    /// <summary>
    /// After ECS rolled our deployment back: waits, within <paramref name="budget"/>, until ECS's rollback has restored
    /// the previous revision (its service deployment ROLLBACK_SUCCESSFUL, or one COMPLETED deployment of the previous
    /// revision at the desired count), and says whether it did.
    /// </summary>
    public async Task<RollbackResult> WaitForEcsRollbackAsync(TimeSpan budget, CancellationToken cancellationToken)
    {
        var start = _reporter.Now;
        EnterPhase(DeploymentWaitPhase.EcsRollback, budget);
        RollbackResult? result;
        try
        {
            result = await PollAsync(CheckEcsRollbackAsync, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return EcsRollback(start, DeploymentOutcome.Cancelled, $"The wait for ECS's rollback was cancelled: {RollbackCounts()}.");
        }

        return result ?? EcsRollback(start, DeploymentOutcome.TimedOut, $"ECS's rollback did not finish within {Format(budget)}: {RollbackCounts()}.");

        async Task<RollbackResult?> CheckEcsRollbackAsync(CancellationToken token)
        {
            var service = await DescribeAsync(token).ConfigureAwait(false);
            if (service is null)
            {
                return EcsRollback(start, DeploymentOutcome.Failed, $"The service {_target.Service} is missing or no longer ACTIVE.");
            }

            var primary = service.Deployments.FirstOrDefault(d => d.Status == "PRIMARY");
            ReportProgress(service, primary);
            var status = _target.ServiceDeploymentArn is { } arn ? (await ReadServiceDeploymentAsync(arn, token).ConfigureAwait(false))?.Status : null;
            var restored = service.Deployments.Count == 1 && primary is not null && primary.TaskDefinition == _target.PreviousTaskDefinitionArn
                && (primary.RolloutState is null || primary.RolloutState == DeploymentRolloutState.Completed) && primary.RunningCount == primary.DesiredCount;
            if (status == ServiceDeploymentStatus.RollbackFailed)
            {
                return EcsRollback(start, DeploymentOutcome.Failed, $"ECS's rollback failed (ROLLBACK_FAILED): {RollbackCounts()}.");
            }

            if (restored || status == ServiceDeploymentStatus.RollbackSuccessful)
            {
                return EcsRollback(start, DeploymentOutcome.Succeeded, $"ECS restored {Short(primary?.TaskDefinition)}: {primary?.RunningCount ?? 0}/{primary?.DesiredCount ?? 0} task(s) running.");
            }

            Heartbeat($"waiting for ECS's rollback to {Short(_target.PreviousTaskDefinitionArn)} to finish ({RollbackCounts()})");
            return null;
        }
    }

    private RollbackResult EcsRollback(DateTimeOffset start, DeploymentOutcome outcome, string reason)
    {
        var primary = LastService?.Deployments.FirstOrDefault(d => d.Status == "PRIMARY");
        return new RollbackResult
        {
            Outcome = outcome,
            Reason = reason,
            TaskDefinitionArn = primary?.TaskDefinition ?? _target.PreviousTaskDefinitionArn ?? string.Empty,
            DesiredCount = primary?.DesiredCount,
            DeploymentId = primary?.Id,
            StartTime = start,
            EndTime = _reporter.Now,
        };
    }

    private string RollbackCounts()
    {
        var primary = LastService?.Deployments.FirstOrDefault(d => d.Status == "PRIMARY");
        var others = LastService?.Deployments.Where(d => d.Status != "PRIMARY").Sum(d => d.RunningCount ?? 0) ?? 0;
        return primary is null
            ? "the service's state was never read"
            : $"{Short(primary.TaskDefinition)} runs {primary.RunningCount ?? 0}/{primary.DesiredCount ?? 0} task(s), {others} other task(s) still run";
    }

    private Task<T?> PollAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] T>(Func<CancellationToken, Task<T?>> check, CancellationToken cancellationToken)
        where T : class =>
        Poller.PollAsync(check, () => _phaseStarted + (long)(_budget.TotalSeconds * _reporter.Time.TimestampFrequency),
            attempt => _finishing ? _polling.FinishingInterval : _polling.IntervalAfter(attempt), _reporter.Time,
            exception => _reporter.Report(new StatusCheckFailed { Time = _reporter.Now, Error = exception.Message }), cancellationToken);

    private void EnterPhase(DeploymentWaitPhase phase, TimeSpan budget)
    {
        _phase = phase;
        _budget = budget;
        _phaseStarted = _reporter.Time.GetTimestamp();
        _reporter.Report(new WaitPhaseStarted { Time = _reporter.Now, Phase = phase, Budget = budget, IsRollback = _target.IsRollback });
    }

    private async Task<Service?> DescribeAsync(CancellationToken cancellationToken)
    {
        var response = await _ecs.DescribeServicesAsync(new DescribeServicesRequest { Cluster = _target.Cluster, Services = [_target.Service] }, cancellationToken).ConfigureAwait(false);
        var service = response.Services is [var first, ..] ? first : null;
        if (service is null || service.Status != "ACTIVE")
        {
            return null;
        }

        LastService = service;
        ReportNewEvents(service);
        return service;
    }

    private async Task<Verdict?> CheckAsync(WatchBudgets budgets, CancellationToken cancellationToken)
    {
        var previous = LastService is { } last ? Ours(last) : null;
        var service = await DescribeAsync(cancellationToken).ConfigureAwait(false);
        if (service is null)
        {
            return new Verdict(DeploymentOutcome.Failed, $"The service {_target.Service} is missing or no longer ACTIVE; it was deleted or is being deleted during the deployment.", Superseded: true);
        }

        var ours = Ours(service);
        ReportProgress(service, ours);

        // The end is near once the new revision runs its desired count and the old tasks have begun to drain
        // (ECS stops them only when the new ones count as healthy): from then on, check every FinishingInterval.
        var oldRunning = OldRunning(service);
        _mostOldRunning = Math.Max(_mostOldRunning, oldRunning);
        _finishing = ours is { PendingCount: null or 0 } && ours.RunningCount == ours.DesiredCount && (oldRunning == 0 || oldRunning < _mostOldRunning);
        if (ours is null || ours.RolloutState == DeploymentRolloutState.Failed || ours.FailedTasks > (previous?.FailedTasks ?? 0)
            || ours.RunningCount < previous?.RunningCount)
        {
            await CollectStoppedTasksAsync(cancellationToken).ConfigureAwait(false);
        }

        var verdict = await JudgeAsync(service, ours, budgets, cancellationToken).ConfigureAwait(false);
        if (verdict is null)
        {
            Heartbeat(_waitingFor);
        }

        return verdict;
    }

    private async Task<Verdict?> JudgeAsync(Service service, Deployment? ours, WatchBudgets budgets, CancellationToken cancellationToken)
    {
        if (ours is null || ours.Status != "PRIMARY" || ours.RolloutState == DeploymentRolloutState.Failed)
        {
            return await ExplainFailureAsync(service, ours, cancellationToken).ConfigureAwait(false);
        }

        var running = ours.RunningCount ?? 0;
        var desired = ours.DesiredCount ?? 0;
        var started = running == desired && ours.PendingCount is null or 0;
        if (_phase == DeploymentWaitPhase.NewTasks)
        {
            if (!started)
            {
                _waitingFor = $"waiting for {desired - running} of {desired} new task(s) of {Short(_target.TaskDefinitionArn)} to run ({ours.PendingCount ?? 0} pending, {ours.FailedTasks ?? 0} failed)";
                return FailedTaskLimit(service, ours, desired);
            }

            if (!await HealthyAsync(desired, cancellationToken).ConfigureAwait(false))
            {
                _waitingFor = $"waiting for the new tasks of {Short(_target.TaskDefinitionArn)} to pass their container health checks";
                return FailedTaskLimit(service, ours, desired);
            }

            if (!_target.WaitForDrain)
            {
                return new Verdict(DeploymentOutcome.Succeeded,
                    $"{Short(_target.TaskDefinitionArn)} runs {running}/{desired} task(s); deployment {ours.Id} has started every task (not waiting for the old tasks to drain).");
            }

            EnterPhase(DeploymentWaitPhase.OldTasks, budgets.OldTasks);
        }

        var oldRunning = OldRunning(service);
        var drained = service.Deployments.Count == 1 && (ours.RolloutState is null || ours.RolloutState == DeploymentRolloutState.Completed);
        if (started && drained)
        {
            if (_target.ServiceDeploymentArn is { } arn)
            {
                var serviceDeployment = await ConfirmAsync(arn, cancellationToken).ConfigureAwait(false);
                if (serviceDeployment?.Status is { } status && status != ServiceDeploymentStatus.Successful)
                {
                    _waitingFor = $"waiting for ECS to mark service deployment {Short(arn)} SUCCESSFUL (it is {status.Value})";
                    return IsRollbackOrStop(status) ? await ExplainFailureAsync(service, ours, cancellationToken).ConfigureAwait(false) : null;
                }
            }

            return new Verdict(DeploymentOutcome.Succeeded, $"{Short(_target.TaskDefinitionArn)} runs {running}/{desired} task(s); deployment {ours.Id} completed and the old tasks have drained.");
        }

        _waitingFor = !started ? $"waiting for {Short(_target.TaskDefinitionArn)} to run {desired} task(s) again ({running} running, {ours.PendingCount ?? 0} pending)"
            : oldRunning > 0 ? $"waiting for {oldRunning} old task(s) to stop"
            : $"waiting for ECS to complete the rollout (it is {ours.RolloutState?.Value ?? "in progress"})";
        return FailedTaskLimit(service, ours, desired);
    }

    /// <summary>
    /// The service deployment that confirms a completed rollout (<c>ecs#ServiceDeployment.status</c> SUCCESSFUL, not a
    /// rollback). Patient, so that a slow or throttled answer at the deadline is waited for; when it cannot be read at
    /// all (no permission), the deployment's own COMPLETED state decides, with a warning.
    /// </summary>
    private async Task<ServiceDeployment?> ConfirmAsync(string arn, CancellationToken cancellationToken)
    {
        try
        {
            return await _calls.ReadAsync(token => DescribeServiceDeploymentAsync(arn, token), cancellationToken).ConfigureAwait(false);
        }
        catch (AwsException exception) when (!exception.IsTransient)
        {
            Warn($"The service deployment {Short(arn)} could not be read to confirm the outcome, so the deployment's COMPLETED state decided: {exception.Message}");
            return null;
        }
    }

    /// <summary>Without a circuit breaker, ECS would retry failing tasks forever: fail once as many failed as the breaker would allow.</summary>
    private Verdict? FailedTaskLimit(Service service, Deployment ours, int desired)
    {
        var breaker = service.DeploymentConfiguration?.DeploymentCircuitBreaker;
        var limit = _target.FailedTaskLimit ?? CircuitBreakerThreshold(desired);
        var failed = Math.Max(ours.FailedTasks ?? 0, _stoppedTasks.Count(t => t.IsFailure));
        return breaker is not { Enable: true } && failed >= limit
            ? new Verdict(DeploymentOutcome.Failed, $"{failed} task(s) of {Short(_target.TaskDefinitionArn)} failed (the limit is {limit}; the service has no circuit breaker).{Evidence()}")
            : null;
    }

    /// <summary>
    /// Whether the running tasks of our deployment pass their container health checks, when the revision has one
    /// (a task counts as RUNNING before it is HEALTHY, <c>ecs#Task.healthStatus</c>); true without a health check.
    /// </summary>
    private async Task<bool> HealthyAsync(int desired, CancellationToken cancellationToken)
    {
        _containers ??= await _target.Containers(cancellationToken).ConfigureAwait(false);
        if (desired == 0 || !_containers.Any(c => (c.Essential ?? true) && c.AdditionalMembers?.ContainsKey("healthCheck") == true))
        {
            return true;
        }

        var arns = await _ecs.ListAllTasksAsync(new ListTasksRequest { Cluster = _target.Cluster, StartedBy = _deploymentId, DesiredStatus = DesiredStatus.Running }, cancellationToken)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        if (arns.Count < desired)
        {
            return false;
        }

        var tasks = await _ecs.DescribeAllTasksAsync(_target.Cluster, arns, cancellationToken).ConfigureAwait(false);
        return tasks.Tasks.Count(t => t.LastStatus == "RUNNING" && t.HealthStatus == HealthStatus.Healthy) >= desired;
    }

    private async Task<Verdict> ExplainFailureAsync(Service service, Deployment? ours, CancellationToken cancellationToken)
    {
        await CollectStoppedTasksAsync(cancellationToken).ConfigureAwait(false);
        var primary = service.Deployments.FirstOrDefault(d => d.Status == "PRIMARY");
        var serviceDeployment = _target.ServiceDeploymentArn is { } arn ? await ReadServiceDeploymentAsync(arn, cancellationToken).ConfigureAwait(false) : null;
        var configuration = service.DeploymentConfiguration;
        var rollbackConfigured = configuration?.DeploymentCircuitBreaker is { Enable: true, Rollback: true } || configuration?.Alarms is { Enable: true, Rollback: true };
        var rolledBack = (serviceDeployment?.Status is { } status && IsRollbackOrStop(status) && status != ServiceDeploymentStatus.Stopped)
            || _events.Any(e => e.Message.Contains("rolling back to deployment", StringComparison.OrdinalIgnoreCase))
            || (ours?.RolloutState == DeploymentRolloutState.Failed && rollbackConfigured);
        var why = (ours?.RolloutStateReason ?? serviceDeployment?.Rollback?.Reason ?? serviceDeployment?.StatusReason)?.TrimEnd('.');
        if (rolledBack)
        {
            var to = primary is not null && primary.Id != _deploymentId ? $" to {Short(primary.TaskDefinition)}" : string.Empty;
            return new Verdict(DeploymentOutcome.Failed, $"ECS rolled deployment {DeploymentName} back{to}: {why ?? "its failure detection fired"}.{Evidence()}", RolledBackByEcs: true);
        }

        if (ours?.RolloutState == DeploymentRolloutState.Failed)
        {
            return new Verdict(DeploymentOutcome.Failed, $"Deployment {DeploymentName} failed: {why ?? "ECS marked the rollout FAILED"}.{Evidence()}");
        }

        return new Verdict(DeploymentOutcome.Failed,
            $"Deployment {DeploymentName} was replaced by deployment {primary?.Id ?? "(unknown)"} of {Short(primary?.TaskDefinition)}, started outside this run.{Evidence()}",
            Superseded: true);
    }

    /// <summary>The service deployment's details, as evidence: <see langword="null"/> (and a warning) when they cannot be read.</summary>
    private async Task<ServiceDeployment?> ReadServiceDeploymentAsync(string arn, CancellationToken cancellationToken)
    {
        try
        {
            return await DescribeServiceDeploymentAsync(arn, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsException exception)
        {
            Warn($"The service deployment {Short(arn)} could not be read: {exception.Message}");
            return null;
        }
    }

    private async Task<ServiceDeployment?> DescribeServiceDeploymentAsync(string arn, CancellationToken cancellationToken)
    {
        var response = await _ecs.DescribeServiceDeploymentsAsync(new DescribeServiceDeploymentsRequest { ServiceDeploymentArns = [arn] }, cancellationToken).ConfigureAwait(false);
        return response.ServiceDeployments is [var first, ..] ? first : null;
    }

    private static bool IsRollbackOrStop(ServiceDeploymentStatus status) =>
        status == ServiceDeploymentStatus.RollbackRequested || status == ServiceDeploymentStatus.RollbackInProgress
        || status == ServiceDeploymentStatus.RollbackSuccessful || status == ServiceDeploymentStatus.RollbackFailed
        || status == ServiceDeploymentStatus.Stopped;

    /// <summary>
    /// ECS's default circuit-breaker threshold: 50 % of the desired count, at least 3 and at most 200
    /// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html).
    /// </summary>
    internal static int CircuitBreakerThreshold(int desired) => Math.Clamp((int)Math.Ceiling(desired * 0.5), 3, 200);

    private async Task<string> DescribeTimeoutAsync(CancellationToken cancellationToken)
    {
        // One last look for evidence; it can only add to the reason, never change the outcome or stop a rollback.
        await CollectStoppedTasksAsync(cancellationToken).ConfigureAwait(false);
        var service = LastService;
        var ours = service is null ? null : Ours(service);
        var draining = service is null ? 0 : OldRunning(service);
        var revision = Short(_target.TaskDefinitionArn);
        var counts = ours is null
            ? "its state was never read"
            : $"{revision} has {ours.RunningCount ?? 0}/{ours.DesiredCount ?? 0} task(s) running, {ours.PendingCount ?? 0} pending, {ours.FailedTasks ?? 0} failed, and {draining} old task(s) still run";
        var what = _phase == DeploymentWaitPhase.NewTasks
            ? $"The new tasks did not all run within {Format(_budget)}"
            : $"The old tasks did not drain within {Format(_budget)} after the new ones ran";
        return $"{what}: {counts}.{Evidence()}";
    }

    private string Evidence()
    {
        var text = string.Empty;
        if (_stoppedTasks.LastOrDefault(t => t.IsFailure) is { } task)
        {
            text += $" Last failed task: {task}.";
        }

        if (_events.LastOrDefault(e => e.IsProblem) is { } problem)
        {
            text += $" Last problem event: {problem.Message}";
        }

        return text;
    }

    private void Heartbeat(string waitingFor)
    {
        if (_reporter.SinceLastReport >= HeartbeatInterval)
        {
            _reporter.Report(new DeploymentWaiting
            {
                Time = _reporter.Now,
                Phase = _phase,
                WaitingFor = waitingFor,
                Elapsed = _reporter.Time.GetElapsedTime(_phaseStarted),
                Budget = _budget,
            });
        }
    }

    private void Warn(string warning)
    {
        if (!_warnings.Contains(warning))
        {
            _reporter.Warn(_warnings, warning);
        }
    }

    private int OldRunning(Service service) => service.Deployments.Where(d => d.Id != _deploymentId).Sum(d => d.RunningCount ?? 0);

    /// <summary>Our deployment in the service's list: by its id, or (when it is not known) by its revision, whose id is then kept.</summary>
    private Deployment? Ours(Service service)
    {
        if (_deploymentId is { } id)
        {
            return service.Deployments.FirstOrDefault(d => d.Id == id);
        }

        var ours = service.Deployments.FirstOrDefault(d => d.TaskDefinition == _target.TaskDefinitionArn);
        _deploymentId = ours?.Id;
        return ours;
    }

    private void ReportNewEvents(Service service)
    {
        foreach (var serviceEvent in service.Events.Where(e => e.Id is not null && e.Message is not null && !_seenEvents.Contains(e.Id)).OrderBy(e => e.CreatedAt))
        {
            _seenEvents.Add(serviceEvent.Id!);
            var record = new ServiceEventRecord { Id = serviceEvent.Id!, CreatedAt = serviceEvent.CreatedAt, Message = serviceEvent.Message! };
            _events.Add(record);
            _reporter.Report(new ServiceEventReceived { Time = _reporter.Now, Event = record });
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

    /// <summary>Adds the tasks of our deployment that stopped since the last look; a failure to read them is a warning.</summary>
    private async Task CollectStoppedTasksAsync(CancellationToken cancellationToken)
    {
        try
        {
            var arns = await _ecs.ListAllTasksAsync(new ListTasksRequest { Cluster = _target.Cluster, ServiceName = _target.Service, DesiredStatus = DesiredStatus.Stopped }, cancellationToken)
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            var fresh = arns.Where(a => !_knownStoppedTasks.Contains(a)).ToList();
            if (fresh.Count == 0)
            {
                return;
            }

            var described = await _ecs.DescribeAllTasksAsync(_target.Cluster, fresh, cancellationToken).ConfigureAwait(false);
            foreach (var task in described.Tasks.Where(t => t.LastStatus == "STOPPED").OrderBy(t => t.StoppedAt))
            {
                // A task still stopping is looked at again next time, when its exit codes are known.
                _knownStoppedTasks.Add(task.TaskArn!);
                if ((_deploymentId is not null && task.StartedBy == _deploymentId) || ((task.StartedBy is null || _deploymentId is null) && task.TaskDefinitionArn == _target.TaskDefinitionArn))
                {
                    var stopped = StoppedTask.From(task);
                    _stoppedTasks.Add(stopped);
                    _reporter.Report(new TaskStopped { Time = _reporter.Now, Task = stopped });
                }
            }
        }
        catch (AwsException exception)
        {
            Warn($"The stopped tasks could not be read: {exception.Message}");
        }
    }

    internal static string Short(string? arn) => DeploymentEvent.Short(arn);

    internal static string Format(TimeSpan span) => DeploymentEvent.Duration(span);
}
