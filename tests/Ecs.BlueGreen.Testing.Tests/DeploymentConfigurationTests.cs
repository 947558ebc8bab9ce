using System.Net;
using System.Text.Json.Nodes;

namespace Ecs.BlueGreen.Testing.Tests;

/// <summary>The service's <c>deploymentConfiguration</c> as ECS keeps it: the members as sent, ECS's defaults for the rest, read from the wire JSON.</summary>
public class DeploymentConfigurationTests
{
    [Test]
    public async Task A_new_service_gets_the_defaults_of_a_REPLICA_service()
    {
        var emulator = new EcsEmulator(Harness.WebScenario(1, "repo/web:2"));

        var service = (await TaskDefinitionDocumentTests.CallAsync(emulator, "DescribeServices", """{"cluster":"prod","services":["web"]}"""))["services"]![0]!;

        service["deploymentConfiguration"]!.ToJsonString().Should().Be(
            """{"deploymentCircuitBreaker":{"enable":false,"rollback":false},"maximumPercent":200,"minimumHealthyPercent":100,"strategy":"ROLLING"}""");
    }

    [Test]
    public async Task An_update_keeps_the_members_it_leaves_out_and_echoes_the_ones_the_scheduler_does_not_read()
    {
        var configuration = new JsonObject { ["deploymentCircuitBreaker"] = new JsonObject { ["enable"] = true, ["rollback"] = true }, ["maximumPercent"] = 150 };
        var emulator = new EcsEmulator(Harness.WebScenario(2, "repo/web:2", configuration));

        var updated = (await TaskDefinitionDocumentTests.CallAsync(emulator, "UpdateService",
            """{"cluster":"prod","service":"web","deploymentConfiguration":{"bakeTimeInMinutes":3,"minimumHealthyPercent":50}}"""))["service"]!;

        updated["deploymentConfiguration"]!.ToJsonString().Should().Be(
            """{"deploymentCircuitBreaker":{"enable":true,"rollback":true},"maximumPercent":150,"minimumHealthyPercent":50,"strategy":"ROLLING","bakeTimeInMinutes":3}""");
    }

    [Test]
    public async Task A_member_of_the_wrong_JSON_type_is_a_SerializationException()
    {
        var emulator = new EcsEmulator(Harness.WebScenario(1, "repo/web:2"));
        using var http = new HttpClient(emulator.CreateHandler());

        using var response = await http.SendAsync(ApiTests.Signed("UpdateService", """{"cluster":"prod","service":"web","deploymentConfiguration":{"maximumPercent":"all"}}"""));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Headers.GetValues("x-amzn-ErrorType").Should().Equal("SerializationException");
    }
}
