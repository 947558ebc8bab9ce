namespace Ecs.BlueGreen;

/// <summary>
/// The base of every exception this library throws on purpose: AWS calls that failed past their retries
/// (<see cref="Aws.AwsException"/>), an incomplete AWS configuration
/// (<see cref="Aws.Configuration.AwsConfigurationException"/>), and deployments or tasks that could not go ahead
/// or did not succeed (<see cref="EcsDeploymentException"/>). Cancellation is the one exception: it is an
/// <see cref="OperationCanceledException"/> carrying the caller's token (for a deployment, a
/// <see cref="Deployments.DeploymentCanceledException"/> that also carries the result).
/// </summary>
public abstract class EcsBlueGreenException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected EcsBlueGreenException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    protected EcsBlueGreenException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
