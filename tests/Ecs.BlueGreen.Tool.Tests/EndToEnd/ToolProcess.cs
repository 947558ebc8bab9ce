using System.Diagnostics;
using Ecs.BlueGreen.Tool.Tests.Support;

namespace Ecs.BlueGreen.Tool.Tests.EndToEnd;

/// <summary>Runs the installed ecs-bluegreen with a clean environment: dummy credentials, no AWS files, no CI variables.</summary>
internal static class ToolProcess
{
    private static readonly string[] Scrubbed = ["AWS_", "GITHUB_", "NO_COLOR", "CI"];

    public static Task<RunResult> RunAsync(string[] arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        RunAsync(InstalledTool.Command, arguments, environment);

    public static async Task<RunResult> RunAsync(string command, string[] arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = StartInfo(arguments, environment);
        start.FileName = command;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new RunResult(process.ExitCode, await output, await error);
    }

    public static ProcessStartInfo StartInfo(string[] arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(InstalledTool.Command, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var name in start.Environment.Keys.Where(k => Scrubbed.Any(p => k.StartsWith(p, StringComparison.Ordinal))).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_ROOT"] = InstalledTool.DotnetRoot;
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_CONFIG_FILE"] = AwsFiles.Config;
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = AwsFiles.Credentials;
        start.Environment["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "dummy-secret";
        start.Environment["AWS_REGION"] = "us-east-1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return start;
    }
}
