using Microsoft.Extensions.Logging;

namespace Ecs.BlueGreen;

/// <summary>
/// The library's log messages: stable event ids and structured names (<c>{Cluster}</c>, <c>{Service}</c>,
/// <c>{DeploymentId}</c>), generated at compile time (https://learn.microsoft.com/dotnet/core/extensions/logger-message-generator).
/// Each <see cref="DeploymentEvent"/> says which one it is written with (event ids 5 and 6, which carry a
/// deployment outcome, are in <c>Deployments.DeploymentLog</c>).
/// </summary>
internal static partial class EngineLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Cluster}/{Service}: {Text}")]
    public static partial void Event(ILogger logger, string cluster, string service, string text);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "{Cluster}/{Service}: deployment {DeploymentId} {Running}/{Desired} running, {Pending} pending, {Failed} failed")]
    public static partial void Progress(ILogger logger, string cluster, string service, string deploymentId, int running, int desired, int pending, int failed);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Cluster}/{Service}: {Text}")]
    public static partial void TaskFailed(ILogger logger, string cluster, string service, string text);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "{Cluster}/{Service}: status check failed, retrying: {Error}")]
    public static partial void StatusCheckFailed(ILogger logger, string cluster, string service, string error);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "{Cluster}/{Service}: {Text}")]
    public static partial void Rollback(ILogger logger, string cluster, string service, string text);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "{Cluster}/{Service}: {Text}")]
    public static partial void Warning(ILogger logger, string cluster, string service, string text);
}
