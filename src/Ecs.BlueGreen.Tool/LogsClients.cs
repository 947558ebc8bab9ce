using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Configuration;
using Ecs.BlueGreen.Logs;

namespace Ecs.BlueGreen.Tool;

/// <summary>
/// The CloudWatch Logs clients of one run, one per region, made when first needed and disposed together. A container
/// whose <c>awslogs-region</c> names a region is read there (<see cref="CloudWatchLogsSettings.ForLogRegion"/>);
/// without one it is read with the command's own settings.
/// </summary>
internal sealed class LogsClients(AwsSettings settings, Func<AwsSettings, AwsClientOptions, ICloudWatchLogsClient>? factory, TimeProvider time)
    : RegionalClients<ICloudWatchLogsClient>(settings, (own, region) => own.ForLogRegion(region), factory ?? CloudWatchLogsClient.Create, time)
{
    /// <summary>The client of the command's own region.</summary>
    public ICloudWatchLogsClient Default => For(null);

    /// <summary>The client of <paramref name="region"/>; <see langword="null"/> for the command's own.</summary>
    /// <exception cref="AwsConfigurationException">The settings do not resolve for that region.</exception>
    public ICloudWatchLogsClient For(string? region) => ForRegion(region);
}
