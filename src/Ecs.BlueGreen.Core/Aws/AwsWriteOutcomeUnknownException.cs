namespace Ecs.BlueGreen.Aws;

/// <summary>
/// A call that changes state and has no idempotency token (RegisterTaskDefinition, UpdateService, …)
/// failed after the request may have reached AWS: a timeout, a dropped connection or a 5xx answer.
/// The client did not send it again, because a second copy could register a second revision or start a
/// second deployment. Read the current state before deciding what to do.
/// </summary>
public sealed class AwsWriteOutcomeUnknownException : AwsException
{
    /// <summary>Creates the exception.</summary>
    public AwsWriteOutcomeUnknownException(string service, string operation, Exception innerException)
        : base(service, operation, $"{service} {operation} may or may not have been applied ({innerException?.Message}); it was not sent again, so nothing was applied twice. Check the current state before retrying.", innerException)
    {
    }

    /// <summary>Always <see langword="false"/>: such a write is checked against AWS, never simply sent again.</summary>
    public override bool IsTransient => false;
}
