using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Configuration;
using Ecs.BlueGreen.CodeDeploy;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Ecr;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Logs;
using Ecs.BlueGreen.Tasks;
using Ecs.BlueGreen.Tool.Output;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ecs.BlueGreen.Tool;

/// <summary>
/// Runs a validated <see cref="DeployRequest"/> through the library and maps what comes back, result or
/// exception, onto an exit code and the output. Settable members let tests run it in-process against the
/// emulator.
/// </summary>
internal sealed class DeployCommand
{
    public required DeployRequest Request { get; init; }

    public TextWriter Out { get; init; } = Console.Out;

    public TextWriter Error { get; init; } = Console.Error;

    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    public Terminal Terminal { get; init; } = Terminal.None;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Makes the ECS client; tests pass the emulator's. The default resolves <see cref="DeployRequest.Aws"/>.</summary>
    public Func<AwsSettings, AwsClientOptions, IEcsClient>? ClientFactory { get; init; }

    /// <summary>Makes the CloudWatch Logs clients (failure logs, --tail-logs), one per log region; tests pass the emulator's. The default resolves the settings.</summary>
    public Func<AwsSettings, AwsClientOptions, ICloudWatchLogsClient>? LogsClientFactory { get; init; }

    /// <summary>Makes the Amazon ECR clients of the image check, one per registry region; tests pass the emulator's. The default resolves the settings.</summary>
    public Func<AwsSettings, AwsClientOptions, IEcrClient>? EcrClientFactory { get; init; }

    /// <summary>Makes the CodeDeploy client (services with the CODE_DEPLOY controller); tests pass the emulator's. The default resolves the settings.</summary>
    public Func<AwsSettings, AwsClientOptions, ICodeDeployClient>? CodeDeployClientFactory { get; init; }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var github = new GitHubActions(Environment, Error);
        using var reporter = new ConsoleReporter(Error, Terminal, github, Time);
        foreach (var note in Request.Notes)
        {
            reporter.Message($"note: {note}", Tone.Warning);
        }

        if (Request.Members.Count > 0)
        {
            return await RunGroupAsync(reporter, github, cancellationToken).ConfigureAwait(false);
        }

        var outcome = await RunAsync(reporter, cancellationToken).ConfigureAwait(false);
        new ResultWriter(Out, reporter, github).Write(outcome, Request.Output);
        return outcome.ExitCode;
    }

    /// <summary>
    /// Several services (a repeated -n, --services-file): one group, every member validated before the first write,
    /// deployed together (--max-parallel), one verdict. A refusal or an error before any result is written as for one service.
    /// </summary>
    private async Task<int> RunGroupAsync(ConsoleReporter reporter, GitHubActions github, CancellationToken cancellationToken)
    {
        IEcsClient? client = null;
        try
        {
            client = ClientFactory is { } factory ? factory(Request.Aws, ClientOptions(reporter)) : EcsClient.Create(Request.Aws, ClientOptions(reporter));
            using var logs = new LogsClients(Request.Aws, LogsClientFactory, Time);
            using var ecr = new EcrClients(Request.Aws, EcrClientFactory, Time);
            using var progress = new GroupProgress(Request.Members, Error, Terminal, github, Time);
            using var codeDeploy = CodeDeploy(reporter);
            var group = EcsDeployment.Group(Request.Members.Select(member => DeploymentMapper.ToDeployment(member)
                .WithClient(client)
                .WithCodeDeployClient(codeDeploy)
                .WithEcrClient(ecr.For)
                .WithLogsClient(logs.Default, logs.For)
                .WithProgress(progress)
                .WithTimeProvider(Time)));
            if (Request.MaxParallel is { } parallel)
            {
                group = group.WithMaxParallel(parallel);
            }

            if (Request.RollbackAllOnFailure)
            {
                group = group.RollbackAllOnFailure();
            }

            var result = await group.RunAsync(cancellationToken).ConfigureAwait(false);
            var outcome = GroupOutcome.Of(result, Request);
            new GroupResultWriter(Out, reporter, github).Write(outcome, Request.Output);
            return outcome.ExitCode;
        }
        catch (Exception exception) when (ExitCodes.Of(exception) != ExitCodes.InternalError
            && (exception is not OperationCanceledException || cancellationToken.IsCancellationRequested))
        {
            var outcome = CommandOutcome.Error(exception, Request);
            new ResultWriter(Out, reporter, github).Write(outcome, Request.Output);
            return outcome.ExitCode;
        }
        finally
        {
            (client as IDisposable)?.Dispose();
        }
    }

    /// <summary>The run's CodeDeploy client, made on first use and disposed with the scope.</summary>
    private LazyCodeDeployClient CodeDeploy(ConsoleReporter reporter) =>
        new(() => CodeDeployClientFactory is { } factory ? factory(Request.Aws, ClientOptions(reporter)) : CodeDeployClient.Create(Request.Aws, ClientOptions(reporter)));

    private AwsClientOptions ClientOptions(ConsoleReporter reporter) => new()
    {
        TimeProvider = Time,
        Logger = Request.Verbose ? new VerboseLogger(reporter, Time) : NullLogger.Instance,
    };

    private async Task<CommandOutcome> RunAsync(ConsoleReporter reporter, CancellationToken cancellationToken)
    {
        IEcsClient? client = null;
        try
        {
            var options = ClientOptions(reporter);
            client = ClientFactory is { } factory ? factory(Request.Aws, options) : EcsClient.Create(Request.Aws, options);
            return Request.Mode switch
            {
                DeployMode.Service => await DeployAsync(client, reporter, cancellationToken).ConfigureAwait(false),
                DeployMode.Continue or DeployMode.RollbackDeployment => await ActOnServiceDeploymentAsync(client, reporter, cancellationToken).ConfigureAwait(false),
                DeployMode.Rollback => await RollBackAsync(client, reporter, cancellationToken).ConfigureAwait(false),
                _ => await RegisterAsync(client, reporter, cancellationToken).ConfigureAwait(false),
            };
        }
        catch (Exception exception) when (ExitCodes.Of(exception) != ExitCodes.InternalError
            && (exception is not OperationCanceledException || cancellationToken.IsCancellationRequested))
        {
            return CommandOutcome.Error(exception, Request);
        }
        finally
        {
            (client as IDisposable)?.Dispose();
        }
    }

    private async Task<CommandOutcome> DeployAsync(IEcsClient client, ConsoleReporter reporter, CancellationToken cancellationToken)
    {
        using var logs = new LogsClients(Request.Aws, LogsClientFactory, Time);
        using var ecr = new EcrClients(Request.Aws, EcrClientFactory, Time);
        using var codeDeploy = CodeDeploy(reporter);
        var result = await DeploymentMapper.ToDeployment(Request)
            .WithClient(client)
            .WithCodeDeployClient(codeDeploy)
            .WithEcrClient(ecr.For)
            .WithLogsClient(logs.Default, logs.For)
            .WithProgress(reporter)
            .WithTimeProvider(Time)
            .RunAsync(cancellationToken).ConfigureAwait(false);
        return CommandOutcome.Of(result, Request);
    }

    /// <summary>--rollback: the service back on its previous revision (or --to's), watched as a deployment.</summary>
    private async Task<CommandOutcome> RollBackAsync(IEcsClient client, ConsoleReporter reporter, CancellationToken cancellationToken)
    {
        using var logs = new LogsClients(Request.Aws, LogsClientFactory, Time);
        var rollback = DeploymentMapper.ToRollback(Request)
            .WithClient(client)
            .WithLogsClient(logs.Default, logs.For)
            .WithProgress(reporter)
            .WithTimeProvider(Time);
        var result = Request.RollbackTo is { } to
            ? await rollback.RollBackToAsync(to, cancellationToken).ConfigureAwait(false)
            : await rollback.RollBackAsync(cancellationToken).ConfigureAwait(false);
        return CommandOutcome.Of(result, Request);
    }

    /// <summary>--continue or --rollback-deployment: the service's current native deployment, continued or rolled back, and waited for.</summary>
    private async Task<CommandOutcome> ActOnServiceDeploymentAsync(IEcsClient client, ConsoleReporter reporter, CancellationToken cancellationToken)
    {
        using var codeDeploy = CodeDeploy(reporter);
        var action = DeploymentMapper.ToServiceDeployment(Request)
            .WithClient(client)
            .WithCodeDeployClient(codeDeploy)
            .WithProgress(reporter)
            .WithTimeProvider(Time);
        var result = Request.Mode == DeployMode.Continue
            ? await action.ContinueAsync(cancellationToken).ConfigureAwait(false)
            : await action.RollBackAsync(cancellationToken).ConfigureAwait(false);
        return CommandOutcome.Of(result, Request);
    }

    private async Task<CommandOutcome> RegisterAsync(IEcsClient client, ConsoleReporter reporter, CancellationToken cancellationToken)
    {
        // --run-task needs an ACTIVE cluster: checked before the registration, which would otherwise be left behind.
        if (Request.Task is not null && await ClusterProblemAsync(client, Request.Cluster ?? DeploymentMapper.DefaultCluster, cancellationToken).ConfigureAwait(false) is { } cluster)
        {
            return CommandOutcome.Error(ExitCodes.Refused, cluster, Request);
        }

        using var ecr = new EcrClients(Request.Aws, EcrClientFactory, Time);
        var registration = await DeploymentMapper.ToTaskDefinition(Request)
            .WithClient(client)
            .WithEcrClient(ecr.For)
            .WithProgress(reporter)
            .WithTimeProvider(Time)
            .RegisterAsync(cancellationToken).ConfigureAwait(false);
        var outcome = CommandOutcome.Of(registration, Request);
        if (Request.Task is not { } task)
        {
            return outcome;
        }

        var (run, problem) = DeploymentMapper.ToTaskRun(Request, task, Request.DryRun ? DeploymentMapper.NewRevision : registration.TaskDefinitionArn!, registration.Revision.ContainerDefinitions);
        if (run is null)
        {
            return CommandOutcome.Error(ExitCodes.Refused, problem!, Request) with { Registration = registration };
        }

        run = run.WithClient(client).WithTimeProvider(Time);
        return Request.DryRun
            ? outcome with { PlannedCalls = [.. registration.PlannedCalls, .. run.PlannedCalls] }
            : await RunTaskAsync(run, task, registration.Revision.ContainerDefinitions, outcome, reporter, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<string?> ClusterProblemAsync(IEcsClient client, string cluster, CancellationToken cancellationToken)
    {
        var clusters = await client.DescribeClustersAsync(new DescribeClustersRequest { Clusters = [cluster] }, cancellationToken).ConfigureAwait(false);
        return clusters.Clusters switch
        {
            [{ Status: "ACTIVE" }, ..] => null,
            [var found, ..] => $"The cluster '{cluster}' is {found.Status}, not ACTIVE, so --run-task cannot start a task there; nothing was registered.",
            _ => $"The cluster '{cluster}' was not found (check -c and the region), so --run-task cannot start a task there; nothing was registered.",
        };
    }

    /// <summary>--run-task: runs the revision just registered and maps its result (see <see cref="ExitCodes.Of(TaskRunResult)"/>).</summary>
    private async Task<CommandOutcome> RunTaskAsync(EcsTask run, RunTaskRequest task, IReadOnlyList<ContainerDefinition> containers, CommandOutcome registered, ConsoleReporter reporter, CancellationToken cancellationToken)
    {
        // With --tail-logs every line is already on screen; otherwise the report shows the failed containers' last lines.
        using var logs = new LogsClients(Request.Aws, LogsClientFactory, Time);
        run = task.TailLogs ? run.WithFailureLogLines(0) : run.WithLogsClient(logs.Default, logs.For);
        var tail = task.TailLogs ? new TaskLogTail(containers, logs.For, reporter, Time) : null;
        var result = await run.WithProgress(tail?.Watch(reporter, cancellationToken) ?? reporter).RunAsync(cancellationToken).ConfigureAwait(false);
        if (tail is not null)
        {
            await tail.FinishAsync().ConfigureAwait(false);
        }

        return registered.WithTask(result);
    }
}
