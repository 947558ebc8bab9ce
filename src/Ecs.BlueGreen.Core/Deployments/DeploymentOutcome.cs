namespace Ecs.BlueGreen.Deployments;

/// <summary>How a deployment (or a rollback) ended.</summary>
public enum DeploymentOutcome
{
    /// <summary>The new revision runs the desired count and, unless told otherwise, the old tasks have drained.</summary>
    Succeeded,

    /// <summary>Nothing to do: the service already runs an identical revision (<c>SkipIfUnchanged</c>).</summary>
    Unchanged,

    /// <summary>A dry run: everything was resolved and validated, nothing was written.</summary>
    Planned,

    /// <summary>The rollout failed, ECS rolled it back, or the new revision's tasks kept failing.</summary>
    Failed,

    /// <summary>The deployment did not finish within its time budget.</summary>
    TimedOut,

    /// <summary>The caller cancelled the wait.</summary>
    Cancelled,

    /// <summary>
    /// An AWS call failed past every retry after the run had begun: <see cref="DeploymentResult.Error"/> says which,
    /// and the result what was done before (a registered revision) and where the service was last seen.
    /// </summary>
    Interrupted,

    /// <summary>
    /// A native deployment waits at a PAUSE lifecycle hook, and the run was to end there (<c>WaitUntilPaused</c>):
    /// <see cref="DeploymentResult.PausedHook"/> names the hook to continue or roll back later.
    /// </summary>
    Paused,
}

/// <summary>What <c>RunAsync</c> does with a result that is not a success.</summary>
public enum DeploymentResultValidation
{
    /// <summary>Return every result; the caller inspects <see cref="DeploymentResult.Outcome"/>.</summary>
    None,

    /// <summary>Throw <see cref="DeploymentFailedException"/> unless the outcome is Succeeded, Unchanged or Planned, and <see cref="OperationCanceledException"/> on cancellation.</summary>
    Succeeded,
}
