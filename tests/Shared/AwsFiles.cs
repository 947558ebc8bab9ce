namespace Ecs.BlueGreen.Tests.Shared;

/// <summary>The empty shared config and credentials files of this test run (see <c>AssemblySetup</c>), one folder per test assembly and process.</summary>
internal static class AwsFiles
{
    public static string Directory { get; } =
        Path.Combine(Path.GetTempPath(), $"{typeof(AwsFiles).Assembly.GetName().Name}-{Environment.ProcessId}".ToLowerInvariant());

    public static string Config => Path.Combine(Directory, "config");

    public static string Credentials => Path.Combine(Directory, "credentials");
}
