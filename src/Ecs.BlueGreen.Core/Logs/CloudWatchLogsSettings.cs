using Ecs.BlueGreen.Aws.Configuration;

namespace Ecs.BlueGreen.Logs;

/// <summary>Settings for reading a container's log where the <c>awslogs</c> driver sends it.</summary>
public static class CloudWatchLogsSettings
{
    /// <summary>
    /// The settings for reading a log group in <paramref name="region"/>, a container's <c>awslogs-region</c>
    /// (ecs#LogConfiguration.options; https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html):
    /// the same profile, credentials, role and endpoint options in that region. With an explicit
    /// <see cref="AwsSettings.EndpointUrl"/> (one endpoint for every region: an emulator, a proxy), or when the region
    /// is already theirs, <paramref name="settings"/> themselves.
    /// </summary>
    public static AwsSettings ForLogRegion(this AwsSettings settings, string region)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        return settings.EndpointUrl is not null || region == settings.Region ? settings : new AwsSettings
        {
            Region = region,
            Profile = settings.Profile,
            AccessKeyId = settings.AccessKeyId,
            SecretAccessKey = settings.SecretAccessKey,
            SessionToken = settings.SessionToken,
            UseInstanceProfile = settings.UseInstanceProfile,
            RoleArn = settings.RoleArn,
            RoleSessionName = settings.RoleSessionName,
            ExternalId = settings.ExternalId,
            RoleSessionDuration = settings.RoleSessionDuration,
            EndpointUrl = settings.EndpointUrl,
            UseFipsEndpoint = settings.UseFipsEndpoint,
            UseDualStackEndpoint = settings.UseDualStackEndpoint,
        };
    }
}
