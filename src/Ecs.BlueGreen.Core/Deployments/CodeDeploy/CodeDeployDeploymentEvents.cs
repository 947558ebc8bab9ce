using System.Globalization;

namespace Ecs.BlueGreen.Deployments;

/// <summary>CodeDeploy accepted our deployment (CreateDeployment) and its wait began, with its budget.</summary>
public sealed class CodeDeployDeploymentCreated : DeploymentEvent
{
    /// <summary>The CodeDeploy deployment (<c>d-…</c>).</summary>
    public required string CodeDeployDeploymentId { get; init; }

    /// <summary>The application.</summary>
    public required string ApplicationName { get; init; }

    /// <summary>The deployment group.</summary>
    public required string DeploymentGroupName { get; init; }

    /// <summary>The deployment configuration (the override, else the group's).</summary>
    public string? DeploymentConfigName { get; init; }

    /// <summary>The task definition the AppSpec deploys.</summary>
    public required string TaskDefinitionArn { get; init; }

    /// <summary>Where the AppSpec came from: generated from the service, or the file given.</summary>
    public required string AppSpecSource { get; init; }

    /// <summary>How long the wait may take.</summary>
    public required TimeSpan Budget { get; init; }

    /// <summary>How the budget was made up, for a person.</summary>
    public required string BudgetExplained { get; init; }

    /// <inheritdoc />
    public override string Message =>
        $"CodeDeploy deployment {CodeDeployDeploymentId} of {Short(TaskDefinitionArn)} created ({ApplicationName}/{DeploymentGroupName}, {DeploymentConfigName ?? "the group's configuration"}, {AppSpecSource}); watching it for up to {Duration(Budget)} ({BudgetExplained}).";
}

/// <summary>A lifecycle event of our CodeDeploy deployment started (<c>codedeploy#LifecycleEvent.status</c> InProgress).</summary>
public sealed class CodeDeployLifecycleEventStarted : DeploymentEvent
{
    /// <summary>The event.</summary>
    public required CodeDeployLifecycleEvent Event { get; init; }

    /// <summary>When CodeDeploy started it.</summary>
    public DateTimeOffset? StartTime { get; init; }

    /// <inheritdoc />
    public override string Message => $"CodeDeploy {Event.Value} started.";
}

/// <summary>
/// A lifecycle event of our CodeDeploy deployment ended: Succeeded, Failed or Skipped, with CodeDeploy's diagnostics
/// (<c>codedeploy#Diagnostics</c>: for a hook, the Lambda function's error and log tail).
/// </summary>
public sealed class CodeDeployLifecycleEventEnded : DeploymentEvent
{
    /// <summary>The event.</summary>
    public required CodeDeployLifecycleEvent Event { get; init; }

    /// <summary>Succeeded, Failed, Skipped or Unknown.</summary>
    public required string Status { get; init; }

    /// <summary>How long it took, when CodeDeploy gave both times.</summary>
    public TimeSpan? Elapsed { get; init; }

    /// <summary>The diagnostics' error code (<c>codedeploy#Diagnostics.errorCode</c>).</summary>
    public string? ErrorCode { get; init; }

    /// <summary>The hook's function or script (<c>codedeploy#Diagnostics.scriptName</c>).</summary>
    public string? ScriptName { get; init; }

    /// <summary>The diagnostics' message.</summary>
    public string? DiagnosticMessage { get; init; }

    /// <summary>The last lines the hook logged (<c>codedeploy#Diagnostics.logTail</c>).</summary>
    public string? LogTail { get; init; }

    /// <inheritdoc />
    public override string Message =>
        $"CodeDeploy {Event.Value} {Status}" + (Elapsed is { } d ? $" after {Duration(d)}" : string.Empty)
        + (ErrorCode is null && DiagnosticMessage is null ? "." : $": {string.Join(": ", new[] { ErrorCode, ScriptName, DiagnosticMessage }.OfType<string>()).TrimEnd('.')}.");
}

/// <summary>The traffic weights of the task sets of our CodeDeploy deployment changed (<c>codedeploy#ECSTaskSet.trafficWeight</c>), e.g. at each canary or linear step.</summary>
public sealed class CodeDeployTrafficShifted : DeploymentEvent
{
    /// <summary>Each task set: its label (Blue, the original; Green, the replacement), id, weight and counts.</summary>
    public required IReadOnlyList<CodeDeployTaskSet> TaskSets { get; init; }

    /// <inheritdoc />
    public override string Message =>
        "Traffic: " + string.Join(", ", TaskSets.Select(t => $"{t.Label ?? "task set"} {t.Identifier ?? "?"} {TrafficShifted.Percent(t.TrafficWeight ?? 0)} ({t.RunningCount ?? 0}/{t.DesiredCount ?? 0} running)")) + ".";
}

/// <summary>A task set of a CodeDeploy ECS deployment (<c>codedeploy#ECSTaskSet</c>).</summary>
public sealed record CodeDeployTaskSet
{
    /// <summary>Blue (the original) or Green (the replacement).</summary>
    public string? Label { get; init; }

    /// <summary>The ECS task set's id (<c>codedeploy#ECSTaskSet.identifer</c>).</summary>
    public string? Identifier { get; init; }

    /// <summary>PRIMARY, ACTIVE or DRAINING.</summary>
    public string? Status { get; init; }

    /// <summary>Its share of production traffic, in percent.</summary>
    public double? TrafficWeight { get; init; }

    /// <summary>Its desired count.</summary>
    public long? DesiredCount { get; init; }

    /// <summary>Its running count.</summary>
    public long? RunningCount { get; init; }
}

/// <summary>
/// Our CodeDeploy deployment waits at Ready for the traffic reroute (<c>codedeploy#DeploymentReadyOption</c>
/// STOP_DEPLOYMENT): ContinueDeployment READY_WAIT shifts traffic; after the group's wait time CodeDeploy stops it.
/// </summary>
public sealed class CodeDeployReadyWaitReached : DeploymentEvent
{
    /// <summary>The CodeDeploy deployment.</summary>
    public required string CodeDeployDeploymentId { get; init; }

    /// <summary>Whether this run answers it (a smoke test or a pause handler).</summary>
    public bool AnsweredHere { get; init; }

    /// <summary>How long CodeDeploy waits before it stops the deployment (<c>codedeploy#DeploymentReadyOption.waitTimeInMinutes</c>).</summary>
    public int? WaitTimeInMinutes { get; init; }

    /// <inheritdoc />
    public override string Message =>
        $"CodeDeploy deployment {CodeDeployDeploymentId} is Ready: the replacement runs and waits for the traffic reroute"
        + (AnsweredHere ? "; the smoke test decides." : WaitTimeInMinutes is { } m ? string.Create(CultureInfo.InvariantCulture, $" (ContinueDeployment READY_WAIT, or it stops after {m} min).") : " (ContinueDeployment READY_WAIT).");
}

/// <summary>
/// A heartbeat while our CodeDeploy deployment shows no change (a long hook, a canary's or linear step's interval, the
/// Ready wait): what it is in, for how long, and the wait's remaining budget.
/// </summary>
public sealed class CodeDeployWaiting : DeploymentEvent
{
    /// <summary>The CodeDeploy deployment.</summary>
    public required string CodeDeployDeploymentId { get; init; }

    /// <summary>Its status (<c>codedeploy#DeploymentInfo.status</c>).</summary>
    public string? Status { get; init; }

    /// <summary>The lifecycle event in progress, when one is (<c>codedeploy#LifecycleEvent.status</c> InProgress).</summary>
    public CodeDeployLifecycleEvent? InProgress { get; init; }

    /// <summary>How long the deployment has been seen as it is.</summary>
    public TimeSpan Unchanged { get; init; }

    /// <summary>The wait's remaining budget.</summary>
    public TimeSpan Remaining { get; init; }

    /// <inheritdoc />
    public override string Message =>
        $"CodeDeploy deployment {CodeDeployDeploymentId} still {(InProgress is { } e ? $"in {e.Value}" : Status ?? "starting")} after {Duration(Unchanged)} ({Duration(Remaining)} left to wait).";
}

/// <summary>The CodeDeploy deployment was continued with ContinueDeployment (READY_WAIT or TERMINATION_WAIT).</summary>
public sealed class CodeDeployDeploymentContinued : DeploymentEvent
{
    /// <summary>The CodeDeploy deployment.</summary>
    public required string CodeDeployDeploymentId { get; init; }

    /// <summary>READY_WAIT or TERMINATION_WAIT.</summary>
    public required string WaitType { get; init; }

    /// <inheritdoc />
    public override string Message => WaitType == "TERMINATION_WAIT"
        ? $"Ended the termination wait of CodeDeploy deployment {CodeDeployDeploymentId}: the original task set is removed now."
        : $"Continued CodeDeploy deployment {CodeDeployDeploymentId} at Ready: traffic shifts to the replacement.";
}

/// <summary>
/// All production traffic reached the replacement task set and CodeDeploy's termination wait began: the original
/// (blue) task set is kept until it ends, unless this run skips it.
/// </summary>
public sealed class CodeDeployTerminationWaitStarted : DeploymentEvent
{
    /// <summary>The CodeDeploy deployment.</summary>
    public required string CodeDeployDeploymentId { get; init; }

    /// <summary>The group's termination wait, when known.</summary>
    public int? TerminationWaitMinutes { get; init; }

    /// <summary>Whether this run ends the wait now (ContinueDeployment TERMINATION_WAIT) rather than returning.</summary>
    public bool Skipping { get; init; }

    /// <inheritdoc />
    public override string Message =>
        "Traffic fully shifted; " + (Skipping ? "ending the termination wait now."
            : "the original task set is kept until the termination wait ends" + (TerminationWaitMinutes is { } m ? string.Create(CultureInfo.InvariantCulture, $" ({m} min)") : string.Empty) + ".");
}

/// <summary>Our CodeDeploy deployment is being rolled back: by CodeDeploy itself, or after our StopDeployment with auto-rollback.</summary>
public sealed class CodeDeployRollbackFollowed : DeploymentEvent
{
    /// <summary>The deployment rolled back.</summary>
    public required string CodeDeployDeploymentId { get; init; }

    /// <summary>The rollback's own deployment (<c>codedeploy#RollbackInfo.rollbackDeploymentId</c>).</summary>
    public required string RollbackDeploymentId { get; init; }

    /// <summary>Whether our StopDeployment asked for it.</summary>
    public bool Ours { get; init; }

    /// <summary>CodeDeploy's words (<c>codedeploy#RollbackInfo.rollbackMessage</c>).</summary>
    public string? RollbackMessage { get; init; }

    /// <inheritdoc />
    public override string Message =>
        $"{(Ours ? "Our" : "CodeDeploy's own")} rollback of {CodeDeployDeploymentId} runs as deployment {RollbackDeploymentId}" + (RollbackMessage is { } m ? $": {m}" : ".");
}

/// <summary>We asked CodeDeploy to stop our deployment and roll it back (StopDeployment, autoRollbackEnabled).</summary>
public sealed class CodeDeployStopRequested : DeploymentEvent
{
    /// <summary>The CodeDeploy deployment.</summary>
    public required string CodeDeployDeploymentId { get; init; }

    /// <summary>Why.</summary>
    public required string Reason { get; init; }

    /// <inheritdoc />
    public override string Message => $"Asked CodeDeploy to stop {CodeDeployDeploymentId} and roll back: {Reason}";
}
