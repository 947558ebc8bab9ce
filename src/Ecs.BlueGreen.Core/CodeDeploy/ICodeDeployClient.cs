using Ecs.BlueGreen.CodeDeploy.Model;

namespace Ecs.BlueGreen.CodeDeploy;

/// <summary>
/// The AWS CodeDeploy operations ecs-bluegreen uses to drive an ECS blue/green deployment (a service with the
/// <c>CODE_DEPLOY</c> deployment controller), with the shapes of the CodeDeploy service model. Every page of a list is in
/// <see cref="CodeDeployClientExtensions"/>.
/// </summary>
public interface ICodeDeployClient
{
    /// <summary>GetApplication: one application.</summary>
    Task<GetApplicationResponse> GetApplicationAsync(GetApplicationRequest request, CancellationToken cancellationToken = default);

    /// <summary>ListApplications: one page of the account's applications.</summary>
    Task<ListApplicationsResponse> ListApplicationsAsync(ListApplicationsRequest request, CancellationToken cancellationToken = default);

    /// <summary>GetDeploymentGroup: one deployment group, with its ECS services, target groups and listeners.</summary>
    Task<GetDeploymentGroupResponse> GetDeploymentGroupAsync(GetDeploymentGroupRequest request, CancellationToken cancellationToken = default);

    /// <summary>ListDeploymentGroups: one page of an application's deployment groups.</summary>
    Task<ListDeploymentGroupsResponse> ListDeploymentGroupsAsync(ListDeploymentGroupsRequest request, CancellationToken cancellationToken = default);

    /// <summary>GetDeploymentConfig: one deployment configuration.</summary>
    Task<GetDeploymentConfigResponse> GetDeploymentConfigAsync(GetDeploymentConfigRequest request, CancellationToken cancellationToken = default);

    /// <summary>CreateDeployment: starts a deployment. Never sent twice: after an unknown outcome, read the group's deployments first.</summary>
    Task<CreateDeploymentResponse> CreateDeploymentAsync(CreateDeploymentRequest request, CancellationToken cancellationToken = default);

    /// <summary>GetDeployment: one deployment.</summary>
    Task<GetDeploymentResponse> GetDeploymentAsync(GetDeploymentRequest request, CancellationToken cancellationToken = default);

    /// <summary>BatchGetDeployments: up to 25 deployments.</summary>
    Task<BatchGetDeploymentsResponse> BatchGetDeploymentsAsync(BatchGetDeploymentsRequest request, CancellationToken cancellationToken = default);

    /// <summary>ListDeployments: one page of deployment ids, newest first.</summary>
    Task<ListDeploymentsResponse> ListDeploymentsAsync(ListDeploymentsRequest request, CancellationToken cancellationToken = default);

    /// <summary>ListDeploymentTargets: one page of a deployment's target ids.</summary>
    Task<ListDeploymentTargetsResponse> ListDeploymentTargetsAsync(ListDeploymentTargetsRequest request, CancellationToken cancellationToken = default);

    /// <summary>BatchGetDeploymentTargets: up to 25 targets of a deployment, with their task sets and lifecycle events.</summary>
    Task<BatchGetDeploymentTargetsResponse> BatchGetDeploymentTargetsAsync(BatchGetDeploymentTargetsRequest request, CancellationToken cancellationToken = default);

    /// <summary>ContinueDeployment: reroutes the traffic of a deployment that waits for it, or removes the original task set now.</summary>
    Task<ContinueDeploymentResponse> ContinueDeploymentAsync(ContinueDeploymentRequest request, CancellationToken cancellationToken = default);

    /// <summary>StopDeployment: stops a deployment.</summary>
    Task<StopDeploymentResponse> StopDeploymentAsync(StopDeploymentRequest request, CancellationToken cancellationToken = default);
}
