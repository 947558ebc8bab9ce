using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace Ecs.BlueGreen.Aws.Configuration;

/// <summary>What to assume: the role, session name, external id, duration, and where STS is.</summary>
internal sealed record AssumeRoleSettings(string RoleArn, string SessionName, string? ExternalId, TimeSpan Duration, string Region, Uri StsEndpoint);

/// <summary>
/// Credentials of an assumed role: STS AssumeRole signed with the source credentials, renewed by AWSSDK.Core's
/// <see cref="RefreshingAWSCredentials"/> before they expire, so a long deployment never runs out. It is AWSSDK.Core's
/// <see cref="AssumeRoleAWSCredentials"/> (as a profile's role is) with the STS client built here from the source
/// credentials, where the SDK would load one by reflection (not available to trimmed and Native AOT applications).
/// </summary>
internal sealed class AssumeRoleCredentials : AssumeRoleAWSCredentials
{
    private readonly AWSCredentials _source;
    private readonly AssumeRoleSettings _settings;

    public AssumeRoleCredentials(AWSCredentials source, AssumeRoleSettings settings)
        : base(source, settings.RoleArn, settings.SessionName, new AssumeRoleAWSCredentialsOptions { ExternalId = settings.ExternalId, DurationSeconds = (int)settings.Duration.TotalSeconds })
    {
        _source = source;
        _settings = settings;
        PreemptExpiryTime = TimeSpan.FromMinutes(5);
    }

    public AssumeRoleSettings Settings => _settings;

    protected override CredentialsRefreshState GenerateNewCredentials() =>
        GenerateNewCredentialsAsync().GetAwaiter().GetResult();

    protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
    {
        var config = new AmazonSecurityTokenServiceConfig
        {
            ServiceURL = _settings.StsEndpoint.ToString(),
            AuthenticationRegion = _settings.Region,
            MaxErrorRetry = 3,
        };
        using var sts = new AmazonSecurityTokenServiceClient(_source, config);
        var response = await sts.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = _settings.RoleArn,
            RoleSessionName = _settings.SessionName,
            ExternalId = _settings.ExternalId,
            DurationSeconds = (int)_settings.Duration.TotalSeconds,
        }).ConfigureAwait(false);

        var credentials = response.Credentials;
        return new CredentialsRefreshState(
            new ImmutableCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken),
            credentials.Expiration ?? throw new InvalidOperationException("STS returned credentials without an expiration."));
    }

    public override string ToString() => $"assumed role {_settings.RoleArn}";
}
