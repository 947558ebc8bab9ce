using System.Text.Json.Nodes;
using Ecs.BlueGreen.Testing.Scenarios;

namespace Ecs.BlueGreen.Testing.Simulation;

/// <summary>A CodeDeploy application (<c>codedeploy#ApplicationInfo</c>).</summary>
internal sealed class CodeDeployApplicationState
{
    public required string Name { get; init; }

    public required string Id { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public Dictionary<string, CodeDeployGroupState> Groups { get; } = new(StringComparer.Ordinal);
}

/// <summary>A deployment group of an ECS application (<c>codedeploy#DeploymentGroupInfo</c>), resolved against the scenario's service and listeners.</summary>
internal sealed class CodeDeployGroupState
{
    public required CodeDeployApplicationState Application { get; init; }

    public required string Name { get; init; }

    public required string Id { get; init; }

    public required CodeDeployDeploymentGroup Declared { get; init; }

    public required ServiceState Service { get; init; }

    public required string DeploymentConfigName { get; init; }

    /// <summary>The two target groups of the pair, by name, in the group's order.</summary>
    public required IReadOnlyList<string> TargetGroupNames { get; init; }

    public required IReadOnlyList<string> ProductionListeners { get; init; }

    public required IReadOnlyList<string> TestListeners { get; init; }

    /// <summary><c>deploymentReadyOption.actionOnTimeout</c> is STOP_DEPLOYMENT: the deployment waits in Ready.</summary>
    public bool WaitForReady { get; init; }

    public int ReadyWaitMinutes { get; init; }

    public bool TerminateBlue { get; init; } = true;

    public int TerminationWaitMinutes { get; init; }

    public bool AutoRollback { get; init; }

    public IReadOnlyList<string> AutoRollbackEvents { get; init; } = [];

    public CodeDeployDeploymentState? LastAttempted { get; set; }

    public CodeDeployDeploymentState? LastSucceeded { get; set; }
}

/// <summary>A deployment configuration (<c>codedeploy#DeploymentConfigInfo</c>): how production traffic shifts.</summary>
internal sealed record CodeDeployConfigState(string Name, string Id, string Type, int Percentage, int IntervalMinutes, bool Predefined);

/// <summary>An ECS task set (<c>ecs#TaskSet</c>) of a service with the CODE_DEPLOY deployment controller; its tasks belong to <see cref="Tasks"/>.</summary>
internal sealed class TaskSetState
{
    public required string Id { get; init; }

    public required string Arn { get; init; }

    /// <summary>The simulation's deployment record the task set's tasks belong to (its task definition, failed-task count).</summary>
    public required DeploymentState Tasks { get; init; }

    /// <summary>PRIMARY (serves production), ACTIVE, or DRAINING (being removed).</summary>
    public string Status { get; set; } = "ACTIVE";

    public required string TargetGroupArn { get; init; }

    public required JsonObject LoadBalancer { get; init; }

    public JsonObject? NetworkConfiguration { get; init; }

    public string? PlatformVersion { get; init; }

    public JsonArray? CapacityProviderStrategy { get; init; }

    public string? ExternalId { get; init; }

    public string? StartedBy { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string StabilityStatus { get; set; } = "STABILIZING";

    public DateTimeOffset? StabilityStatusAt { get; set; }

    /// <summary><c>ecs#Scale.value</c>, percent of the service's desired count.</summary>
    public double ScalePercent { get; set; } = 100;

    public double ProductionWeight { get; set; }

    public double TestWeight { get; set; }
}

/// <summary>One lifecycle event of a deployment's ECS target (<c>codedeploy#LifecycleEvent</c>).</summary>
internal sealed class LifecycleEventState
{
    public required string Name { get; init; }

    /// <summary>Pending, InProgress, Succeeded, Failed, Skipped or Unknown.</summary>
    public string Status { get; set; } = "Pending";

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>The AppSpec's hook function for the event; <c>null</c> for the events CodeDeploy runs itself and hooks the AppSpec leaves out.</summary>
    public string? HookFunction { get; set; }

    public string? HookExecutionId { get; set; }

    /// <summary>When a running hook reports, or gives up.</summary>
    public DateTimeOffset? DueAt { get; set; }

    public CodeDeployHookOutcome Outcome { get; set; }

    public string? DiagnosticsCode { get; set; }

    public string? DiagnosticsMessage { get; set; }
}

/// <summary>A CodeDeploy deployment (<c>codedeploy#DeploymentInfo</c>) of an ECS service, and where its workflow is.</summary>
internal sealed class CodeDeployDeploymentState
{
    public required string Id { get; init; }

    public required CodeDeployGroupState Group { get; init; }

    public required CodeDeployConfigState Config { get; init; }

    public required string Creator { get; init; }

    public string? Description { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Created, InProgress, Ready, Succeeded, Failed or Stopped (<c>codedeploy#DeploymentStatus</c>).</summary>
    public string Status { get; set; } = "Created";

    /// <summary>The revision as the caller sent it (<c>codedeploy#RevisionLocation</c>); GetDeployment answers its content as null.</summary>
    public required JsonObject Revision { get; init; }

    public JsonObject? PreviousRevision { get; init; }

    /// <summary>The AppSpec's TaskDefinition, resolved at Install into <see cref="TaskDefinition"/>.</summary>
    public required string TaskDefinitionReference { get; init; }

    public TaskDefinitionState? TaskDefinition { get; set; }

    public required string ContainerName { get; init; }

    public required int ContainerPort { get; init; }

    public string? PlatformVersion { get; init; }

    public JsonObject? NetworkConfiguration { get; init; }

    public JsonArray? CapacityProviderStrategy { get; init; }

    public bool AutoRollback { get; init; }

    public IReadOnlyList<string> AutoRollbackEvents { get; init; } = [];

    public JsonObject? AutoRollbackOverride { get; init; }

    public List<LifecycleEventState> Events { get; } = [];

    public TaskSetState? Blue { get; set; }

    public TaskSetState? Green { get; set; }

    public string? ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }

    public string? RollbackDeploymentId { get; set; }

    public string? RollbackTriggeringDeploymentId { get; set; }

    public string? RollbackMessage { get; set; }

    /// <summary>When the current step (a traffic shift, the ready wait, the termination wait) began.</summary>
    public DateTimeOffset StepStartedAt { get; set; }

    public bool TerminationWaitStarted { get; set; }

    /// <summary>ContinueDeployment READY_WAIT was called.</summary>
    public bool ReadyContinued { get; set; }

    public DateTimeOffset? TerminationDueAt { get; set; }

    /// <summary>A rollback deployment: it returns traffic to <see cref="Blue"/> and removes <see cref="Green"/>.</summary>
    public bool IsRollback => Creator == "codeDeployRollback";

    public bool IsFinished => Status is "Succeeded" or "Failed" or "Stopped";

    public string TargetId => $"{Group.Service.Cluster.Name}:{Group.Service.Name}";
}
