using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace Ecs.BlueGreen.Aws.Configuration;

/// <summary>
/// Credentials: explicit keys, or the EC2 instance profile when asked, or a named profile, or AWSSDK.Core's
/// default chain (environment, shared config and credentials files, SSO, assume-role profiles,
/// <c>credential_process</c>, web identity, container and instance metadata); then, when a role is
/// given, that role assumed through STS.
/// </summary>
internal static class AwsCredentialsResolver
{
    /// <summary>STS, for the endpoint of AssumeRole calls (<c>AWS_ENDPOINT_URL_STS</c> overrides it).</summary>
    internal static readonly AwsService Sts = new("STS", "AWSSecurityTokenServiceV20110615", "sts", "sts");

    public static AWSCredentials Resolve(AwsSettings settings, string region, AwsEnvironment environment)
    {
        AwsSdkRuntimeDependencies.EnsureRegistered();
        var stsEndpoint = AwsEndpointResolver.Resolve(null, settings.UseFipsEndpoint, settings.UseDualStackEndpoint, Sts, region, environment);
        var source = WithOwnStsClient(ResolveSource(settings, environment), region, stsEndpoint);
        if (string.IsNullOrWhiteSpace(settings.RoleArn))
        {
            return source;
        }

        return new AssumeRoleCredentials(source, new AssumeRoleSettings(
            settings.RoleArn.Trim(),
            string.IsNullOrWhiteSpace(settings.RoleSessionName) ? "ecs-bluegreen" : settings.RoleSessionName.Trim(),
            string.IsNullOrWhiteSpace(settings.ExternalId) ? null : settings.ExternalId.Trim(),
            settings.RoleSessionDuration,
            region,
            stsEndpoint));
    }

    /// <summary>
    /// Replaces AWSSDK.Core's STS-based credentials (a profile's <c>role_arn</c> with <c>source_profile</c> or
    /// <c>credential_source</c>, web identity) by equivalents that build their STS client here. The SDK loads its STS
    /// client by reflection, which trimmed and Native AOT applications do not have, and its registered replacement is
    /// not given the source credentials that AssumeRole must be signed with. A role that needs an MFA code is left to
    /// the SDK.
    /// </summary>
    internal static AWSCredentials WithOwnStsClient(AWSCredentials credentials, string region, Uri stsEndpoint) => credentials switch
    {
        AssumeRoleAWSCredentials role and not AssumeRoleCredentials when role.Options?.MfaSerialNumber is null => new AssumeRoleCredentials(
            WithOwnStsClient(role.SourceCredentials, region, stsEndpoint),
            new AssumeRoleSettings(
                role.RoleArn,
                role.RoleSessionName,
                role.Options?.ExternalId,
                TimeSpan.FromSeconds(role.Options?.DurationSeconds ?? 3600),
                region,
                stsEndpoint)),
        AssumeRoleWithWebIdentityCredentials webIdentity and not WebIdentityCredentials => new WebIdentityCredentials(webIdentity, region, stsEndpoint),
        _ => credentials,
    };

    private static AWSCredentials ResolveSource(AwsSettings settings, AwsEnvironment environment)
    {
        var hasKey = !string.IsNullOrWhiteSpace(settings.AccessKeyId);
        var hasSecret = !string.IsNullOrWhiteSpace(settings.SecretAccessKey);
        if (hasKey || hasSecret)
        {
            if (!hasKey || !hasSecret)
            {
                throw new AwsConfigurationException("An access key id and a secret access key go together: give both or neither.");
            }

            return string.IsNullOrWhiteSpace(settings.SessionToken)
                ? new BasicAWSCredentials(settings.AccessKeyId!.Trim(), settings.SecretAccessKey!.Trim())
                : new SessionAWSCredentials(settings.AccessKeyId!.Trim(), settings.SecretAccessKey!.Trim(), settings.SessionToken.Trim());
        }

        if (settings.UseInstanceProfile)
        {
            return new InstanceProfileCredentials();
        }

        var profileName = settings.Profile ?? environment.Get("AWS_PROFILE");
        if (profileName is not null)
        {
            var store = new CredentialProfileStoreChain();
            if (!store.TryGetProfile(profileName, out var profile))
            {
                throw new AwsConfigurationException($"The AWS profile '{profileName}' was not found in the shared config or credentials file; check the name or run 'aws configure --profile {profileName}'.");
            }

            if (!AWSCredentialsFactory.TryGetAWSCredentials(profile, store, out var fromProfile))
            {
                throw new AwsConfigurationException($"The AWS profile '{profileName}' has no usable credentials; add keys, an SSO session, a role or a credential_process to it.");
            }

            return fromProfile;
        }

        try
        {
            return new DefaultAWSCredentialsIdentityResolver().ResolveIdentity(null);
        }
        catch (AmazonClientException exception)
        {
            throw new AwsConfigurationException(
                "No AWS credentials were found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, choose a profile (--profile or AWS_PROFILE), or run where a role is attached.",
                exception);
        }
    }
}
