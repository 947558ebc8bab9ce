namespace Ecs.BlueGreen.Aws;

/// <summary>What a second copy of a call would do, which decides when it may be sent again.</summary>
public enum AwsOperationKind
{
    /// <summary>Reads state: always safe to send again.</summary>
    Read,

    /// <summary>Changes state, but a second copy has the same effect (StopTask, DeregisterTaskDefinition, RunTask with a client token).</summary>
    IdempotentWrite,

    /// <summary>
    /// Changes state and a second copy would change it again (RegisterTaskDefinition, UpdateService,
    /// CreateService). Sent again only when AWS provably did not process it.
    /// </summary>
    NonIdempotentWrite,
}
