using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.Ecs;

/// <summary>
/// The ECS operations ecs-bluegreen uses, with the shapes of the ECS service model. Ours, so tests and
/// users can substitute it. Paginated and batched helpers are in <see cref="EcsClientExtensions"/>.
/// </summary>
public interface IEcsClient
{
    /// <summary>DescribeClusters.</summary>
    Task<DescribeClustersResponse> DescribeClustersAsync(DescribeClustersRequest request, CancellationToken cancellationToken = default);

    /// <summary>DescribeServices (at most 10 services a call; see <see cref="EcsClientExtensions.DescribeAllServicesAsync"/>).</summary>
    Task<DescribeServicesResponse> DescribeServicesAsync(DescribeServicesRequest request, CancellationToken cancellationToken = default);

    /// <summary>Lists the ARNs of the account's clusters in the region (up to 100 a page).</summary>
    Task<ListClustersResponse> ListClustersAsync(ListClustersRequest request, CancellationToken cancellationToken = default);

    /// <summary>Lists the ARNs of a cluster's services (up to 100 a page; the ECS default is 10).</summary>
    Task<ListServicesResponse> ListServicesAsync(ListServicesRequest request, CancellationToken cancellationToken = default);

    /// <summary>CreateService.</summary>
    Task<CreateServiceResponse> CreateServiceAsync(CreateServiceRequest request, CancellationToken cancellationToken = default);

    /// <summary>UpdateService. Never sent twice when its outcome is unknown.</summary>
    Task<UpdateServiceResponse> UpdateServiceAsync(UpdateServiceRequest request, CancellationToken cancellationToken = default);

    /// <summary>DescribeTaskDefinition.</summary>
    Task<DescribeTaskDefinitionResponse> DescribeTaskDefinitionAsync(DescribeTaskDefinitionRequest request, CancellationToken cancellationToken = default);

    /// <summary>RegisterTaskDefinition. Never sent twice when its outcome is unknown.</summary>
    Task<RegisterTaskDefinitionResponse> RegisterTaskDefinitionAsync(RegisterTaskDefinitionRequest request, CancellationToken cancellationToken = default);

    /// <summary>DeregisterTaskDefinition.</summary>
    Task<DeregisterTaskDefinitionResponse> DeregisterTaskDefinitionAsync(DeregisterTaskDefinitionRequest request, CancellationToken cancellationToken = default);

    /// <summary>ListTaskDefinitions, one page.</summary>
    Task<ListTaskDefinitionsResponse> ListTaskDefinitionsAsync(ListTaskDefinitionsRequest request, CancellationToken cancellationToken = default);

    /// <summary>ListTasks, one page.</summary>
    Task<ListTasksResponse> ListTasksAsync(ListTasksRequest request, CancellationToken cancellationToken = default);

    /// <summary>DescribeTasks (at most 100 tasks a call; see <see cref="EcsClientExtensions.DescribeAllTasksAsync"/>).</summary>
    Task<DescribeTasksResponse> DescribeTasksAsync(DescribeTasksRequest request, CancellationToken cancellationToken = default);

    /// <summary>RunTask. A client token is added when absent, so a retry never starts a second task.</summary>
    Task<RunTaskResponse> RunTaskAsync(RunTaskRequest request, CancellationToken cancellationToken = default);

    /// <summary>StopTask.</summary>
    Task<StopTaskResponse> StopTaskAsync(StopTaskRequest request, CancellationToken cancellationToken = default);

    /// <summary>ListServiceDeployments, one page.</summary>
    Task<ListServiceDeploymentsResponse> ListServiceDeploymentsAsync(ListServiceDeploymentsRequest request, CancellationToken cancellationToken = default);

    /// <summary>DescribeServiceDeployments (at most 20 a call).</summary>
    Task<DescribeServiceDeploymentsResponse> DescribeServiceDeploymentsAsync(DescribeServiceDeploymentsRequest request, CancellationToken cancellationToken = default);

    /// <summary>StopServiceDeployment.</summary>
    Task<StopServiceDeploymentResponse> StopServiceDeploymentAsync(StopServiceDeploymentRequest request, CancellationToken cancellationToken = default);

    /// <summary>ContinueServiceDeployment.</summary>
    Task<ContinueServiceDeploymentResponse> ContinueServiceDeploymentAsync(ContinueServiceDeploymentRequest request, CancellationToken cancellationToken = default);

    /// <summary>DescribeServiceRevisions.</summary>
    Task<DescribeServiceRevisionsResponse> DescribeServiceRevisionsAsync(DescribeServiceRevisionsRequest request, CancellationToken cancellationToken = default);
}
