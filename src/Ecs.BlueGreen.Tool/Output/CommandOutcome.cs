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

    /// <summary>For a dry run: the calls that would have been made.</summary>
    public string? WouldCall { get; init; }

    public bool IsSuccess => ExitCode == ExitCodes.Success;

    public string? TaskDefinitionArn => Deployment?.TaskDefinitionArn ?? Registration?.TaskDefinitionArn;

    public string? PreviousTaskDefinitionArn => Deployment?.PreviousTaskDefinitionArn ?? Registration?.BaseTaskDefinitionArn;

    public static CommandOutcome Error(int exitCode, string reason, DeployRequest? request = null) =>
        new() { ExitCode = exitCode, Outcome = ExitCodes.Outcome(exitCode), Reason = reason, Request = request };

    /// <summary>
    /// The exit code of a deployment's result: an AWS error that interrupted it, then how a rollback (ours or ECS's)
    /// ended, then the outcome. A wait for a rollback that Ctrl+C stopped is 130, as any cancelled wait.
    /// </summary>
    public static int ExitCodeOf(DeploymentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Outcome == DeploymentOutcome.Interrupted)
        {
            return ExitCodes.AwsError;
        }

        if ((result.Rollback ?? result.EcsRollback) is { } rollback)
        {
            return rollback.Outcome switch
            {
                DeploymentOutcome.Cancelled => ExitCodes.Cancelled,
                DeploymentOutcome.Succeeded when result.Rollback is null => ExitCodes.RolledBackByEcs,
                DeploymentOutcome.Succeeded => OutcomeCode(result),
                DeploymentOutcome.TimedOut when result.Rollback is null => ExitCodes.EcsRollbackUnfinished,
                _ => ExitCodes.RollbackFailed,
            };
        }

        return OutcomeCode(result);
    }

    private static int OutcomeCode(DeploymentResult result) => result.Outcome switch
    {
        DeploymentOutcome.Succeeded or DeploymentOutcome.Unchanged or DeploymentOutcome.Planned => ExitCodes.Success,
        DeploymentOutcome.TimedOut => ExitCodes.TimedOut,
        DeploymentOutcome.Cancelled => ExitCodes.Cancelled,
        _ when result.RolledBackByEcs => ExitCodes.RolledBackByEcs,
        _ => ExitCodes.DeploymentFailed,
    };

    public static string OutcomeOf(DeploymentResult result, int exitCode) => result.Outcome switch
    {
        DeploymentOutcome.Unchanged when exitCode == ExitCodes.Success => "unchanged",
        DeploymentOutcome.Planned when exitCode == ExitCodes.Success => "planned",
        _ => ExitCodes.Outcome(exitCode),
    };
}
