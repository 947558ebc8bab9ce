using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Runtime;

namespace Ecs.BlueGreen.TaskDefinitions;

/// <summary>
/// Every task-definition revision that ECS shows in use in the account and region, so that clean-up never
/// deregisters one: in every cluster (<c>ecs#ListClusters</c>), each service's revision and every deployment's and
/// task set's (<c>ecs#Service.deployments</c>, <c>ecs#Service.taskSets</c>), and the revision of every task of the
/// family whose desired status is RUNNING (PENDING tasks included), standalone or not.
/// What this cannot see: EventBridge scheduled tasks and other callers that name a revision only when they run it,
/// other regions and other accounts.
/// </summary>
internal static class RevisionsInUse
{
    /// <summary>The ARNs in use; any failure to read them is thrown, so that the caller deregisters nothing.</summary>
    public static async Task<HashSet<string>> FindAsync(IEcsClient ecs, PatientCalls calls, string family, CancellationToken cancellationToken)
    {
        var inUse = new HashSet<string>(StringComparer.Ordinal);
        var clusters = await calls.ReadAsync(token => ecs.ListAllClustersAsync(new ListClustersRequest { MaxResults = 100 }, token).ToListAsync(token).AsTask(), cancellationToken).ConfigureAwait(false);
        foreach (var cluster in clusters)
        {
            var services = await calls.ReadAsync(
                token => ecs.ListAllServicesAsync(new ListServicesRequest { Cluster = cluster, MaxResults = 100 }, token).ToListAsync(token).AsTask(), cancellationToken).ConfigureAwait(false);
            if (services.Count > 0)
            {
                var described = await calls.ReadAsync(token => ecs.DescribeAllServicesAsync(cluster, services, token), cancellationToken).ConfigureAwait(false);
                foreach (var service in described.Services)
                {
                    AddAll(inUse, [service.TaskDefinition, .. service.Deployments.Select(d => d.TaskDefinition), .. service.TaskSets.Select(t => t.TaskDefinition)]);
                }
            }

            var tasks = await calls.ReadAsync(
                token => ecs.ListAllTasksAsync(new ListTasksRequest { Cluster = cluster, Family = family, DesiredStatus = DesiredStatus.Running }, token).ToListAsync(token).AsTask(),
                cancellationToken).ConfigureAwait(false);
            if (tasks.Count > 0)
            {
                var described = await calls.ReadAsync(token => ecs.DescribeAllTasksAsync(cluster, tasks, token), cancellationToken).ConfigureAwait(false);
                AddAll(inUse, described.Tasks.Select(t => t.TaskDefinitionArn));
            }
        }

        return inUse;
    }

    private static void AddAll(HashSet<string> set, IEnumerable<string?> arns)
    {
        foreach (var arn in arns.OfType<string>())
        {
            set.Add(arn);
        }
    }
}
