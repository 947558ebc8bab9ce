using System.Reflection;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Configuration;
using Ecs.BlueGreen.CodeDeploy;
using Ecs.BlueGreen.Ecr;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Logs;
using Ecs.BlueGreen.Tool.Output;

namespace Ecs.BlueGreen.Tool;

/// <summary>Where a run reads and writes; tests give their own writers, environment, clock and ECS client.</summary>
internal sealed record CliContext
{
    public TextWriter Out { get; init; } = Console.Out;

    public TextWriter Error { get; init; } = Console.Error;

    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    public Terminal? Terminal { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public Func<AwsSettings, AwsClientOptions, IEcsClient>? ClientFactory { get; init; }

    public Func<AwsSettings, AwsClientOptions, ICloudWatchLogsClient>? LogsClientFactory { get; init; }

    public Func<AwsSettings, AwsClientOptions, IEcrClient>? EcrClientFactory { get; init; }

    public Func<AwsSettings, AwsClientOptions, ICodeDeployClient>? CodeDeployClientFactory { get; init; }
}

/// <summary>The whole command from arguments to exit code: parse, validate, run, report.</summary>
internal static class Cli
{
    public static string Version { get; } =
        typeof(Cli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var parsed = CommandLine.Parse(args);
        switch (parsed.Action)
        {
            case CommandAction.Help:
                await context.Out.WriteAsync(CommandLine.Help(Version)).ConfigureAwait(false);
                return ExitCodes.Success;
            case CommandAction.Version:
                await context.Out.WriteLineAsync(Version).ConfigureAwait(false);
                return ExitCodes.Success;
            case CommandAction.UsageError:
                await context.Error.WriteLineAsync(new GitHubActions(context.Environment, context.Error).Inert($"ecs-bluegreen: {parsed.Error} Run 'ecs-bluegreen --help' for the options.")).ConfigureAwait(false);
                return ExitCodes.Usage;
        }

        var terminal = context.Terminal ?? Terminal.Detect(context.Environment);
        var (request, error) = OptionValidator.Validate(parsed.Options, context.Environment);
        if (request is null)
        {
            var github = new GitHubActions(context.Environment, context.Error);
            using var reporter = new ConsoleReporter(context.Error, terminal, github, context.Time);
            new ResultWriter(context.Out, reporter, github).Write(CommandOutcome.Error(error!.ExitCode, error.Message), parsed.Options.Output == "json" ? OutputFormat.Json : OutputFormat.Text);
            return error.ExitCode;
        }

        var command = new DeployCommand
        {
            Request = request,
            Out = context.Out,
            Error = context.Error,
            Environment = context.Environment,
            Terminal = terminal,
            Time = context.Time,
            ClientFactory = context.ClientFactory,
            LogsClientFactory = context.LogsClientFactory,
            EcrClientFactory = context.EcrClientFactory,
            CodeDeployClientFactory = context.CodeDeployClientFactory,
        };
        try
        {
            return await command.RunAsync(cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The top-level handler: one line instead of an unhandled crash.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            await context.Error.WriteLineAsync(new GitHubActions(context.Environment, context.Error).Inert($"ERROR: internal error: {exception.GetType().Name}: {exception.Message}"
                + (request.Verbose ? $"\n{exception}" : " (run with -v for the stack trace)"))).ConfigureAwait(false);
            return ExitCodes.InternalError;
        }
    }
}
