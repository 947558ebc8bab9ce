using Ecs.BlueGreen.Aws.Retry;
using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.Ecs;

/// <summary>One ECS operation: its model name, shapes, and what a second copy of it would do.</summary>
public sealed record EcsOperation
{
    private EcsOperation(string name, Type requestType, Type responseType, AwsOperationKind kind)
    {
        Name = name;
        RequestType = requestType;
        ResponseType = responseType;
        Kind = kind;
    }

    /// <summary>The operation's name in the model, for example <c>UpdateService</c>.</summary>
    public string Name { get; }

    /// <summary>The request type.</summary>
    public Type RequestType { get; }

    /// <summary>The response type.</summary>
    public Type ResponseType { get; }

    /// <summary>Whether and when it may be sent again.</summary>
    public AwsOperationKind Kind { get; }

    /// <summary>DescribeClusters.</summary>
    public static EcsOperation DescribeClusters { get; } = Of<DescribeClustersRequest, DescribeClustersResponse>("DescribeClusters", AwsOperationKind.Read);

    /// <summary>DescribeServices.</summary>
    public static EcsOperation DescribeServices { get; } = Of<DescribeServicesRequest, DescribeServicesResponse>("DescribeServices", AwsOperationKind.Read);

    /// <summary>CreateService (idempotent: the client always sends a client token).</summary>
    public static EcsOperation CreateService { get; } = Of<CreateServiceRequest, CreateServiceResponse>("CreateService", AwsOperationKind.IdempotentWrite);

    /// <summary>UpdateService: no idempotency token, so never re-sent once it may have been applied.</summary>
    public static EcsOperation UpdateService { get; } = Of<UpdateServiceRequest, UpdateServiceResponse>("UpdateService", AwsOperationKind.NonIdempotentWrite);

    /// <summary>DescribeTaskDefinition.</summary>
    public static EcsOperation DescribeTaskDefinition { get; } = Of<DescribeTaskDefinitionRequest, DescribeTaskDefinitionResponse>("DescribeTaskDefinition", AwsOperationKind.Read);

    /// <summary>RegisterTaskDefinition: no idempotency token, so never re-sent once it may have been applied.</summary>
    public static EcsOperation RegisterTaskDefinition { get; } = Of<RegisterTaskDefinitionRequest, RegisterTaskDefinitionResponse>("RegisterTaskDefinition", AwsOperationKind.NonIdempotentWrite);

    /// <summary>DeregisterTaskDefinition (deregistering twice leaves the same state).</summary>
    public static EcsOperation DeregisterTaskDefinition { get; } = Of<DeregisterTaskDefinitionRequest, DeregisterTaskDefinitionResponse>("DeregisterTaskDefinition", AwsOperationKind.IdempotentWrite);

    /// <summary>ListTaskDefinitions.</summary>
    public static EcsOperation ListTaskDefinitions { get; } = Of<ListTaskDefinitionsRequest, ListTaskDefinitionsResponse>("ListTaskDefinitions", AwsOperationKind.Read);

    /// <summary>ListTasks.</summary>
    public static EcsOperation ListTasks { get; } = Of<ListTasksRequest, ListTasksResponse>("ListTasks", AwsOperationKind.Read);

    /// <summary>DescribeTasks.</summary>
    public static EcsOperation DescribeTasks { get; } = Of<DescribeTasksRequest, DescribeTasksResponse>("DescribeTasks", AwsOperationKind.Read);

    /// <summary>RunTask (idempotent: the client always sends a client token).</summary>
    public static EcsOperation RunTask { get; } = Of<RunTaskRequest, RunTaskResponse>("RunTask", AwsOperationKind.IdempotentWrite);

    /// <summary>StopTask (stopping twice leaves the same state).</summary>
    public static EcsOperation StopTask { get; } = Of<StopTaskRequest, StopTaskResponse>("StopTask", AwsOperationKind.IdempotentWrite);

    /// <summary>ListServiceDeployments.</summary>
    public static EcsOperation ListServiceDeployments { get; } = Of<ListServiceDeploymentsRequest, ListServiceDeploymentsResponse>("ListServiceDeployments", AwsOperationKind.Read);

    /// <summary>DescribeServiceDeployments.</summary>
    public static EcsOperation DescribeServiceDeployments { get; } = Of<DescribeServiceDeploymentsRequest, DescribeServiceDeploymentsResponse>("DescribeServiceDeployments", AwsOperationKind.Read);

    /// <summary>StopServiceDeployment (a second stop finds it already stopping).</summary>
    public static EcsOperation StopServiceDeployment { get; } = Of<StopServiceDeploymentRequest, StopServiceDeploymentResponse>("StopServiceDeployment", AwsOperationKind.IdempotentWrite);

    /// <summary>ListServices: the service ARNs of a cluster, a page at a time.</summary>
    public static EcsOperation ListServices { get; } = Of<ListServicesRequest, ListServicesResponse>("ListServices", AwsOperationKind.Read);

    /// <summary>Every operation of <see cref="IEcsClient"/>.</summary>
    public static IReadOnlyList<EcsOperation> All { get; } =
    [
        DescribeClusters, DescribeServices, ListServices, CreateService, UpdateService, DescribeTaskDefinition,
        RegisterTaskDefinition, DeregisterTaskDefinition, ListTaskDefinitions, ListTasks, DescribeTasks,
        RunTask, StopTask, ListServiceDeployments, DescribeServiceDeployments, StopServiceDeployment,
    ];

    private static EcsOperation Of<TRequest, TResponse>(string name, AwsOperationKind kind) => new(name, typeof(TRequest), typeof(TResponse), kind);
}
