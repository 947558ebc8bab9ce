using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.CodeDeploy;
using Ecs.BlueGreen.CodeDeploy.Model;
using Ecs.BlueGreen.Tests.Support;

namespace Ecs.BlueGreen.Tests.CodeDeploy;

/// <summary>
/// The CodeDeploy client on the wire, against a scripted handler (exact answers and failures of each call): the
/// <c>X-Amz-Target</c> of each call, the camelCase body with an AppSpecContent revision, epoch-second timestamps,
/// open enumerations, the empty answer of ContinueDeployment, pagination, and CreateDeployment never sent twice.
/// </summary>
public class CodeDeployClientTests
{
    private const string AppSpec = """{"version":0.0,"Resources":[{"TargetService":{"Type":"AWS::ECS::Service","Properties":{"TaskDefinition":"arn:aws:ecs:us-east-1:111122223333:task-definition/web:8","LoadBalancerInfo":{"ContainerName":"app","ContainerPort":8080}}}}]}""";

    [Test]
    public async Task CreateDeployment_sends_the_target_and_an_AppSpecContent_revision_in_camelCase()
    {
        using var handler = new ScriptedHandler((_, _) => (HttpStatusCode.OK, """{"deploymentId":"d-ABCDEF123"}"""));
        using var client = Client(handler);

        var response = await client.CreateDeploymentAsync(new CreateDeploymentRequest
        {
            ApplicationName = "web-app",
            DeploymentGroupName = "web-dg",
            DeploymentConfigName = "CodeDeployDefault.ECSAllAtOnce",
            Description = "ecs-bluegreen run-42",
            Revision = RevisionLocation.FromAppSpec(AppSpec, "0a1b"),
        });

        response.DeploymentId.Should().Be("d-ABCDEF123");
        var (target, body) = handler.Requests.Single();
        target.Should().Be("CodeDeploy_20141006.CreateDeployment");
        var expected = new JsonObject
        {
            ["applicationName"] = "web-app",
            ["deploymentGroupName"] = "web-dg",
            ["revision"] = new JsonObject
            {
                ["revisionType"] = "AppSpecContent",
                ["appSpecContent"] = new JsonObject { ["content"] = AppSpec, ["sha256"] = "0a1b" },
            },
            ["deploymentConfigName"] = "CodeDeployDefault.ECSAllAtOnce",
            ["description"] = "ecs-bluegreen run-42",
        };
        JsonNode.DeepEquals(JsonNode.Parse(body), expected).Should().BeTrue(body);
    }

    [Test]
    public async Task GetDeployment_reads_epoch_seconds_open_enumerations_and_the_capitalised_overview()
    {
        using var handler = new ScriptedHandler((_, _) => (HttpStatusCode.OK, """
            {"deploymentInfo":{"deploymentId":"d-1","status":"Ready","createTime":1785585600.25,"creator":"user","computePlatform":"ECS",
             "revision":{"revisionType":"AppSpecContent","appSpecContent":{"sha256":"0a1b"}},
             "deploymentOverview":{"Pending":0,"InProgress":1,"Succeeded":0,"Failed":0,"Skipped":0,"Ready":0},
             "deploymentStyle":{"deploymentType":"BLUE_GREEN","deploymentOption":"WITH_TRAFFIC_CONTROL"},"someFutureMember":{"x":1}}}
            """));
        using var client = Client(handler);

        var info = (await client.GetDeploymentAsync(new GetDeploymentRequest { DeploymentId = "d-1" })).DeploymentInfo!;

        handler.Requests.Single().Target.Should().Be("CodeDeploy_20141006.GetDeployment");
        info.Status.Should().Be(DeploymentStatus.Ready);
        info.ComputePlatform.Should().Be(ComputePlatform.Ecs);
        info.CreateTime.Should().Be(new DateTimeOffset(2026, 8, 1, 12, 0, 0, 250, TimeSpan.Zero));
        info.Revision!.AppSpecContent!.Content.Should().BeNull("GetDeployment leaves the content out");
        info.DeploymentOverview!.InProgress.Should().Be(1);
        info.DeploymentStyle!.DeploymentType.Should().Be(DeploymentType.BlueGreen);
        info.AdditionalMembers.Should().ContainKey("someFutureMember");
    }

    [Test]
    public async Task An_unknown_status_survives_as_it_is()
    {
        using var handler = new ScriptedHandler((_, _) => (HttpStatusCode.OK, """{"deploymentInfo":{"status":"Paused"}}"""));
        using var client = Client(handler);

        var info = (await client.GetDeploymentAsync(new GetDeploymentRequest { DeploymentId = "d-1" })).DeploymentInfo!;

        info.Status!.Value.Value.Should().Be("Paused");
    }

    [Test]
    public async Task ContinueDeployment_sends_the_wait_type_and_reads_the_empty_answer()
    {
        using var handler = new ScriptedHandler((_, _) => (HttpStatusCode.OK, string.Empty));
        using var client = Client(handler);

        await client.ContinueDeploymentAsync(new ContinueDeploymentRequest { DeploymentId = "d-1", DeploymentWaitType = DeploymentWaitType.ReadyWait });

        var (target, body) = handler.Requests.Single();
        target.Should().Be("CodeDeploy_20141006.ContinueDeployment");
        JsonNode.DeepEquals(JsonNode.Parse(body), JsonNode.Parse("""{"deploymentId":"d-1","deploymentWaitType":"READY_WAIT"}""")).Should().BeTrue(body);
    }

    [Test]
    public async Task StopDeployment_and_the_target_reads_name_their_operations()
    {
        using var handler = new ScriptedHandler((target, _) => target switch
        {
            "CodeDeploy_20141006.StopDeployment" => (HttpStatusCode.OK, """{"status":"Pending","statusMessage":"stopping"}"""),
            _ => (HttpStatusCode.OK, """
                {"deploymentTargets":[{"deploymentTargetType":"ECSTarget","ecsTarget":{"targetId":"prod:web","status":"InProgress","lastUpdatedAt":1785585600,
                 "taskSetsInfo":[{"identifer":"ecs-svc/1","desiredCount":2,"runningCount":2,"trafficWeight":100.0,"taskSetLabel":"Blue","targetGroup":{"name":"blue-tg"}}],
                 "lifecycleEvents":[{"lifecycleEventName":"AfterAllowTestTraffic","status":"Pending"}]}}]}
                """),
        });
        using var client = Client(handler);

        var stopped = await client.StopDeploymentAsync(new StopDeploymentRequest { DeploymentId = "d-1", AutoRollbackEnabled = true });
        var targets = await client.BatchGetAllDeploymentTargetsAsync("d-1", ["prod:web"]);

        stopped.Status.Should().Be(StopStatus.Pending);
        handler.Requests.Select(r => r.Target).Should().Equal("CodeDeploy_20141006.StopDeployment", "CodeDeploy_20141006.BatchGetDeploymentTargets");
        JsonNode.DeepEquals(JsonNode.Parse(handler.Requests[1].Body), JsonNode.Parse("""{"deploymentId":"d-1","targetIds":["prod:web"]}""")).Should().BeTrue();
        var target = targets.Single().EcsTarget!;
        target.Status.Should().Be(TargetStatus.InProgress);
        target.TaskSetsInfo.Single().Should().Match<EcsTaskSet>(t => t.Identifer == "ecs-svc/1" && t.TaskSetLabel == TargetLabel.Blue && t.TrafficWeight == 100.0 && t.TargetGroup!.Name == "blue-tg");
        target.LifecycleEvents.Single().Status.Should().Be(LifecycleEventStatus.Pending);
    }

    [Test]
    public async Task ListAllDeploymentTargets_follows_nextToken_keeping_the_filters()
    {
        using var handler = new ScriptedHandler((_, body) => JsonNode.Parse(body)!["nextToken"] is null
            ? (HttpStatusCode.OK, """{"targetIds":["prod:web"],"nextToken":"n2"}""")
            : (HttpStatusCode.OK, """{"targetIds":["prod:api"]}"""));
        using var client = Client(handler);

        var ids = await client.ListAllDeploymentTargetsAsync(new ListDeploymentTargetsRequest
        {
            DeploymentId = "d-1",
            TargetFilters = new Dictionary<string, IReadOnlyList<string>> { [TargetFilterName.TargetStatus.Value] = ["InProgress"] },
        }).ToListAsync();

        ids.Should().Equal("prod:web", "prod:api");
        handler.Requests.Should().HaveCount(2).And.OnlyContain(r => r.Target == "CodeDeploy_20141006.ListDeploymentTargets");
        handler.Requests.Select(r => JsonNode.Parse(r.Body)!).Should().OnlyContain(b => (string)b["targetFilters"]!["TargetStatus"]![0]! == "InProgress" && (string)b["deploymentId"]! == "d-1");
    }

    [Test]
    public async Task ListDeployments_sends_the_create_time_range_in_epoch_seconds()
    {
        using var handler = new ScriptedHandler((_, _) => (HttpStatusCode.OK, """{"deployments":["d-2","d-1"]}"""));
        using var client = Client(handler);

        var ids = await client.ListAllDeploymentsAsync(new ListDeploymentsRequest
        {
            ApplicationName = "web-app",
            DeploymentGroupName = "web-dg",
            CreateTimeRange = new TimeRange { Start = new DateTimeOffset(2026, 8, 1, 12, 0, 0, TimeSpan.Zero) },
        }).ToListAsync();

        ids.Should().Equal("d-2", "d-1");
        JsonNode.DeepEquals(JsonNode.Parse(handler.Requests.Single().Body)!["createTimeRange"], JsonNode.Parse("""{"start":1785585600}""")).Should().BeTrue(handler.Requests.Single().Body);
    }

    [Test]
    public async Task A_CreateDeployment_whose_answer_is_lost_is_not_sent_again()
    {
        using var handler = new ScriptedHandler((_, _) => (HttpStatusCode.InternalServerError, """{"__type":"InternalFailure","message":"boom"}"""));
        using var client = Client(handler);

        var act = () => client.CreateDeploymentAsync(new CreateDeploymentRequest { ApplicationName = "web-app", DeploymentGroupName = "web-dg" });

        await act.Should().ThrowAsync<AwsWriteOutcomeUnknownException>();
        handler.Requests.Should().ContainSingle("a second CreateDeployment could start a second deployment");
    }

    [Test]
    public async Task A_read_is_sent_again_after_a_server_error()
    {
        var calls = 0;
        using var handler = new ScriptedHandler((_, _) => ++calls == 1
            ? (HttpStatusCode.InternalServerError, """{"__type":"InternalFailure","message":"boom"}""")
            : (HttpStatusCode.OK, """{"application":{"applicationName":"web-app","computePlatform":"ECS","createTime":1785585600}}"""));
        using var client = Client(handler);

        var application = (await client.GetApplicationAsync(new GetApplicationRequest { ApplicationName = "web-app" })).Application!;

        application.ComputePlatform.Should().Be(ComputePlatform.Ecs);
        handler.Requests.Should().HaveCount(2).And.OnlyContain(r => r.Target == "CodeDeploy_20141006.GetApplication");
    }

    internal static CodeDeployClient Client(HttpMessageHandler handler) =>
        new(TestConnections.Local(), new AwsClientOptions { HttpHandler = handler, Retry = Wire.NoDelay() });

    /// <summary>Answers by <c>X-Amz-Target</c> and records each call's target and body.</summary>
    internal sealed class ScriptedHandler(Func<string, string, (HttpStatusCode Status, string Body)> answer) : HttpMessageHandler
    {
        public List<(string Target, string Body)> Requests { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var target = request.Headers.GetValues("X-Amz-Target").Single();
            var body = await request.Content!.ReadAsStringAsync(cancellationToken);
            lock (Requests)
            {
                Requests.Add((target, body));
            }

            var (status, text) = answer(target, body);
            var response = new HttpResponseMessage(status) { Content = new StringContent(text, Encoding.UTF8, "application/x-amz-json-1.1") };
            response.Headers.Add("x-amzn-RequestId", Guid.NewGuid().ToString());
            return response;
        }
    }
}
