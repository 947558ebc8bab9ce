using Amazon.Runtime;

namespace Ecs.BlueGreen.Aws;

/// <summary>
/// A resolved place to send calls: the region, the endpoint and the credentials. Build one with
/// <c>AwsSettings.Resolve</c>, or directly for tests.
/// <see cref="ToString"/> never shows a credential.
/// </summary>
public sealed class AwsConnection
{
    /// <summary>Creates a connection.</summary>
    public AwsConnection(string region, Uri endpoint, AWSCredentials credentials)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(credentials);
        Region = region;
        Endpoint = endpoint;
        Credentials = credentials;
    }

    /// <summary>The region that requests are signed for.</summary>
    public string Region { get; }

    /// <summary>The URL requests are sent to.</summary>
    public Uri Endpoint { get; }

    /// <summary>The credentials requests are signed with.</summary>
    public AWSCredentials Credentials { get; }

    /// <summary>Where <see cref="Credentials"/> come from ("the AWS profile 'ci'"), for the message when they cannot be had.</summary>
    internal string? CredentialSource { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Endpoint} ({Region}, {Credentials.GetType().Name})";
}
