using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Configuration;
using Ecs.BlueGreen.Aws.Transport;
using Ecs.BlueGreen.CodeDeploy.Model;

namespace Ecs.BlueGreen.CodeDeploy;

/// <summary>
/// The AWS CodeDeploy client over the AWS JSON 1.1 transport (target prefix <c>CodeDeploy_20141006</c>, signing name
/// <c>codedeploy</c>, endpoint <c>codedeploy.REGION.amazonaws.com</c>).
/// </summary>
public sealed class CodeDeployClient : ICodeDeployClient, IDisposable
{
    private readonly AwsJsonTransport _transport;

    /// <summary>Creates a client for a resolved connection.</summary>
    public CodeDeployClient(AwsConnection connection, AwsClientOptions? options = null)
    {
        _transport = new AwsJsonTransport(AwsService.CodeDeploy, connection, options);
    }

    /// <summary>
    /// Creates a client, resolving region, endpoint (<c>AWS_ENDPOINT_URL_CODEDEPLOY</c>, then <c>AWS_ENDPOINT_URL</c>)
    /// and credentials from the settings and the environment.
    /// </summary>
    /// <exception cref="AwsConfigurationException">Region or credentials are missing or contradictory.</exception>
    public static CodeDeployClient Create(AwsSettings? settings = null, AwsClientOptions? options = null) =>
        new((settings ?? new AwsSettings()).Resolve(AwsService.CodeDeploy), options);

    /// <summary>Where this client sends its calls.</summary>
    public AwsConnection Connection => _transport.Connection;

    /// <inheritdoc />
    public Task<GetApplicationResponse> GetApplicationAsync(GetApplicationRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<GetApplicationRequest, GetApplicationResponse>(CodeDeployOperation.GetApplication, request, cancellationToken);

    /// <inheritdoc />
    public Task<ListApplicationsResponse> ListApplicationsAsync(ListApplicationsRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<ListApplicationsRequest, ListApplicationsResponse>(CodeDeployOperation.ListApplications, request, cancellationToken);

    /// <inheritdoc />
    public Task<GetDeploymentGroupResponse> GetDeploymentGroupAsync(GetDeploymentGroupRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<GetDeploymentGroupRequest, GetDeploymentGroupResponse>(CodeDeployOperation.GetDeploymentGroup, request, cancellationToken);

    /// <inheritdoc />
    public Task<ListDeploymentGroupsResponse> ListDeploymentGroupsAsync(ListDeploymentGroupsRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<ListDeploymentGroupsRequest, ListDeploymentGroupsResponse>(CodeDeployOperation.ListDeploymentGroups, request, cancellationToken);

    /// <inheritdoc />
    public Task<GetDeploymentConfigResponse> GetDeploymentConfigAsync(GetDeploymentConfigRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<GetDeploymentConfigRequest, GetDeploymentConfigResponse>(CodeDeployOperation.GetDeploymentConfig, request, cancellationToken);

    /// <inheritdoc />
    public Task<CreateDeploymentResponse> CreateDeploymentAsync(CreateDeploymentRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<CreateDeploymentRequest, CreateDeploymentResponse>(CodeDeployOperation.CreateDeployment, request, cancellationToken);

    /// <inheritdoc />
    public Task<GetDeploymentResponse> GetDeploymentAsync(GetDeploymentRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<GetDeploymentRequest, GetDeploymentResponse>(CodeDeployOperation.GetDeployment, request, cancellationToken);

    /// <inheritdoc />
    public Task<BatchGetDeploymentsResponse> BatchGetDeploymentsAsync(BatchGetDeploymentsRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<BatchGetDeploymentsRequest, BatchGetDeploymentsResponse>(CodeDeployOperation.BatchGetDeployments, request, cancellationToken);

    /// <inheritdoc />
    public Task<ListDeploymentsResponse> ListDeploymentsAsync(ListDeploymentsRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<ListDeploymentsRequest, ListDeploymentsResponse>(CodeDeployOperation.ListDeployments, request, cancellationToken);

    /// <inheritdoc />
    public Task<ListDeploymentTargetsResponse> ListDeploymentTargetsAsync(ListDeploymentTargetsRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<ListDeploymentTargetsRequest, ListDeploymentTargetsResponse>(CodeDeployOperation.ListDeploymentTargets, request, cancellationToken);

    /// <inheritdoc />
    public Task<BatchGetDeploymentTargetsResponse> BatchGetDeploymentTargetsAsync(BatchGetDeploymentTargetsRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<BatchGetDeploymentTargetsRequest, BatchGetDeploymentTargetsResponse>(CodeDeployOperation.BatchGetDeploymentTargets, request, cancellationToken);

    /// <inheritdoc />
    public Task<ContinueDeploymentResponse> ContinueDeploymentAsync(ContinueDeploymentRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<ContinueDeploymentRequest, ContinueDeploymentResponse>(CodeDeployOperation.ContinueDeployment, request, cancellationToken);

    /// <inheritdoc />
    public Task<StopDeploymentResponse> StopDeploymentAsync(StopDeploymentRequest request, CancellationToken cancellationToken = default) =>
        SendAsync<StopDeploymentRequest, StopDeploymentResponse>(CodeDeployOperation.StopDeployment, request, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _transport.Dispose();

    private Task<TResponse> SendAsync<TRequest, TResponse>(AwsOperation operation, TRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _transport.SendAsync<TRequest, TResponse>(operation.Name, request, operation.Kind, cancellationToken);
    }
}
