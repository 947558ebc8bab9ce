namespace Ecs.BlueGreen.Deployments;

/// <summary>The deployment ran and did not succeed; <see cref="Result"/> says how and why.</summary>
public sealed class DeploymentFailedException : EcsDeploymentException
{
    /// <summary>Creates the exception for a result.</summary>
    public DeploymentFailedException(DeploymentResult result)
        : base(Describe(result), result?.Error)
    {
        Result = result!;
    }

    /// <summary>The full result: outcome, reason, stopped tasks, events, rollback.</summary>
    public DeploymentResult Result { get; }

    private static string Describe(DeploymentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var rollback = result.Rollback is { } r ? $" Rollback: {r.Outcome}: {r.Reason}" : string.Empty;
        return $"Deployment of {result.Service} in {result.Cluster} {Verb(result.Outcome)}: {result.Reason}{rollback} "
            + "(To receive the result instead of this exception, use WithValidation(DeploymentResultValidation.None).)";
    }

    private static string Verb(DeploymentOutcome outcome) => outcome switch
    {
        DeploymentOutcome.TimedOut => "timed out",
        DeploymentOutcome.Cancelled => "was cancelled",
        DeploymentOutcome.Interrupted => "was interrupted",
        _ => "failed",
    };
}

/// <summary>
/// The caller cancelled a deployment after something was written. It is an <see cref="OperationCanceledException"/>
/// carrying the caller's token, so <c>catch (OperationCanceledException)</c> still sees it; <see cref="Result"/> says
/// what was done before the wait stopped (for example the rollback of <c>RollbackOnCancellation</c>).
/// </summary>
public sealed class DeploymentCanceledException : OperationCanceledException
{
    /// <summary>Creates the exception for a result and the caller's token.</summary>
    public DeploymentCanceledException(DeploymentResult result, CancellationToken cancellationToken)
        : base($"The deployment of {result?.Service} in {result?.Cluster} was cancelled: {result?.Reason}", cancellationToken)
    {
        Result = result!;
    }

    /// <summary>What the deployment did before it was cancelled.</summary>
    public DeploymentResult Result { get; }
}
