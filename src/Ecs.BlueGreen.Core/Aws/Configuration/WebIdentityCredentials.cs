using Amazon.Runtime;
using Amazon.Runtime.SharedInterfaces;
using Amazon.SecurityToken;

namespace Ecs.BlueGreen.Aws.Configuration;

/// <summary>
/// AWSSDK.Core's web identity credentials (<c>AWS_WEB_IDENTITY_TOKEN_FILE</c> and <c>AWS_ROLE_ARN</c>, or a profile's
/// <c>web_identity_token_file</c>) with the STS client built here rather than loaded by reflection: unsigned, as
/// AssumeRoleWithWebIdentity is (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html),
/// at the STS endpoint of this run (<c>AWS_ENDPOINT_URL_STS</c> included).
/// </summary>
internal sealed class WebIdentityCredentials(AssumeRoleWithWebIdentityCredentials source, string region, Uri stsEndpoint)
    : AssumeRoleWithWebIdentityCredentials(source.WebIdentityTokenFile, source.RoleArn, source.RoleSessionName)
{
    public string Region => region;

    public Uri StsEndpoint => stsEndpoint;

    protected override ICoreAmazonSTS CreateClient() =>
        new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), new AmazonSecurityTokenServiceConfig
        {
            ServiceURL = stsEndpoint.ToString(),
            AuthenticationRegion = region,
            MaxErrorRetry = 3,
        });

    public override string ToString() => $"web identity role {RoleArn}";
}
