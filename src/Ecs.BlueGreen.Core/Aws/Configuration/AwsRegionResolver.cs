using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;

namespace Ecs.BlueGreen.Aws.Configuration;

/// <summary>
/// Region: explicit, then <c>AWS_REGION</c>, then <c>AWS_DEFAULT_REGION</c>, then the profile's <c>region</c>. The name
/// must be one of an AWS partition's region names (<see cref="AwsPartition.IsRegionName"/>), taken as given: a typo or
/// a trailing newline is refused here instead of becoming a host name that does not resolve.
/// </summary>
internal static class AwsRegionResolver
{
    public static string Resolve(AwsSettings settings, AwsEnvironment environment)
    {
        var (region, source) =
            !string.IsNullOrWhiteSpace(settings.Region) ? (settings.Region, "--region")
            : environment.Get("AWS_REGION") is { } fromRegion ? (fromRegion, "AWS_REGION")
            : environment.Get("AWS_DEFAULT_REGION") is { } fromDefault ? (fromDefault, "AWS_DEFAULT_REGION")
            : ProfileRegion(AwsProfiles.Name(settings, environment));
        if (region is null)
        {
            throw new AwsConfigurationException(
                "No AWS region is configured: pass a region (--region), set AWS_REGION, or add 'region' to your AWS profile.");
        }

        return AwsPartition.IsRegionName(region)
            ? region
            : throw new AwsConfigurationException(
                $"The AWS region {Quoting.Quote(region)} ({source}) is not an AWS region name such as us-east-1, eu-west-3, cn-north-1 or us-gov-west-1; correct it.");
    }

    private static (string? Region, string Source) ProfileRegion(string profileName)
    {
        var source = $"region of the AWS profile '{profileName}'";
        try
        {
            return (AwsSharedFiles.Read(() => new CredentialProfileStoreChain().TryGetProfile(profileName, out var profile) ? profile.Region?.SystemName : null), source);
        }
        catch (AmazonClientException exception)
        {
            // The SDK parses the profile's region into a RegionEndpoint and refuses one that is not a host name.
            throw new AwsConfigurationException($"The {source} is not an AWS region name ({Quoting.OneLine(exception.Message)}); correct it.", exception);
        }
    }
}
