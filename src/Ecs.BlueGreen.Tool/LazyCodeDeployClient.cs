using Ecs.BlueGreen.CodeDeploy;
using Ecs.BlueGreen.CodeDeploy.Model;

namespace Ecs.BlueGreen.Tool;

/// <summary>
/// The run's CodeDeploy client, made on its first call: only a service with the CODE_DEPLOY controller calls CodeDeploy,
/// so a rolling or native deployment never resolves its settings or builds it.
/// </summary>
internal sealed class LazyCodeDeployClient(Func<ICodeDeployClient> create) : ICodeDeployClient, IDisposable
{
    private readonly Lazy<ICodeDeployClient> _client = new(create);

    private ICodeDeployClient Client => _client.Value;

    public Task<GetApplicationResponse> GetApplicationAsync(GetApplicationRequest request, CancellationToken cancellationToken = default) => Client.GetApplicationAsync(request, cancellationToken);

    public Task<ListApplicationsResponse> ListApplicationsAsync(ListApplicationsRequest request, CancellationToken cancellationToken = default) => Client.ListApplicationsAsync(request, cancellationToken);

    public Task<GetDeploymentGroupResponse> GetDeploymentGroupAsync(GetDeploymentGroupRequest request, CancellationToken cancellationToken = default) => Client.GetDeploymentGroupAsync(request, cancellationToken);

    public Task<ListDeploymentGroupsResponse> ListDeploymentGroupsAsync(ListDeploymentGroupsRequest request, CancellationToken cancellationToken = default) => Client.ListDeploymentGroupsAsync(request, cancellationToken);

    public Task<GetDeploymentConfigResponse> GetDeploymentConfigAsync(GetDeploymentConfigRequest request, CancellationToken cancellationToken = default) => Client.GetDeploymentConfigAsync(request, cancellationToken);

    public Task<CreateDeploymentResponse> CreateDeploymentAsync(CreateDeploymentRequest request, CancellationToken cancellationToken = default) => Client.CreateDeploymentAsync(request, cancellationToken);

    public Task<GetDeploymentResponse> GetDeploymentAsync(GetDeploymentRequest request, CancellationToken cancellationToken = default) => Client.GetDeploymentAsync(request, cancellationToken);

    public Task<BatchGetDeploymentsResponse> BatchGetDeploymentsAsync(BatchGetDeploymentsRequest request, CancellationToken cancellationToken = default) => Client.BatchGetDeploymentsAsync(request, cancellationToken);

    public Task<ListDeploymentsResponse> ListDeploymentsAsync(ListDeploymentsRequest request, CancellationToken cancellationToken = default) => Client.ListDeploymentsAsync(request, cancellationToken);

    public Task<ListDeploymentTargetsResponse> ListDeploymentTargetsAsync(ListDeploymentTargetsRequest request, CancellationToken cancellationToken = default) => Client.ListDeploymentTargetsAsync(request, cancellationToken);

    public Task<BatchGetDeploymentTargetsResponse> BatchGetDeploymentTargetsAsync(BatchGetDeploymentTargetsRequest request, CancellationToken cancellationToken = default) => Client.BatchGetDeploymentTargetsAsync(request, cancellationToken);

    public Task<ContinueDeploymentResponse> ContinueDeploymentAsync(ContinueDeploymentRequest request, CancellationToken cancellationToken = default) => Client.ContinueDeploymentAsync(request, cancellationToken);

    public Task<StopDeploymentResponse> StopDeploymentAsync(StopDeploymentRequest request, CancellationToken cancellationToken = default) => Client.StopDeploymentAsync(request, cancellationToken);

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            (_client.Value as IDisposable)?.Dispose();
        }
    }
}
