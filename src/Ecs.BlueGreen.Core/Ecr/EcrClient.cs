using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Configuration;
using Ecs.BlueGreen.Aws.Transport;
using Ecs.BlueGreen.Ecr.Model;

namespace Ecs.BlueGreen.Ecr;

/// <summary>
/// The Amazon ECR client over the AWS JSON 1.1 transport (target prefix <c>AmazonEC2ContainerRegistry_V20150921</c>,
/// signing name <c>ecr</c>, endpoint <c>api.ecr.REGION.amazonaws.com</c>).
/// </summary>
public sealed class EcrClient : IEcrClient, IDisposable
{
    private readonly AwsJsonTransport _transport;

    /// <summary>Creates a client for a resolved connection.</summary>
    public EcrClient(AwsConnection connection, AwsClientOptions? options = null)
    {
        _transport = new AwsJsonTransport(AwsService.Ecr, connection, options);
    }

    /// <summary>
    /// Creates a client, resolving region, endpoint (<c>AWS_ENDPOINT_URL_ECR</c>, then <c>AWS_ENDPOINT_URL</c>) and
    /// credentials from the settings and the environment. A registry's region is in its host name
    /// (<c>ACCOUNT.dkr.ecr.REGION.amazonaws.com</c>): see <see cref="EcrSettings.ForRegistryRegion"/>.
    /// </summary>
    /// <exception cref="AwsConfigurationException">Region or credentials are missing or contradictory.</exception>
    public static EcrClient Create(AwsSettings? settings = null, AwsClientOptions? options = null) =>
        new((settings ?? new AwsSettings()).Resolve(AwsService.Ecr), options);

    /// <summary>Where this client sends its calls.</summary>
    public AwsConnection Connection => _transport.Connection;

    /// <inheritdoc />
    public Task<DescribeImagesResponse> DescribeImagesAsync(DescribeImagesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var operation = EcrOperation.DescribeImages;
        return _transport.SendAsync<DescribeImagesRequest, DescribeImagesResponse>(operation.Name, request, operation.Kind, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose() => _transport.Dispose();
}
