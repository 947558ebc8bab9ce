namespace Ecs.BlueGreen.Aws.Configuration;

/// <summary>
/// The AWS configuration is incomplete or contradictory (no region, no credentials, an unknown profile,
/// a custom endpoint together with FIPS). The message is one sentence that says how to fix it.
/// </summary>
public sealed class AwsConfigurationException : EcsBlueGreenException
{
    /// <summary>Creates the exception.</summary>
    public AwsConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public AwsConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
