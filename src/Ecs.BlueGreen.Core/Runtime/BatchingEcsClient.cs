using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.Runtime;

/// <summary>
/// An ECS client that sends the DescribeServices and DescribeServiceDeployments reads made together by many callers
/// (the members of a deployment group, whose checks fall on the same ticks of a <see cref="TickGrid"/>) as one call per
/// cluster and batch: up to 10 services (<c>ecs#DescribeServicesRequest.services</c>) and 20 service deployments
/// (<c>ecs#DescribeServiceDeploymentsRequest.serviceDeploymentArns</c>) a call, so the calls per check grow as N/10, not
/// N. Clusters are read up to 100 a call, and the same revision read by many at once (DescribeTaskDefinition) once.
/// Each caller gets the services, clusters and failures it asked for; every other call passes through.
/// </summary>
internal sealed class BatchingEcsClient(IEcsClient inner, TimeProvider time) : IEcsClient
{
    /// <summary>How long a read waits for others of the same tick: the checks of one tick start within milliseconds.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(50);

    private readonly CallCoalescer<(string Cluster, string Include), DescribeServicesResponse> _services = new(time, Window, ServiceObserver.ServicesPerCall);
    private readonly CallCoalescer<string, DescribeServiceDeploymentsResponse> _serviceDeployments = new(time, Window, ServiceObserver.ServiceDeploymentsPerCall);

    /// <summary>Up to 100 clusters a call (<c>ecs#DescribeClustersRequest.clusters</c>).</summary>
    private readonly CallCoalescer<string, DescribeClustersResponse> _clusters = new(time, Window, 100);

    /// <summary>The same revision read by many members as they plan (they mostly share a base revision): one call.</summary>
    private readonly CallCoalescer<(string TaskDefinition, string Include), DescribeTaskDefinitionResponse> _taskDefinitions = new(time, Window, int.MaxValue);

    public async Task<DescribeServicesResponse> DescribeServicesAsync(DescribeServicesRequest request, CancellationToken cancellationToken = default)
    {
        if (request.Services.Count >= ServiceObserver.ServicesPerCall)
        {
            return await inner.DescribeServicesAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var key = (request.Cluster ?? string.Empty, string.Join(",", request.Include ?? []));
        var answer = await _services.AddAsync(key, request.Services, (services, token) => inner.DescribeServicesAsync(request with { Services = services }, token), cancellationToken).ConfigureAwait(false);
        return answer with
        {
            Services = [.. answer.Services.Where(s => request.Services.Any(asked => Names(asked, s.ServiceName, s.ServiceArn)))],
            Failures = [.. answer.Failures.Where(f => request.Services.Any(asked => Names(asked, null, f.Arn)))],
        };
    }

    public async Task<DescribeServiceDeploymentsResponse> DescribeServiceDeploymentsAsync(DescribeServiceDeploymentsRequest request, CancellationToken cancellationToken = default)
    {
        if (request.ServiceDeploymentArns.Count >= ServiceObserver.ServiceDeploymentsPerCall)
        {
            return await inner.DescribeServiceDeploymentsAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var answer = await _serviceDeployments.AddAsync(string.Empty, request.ServiceDeploymentArns, (arns, token) => inner.DescribeServiceDeploymentsAsync(request with { ServiceDeploymentArns = arns }, token), cancellationToken).ConfigureAwait(false);
        return answer with
        {
            ServiceDeployments = [.. answer.ServiceDeployments.Where(d => request.ServiceDeploymentArns.Contains(d.ServiceDeploymentArn, StringComparer.Ordinal))],
            Failures = [.. answer.Failures.Where(f => request.ServiceDeploymentArns.Contains(f.Arn, StringComparer.Ordinal))],
        };
    }

    public async Task<DescribeClustersResponse> DescribeClustersAsync(DescribeClustersRequest request, CancellationToken cancellationToken = default)
    {
        if (request.Clusters is not { Count: > 0 and < 100 } asked)
        {
            return await inner.DescribeClustersAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var answer = await _clusters.AddAsync(string.Join(",", request.Include ?? []), asked, (clusters, token) => inner.DescribeClustersAsync(request with { Clusters = clusters }, token), cancellationToken).ConfigureAwait(false);
        return answer with
        {
            Clusters = [.. answer.Clusters.Where(c => asked.Any(a => Names(a, c.ClusterName, c.ClusterArn)))],
            Failures = [.. answer.Failures.Where(f => asked.Any(a => Names(a, null, f.Arn)))],
        };
    }

    public Task<DescribeTaskDefinitionResponse> DescribeTaskDefinitionAsync(DescribeTaskDefinitionRequest request, CancellationToken cancellationToken = default) =>
        _taskDefinitions.AddAsync((request.TaskDefinition, string.Join(",", request.Include ?? [])), [request.TaskDefinition], (_, token) => inner.DescribeTaskDefinitionAsync(request, token), cancellationToken);

    public Task<ListClustersResponse> ListClustersAsync(ListClustersRequest request, CancellationToken cancellationToken = default) => inner.ListClustersAsync(request, cancellationToken);

    public Task<ListServicesResponse> ListServicesAsync(ListServicesRequest request, CancellationToken cancellationToken = default) => inner.ListServicesAsync(request, cancellationToken);

    public Task<CreateServiceResponse> CreateServiceAsync(CreateServiceRequest request, CancellationToken cancellationToken = default) => inner.CreateServiceAsync(request, cancellationToken);

    public Task<UpdateServiceResponse> UpdateServiceAsync(UpdateServiceRequest request, CancellationToken cancellationToken = default) => inner.UpdateServiceAsync(request, cancellationToken);

    public Task<RegisterTaskDefinitionResponse> RegisterTaskDefinitionAsync(RegisterTaskDefinitionRequest request, CancellationToken cancellationToken = default) => inner.RegisterTaskDefinitionAsync(request, cancellationToken);

    public Task<DeregisterTaskDefinitionResponse> DeregisterTaskDefinitionAsync(DeregisterTaskDefinitionRequest request, CancellationToken cancellationToken = default) => inner.DeregisterTaskDefinitionAsync(request, cancellationToken);

    public Task<ListTaskDefinitionsResponse> ListTaskDefinitionsAsync(ListTaskDefinitionsRequest request, CancellationToken cancellationToken = default) => inner.ListTaskDefinitionsAsync(request, cancellationToken);

    public Task<ListTasksResponse> ListTasksAsync(ListTasksRequest request, CancellationToken cancellationToken = default) => inner.ListTasksAsync(request, cancellationToken);

    public Task<DescribeTasksResponse> DescribeTasksAsync(DescribeTasksRequest request, CancellationToken cancellationToken = default) => inner.DescribeTasksAsync(request, cancellationToken);

    public Task<RunTaskResponse> RunTaskAsync(RunTaskRequest request, CancellationToken cancellationToken = default) => inner.RunTaskAsync(request, cancellationToken);

    public Task<StopTaskResponse> StopTaskAsync(StopTaskRequest request, CancellationToken cancellationToken = default) => inner.StopTaskAsync(request, cancellationToken);

    public Task<ListServiceDeploymentsResponse> ListServiceDeploymentsAsync(ListServiceDeploymentsRequest request, CancellationToken cancellationToken = default) => inner.ListServiceDeploymentsAsync(request, cancellationToken);

    public Task<StopServiceDeploymentResponse> StopServiceDeploymentAsync(StopServiceDeploymentRequest request, CancellationToken cancellationToken = default) => inner.StopServiceDeploymentAsync(request, cancellationToken);

    public Task<ContinueServiceDeploymentResponse> ContinueServiceDeploymentAsync(ContinueServiceDeploymentRequest request, CancellationToken cancellationToken = default) => inner.ContinueServiceDeploymentAsync(request, cancellationToken);

    public Task<DescribeServiceRevisionsResponse> DescribeServiceRevisionsAsync(DescribeServiceRevisionsRequest request, CancellationToken cancellationToken = default) => inner.DescribeServiceRevisionsAsync(request, cancellationToken);

    /// <summary>
    /// Whether <paramref name="asked"/> (a service's name or ARN, as DescribeServices accepts either) names the service
    /// with this name or ARN: an ARN ends with "/name" (<c>arn:aws:ecs:region:account:service/cluster/name</c>).
    /// </summary>
    private static bool Names(string asked, string? name, string? arn) =>
        string.Equals(asked, name, StringComparison.Ordinal) || string.Equals(asked, arn, StringComparison.Ordinal)
        || (arn is not null && !asked.Contains('/', StringComparison.Ordinal) && arn.EndsWith("/" + asked, StringComparison.Ordinal));
}
