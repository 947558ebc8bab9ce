using System.Text.RegularExpressions;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;

namespace Ecs.BlueGreen.Aws.Configuration;

/// <summary>
/// Credentials: explicit keys, or the EC2 instance profile when asked, or a named profile, or AWSSDK.Core's
/// default chain (environment, shared config and credentials files, SSO, assume-role profiles,
/// <c>credential_process</c>, web identity, container and instance metadata); then, when a role is
/// given, that role assumed through STS. A profile's role settings are checked here, and a failure of credentials
/// that are only fetched at the first call (<see cref="Explain"/>) is a configuration error too.
/// </summary>
internal static partial class AwsCredentialsResolver
{
    /// <summary>STS, for the endpoint of AssumeRole calls (<c>AWS_ENDPOINT_URL_STS</c> overrides it).</summary>
    internal static readonly AwsService Sts = new("STS", "AWSSecurityTokenServiceV20110615", "sts", "sts");

    /// <param name="settings">The settings.</param>
    /// <param name="region">The region, for STS.</param>
    /// <param name="environment">The environment.</param>
    /// <param name="source">Where the credentials come from, for messages: "the AWS profile 'ci'", ….</param>
    public static AWSCredentials Resolve(AwsSettings settings, string region, AwsEnvironment environment, out string source)
    {
        AwsSdkRuntimeDependencies.EnsureRegistered();
        var stsEndpoint = AwsEndpointResolver.Resolve(null, settings.UseFipsEndpoint, settings.UseDualStackEndpoint, Sts, region, environment);
        var credentials = WithOwnStsClient(ResolveSource(settings, environment, out source), region, stsEndpoint);
        if (string.IsNullOrWhiteSpace(settings.RoleArn))
        {
            return credentials;
        }

        source = $"the role {settings.RoleArn.Trim()} assumed with {source}";
        return new AssumeRoleCredentials(credentials, new AssumeRoleSettings(
            settings.RoleArn.Trim(),
            string.IsNullOrWhiteSpace(settings.RoleSessionName) ? "ecs-bluegreen" : settings.RoleSessionName.Trim(),
            string.IsNullOrWhiteSpace(settings.ExternalId) ? null : settings.ExternalId.Trim(),
            settings.RoleSessionDuration,
            region,
            stsEndpoint));
    }

    /// <summary>
    /// Credentials fetched at the first call (a <c>credential_process</c>, an assumed role, SSO) that could not be had:
    /// one sentence naming where they come from and what to fix.
    /// </summary>
    public static AwsConfigurationException Explain(string? source, Exception exception)
    {
        source ??= "the AWS configuration";
        var reason = Quoting.OneLine(exception.InnerException is { } inner && !exception.Message.Contains(inner.Message, StringComparison.Ordinal)
            ? $"{exception.Message}: {inner.Message}"
            : exception.Message);
        if (exception is ProcessAWSCredentialException)
        {
            // AWSSDK.Core's messages: "Command returned non-zero exit value N with the error - TEXT", or a malformed JSON document.
            var exited = ProcessExit().Match(reason);
            var what = exited.Success
                ? $"it exited with code {exited.Groups["code"].Value}{(exited.Groups["text"].Value.Length > 0 ? $": {exited.Groups["text"].Value}" : string.Empty)}"
                : reason.Contains("JSON", StringComparison.Ordinal) ? "it did not print the JSON document of credentials it must print" : reason;
            return new AwsConfigurationException(
                $"The credential_process of {source} failed ({what}); fix credential_process in the config file, or run the command by hand to see why.", exception);
        }

        return new AwsConfigurationException($"AWS credentials could not be obtained from {source} ({reason}); correct its settings or renew its session.", exception);
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

    private static AWSCredentials ResolveSource(AwsSettings settings, AwsEnvironment environment, out string source)
    {
        var hasKey = !string.IsNullOrWhiteSpace(settings.AccessKeyId);
        var hasSecret = !string.IsNullOrWhiteSpace(settings.SecretAccessKey);
        if (hasKey || hasSecret)
        {
            if (!hasKey || !hasSecret)
            {
                throw new AwsConfigurationException("An access key id and a secret access key go together: give both or neither.");
            }

            source = "the access key given";
            return string.IsNullOrWhiteSpace(settings.SessionToken)
                ? new BasicAWSCredentials(settings.AccessKeyId!.Trim(), settings.SecretAccessKey!.Trim())
                : new SessionAWSCredentials(settings.AccessKeyId!.Trim(), settings.SecretAccessKey!.Trim(), settings.SessionToken.Trim());
        }

        if (settings.UseInstanceProfile)
        {
            source = "the EC2 instance profile";
            return new InstanceProfileCredentials();
        }

        var store = new CredentialProfileStoreChain();
        var profileName = settings.Profile ?? environment.Get("AWS_PROFILE");
        if (profileName is not null)
        {
            source = $"the AWS profile '{profileName}'";
            if (AwsSharedFiles.Read(() => store.TryGetProfile(profileName, out var found) ? found : null) is not { } profile)
            {
                throw new AwsConfigurationException($"The AWS profile '{profileName}' was not found in the shared config or credentials file; check the name or run 'aws configure --profile {profileName}'.");
            }

            CheckRole(profileName, profile, store);
            if (AwsSharedFiles.Read(() => AWSCredentialsFactory.TryGetAWSCredentials(profile, store, out var found) ? found : null) is not { } fromProfile)
            {
                throw new AwsConfigurationException($"The AWS profile '{profileName}' has no usable credentials; add keys, an SSO session, a role or a credential_process to it.");
            }

            return fromProfile;
        }

        // The default chain reads the environment's keys first, then the default profile: a broken role there would
        // otherwise be passed over in silence and end as "no credentials".
        source = "the default credential chain";
        if (environment.Get("AWS_ACCESS_KEY_ID") is null && AwsSharedFiles.Read(() => store.TryGetProfile("default", out var found) ? found : null) is { } defaultProfile)
        {
            source = "the AWS profile 'default'";
            CheckRole("default", defaultProfile, store);
        }

        try
        {
            return AwsSharedFiles.Read(() => new DefaultAWSCredentialsIdentityResolver().ResolveIdentity(null));
        }
        catch (AmazonClientException exception)
        {
            throw new AwsConfigurationException(
                "No AWS credentials were found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, choose a profile (--profile or AWS_PROFILE), or run where a role is attached.",
                exception);
        }
    }

    /// <summary>
    /// A profile that assumes a role needs what to assume it with: a <c>source_profile</c> that exists, a
    /// <c>credential_source</c> or a web identity token file
    /// (https://docs.aws.amazon.com/sdkref/latest/guide/feature-assume-role-credentials.html). Source profiles are followed
    /// in a chain; a loop is left to the SDK, which allows a profile to name itself when it holds keys.
    /// </summary>
    private static void CheckRole(string name, CredentialProfile profile, CredentialProfileStoreChain store)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (seen.Add(name))
        {
            var options = profile.Options;
            if (string.IsNullOrEmpty(options.RoleArn))
            {
                return;
            }

            if (string.IsNullOrEmpty(options.SourceProfile))
            {
                if (string.IsNullOrEmpty(options.CredentialSource) && string.IsNullOrEmpty(options.WebIdentityTokenFile))
                {
                    throw new AwsConfigurationException($"The AWS profile '{name}' has a role_arn but no source_profile or credential_source to assume it with; add one of them.");
                }

                return;
            }

            var sourceName = options.SourceProfile;
            if (AwsSharedFiles.Read(() => store.TryGetProfile(sourceName, out var found) ? found : null) is not { } source)
            {
                throw new AwsConfigurationException(
                    $"The AWS profile '{name}' has source_profile = {sourceName}, but no profile '{sourceName}' is in the shared config or credentials file; add it or correct source_profile.");
            }

            (name, profile) = (sourceName, source);
        }
    }

    [GeneratedRegex(@"non-zero exit value (?<code>-?[0-9]+) with the error -\s*(?<text>.*)\z")]
    private static partial Regex ProcessExit();
}
