using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Configuration;
using Ecs.BlueGreen.Aws.Transport;
using Ecs.BlueGreen.Logs.Model;

namespace Ecs.BlueGreen.Logs;

/// <summary>The CloudWatch Logs client over the AWS JSON 1.1 transport (target prefix <c>Logs_20140328</c>, signing name <c>logs</c>).</summary>
public sealed class CloudWatchLogsClient : ICloudWatchLogsClient, IDisposable
{
    private readonly AwsJsonTransport _transport;

    /// <summary>Creates a client for a resolved connection.</summary>
    public CloudWatchLogsClient(AwsConnection connection, AwsClientOptions? options = null)
    {
        _transport = new AwsJsonTransport(AwsService.CloudWatchLogs, connection, options);
    }

    /// <summary>
    /// Creates a client, resolving region, endpoint (<c>AWS_ENDPOINT_URL_CLOUDWATCH_LOGS</c>, then
    /// <c>AWS_ENDPOINT_URL</c>) and credentials from the settings and the environment.
    /// </summary>
    /// <exception cref="AwsConfigurationException">Region or credentials are missing or contradictory.</exception>
    public static CloudWatchLogsClient Create(AwsSettings? settings = null, AwsClientOptions? options = null) =>
        new((settings ?? new AwsSettings()).Resolve(AwsService.CloudWatchLogs), options);

    /// <summary>Where this client sends its calls.</summary>
    public AwsConnection Connection => _transport.Connection;

    /// <inheritdoc />
    public Task<GetLogEventsResponse> GetLogEventsAsync(GetLogEventsRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<GetLogEventsRequest, GetLogEventsResponse>(CloudWatchLogsOperation.GetLogEvents, request, cancellationToken);

    /// <inheritdoc />
    public Task<FilterLogEventsResponse> FilterLogEventsAsync(FilterLogEventsRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<FilterLogEventsRequest, FilterLogEventsResponse>(CloudWatchLogsOperation.FilterLogEvents, request, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _transport.Dispose();

    private Task<TResponse> SendAsync<TRequest, TResponse>(AwsOperation operation, TRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _transport.SendAsync<TRequest, TResponse>(operation.Name, request, operation.Kind, cancellationToken);
    }
}
