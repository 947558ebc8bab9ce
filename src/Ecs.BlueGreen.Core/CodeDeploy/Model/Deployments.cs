using System.Text.Json.Serialization;
using Ecs.BlueGreen.Aws.Json;

namespace Ecs.BlueGreen.CodeDeploy.Model;

/// <summary>
/// CreateDeployment input (<c>codedeploy#CreateDeploymentInput</c>). It carries no idempotency token: a second copy
/// starts a second deployment, so after a lost answer the group's deployments are read first (by
/// <see cref="Description"/>).
/// </summary>
public sealed record CreateDeploymentRequest : AwsShape
{
    /// <summary>The application (required).</summary>
    public required string ApplicationName { get; init; }

    /// <summary>The deployment group.</summary>
    public string? DeploymentGroupName { get; init; }

    /// <summary>The revision to deploy; for ECS an <c>AppSpecContent</c> revision.</summary>
    public RevisionLocation? Revision { get; init; }

    /// <summary>The configuration; the group's when omitted.</summary>
    public string? DeploymentConfigName { get; init; }

    /// <summary>A comment about the deployment.</summary>
    public string? Description { get; init; }

    /// <summary>Whether a failed ApplicationStop hook is ignored (EC2/on-premises).</summary>
    public bool? IgnoreApplicationStopFailures { get; init; }

    /// <summary>Overrides the group's automatic rollback.</summary>
    public AutoRollbackConfiguration? AutoRollbackConfiguration { get; init; }

    /// <summary>Whether only outdated instances are updated (EC2/on-premises).</summary>
    public bool? UpdateOutdatedInstancesOnly { get; init; }

    /// <summary><c>DISALLOW</c>, <c>OVERWRITE</c> or <c>RETAIN</c> (EC2/on-premises).</summary>
    public FileExistsBehavior? FileExistsBehavior { get; init; }

    /// <summary>Overrides the group's alarms for this deployment.</summary>
    public AlarmConfiguration? OverrideAlarmConfiguration { get; init; }
}

/// <summary>CreateDeployment output.</summary>
public sealed record CreateDeploymentResponse : AwsShape
{
    /// <summary>The new deployment's id, <c>d-XXXXXXXXX</c>.</summary>
    public string? DeploymentId { get; init; }
}

/// <summary>Where a revision is (<c>codedeploy#RevisionLocation</c>), with the kinds ECS uses.</summary>
public sealed record RevisionLocation : AwsShape
{
    /// <summary><c>S3</c>, <c>GitHub</c>, <c>String</c> or <c>AppSpecContent</c>.</summary>
    public RevisionLocationType? RevisionType { get; init; }

    /// <summary>An AppSpec file in the request itself (<c>revisionType</c> <c>AppSpecContent</c>).</summary>
    public AppSpecContent? AppSpecContent { get; init; }

    /// <summary>An AppSpec file in Amazon S3.</summary>
    public S3Location? S3Location { get; init; }

    /// <summary>An AppSpec content of revision type <see cref="RevisionLocationType.AppSpecContent"/>.</summary>
    public static RevisionLocation FromAppSpec(string content, string? sha256 = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(content);
        return new RevisionLocation { RevisionType = RevisionLocationType.AppSpecContent, AppSpecContent = new AppSpecContent { Content = content, Sha256 = sha256 } };
    }
}

/// <summary>
/// An AppSpec file, YAML or JSON, sent in the request (<c>codedeploy#AppSpecContent</c>). GetDeployment answers with
/// <see cref="Content"/> left out and <see cref="Sha256"/> set.
/// </summary>
public sealed record AppSpecContent : AwsShape
{
    /// <summary>The YAML or JSON text of the AppSpec file.</summary>
    public string? Content { get; init; }

    /// <summary>The SHA-256 hash of the content.</summary>
    public string? Sha256 { get; init; }
}

/// <summary>A revision in Amazon S3 (<c>codedeploy#S3Location</c>).</summary>
public sealed record S3Location : AwsShape
{
    /// <summary>The bucket.</summary>
    public string? Bucket { get; init; }

    /// <summary>The object's key.</summary>
    public string? Key { get; init; }

    /// <summary><c>tar</c>, <c>tgz</c>, <c>zip</c>, <c>YAML</c> or <c>JSON</c> (<c>codedeploy#BundleType</c>).</summary>
    public string? BundleType { get; init; }

    /// <summary>The object's version.</summary>
    public string? Version { get; init; }

    /// <summary>The object's ETag.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("eTag")]
    public string? ETag { get; init; }
}

/// <summary>GetDeployment input (<c>codedeploy#GetDeploymentInput</c>).</summary>
public sealed record GetDeploymentRequest : AwsShape
{
    /// <summary>The deployment's id (required).</summary>
    public required string DeploymentId { get; init; }
}

/// <summary>GetDeployment output.</summary>
public sealed record GetDeploymentResponse : AwsShape
{
    /// <summary>The deployment.</summary>
    public DeploymentInfo? DeploymentInfo { get; init; }
}

/// <summary>BatchGetDeployments input (<c>codedeploy#BatchGetDeploymentsInput</c>): up to 25 deployments.</summary>
public sealed record BatchGetDeploymentsRequest : AwsShape
{
    /// <summary>The deployments' ids (required).</summary>
    public required IReadOnlyList<string> DeploymentIds { get; init; }
}

/// <summary>BatchGetDeployments output.</summary>
public sealed record BatchGetDeploymentsResponse : AwsShape
{
    /// <summary>The deployments found.</summary>
    public IReadOnlyList<DeploymentInfo> DeploymentsInfo { get; init => field = value ?? []; } = [];
}

/// <summary>ListDeployments input (<c>codedeploy#ListDeploymentsInput</c>).</summary>
public sealed record ListDeploymentsRequest : AwsShape
{
    /// <summary>The application; required with <see cref="DeploymentGroupName"/>.</summary>
    public string? ApplicationName { get; init; }

    /// <summary>The deployment group.</summary>
    public string? DeploymentGroupName { get; init; }

    /// <summary>Only the deployments of this external id (not with an application).</summary>
    public string? ExternalId { get; init; }

    /// <summary>Only deployments in these statuses.</summary>
    public IReadOnlyList<DeploymentStatus>? IncludeOnlyStatuses { get; init; }

    /// <summary>Only deployments created in this range.</summary>
    public TimeRange? CreateTimeRange { get; init; }

    /// <summary>A <c>nextToken</c> of an earlier page.</summary>
    public string? NextToken { get; init; }
}

/// <summary>ListDeployments output.</summary>
public sealed record ListDeploymentsResponse : AwsShape
{
    /// <summary>The deployments' ids.</summary>
    public IReadOnlyList<string> Deployments { get; init => field = value ?? []; } = [];

    /// <summary>The token of the next page; <see langword="null"/> on the last.</summary>
    public string? NextToken { get; init; }
}

/// <summary>A time range (<c>codedeploy#TimeRange</c>); either end may be left open.</summary>
public sealed record TimeRange : AwsShape
{
    /// <summary>The start, inclusive.</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>The end, inclusive.</summary>
    public DateTimeOffset? End { get; init; }
}

/// <summary>ContinueDeployment input (<c>codedeploy#ContinueDeploymentInput</c>).</summary>
public sealed record ContinueDeploymentRequest : AwsShape
{
    /// <summary>The deployment waiting to reroute traffic (or to remove the original task set).</summary>
    public string? DeploymentId { get; init; }

    /// <summary><c>READY_WAIT</c> (reroute traffic) or <c>TERMINATION_WAIT</c> (remove the original task set now).</summary>
    public DeploymentWaitType? DeploymentWaitType { get; init; }
}

/// <summary>ContinueDeployment output: the model has none, so the answer is empty.</summary>
public sealed record ContinueDeploymentResponse : AwsShape;

/// <summary>StopDeployment input (<c>codedeploy#StopDeploymentInput</c>).</summary>
public sealed record StopDeploymentRequest : AwsShape
{
    /// <summary>The deployment's id (required).</summary>
    public required string DeploymentId { get; init; }

    /// <summary>Whether the group's automatic rollback rolls it back.</summary>
    public bool? AutoRollbackEnabled { get; init; }
}

/// <summary>StopDeployment output.</summary>
public sealed record StopDeploymentResponse : AwsShape
{
    /// <summary><c>Pending</c> or <c>Succeeded</c>.</summary>
    public StopStatus? Status { get; init; }

    /// <summary>What happened.</summary>
    public string? StatusMessage { get; init; }
}

/// <summary>A deployment (<c>codedeploy#DeploymentInfo</c>), with the members an ECS blue/green deployment reads.</summary>
public sealed record DeploymentInfo : AwsShape
{
    /// <summary>The application.</summary>
    public string? ApplicationName { get; init; }

    /// <summary>The deployment group.</summary>
    public string? DeploymentGroupName { get; init; }

    /// <summary>The configuration.</summary>
    public string? DeploymentConfigName { get; init; }

    /// <summary>The deployment's id.</summary>
    public string? DeploymentId { get; init; }

    /// <summary>The revision deployed before.</summary>
    public RevisionLocation? PreviousRevision { get; init; }

    /// <summary>The revision deployed.</summary>
    public RevisionLocation? Revision { get; init; }

    /// <summary>The status.</summary>
    public DeploymentStatus? Status { get; init; }

    /// <summary>Why it failed.</summary>
    public ErrorInformation? ErrorInformation { get; init; }

    /// <summary>When it was created.</summary>
    public DateTimeOffset? CreateTime { get; init; }

    /// <summary>When it started.</summary>
    public DateTimeOffset? StartTime { get; init; }

    /// <summary>When it ended.</summary>
    public DateTimeOffset? CompleteTime { get; init; }

    /// <summary>The targets by status.</summary>
    public DeploymentOverview? DeploymentOverview { get; init; }

    /// <summary>The comment sent with CreateDeployment.</summary>
    public string? Description { get; init; }

    /// <summary>Who created it: <c>user</c>, <c>codeDeployRollback</c>, ….</summary>
    public DeploymentCreator? Creator { get; init; }

    /// <summary>The automatic rollback in force.</summary>
    public AutoRollbackConfiguration? AutoRollbackConfiguration { get; init; }

    /// <summary>Its rollback, or the deployment it rolls back.</summary>
    public RollbackInfo? RollbackInfo { get; init; }

    /// <summary>In place or blue/green.</summary>
    public DeploymentStyle? DeploymentStyle { get; init; }

    /// <summary>Whether the wait before the original task set is removed has started.</summary>
    public bool? InstanceTerminationWaitTimeStarted { get; init; }

    /// <summary>The blue/green options in force.</summary>
    public BlueGreenDeploymentConfiguration? BlueGreenDeploymentConfiguration { get; init; }

    /// <summary>The target groups and listeners.</summary>
    public LoadBalancerInfo? LoadBalancerInfo { get; init; }

    /// <summary>Messages about the deployment's status.</summary>
    public IReadOnlyList<string> DeploymentStatusMessages { get; init => field = value ?? []; } = [];

    /// <summary><c>Server</c>, <c>Lambda</c> or <c>ECS</c>.</summary>
    public ComputePlatform? ComputePlatform { get; init; }

    /// <summary>The external id of a deployment created by another service.</summary>
    public string? ExternalId { get; init; }

    /// <summary>The alarms that overrode the group's.</summary>
    public AlarmConfiguration? OverrideAlarmConfiguration { get; init; }
}

/// <summary>Why a deployment failed (<c>codedeploy#ErrorInformation</c>).</summary>
public sealed record ErrorInformation : AwsShape
{
    /// <summary>The error code, a <c>codedeploy#ErrorCode</c> value such as <c>ECS_UPDATE_ERROR</c>.</summary>
    public string? Code { get; init; }

    /// <summary>The message.</summary>
    public string? Message { get; init; }
}

/// <summary>The targets of a deployment by status (<c>codedeploy#DeploymentOverview</c>; its members are capitalised on the wire).</summary>
public sealed record DeploymentOverview : AwsShape
{
    /// <summary>Pending targets.</summary>
    [JsonPropertyName("Pending")]
    public long? Pending { get; init; }

    /// <summary>Targets in progress.</summary>
    [JsonPropertyName("InProgress")]
    public long? InProgress { get; init; }

    /// <summary>Targets that succeeded.</summary>
    [JsonPropertyName("Succeeded")]
    public long? Succeeded { get; init; }

    /// <summary>Targets that failed.</summary>
    [JsonPropertyName("Failed")]
    public long? Failed { get; init; }

    /// <summary>Targets skipped.</summary>
    [JsonPropertyName("Skipped")]
    public long? Skipped { get; init; }

    /// <summary>Targets ready (blue/green).</summary>
    [JsonPropertyName("Ready")]
    public long? Ready { get; init; }
}

/// <summary>A deployment's rollback (<c>codedeploy#RollbackInfo</c>).</summary>
public sealed record RollbackInfo : AwsShape
{
    /// <summary>The rollback deployment.</summary>
    public string? RollbackDeploymentId { get; init; }

    /// <summary>The deployment rolled back.</summary>
    public string? RollbackTriggeringDeploymentId { get; init; }

    /// <summary>Why.</summary>
    public string? RollbackMessage { get; init; }
}
