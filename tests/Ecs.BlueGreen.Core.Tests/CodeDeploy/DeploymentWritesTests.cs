using System.Net;
using System.Text.Json.Nodes;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.CodeDeploy;
using Ecs.BlueGreen.CodeDeploy.Model;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Runtime;
using Ecs.BlueGreen.Tests.Support;
using static Ecs.BlueGreen.Tests.CodeDeploy.CodeDeployClientTests;

namespace Ecs.BlueGreen.Tests.CodeDeploy;

/// <summary>
/// CreateDeployment sent exactly once (<see cref="DeploymentWrites"/>): after an answer is lost, the group's
/// deployments created since just before the call are read, and ours is recognised by the run's token in its
/// description before anything is sent again.
/// </summary>
public class DeploymentWritesTests
{
    private const string Token = "ecs-bluegreen run-7f3a";

    private static CreateDeploymentRequest Request() => new()
    {
        ApplicationName = "web-app",
        DeploymentGroupName = "web-dg",
        Description = $"{Token}: web:8",
        Revision = RevisionLocation.FromAppSpec("version: 0.0"),
    };

    [Test]
    public async Task After_a_lost_answer_our_deployment_is_found_by_its_description_and_not_created_again()
    {
        using var handler = new ScriptedHandler((target, body) => target switch
        {
            "CodeDeploy_20141006.CreateDeployment" => (HttpStatusCode.InternalServerError, """{"__type":"InternalFailure","message":"lost"}"""),
            "CodeDeploy_20141006.ListDeployments" => (HttpStatusCode.OK, """{"deployments":["d-OTHER","d-OURS"]}"""),
            "CodeDeploy_20141006.BatchGetDeployments" => (HttpStatusCode.OK, """
                {"deploymentsInfo":[{"deploymentId":"d-OTHER","description":"someone else's"},{"deploymentId":"d-OURS","description":"ecs-bluegreen run-7f3a: web:8"}]}
                """),
            _ => throw new AssertionException($"unexpected {target}"),
        });
        var (writes, clock, events) = Writes(handler);

        var id = await Drive(clock, writes.CreateAsync(Request(), Token, CancellationToken.None));

        id.Should().Be("d-OURS");
        handler.Requests.Select(r => r.Target).Should().Equal(
            "CodeDeploy_20141006.CreateDeployment", "CodeDeploy_20141006.ListDeployments", "CodeDeploy_20141006.BatchGetDeployments");
        var list = JsonNode.Parse(handler.Requests[1].Body)!;
        ((string)list["applicationName"]!, (string)list["deploymentGroupName"]!).Should().Be(("web-app", "web-dg"));
        ((long)list["createTimeRange"]!["start"]!).Should().Be((Wire.Now - DeploymentWrites.ClockSkew).ToUnixTimeSeconds(), "the search starts just before the call");
        JsonNode.DeepEquals(JsonNode.Parse(handler.Requests[2].Body), JsonNode.Parse("""{"deploymentIds":["d-OTHER","d-OURS"]}""")).Should().BeTrue();
        events.OfType<WriteChecked>().Should().ContainSingle().Which.Applied.Should().BeTrue();
    }

    [Test]
    public async Task A_lost_answer_with_no_deployment_of_ours_is_sent_again_once()
    {
        var creates = 0;
        using var handler = new ScriptedHandler((target, _) => target switch
        {
            "CodeDeploy_20141006.CreateDeployment" => ++creates == 1
                ? (HttpStatusCode.InternalServerError, """{"__type":"InternalFailure","message":"lost"}""")
                : (HttpStatusCode.OK, """{"deploymentId":"d-SECOND"}"""),
            "CodeDeploy_20141006.ListDeployments" => (HttpStatusCode.OK, """{"deployments":["d-OTHER"]}"""),
            "CodeDeploy_20141006.BatchGetDeployments" => (HttpStatusCode.OK, """{"deploymentsInfo":[{"deploymentId":"d-OTHER","description":"ecs-bluegreen run-0000"}]}"""),
            _ => throw new AssertionException($"unexpected {target}"),
        });
        var (writes, clock, events) = Writes(handler);

        var id = await Drive(clock, writes.CreateAsync(Request(), Token, CancellationToken.None));

        id.Should().Be("d-SECOND");
        handler.Requests.Select(r => r.Target).Should().Equal(
            "CodeDeploy_20141006.CreateDeployment", "CodeDeploy_20141006.ListDeployments", "CodeDeploy_20141006.BatchGetDeployments", "CodeDeploy_20141006.CreateDeployment");
        events.OfType<WriteChecked>().Should().ContainSingle().Which.Applied.Should().BeFalse();
    }

    [Test]
    public async Task An_empty_group_since_the_call_means_not_created_without_reading_any_deployment()
    {
        var creates = 0;
        using var handler = new ScriptedHandler((target, _) => target switch
        {
            "CodeDeploy_20141006.CreateDeployment" => ++creates == 1
                ? (HttpStatusCode.InternalServerError, """{"__type":"InternalFailure","message":"lost"}""")
                : (HttpStatusCode.OK, """{"deploymentId":"d-SECOND"}"""),
            "CodeDeploy_20141006.ListDeployments" => (HttpStatusCode.OK, """{"deployments":[]}"""),
            _ => throw new AssertionException($"unexpected {target}"),
        });
        var (writes, clock, _) = Writes(handler);

        var id = await Drive(clock, writes.CreateAsync(Request(), Token, CancellationToken.None));

        id.Should().Be("d-SECOND");
        handler.Requests.Select(r => r.Target).Should().NotContain("CodeDeploy_20141006.BatchGetDeployments");
    }

    [Test]
    public async Task When_the_group_cannot_be_read_the_outcome_stays_unknown_and_nothing_is_resent()
    {
        using var handler = new ScriptedHandler((target, _) => target switch
        {
            "CodeDeploy_20141006.CreateDeployment" => (HttpStatusCode.InternalServerError, """{"__type":"InternalFailure","message":"lost"}"""),
            _ => (HttpStatusCode.BadRequest, """{"__type":"AccessDeniedException","message":"not allowed to list"}"""),
        });
        var (writes, clock, _) = Writes(handler);

        var act = () => Drive(clock, writes.CreateAsync(Request(), Token, CancellationToken.None));

        await act.Should().ThrowAsync<AwsWriteOutcomeUnknownException>();
        handler.Requests.Count(r => r.Target == "CodeDeploy_20141006.CreateDeployment").Should().Be(1);
    }

    [Test]
    public async Task A_request_without_the_runs_token_in_its_description_is_refused_before_any_call()
    {
        using var handler = new ScriptedHandler((_, _) => throw new AssertionException("no call expected"));
        var (writes, _, _) = Writes(handler);

        var act = () => writes.CreateAsync(Request() with { Description = "deploy web" }, Token, CancellationToken.None);

        await act.Should().ThrowAsync<ArgumentException>();
        handler.Requests.Should().BeEmpty();
    }

    private static (DeploymentWrites Writes, ManualTimeProvider Clock, List<DeploymentEvent> Events) Writes(ScriptedHandler handler)
    {
        var clock = new ManualTimeProvider(Wire.Now);
        var events = new List<DeploymentEvent>();
        var client = new CodeDeployClient(TestConnections.Local(), new AwsClientOptions { TimeProvider = clock, HttpHandler = handler, Retry = Wire.NoDelay() });
        return (new DeploymentWrites(client, new PatientCalls(clock, e => { lock (events) { events.Add(e); } }), clock), clock, events);
    }

    /// <summary>Moves the manual clock to each timer the call waits on (PatientCalls' backoff) until it completes.</summary>
    private static async Task<T> Drive<T>(ManualTimeProvider clock, Task<T> call)
    {
        while (!call.IsCompleted)
        {
            if (clock.NextTimerDueIn is { } due)
            {
                clock.Advance(due);
            }

            await Task.WhenAny(call, Task.Delay(10));
        }

        return await call;
    }
}
