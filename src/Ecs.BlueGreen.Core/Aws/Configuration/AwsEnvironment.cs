namespace Ecs.BlueGreen.Aws.Configuration;

/// <summary>Reads environment variables; tests substitute a dictionary for the process environment.</summary>
internal sealed class AwsEnvironment(Func<string, string?> read)
{
    public static AwsEnvironment Process { get; } = new(Environment.GetEnvironmentVariable);

    public string? Get(string name)
    {
        var value = read(name);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    public bool? GetBool(string name) => Get(name) switch
    {
        null => null,
        var value when value.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
        var value when value.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
        var value => throw new AwsConfigurationException($"{name} must be true or false, not '{value}'."),
    };
}
