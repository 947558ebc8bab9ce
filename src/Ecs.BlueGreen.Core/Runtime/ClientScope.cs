using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Configuration;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Logs;
using Microsoft.Extensions.Logging;

namespace Ecs.BlueGreen.Runtime;

/// <summary>
/// The clients of one run: the caller's when given (never disposed here), otherwise built from AWS settings
/// and disposed with the scope. A caller who gives an ECS client and no logs client gets no logs client.
/// </summary>
internal sealed class ClientScope : IDisposable
{
    private readonly EcsClient? _ownedEcs;
    private readonly CloudWatchLogsClient? _ownedLogs;

    public ClientScope(IEcsClient? ecs, ICloudWatchLogsClient? logs, bool wantLogs, AwsSettings? settings, TimeProvider time, ILogger logger)
    {
        var options = new AwsClientOptions { TimeProvider = time, Logger = logger };
        _ownedEcs = ecs is null ? EcsClient.Create(settings, options) : null;
        _ownedLogs = ecs is null && logs is null && wantLogs ? CloudWatchLogsClient.Create(settings, options) : null;
        Ecs = ecs ?? _ownedEcs!;
        Logs = logs ?? _ownedLogs;
    }

    public IEcsClient Ecs { get; }

    public ICloudWatchLogsClient? Logs { get; }

    public void Dispose()
    {
        _ownedEcs?.Dispose();
        _ownedLogs?.Dispose();
    }
}
