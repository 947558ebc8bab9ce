using System.Text.Json.Nodes;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Runtime;
using Ecs.BlueGreen.Testing.Scenarios;
using Ecs.BlueGreen.Tests.Deployments;

namespace Ecs.BlueGreen.Tests.Runtime;

/// <summary>
/// The batching client of deployment groups against the emulator: reads made together share calls of up to 10 services
/// (20 service deployments), and each caller gets only what it asked for.
/// </summary>
public class BatchingEcsClientTests
{
    private static EmulatorScenario Services(int count) => new()
    {
        Clusters = ["prod", "staging"],
        TaskDefinitions = [EngineHarness.TaskDefinition("svc", EngineHarness.Container("app", "repo/svc:1"))],
        Services = [.. Enumerable.Range(0, count).Select(i => new JsonObject
        {
            ["cluster"] = i % 4 == 3 ? "staging" : "prod",
            ["serviceName"] = $"svc-{i}",
            ["taskDefinition"] = "svc:1",
            ["desiredCount"] = 1,
            ["deploymentConfiguration"] = new JsonObject(),
        })],
    };

    private static Task<DescribeServicesResponse> Describe(BatchingEcsClient client, string cluster, string service, CancellationToken cancellationToken = default) =>
        client.DescribeServicesAsync(new DescribeServicesRequest { Cluster = cluster, Services = [service] }, cancellationToken);

    /// <summary>Lets the callers queue, then moves the clock past the batching window.</summary>
    private static async Task<T[]> AfterWindowAsync<T>(EngineHarness harness, IEnumerable<Task<T>> calls)
    {
        var all = Task.WhenAll(calls);
        for (var i = 0; i < 100 && !all.IsCompleted; i++)
        {
            await Task.Delay(5);
            harness.Clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        return await all.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Test]
    public async Task Reads_made_together_go_out_as_one_call_per_ten_services_of_a_cluster_and_each_caller_gets_its_own_service()
    {
        using var harness = new EngineHarness(Services(16));
        var client = new BatchingEcsClient(harness.Client, harness.Clock);
        var prod = Enumerable.Range(0, 16).Where(i => i % 4 != 3).ToList();

        var answers = await AfterWindowAsync(harness, Enumerable.Range(0, 16).Select(i => Describe(client, i % 4 == 3 ? "staging" : "prod", $"svc-{i}")));

        for (var i = 0; i < 16; i++)
        {
            answers[i].Services.Select(s => s.ServiceName).Should().Equal([$"svc-{i}"], "caller {0} asked for one service", i);
            answers[i].Failures.Should().BeEmpty();
        }

        var calls = harness.Emulator.Calls.Where(c => c.Operation == "DescribeServices").Select(c => JsonNode.Parse(c.Request)!).ToList();
        calls.Select(c => (c["cluster"]!.GetValue<string>(), c["services"]!.AsArray().Count)).Should().BeEquivalentTo(
            [("prod", 10), ("prod", prod.Count - 10), ("staging", 4)], "12 services of prod take two calls, the 4 of staging one");
    }

    [Test]
    public async Task A_missing_service_is_a_failure_for_the_caller_that_asked_for_it_only_and_an_arn_matches_its_service()
    {
        using var harness = new EngineHarness(Services(3));
        var client = new BatchingEcsClient(harness.Client, harness.Clock);
        var arn = (await harness.ServiceAsync("svc-1")).ServiceArn!;

        var answers = await AfterWindowAsync(harness, [Describe(client, "prod", "svc-0"), Describe(client, "prod", arn), Describe(client, "prod", "nope")]);

        answers[0].Services.Select(s => s.ServiceName).Should().Equal("svc-0");
        answers[0].Failures.Should().BeEmpty();
        answers[1].Services.Select(s => s.ServiceArn).Should().Equal(arn);
        answers[2].Services.Should().BeEmpty();
        answers[2].Failures.Should().ContainSingle().Which.Reason.Should().Be("MISSING");
        harness.Emulator.CountCalls("DescribeServices").Should().Be(2, "one call for the ARN lookup above, one for the three reads");
    }

    [Test]
    public async Task A_caller_that_gives_up_does_not_cancel_the_call_the_others_wait_for()
    {
        using var harness = new EngineHarness(Services(2));
        var client = new BatchingEcsClient(harness.Client, harness.Clock);
        using var cancel = new CancellationTokenSource();

        var gaveUp = Describe(client, "prod", "svc-0", cancel.Token);
        var waits = Describe(client, "prod", "svc-1");
        await cancel.CancelAsync();

        await FluentActions.Awaiting(() => gaveUp).Should().ThrowAsync<OperationCanceledException>();
        var answer = (await AfterWindowAsync(harness, [waits]))[0];
        answer.Services.Select(s => s.ServiceName).Should().Equal("svc-1");
    }

    [Test]
    public async Task A_failed_call_fails_every_caller_of_its_batch_with_the_error()
    {
        using var harness = new EngineHarness(Services(2));
        var client = new BatchingEcsClient(harness.Client, harness.Clock);

        var calls = new[] { Describe(client, "no-such-cluster", "svc-0"), Describe(client, "no-such-cluster", "svc-1") };
        var all = AfterWindowAsync(harness, calls);

        await FluentActions.Awaiting(() => all).Should().ThrowAsync<AwsServiceException>();
        foreach (var call in calls)
        {
            call.IsFaulted.Should().BeTrue();
            call.Exception!.InnerException.Should().BeOfType<AwsServiceException>().Which.ErrorCode.Should().Be("ClusterNotFoundException");
        }

        harness.Emulator.CountCalls("DescribeServices").Should().Be(1);
    }

    [Test]
    public async Task Service_deployment_reads_share_calls_of_up_to_twenty()
    {
        using var harness = new EngineHarness(Services(1));
        var client = new BatchingEcsClient(harness.Client, harness.Clock);
        var arns = Enumerable.Range(0, 25).Select(i => $"arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/svc-0/sd{i}").ToList();

        var answers = await AfterWindowAsync(harness, arns.Select(arn => client.DescribeServiceDeploymentsAsync(new DescribeServiceDeploymentsRequest { ServiceDeploymentArns = [arn] })));

        for (var i = 0; i < 25; i++)
        {
            answers[i].Failures.Select(f => f.Arn).Should().Equal([arns[i]], "each caller gets the failure of its own ARN");
        }

        harness.Emulator.Calls.Where(c => c.Operation == "DescribeServiceDeployments").Select(c => JsonNode.Parse(c.Request)!["serviceDeploymentArns"]!.AsArray().Count)
            .Should().BeEquivalentTo([20, 5]);
    }

    [Test]
    public async Task Clusters_read_together_share_one_call_and_the_same_revision_read_together_is_read_once()
    {
        using var harness = new EngineHarness(Services(4));
        var client = new BatchingEcsClient(harness.Client, harness.Clock);

        string[] names = ["prod", "staging", "prod", "nope"];
        var clusters = await AfterWindowAsync(harness, names
            .Select(c => client.DescribeClustersAsync(new DescribeClustersRequest { Clusters = [c] })));
        var revisions = await AfterWindowAsync(harness, Enumerable.Range(0, 5)
            .Select(_ => client.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest { TaskDefinition = "svc:1" })));

        clusters[0].Clusters.Select(c => c.ClusterName).Should().Equal("prod");
        clusters[1].Clusters.Select(c => c.ClusterName).Should().Equal("staging");
        clusters[2].Clusters.Select(c => c.ClusterName).Should().Equal("prod");
        clusters[3].Clusters.Should().BeEmpty();
        clusters[3].Failures.Should().ContainSingle().Which.Reason.Should().Be("MISSING");
        harness.Emulator.CountCalls("DescribeClusters").Should().Be(1);
        revisions.Should().OnlyContain(r => r.TaskDefinition!.Family == "svc" && r.TaskDefinition.Revision == 1);
        harness.Emulator.CountCalls("DescribeTaskDefinition").Should().Be(1);
    }
}
