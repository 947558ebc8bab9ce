using System.Diagnostics.Contracts;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Configuration;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Logs;
using Ecs.BlueGreen.Runtime;
using Microsoft.Extensions.Logging;

namespace Ecs.BlueGreen.Deployments;

/// <summary>
/// A rolling deployment of a new revision to an ECS service, configured fluently and run with
/// <see cref="RunAsync"/>. Immutable: every <c>With…</c> method returns a configured copy.
/// <code>
/// var result = await EcsDeployment.For("prod", "web")
///     .WithImage("123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.4")
///     .RollbackOnFailure()
///     .RunAsync(cancellationToken);
/// </code>
/// </summary>
public sealed class EcsDeployment
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

    /// <summary>Whether this is a dry run.</summary>
    public bool IsDryRun => _settings.DryRun;

    /// <summary>Starts configuring a deployment to <paramref name="service"/> in <paramref name="cluster"/> (names or ARNs).</summary>
    [Pure]
    public static EcsDeployment For(string cluster, string service)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cluster);
        ArgumentException.ThrowIfNullOrWhiteSpace(service);
        return new EcsDeployment(new DeploymentSettings { Cluster = cluster, Service = service });
    }

    /// <summary>
    /// Creates a copy that sets the image of every container whose repository (registry and path, compared
    /// exactly) is the image's, whatever the container has now: a tag, a digest or neither.
    /// </summary>
    /// <exception cref="ArgumentException">The image is not a valid reference.</exception>
    [Pure]
    public EcsDeployment WithImage(string image) => With(s => s with { Changes = s.Changes.AddImage(null, image, nameof(image)) });

    /// <summary>Creates a copy that sets the image of the container named <paramref name="containerName"/>.</summary>
    /// <exception cref="ArgumentException">The image is not a valid reference.</exception>
    [Pure]
    public EcsDeployment WithImage(string containerName, string image) => With(s => s with { Changes = s.Changes.AddImage(containerName, image, nameof(image)) });

    /// <summary>Creates a copy that sets the tag of every container's image (dropping any digest); an explicit <see cref="WithImage(string)"/> wins.</summary>
    /// <exception cref="ArgumentException">The tag is not valid.</exception>
    [Pure]
    public EcsDeployment WithTag(string tag) => With(s => s with { Changes = s.Changes.SetTag(tag) });

    /// <summary>Creates a copy that sets an environment variable of one container (adding it or replacing its value).</summary>
    [Pure]
    public EcsDeployment WithEnvironmentVariable(string containerName, string name, string value) =>
        With(s => s with { Changes = s.Changes.AddEnvironmentVariable(containerName, name, value) });

    /// <summary>
    /// Creates a copy that bases the new revision on a JSON file instead of the service's revision: DescribeTaskDefinition
    /// output or RegisterTaskDefinition input, any formatting. Other changes apply on top of it.
    /// </summary>
    [Pure]
    public EcsDeployment WithTaskDefinitionFile(string path) => With(s => s with { Changes = s.Changes.SetFile(path) });

    /// <summary>Creates a copy that bases the new revision on the family's latest ACTIVE revision rather than the service's.</summary>
    [Pure]
    public EcsDeployment UseLatestTaskDefinition() => With(s => s with { Changes = s.Changes with { UseLatest = true } });

    /// <summary>Creates a copy that gives the new revision the tags of the revision it is based on.</summary>
    [Pure]
    public EcsDeployment CopyTaskDefinitionTags() => With(s => s with { Changes = s.Changes with { CopyTags = true } });

    /// <summary>Creates a copy that sets the service's desired count with the deployment (restored by a rollback).</summary>
    [Pure]
    public EcsDeployment WithDesiredCount(int desiredCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(desiredCount);
        return With(s => s with { DesiredCount = desiredCount });
    }

    /// <summary>Creates a copy that sets the deployment's minimum healthy and maximum percent; the rest of the deployment configuration is kept.</summary>
    [Pure]
    public EcsDeployment WithDeploymentLimits(int minimumHealthyPercent, int maximumPercent)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minimumHealthyPercent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minimumHealthyPercent, 100);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumPercent, 1);
        return With(s => s with { MinimumHealthyPercent = minimumHealthyPercent, MaximumPercent = maximumPercent });
    }

    /// <summary>Creates a copy that starts a new deployment even when nothing changed (ECS pulls the images again).</summary>
    [Pure]
    public EcsDeployment ForceNewDeployment() => With(s => s with { ForceNewDeployment = true });

    /// <summary>
    /// Creates a copy that registers nothing when the new revision would equal the one it is based on (it is
    /// deployed as it is), and does nothing at all when the service already runs it.
    /// </summary>
    [Pure]
    public EcsDeployment SkipIfUnchanged() => With(s => s with { SkipIfUnchanged = true });

    /// <summary>
    /// Creates a copy that gives each phase of the wait this budget, as ecs-deploy's <c>-t</c>: the new tasks running,
    /// then, afresh, the old tasks draining; a rollback (ours, or the wait for ECS's) gets it again. At most one day.
    /// </summary>
    [Pure]
    public EcsDeployment WithTimeout(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(timeout, TimeSpan.FromDays(1));
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

    /// <summary>
    /// Creates a copy that, after a success, deregisters the oldest ACTIVE revisions of the family beyond
    /// <paramref name="count"/>, never one the service's deployments use and never the rollback target.
    /// </summary>
    [Pure]
    public EcsDeployment KeepRevisions(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return With(s => s with { KeepRevisions = count });
    }

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

    /// <summary>Creates a copy that resolves, validates and returns the planned change (<see cref="DeploymentOutcome.Planned"/>) without any write call.</summary>
    [Pure]
    public EcsDeployment DryRun() => With(s => s with { DryRun = true });

    /// <summary>Creates a copy with polling settings.</summary>
    [Pure]
    public EcsDeployment WithPolling(DeploymentPollingOptions polling)
    {
        ArgumentNullException.ThrowIfNull(polling);
        return With(s => s with { Polling = polling });
    }

    /// <summary>Creates a copy that uses this ECS client (not disposed by the deployment).</summary>
    [Pure]
    public EcsDeployment WithClient(IEcsClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return With(s => s with { Client = client });
    }

    /// <summary>
    /// Creates a copy that reads failed containers' logs with this CloudWatch Logs client (not disposed). Without
    /// it, a deployment that builds its own clients from AWS settings builds one too; one given
    /// <see cref="WithClient"/> reads no logs.
    /// </summary>
    [Pure]
    public EcsDeployment WithLogsClient(ICloudWatchLogsClient logsClient)
    {
        ArgumentNullException.ThrowIfNull(logsClient);
        return With(s => s with { LogsClient = logsClient });
    }

    /// <summary>Creates a copy that adds this many last log lines of each failed container to the evidence (0 reads none).</summary>
    /// <value>The default value is 20.</value>
    [Pure]
    public EcsDeployment WithFailureLogLines(int lines)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lines);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lines, 10_000);
        return With(s => s with { FailureLogLines = lines });
    }

    /// <summary>Creates a copy that builds its client from these AWS settings: region, profile, credentials, role, endpoint.</summary>
    [Pure]
    public EcsDeployment WithAwsSettings(AwsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return With(s => s with { AwsSettings = settings });
    }

    /// <summary>Creates a copy that logs to <paramref name="logger"/>.</summary>
    [Pure]
    public EcsDeployment WithLogger(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return With(s => s with { Logger = logger });
    }

    /// <summary>Creates a copy that reports each <see cref="DeploymentEvent"/> to <paramref name="progress"/> as it happens.</summary>
    [Pure]
    public EcsDeployment WithProgress(IProgress<DeploymentEvent> progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return With(s => s with { Progress = progress });
    }

    /// <summary>Creates a copy that uses this clock for timestamps, polling and timeouts.</summary>
    [Pure]
    public EcsDeployment WithTimeProvider(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return With(s => s with { TimeProvider = timeProvider });
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
        using var clients = new ClientScope(_settings.Client, _settings.LogsClient, _settings.FailureLogLines > 0, _settings.AwsSettings, _settings.TimeProvider, _settings.Logger);
        var runner = new DeploymentRunner(_settings with { LogsClient = clients.Logs }, clients.Ecs);
        return await runner.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    private EcsDeployment With(Func<DeploymentSettings, DeploymentSettings> change) => new(change(_settings));
}
