using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.Runtime;

/// <summary>
/// ECS's sustained and burst rates per category of actions, one <see cref="TokenBucket"/> each, shared by every caller
/// given them (the members of a deployment group): the table of
/// https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html.
/// </summary>
internal sealed class EcsRateLimits(TimeProvider time)
{
    public TokenBucket ClusterRead { get; } = new(time, burst: 50, perSecond: 20);

    public TokenBucket ServiceRead { get; } = new(time, burst: 100, perSecond: 20);

    public TokenBucket ServiceModify { get; } = new(time, burst: 50, perSecond: 5);

    public TokenBucket TaskDefinitionRead { get; } = new(time, burst: 50, perSecond: 20);

    public TokenBucket TaskDefinitionModify { get; } = new(time, burst: 20, perSecond: 1);

    public TokenBucket ClusterResourceRead { get; } = new(time, burst: 100, perSecond: 20);

    public TokenBucket ClusterResourceModify { get; } = new(time, burst: 100, perSecond: 40);

    public TokenBucket ServiceDeployment { get; } = new(time, burst: 50, perSecond: 20);

    public TokenBucket ServiceRevision { get; } = new(time, burst: 50, perSecond: 20);
}

/// <summary>An ECS client whose calls each wait for a token of their category first (<see cref="EcsRateLimits"/>).</summary>
internal sealed class RateLimitedEcsClient(IEcsClient inner, EcsRateLimits limits) : IEcsClient
{
    public Task<DescribeClustersResponse> DescribeClustersAsync(DescribeClustersRequest request, CancellationToken cancellationToken = default) => LimitedAsync(limits.ClusterRead, token => inner.DescribeClustersAsync(request, token), cancellationToken);

    public Task<DescribeServicesResponse> DescribeServicesAsync(DescribeServicesRequest request, CancellationToken cancellationToken = default) => LimitedAsync(limits.ServiceRead, token => inner.DescribeServicesAsync(request, token), cancellationToken);

    public Task<ListClustersResponse> ListClustersAsync(ListClustersRequest request, CancellationToken cancellationToken = default) => LimitedAsync(limits.ClusterRead, token => inner.ListClustersAsync(request, token), cancellationToken);

    public Task<ListServicesResponse> ListServicesAsync(ListServicesRequest request, CancellationToken cancellationToken = default) => LimitedAsync(limits.ServiceRead, token => inner.ListServicesAsync(request, token), cancellationToken);

    public Task<CreateServiceResponse> CreateServiceAsync(CreateServiceRequest request, CancellationToken cancellationToken = default) => LimitedAsync(limits.ServiceModify, token => inner.CreateServiceAsync(request, token), cancellationToken);

    public Task<UpdateServiceResponse> UpdateServiceAsync(UpdateServiceRequest request, CancellationToken cancellationToken = default) => LimitedAsync(limits.ServiceModify, token => inner.UpdateServiceAsync(request, token), cancellationToken);

    public Task<DescribeTaskDefinitionResponse> DescribeTaskDefinitionAsync(DescribeTaskDefinitionRequest request, CancellationToken cancellationToken = default) => LimitedAsync(limits.TaskDefinitionRead, token => inner.DescribeTaskDefinitionAsync(request, token), cancellationToken);

    public Task<RegisterTaskDefinitionResponse> RegisterTaskDefinitionAsync(RegisterTaskDefinitionRequest request, CancellationToken cancellationToken = default) => LimitedAsync(limits.TaskDefinitionModify, token => inner.RegisterTaskDefinitionAsync(request, token), cancellationToken);

    public Task<DeregisterTaskDefinitionResponse> DeregisterTaskDefinitionAsync(DeregisterTaskDefinitionRequest request, CancellationToken cancellationToken = default) => LimitedAsync(limits.TaskDefinitionModify, token => inner.DeregisterTaskDefinitionAsync(request, token), cancellationToken);

    public Task<ListTaskDefinitionsResponse> ListTaskDefinitionsAsync(ListTaskDefinitionsRequest request, CancellationToken cancellationToken = default) => LimitedAsync(limits.TaskDefinitionRead, token => inner.ListTaskDefinitionsAsync(request, token), cancellationToken);

    public Task<ListTasksResponse> ListTasksAsync(ListTasksRequest request, CancellationToken cancellationToken = default) => LimitedAsync(limits.ClusterResourceRead, token => inner.ListTasksAsync(request, token), cancellationToken);

    public Task<DescribeTasksResponse> DescribeTasksAsync(DescribeTasksRequest request, CancellationToken cancellationToken = default) => LimitedAsync(limits.ClusterResourceRead, token => inner.DescribeTasksAsync(request, token), cancellationToken);

    public Task<RunTaskResponse> RunTaskAsync(RunTaskRequest request, CancellationToken cancellationToken = default) => LimitedAsync(limits.ClusterResourceModify, token => inner.RunTaskAsync(request, token), cancellationToken);

    public Task<StopTaskResponse> StopTaskAsync(StopTaskRequest request, CancellationToken cancellationToken = default) => LimitedAsync(limits.ClusterResourceModify, token => inner.StopTaskAsync(request, token), cancellationToken);

    public Task<ListServiceDeploymentsResponse> ListServiceDeploymentsAsync(ListServiceDeploymentsRequest request, CancellationToken cancellationToken = default) => LimitedAsync(limits.ServiceDeployment, token => inner.ListServiceDeploymentsAsync(request, token), cancellationToken);

    public Task<DescribeServiceDeploymentsResponse> DescribeServiceDeploymentsAsync(DescribeServiceDeploymentsRequest request, CancellationToken cancellationToken = default) => LimitedAsync(limits.ServiceDeployment, token => inner.DescribeServiceDeploymentsAsync(request, token), cancellationToken);

    // Not in ECS's throttling table (unknown quota): not limited here.
    public Task<StopServiceDeploymentResponse> StopServiceDeploymentAsync(StopServiceDeploymentRequest request, CancellationToken cancellationToken = default) => inner.StopServiceDeploymentAsync(request, cancellationToken);

    // Not in ECS's throttling table (unknown quota): not limited here.
    public Task<ContinueServiceDeploymentResponse> ContinueServiceDeploymentAsync(ContinueServiceDeploymentRequest request, CancellationToken cancellationToken = default) => inner.ContinueServiceDeploymentAsync(request, cancellationToken);

    public Task<DescribeServiceRevisionsResponse> DescribeServiceRevisionsAsync(DescribeServiceRevisionsRequest request, CancellationToken cancellationToken = default) => LimitedAsync(limits.ServiceRevision, token => inner.DescribeServiceRevisionsAsync(request, token), cancellationToken);

    private static async Task<T> LimitedAsync<T>(TokenBucket bucket, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        await bucket.AcquireAsync(cancellationToken).ConfigureAwait(false);
        return await call(cancellationToken).ConfigureAwait(false);
    }
}
