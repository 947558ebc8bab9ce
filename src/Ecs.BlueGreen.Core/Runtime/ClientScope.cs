using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Configuration;
using Ecs.BlueGreen.CodeDeploy;
using Ecs.BlueGreen.Ecr;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Logs;
using Microsoft.Extensions.Logging;

namespace Ecs.BlueGreen.Runtime;

/// <summary>
/// The clients of one run: the caller's when given (never disposed here), otherwise built from AWS settings
/// and disposed with the scope. A caller who gives an ECS client and no logs client gets no logs client. Built from
/// settings, a container's log in another region (its <c>awslogs-region</c>) is read with a client of that region, and
/// an ECR registry's images are checked with a client of the registry's region. A caller who gives an ECS client and no
/// ECR client gets no image check.
/// </summary>
internal sealed class ClientScope : IDisposable
{
    private readonly EcsClient? _ownedEcs;
    private readonly CloudWatchLogsClient? _ownedLogs;
    private readonly AwsSettings _settings;
    private readonly AwsClientOptions _options;
#if NET9_0_OR_GREATER
    private readonly Lock _lock = new();
#else
    // System.Threading.Lock is new in .NET 9 (https://learn.microsoft.com/dotnet/api/system.threading.lock); a plain object there.
    private readonly object _lock = new();
#endif
    private readonly Dictionary<string, CloudWatchLogsClient> _regionalLogs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EcrClient> _regionalEcr = new(StringComparer.Ordinal);
    private readonly bool _ownsClients;
    private Func<string, IEcrClient>? _ecrForRegion;
    private ICodeDeployClient? _codeDeploy;
    private CodeDeployClient? _ownedCodeDeploy;

    public ClientScope(IEcsClient? ecs, ICloudWatchLogsClient? logs, Func<string, ICloudWatchLogsClient>? logsForRegion, bool wantLogs, AwsSettings? settings, TimeProvider time, ILogger logger)
    {
        _settings = settings ?? new AwsSettings();
        _options = new AwsClientOptions { TimeProvider = time, Logger = logger };
        _ownedEcs = ecs is null ? EcsClient.Create(_settings, _options) : null;
        _ownedLogs = ecs is null && logs is null && wantLogs ? CloudWatchLogsClient.Create(_settings, _options) : null;
        _ownsClients = ecs is null;
        Ecs = ecs ?? _ownedEcs!;
        Logs = logs ?? _ownedLogs;
        LogsForRegion = logs is not null ? logsForRegion : _ownedLogs is not null ? OwnedLogsFor : null;
    }

    public IEcsClient Ecs { get; }

    public ICloudWatchLogsClient? Logs { get; }

    /// <summary>The logs client of a region a container logs to: the caller's, or one built from the settings in that region.</summary>
    public Func<string, ICloudWatchLogsClient>? LogsForRegion { get; }

    /// <summary>
    /// The ECR client of a registry's region: the caller's (set on creation), or, when the scope builds its own clients,
    /// one built from the settings in that region; <see langword="null"/> when the caller gave an ECS client and no ECR client.
    /// </summary>
    public Func<string, IEcrClient>? EcrForRegion
    {
        get => _ecrForRegion ?? (_ownsClients ? OwnedEcrFor : null);
        init => _ecrForRegion = value;
    }

    /// <summary>
    /// The CodeDeploy client: the caller's (set on creation), or, when the scope builds its own clients, one built from
    /// the settings on first use; <see langword="null"/> when the caller gave an ECS client and no CodeDeploy client.
    /// </summary>
    public ICodeDeployClient? CodeDeploy
    {
        get
        {
            if (_codeDeploy is not null || !_ownsClients)
            {
                return _codeDeploy;
            }

            lock (_lock)
            {
                return _ownedCodeDeploy ??= CodeDeployClient.Create(_settings, _options);
            }
        }

        init => _codeDeploy = value;
    }

    public void Dispose()
    {
        _ownedCodeDeploy?.Dispose();
        foreach (var client in _regionalEcr.Values)
        {
            client.Dispose();
        }

        _ownedEcs?.Dispose();
        _ownedLogs?.Dispose();
        foreach (var client in _regionalLogs.Values)
        {
            client.Dispose();
        }
    }

    private EcrClient OwnedEcrFor(string region)
    {
        var regional = _settings.ForRegistryRegion(region);
        var key = ReferenceEquals(regional, _settings) ? string.Empty : region;
        lock (_lock)
        {
            if (!_regionalEcr.TryGetValue(key, out var client))
            {
                client = EcrClient.Create(regional, _options);
                _regionalEcr[key] = client;
            }

            return client;
        }
    }

    private CloudWatchLogsClient OwnedLogsFor(string region)
    {
        var regional = _settings.ForLogRegion(region);
        if (ReferenceEquals(regional, _settings) || region == _ownedLogs!.Connection.Region)
        {
            return _ownedLogs!;
        }

        lock (_lock)
        {
            if (!_regionalLogs.TryGetValue(region, out var client))
            {
                client = CloudWatchLogsClient.Create(regional, _options);
                _regionalLogs[region] = client;
            }

            return client;
        }
    }
}
