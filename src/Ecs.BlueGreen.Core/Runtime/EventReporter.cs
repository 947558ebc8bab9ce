using Microsoft.Extensions.Logging;

namespace Ecs.BlueGreen.Runtime;

/// <summary>
/// Sends each event of a run to the caller's progress sink and to the logger, stamped with the run's cluster and
/// service and with the deployment it concerns (<see cref="DeploymentId"/>, unless the event names its own), so that
/// events of several runs can be told apart.
/// </summary>
internal sealed class EventReporter(string cluster, string service, IProgress<DeploymentEvent>? progress, ILogger logger, TimeProvider time)
{
    private long _lastReport = time.GetTimestamp();

    public TimeProvider Time => time;

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The deployment that events from now on concern: ours once the service is updated, our rollback's while it runs.</summary>
    public string? DeploymentId { get; set; }

    /// <summary>How long ago the last event was reported (or the reporter was made).</summary>
    public TimeSpan SinceLastReport => time.GetElapsedTime(Interlocked.Read(ref _lastReport));

    /// <summary>Adds a warning to a result's list and reports it as it happens.</summary>
    public void Warn(ICollection<string> warnings, string warning)
    {
        warnings.Add(warning);
        Report(new DeploymentWarning { Time = Now, Warning = warning });
    }

    public void Report(DeploymentEvent deploymentEvent)
    {
        Interlocked.Exchange(ref _lastReport, time.GetTimestamp());
        deploymentEvent.Cluster = cluster;
        deploymentEvent.Service = service;
        deploymentEvent.DeploymentId ??= DeploymentId;
        progress?.Report(deploymentEvent);
        deploymentEvent.Log(logger);
    }
}
