using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Configuration;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.TaskDefinitions;
using Ecs.BlueGreen.Tasks;

namespace Ecs.BlueGreen.Tool;

/// <summary>
/// Every exit code of ecs-bluegreen, and the one place that maps a result or an exception onto a code and its
/// outcome name. 1, 3 and 5–13 are ecs-deploy's own codes for the same conditions, so
/// scripts that test them keep working; the others are ours. The README has the same table.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Deployed (also: nothing to do with --skip-if-unchanged, a dry run, paused with --wait-until paused, rolled back with --rollback-deployment, --version, --help).</summary>
    public const int Success = 0;

    /// <summary>The deployment (or the task of --run-task --wait-for-success) did not finish within -t (ecs-deploy's code for its timeouts).</summary>
    public const int TimedOut = 1;

    /// <summary>No arguments, an unknown argument, a flag without its value, a value given to a switch.</summary>
    public const int Usage = 3;

    /// <summary>Neither -n nor -d.</summary>
    public const int NoServiceOrTaskDefinition = 5;

    /// <summary>Both -n and -d.</summary>
    public const int BothServiceAndTaskDefinition = 6;

    /// <summary>-n without -c.</summary>
    public const int ServiceWithoutCluster = 7;

    /// <summary>Nothing to deploy: no -i, -to, --container, --env, --task-definition-file or --force-new-deployment.</summary>
    public const int NothingToDeploy = 8;

    /// <summary>--max-definitions is not an integer.</summary>
    public const int MaxDefinitionsNotNumeric = 9;

    /// <summary>--launch-type without --run-task.</summary>
    public const int LaunchTypeWithoutRunTask = 10;

    /// <summary>--network-configuration or --wait-for-success without --run-task.</summary>
    public const int NetworkConfigurationWithoutRunTask = 11;

    /// <summary>--platform-version without --run-task.</summary>
    public const int PlatformVersionWithoutRunTask = 12;

    /// <summary>The image of -i (or of --container) cannot be parsed.</summary>
    public const int InvalidImage = 13;

    /// <summary>An option has an invalid value (a number, a tag, JSON, a file, a combination); checked before any AWS call.</summary>
    public const int InvalidOptionValue = 14;

    /// <summary>
    /// Refused after reading AWS, before any write: cluster or service missing, image matches no container, CODE_DEPLOY
    /// controller, native options on a ROLLING service, nothing paused or in progress for --continue or --rollback-deployment.
    /// </summary>
    public const int Refused = 15;

    // 16 meant "--run-task is not supported yet" before --run-task was; it is retired rather than reused.

    /// <summary>--run-task: the task never ran (RunTask failures such as no capacity, an image that cannot be pulled, TaskFailedToStart).</summary>
    public const int TaskFailedToStart = 17;

    /// <summary>The deployment failed (tasks kept failing, ECS marked it FAILED, or someone else deployed over it).</summary>
    public const int DeploymentFailed = 20;

    /// <summary>ECS rolled the deployment back itself (circuit breaker or alarms) and its rollback restored the previous revision at its desired count.</summary>
    public const int RolledBackByEcs = 21;

    /// <summary>A rollback did not succeed, ours or ECS's own (ROLLBACK_FAILED): the service needs attention.</summary>
    public const int RollbackFailed = 22;

    /// <summary>ECS rolled the deployment back, but its rollback had not restored the previous revision within -t.</summary>
    public const int EcsRollbackUnfinished = 23;

    /// <summary>AWS refused a call (access denied, not found, throttled past every retry), could not be reached, answered with something that is not AWS, or a write's outcome could not be learned.</summary>
    public const int AwsError = 25;

    /// <summary>
    /// The AWS configuration is incomplete or broken: no region or an invalid one, no credentials, an unknown profile, an
    /// unreadable shared file, a role profile without a source, credentials that fail when first fetched.
    /// </summary>
    public const int AwsConfigurationError = 26;

    /// <summary>An unexpected internal error (one line; the stack trace with -v).</summary>
    public const int InternalError = 70;

    /// <summary>Ctrl+C or SIGTERM stopped the wait (also the wait for a rollback that was started).</summary>
    public const int Cancelled = 130;

    /// <summary>The outcome name for a code, as written to --output json and $GITHUB_OUTPUT.</summary>
    public static string Outcome(int code) => code switch
    {
        Success => "succeeded",
        TimedOut => "timed-out",
        Usage or (>= NoServiceOrTaskDefinition and <= InvalidOptionValue) => "invalid-arguments",
        Refused => "refused",
        TaskFailedToStart => "task-failed-to-start",
        DeploymentFailed => "failed",
        RolledBackByEcs => "rolled-back-by-ecs",
        RollbackFailed => "rollback-failed",
        EcsRollbackUnfinished => "ecs-rollback-unfinished",
        AwsError => "aws-error",
        AwsConfigurationError => "aws-configuration-error",
        Cancelled => "cancelled",
        _ => "internal-error",
    };

    /// <summary>
    /// The worst of the codes of a run with many services, from best to worst: 0, 1 (timed out), 21 (rolled back by
    /// ECS: the service is back where it was), 20 (failed), 23 and 22 (a rollback that did not end well), 15, 25 (an AWS
    /// error: the state is not known), 26, 130 (cancelled), then any other; the order of the library's
    /// <c>DeploymentGroupResult.Outcome</c>.
    /// </summary>
    public static int Worst(IEnumerable<int> codes) => codes.DefaultIfEmpty(Success).MaxBy(code => code switch
    {
        Success => 0,
        TimedOut => 1,
        RolledBackByEcs => 2,
        DeploymentFailed => 3,
        EcsRollbackUnfinished => 4,
        RollbackFailed => 5,
        Refused => 6,
        AwsError => 7,
        AwsConfigurationError => 8,
        Cancelled => 9,
        _ => 10,
    });

    /// <summary>
    /// The exit code of a deployment's result: an AWS error that interrupted it, then how a rollback (ours or ECS's)
    /// ended, then the outcome. A wait for a rollback that Ctrl+C stopped is 130, as any cancelled wait.
    /// </summary>
    public static int Of(DeploymentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Outcome == DeploymentOutcome.Interrupted)
        {
            return AwsError;
        }

        if ((result.Rollback ?? result.EcsRollback) is { } rollback)
        {
            return rollback.Outcome switch
            {
                DeploymentOutcome.Cancelled => Cancelled,
                DeploymentOutcome.Succeeded when result.Rollback is null => RolledBackByEcs,
                DeploymentOutcome.Succeeded => OutcomeCode(result),
                DeploymentOutcome.TimedOut when result.Rollback is null => EcsRollbackUnfinished,
                _ => RollbackFailed,
            };
        }

        return OutcomeCode(result);
    }

    /// <summary>The outcome name of a deployment's result: unchanged, planned and paused are successes of their own.</summary>
    public static string OutcomeOf(DeploymentResult result)
    {
        var code = Of(result);
        return result.Outcome switch
        {
            DeploymentOutcome.Unchanged when code == Success => "unchanged",
            DeploymentOutcome.Planned when code == Success => "planned",
            DeploymentOutcome.Paused when code == Success => "paused",
            _ => Outcome(code),
        };
    }

    /// <summary>The outcome name of a registration (-d without --run-task): it succeeds, unless it was only planned or found nothing to register.</summary>
    public static string OutcomeOf(TaskDefinitionRegistration registration, bool dryRun)
    {
        ArgumentNullException.ThrowIfNull(registration);
        return dryRun ? "planned" : registration.Registered ? Outcome(Success) : "unchanged";
    }

    /// <summary>
    /// The exit code of --run-task: a started task is 0 without --wait-for-success; with it, the essential containers'
    /// exit code (0 when they all exited 0, 1 when it is not an exit status), 17 when the task never ran, 1 on timeout
    /// (as ecs-deploy) and 130 when cancelled.
    /// </summary>
    public static int Of(TaskRunResult task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.Outcome switch
        {
            TaskRunOutcome.Started or TaskRunOutcome.Succeeded => Success,
            TaskRunOutcome.Failed => task.ExitCode is >= 1 and <= 255 ? task.ExitCode.Value : TimedOut,
            TaskRunOutcome.TimedOut => TimedOut,
            TaskRunOutcome.Cancelled => Cancelled,
            _ => TaskFailedToStart,
        };
    }

    /// <summary>The outcome name of --run-task: a task that failed exits with its container's code, so it is named apart from the codes above.</summary>
    public static string OutcomeOf(TaskRunResult task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.Outcome switch
        {
            TaskRunOutcome.Started => "task-started",
            TaskRunOutcome.Failed => "task-failed",
            _ => Outcome(Of(task)),
        };
    }

    /// <summary>
    /// The exit code of an exception that ended a run before it had a result: refused before any write, a broken AWS
    /// configuration, AWS refusing or unreachable, cancelled; anything else is an internal error.
    /// </summary>
    public static int Of(Exception exception) => exception switch
    {
        DeploymentValidationException => Refused,
        AwsConfigurationException => AwsConfigurationError,
        AwsException or HttpRequestException => AwsError,
        OperationCanceledException => Cancelled,
        _ => InternalError,
    };

    private static int OutcomeCode(DeploymentResult result) => result.Outcome switch
    {
        // Paused: the run was to end at a PAUSE hook (--wait-until paused), and it did.
        DeploymentOutcome.Succeeded or DeploymentOutcome.Unchanged or DeploymentOutcome.Planned or DeploymentOutcome.Paused => Success,
        DeploymentOutcome.TimedOut => TimedOut,
        DeploymentOutcome.Cancelled => Cancelled,
        _ when result.RolledBackByEcs => RolledBackByEcs,
        _ => DeploymentFailed,
    };
}
