namespace Ecs.BlueGreen.Deployments;

/// <summary>
/// The time budgets of a deployment's wait, one per phase, as ecs-deploy gives each of its two wait loops its own
/// <c>-t</c>: the new tasks running, then, with a fresh budget, the old tasks draining. A rollback (ours, or the wait
/// for ECS's own) gets a fresh budget too. The reads and checks before the first write are bounded by the client's
/// retries, not by these budgets.
/// </summary>
public sealed class DeploymentTimeouts
{
    /// <summary>The defaults: 10 minutes for each phase.</summary>
    public static DeploymentTimeouts Default { get; } = new();

    /// <summary>How long the new revision may take to reach its desired count (running, and healthy where it has a container health check).</summary>
    /// <value>The default value is 10 minutes.</value>
    public TimeSpan NewTasks { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the old tasks may then take to drain and ECS to mark the rollout COMPLETED.</summary>
    /// <value>The default value is 10 minutes.</value>
    public TimeSpan OldTasks { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a rollback may take: ours (each of its two phases), or ECS's own after its circuit breaker or alarms fired.</summary>
    /// <value>The default value is 10 minutes.</value>
    public TimeSpan Rollback { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a native BLUE_GREEN, LINEAR or CANARY deployment may take as a whole, from the update to SUCCESSFUL (or
    /// to the stage waited for). <see langword="null"/>: long enough for the service's configuration: 10 minutes
    /// for its tasks to start, the bake, step and canary times it configures, the smoke tests' time at each hook, and
    /// 10 minutes for the clean-up (the ROLLING phase budgets are not used).
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public TimeSpan? ServiceDeployment { get; init; }

    /// <summary>The same budget for every phase, and for a native deployment as a whole.</summary>
    public static DeploymentTimeouts Each(TimeSpan timeout) => new() { NewTasks = timeout, OldTasks = timeout, Rollback = timeout, ServiceDeployment = timeout };

    internal void Validate(ICollection<string> problems)
    {
        foreach (var (name, value) in new[] { (nameof(NewTasks), NewTasks), (nameof(OldTasks), OldTasks), (nameof(Rollback), Rollback), (nameof(ServiceDeployment), ServiceDeployment ?? TimeSpan.FromMinutes(1)) })
        {
            if (value <= TimeSpan.Zero || value > TimeSpan.FromDays(1))
            {
                problems.Add($"The {name} timeout must be more than zero and at most one day (got {value}).");
            }
        }
    }
}
