using System.Text.Json.Nodes;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Testing.Scenarios;

namespace Ecs.BlueGreen.Tests.Deployments;

/// <summary>
/// Deployment groups (<see cref="EcsDeployment.Group"/>) on the emulator: many services deployed in one run, one
/// verdict, every member validated before the first write, shared registrations, and rollback-all-on-failure.
/// </summary>
public class DeploymentGroupTests
{
    private const string Crash = "repo/svc-1:crash";

    /// <summary>
    /// Services "svc-0"… steady on revision 1 of a family of their own (container "app", image repo/svc-N:1) unless
    /// <paramref name="family"/> names one shared family, spread over <paramref name="clusters"/> in turn.
    /// </summary>
    private static EmulatorScenario Services(int count, string[]? clusters = null, string? family = null, int desired = 2)
    {
        clusters ??= ["prod"];
        var families = family is null ? Enumerable.Range(0, count).Select(i => $"svc-{i}").ToList() : [family];
        return new EmulatorScenario
        {
            Clusters = clusters,
            TaskDefinitions = [.. families.Select(f => EngineHarness.TaskDefinition(f, EngineHarness.Container("app", $"repo/{f}:1")))],
            Services = [.. Enumerable.Range(0, count).Select(i => new JsonObject
            {
                ["cluster"] = clusters[i % clusters.Length],
                ["serviceName"] = $"svc-{i}",
                ["taskDefinition"] = $"{family ?? $"svc-{i}"}:1",
                ["desiredCount"] = desired,
                ["deploymentConfiguration"] = new JsonObject(),
            })],
            Images = new Dictionary<string, ImageBehaviour> { [Crash] = new ImageBehaviour { CrashAfterSeconds = 5, ExitCode = 3 } },
        };
    }

    private static EcsDeployment Member(EngineHarness harness, string cluster, int i) =>
        EcsDeployment.For(cluster, $"svc-{i}").WithClient(harness.Client).WithLogsClient(harness.Logs).WithTimeProvider(harness.Clock);

    private static Task<DeploymentGroupResult> RunAsync(EngineHarness harness, EcsDeploymentGroup group) =>
        harness.DriveAsync(token => group.RunAsync(token));

    [Test]
    public async Task Twenty_healthy_services_in_one_cluster_all_succeed_with_one_verdict_and_results_in_input_order()
    {
        using var harness = new EngineHarness(Services(20));
        var members = Enumerable.Range(0, 20).Select(i => Member(harness, "prod", i).WithImage($"repo/svc-{i}:2")).ToArray();

        var result = await RunAsync(harness, EcsDeployment.Group(members));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, string.Join(" | ", result.Results));
        result.IsSuccess.Should().BeTrue();
        result.Results.Select(r => r.Service).Should().Equal(Enumerable.Range(0, 20).Select(i => $"svc-{i}"));
        result.Results.Should().OnlyContain(r => r.Outcome == DeploymentOutcome.Succeeded);
        for (var i = 0; i < 20; i++)
        {
            (await harness.ServiceAsync($"svc-{i}")).TaskDefinition.Should().EndWith($"task-definition/svc-{i}:2");
        }

        harness.Emulator.CountCalls("RegisterTaskDefinition").Should().Be(20);
        harness.Emulator.CountCalls("UpdateService").Should().Be(20);
        result.Rollbacks.Should().OnlyContain(r => r == null);
    }

    [TestCase(20, 1)]
    [TestCase(20, 2)]
    [TestCase(5, 1)]
    public async Task The_members_share_one_observer_whose_checks_read_every_service_in_ceil_n_over_10_calls_per_cluster(int count, int clusterCount)
    {
        var clusters = Enumerable.Range(0, clusterCount).Select(c => c == 0 ? "prod" : $"prod-{c}").ToArray();
        using var harness = new EngineHarness(Services(count, clusters));
        var members = Enumerable.Range(0, count).Select(i => Member(harness, clusters[i % clusterCount], i).WithImage($"repo/svc-{i}:2")).ToArray();

        var result = await RunAsync(harness, EcsDeployment.Group(members));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, string.Join(" | ", result.Results));
        var checks = DescribeServicesChecks(harness);
        checks.Should().NotBeEmpty();
        var perCluster = (int)Math.Ceiling(count / (double)clusterCount);
        var callsPerFullCheck = clusterCount * (int)Math.Ceiling(perCluster / 10.0);
        // Every tick's reads of the same cluster go out together: never more calls than ⌈services read/10⌉ per cluster.
        checks.Should().OnlyContain(c => c.Calls == c.PerCluster.Sum(n => (int)Math.Ceiling(n / 10.0)), "each check's reads are batched per cluster");
        // And the checks of every member fall on the same ticks: the checks that read all of them read them in ⌈N/10⌉ calls.
        var full = checks.Where(c => c.Services == count).ToList();
        full.Should().NotBeEmpty("the members check on one grid");
        full.Should().OnlyContain(c => c.Calls == callsPerFullCheck);
        var watching = checks.Sum(c => c.Services);
        var calls = checks.Sum(c => c.Calls);
        (watching / (double)calls).Should().BeGreaterThan(count >= 10 ? 6 : count * 0.6, $"{watching} service reads in {calls} calls");
    }

    /// <summary>The DescribeServices calls of each tick: how many, and how many services they read, in total and per cluster.</summary>
    private static List<(DateTimeOffset Time, int Calls, int Services, List<int> PerCluster)> DescribeServicesChecks(EngineHarness harness) =>
        [.. harness.Emulator.Calls.Where(c => c.Operation == "DescribeServices")
            .Select(c => (c.Time, Body: JsonNode.Parse(c.Request)!))
            .GroupBy(c => c.Time)
            .Select(g => (g.Key, g.Count(), g.Sum(c => c.Body["services"]!.AsArray().Count),
                g.GroupBy(c => c.Body["cluster"]?.GetValue<string>()).Select(k => k.Sum(c => c.Body["services"]!.AsArray().Count)).ToList()))];

    [Test]
    public async Task The_group_keeps_to_ecs_rates_registering_a_burst_of_20_revisions_then_one_a_second()
    {
        using var harness = new EngineHarness(Services(25, desired: 1));
        var members = Enumerable.Range(0, 25).Select(i => Member(harness, "prod", i).WithImage($"repo/svc-{i}:2")).ToArray();

        var result = await RunAsync(harness, EcsDeployment.Group(members));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, string.Join(" | ", result.Results));
        var registrations = harness.Emulator.Calls.Where(c => c.Operation == "RegisterTaskDefinition").Select(c => c.Time).Order().ToList();
        registrations.Should().HaveCount(25);
        registrations.Count(t => t < registrations[0] + TimeSpan.FromSeconds(1)).Should().Be(20, "RegisterTaskDefinition's bucket holds a burst of 20");
        (registrations[^1] - registrations[0]).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(4), "past the burst it refills at 1 a second");
    }

    [Test]
    public async Task Services_across_two_clusters_are_each_deployed_in_their_own_cluster()
    {
        using var harness = new EngineHarness(Services(4, ["prod", "staging"]));
        var members = Enumerable.Range(0, 4).Select(i => Member(harness, i % 2 == 0 ? "prod" : "staging", i).WithImage($"repo/svc-{i}:2")).ToArray();

        var result = await RunAsync(harness, EcsDeployment.Group(members).WithMaxParallel(2));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, string.Join(" | ", result.Results));
        result.Results.Select(r => r.Cluster).Should().Equal("prod", "staging", "prod", "staging");
        result.Results.Should().OnlyContain(r => r.TaskDefinitionArn!.EndsWith(":2", StringComparison.Ordinal));
    }

    [Test]
    public async Task One_crashing_member_makes_the_group_fail_while_the_others_succeed_and_stay_deployed()
    {
        using var harness = new EngineHarness(Services(3));
        var members = Enumerable.Range(0, 3).Select(i => Member(harness, "prod", i).WithImage(i == 1 ? Crash : $"repo/svc-{i}:2")).ToArray();

        var result = await RunAsync(harness, EcsDeployment.Group(members));

        result.Outcome.Should().Be(DeploymentOutcome.Failed);
        result.IsSuccess.Should().BeFalse();
        result.Results.Select(r => r.Outcome).Should().Equal(DeploymentOutcome.Succeeded, DeploymentOutcome.Failed, DeploymentOutcome.Succeeded);
        result.Results[1].Reason.Should().Contain("exited with code 3");
        (await harness.ServiceAsync("svc-0")).TaskDefinition.Should().EndWith("task-definition/svc-0:2");
        (await harness.ServiceAsync("svc-2")).TaskDefinition.Should().EndWith("task-definition/svc-2:2");
        result.Rollbacks.Should().OnlyContain(r => r == null, "rollback-all-on-failure was not asked for");
    }

    [Test]
    public async Task With_rollback_all_on_failure_the_members_that_succeeded_go_back_to_their_previous_revision()
    {
        using var harness = new EngineHarness(Services(3));
        var members = Enumerable.Range(0, 3).Select(i => Member(harness, "prod", i).WithImage(i == 1 ? Crash : $"repo/svc-{i}:2")).ToArray();

        var result = await RunAsync(harness, EcsDeployment.Group(members).RollbackAllOnFailure());

        result.Outcome.Should().Be(DeploymentOutcome.Failed, "the verdict is the deployment's; the rollbacks do not turn it into a success");
        result.Results.Select(r => r.Outcome).Should().Equal(DeploymentOutcome.Succeeded, DeploymentOutcome.Failed, DeploymentOutcome.Succeeded);
        result.Rollbacks[1].Should().BeNull("the failed member is not one that succeeded");
        foreach (var i in new[] { 0, 2 })
        {
            result.Rollbacks[i]!.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Rollbacks[i]!.Reason);
            result.Rollbacks[i]!.TaskDefinitionArn.Should().EndWith($"task-definition/svc-{i}:1");
            var service = await harness.ServiceAsync($"svc-{i}");
            service.TaskDefinition.Should().EndWith($"task-definition/svc-{i}:1");
            service.Deployments.Should().ContainSingle().Which.RunningCount.Should().Be(2);
        }
    }

    [Test]
    public async Task Two_services_sharing_a_family_and_the_same_change_register_one_revision_and_both_deploy_it()
    {
        using var harness = new EngineHarness(Services(2, family: "shared"));
        var members = Enumerable.Range(0, 2).Select(i => Member(harness, "prod", i).WithImage("repo/shared:2")).ToArray();

        var result = await RunAsync(harness, EcsDeployment.Group(members));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, string.Join(" | ", result.Results));
        harness.Emulator.CountCalls("RegisterTaskDefinition").Should().Be(1);
        result.Results.Select(r => r.TaskDefinitionArn).Should().AllBe(result.Results[0].TaskDefinitionArn).And.OnlyContain(a => a!.EndsWith("task-definition/shared:2", StringComparison.Ordinal));
        result.Results.Count(r => r.Registered).Should().Be(1, "one member registered it, the other reused its ARN");
        (await harness.ServiceAsync("svc-1")).TaskDefinition.Should().EndWith("task-definition/shared:2");
    }

    [Test]
    public async Task Two_services_sharing_a_family_with_different_changes_register_one_revision_each()
    {
        using var harness = new EngineHarness(Services(2, family: "shared"));
        var members = Enumerable.Range(0, 2).Select(i => Member(harness, "prod", i).WithImage($"repo/shared:{i + 2}")).ToArray();

        var result = await RunAsync(harness, EcsDeployment.Group(members));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, string.Join(" | ", result.Results));
        harness.Emulator.CountCalls("RegisterTaskDefinition").Should().Be(2);
        result.Results.Select(r => r.TaskDefinitionArn).Should().OnlyHaveUniqueItems();
    }

    [Test]
    public async Task A_problem_in_any_member_refuses_the_whole_group_before_any_write_listing_every_problem()
    {
        using var harness = new EngineHarness(Services(3));
        EcsDeployment[] members =
        [
            Member(harness, "prod", 0).WithImage("repo/svc-0:2"),
            Member(harness, "prod", 1).WithImage("repo/nothing-runs-this:2"),
            EcsDeployment.For("prod", "missing").WithClient(harness.Client).WithTimeProvider(harness.Clock).WithImage("repo/svc-2:2"),
        ];

        var act = () => RunAsync(harness, EcsDeployment.Group(members));

        var thrown = (await act.Should().ThrowAsync<DeploymentValidationException>()).Which;
        thrown.Problems.Should().Contain(p => p.StartsWith("prod/svc-1: ", StringComparison.Ordinal))
            .And.Contain(p => p.StartsWith("prod/missing: ", StringComparison.Ordinal))
            .And.NotContain(p => p.StartsWith("prod/svc-0", StringComparison.Ordinal));
        harness.Writes.Should().BeEmpty("a valid member must not be deployed when another is refused");
    }

    [Test]
    public async Task A_service_given_twice_is_refused_before_any_call()
    {
        using var harness = new EngineHarness(Services(1));

        var act = () => RunAsync(harness, EcsDeployment.Group(Member(harness, "prod", 0).WithImage("repo/svc-0:2"), Member(harness, "prod", 0).WithImage("repo/svc-0:3")));

        (await act.Should().ThrowAsync<DeploymentValidationException>()).Which.Problems.Should().ContainSingle().Which.Should().Contain("prod/svc-0").And.Contain("2 times");
        harness.Emulator.Calls.Should().BeEmpty();
    }

    [Test]
    public void The_group_outcome_is_the_worst_by_the_order_of_the_exit_codes()
    {
        DeploymentGroupResult.Worst([DeploymentOutcome.Unchanged, DeploymentOutcome.Succeeded]).Should().Be(DeploymentOutcome.Succeeded);
        DeploymentGroupResult.Worst([DeploymentOutcome.Succeeded, DeploymentOutcome.TimedOut, DeploymentOutcome.Succeeded]).Should().Be(DeploymentOutcome.TimedOut);
        DeploymentGroupResult.Worst([DeploymentOutcome.Failed, DeploymentOutcome.TimedOut]).Should().Be(DeploymentOutcome.Failed);
        DeploymentGroupResult.Worst([DeploymentOutcome.Failed, DeploymentOutcome.Interrupted]).Should().Be(DeploymentOutcome.Interrupted);
        DeploymentGroupResult.Worst([DeploymentOutcome.Interrupted, DeploymentOutcome.Cancelled, DeploymentOutcome.Succeeded]).Should().Be(DeploymentOutcome.Cancelled);
    }
}
