using System.Net;
using System.Text.Json.Nodes;

namespace Ecs.BlueGreen.Testing.Tests;

/// <summary>What DescribeTaskDefinition answers for a revision, read as raw JSON, as a deploy script reads it.</summary>
public class TaskDefinitionDocumentTests
{
    [Test]
    public async Task A_revision_registered_without_lists_is_described_with_them_as_empty_lists()
    {
        var emulator = new EcsEmulator();
        await CallAsync(emulator, "RegisterTaskDefinition", """{"family":"plain","containerDefinitions":[{"name":"app","image":"busybox","memory":64}]}""");

        var described = (await CallAsync(emulator, "DescribeTaskDefinition", """{"taskDefinition":"plain"}"""))["taskDefinition"]!.AsObject();

        described["volumes"]!.ToJsonString().Should().Be("[]");
        described["placementConstraints"]!.ToJsonString().Should().Be("[]");
        var container = described["containerDefinitions"]![0]!;
        foreach (var name in new[] { "portMappings", "environment", "mountPoints", "volumesFrom" })
        {
            container[name]!.ToJsonString().Should().Be("[]", $"ECS answers containerDefinitions[].{name} as [] when it was left out");
        }

        described["requiresAttributes"]!.ToJsonString().Should().Be("[]", "a plain revision needs no capability");
        described["compatibilities"]!.ToJsonString().Should().Be("""["EXTERNAL","EC2"]""");
        described["registeredBy"]!.GetValue<string>().Should().Be("arn:aws:iam::123456789012:user/ecs-emulator");
        described["registeredAt"]!.GetValue<double>().Should().Be(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds());
        described.Select(m => m.Key).Take(3).Should().Equal(["taskDefinitionArn", "containerDefinitions", "family"], "members come in the model's order, as ECS writes them");
    }

    [Test]
    public async Task RequiresAttributes_are_derived_from_the_features_the_revision_uses()
    {
        var emulator = new EcsEmulator();
        await CallAsync(emulator, "RegisterTaskDefinition", """
            {
              "family": "api", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512",
              "executionRoleArn": "arn:aws:iam::123456789012:role/exec", "taskRoleArn": "arn:aws:iam::123456789012:role/task",
              "containerDefinitions": [
                {
                  "name": "app", "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/api:7",
                  "logConfiguration": { "logDriver": "awslogs", "options": { "awslogs-group": "/ecs/api" } },
                  "healthCheck": { "command": ["CMD", "true"] },
                  "secrets": [
                    { "name": "A", "valueFrom": "arn:aws:secretsmanager:us-east-1:123456789012:secret:a" },
                    { "name": "B", "valueFrom": "arn:aws:ssm:us-east-1:123456789012:parameter/b" }
                  ],
                  "dependsOn": [{ "containerName": "sidecar", "condition": "START" }]
                },
                { "name": "sidecar", "image": "busybox", "dockerLabels": { "k": "v" }, "linuxParameters": { "initProcessEnabled": true } }
              ]
            }
            """);
        await CallAsync(emulator, "RegisterTaskDefinition", """{"family":"bridge","containerDefinitions":[{"name":"app","image":"busybox","memory":64,"ulimits":[{"name":"nofile","softLimit":1024,"hardLimit":2048}]}]}""");

        var api = (await CallAsync(emulator, "DescribeTaskDefinition", """{"taskDefinition":"api"}"""))["taskDefinition"]!;
        var bridge = (await CallAsync(emulator, "DescribeTaskDefinition", """{"taskDefinition":"bridge"}"""))["taskDefinition"]!;

        Names(api).Should().Equal(
            "com.amazonaws.ecs.capability.docker-remote-api.1.18",
            "com.amazonaws.ecs.capability.logging-driver.awslogs",
            "ecs.capability.execution-role-awslogs",
            "com.amazonaws.ecs.capability.docker-remote-api.1.19",
            "ecs.capability.container-health-check",
            "ecs.capability.secrets.asm.environment-variables",
            "ecs.capability.secrets.ssm.environment-variables",
            "ecs.capability.container-ordering",
            "com.amazonaws.ecs.capability.ecr-auth",
            "ecs.capability.execution-role-ecr-pull",
            "com.amazonaws.ecs.capability.docker-remote-api.1.25",
            "com.amazonaws.ecs.capability.task-iam-role",
            "ecs.capability.task-eni");
        api["compatibilities"]!.ToJsonString().Should().Be("""["EC2","FARGATE"]""");
        Names(bridge).Should().Equal("com.amazonaws.ecs.capability.docker-remote-api.1.18");
        bridge["compatibilities"]!.ToJsonString().Should().Be("""["EXTERNAL","EC2"]""");
    }

    private static List<string> Names(JsonNode taskDefinition) =>
        taskDefinition["requiresAttributes"]!.AsArray().Select(a => a!["name"]!.GetValue<string>()).ToList();

    internal static async Task<JsonObject> CallAsync(EcsEmulator emulator, string operation, string body)
    {
        using var http = new HttpClient(emulator.CreateHandler());
        using var request = ApiTests.Signed(operation, body);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.AsObject();
    }
}
