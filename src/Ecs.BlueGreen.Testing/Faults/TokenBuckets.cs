namespace Ecs.BlueGreen.Testing.Faults;

/// <summary>
/// ECS's per-category token buckets (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html:
/// burst = bucket size, sustained = refill per second, shared by every action of a category), measured in simulated time.
/// </summary>
internal sealed class TokenBuckets
{
    private static readonly Dictionary<string, (string Category, int Burst, int Sustained)> Categories = Build();

    private readonly Dictionary<string, (double Tokens, DateTimeOffset At)> _buckets = new(StringComparer.Ordinal);

    /// <summary>Takes a token for <paramref name="operation"/>; false when its bucket is empty.</summary>
    public bool TryTake(string operation, DateTimeOffset now)
    {
        if (!Categories.TryGetValue(operation, out var category))
        {
            return true;
        }

        var (tokens, at) = _buckets.TryGetValue(category.Category, out var bucket) ? bucket : (category.Burst, now);
        tokens = Math.Min(category.Burst, tokens + Math.Max(0, (now - at).TotalSeconds) * category.Sustained);
        if (tokens < 1)
        {
            _buckets[category.Category] = (tokens, now);
            return false;
        }

        _buckets[category.Category] = (tokens - 1, now);
        return true;
    }

    private static Dictionary<string, (string, int, int)> Build()
    {
        var map = new Dictionary<string, (string, int, int)>(StringComparer.Ordinal);
        void Add(string category, int burst, int sustained, params string[] operations)
        {
            foreach (var operation in operations)
            {
                map[operation] = (category, burst, sustained);
            }
        }

        // The table of the ECS API reference "Request throttling" (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html).
        Add("cluster-modify", 20, 1, "CreateCluster", "DeleteCluster", "PutClusterCapacityProviders", "UpdateCluster", "UpdateClusterSettings");
        Add("cluster-read", 50, 20, "DescribeClusters", "ListClusters");
        Add("task-definition-modify", 20, 1, "DeregisterTaskDefinition", "RegisterTaskDefinition");
        Add("task-definition-read", 50, 20, "DescribeTaskDefinition", "ListTaskDefinitions", "ListTaskDefinitionFamilies");
        Add("task-definition-delete", 5, 1, "DeleteTaskDefinitions");
        Add("cluster-resource-modify", 100, 40, "RunTask", "StartTask", "StopTask");
        Add("cluster-resource-read", 100, 20, "DescribeTasks", "ListTasks", "DescribeContainerInstances", "ListContainerInstances");
        Add("service-modify", 50, 5, "CreateService", "DeleteService", "UpdateService");
        Add("service-read", 100, 20, "DescribeServices", "ListServices");
        Add("service-deployment", 50, 20, "DescribeServiceDeployments", "ListServiceDeployments");
        Add("tag-modify", 20, 10, "TagResource", "UntagResource");
        Add("tag-read", 50, 20, "ListTagsForResource");
        return map;
    }
}
