using System.Text.Json;
using System.Text.Json.Nodes;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Transport;
using Ecs.BlueGreen.Logs;
using Ecs.BlueGreen.Tests.Aws;
using Ecs.BlueGreen.Tests.Support;

namespace Ecs.BlueGreen.Tests.Logs;

/// <summary>
/// What the CloudWatch Logs shapes need beyond the shared checks of <see cref="ServiceModelConformanceTests"/>
/// (../shared/aws-models/logs/service-2.json): times are <c>long</c> epoch milliseconds there, not timestamps,
/// and every member of a request survives the trip through our types.
/// </summary>
public class LogsModelConformanceTests
{
    private static ServiceModel Model => ServiceModel.Load("aws-models", "logs", "service-2.json");

    public static IEnumerable<TestCaseData> Operations() =>
        CloudWatchLogsOperation.All.Select(operation => new TestCaseData(operation).SetArgDisplayNames(operation.Name));

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
