using System.Diagnostics.Contracts;
using Ecs.BlueGreen.Aws.Configuration;
using Ecs.BlueGreen.Ecs;
using Microsoft.Extensions.Logging;

namespace Ecs.BlueGreen.Runtime;

/// <summary>
/// What every operation of this library is configured with, written once: its clients, AWS settings, logger,
/// progress sink and clock. Immutable: each method returns a configured copy of the operation
/// (<see cref="Deployments.EcsDeployment"/>, <see cref="TaskDefinitions.EcsTaskDefinition"/>, <see cref="Tasks.EcsTask"/>).
/// </summary>
/// <typeparam name="TSelf">The operation's own type, which every method returns.</typeparam>
public abstract class EcsCommandBase<TSelf>
    where TSelf : EcsCommandBase<TSelf>
{
    private protected EcsCommandBase()
    {
    }

    private protected abstract OperationOptions Options { get; }

    /// <summary>Creates a copy that uses this ECS client (not disposed by the operation).</summary>
    [Pure]
    public TSelf WithClient(IEcsClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return WithOptions(Options with { Client = client });
    }

    /// <summary>Creates a copy that builds its clients from these AWS settings: region, profile, credentials, role, endpoint.</summary>
    [Pure]
    public TSelf WithAwsSettings(AwsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return WithOptions(Options with { AwsSettings = settings });
    }

    /// <summary>Creates a copy that logs to <paramref name="logger"/>.</summary>
    [Pure]
    public TSelf WithLogger(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return WithOptions(Options with { Logger = logger });
    }

    /// <summary>Creates a copy that reports each <see cref="DeploymentEvent"/> to <paramref name="progress"/> as it happens.</summary>
    [Pure]
    public TSelf WithProgress(IProgress<DeploymentEvent> progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return WithOptions(Options with { Progress = progress });
    }

    /// <summary>Creates a copy that uses this clock for timestamps, polling and timeouts.</summary>
    [Pure]
    public TSelf WithTimeProvider(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return WithOptions(Options with { TimeProvider = timeProvider });
    }

    private protected abstract TSelf WithOptions(OperationOptions options);
}
