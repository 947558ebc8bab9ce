namespace Ecs.BlueGreen;

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
