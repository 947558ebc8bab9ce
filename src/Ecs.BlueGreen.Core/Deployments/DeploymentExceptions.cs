namespace Ecs.BlueGreen.Deployments;

/// <summary>The base of every exception this library throws for a deployment that cannot go ahead or did not succeed.</summary>
public abstract class EcsDeploymentException : EcsBlueGreenException
{
    /// <summary>Creates the exception.</summary>
    protected EcsDeploymentException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    protected EcsDeploymentException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// The deployment was refused before anything was written: the cluster or service is missing, an image
/// matches no container, a number is out of range. Nothing was changed.
/// </summary>
public sealed class DeploymentValidationException : EcsDeploymentException
{
    /// <summary>Creates the exception from every problem found.</summary>
    public DeploymentValidationException(IReadOnlyList<string> problems)
        : base(problems is null || problems.Count == 0 ? "The deployment is not valid." : string.Join(" ", problems))
    {
        Problems = problems ?? [];
    }

    /// <summary>Every problem found, one sentence each.</summary>
    public IReadOnlyList<string> Problems { get; }
}

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
