using Amazon.Runtime;
using Amazon.RuntimeDependencies;
using Amazon.SSO;
using Amazon.SSOOIDC;

namespace Ecs.BlueGreen.Aws.Configuration;

/// <summary>
/// Gives AWSSDK.Core the SSO and SSO OIDC clients it would otherwise load by reflection, which a trimmed or Native AOT
/// application does not have (https://docs.aws.amazon.com/sdkfornet/v4/apidocs/items/RuntimeDependencies/TGlobalRuntimeDependencyRegistry.html).
/// Both sign nothing (GetRoleCredentials and CreateToken carry the SSO token), so they are built exactly as the SDK's own
/// fallback builds them: anonymous credentials, the region and proxy the SDK asks for. STS is not registered: a
/// registered factory is not told the source credentials an AssumeRole call must be signed with, so the STS-based
/// credentials are replaced by ones that build their STS client themselves (<see cref="AwsCredentialsResolver"/>).
/// </summary>
internal static class AwsSdkRuntimeDependencies
{
    private static readonly Lazy<bool> Registered = new(Register);

    /// <summary>Registers the clients once per process.</summary>
    public static void EnsureRegistered() => _ = Registered.Value;

    private static bool Register()
    {
        var registry = GlobalRuntimeDependencyRegistry.Instance;
        registry.RegisterSSOClient(context =>
        {
            var config = new AmazonSSOConfig { RegionEndpoint = context.SSOClientContextData.Region };
            if (context.SSOClientContextData.ProxySettings is { } proxy)
            {
                config.SetWebProxy(proxy);
            }

            return new AmazonSSOClient(new AnonymousAWSCredentials(), config);
        });
        registry.RegisterSSOOIDCClient(context =>
        {
            var config = new AmazonSSOOIDCConfig { RegionEndpoint = context.SSOOIDCClientContextData.Region };
            if (context.SSOOIDCClientContextData.ProxySettings is { } proxy)
            {
                config.SetWebProxy(proxy);
            }

            return new AmazonSSOOIDCClient(new AnonymousAWSCredentials(), config);
        });
        return true;
    }
}
