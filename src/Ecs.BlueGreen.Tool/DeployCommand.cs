using System.Globalization;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Configuration;
using Ecs.BlueGreen.Deployments;
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

    /// <summary>Makes the CloudWatch Logs client of --tail-logs; tests pass the emulator's. The default resolves the settings.</summary>
    public Func<AwsSettings, AwsClientOptions, ICloudWatchLogsClient>? LogsClientFactory { get; init; }

    /// <summary>The cluster of --run-task without -c: the one the AWS CLI uses without --cluster (ecs-deploy passed "false").</summary>
    private const string DefaultCluster = "default";

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var github = new GitHubActions(Environment, Error);
        using var reporter = new ConsoleReporter(Error, Terminal, github, Time);
        foreach (var note in Request.Notes)
        {
            reporter.Message($"note: {note}", Tone.Warning);
        }

        var outcome = await RunAsync(reporter, cancellationToken).ConfigureAwait(false);
        new ResultWriter(Out, reporter, github).Write(outcome, Request.Output);
        return outcome.ExitCode;
    }

    private async Task<CommandOutcome> RunAsync(ConsoleReporter reporter, CancellationToken cancellationToken)
    {
        IEcsClient? client = null;
        try
        {
            var options = new AwsClientOptions
            {
                TimeProvider = Time,
                Logger = Request.Verbose ? new VerboseLogger(reporter, Time) : NullLogger.Instance,
            };
            client = ClientFactory is { } factory ? factory(Request.Aws, options) : EcsClient.Create(Request.Aws, options);
            return Request.Mode == DeployMode.Service
                ? await DeployAsync(client, reporter, cancellationToken).ConfigureAwait(false)
                : await RegisterAsync(client, reporter, cancellationToken).ConfigureAwait(false);
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
        var result = await DeploymentMapper.ToDeployment(Request)
            .WithClient(client)
            .WithLogsClient(logs.Default, logs.For)
            .WithProgress(reporter)
            .WithTimeProvider(Time)
            .RunAsync(cancellationToken).ConfigureAwait(false);
        return new CommandOutcome
        {
            ExitCode = ExitCodes.Of(result),
            Outcome = ExitCodes.OutcomeOf(result),
            Reason = Verdict(result),
            Request = Request,
            Deployment = result,
            PlannedCalls = result.Outcome == DeploymentOutcome.Planned ? result.PlannedCalls : null,
        };
    }

    private async Task<CommandOutcome> RegisterAsync(IEcsClient client, ConsoleReporter reporter, CancellationToken cancellationToken)
    {
        // --run-task needs an ACTIVE cluster: checked before the registration, which would otherwise be left behind.
        if (Request.Task is not null && await ClusterProblemAsync(client, Request.Cluster ?? DefaultCluster, cancellationToken).ConfigureAwait(false) is { } cluster)
        {
            return CommandOutcome.Error(ExitCodes.Refused, cluster, Request);
        }

        var registration = await DeploymentMapper.ToTaskDefinition(Request)
            .WithClient(client)
            .WithProgress(reporter)
            .WithTimeProvider(Time)
            .RegisterAsync(cancellationToken).ConfigureAwait(false);
        var outcome = new CommandOutcome
        {
            ExitCode = ExitCodes.Success,
            Outcome = ExitCodes.OutcomeOf(registration, Request.DryRun),
            Reason = Request.DryRun
                ? $"Dry run: would register a new revision of {registration.Revision.Family} based on {ConsoleReporter.Short(registration.BaseTaskDefinitionArn)} ({registration.Changes.Count} change(s)). Nothing was written."
                : registration.Registered
                    ? $"Registered {registration.TaskDefinitionArn} (based on {ConsoleReporter.Short(registration.BaseTaskDefinitionArn)})."
                    : $"Unchanged: {registration.TaskDefinitionArn} is identical to the requested revision; nothing was registered.",
            Request = Request,
            Registration = registration,
            PlannedCalls = Request.DryRun ? registration.PlannedCalls : null,
        };
        if (Request.Task is not { } task)
        {
            return outcome;
        }

        var (run, problem) = TaskRun(client, task, Request.DryRun ? NewRevision : registration.TaskDefinitionArn!, registration.Revision.ContainerDefinitions);
        if (run is null)
        {
            return CommandOutcome.Error(ExitCodes.Refused, problem!, Request) with { Registration = registration };
        }

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

    /// <summary>The name a dry run gives the revision it would register, in the RunTask it would make.</summary>
    private const string NewRevision = "(the new revision)";

    /// <summary>
    /// --run-task's run of <paramref name="taskDefinition"/> with the library's <see cref="EcsTask"/>; <see langword="null"/>
    /// with the problem when --command has no container of <paramref name="containers"/> to go to.
    /// </summary>
    private (EcsTask? Run, string? Problem) TaskRun(IEcsClient client, RunTaskRequest task, string taskDefinition, IReadOnlyList<ContainerDefinition> containers)
    {
        var run = EcsTask.Run(Request.Cluster ?? DefaultCluster, taskDefinition)
            .WithClient(client)
            .WithTimeProvider(Time)
            .WithValidation(TaskRunValidation.None);
        if (task.WaitForSuccess)
        {
            run = run.WaitForCompletion().WithTimeout(Request.Timeout);
        }

        if (task.LaunchType is { } launchType)
        {
            run = run.WithLaunchType(launchType);
        }

        if (task.CapacityProviderStrategy.Count > 0)
        {
            run = run.WithCapacityProviderStrategy(task.CapacityProviderStrategy);
        }

        if (task.PlatformVersion is not null)
        {
            run = run.WithPlatformVersion(task.PlatformVersion);
        }

        if (task.NetworkConfiguration is not null)
        {
            run = run.WithNetworkConfiguration(task.NetworkConfiguration);
        }

        if (task.StartedBy is not null)
        {
            run = run.WithStartedBy(task.StartedBy);
        }

        if (task.Command is not null)
        {
            var target = containers.FirstOrDefault(c => c.Essential ?? true) ?? (containers.Count > 0 ? containers[0] : null);
            if (target?.Name is not { } name)
            {
                return (null, "--command: the new revision has no container whose command could be set.");
            }

            run = run.WithCommand(name, task.Command);
        }

        return (run, null);
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

        var exitCode = ExitCodes.Of(result);
        return registered with
        {
            ExitCode = exitCode,
            Outcome = ExitCodes.OutcomeOf(result),
            Reason = result.Outcome switch
            {
                TaskRunOutcome.Started => $"Started task {result.TaskArn} of {ConsoleReporter.Short(result.TaskDefinitionArn)}; not waiting for it to stop (--wait-for-success waits and exits with its exit code).",
                TaskRunOutcome.Failed when exitCode != result.ExitCode => $"{result.Reason} (exit code {result.ExitCode} is not an exit status: exiting with 1)",
                _ => result.Reason,
            },
            Task = result,
        };
    }

    private static string Verdict(DeploymentResult result) => result.Outcome switch
    {
        DeploymentOutcome.Succeeded => $"Deployed {ConsoleReporter.Short(result.TaskDefinitionArn)} to {result.Service} in {result.Cluster} in {Seconds(result.Duration)}: {result.Reason}",
        DeploymentOutcome.Unchanged or DeploymentOutcome.Planned => result.Reason,
        DeploymentOutcome.TimedOut => $"Deployment of {result.Service} timed out: {result.Reason} {TimeoutHint(result.TimedOutPhase)}",
        DeploymentOutcome.Cancelled => $"Deployment of {result.Service} was cancelled: {result.Reason}",
        DeploymentOutcome.Interrupted => $"Deployment of {result.Service} was interrupted by an AWS error: {result.Reason}",
        _ => $"Deployment of {result.Service} failed: {result.Reason}",
    };

    /// <summary>What to change after a timeout, in the command's terms.</summary>
    private static string TimeoutHint(DeploymentWaitPhase? phase) => phase == DeploymentWaitPhase.OldTasks
        ? "(-t is the budget of each wait phase: raise it, or use --skip-deployments-check to succeed once the new tasks run.)"
        : "(-t is the budget of each wait phase: raise it if the tasks start slowly.)";

    private static string Seconds(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#}s");
}
