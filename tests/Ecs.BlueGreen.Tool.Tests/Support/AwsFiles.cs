namespace Ecs.BlueGreen.Tool.Tests.Support;

/// <summary>The empty shared config and credentials files of this test run (see <c>AssemblySetup</c>).</summary>
internal static class AwsFiles
{
    public static string Directory { get; } = Path.Combine(Path.GetTempPath(), $"ecs-bluegreen-tool-tests-{Environment.ProcessId}");

    public static string Config => Path.Combine(Directory, "config");

    public static string Credentials => Path.Combine(Directory, "credentials");
}
