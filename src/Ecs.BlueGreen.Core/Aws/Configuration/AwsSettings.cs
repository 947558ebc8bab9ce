namespace Ecs.BlueGreen.Aws.Configuration;

/// <summary>
/// Where and as whom to call AWS, the way AWS users expect to say it. Every member is optional: what is
/// not set is found the way the AWS CLI finds it (environment, shared config and credentials files,
/// SSO, instance and container metadata). <see cref="ToString"/> never shows a secret.
/// </summary>
public sealed class AwsSettings
{
    /// <summary>The region, for example <c>eu-west-1</c>.</summary>
    /// <value>The default value is <see langword="null"/>: <c>AWS_REGION</c>, then <c>AWS_DEFAULT_REGION</c>, then the profile's <c>region</c>.</value>
    public string? Region { get; init; }

    /// <summary>A named profile of the shared config and credentials files.</summary>
    /// <value>The default value is <see langword="null"/>: <c>AWS_PROFILE</c>, then the default chain.</value>
    public string? Profile { get; init; }

    /// <summary>An explicit access key id; needs <see cref="SecretAccessKey"/>.</summary>
    public string? AccessKeyId { get; init; }

    /// <summary>An explicit secret access key; needs <see cref="AccessKeyId"/>.</summary>
    public string? SecretAccessKey { get; init; }

    /// <summary>An explicit session token, for temporary credentials.</summary>
    public string? SessionToken { get; init; }

    /// <summary>Use only the EC2 instance metadata service for credentials (ecs-deploy's <c>--aws-instance-profile</c>).</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool UseInstanceProfile { get; init; }

    /// <summary>A role to assume with the credentials found above, through STS AssumeRole.</summary>
    public string? RoleArn { get; init; }

    /// <summary>The session name of the assumed role.</summary>
    /// <value>The default value is <see langword="null"/>: <c>ecs-bluegreen</c>.</value>
    public string? RoleSessionName { get; init; }

    /// <summary>The external id the role's trust policy asks for.</summary>
    public string? ExternalId { get; init; }

    /// <summary>How long assumed-role credentials last before they are renewed.</summary>
    /// <value>The default value is 1 hour.</value>
    public TimeSpan RoleSessionDuration { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The service endpoint, for example a local emulator.</summary>
    /// <value>The default value is <see langword="null"/>: <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>, then <c>AWS_ENDPOINT_URL</c>, then the partition's endpoint.</value>
    public Uri? EndpointUrl { get; init; }

    /// <summary>Use FIPS endpoints.</summary>
    /// <value>The default value is <see langword="null"/>: <c>AWS_USE_FIPS_ENDPOINT</c>, else no.</value>
    public bool? UseFipsEndpoint { get; init; }

    /// <summary>Use dual-stack (IPv4 and IPv6) endpoints.</summary>
    /// <value>The default value is <see langword="null"/>: <c>AWS_USE_DUALSTACK_ENDPOINT</c>, else no.</value>
    public bool? UseDualStackEndpoint { get; init; }

    /// <summary>Resolves the region, endpoint and credentials for a service from these settings and the process environment.</summary>
    /// <exception cref="AwsConfigurationException">Something needed is missing or contradictory; the message says how to fix it.</exception>
    public AwsConnection Resolve(AwsService service) => Resolve(service, AwsEnvironment.Process);

    internal AwsConnection Resolve(AwsService service, AwsEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(service);
        var region = AwsRegionResolver.Resolve(this, environment);
        var endpoint = AwsEndpointResolver.Resolve(this, service, region, environment);
        var credentials = AwsCredentialsResolver.Resolve(this, region, environment, out var source);
        return new AwsConnection(region, endpoint, credentials) { CredentialSource = source };
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var parts = new List<string>();
        Add("region", Region);
        Add("profile", Profile);
        Add("access key id", AccessKeyId is null ? null : Mask(AccessKeyId));
        Add("role", RoleArn);
        Add("endpoint", EndpointUrl?.ToString());
        if (UseInstanceProfile)
        {
            parts.Add("instance profile");
        }

        return parts.Count == 0 ? "default AWS settings" : string.Join(", ", parts);

        void Add(string name, string? value)
        {
            if (value is not null)
            {
                parts.Add($"{name} {value}");
            }
        }
    }

    // An access key id is not secret, but showing only its start is enough to tell keys apart.
    private static string Mask(string accessKeyId) => accessKeyId.Length <= 4 ? "****" : accessKeyId[..4] + "****";
}
