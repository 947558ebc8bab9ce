using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Configuration;

namespace Ecs.BlueGreen.Tool;

/// <summary>
/// The clients of one run for one AWS service, one per region, made when first needed and disposed together. A region
/// that resolves to the command's own settings shares the command's client.
/// </summary>
/// <param name="settings">The command's settings.</param>
/// <param name="forRegion">The settings for a region other than the command's.</param>
/// <param name="create">Makes a client: the test's factory when given, else the real client.</param>
/// <param name="time">The run's clock, for every client.</param>
internal abstract class RegionalClients<TClient>(
    AwsSettings settings,
    Func<AwsSettings, string, AwsSettings> forRegion,
    Func<AwsSettings, AwsClientOptions, TClient> create,
    TimeProvider time) : IDisposable
    where TClient : class
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, TClient> _clients = new(StringComparer.Ordinal);

    /// <summary>The client of <paramref name="region"/>; <see langword="null"/> for the command's own.</summary>
    /// <exception cref="AwsConfigurationException">The settings do not resolve for that region.</exception>
    protected TClient ForRegion(string? region)
    {
        var regional = region is null ? settings : forRegion(settings, region);
        var key = ReferenceEquals(regional, settings) ? string.Empty : region!;
        lock (_lock)
        {
            if (!_clients.TryGetValue(key, out var client))
            {
                client = create(regional, new AwsClientOptions { TimeProvider = time });
                _clients[key] = client;
            }

            return client;
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            (client as IDisposable)?.Dispose();
        }
    }
}
