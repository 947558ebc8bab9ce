using Amazon.Runtime.CredentialManagement;

namespace Ecs.BlueGreen.Aws.Configuration;

/// <summary>Region: explicit, then <c>AWS_REGION</c>, then <c>AWS_DEFAULT_REGION</c>, then the profile's <c>region</c>.</summary>
internal static class AwsRegionResolver
{
    public static string Resolve(AwsSettings settings, AwsEnvironment environment)
    {
        var region = Clean(settings.Region)
            ?? environment.Get("AWS_REGION")
            ?? environment.Get("AWS_DEFAULT_REGION")
            ?? ProfileRegion(AwsProfiles.Name(settings, environment));
        return region ?? throw new AwsConfigurationException(
            "No AWS region is configured: pass a region (--region), set AWS_REGION, or add 'region' to your AWS profile.");
    }

    private static string? ProfileRegion(string profileName) =>
        new CredentialProfileStoreChain().TryGetProfile(profileName, out var profile) ? profile.Region?.SystemName : null;

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
