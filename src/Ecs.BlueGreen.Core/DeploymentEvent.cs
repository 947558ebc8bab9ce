using Microsoft.Extensions.Logging;

namespace Ecs.BlueGreen;

/// <summary>
/// Something that happened during a deployment, reported through <c>WithProgress</c> as it happens.
/// Switch on the concrete type for details; <see cref="Message"/> is a line for a person.
/// </summary>
public abstract class DeploymentEvent
{
    /// <summary>When it happened, by the deployment's clock.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>The cluster of the run that reported it.</summary>
    public string Cluster { get; internal set; } = string.Empty;

    /// <summary>The service of the run (for a task definition or a one-off task, what the run is about).</summary>
    public string Service { get; internal set; } = string.Empty;

    /// <summary>The ECS deployment it concerns (ours, or our rollback's), once there is one.</summary>
    public string? DeploymentId { get; internal set; }

    /// <summary>A line for a person.</summary>
    public abstract string Message { get; }

    /// <inheritdoc />
    public override string ToString() => Message;

    /// <summary>Writes the event to a logger, with a stable event id per kind (<see cref="EngineLog"/>).</summary>
    internal virtual void Log(ILogger logger) => EngineLog.Event(logger, Cluster, Service, Message);

    internal static string Short(string? arn) => Describe.Short(arn);

    internal static string Duration(TimeSpan span) => Describe.Duration(span);
}

/// <summary>A status call failed (throttling, a server error); the wait goes on.</summary>
public sealed class StatusCheckFailed : DeploymentEvent
{
    /// <summary>What failed.</summary>
    public required string Error { get; init; }

    /// <inheritdoc />
    public override string Message => $"Status check failed, retrying: {Error}";

    internal override void Log(ILogger logger) => EngineLog.StatusCheckFailed(logger, Cluster, Service, Error);
}

/// <summary>A call failed transiently past the client's own retries; it is tried again after <see cref="Delay"/>.</summary>
public sealed class AwsCallRetried : DeploymentEvent
{
    /// <summary>The operation.</summary>
    public required string Operation { get; init; }

    /// <summary>What failed.</summary>
    public required string Error { get; init; }

    /// <summary>The wait before the next try.</summary>
    public TimeSpan Delay { get; init; }

    /// <inheritdoc />
    public override string Message => $"{Operation} failed, trying again in {Duration(Delay)}: {Error}";

    internal override void Log(ILogger logger) => EngineLog.Warning(logger, Cluster, Service, Message);
}

/// <summary>A write's answer was lost (a dropped connection, a timeout, a 5xx); ECS was read to learn whether it took effect.</summary>
public sealed class WriteChecked : DeploymentEvent
{
    /// <summary>The operation.</summary>
    public required string Operation { get; init; }

    /// <summary>Whether ECS shows that it took effect (then it is not sent again).</summary>
    public required bool Applied { get; init; }

    /// <summary>What happened to the answer.</summary>
    public required string Error { get; init; }

    /// <inheritdoc />
    public override string Message => Applied
        ? $"{Operation}'s answer was lost ({Error}); ECS shows it took effect, so it is not sent again."
        : $"{Operation}'s answer was lost ({Error}); ECS shows it did not take effect, so it is sent again.";

    internal override void Log(ILogger logger) => EngineLog.Warning(logger, Cluster, Service, Message);
}

/// <summary>Something could not be read or done, without changing the outcome (evidence, clean-up).</summary>
public sealed class DeploymentWarning : DeploymentEvent
{
    /// <summary>What went wrong.</summary>
    public required string Warning { get; init; }

    /// <inheritdoc />
    public override string Message => $"warning: {Warning}";

    internal override void Log(ILogger logger) => EngineLog.Warning(logger, Cluster, Service, Message);
}
