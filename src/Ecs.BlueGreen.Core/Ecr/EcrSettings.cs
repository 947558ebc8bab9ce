using Ecs.BlueGreen.Aws.Configuration;
using Ecs.BlueGreen.Logs;

namespace Ecs.BlueGreen.Ecr;

/// <summary>Settings for calling Amazon ECR where a registry is.</summary>
public static class EcrSettings
{
    /// <summary>
    /// The settings for calling the ECR API of the registry in <paramref name="region"/> (the region of its host name,
    /// https://docs.aws.amazon.com/AmazonECR/latest/userguide/Registries.html): the same profile, credentials, role and
    /// endpoint options in that region. With an explicit <see cref="AwsSettings.EndpointUrl"/>, or when the region is
    /// already theirs, <paramref name="settings"/> themselves.
    /// </summary>
    public static AwsSettings ForRegistryRegion(this AwsSettings settings, string region) => settings.ForLogRegion(region);
}
