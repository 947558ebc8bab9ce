namespace Ecs.BlueGreen.Deployments;

/// <summary>
/// A PAUSE lifecycle hook of our deployment that awaits action (<c>ecs#DeploymentLifecycleHookDetail</c>, status
/// AWAITING_ACTION): ECS holds the deployment at <see cref="Stage"/> until ContinueServiceDeployment answers
/// <see cref="HookId"/> with CONTINUE or ROLLBACK, or until <see cref="ExpiresAt"/>, when it takes <see cref="TimeoutAction"/>
/// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-lifecycle-hooks.html).
/// </summary>
public sealed record PausedHook
{
    /// <summary>The cluster.</summary>
    public required string Cluster { get; init; }

    /// <summary>The service.</summary>
    public required string Service { get; init; }

    /// <summary>The stage the deployment waits at.</summary>
    public required DeploymentStage Stage { get; init; }

    /// <summary>The hook's id, which ContinueServiceDeployment names.</summary>
    public required string HookId { get; init; }

    /// <summary>The service deployment's ARN.</summary>
    public required string ServiceDeploymentArn { get; init; }

    /// <summary>The service revision being deployed (<c>ecs#ServiceDeployment.targetServiceRevision</c>).</summary>
    public string? TargetServiceRevisionArn { get; init; }

    /// <summary>The task definition being deployed.</summary>
    public string? TaskDefinitionArn { get; init; }

    /// <summary>When ECS stops waiting for an answer.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>What ECS does then: ROLLBACK or CONTINUE.</summary>
    public string? TimeoutAction { get; init; }

    /// <summary>The production listener rule (or listener) that ECS shifts (<c>ecs#AdvancedConfiguration.productionListenerRule</c>).</summary>
    public string? ProductionListenerRule { get; init; }

    /// <summary>The test listener rule (or listener), when the service has one (<c>ecs#AdvancedConfiguration.testListenerRule</c>).</summary>
    public string? TestListenerRule { get; init; }

    /// <summary>The share of production traffic the new revision is to receive, in percent.</summary>
    public double? ProductionTrafficWeight { get; init; }

    /// <summary>The share of test traffic the new revision is to receive, in percent.</summary>
    public double? TestTrafficWeight { get; init; }
}

/// <summary>What to do with a paused deployment.</summary>
public enum PauseDecision
{
    /// <summary>ContinueServiceDeployment with CONTINUE: go on to the next stage.</summary>
    Continue,

    /// <summary>ContinueServiceDeployment with ROLLBACK: ECS rolls the deployment back to the previous revision.</summary>
    Rollback,

    /// <summary>Leave the hook as it is and keep waiting (someone else answers it, or its timeout action does).</summary>
    Wait,
}

/// <summary>What a smoke test at a PAUSE hook is given: the hook, the URL to test, and the same facts as environment variables.</summary>
public sealed record SmokeTestContext
{
    /// <summary>The hook the deployment waits at.</summary>
    public required PausedHook Hook { get; init; }

    /// <summary>The URL the test is to check (<c>WithTestUrl</c>), when one was given.</summary>
    public Uri? TestUrl { get; init; }

    /// <summary>
    /// The facts as a process-based test receives them: <c>ECS_BLUEGREEN_CLUSTER</c>, <c>…_SERVICE</c>, <c>…_STAGE</c>,
    /// <c>…_HOOK_ID</c>, <c>…_SERVICE_DEPLOYMENT_ARN</c>, <c>…_TARGET_REVISION_ARN</c>, <c>…_TASK_DEFINITION_ARN</c>,
    /// <c>…_TEST_LISTENER_RULE</c>, <c>…_PRODUCTION_LISTENER_RULE</c> and <c>…_TEST_URL</c> (empty when unknown).
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ECS_BLUEGREEN_CLUSTER"] = Hook.Cluster,
        ["ECS_BLUEGREEN_SERVICE"] = Hook.Service,
        ["ECS_BLUEGREEN_STAGE"] = Hook.Stage.Value,
        ["ECS_BLUEGREEN_HOOK_ID"] = Hook.HookId,
        ["ECS_BLUEGREEN_SERVICE_DEPLOYMENT_ARN"] = Hook.ServiceDeploymentArn,
        ["ECS_BLUEGREEN_TARGET_REVISION_ARN"] = Hook.TargetServiceRevisionArn ?? string.Empty,
        ["ECS_BLUEGREEN_TASK_DEFINITION_ARN"] = Hook.TaskDefinitionArn ?? string.Empty,
        ["ECS_BLUEGREEN_TEST_LISTENER_RULE"] = Hook.TestListenerRule ?? string.Empty,
        ["ECS_BLUEGREEN_PRODUCTION_LISTENER_RULE"] = Hook.ProductionListenerRule ?? string.Empty,
        ["ECS_BLUEGREEN_TEST_URL"] = TestUrl?.ToString() ?? string.Empty,
    };
}
