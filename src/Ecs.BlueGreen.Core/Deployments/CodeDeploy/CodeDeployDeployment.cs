namespace Ecs.BlueGreen.Deployments;

/// <summary>
/// For a service with the CODE_DEPLOY deployment controller: the CodeDeploy deployment of the run, as last seen
/// (<c>codedeploy#DeploymentInfo</c>), and what it leaves behind.
/// </summary>
public sealed record CodeDeployDeployment
{
    /// <summary>The CodeDeploy application.</summary>
    public required string ApplicationName { get; init; }

    /// <summary>The deployment group.</summary>
    public required string DeploymentGroupName { get; init; }

    /// <summary>The deployment (<c>d-…</c>).</summary>
    public required string DeploymentId { get; init; }

    /// <summary>The deployment configuration: the override given, else the group's.</summary>
    public string? DeploymentConfigName { get; init; }

    /// <summary>Its status when last seen: Created, Queued, InProgress, Baking, Ready, Succeeded, Failed or Stopped.</summary>
    public string? Status { get; init; }

    /// <summary>The last lifecycle event seen to succeed.</summary>
    public CodeDeployLifecycleEvent? LastSucceededLifecycleEvent { get; init; }

    /// <summary>CodeDeploy's error (<c>codedeploy#ErrorInformation.code</c>, e.g. HOOK_EXECUTION_FAILURE), when it failed or stopped.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>CodeDeploy's error message.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The deployment that rolled it back (<c>codedeploy#RollbackInfo.rollbackDeploymentId</c>), CodeDeploy's or ours.</summary>
    public string? RollbackDeploymentId { get; init; }

    /// <summary>CodeDeploy's words on the rollback (<c>codedeploy#RollbackInfo.rollbackMessage</c>).</summary>
    public string? RollbackMessage { get; init; }

    /// <summary>Whether all production traffic reached the replacement task set.</summary>
    public bool TrafficShifted { get; init; }

    /// <summary>
    /// Whether the run ended while CodeDeploy still keeps the original (blue) task set for the group's termination wait
    /// (<c>codedeploy#BlueInstanceTerminationOption.terminationWaitTimeInMinutes</c>): the deployment is not Succeeded
    /// until that wait ends, and it can still be rolled back until then.
    /// </summary>
    public bool OriginalTaskSetKept { get; init; }

    /// <summary>The group's termination wait, in minutes, when known.</summary>
    public int? TerminationWaitMinutes { get; init; }

    /// <summary>Whether this run ended the termination wait early (ContinueDeployment TERMINATION_WAIT).</summary>
    public bool TerminationWaitSkipped { get; init; }
}
