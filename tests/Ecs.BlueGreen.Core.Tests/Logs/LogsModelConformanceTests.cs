using System.Text.Json;
using System.Text.Json.Nodes;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Json;
using Ecs.BlueGreen.Logs;
using Ecs.BlueGreen.Tests.Ecs;
using Ecs.BlueGreen.Tests.Support;

namespace Ecs.BlueGreen.Tests.Logs;

/// <summary>
/// The CloudWatch Logs client's shapes against the botocore model (../shared/aws-models/logs/service-2.json),
/// with the checks of <see cref="EcsModelConformanceTests"/>: members exist with compatible types (times are
/// <c>long</c> epoch milliseconds there, not timestamps), and required request members are declared and sent.
/// </summary>
public class LogsModelConformanceTests
{
    private static ServiceModel Model => ServiceModel.Load("aws-models", "logs", "service-2.json");

    public static IEnumerable<TestCaseData> Operations() =>
        CloudWatchLogsOperation.All.Select(operation => new TestCaseData(operation).SetArgDisplayNames(operation.Name));

    [Test]
    public void The_operation_table_covers_every_method_of_the_client_interface()
    {
        var methods = typeof(ICloudWatchLogsClient).GetMethods().Select(method => method.Name.Replace("Async", string.Empty, StringComparison.Ordinal));
        methods.Should().BeEquivalentTo(CloudWatchLogsOperation.All.Select(operation => operation.Name));
        foreach (var method in typeof(ICloudWatchLogsClient).GetMethods())
        {
            var operation = CloudWatchLogsOperation.All.Single(op => op.Name + "Async" == method.Name);
            method.GetParameters()[0].ParameterType.Should().Be(operation.RequestType, method.Name);
            method.ReturnType.Should().Be(typeof(Task<>).MakeGenericType(operation.ResponseType), method.Name);
        }
    }

    [TestCaseSource(nameof(Operations))]
    public void Request_members_exist_in_the_model_with_compatible_types(AwsOperation operation)
    {
        var model = Model;
        model.HasOperation(operation.Name).Should().BeTrue();
        var problems = new List<string>();
        EcsModelConformanceTests.CheckStructure(model, operation.RequestType, model.InputShape(operation.Name), isInput: true, problems, []);
        problems.Should().BeEmpty();
    }

    [TestCaseSource(nameof(Operations))]
    public void Response_members_exist_in_the_model_with_compatible_types(AwsOperation operation)
    {
        var model = Model;
        var problems = new List<string>();
        EcsModelConformanceTests.CheckStructure(model, operation.ResponseType, model.OutputShape(operation.Name), isInput: false, problems, []);
        problems.Should().BeEmpty();
    }

    [TestCaseSource(nameof(Operations))]
    public void Every_required_request_member_is_sent(AwsOperation operation)
    {
        var model = Model;
        var inputShape = model.InputShape(operation.Name);
        var request = model.Sample(inputShape).Deserialize(operation.RequestType, AwsJson.Options)!;
        var sent = JsonSerializer.SerializeToNode(request, operation.RequestType, AwsJson.Options)!.AsObject();

        var problems = new List<string>();
        EcsModelConformanceTests.CheckRequiredSent(model, inputShape, sent, operation.Name, problems);
        problems.Should().BeEmpty();
    }

    [TestCaseSource(nameof(Operations))]
    public void A_request_with_every_model_member_round_trips_unchanged(AwsOperation operation)
    {
        // Members we do not type (the deprecated "interleaved") are kept, so nothing a caller sets is dropped.
        var model = Model;
        var sample = model.Sample(model.InputShape(operation.Name));
        var request = sample.Deserialize(operation.RequestType, AwsJson.Options)!;
        var sent = JsonSerializer.SerializeToNode(request, operation.RequestType, AwsJson.Options)!;
        JsonNode.DeepEquals(sent, sample).Should().BeTrue($"{sent.ToJsonString()} should equal {sample.ToJsonString()}");
    }

    [Test]
    public void Event_times_are_long_epoch_milliseconds_in_the_model()
    {
        // Guards the choice of long over DateTimeOffset: the model's Timestamp shape is a long, not a timestamp.
        ServiceModel.TypeOf(Model.Shape("Timestamp")).Should().Be("long");
    }
}
