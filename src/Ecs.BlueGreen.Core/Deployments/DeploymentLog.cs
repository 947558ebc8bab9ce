using Microsoft.Extensions.Logging;

namespace Ecs.BlueGreen.Deployments;

/// <summary>The log messages that carry a deployment's outcome, beside the others of <see cref="EngineLog"/>.</summary>
internal static partial class DeploymentLog
{
    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "{Cluster}/{Service}: {Outcome}: {Reason}")]
    public static partial void Finished(ILogger logger, string cluster, string service, DeploymentOutcome outcome, string reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "{Cluster}/{Service}: {Outcome}: {Reason}")]
    public static partial void FinishedBadly(ILogger logger, string cluster, string service, DeploymentOutcome outcome, string reason);
}
