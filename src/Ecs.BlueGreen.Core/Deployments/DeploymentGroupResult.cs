namespace Ecs.BlueGreen.Deployments;

/// <summary>What a deployment group (<see cref="EcsDeploymentGroup"/>) did: each member's result, and one verdict.</summary>
public sealed record DeploymentGroupResult
{
    /// <summary>
    /// The worst of the members' outcomes, in this order from best to worst: <see cref="DeploymentOutcome.Unchanged"/>,
    /// <see cref="DeploymentOutcome.Planned"/>, <see cref="DeploymentOutcome.Succeeded"/>, <see cref="DeploymentOutcome.Paused"/>
    /// (all successes), then <see cref="DeploymentOutcome.TimedOut"/>, <see cref="DeploymentOutcome.Failed"/>,
    /// <see cref="DeploymentOutcome.Interrupted"/>, <see cref="DeploymentOutcome.Cancelled"/>: the order of the
    /// ecs-bluegreen tool's exit codes for them (0, 1, 20, 25, 130). A rollback of <see cref="EcsDeploymentGroup.RollbackAllOnFailure"/>
    /// does not change it.
    /// </summary>
    public required DeploymentOutcome Outcome { get; init; }

    /// <summary>Each member's result, in the order the deployments were given.</summary>
    public required IReadOnlyList<DeploymentResult> Results { get; init; }

    /// <summary>
    /// With <see cref="EcsDeploymentGroup.RollbackAllOnFailure"/>, each member's rollback, in the order of
    /// <see cref="Results"/>: <see langword="null"/> for a member that was not rolled back (it did not succeed, changed
    /// no revision, or every member succeeded).
    /// </summary>
    public IReadOnlyList<DeploymentResult?> Rollbacks { get; init; } = [];

    /// <summary>Whether every member succeeded (or had nothing to do, or was only planned or paused as asked).</summary>
    public bool IsSuccess => Severity(Outcome) <= Severity(DeploymentOutcome.Paused);

    /// <inheritdoc />
    public override string ToString() => $"{Outcome}: {Results.Count(r => r.IsSuccess)} of {Results.Count} deployment(s) succeeded";

    /// <summary>The worst of <paramref name="outcomes"/> by the order of <see cref="Outcome"/>.</summary>
    internal static DeploymentOutcome Worst(IEnumerable<DeploymentOutcome> outcomes) => outcomes.MaxBy(Severity);

    private static int Severity(DeploymentOutcome outcome) => outcome switch
    {
        DeploymentOutcome.Unchanged => 0,
        DeploymentOutcome.Planned => 1,
        DeploymentOutcome.Succeeded => 2,
        DeploymentOutcome.Paused => 3,
        DeploymentOutcome.TimedOut => 4,
        DeploymentOutcome.Failed => 5,
        DeploymentOutcome.Interrupted => 6,
        _ => 7,
    };
}
