using System.Collections.Immutable;
using System.Diagnostics.Contracts;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Logs;
using Ecs.BlueGreen.Runtime;
using Microsoft.Extensions.Logging;

namespace Ecs.BlueGreen.Tasks;

/// <summary>
/// A one-off task (a migration, a batch job): run it and, when asked, wait for it to stop and judge it by
/// every essential container's exit code. Immutable: every <c>With…</c> method returns a configured copy.
/// <code>
/// var result = await EcsTask.Run("prod", "migrate").WithLaunchType(LaunchType.Fargate)
///     .WithNetworkConfiguration(network).WaitForCompletion().RunAsync(cancellationToken);
/// </code>
/// </summary>
public sealed class EcsTask : EcsCommandBase<EcsTask>
{
    private readonly TaskRunSettings _settings;

    private EcsTask(TaskRunSettings settings) => _settings = settings;

    /// <summary>The cluster.</summary>
    public string Cluster => _settings.Cluster;

    /// <summary>The task definition: family (latest ACTIVE revision), <c>family:revision</c> or ARN.</summary>
    public string TaskDefinition => _settings.TaskDefinition;

    /// <summary>The calls <see cref="RunAsync"/> would make, for a dry run: RunTask with its main parameters, then, when it waits, DescribeTasks.</summary>
    public IReadOnlyList<PlannedCall> PlannedCalls => TaskRunCalls.For(_settings);

    /// <summary>Starts configuring a run of <paramref name="taskDefinition"/> in <paramref name="cluster"/>.</summary>
    [Pure]
    public static EcsTask Run(string cluster, string taskDefinition)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cluster);
        ArgumentException.ThrowIfNullOrWhiteSpace(taskDefinition);
        return new EcsTask(new TaskRunSettings { Cluster = cluster, TaskDefinition = taskDefinition });
    }

    /// <summary>Creates a copy that runs on this launch type (exclusive with a capacity provider strategy).</summary>
    [Pure]
    public EcsTask WithLaunchType(LaunchType launchType) => With(s => s with { LaunchType = launchType });

    /// <summary>Creates a copy that runs with this capacity provider strategy (exclusive with a launch type).</summary>
    [Pure]
    public EcsTask WithCapacityProviderStrategy(IEnumerable<CapacityProviderStrategyItem> strategy)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        return With(s => s with { CapacityProviderStrategy = [.. strategy] });
    }

    /// <summary>Creates a copy with a Fargate platform version.</summary>
    [Pure]
    public EcsTask WithPlatformVersion(string platformVersion)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(platformVersion);
        return With(s => s with { PlatformVersion = platformVersion });
    }

    /// <summary>Creates a copy with a network configuration (required for <c>awsvpc</c> tasks).</summary>
    [Pure]
    public EcsTask WithNetworkConfiguration(NetworkConfiguration networkConfiguration)
    {
        ArgumentNullException.ThrowIfNull(networkConfiguration);
        return With(s => s with { NetworkConfiguration = networkConfiguration });
    }

    /// <summary>Creates a copy that overrides a container's command; each argument is passed as it is, never through a shell.</summary>
    [Pure]
    public EcsTask WithCommand(string containerName, IEnumerable<string> command)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(containerName);
        ArgumentNullException.ThrowIfNull(command);
        return With(s => s with { Commands = s.Commands.SetItem(containerName, [.. command]) });
    }

    /// <summary>Creates a copy that sets an environment variable of a container for this run.</summary>
    [Pure]
    public EcsTask WithEnvironmentVariable(string containerName, string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(containerName);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        return With(s => s with { Environment = s.Environment.Add((containerName, name, value)) });
    }

    /// <summary>Creates a copy that records who started the task (<c>startedBy</c>, up to 128 characters).</summary>
    [Pure]
    public EcsTask WithStartedBy(string startedBy)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(startedBy);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(startedBy.Length, 128, nameof(startedBy));
        return With(s => s with { StartedBy = startedBy });
    }

    /// <summary>Creates a copy that waits for the task to stop and judges it by its essential containers' exit codes.</summary>
    [Pure]
    public EcsTask WaitForCompletion() => With(s => s with { Wait = true });

    /// <summary>Creates a copy with a time budget for the whole run (at most one day).</summary>
    /// <value>The default value is 10 minutes.</value>
    [Pure]
    public EcsTask WithTimeout(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(timeout, Defaults.MaxTimeout);
        return With(s => s with { Timeout = timeout });
    }

    /// <summary>Creates a copy with polling settings.</summary>
    [Pure]
    public EcsTask WithPolling(DeploymentPollingOptions polling)
    {
        ArgumentNullException.ThrowIfNull(polling);
        return With(s => s with { Polling = polling });
    }

    /// <summary>Creates a copy that reads failed containers' logs with this CloudWatch Logs client (not disposed).</summary>
    [Pure]
    public EcsTask WithLogsClient(ICloudWatchLogsClient logsClient)
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
    public EcsTask WithLogsClient(ICloudWatchLogsClient logsClient, Func<string, ICloudWatchLogsClient> forRegion)
    {
        ArgumentNullException.ThrowIfNull(logsClient);
        ArgumentNullException.ThrowIfNull(forRegion);
        return With(s => s with { Operation = s.Operation with { LogsClient = logsClient, LogsClientForRegion = forRegion } });
    }

    /// <summary>Creates a copy that adds this many last log lines of each failed container to the result (0 reads none).</summary>
    /// <value>The default value is 20.</value>
    [Pure]
    public EcsTask WithFailureLogLines(int lines)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lines);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lines, Defaults.MaxFailureLogLines);
        return With(s => s with { Operation = s.Operation with { FailureLogLines = lines } });
    }

    /// <summary>Creates a copy that decides whether a task that did not succeed throws (the default) or is returned.</summary>
    [Pure]
    public EcsTask WithValidation(TaskRunValidation validation) => With(s => s with { Validation = validation });

    /// <summary>Validates, runs the task and (with <see cref="WaitForCompletion"/>) waits for it to stop.</summary>
    /// <exception cref="DeploymentValidationException">Nothing was started: the cluster, task definition or overrides are not valid.</exception>
    /// <exception cref="TaskRunFailedException">The task did not succeed (unless validation is <see cref="TaskRunValidation.None"/>).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled (unless validation is <see cref="TaskRunValidation.None"/>).</exception>
    /// <exception cref="AwsServiceException">AWS refused a call that retries could not get through.</exception>
    public async Task<TaskRunResult> RunAsync(CancellationToken cancellationToken = default)
    {
        using var clients = _settings.Operation.Clients(wantLogs: true);
        var result = await new TaskRunner(_settings with { Operation = _settings.Operation with { LogsClient = clients.Logs, LogsClientForRegion = clients.LogsForRegion } }, clients.Ecs).RunAsync(cancellationToken).ConfigureAwait(false);
        if (_settings.Validation == TaskRunValidation.Succeeded && result.Outcome is not (TaskRunOutcome.Started or TaskRunOutcome.Succeeded))
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new TaskRunFailedException(result);
        }

        return result;
    }

    private protected override OperationOptions Options => _settings.Operation;

    private protected override EcsTask WithOptions(OperationOptions options) => new(_settings with { Operation = options });

    private EcsTask With(Func<TaskRunSettings, TaskRunSettings> change) => new(change(_settings));
}

/// <summary>Everything an <see cref="EcsTask"/> was configured with.</summary>
internal sealed record TaskRunSettings
{
    public required string Cluster { get; init; }

    public required string TaskDefinition { get; init; }

    public LaunchType? LaunchType { get; init; }

    public ImmutableList<CapacityProviderStrategyItem>? CapacityProviderStrategy { get; init; }

    public string? PlatformVersion { get; init; }

    public NetworkConfiguration? NetworkConfiguration { get; init; }

    public ImmutableDictionary<string, ImmutableList<string>> Commands { get; init; } = ImmutableDictionary<string, ImmutableList<string>>.Empty;

    public ImmutableList<(string Container, string Name, string Value)> Environment { get; init; } = [];

    public string? StartedBy { get; init; }

    public bool Wait { get; init; }

    public TimeSpan Timeout { get; init; } = Defaults.Timeout;

    public DeploymentPollingOptions Polling { get; init; } = new() { InitialInterval = TimeSpan.FromSeconds(1), MaximumInterval = TimeSpan.FromSeconds(5) };

    public OperationOptions Operation { get; init; } = new();

    public ICloudWatchLogsClient? LogsClient => Operation.LogsClient;

    public int FailureLogLines => Operation.FailureLogLines;

    public ILogger Logger => Operation.Logger;

    public IProgress<DeploymentEvent>? Progress => Operation.Progress;

    public TimeProvider TimeProvider => Operation.TimeProvider;

    public TaskRunValidation Validation { get; init; } = TaskRunValidation.Succeeded;
}
