using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.CodeDeploy.Model;

namespace Ecs.BlueGreen.CodeDeploy;

/// <summary>The AWS CodeDeploy operations this library sends, with their shapes and retry kinds.</summary>
public static class CodeDeployOperation
{
    /// <summary>GetApplication: one application.</summary>
    public static AwsOperation GetApplication { get; } = AwsOperation.Of<GetApplicationRequest, GetApplicationResponse>("GetApplication", AwsOperationKind.Read);

    /// <summary>ListApplications: one page of the account's applications.</summary>
    public static AwsOperation ListApplications { get; } = AwsOperation.Of<ListApplicationsRequest, ListApplicationsResponse>("ListApplications", AwsOperationKind.Read);

    /// <summary>GetDeploymentGroup: one deployment group.</summary>
    public static AwsOperation GetDeploymentGroup { get; } = AwsOperation.Of<GetDeploymentGroupRequest, GetDeploymentGroupResponse>("GetDeploymentGroup", AwsOperationKind.Read);

    /// <summary>ListDeploymentGroups: one page of an application's deployment groups.</summary>
    public static AwsOperation ListDeploymentGroups { get; } = AwsOperation.Of<ListDeploymentGroupsRequest, ListDeploymentGroupsResponse>("ListDeploymentGroups", AwsOperationKind.Read);

    /// <summary>GetDeploymentConfig: one deployment configuration.</summary>
    public static AwsOperation GetDeploymentConfig { get; } = AwsOperation.Of<GetDeploymentConfigRequest, GetDeploymentConfigResponse>("GetDeploymentConfig", AwsOperationKind.Read);

    /// <summary>CreateDeployment: starts a deployment. No idempotency token: a second copy starts a second deployment.</summary>
    public static AwsOperation CreateDeployment { get; } = AwsOperation.Of<CreateDeploymentRequest, CreateDeploymentResponse>("CreateDeployment", AwsOperationKind.NonIdempotentWrite);

    /// <summary>GetDeployment: one deployment.</summary>
    public static AwsOperation GetDeployment { get; } = AwsOperation.Of<GetDeploymentRequest, GetDeploymentResponse>("GetDeployment", AwsOperationKind.Read);

    /// <summary>BatchGetDeployments: up to 25 deployments.</summary>
    public static AwsOperation BatchGetDeployments { get; } = AwsOperation.Of<BatchGetDeploymentsRequest, BatchGetDeploymentsResponse>("BatchGetDeployments", AwsOperationKind.Read);

    /// <summary>ListDeployments: one page of deployment ids.</summary>
    public static AwsOperation ListDeployments { get; } = AwsOperation.Of<ListDeploymentsRequest, ListDeploymentsResponse>("ListDeployments", AwsOperationKind.Read);

    /// <summary>ListDeploymentTargets: one page of a deployment's target ids.</summary>
    public static AwsOperation ListDeploymentTargets { get; } = AwsOperation.Of<ListDeploymentTargetsRequest, ListDeploymentTargetsResponse>("ListDeploymentTargets", AwsOperationKind.Read);

    /// <summary>BatchGetDeploymentTargets: up to 25 targets of a deployment.</summary>
    public static AwsOperation BatchGetDeploymentTargets { get; } = AwsOperation.Of<BatchGetDeploymentTargetsRequest, BatchGetDeploymentTargetsResponse>("BatchGetDeploymentTargets", AwsOperationKind.Read);

    /// <summary>
    /// ContinueDeployment: reroutes traffic of a deployment that waits for it, or removes the original task set now.
    /// A second copy after a first that took effect changes nothing but fails (<c>DeploymentIsNotInReadyStateException</c>,
    /// <c>DeploymentAlreadyCompletedException</c>, <c>codedeploy#ContinueDeployment</c>), which would turn a success into an
    /// error: so it is not sent again blindly, and a lost answer is checked against the deployment's status.
    /// </summary>
    public static AwsOperation ContinueDeployment { get; } = AwsOperation.Of<ContinueDeploymentRequest, ContinueDeploymentResponse>("ContinueDeployment", AwsOperationKind.NonIdempotentWrite);

    /// <summary>
    /// StopDeployment: stops a deployment. A second copy after a first that took effect fails
    /// (<c>DeploymentAlreadyCompletedException</c>, <c>codedeploy#StopDeployment</c>): so it is not sent again blindly, and a
    /// lost answer is checked against the deployment's status and rollback.
    /// </summary>
    public static AwsOperation StopDeployment { get; } = AwsOperation.Of<StopDeploymentRequest, StopDeploymentResponse>("StopDeployment", AwsOperationKind.NonIdempotentWrite);

    /// <summary>Every operation of <see cref="ICodeDeployClient"/>.</summary>
    public static IReadOnlyList<AwsOperation> All { get; } =
    [
        GetApplication, ListApplications, GetDeploymentGroup, ListDeploymentGroups, GetDeploymentConfig, CreateDeployment,
        GetDeployment, BatchGetDeployments, ListDeployments, ListDeploymentTargets, BatchGetDeploymentTargets, ContinueDeployment, StopDeployment,
    ];
}
