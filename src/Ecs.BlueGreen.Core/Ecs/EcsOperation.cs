using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.Ecs;

/// <summary>The ECS operations this library sends, with their shapes and retry kinds.</summary>
public static class EcsOperation
{
    /// <summary>DescribeClusters.</summary>
    public static AwsOperation DescribeClusters { get; } = AwsOperation.Of<DescribeClustersRequest, DescribeClustersResponse>("DescribeClusters", AwsOperationKind.Read);

    /// <summary>DescribeServices.</summary>
    public static AwsOperation DescribeServices { get; } = AwsOperation.Of<DescribeServicesRequest, DescribeServicesResponse>("DescribeServices", AwsOperationKind.Read);

    /// <summary>CreateService (idempotent: the client always sends a client token).</summary>
    public static AwsOperation CreateService { get; } = AwsOperation.Of<CreateServiceRequest, CreateServiceResponse>("CreateService", AwsOperationKind.IdempotentWrite);

    /// <summary>UpdateService: no idempotency token, so never re-sent once it may have been applied.</summary>
    public static AwsOperation UpdateService { get; } = AwsOperation.Of<UpdateServiceRequest, UpdateServiceResponse>("UpdateService", AwsOperationKind.NonIdempotentWrite);

    /// <summary>DescribeTaskDefinition.</summary>
    public static AwsOperation DescribeTaskDefinition { get; } = AwsOperation.Of<DescribeTaskDefinitionRequest, DescribeTaskDefinitionResponse>("DescribeTaskDefinition", AwsOperationKind.Read);

    /// <summary>RegisterTaskDefinition: no idempotency token, so never re-sent once it may have been applied.</summary>
    public static AwsOperation RegisterTaskDefinition { get; } = AwsOperation.Of<RegisterTaskDefinitionRequest, RegisterTaskDefinitionResponse>("RegisterTaskDefinition", AwsOperationKind.NonIdempotentWrite);

    /// <summary>DeregisterTaskDefinition (deregistering twice leaves the same state).</summary>
    public static AwsOperation DeregisterTaskDefinition { get; } = AwsOperation.Of<DeregisterTaskDefinitionRequest, DeregisterTaskDefinitionResponse>("DeregisterTaskDefinition", AwsOperationKind.IdempotentWrite);

    /// <summary>ListTaskDefinitions.</summary>
    public static AwsOperation ListTaskDefinitions { get; } = AwsOperation.Of<ListTaskDefinitionsRequest, ListTaskDefinitionsResponse>("ListTaskDefinitions", AwsOperationKind.Read);

    /// <summary>ListTasks.</summary>
    public static AwsOperation ListTasks { get; } = AwsOperation.Of<ListTasksRequest, ListTasksResponse>("ListTasks", AwsOperationKind.Read);

    /// <summary>DescribeTasks.</summary>
    public static AwsOperation DescribeTasks { get; } = AwsOperation.Of<DescribeTasksRequest, DescribeTasksResponse>("DescribeTasks", AwsOperationKind.Read);

    /// <summary>RunTask (idempotent: the client always sends a client token).</summary>
    public static AwsOperation RunTask { get; } = AwsOperation.Of<RunTaskRequest, RunTaskResponse>("RunTask", AwsOperationKind.IdempotentWrite);

    /// <summary>StopTask (stopping twice leaves the same state).</summary>
    public static AwsOperation StopTask { get; } = AwsOperation.Of<StopTaskRequest, StopTaskResponse>("StopTask", AwsOperationKind.IdempotentWrite);

    /// <summary>ListServiceDeployments.</summary>
    public static AwsOperation ListServiceDeployments { get; } = AwsOperation.Of<ListServiceDeploymentsRequest, ListServiceDeploymentsResponse>("ListServiceDeployments", AwsOperationKind.Read);

    /// <summary>DescribeServiceDeployments.</summary>
    public static AwsOperation DescribeServiceDeployments { get; } = AwsOperation.Of<DescribeServiceDeploymentsRequest, DescribeServiceDeploymentsResponse>("DescribeServiceDeployments", AwsOperationKind.Read);

    /// <summary>StopServiceDeployment (a second stop finds it already stopping).</summary>
    public static AwsOperation StopServiceDeployment { get; } = AwsOperation.Of<StopServiceDeploymentRequest, StopServiceDeploymentResponse>("StopServiceDeployment", AwsOperationKind.IdempotentWrite);

    /// <summary>
    /// ContinueServiceDeployment: answers a PAUSE hook. Not sent twice: a second copy fails once the hook no longer
    /// awaits action, so after an unknown outcome the hook's state is read first.
    /// </summary>
    public static AwsOperation ContinueServiceDeployment { get; } = AwsOperation.Of<ContinueServiceDeploymentRequest, ContinueServiceDeploymentResponse>("ContinueServiceDeployment", AwsOperationKind.NonIdempotentWrite);

    /// <summary>DescribeServiceRevisions.</summary>
    public static AwsOperation DescribeServiceRevisions { get; } = AwsOperation.Of<DescribeServiceRevisionsRequest, DescribeServiceRevisionsResponse>("DescribeServiceRevisions", AwsOperationKind.Read);

    /// <summary>ListClusters: the account's cluster ARNs in the region, a page at a time.</summary>
    public static AwsOperation ListClusters { get; } = AwsOperation.Of<ListClustersRequest, ListClustersResponse>("ListClusters", AwsOperationKind.Read);

    /// <summary>ListServices: the service ARNs of a cluster, a page at a time.</summary>
    public static AwsOperation ListServices { get; } = AwsOperation.Of<ListServicesRequest, ListServicesResponse>("ListServices", AwsOperationKind.Read);

    /// <summary>Every operation of <see cref="IEcsClient"/>.</summary>
    public static IReadOnlyList<AwsOperation> All { get; } =
    [
        DescribeClusters, ListClusters, DescribeServices, ListServices, CreateService, UpdateService, DescribeTaskDefinition,
        RegisterTaskDefinition, DeregisterTaskDefinition, ListTaskDefinitions, ListTasks, DescribeTasks,
        RunTask, StopTask, ListServiceDeployments, DescribeServiceDeployments, StopServiceDeployment,
        ContinueServiceDeployment, DescribeServiceRevisions,
    ];
}
