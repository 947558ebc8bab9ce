using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Configuration;
using Ecs.BlueGreen.Ecr;

namespace Ecs.BlueGreen.Tool;

/// <summary>
/// The Amazon ECR clients of one run's image check, one per registry region (the region of the registry's host name,
/// <see cref="EcrSettings.ForRegistryRegion"/>), made when first needed and disposed together.
/// </summary>
internal sealed class EcrClients(AwsSettings settings, Func<AwsSettings, AwsClientOptions, IEcrClient>? factory, TimeProvider time) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, IEcrClient> _clients = new(StringComparer.Ordinal);

    /// <summary>The client of <paramref name="region"/>.</summary>
    /// <exception cref="AwsConfigurationException">The settings do not resolve for that region.</exception>
    public IEcrClient For(string region)
    {
        var regional = settings.ForRegistryRegion(region);
        var key = ReferenceEquals(regional, settings) ? string.Empty : region;
        lock (_lock)
        {
            if (!_clients.TryGetValue(key, out var client))
            {
                var options = new AwsClientOptions { TimeProvider = time };
                client = factory is not null ? factory(regional, options) : EcrClient.Create(regional, options);
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
