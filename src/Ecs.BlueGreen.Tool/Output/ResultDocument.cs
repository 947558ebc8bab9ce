using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Tasks;

namespace Ecs.BlueGreen.Tool.Output;

/// <summary>
/// The document of --output json, as the README describes it: every member always present, in this order, null when
/// it does not apply. Serialized through <see cref="ResultJsonContext"/> (compiled ahead of time, as Native AOT needs).
/// </summary>
internal sealed record ResultDocument(
    string Outcome,
    int ExitCode,
    string Reason,
    string? Mode,
    string? Cluster,
    string? Service,
    string? TaskDefinition,
    string? TaskDefinitionArn,
    string? PreviousTaskDefinitionArn,
    bool Registered,
    string? DeploymentId,
    string? ServiceDeploymentArn,
    string? LifecycleStage,
    PausedHookDocument? PausedHook,
    CodeDeployDocument? CodeDeploy,
    bool RolledBackByEcs,
    string? ServiceTaskDefinitionArn,
    string? TimedOutPhase,
    ErrorDocument? Error,
    IReadOnlyList<ChangeDocument> Changes,
    IReadOnlyList<StoppedTaskDocument> StoppedTasks,
    IReadOnlyList<EventDocument> Events,
    RollbackDocument? Rollback,
    RollbackDocument? EcsRollback,
    RollbackTargetDocument? RollbackTarget,
    IReadOnlyList<string> DeregisteredTaskDefinitions,
    IReadOnlyList<RunningImageDocument> RunningImages,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> Problems,
    TaskDocument? Task,
    string? WouldCall,
    DateTimeOffset? StartTime,
    DateTimeOffset? EndTime,
    double? DurationSeconds)
{
    // Relaxed escaping keeps quotes and arrows readable; the document is written to stdout, never into HTML.
    private static readonly ResultJsonContext Context = new(new JsonSerializerOptions(ResultJsonContext.Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>The document of a run's outcome.</summary>
    public static ResultDocument From(CommandOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var request = outcome.Request;
        var result = outcome.Deployment;
        var registration = outcome.Registration;
        return new ResultDocument(
            outcome.Outcome,
            outcome.ExitCode,
            outcome.Reason,
            request is null ? null : request.Mode switch
            {
                DeployMode.TaskDefinition => "task-definition",
                DeployMode.Continue => "continue",
                DeployMode.RollbackDeployment => "rollback-deployment",
                DeployMode.Rollback => "rollback",
                _ => "service",
            },
            request?.Cluster,
            request?.Service,
            request?.TaskDefinition,
            outcome.TaskDefinitionArn,
            outcome.PreviousTaskDefinitionArn,
            result?.Registered ?? registration?.Registered ?? false,
            result?.DeploymentId,
            result?.ServiceDeploymentArn,
            result?.LifecycleStage?.Value,
            PausedHookDocument.From(result?.PausedHook),
            CodeDeployDocument.From(result?.CodeDeploy),
            result?.RolledBackByEcs ?? false,
            result?.ServiceTaskDefinitionArn,
            result?.TimedOutPhase?.ToString(),
            result?.Error is { } error ? new ErrorDocument(error.Operation, error.Message) : null,
            [.. (result?.Changes ?? registration?.Changes ?? []).Select(c => new ChangeDocument(c.Path, Parse(c.Before), Parse(c.After)))],
            [.. (result?.StoppedTasks ?? []).Select(StoppedTaskDocument.From)],
            [.. (result?.Events ?? []).Select(e => new EventDocument(e.CreatedAt, e.Message))],
            RollbackDocument.From(result?.Rollback),
            RollbackDocument.From(result?.EcsRollback),
            RollbackTargetDocument.From(result?.RollbackTarget),
            result?.DeregisteredTaskDefinitions ?? registration?.DeregisteredTaskDefinitions ?? [],
            [.. (result?.RunningImages ?? []).Select(i => new RunningImageDocument(i.TaskArn, i.ContainerName, i.Image, i.ImageDigest))],
            result?.Warnings ?? registration?.Warnings ?? [],
            outcome.Problems,
            outcome.Task is { } task ? TaskDocument.From(task) : null,
            outcome.WouldCall,
            result?.StartTime,
            result?.EndTime,
            result is null ? null : Math.Round(result.Duration.TotalSeconds, 3));
    }

    /// <summary>The document, indented.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Context.ResultDocument);

    private static JsonNode? Parse(string? json) => json is null ? null : JsonNode.Parse(json);
}

/// <summary>A CodeDeploy deployment (<c>codedeploy#DeploymentInfo</c>, as the run last saw it) and what the run did with its termination wait.</summary>
internal sealed record CodeDeployDocument(
    string ApplicationName,
    string DeploymentGroupName,
    string DeploymentId,
    string? DeploymentConfigName,
    string? Status,
    string? LastSucceededLifecycleEvent,
    string? ErrorCode,
    string? ErrorMessage,
    string? RollbackDeploymentId,
    string? RollbackMessage,
    bool TrafficShifted,
    bool OriginalTaskSetKept,
    int? TerminationWaitMinutes,
    bool TerminationWaitSkipped)
{
    public static CodeDeployDocument? From(CodeDeployDeployment? deployment) => deployment is null ? null : new(
        deployment.ApplicationName, deployment.DeploymentGroupName, deployment.DeploymentId, deployment.DeploymentConfigName, deployment.Status,
        deployment.LastSucceededLifecycleEvent?.Value, deployment.ErrorCode, deployment.ErrorMessage, deployment.RollbackDeploymentId, deployment.RollbackMessage,
        deployment.TrafficShifted, deployment.OriginalTaskSetKept, deployment.TerminationWaitMinutes, deployment.TerminationWaitSkipped);
}

/// <summary>The PAUSE hook a native deployment waits at (<c>ecs#DeploymentLifecycleHookDetail</c>), to continue or roll back later.</summary>
internal sealed record PausedHookDocument(
    string HookId,
    string Stage,
    string ServiceDeploymentArn,
    string? TargetServiceRevisionArn,
    string? TaskDefinitionArn,
    DateTimeOffset? ExpiresAt,
    string? TimeoutAction,
    string? ProductionListenerRule,
    string? TestListenerRule)
{
    public static PausedHookDocument? From(PausedHook? hook) => hook is null ? null
        : new(hook.HookId, hook.Stage.Value, hook.ServiceDeploymentArn, hook.TargetServiceRevisionArn, hook.TaskDefinitionArn, hook.ExpiresAt, hook.TimeoutAction,
            hook.ProductionListenerRule, hook.TestListenerRule);
}

/// <summary>The AWS call that interrupted a deployment.</summary>
internal sealed record ErrorDocument(string Operation, string Message);

/// <summary>One change of the revision; <c>before</c> and <c>after</c> are JSON values.</summary>
internal sealed record ChangeDocument(string Path, JsonNode? Before, JsonNode? After);

/// <summary>A task of the new revision that stopped during the deployment.</summary>
internal sealed record StoppedTaskDocument(string TaskArn, string? TaskDefinitionArn, string? StopCode, string? StoppedReason, DateTimeOffset? StoppedAt, bool IsFailure, IReadOnlyList<StoppedContainerDocument> Containers)
{
    public static StoppedTaskDocument From(StoppedTask task) => new(task.TaskArn, task.TaskDefinitionArn, task.StopCode?.Value, task.StoppedReason, task.StoppedAt, task.IsFailure,
        [.. task.Containers.Select(c => new StoppedContainerDocument(c.Name, c.ExitCode, c.Reason, c.LogLines))]);
}

/// <summary>A container of a stopped task.</summary>
internal sealed record StoppedContainerDocument(string Name, int? ExitCode, string? Reason, IReadOnlyList<string> LogLines);

/// <summary>The image one container of a running task of the deployed revision runs (<c>ecs#Container.imageDigest</c>).</summary>
internal sealed record RunningImageDocument(string TaskArn, string ContainerName, string Image, string? ImageDigest);

/// <summary>A service event.</summary>
internal sealed record EventDocument(DateTimeOffset? CreatedAt, string Message);

/// <summary>A rollback, ours or ECS's.</summary>
internal sealed record RollbackDocument(string Outcome, string Reason, string TaskDefinitionArn, int? DesiredCount, string? DeploymentId)
{
    public static RollbackDocument? From(RollbackResult? rollback) =>
        rollback is null ? null : new(rollback.Outcome.ToString(), rollback.Reason, rollback.TaskDefinitionArn, rollback.DesiredCount, rollback.DeploymentId);
}

/// <summary>What --rollback returned the service to: from which revision to which, the history entry chosen, the limits restored, and why.</summary>
internal sealed record RollbackTargetDocument(
    string FromTaskDefinitionArn,
    string ToTaskDefinitionArn,
    string? ServiceDeploymentArn,
    string? StoppedServiceDeploymentArn,
    int? MinimumHealthyPercent,
    int? MaximumPercent,
    int? DesiredCount,
    string Reason)
{
    public static RollbackTargetDocument? From(RollbackTarget? target) => target is null ? null
        : new(target.FromTaskDefinitionArn, target.ToTaskDefinitionArn, target.ServiceDeploymentArn, target.StoppedServiceDeploymentArn, target.MinimumHealthyPercent,
            target.MaximumPercent, target.DesiredCount, target.Reason);
}

/// <summary>The one-off task of --run-task.</summary>
internal sealed record TaskDocument(
    string? TaskArn,
    string Cluster,
    string? TaskDefinitionArn,
    string Outcome,
    int? ExitCode,
    string Reason,
    string? StopCode,
    string? StoppedReason,
    IReadOnlyList<string> Failures,
    IReadOnlyList<TaskContainerDocument> Containers,
    DateTimeOffset StartTime,
    DateTimeOffset EndTime,
    double DurationSeconds)
{
    public static TaskDocument From(TaskRunResult task) => new(task.TaskArn, task.Cluster, task.TaskDefinitionArn, task.Outcome.ToString(), task.ExitCode, task.Reason,
        task.StopCode?.Value, task.StoppedReason, task.Failures,
        [.. task.Containers.Select(c => new TaskContainerDocument(c.Name, c.Essential, c.ExitCode, c.Reason, c.LastStatus, c.LogLines))],
        task.StartTime, task.EndTime, Math.Round(task.Duration.TotalSeconds, 3));
}

/// <summary>A container of the one-off task.</summary>
internal sealed record TaskContainerDocument(string Name, bool Essential, int? ExitCode, string? Reason, string? LastStatus, IReadOnlyList<string> LogLines);

/// <summary>The serialization of <see cref="ResultDocument"/>, generated at compile time.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ResultDocument))]
internal sealed partial class ResultJsonContext : JsonSerializerContext;
