using System.Globalization;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.TaskDefinitions;
using Ecs.BlueGreen.Tasks;

namespace Ecs.BlueGreen.Tool.Output;

/// <summary>How a run ended, whatever the mode: the exit code, its name, the cause, and the library's result.</summary>
internal sealed record CommandOutcome
{
    public required int ExitCode { get; init; }

    /// <summary>succeeded, unchanged, planned, failed, rolled-back-by-ecs, timed-out, … (see <see cref="ExitCodes.Outcome"/>).</summary>
    public required string Outcome { get; init; }

    /// <summary>The cause, for a person; first thing printed on failure.</summary>
    public required string Reason { get; init; }

    public DeployRequest? Request { get; init; }

    public DeploymentResult? Deployment { get; init; }

    public TaskDefinitionRegistration? Registration { get; init; }

    /// <summary>The one-off task of --run-task, once it was run.</summary>
    public TaskRunResult? Task { get; init; }

    /// <summary>Every problem, when the run was refused (exit 15).</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>For a dry run: the calls that would have been made, as the library planned them.</summary>
    public IReadOnlyList<PlannedCall>? PlannedCalls { get; init; }

    /// <summary>For a dry run: <see cref="PlannedCalls"/>, one indented line each.</summary>
    public string? WouldCall => PlannedCalls is { } calls ? string.Join("\n", calls.Select(c => $"  {c}")) : null;

    public bool IsSuccess => ExitCode == ExitCodes.Success;

    public string? TaskDefinitionArn => Deployment?.TaskDefinitionArn ?? Registration?.TaskDefinitionArn;

    public string? PreviousTaskDefinitionArn => Deployment?.PreviousTaskDefinitionArn ?? Registration?.BaseTaskDefinitionArn;

    public static CommandOutcome Error(int exitCode, string reason, DeployRequest? request = null) =>
        new() { ExitCode = exitCode, Outcome = ExitCodes.Outcome(exitCode), Reason = reason, Request = request };

    /// <summary>A run that an exception ended before it had a result, with the code <see cref="ExitCodes.Of(Exception)"/> gives it.</summary>
    public static CommandOutcome Error(Exception exception, DeployRequest request)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var code = ExitCodes.Of(exception);
        return exception switch
        {
            DeploymentValidationException { Problems: [var first, ..] } refused => Error(code, first, request) with { Problems = refused.Problems },
            HttpRequestException => Error(code, $"Could not reach AWS: {exception.Message}", request),
            OperationCanceledException => Error(code, "Cancelled before the deployment had a result; check the service before running again.", request),
            _ => Error(code, exception.Message, request) with { Problems = exception is DeploymentValidationException ? [exception.Message] : [] },
        };
    }

    /// <summary>How a deployment (-n) ended.</summary>
    public static CommandOutcome Of(DeploymentResult result, DeployRequest request)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new()
        {
            ExitCode = ExitCodes.Of(result),
            Outcome = ExitCodes.OutcomeOf(result),
            Reason = request?.Mode == DeployMode.RollbackDeployment ? RollbackVerdict(result)
                : request?.Mode == DeployMode.Rollback ? OnDemandRollbackVerdict(result)
                : Verdict(result),
            Request = request,
            Deployment = result,
            PlannedCalls = result.Outcome == DeploymentOutcome.Planned ? result.PlannedCalls : null,
        };
    }

    /// <summary>How a registration (-d) ended, before any --run-task.</summary>
    public static CommandOutcome Of(TaskDefinitionRegistration registration, DeployRequest request)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(request);
        return new()
        {
            ExitCode = ExitCodes.Success,
            Outcome = ExitCodes.OutcomeOf(registration, request.DryRun),
            Reason = request.DryRun
                ? $"Dry run: would register a new revision of {registration.Revision.Family} based on {ConsoleReporter.Short(registration.BaseTaskDefinitionArn)} ({registration.Changes.Count} change(s)). Nothing was written."
                : registration.Registered
                    ? $"Registered {registration.TaskDefinitionArn} (based on {ConsoleReporter.Short(registration.BaseTaskDefinitionArn)})."
                    : $"Unchanged: {registration.TaskDefinitionArn} is identical to the requested revision; nothing was registered.",
            Request = request,
            Registration = registration,
            PlannedCalls = request.DryRun ? registration.PlannedCalls : null,
        };
    }

    /// <summary>This registration's outcome once --run-task ran the revision.</summary>
    public CommandOutcome WithTask(TaskRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var exitCode = ExitCodes.Of(result);
        return this with
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
        DeploymentOutcome.Paused => $"Deployment of {result.Service} is paused: {result.Reason} Continue it with --continue or roll it back with --rollback-deployment (-c {result.Cluster} -n {result.Service}).",
        DeploymentOutcome.TimedOut => $"Deployment of {result.Service} timed out: {result.Reason} {TimeoutHint(result.TimedOutPhase)}",
        DeploymentOutcome.Cancelled => $"Deployment of {result.Service} was cancelled: {result.Reason}",
        DeploymentOutcome.Interrupted => $"Deployment of {result.Service} was interrupted by an AWS error: {result.Reason}",
        _ => $"Deployment of {result.Service} failed: {result.Reason}",
    };

    /// <summary>How --rollback-deployment ended: the rollback is the result, its outcome the run's.</summary>
    private static string RollbackVerdict(DeploymentResult result) => result.Outcome switch
    {
        DeploymentOutcome.Succeeded => $"Rolled back {ConsoleReporter.Short(result.ServiceDeploymentArn)} of {result.Service} in {result.Cluster} in {Seconds(result.Duration)}: {result.Rollback?.Reason ?? result.Reason}",
        DeploymentOutcome.Cancelled => $"The wait for the rollback of {result.Service} was cancelled: {result.Reason}",
        _ => $"The rollback of {result.Service} did not succeed: {result.Reason}",
    };

    /// <summary>How --rollback ended: from which revision to which, and why that one; its outcome is the run's, as for a deploy.</summary>
    private static string OnDemandRollbackVerdict(DeploymentResult result)
    {
        var target = result.RollbackTarget;
        var move = target is null ? $"{result.Service}" : $"{result.Service} from {ConsoleReporter.Short(target.FromTaskDefinitionArn)} to {ConsoleReporter.Short(target.ToTaskDefinitionArn)}";
        return result.Outcome switch
        {
            DeploymentOutcome.Succeeded => $"Rolled back {move} in {result.Cluster} in {Seconds(result.Duration)}: {result.Rollback?.Reason ?? result.Reason} {target?.Reason}".TrimEnd(),
            DeploymentOutcome.Unchanged or DeploymentOutcome.Planned => result.Reason,
            DeploymentOutcome.TimedOut => $"The rollback of {move} timed out: {result.Reason} {TimeoutHint(result.TimedOutPhase)}",
            DeploymentOutcome.Cancelled => $"The rollback of {move} was cancelled: {result.Reason}",
            DeploymentOutcome.Interrupted => $"The rollback of {move} was interrupted by an AWS error: {result.Reason}",
            _ => $"The rollback of {move} failed: {result.Reason}",
        };
    }

    /// <summary>What to change after a timeout, in the command's terms.</summary>
    private static string TimeoutHint(DeploymentWaitPhase? phase) => phase == DeploymentWaitPhase.OldTasks
        ? "(-t is the budget of each wait phase: raise it, or use --skip-deployments-check to succeed once the new tasks run.)"
        : "(-t is the budget of each wait phase: raise it if the tasks start slowly.)";

    private static string Seconds(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#}s");
}
