using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Configuration;
using Ecs.BlueGreen.Aws.Transport;
using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.Ecs;

/// <summary>The ECS client over the AWS JSON 1.1 transport.</summary>
public sealed class EcsClient : IEcsClient, IDisposable
{
    private readonly AwsJsonTransport _transport;

    /// <summary>Creates a client for a resolved connection.</summary>
    public EcsClient(AwsConnection connection, AwsClientOptions? options = null)
    {
        _transport = new AwsJsonTransport(AwsService.Ecs, connection, options);
    }

    /// <summary>Creates a client, resolving region, endpoint and credentials from the settings and the environment.</summary>
    /// <exception cref="AwsConfigurationException">Region or credentials are missing or contradictory.</exception>
    public static EcsClient Create(AwsSettings? settings = null, AwsClientOptions? options = null) =>
        new((settings ?? new AwsSettings()).Resolve(AwsService.Ecs), options);

    /// <summary>Where this client sends its calls.</summary>
    public AwsConnection Connection => _transport.Connection;

    /// <inheritdoc />
    public Task<DescribeClustersResponse> DescribeClustersAsync(DescribeClustersRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<DescribeClustersRequest, DescribeClustersResponse>(EcsOperation.DescribeClusters, request, cancellationToken);

    /// <inheritdoc />
    public Task<DescribeServicesResponse> DescribeServicesAsync(DescribeServicesRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<DescribeServicesRequest, DescribeServicesResponse>(EcsOperation.DescribeServices, request, cancellationToken);

    /// <inheritdoc />
    public Task<ListClustersResponse> ListClustersAsync(ListClustersRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<ListClustersRequest, ListClustersResponse>(EcsOperation.ListClusters, request, cancellationToken);

    /// <inheritdoc />
    public Task<ListServicesResponse> ListServicesAsync(ListServicesRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<ListServicesRequest, ListServicesResponse>(EcsOperation.ListServices, request, cancellationToken);

    /// <inheritdoc />
    public Task<CreateServiceResponse> CreateServiceAsync(CreateServiceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<CreateServiceRequest, CreateServiceResponse>(EcsOperation.CreateService, request with { ClientToken = request.ClientToken ?? NewClientToken() }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<UpdateServiceResponse> UpdateServiceAsync(UpdateServiceRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<UpdateServiceRequest, UpdateServiceResponse>(EcsOperation.UpdateService, request, cancellationToken);

    /// <inheritdoc />
    public Task<DescribeTaskDefinitionResponse> DescribeTaskDefinitionAsync(DescribeTaskDefinitionRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<DescribeTaskDefinitionRequest, DescribeTaskDefinitionResponse>(EcsOperation.DescribeTaskDefinition, request, cancellationToken);

    /// <inheritdoc />
    public Task<RegisterTaskDefinitionResponse> RegisterTaskDefinitionAsync(RegisterTaskDefinitionRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<RegisterTaskDefinitionRequest, RegisterTaskDefinitionResponse>(EcsOperation.RegisterTaskDefinition, request, cancellationToken);

    /// <inheritdoc />
    public Task<DeregisterTaskDefinitionResponse> DeregisterTaskDefinitionAsync(DeregisterTaskDefinitionRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<DeregisterTaskDefinitionRequest, DeregisterTaskDefinitionResponse>(EcsOperation.DeregisterTaskDefinition, request, cancellationToken);

    /// <inheritdoc />
    public Task<ListTaskDefinitionsResponse> ListTaskDefinitionsAsync(ListTaskDefinitionsRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<ListTaskDefinitionsRequest, ListTaskDefinitionsResponse>(EcsOperation.ListTaskDefinitions, request, cancellationToken);

    /// <inheritdoc />
    public Task<ListTasksResponse> ListTasksAsync(ListTasksRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<ListTasksRequest, ListTasksResponse>(EcsOperation.ListTasks, request, cancellationToken);

    /// <inheritdoc />
    public Task<DescribeTasksResponse> DescribeTasksAsync(DescribeTasksRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<DescribeTasksRequest, DescribeTasksResponse>(EcsOperation.DescribeTasks, request, cancellationToken);

    /// <inheritdoc />
    public Task<RunTaskResponse> RunTaskAsync(RunTaskRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync<RunTaskRequest, RunTaskResponse>(EcsOperation.RunTask, request with { ClientToken = request.ClientToken ?? NewClientToken() }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<StopTaskResponse> StopTaskAsync(StopTaskRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<StopTaskRequest, StopTaskResponse>(EcsOperation.StopTask, request, cancellationToken);

    /// <inheritdoc />
    public Task<ListServiceDeploymentsResponse> ListServiceDeploymentsAsync(ListServiceDeploymentsRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<ListServiceDeploymentsRequest, ListServiceDeploymentsResponse>(EcsOperation.ListServiceDeployments, request, cancellationToken);

    /// <inheritdoc />
    public Task<DescribeServiceDeploymentsResponse> DescribeServiceDeploymentsAsync(DescribeServiceDeploymentsRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<DescribeServiceDeploymentsRequest, DescribeServiceDeploymentsResponse>(EcsOperation.DescribeServiceDeployments, request, cancellationToken);

    /// <inheritdoc />
    public Task<StopServiceDeploymentResponse> StopServiceDeploymentAsync(StopServiceDeploymentRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<StopServiceDeploymentRequest, StopServiceDeploymentResponse>(EcsOperation.StopServiceDeployment, request, cancellationToken);

    /// <inheritdoc />
    public Task<ContinueServiceDeploymentResponse> ContinueServiceDeploymentAsync(ContinueServiceDeploymentRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<ContinueServiceDeploymentRequest, ContinueServiceDeploymentResponse>(EcsOperation.ContinueServiceDeployment, request, cancellationToken);

    /// <inheritdoc />
    public Task<DescribeServiceRevisionsResponse> DescribeServiceRevisionsAsync(DescribeServiceRevisionsRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<DescribeServiceRevisionsRequest, DescribeServiceRevisionsResponse>(EcsOperation.DescribeServiceRevisions, request, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _transport.Dispose();

    private Task<TResponse> SendAsync<TRequest, TResponse>(AwsOperation operation, TRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _transport.SendAsync<TRequest, TResponse>(operation.Name, request, operation.Kind, cancellationToken);
    }

    // ECS's idempotency tokens are up to 64 ASCII characters.
    private static string NewClientToken() => Guid.NewGuid().ToString("N");
}
