using Microsoft.Extensions.Logging;

namespace Ecs.BlueGreen.Deployments.Engine;

/// <summary>Sends each event to the caller's progress sink and to the logger.</summary>
internal sealed partial class DeploymentReporter(string cluster, string service, IProgress<DeploymentEvent>? progress, ILogger logger, TimeProvider time)
{
    public TimeProvider Time => time;

    private long _lastReport = time.GetTimestamp();

    public DateTimeOffset Now => time.GetUtcNow();

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
        progress?.Report(deploymentEvent);
        switch (deploymentEvent)
        {
            case DeploymentProgressed e:
                LogProgress(logger, cluster, service, e.DeploymentId, e.Running, e.Desired, e.Pending, e.Failed);
                break;
            case TaskStopped { Task.IsFailure: true } e:
                LogTaskFailed(logger, cluster, service, e.Message);
                break;
            case StatusCheckFailed e:
                LogStatusCheckFailed(logger, cluster, service, e.Error);
                break;
            case DeploymentFinished { Outcome: DeploymentOutcome.Succeeded or DeploymentOutcome.Unchanged or DeploymentOutcome.Planned } e:
                LogFinished(logger, cluster, service, e.Outcome, e.Reason);
                break;
            case DeploymentFinished e:
                LogFinishedBadly(logger, cluster, service, e.Outcome, e.Reason);
                break;
            case RollbackStarted or RollbackFinished:
                LogRollback(logger, cluster, service, deploymentEvent.Message);
                break;
            case DeploymentWarning or AwsCallRetried or WriteChecked:
                LogWarning(logger, cluster, service, deploymentEvent.Message);
                break;
            default:
                LogEvent(logger, cluster, service, deploymentEvent.Message);
                break;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Cluster}/{Service}: {Text}")]
    private static partial void LogEvent(ILogger logger, string cluster, string service, string text);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "{Cluster}/{Service}: deployment {DeploymentId} {Running}/{Desired} running, {Pending} pending, {Failed} failed")]
    private static partial void LogProgress(ILogger logger, string cluster, string service, string deploymentId, int running, int desired, int pending, int failed);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Cluster}/{Service}: {Text}")]
    private static partial void LogTaskFailed(ILogger logger, string cluster, string service, string text);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "{Cluster}/{Service}: status check failed, retrying: {Error}")]
    private static partial void LogStatusCheckFailed(ILogger logger, string cluster, string service, string error);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "{Cluster}/{Service}: {Outcome}: {Reason}")]
    private static partial void LogFinished(ILogger logger, string cluster, string service, DeploymentOutcome outcome, string reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "{Cluster}/{Service}: {Outcome}: {Reason}")]
    private static partial void LogFinishedBadly(ILogger logger, string cluster, string service, DeploymentOutcome outcome, string reason);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "{Cluster}/{Service}: {Text}")]
    private static partial void LogRollback(ILogger logger, string cluster, string service, string text);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "{Cluster}/{Service}: {Text}")]
    private static partial void LogWarning(ILogger logger, string cluster, string service, string text);
}
