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
}
