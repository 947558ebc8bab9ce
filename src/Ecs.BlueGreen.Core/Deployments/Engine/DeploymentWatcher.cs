using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.Deployments.Engine;

/// <summary>The deployment a watcher judges, and how.</summary>
internal sealed record WatchTarget
{
    public required string Cluster { get; init; }

    public required string Service { get; init; }

    /// <summary>Our deployment: every judgement is about it, never about service-wide counts.</summary>
    public required string DeploymentId { get; init; }

    public required string TaskDefinitionArn { get; init; }

    public string? ServiceDeploymentArn { get; init; }

    public required bool WaitForDrain { get; init; }

    /// <summary>Failed tasks after which a deployment without a circuit breaker is declared failed; <see langword="null"/> for ECS's own threshold.</summary>
    public int? FailedTaskLimit { get; init; }
}

/// <summary>
/// A final judgement; <see langword="null"/> from a check means "still in progress". A rollback of ours is
/// possible unless ECS already rolled back or the service is no longer ours to change (someone else deployed,
/// or it was deleted).
/// </summary>
internal sealed record Verdict(DeploymentOutcome Outcome, string Reason, bool RolledBackByEcs = false, bool Superseded = false)
{
    public bool RollbackPossible => !RolledBackByEcs && !Superseded;
}

/// <summary>
/// Watches one deployment to its outcome: a bounded Polly pipeline (timeout around a result-based retry)
/// that checks the service at an adaptive interval, reports what changed and decides.
/// </summary>
internal sealed class DeploymentWatcher
{
    private readonly IEcsClient _ecs;
    private readonly WatchTarget _target;
    private readonly DeploymentReporter _reporter;
    private readonly DeploymentPollingOptions _polling;
    private readonly HashSet<string> _seenEvents;
    private readonly HashSet<string> _knownStoppedTasks;
    private readonly List<ServiceEventRecord> _events = [];
    private readonly List<StoppedTask> _stoppedTasks = [];
    private Service? _service;
    private DeploymentProgressed? _lastProgress;
    private bool _finishing;
    private int _mostOldRunning;

    public DeploymentWatcher(IEcsClient ecs, WatchTarget target, DeploymentReporter reporter, DeploymentPollingOptions polling, IEnumerable<string> seenEvents, HashSet<string> knownStoppedTasks)
    {
        _ecs = ecs;
        _target = target;
        _reporter = reporter;
        _polling = polling;
        _seenEvents = new HashSet<string>(seenEvents, StringComparer.Ordinal);
        _knownStoppedTasks = knownStoppedTasks;
    }

    public IReadOnlyList<ServiceEventRecord> Events => _events;

    public IReadOnlyList<StoppedTask> StoppedTasks => _stoppedTasks;

    /// <summary>Lists the service's stopped tasks so that only tasks stopping from now on are reported.</summary>
    public static async Task<HashSet<string>> ListStoppedTasksAsync(IEcsClient ecs, string cluster, string service, CancellationToken cancellationToken)
    {
        var arns = await ecs.ListAllTasksAsync(new ListTasksRequest { Cluster = cluster, ServiceName = service, DesiredStatus = DesiredStatus.Stopped }, cancellationToken)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new HashSet<string>(arns, StringComparer.Ordinal);
    }

    /// <summary>
    /// Checks until the deployment is final or <paramref name="budget"/> runs out (then TimedOut, with the reason,
    /// which names <paramref name="timeout"/>: the caller's whole budget, of which <paramref name="budget"/> remained).
    /// </summary>
    public async Task<Verdict> WatchAsync(TimeSpan budget, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var verdict = await Poller.PollAsync(CheckAsync, budget, attempt => _finishing ? _polling.FinishingInterval : _polling.IntervalAfter(attempt), _reporter.Time,
            exception => _reporter.Report(new StatusCheckFailed { Time = _reporter.Now, Error = exception.Message }), cancellationToken).ConfigureAwait(false);
        return verdict ?? new Verdict(DeploymentOutcome.TimedOut, await DescribeTimeoutAsync(timeout, cancellationToken).ConfigureAwait(false));
    }

    private async Task<Verdict?> CheckAsync(CancellationToken cancellationToken)
    {
        var response = await _ecs.DescribeServicesAsync(new DescribeServicesRequest { Cluster = _target.Cluster, Services = [_target.Service] }, cancellationToken).ConfigureAwait(false);
        var service = response.Services is [var first, ..] ? first : null;
        if (service is null || service.Status != "ACTIVE")
        {
            return new Verdict(DeploymentOutcome.Failed, $"The service {_target.Service} is {(service?.Status ?? "missing")} now; it was deleted or is being deleted during the deployment.", Superseded: true);
        }

        var previous = _service?.Deployments.FirstOrDefault(d => d.Id == _target.DeploymentId);
        _service = service;
        ReportNewEvents(service);
        var ours = service.Deployments.FirstOrDefault(d => d.Id == _target.DeploymentId);
        ReportProgress(service, ours);
        // The end is near once the new revision runs its desired count and the old tasks have begun to drain
        // (ECS stops them only when the new ones count as healthy): from then on, check every FinishingInterval.
        var oldRunning = service.Deployments.Where(d => d.Id != _target.DeploymentId).Sum(d => d.RunningCount ?? 0);
        _mostOldRunning = Math.Max(_mostOldRunning, oldRunning);
        _finishing = ours is { PendingCount: null or 0 } && ours.RunningCount == ours.DesiredCount && (oldRunning == 0 || oldRunning < _mostOldRunning);
        if (ours is null || ours.RolloutState == DeploymentRolloutState.Failed || ours.FailedTasks > (previous?.FailedTasks ?? 0)
            || ours.RunningCount < previous?.RunningCount)
        {
            await CollectStoppedTasksAsync(cancellationToken).ConfigureAwait(false);
        }

        return await JudgeAsync(service, ours, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Verdict?> JudgeAsync(Service service, Deployment? ours, CancellationToken cancellationToken)
    {
        if (ours is null || ours.Status != "PRIMARY" || ours.RolloutState == DeploymentRolloutState.Failed)
        {
            return await ExplainFailureAsync(service, ours, cancellationToken).ConfigureAwait(false);
        }

        var running = ours.RunningCount ?? 0;
        var desired = ours.DesiredCount ?? 0;
        var started = running == desired && ours.PendingCount is null or 0;
        var drained = service.Deployments.Count == 1 && (ours.RolloutState is null || ours.RolloutState == DeploymentRolloutState.Completed);
        if (started && (drained || !_target.WaitForDrain))
        {
            if (_target.WaitForDrain && _target.ServiceDeploymentArn is { } arn)
            {
                var serviceDeployment = await DescribeServiceDeploymentAsync(arn, cancellationToken).ConfigureAwait(false);
                if (serviceDeployment?.Status is { } status && status != ServiceDeploymentStatus.Successful)
                {
                    return IsRollbackOrStop(status) ? await ExplainFailureAsync(service, ours, cancellationToken).ConfigureAwait(false) : null;
                }
            }

            return new Verdict(DeploymentOutcome.Succeeded,
                $"{Short(_target.TaskDefinitionArn)} runs {running}/{desired} task(s); deployment {ours.Id} "
                + (drained ? "completed and the old tasks have drained." : "has started every task (not waiting for the old tasks to drain)."));
        }

        var breaker = service.DeploymentConfiguration?.DeploymentCircuitBreaker;
        var limit = _target.FailedTaskLimit ?? CircuitBreakerThreshold(desired);
        var failed = Math.Max(ours.FailedTasks ?? 0, _stoppedTasks.Count(t => t.IsFailure));
        if (breaker is not { Enable: true } && failed >= limit)
        {
            return new Verdict(DeploymentOutcome.Failed,
                $"{failed} task(s) of {Short(_target.TaskDefinitionArn)} failed (the limit is {limit}; the service has no circuit breaker).{Evidence()}");
        }

        return null;
    }

    private async Task<Verdict> ExplainFailureAsync(Service service, Deployment? ours, CancellationToken cancellationToken)
    {
        await CollectStoppedTasksAsync(cancellationToken).ConfigureAwait(false);
        var primary = service.Deployments.FirstOrDefault(d => d.Status == "PRIMARY");
        var serviceDeployment = _target.ServiceDeploymentArn is { } arn
            ? await DescribeServiceDeploymentAsync(arn, cancellationToken).ConfigureAwait(false)
            : null;
        var configuration = service.DeploymentConfiguration;
        var rollbackConfigured = configuration?.DeploymentCircuitBreaker is { Enable: true, Rollback: true } || configuration?.Alarms is { Enable: true, Rollback: true };
        var rolledBack = (serviceDeployment?.Status is { } status && IsRollbackOrStop(status) && status != ServiceDeploymentStatus.Stopped)
            || _events.Any(e => e.Message.Contains("rolling back to deployment", StringComparison.OrdinalIgnoreCase))
            || (ours?.RolloutState == DeploymentRolloutState.Failed && rollbackConfigured);
        var why = (ours?.RolloutStateReason ?? serviceDeployment?.Rollback?.Reason ?? serviceDeployment?.StatusReason)?.TrimEnd('.');
        if (rolledBack)
        {
            var to = primary is not null && primary.Id != _target.DeploymentId ? $" to {Short(primary.TaskDefinition)}" : string.Empty;
            return new Verdict(DeploymentOutcome.Failed, $"ECS rolled deployment {_target.DeploymentId} back{to}: {why ?? "its failure detection fired"}.{Evidence()}", RolledBackByEcs: true);
        }

        if (ours?.RolloutState == DeploymentRolloutState.Failed)
        {
            return new Verdict(DeploymentOutcome.Failed, $"Deployment {_target.DeploymentId} failed: {why ?? "ECS marked the rollout FAILED"}.{Evidence()}");
        }

        return new Verdict(DeploymentOutcome.Failed,
            $"Deployment {_target.DeploymentId} was replaced by deployment {primary?.Id ?? "(unknown)"} of {Short(primary?.TaskDefinition)}, started outside this run.{Evidence()}",
            Superseded: true);
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

    /// <summary>aws-api-facts.md §3.3: ECS's default threshold, 50 % of the desired count, at least 3 and at most 200.</summary>
    internal static int CircuitBreakerThreshold(int desired) => Math.Clamp((int)Math.Ceiling(desired * 0.5), 3, 200);

    private async Task<string> DescribeTimeoutAsync(TimeSpan budget, CancellationToken cancellationToken)
    {
        // One last look for evidence, bounded by the retry options of the client itself.
        try
        {
            await CollectStoppedTasksAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException)
        {
            // The evidence is best effort; the timeout is the outcome.
        }

        var ours = _service?.Deployments.FirstOrDefault(d => d.Id == _target.DeploymentId);
        var draining = _service?.Deployments.Where(d => d.Id != _target.DeploymentId).Sum(d => d.RunningCount ?? 0) ?? 0;
        var counts = ours is null
            ? "its state was never read"
            : $"{Short(_target.TaskDefinitionArn)} has {ours.RunningCount ?? 0}/{ours.DesiredCount ?? 0} task(s) running, {ours.PendingCount ?? 0} pending, {ours.FailedTasks ?? 0} failed, and {draining} old task(s) still run";
        return $"The deployment did not finish within {Format(budget)}: {counts}.{Evidence()}";
    }

    private string Evidence()
    {
        var text = string.Empty;
        if (_stoppedTasks.LastOrDefault(t => t.IsFailure) is { } task)
        {
            text += $" Last failed task: {task}.";
        }

        if (_events.LastOrDefault(e => IsProblem(e.Message)) is { } problem)
        {
            text += $" Last problem event: {problem.Message}";
        }

        return text;
    }

    private static bool IsProblem(string message) =>
        message.Contains("unable", StringComparison.OrdinalIgnoreCase) || message.Contains("fail", StringComparison.OrdinalIgnoreCase)
        || message.Contains("unhealthy", StringComparison.OrdinalIgnoreCase) || message.Contains("error", StringComparison.OrdinalIgnoreCase)
        || message.Contains("rolling back", StringComparison.OrdinalIgnoreCase);

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

    private void ReportProgress(Service service, Deployment? ours)
    {
        if (ours is null)
        {
            return;
        }

        var progress = new DeploymentProgressed
        {
            Time = _reporter.Now,
            DeploymentId = _target.DeploymentId,
            Desired = ours.DesiredCount ?? 0,
            Running = ours.RunningCount ?? 0,
            Pending = ours.PendingCount ?? 0,
            Failed = ours.FailedTasks ?? 0,
            Draining = service.Deployments.Where(d => d.Id != ours.Id).Sum(d => d.RunningCount ?? 0),
            RolloutState = ours.RolloutState,
        };
        if (_lastProgress is null || _lastProgress.Message != progress.Message)
        {
            _lastProgress = progress;
            _reporter.Report(progress);
        }
    }

    private async Task CollectStoppedTasksAsync(CancellationToken cancellationToken)
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
            if (task.StartedBy == _target.DeploymentId || (task.StartedBy is null && task.TaskDefinitionArn == _target.TaskDefinitionArn))
            {
                var stopped = StoppedTask.From(task);
                _stoppedTasks.Add(stopped);
                _reporter.Report(new TaskStopped { Time = _reporter.Now, Task = stopped });
            }
        }
    }

    internal static string Short(string? arn) => DeploymentEvent.Short(arn);

    internal static string Format(TimeSpan span) =>
        span.TotalMinutes >= 1 && span.Seconds == 0 ? $"{(int)span.TotalMinutes}m" : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m{span.Seconds}s" : $"{span.TotalSeconds:0.#}s";
}
