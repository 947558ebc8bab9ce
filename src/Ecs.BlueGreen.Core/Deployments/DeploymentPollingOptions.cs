using Ecs.BlueGreen.Runtime;

namespace Ecs.BlueGreen.Deployments;

/// <summary>
/// How often a deployment is checked: quickly at first, backing off to a cap while tasks start and become
/// healthy, and at <see cref="FinishingInterval"/> once the new revision runs its desired count and the old
/// tasks have begun to drain, so the end is seen within about a second. Each check is one DescribeServices call;
/// stopped tasks are listed only when the counts say a task failed.
/// </summary>
public sealed class DeploymentPollingOptions
{
    /// <summary>The defaults: 1 s, growing by 1.5× per check to at most 3 s, and every second once the end is near.</summary>
    public static DeploymentPollingOptions Default { get; } = new();

    /// <summary>The wait after the first check.</summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan InitialInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between checks.</summary>
    /// <value>
    /// The default value is 3 seconds: while the new tasks start and pass their health checks, which takes them tens of
    /// seconds, a third of a DescribeServices call per second, well within ECS's shared rate of 20 per second; the end
    /// is checked at <see cref="FinishingInterval"/>.
    /// </value>
    public TimeSpan MaximumInterval { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The wait between checks once the new revision runs its desired count and the old tasks drain (the end is near).</summary>
    /// <value>The default value is 1 second.</value>
    public TimeSpan FinishingInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How much each wait grows over the previous one.</summary>
    /// <value>The default value is 1.5.</value>
    public double BackoffFactor { get; init; } = 1.5;

    /// <summary>
    /// The ticks the checks fall on, when they share a clock with other deployments (a group's members), so that their
    /// reads can share calls; <see langword="null"/> for a deployment of its own, which checks exactly when due.
    /// </summary>
    internal TickGrid? Grid { get; init; }

    /// <summary>A copy whose waits end on the ticks of <paramref name="grid"/>.</summary>
    internal DeploymentPollingOptions OnGrid(TickGrid grid) => new()
    {
        InitialInterval = InitialInterval,
        MaximumInterval = MaximumInterval,
        FinishingInterval = FinishingInterval,
        BackoffFactor = BackoffFactor,
        Grid = grid,
    };

    /// <summary>The wait for a check <paramref name="wanted"/> from now: up to the next tick of <see cref="Grid"/> when there is one.</summary>
    internal TimeSpan Wait(TimeSpan wanted) => Grid?.Align(wanted) ?? wanted;

    /// <summary>The wait before check <paramref name="attempt"/> + 1 (0-based).</summary>
    internal TimeSpan IntervalAfter(int attempt)
    {
        var seconds = InitialInterval.TotalSeconds * Math.Pow(BackoffFactor, Math.Min(attempt, 64));
        return TimeSpan.FromSeconds(Math.Min(seconds, MaximumInterval.TotalSeconds));
    }

    internal void Validate(ICollection<string> problems)
    {
        if (InitialInterval <= TimeSpan.Zero || MaximumInterval < InitialInterval || BackoffFactor < 1 || FinishingInterval <= TimeSpan.Zero)
        {
            problems.Add("Polling needs positive initial and finishing intervals, a maximum interval at least as long as the initial one, and a backoff factor of at least 1.");
        }
    }
}
