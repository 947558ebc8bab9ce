using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Ecs.BlueGreen.Aws.Json;

namespace Ecs.BlueGreen.Ecs.Model;

/// <summary>
/// Compile-time JSON metadata of every ECS shape this library exchanges, so serialization needs no reflection and
/// works in trimmed and Native AOT applications
/// (https://learn.microsoft.com/dotnet/standard/serialization/system-text-json/source-generation): the model's
/// camelCase member names, absent values not sent, timestamps as epoch seconds.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(Cluster))]
[JsonSerializable(typeof(Tag))]
[JsonSerializable(typeof(NameValuePair))]
[JsonSerializable(typeof(Failure))]
[JsonSerializable(typeof(NetworkConfiguration))]
[JsonSerializable(typeof(AwsVpcConfiguration))]
[JsonSerializable(typeof(CapacityProviderStrategyItem))]
[JsonSerializable(typeof(LoadBalancer))]
[JsonSerializable(typeof(DescribeClustersRequest))]
[JsonSerializable(typeof(DescribeClustersResponse))]
[JsonSerializable(typeof(DescribeServicesRequest))]
[JsonSerializable(typeof(DescribeServicesResponse))]
[JsonSerializable(typeof(ListClustersRequest))]
[JsonSerializable(typeof(ListClustersResponse))]
[JsonSerializable(typeof(TaskSet))]
[JsonSerializable(typeof(ListServicesRequest))]
[JsonSerializable(typeof(ListServicesResponse))]
[JsonSerializable(typeof(CreateServiceRequest))]
[JsonSerializable(typeof(CreateServiceResponse))]
[JsonSerializable(typeof(UpdateServiceRequest))]
[JsonSerializable(typeof(UpdateServiceResponse))]
[JsonSerializable(typeof(DescribeTaskDefinitionRequest))]
[JsonSerializable(typeof(DescribeTaskDefinitionResponse))]
[JsonSerializable(typeof(RegisterTaskDefinitionRequest))]
[JsonSerializable(typeof(RegisterTaskDefinitionResponse))]
[JsonSerializable(typeof(DeregisterTaskDefinitionRequest))]
[JsonSerializable(typeof(DeregisterTaskDefinitionResponse))]
[JsonSerializable(typeof(ListTaskDefinitionsRequest))]
[JsonSerializable(typeof(ListTaskDefinitionsResponse))]
[JsonSerializable(typeof(ListTasksRequest))]
[JsonSerializable(typeof(ListTasksResponse))]
[JsonSerializable(typeof(DescribeTasksRequest))]
[JsonSerializable(typeof(DescribeTasksResponse))]
[JsonSerializable(typeof(RunTaskRequest))]
[JsonSerializable(typeof(RunTaskResponse))]
[JsonSerializable(typeof(StopTaskRequest))]
[JsonSerializable(typeof(StopTaskResponse))]
[JsonSerializable(typeof(ListServiceDeploymentsRequest))]
[JsonSerializable(typeof(ListServiceDeploymentsResponse))]
[JsonSerializable(typeof(DescribeServiceDeploymentsRequest))]
[JsonSerializable(typeof(DescribeServiceDeploymentsResponse))]
[JsonSerializable(typeof(StopServiceDeploymentRequest))]
[JsonSerializable(typeof(StopServiceDeploymentResponse))]
[JsonSerializable(typeof(ContinueServiceDeploymentRequest))]
[JsonSerializable(typeof(ContinueServiceDeploymentResponse))]
[JsonSerializable(typeof(DescribeServiceRevisionsRequest))]
[JsonSerializable(typeof(DescribeServiceRevisionsResponse))]
[JsonSerializable(typeof(Service))]
[JsonSerializable(typeof(Deployment))]
[JsonSerializable(typeof(DeploymentConfiguration))]
[JsonSerializable(typeof(DeploymentCircuitBreaker))]
[JsonSerializable(typeof(ThresholdConfiguration))]
[JsonSerializable(typeof(DeploymentAlarms))]
[JsonSerializable(typeof(DeploymentController))]
[JsonSerializable(typeof(ServiceEvent))]
[JsonSerializable(typeof(ServiceDeployment))]
[JsonSerializable(typeof(ServiceDeploymentBrief))]
[JsonSerializable(typeof(ServiceRevisionSummary))]
[JsonSerializable(typeof(ServiceDeploymentRollback))]
[JsonSerializable(typeof(ServiceDeploymentCircuitBreaker))]
[JsonSerializable(typeof(ServiceDeploymentAlarms))]
[JsonSerializable(typeof(CreatedAtFilter))]
[JsonSerializable(typeof(TaskDefinition))]
[JsonSerializable(typeof(ContainerDefinition))]
[JsonSerializable(typeof(LogConfiguration))]
[JsonSerializable(typeof(TaskDetails))]
[JsonSerializable(typeof(Container))]
[JsonSerializable(typeof(TaskOverride))]
[JsonSerializable(typeof(ContainerOverride))]
[JsonSerializable(typeof(List<Tag>))]
[JsonSerializable(typeof(DateTimeOffset))]
[JsonSerializable(typeof(DateTimeOffset?))]
internal sealed partial class EcsJsonContext : JsonSerializerContext
{
    private static JsonSerializerOptions? _relaxed;

    /// <summary>The ECS shapes under this context's settings, read with absent <c>required</c> members allowed.</summary>
    internal static JsonSerializerOptions Relaxed => _relaxed ??= new JsonSerializerOptions(Default.Options)
    {
        TypeInfoResolver = new EcsJsonContext().WithAddedModifier(AwsShape.RelaxRequiredMembers),
    };
}
