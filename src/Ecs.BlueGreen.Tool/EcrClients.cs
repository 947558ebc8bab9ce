using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Configuration;
using Ecs.BlueGreen.Ecr;

namespace Ecs.BlueGreen.Tool;

/// <summary>
/// The Amazon ECR clients of one run's image check, one per registry region (the region of the registry's host name,
/// <see cref="EcrSettings.ForRegistryRegion"/>), made when first needed and disposed together.
/// </summary>
internal sealed class EcrClients(AwsSettings settings, Func<AwsSettings, AwsClientOptions, IEcrClient>? factory, TimeProvider time)
    : RegionalClients<IEcrClient>(settings, (own, region) => own.ForRegistryRegion(region), factory ?? EcrClient.Create, time)
{
    /// <summary>The client of <paramref name="region"/>.</summary>
    /// <exception cref="AwsConfigurationException">The settings do not resolve for that region.</exception>
    public IEcrClient For(string region) => ForRegion(region);
}
