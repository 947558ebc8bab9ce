namespace Ecs.BlueGreen.Aws;

/// <summary>
/// An AWS call failed past its retries: AWS answered with an error (<see cref="AwsServiceException"/>), no usable
/// answer came back (<see cref="AwsTransportException"/>), or a write's outcome is unknown
/// (<see cref="AwsWriteOutcomeUnknownException"/>). The message names the service and the operation, and never
/// carries a credential, a signature or a request body.
/// </summary>
public abstract class AwsException : EcsBlueGreenException
{
    /// <summary>Creates the exception.</summary>
    protected AwsException(string service, string operation, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Service = service;
        Operation = operation;
    }

    /// <summary>The service's signing name, for example <c>ecs</c>.</summary>
    public string Service { get; }

    /// <summary>The operation that failed, for example <c>UpdateService</c>.</summary>
    public string Operation { get; }

    /// <summary>
    /// Whether the same call may well succeed later: throttling, a fault of AWS's own (5xx), a network failure or a
    /// timeout. Not for a write whose outcome is unknown: that one is checked, never simply sent again.
    /// </summary>
    public abstract bool IsTransient { get; }
}
