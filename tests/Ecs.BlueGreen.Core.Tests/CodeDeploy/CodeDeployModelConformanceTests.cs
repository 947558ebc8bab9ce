using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Json;
using Ecs.BlueGreen.Aws.Transport;
using Ecs.BlueGreen.CodeDeploy;
using Ecs.BlueGreen.CodeDeploy.Model;
using Ecs.BlueGreen.Tests.Aws;
using Ecs.BlueGreen.Tests.Support;

namespace Ecs.BlueGreen.Tests.CodeDeploy;

/// <summary>
/// What the CodeDeploy shapes need beyond the shared checks of <see cref="ServiceModelConformanceTests"/>
/// (../shared/aws-models/codedeploy/service-2.json): the service's wire identity is the model's metadata, every named
/// value of our open enumerations is a value of the model's enum of the same name, and every member of a request
/// survives the trip through our types (members we do not type are kept).
/// </summary>
public class CodeDeployModelConformanceTests
{
    private static ServiceModel Model => ServiceModel.Load("aws-models", "codedeploy", "service-2.json");

    private static readonly Type[] Enumerations = typeof(CodeDeployClient).Assembly.GetExportedTypes()
        .Where(type => type.Namespace == typeof(DeploymentStatus).Namespace && type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IOpenEnumeration<>)))
        .OrderBy(type => type.Name, StringComparer.Ordinal)
        .ToArray();

    public static IEnumerable<TestCaseData> Operations() =>
        CodeDeployOperation.All.Select(operation => new TestCaseData(operation).SetArgDisplayNames(operation.Name));

    [Test]
    public void The_service_is_the_models_target_prefix_signing_name_and_endpoint_prefix()
    {
        var metadata = JsonNode.Parse(File.ReadAllText(SharedFolder.File("aws-models", "codedeploy", "service-2.json")))!["metadata"]!;

        AwsService.CodeDeploy.TargetPrefix.Should().Be((string)metadata["targetPrefix"]!).And.Be("CodeDeploy_20141006");
        AwsService.CodeDeploy.EndpointPrefix.Should().Be((string)metadata["endpointPrefix"]!);
        AwsService.CodeDeploy.SigningName.Should().Be((string?)metadata["signingName"] ?? (string)metadata["endpointPrefix"]!).And.Be("codedeploy");
    }

    [Test]
    public void The_library_has_enumerations_to_check() => Enumerations.Should().Contain([typeof(DeploymentStatus), typeof(RevisionLocationType), typeof(TargetStatus)]);

    [TestCaseSource(nameof(Enumerations))]
    public void Every_named_value_is_a_value_of_the_models_enum(Type enumeration)
    {
        var modelValues = Model.Shape(enumeration.Name)["enum"]!.AsArray().Select(v => (string)v!).ToList();
        var named = enumeration.GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Where(p => p.PropertyType == enumeration)
            .Select(p => p.GetValue(null)!.ToString())
            .ToList();

        named.Should().BeEquivalentTo(modelValues, $"{enumeration.Name} names exactly the values of codedeploy#{enumeration.Name}");
    }

    [TestCaseSource(nameof(Operations))]
    public void A_request_with_every_model_member_round_trips_unchanged(AwsOperation operation)
    {
        var model = Model;
        var sample = model.Sample(model.InputShape(operation.Name));
        var request = sample.Deserialize(operation.RequestType, AwsJson.Options)!;
        var sent = JsonSerializer.SerializeToNode(request, operation.RequestType, AwsJson.Options)!;
        JsonNode.DeepEquals(sent, sample).Should().BeTrue($"{sent.ToJsonString()} should equal {sample.ToJsonString()}");
    }

    [Test]
    public void The_writes_are_never_sent_again_blindly_and_the_reads_are_reads()
    {
        // CreateDeployment has no idempotency token; a second ContinueDeployment or StopDeployment after a first that
        // took effect fails (DeploymentIsNotInReadyStateException, DeploymentAlreadyCompletedException).
        CodeDeployOperation.All.Where(o => o.Name is "CreateDeployment" or "ContinueDeployment" or "StopDeployment")
            .Should().HaveCount(3).And.OnlyContain(o => o.Kind == AwsOperationKind.NonIdempotentWrite);
        CodeDeployOperation.All.Where(o => o.Name.StartsWith("Get", StringComparison.Ordinal) || o.Name.StartsWith("List", StringComparison.Ordinal) || o.Name.StartsWith("BatchGet", StringComparison.Ordinal))
            .Should().OnlyContain(o => o.Kind == AwsOperationKind.Read);
    }

    [Test]
    public void Timestamps_are_timestamps_in_the_model()
    {
        // Guards DateTimeOffset (epoch seconds on the JSON 1.1 wire) for createTime and the time range.
        ServiceModel.TypeOf(Model.Shape("Timestamp")).Should().Be("timestamp");
        ServiceModel.TypeOf(Model.Shape("Time")).Should().Be("timestamp");
    }
}
