namespace Ecs.BlueGreen.Aws.Configuration;

/// <summary>
/// Endpoint: explicit, then <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>, then <c>AWS_ENDPOINT_URL</c> (both
/// skipped when <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true</c>), then the partition's endpoint with FIPS
/// and dual-stack as asked (the service's endpoint rule set, for ECS botocore's <c>ecs/2014-11-13/endpoint-rule-set-1.json</c>;
/// the hosts are listed at https://docs.aws.amazon.com/general/latest/gr/ecs-service.html).
/// </summary>
internal static class AwsEndpointResolver
{
    public static Uri Resolve(AwsSettings settings, AwsService service, string region, AwsEnvironment environment) =>
        Resolve(settings.EndpointUrl, settings.UseFipsEndpoint, settings.UseDualStackEndpoint, service, region, environment);

    public static Uri Resolve(Uri? endpointUrl, bool? useFips, bool? useDualStack, AwsService service, string region, AwsEnvironment environment)
    {
        if (endpointUrl is { } explicitEndpoint)
        {
            // The rule set refuses a custom endpoint together with FIPS or dual-stack.
            if (useFips == true)
            {
                throw new AwsConfigurationException("Invalid configuration: FIPS and a custom endpoint cannot be used together; drop one of them.");
            }

            if (useDualStack == true)
            {
                throw new AwsConfigurationException("Invalid configuration: dual-stack and a custom endpoint cannot be used together; drop one of them.");
            }

            return CheckAbsolute(explicitEndpoint.ToString(), "The endpoint URL");
        }

        if (environment.GetBool("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") != true)
        {
            var serviceVariable = $"AWS_ENDPOINT_URL_{service.EnvironmentId}";
            if (environment.Get(serviceVariable) is { } serviceEndpoint)
            {
                return CheckAbsolute(serviceEndpoint, serviceVariable);
            }

            if (environment.Get("AWS_ENDPOINT_URL") is { } globalEndpoint)
            {
                return CheckAbsolute(globalEndpoint, "AWS_ENDPOINT_URL");
            }
        }

        var fips = useFips ?? environment.GetBool("AWS_USE_FIPS_ENDPOINT") ?? false;
        var dualStack = useDualStack ?? environment.GetBool("AWS_USE_DUALSTACK_ENDPOINT") ?? false;
        return AwsPartition.ForRegion(region).Endpoint(service.EndpointPrefix, region, fips, dualStack);
    }

    private static Uri CheckAbsolute(string value, string source) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new AwsConfigurationException($"{source} '{value}' is not an absolute http or https URL.");
}
