using System.Net;
using System.Text.Json.Nodes;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Tests.Support;

namespace Ecs.BlueGreen.Tests.Ecs;

/// <summary>
/// The lossless path (<c>ecs#TaskDefinition</c> against <c>ecs#RegisterTaskDefinitionRequest</c>): describe → edit the
/// image → register keeps every member of
/// RegisterTaskDefinitionRequest in the model, and members this code does not know, removing only the
/// output-only members.
/// </summary>
public class TaskDefinitionRoundTripTests
{
    [Test]
    public async Task Every_model_member_and_an_unknown_member_survive_describe_edit_register()
    {
        var model = ServiceModel.Load("aws-models", "ecs", "service-2.json");

        // A revision that uses every member RegisterTaskDefinition accepts, nested container members included.
        var registered = model.Sample("RegisterTaskDefinitionRequest").AsObject();
        var tags = registered["tags"]!.DeepClone();
        registered.Remove("tags");
        registered["aMemberAwsAddsNextYear"] = new JsonObject { ["nested"] = new JsonArray(1, "two", true) };
        var container = registered["containerDefinitions"]![0]!.AsObject();
        container["aContainerMemberAddedLater"] = "kept";

        // As DescribeTaskDefinition returns it: plus the output-only members.
        var described = registered.DeepClone().AsObject();
        described["taskDefinitionArn"] = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7";
        described["revision"] = 7;
        described["status"] = "ACTIVE";
        described["requiresAttributes"] = new JsonArray(new JsonObject { ["name"] = "com.amazonaws.ecs.capability.docker-remote-api.1.18" });
        described["compatibilities"] = new JsonArray("EC2", "FARGATE");
        described["registeredAt"] = 1767225600.123;
        described["deregisteredAt"] = 1767225700;
        described["deleteRequestedAt"] = 1767225800;
        described["registeredBy"] = "arn:aws:iam::123456789012:user/ci";
        var describeResponse = new JsonObject { ["taskDefinition"] = described, ["tags"] = tags };

        using var handler = new RecordingHandler((operation, _) => operation switch
        {
            "DescribeTaskDefinition" => (HttpStatusCode.OK, describeResponse.ToJsonString()),
            "RegisterTaskDefinition" => (HttpStatusCode.OK, new JsonObject { ["taskDefinition"] = described.DeepClone() }.ToJsonString()),
            _ => (HttpStatusCode.BadRequest, "{}"),
        });
        using var client = TestConnections.Client(handler);

        var response = await client.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest { TaskDefinition = "web", Include = ["TAGS"] });
        var taskDefinition = response.TaskDefinition!;
        var edited = taskDefinition with
        {
            ContainerDefinitions = [taskDefinition.ContainerDefinitions[0] with { Image = "registry.example.com/web:1.4" }],
        };
        await client.RegisterTaskDefinitionAsync(RegisterTaskDefinitionRequest.FromTaskDefinition(edited, response.Tags));

        var sent = JsonNode.Parse(handler.Requests.Single(r => r.Operation == "RegisterTaskDefinition").Body)!.AsObject();
        var expected = registered.DeepClone().AsObject();
        expected["containerDefinitions"]![0]!["image"] = "registry.example.com/web:1.4";
        expected["tags"] = tags.DeepClone();

        foreach (var outputOnly in TaskDefinition.OutputOnlyMembers)
        {
            sent.ContainsKey(outputOnly).Should().BeFalse($"{outputOnly} is output only");
        }

        JsonNode.DeepEquals(sent, expected).Should().BeTrue($"sent {sent.ToJsonString()}\nexpected {expected.ToJsonString()}");
        registered["containerDefinitions"]![0]!.AsObject().Count.Should().BeGreaterThan(40, "the sample uses every container member");
    }

    [Test]
    public void The_request_keeps_its_family_and_refuses_a_definition_without_one()
    {
        var withFamily = new TaskDefinition { Family = "web", Revision = 3, TaskDefinitionArn = "arn:x", ContainerDefinitions = [new ContainerDefinition { Name = "app", Image = "app:1" }] };
        var request = RegisterTaskDefinitionRequest.FromTaskDefinition(withFamily);
        request.Family.Should().Be("web");
        request.ContainerDefinitions.Should().ContainSingle().Which.Image.Should().Be("app:1");

        var act = () => RegisterTaskDefinitionRequest.FromTaskDefinition(new TaskDefinition { ContainerDefinitions = [] });
        act.Should().Throw<ArgumentException>().WithMessage("*family*");
    }
}
