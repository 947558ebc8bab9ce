using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.Ecs;

/// <summary>
/// Pagination and batching over <see cref="IEcsClient"/>: list helpers follow <c>nextToken</c> to the end
/// (<c>ecs#ListTasksRequest.nextToken</c> and its kind); describe helpers split into the largest batches ECS accepts
/// (<c>ecs#DescribeServicesRequest.services</c>, <c>ecs#DescribeTasksRequest.tasks</c>,
/// <c>ecs#DescribeServiceDeploymentsRequest.serviceDeploymentArns</c>).
/// </summary>
public static class EcsClientExtensions
{
    /// <summary>DescribeServices accepts at most this many services a call.</summary>
    public const int DescribeServicesBatchSize = 10;

    /// <summary>DescribeTasks accepts at most this many tasks a call.</summary>
    public const int DescribeTasksBatchSize = 100;

    /// <summary>DescribeServiceDeployments accepts at most this many ARNs a call.</summary>
    public const int DescribeServiceDeploymentsBatchSize = 20;

    /// <summary>Every task-definition ARN the request matches, across all pages.</summary>
    public static IAsyncEnumerable<string> ListAllTaskDefinitionsAsync(this IEcsClient client, ListTaskDefinitionsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        return Pagination.AllPagesAsync(
            "ECS",
            async (token, ct) =>
            {
                var page = await client.ListTaskDefinitionsAsync(request with { NextToken = token }, ct).ConfigureAwait(false);
                return (page.TaskDefinitionArns, page.NextToken);
            },
            null,
            cancellationToken);
    }

    /// <summary>Every cluster ARN of the account in the region, across all pages.</summary>
    public static IAsyncEnumerable<string> ListAllClustersAsync(this IEcsClient client, ListClustersRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        return Pagination.AllPagesAsync(
            "ECS",
            async (token, ct) =>
            {
                var page = await client.ListClustersAsync(request with { NextToken = token }, ct).ConfigureAwait(false);
                return (page.ClusterArns, page.NextToken);
            },
            null,
            cancellationToken);
    }

    /// <summary>Every service ARN of the cluster the request names, across all pages.</summary>
    public static IAsyncEnumerable<string> ListAllServicesAsync(this IEcsClient client, ListServicesRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        return Pagination.AllPagesAsync(
            "ECS",
            async (token, ct) =>
            {
                var page = await client.ListServicesAsync(request with { NextToken = token }, ct).ConfigureAwait(false);
                return (page.ServiceArns, page.NextToken);
            },
            null,
            cancellationToken);
    }

    /// <summary>Every task ARN the request matches, across all pages.</summary>
    public static IAsyncEnumerable<string> ListAllTasksAsync(this IEcsClient client, ListTasksRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        return Pagination.AllPagesAsync(
            "ECS",
            async (token, ct) =>
            {
                var page = await client.ListTasksAsync(request with { NextToken = token }, ct).ConfigureAwait(false);
                return (page.TaskArns, page.NextToken);
            },
            null,
            cancellationToken);
    }

    /// <summary>Every service deployment the request matches, across all pages.</summary>
    public static IAsyncEnumerable<ServiceDeploymentBrief> ListAllServiceDeploymentsAsync(this IEcsClient client, ListServiceDeploymentsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        return Pagination.AllPagesAsync(
            "ECS",
            async (token, ct) =>
            {
                var page = await client.ListServiceDeploymentsAsync(request with { NextToken = token }, ct).ConfigureAwait(false);
                return (page.ServiceDeployments, page.NextToken);
            },
            null,
            cancellationToken);
    }

    /// <summary>Describes any number of services, 10 a call.</summary>
    public static async Task<DescribeServicesResponse> DescribeAllServicesAsync(this IEcsClient client, string? cluster, IEnumerable<string> services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var (found, failures) = await InBatchesAsync(services, DescribeServicesBatchSize, async batch =>
        {
            var response = await client.DescribeServicesAsync(new DescribeServicesRequest { Cluster = cluster, Services = batch }, cancellationToken).ConfigureAwait(false);
            return (response.Services, response.Failures);
        }).ConfigureAwait(false);
        return new DescribeServicesResponse { Services = found, Failures = failures };
    }

    /// <summary>Describes any number of tasks, 100 a call.</summary>
    public static async Task<DescribeTasksResponse> DescribeAllTasksAsync(this IEcsClient client, string? cluster, IEnumerable<string> tasks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var (found, failures) = await InBatchesAsync(tasks, DescribeTasksBatchSize, async batch =>
        {
            var response = await client.DescribeTasksAsync(new DescribeTasksRequest { Cluster = cluster, Tasks = batch }, cancellationToken).ConfigureAwait(false);
            return (response.Tasks, response.Failures);
        }).ConfigureAwait(false);
        return new DescribeTasksResponse { Tasks = found, Failures = failures };
    }

    /// <summary>Describes any number of service deployments, 20 a call.</summary>
    public static async Task<DescribeServiceDeploymentsResponse> DescribeAllServiceDeploymentsAsync(this IEcsClient client, IEnumerable<string> serviceDeploymentArns, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var (found, failures) = await InBatchesAsync(serviceDeploymentArns, DescribeServiceDeploymentsBatchSize, async batch =>
        {
            var response = await client.DescribeServiceDeploymentsAsync(new DescribeServiceDeploymentsRequest { ServiceDeploymentArns = batch }, cancellationToken).ConfigureAwait(false);
            return (response.ServiceDeployments, response.Failures);
        }).ConfigureAwait(false);
        return new DescribeServiceDeploymentsResponse { ServiceDeployments = found, Failures = failures };
    }

    private static async Task<(List<T> Found, List<Failure> Failures)> InBatchesAsync<T>(
        IEnumerable<string> ids,
        int batchSize,
        Func<string[], Task<(IReadOnlyList<T> Found, IReadOnlyList<Failure> Failures)>> describe)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var found = new List<T>();
        var failures = new List<Failure>();
        foreach (var batch in ids.Distinct(StringComparer.Ordinal).Chunk(batchSize))
        {
            var (items, missing) = await describe(batch).ConfigureAwait(false);
            found.AddRange(items);
            failures.AddRange(missing);
        }

        return (found, failures);
    }
}
