using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.CodeDeploy.Model;

namespace Ecs.BlueGreen.CodeDeploy;

/// <summary>
/// Pagination and batching over <see cref="ICodeDeployClient"/>: list helpers follow <c>nextToken</c> to the end
/// (<c>codedeploy#ListDeploymentsInput.nextToken</c> and its kind); batch helpers split into the largest batches
/// CodeDeploy accepts (<c>codedeploy#BatchGetDeploymentsInput.deploymentIds</c>,
/// <c>codedeploy#BatchGetDeploymentTargetsInput.targetIds</c>: 25 each, https://docs.aws.amazon.com/codedeploy/latest/APIReference/API_BatchGetDeployments.html).
/// </summary>
public static class CodeDeployClientExtensions
{
    /// <summary>BatchGetDeployments and BatchGetDeploymentTargets accept at most this many ids a call.</summary>
    public const int BatchSize = 25;

    /// <summary>Every application name of the account in the region, across all pages.</summary>
    public static IAsyncEnumerable<string> ListAllApplicationsAsync(this ICodeDeployClient client, ListApplicationsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        return Pagination.AllPagesAsync(
            "CodeDeploy",
            async (token, ct) =>
            {
                var page = await client.ListApplicationsAsync(request with { NextToken = token }, ct).ConfigureAwait(false);
                return (page.Applications, page.NextToken);
            },
            request.NextToken,
            cancellationToken);
    }

    /// <summary>Every deployment group name of an application, across all pages.</summary>
    public static IAsyncEnumerable<string> ListAllDeploymentGroupsAsync(this ICodeDeployClient client, ListDeploymentGroupsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        return Pagination.AllPagesAsync(
            "CodeDeploy",
            async (token, ct) =>
            {
                var page = await client.ListDeploymentGroupsAsync(request with { NextToken = token }, ct).ConfigureAwait(false);
                return (page.DeploymentGroups, page.NextToken);
            },
            request.NextToken,
            cancellationToken);
    }

    /// <summary>Every deployment id the request matches, across all pages, newest first.</summary>
    public static IAsyncEnumerable<string> ListAllDeploymentsAsync(this ICodeDeployClient client, ListDeploymentsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        return Pagination.AllPagesAsync(
            "CodeDeploy",
            async (token, ct) =>
            {
                var page = await client.ListDeploymentsAsync(request with { NextToken = token }, ct).ConfigureAwait(false);
                return (page.Deployments, page.NextToken);
            },
            request.NextToken,
            cancellationToken);
    }

    /// <summary>Every target id of a deployment the request matches, across all pages.</summary>
    public static IAsyncEnumerable<string> ListAllDeploymentTargetsAsync(this ICodeDeployClient client, ListDeploymentTargetsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        return Pagination.AllPagesAsync(
            "CodeDeploy",
            async (token, ct) =>
            {
                var page = await client.ListDeploymentTargetsAsync(request with { NextToken = token }, ct).ConfigureAwait(false);
                return (page.TargetIds, page.NextToken);
            },
            request.NextToken,
            cancellationToken);
    }

    /// <summary>The deployments of <paramref name="deploymentIds"/>, in batches of <see cref="BatchSize"/>.</summary>
    public static async Task<IReadOnlyList<DeploymentInfo>> BatchGetAllDeploymentsAsync(this ICodeDeployClient client, IEnumerable<string> deploymentIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(deploymentIds);
        var found = new List<DeploymentInfo>();
        foreach (var batch in deploymentIds.Chunk(BatchSize))
        {
            var page = await client.BatchGetDeploymentsAsync(new BatchGetDeploymentsRequest { DeploymentIds = batch }, cancellationToken).ConfigureAwait(false);
            found.AddRange(page.DeploymentsInfo);
        }

        return found;
    }

    /// <summary>The targets <paramref name="targetIds"/> of a deployment, in batches of <see cref="BatchSize"/>.</summary>
    public static async Task<IReadOnlyList<DeploymentTarget>> BatchGetAllDeploymentTargetsAsync(this ICodeDeployClient client, string deploymentId, IEnumerable<string> targetIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(deploymentId);
        ArgumentNullException.ThrowIfNull(targetIds);
        var found = new List<DeploymentTarget>();
        foreach (var batch in targetIds.Chunk(BatchSize))
        {
            var page = await client.BatchGetDeploymentTargetsAsync(new BatchGetDeploymentTargetsRequest { DeploymentId = deploymentId, TargetIds = batch }, cancellationToken).ConfigureAwait(false);
            found.AddRange(page.DeploymentTargets);
        }

        return found;
    }
}
