using System.Net;
using System.Text.Json.Nodes;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Tests.Support;

namespace Ecs.BlueGreen.Tests.Ecs;

/// <summary>
/// Pagination follows nextToken to the end; batched describes split at ECS's limits (<c>ecs#DescribeServicesRequest.services</c>,
/// <c>ecs#DescribeTasksRequest.tasks</c>, <c>ecs#DescribeServiceDeploymentsRequest.serviceDeploymentArns</c>).
/// </summary>
public class EcsClientPaginationTests
{
    [Test]
    public async Task ListAllTasks_follows_nextToken_through_every_page_keeping_the_filters()
    {
        var pages = new Dictionary<string, (string[] Arns, string? Next)>
        {
            [string.Empty] = (["t1", "t2"], "page-2"),
            ["page-2"] = (["t3"], "page-3"),
            ["page-3"] = ([], "page-4"),
            ["page-4"] = (["t4"], null),
        };
        using var handler = new RecordingHandler((_, body) =>
        {
            var request = JsonNode.Parse(body)!;
            var (arns, next) = pages[(string?)request["nextToken"] ?? string.Empty];
            return (HttpStatusCode.OK, new JsonObject { ["taskArns"] = new JsonArray(arns.Select(a => (JsonNode)a).ToArray()), ["nextToken"] = next }.ToJsonString());
        });
        using var client = TestConnections.Client(handler);

        var arns = await client.ListAllTasksAsync(new ListTasksRequest { Cluster = "prod", ServiceName = "web", DesiredStatus = DesiredStatus.Stopped }).ToListAsync();

        arns.Should().Equal("t1", "t2", "t3", "t4");
        handler.Requests.Should().HaveCount(4);
        handler.Requests.Select(r => JsonNode.Parse(r.Body)!).Should().OnlyContain(body =>
            (string)body["cluster"]! == "prod" && (string)body["serviceName"]! == "web" && (string)body["desiredStatus"]! == "STOPPED");
    }

    [Test]
    public async Task ListAllTaskDefinitions_stops_on_a_repeated_token_instead_of_looping()
    {
        using var handler = new RecordingHandler((_, _) => (HttpStatusCode.OK, """{"taskDefinitionArns":["a"],"nextToken":"same"}"""));
        using var client = TestConnections.Client(handler);

        var act = async () => await client.ListAllTaskDefinitionsAsync(new ListTaskDefinitionsRequest { FamilyPrefix = "web" }).ToListAsync();

        await act.Should().ThrowAsync<InvalidOperationException>().WithMessage("*pagination token*");
        handler.Requests.Should().HaveCount(2);
    }

    [Test]
    public async Task ListAllServiceDeployments_reads_every_page()
    {
        using var handler = new RecordingHandler((_, body) => JsonNode.Parse(body)!["nextToken"] is null
            ? (HttpStatusCode.OK, """{"serviceDeployments":[{"serviceDeploymentArn":"arn:1","status":"SUCCESSFUL"}],"nextToken":"n"}""")
            : (HttpStatusCode.OK, """{"serviceDeployments":[{"serviceDeploymentArn":"arn:2","status":"ROLLBACK_SUCCESSFUL"}]}"""));
        using var client = TestConnections.Client(handler);

        var deployments = await client.ListAllServiceDeploymentsAsync(new ListServiceDeploymentsRequest { Service = "web", Cluster = "prod" }).ToListAsync();

        deployments.Select(d => d.Status).Should().Equal(ServiceDeploymentStatus.Successful, ServiceDeploymentStatus.RollbackSuccessful);
    }

    [Test]
    public async Task DescribeAllTasks_splits_into_batches_of_100_and_merges_failures()
    {
        using var handler = new RecordingHandler((_, body) =>
        {
            var tasks = JsonNode.Parse(body)!["tasks"]!.AsArray().Select(t => (string)t!).ToList();
            var found = new JsonArray(tasks.Where(t => t != "missing").Select(t => (JsonNode)new JsonObject { ["taskArn"] = t, ["lastStatus"] = "RUNNING" }).ToArray());
            var failures = new JsonArray(tasks.Where(t => t == "missing").Select(t => (JsonNode)new JsonObject { ["arn"] = t, ["reason"] = "MISSING" }).ToArray());
            return (HttpStatusCode.OK, new JsonObject { ["tasks"] = found, ["failures"] = failures }.ToJsonString());
        });
        using var client = TestConnections.Client(handler);
        var ids = Enumerable.Range(0, 250).Select(i => $"task-{i}").Append("missing").ToList();

        var result = await client.DescribeAllTasksAsync("prod", ids);

        handler.Requests.Select(r => JsonNode.Parse(r.Body)!["tasks"]!.AsArray().Count).Should().Equal(100, 100, 51);
        result.Tasks.Should().HaveCount(250);
        result.Failures.Should().ContainSingle().Which.Reason.Should().Be("MISSING");
    }

    [Test]
    public async Task DescribeAllServices_splits_into_batches_of_10()
    {
        using var handler = new RecordingHandler((_, body) =>
        {
            var services = JsonNode.Parse(body)!["services"]!.AsArray().Select(s => (JsonNode)new JsonObject { ["serviceName"] = (string)s! }).ToArray();
            return (HttpStatusCode.OK, new JsonObject { ["services"] = new JsonArray(services) }.ToJsonString());
        });
        using var client = TestConnections.Client(handler);

        var result = await client.DescribeAllServicesAsync("prod", Enumerable.Range(0, 23).Select(i => $"svc-{i}"));

        handler.Requests.Select(r => JsonNode.Parse(r.Body)!["services"]!.AsArray().Count).Should().Equal(10, 10, 3);
        result.Services.Should().HaveCount(23);
    }

    [Test]
    public async Task DescribeAllServiceDeployments_splits_into_batches_of_20()
    {
        using var handler = new RecordingHandler((_, body) => (HttpStatusCode.OK, "{}"));
        using var client = TestConnections.Client(handler);

        await client.DescribeAllServiceDeploymentsAsync(Enumerable.Range(0, 41).Select(i => $"arn:{i}"));

        handler.Requests.Select(r => JsonNode.Parse(r.Body)!["serviceDeploymentArns"]!.AsArray().Count).Should().Equal(20, 20, 1);
    }

    [Test]
    public async Task RunTask_and_CreateService_always_send_a_client_token_so_retries_are_safe()
    {
        using var handler = new RecordingHandler((_, _) => (HttpStatusCode.OK, "{}"));
        using var client = TestConnections.Client(handler);

        await client.RunTaskAsync(new RunTaskRequest { TaskDefinition = "migrate:3" });
        await client.RunTaskAsync(new RunTaskRequest { TaskDefinition = "migrate:3", ClientToken = "mine" });
        await client.CreateServiceAsync(new CreateServiceRequest { ServiceName = "web" });

        var tokens = handler.Requests.Select(r => (string?)JsonNode.Parse(r.Body)!["clientToken"]).ToList();
        tokens[0].Should().MatchRegex("^[0-9a-f]{32}$");
        tokens[1].Should().Be("mine");
        tokens[2].Should().MatchRegex("^[0-9a-f]{32}$");
    }

    [Test]
    public async Task Unknown_enumeration_values_from_AWS_survive()
    {
        using var handler = new RecordingHandler((_, _) => (HttpStatusCode.OK, """
            {"services":[{"serviceName":"web","deployments":[{"id":"ecs-svc/1","rolloutState":"PAUSED_FOR_REVIEW","launchType":"FARGATE"}]}]}
            """));
        using var client = TestConnections.Client(handler);

        var response = await client.DescribeServicesAsync(new DescribeServicesRequest { Services = ["web"] });

        var deployment = response.Services.Single().Deployments.Single();
        deployment.RolloutState!.Value.Value.Should().Be("PAUSED_FOR_REVIEW");
        deployment.RolloutState.Should().NotBe(DeploymentRolloutState.Completed);
        deployment.LaunchType.Should().Be(LaunchType.Fargate);
    }

    [Test]
    public async Task Timestamps_are_read_and_written_as_epoch_seconds()
    {
        using var handler = new RecordingHandler((_, _) => (HttpStatusCode.OK, """{"serviceDeployments":[{"createdAt":1767225600.5}]}"""));
        using var client = TestConnections.Client(handler);
        var after = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var response = await client.ListServiceDeploymentsAsync(new ListServiceDeploymentsRequest { Service = "web", CreatedAt = new CreatedAtFilter { After = after } });

        response.ServiceDeployments.Single().CreatedAt.Should().Be(after.AddMilliseconds(500));
        JsonNode.Parse(handler.Requests.Single().Body)!["createdAt"]!["after"]!.GetValue<decimal>().Should().Be(1767225600m);
    }
}
