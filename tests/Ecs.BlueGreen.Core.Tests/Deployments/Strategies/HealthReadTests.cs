using System.Text.Json.Nodes;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Testing.Scenarios;

namespace Ecs.BlueGreen.Tests.Deployments.Strategies;

/// <summary>A rolling deployment of a revision with a container health check, on the emulator: health is read at the checks' pace, never every poll.</summary>
public class HealthReadTests
{
    [Test]
    public async Task The_new_tasks_health_is_read_once_per_check_interval_until_ECS_counts_them_healthy()
    {
        var images = new Dictionary<string, ImageBehaviour>
        {
            ["repo/web:1"] = new() { StartupSeconds = 5, HealthCheckSeconds = 15, StopSeconds = 10 },
            ["repo/web:2"] = new() { StartupSeconds = 5, HealthCheckSeconds = 15 },
        };
        var check = new JsonObject { ["healthCheck"] = new JsonObject { ["command"] = new JsonArray("CMD-SHELL", "true"), ["interval"] = 5, ["retries"] = 3 } };
        var limits = new JsonObject { ["minimumHealthyPercent"] = 100, ["maximumPercent"] = 200 };
        using var harness = new EngineHarness(EngineHarness.Web(4, limits, images, null, EngineHarness.TaskDefinition("web", EngineHarness.Container("app", "repo/web:1", check))));

        var result = await harness.RunAsync(harness.Deployment().WithImage("repo/web:2"));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        // The wait's calls: from the update to the last look at the service (after it, one ListTasks and DescribeTasks
        // read the digests the new tasks run, once).
        var all = harness.Emulator.Calls.ToList();
        var calls = all.Take(all.FindLastIndex(c => c.Operation == "DescribeServices") + 1).SkipWhile(c => c.Operation != "UpdateService").ToList();
        var reads = calls.Where(c => c.Operation == "DescribeTasks").Select(c => c.Time).ToList();
        reads.Should().HaveCountGreaterThanOrEqualTo(2);
        // About 15 s of checks at a 5 s interval (the first one interval after the tasks run), then one read as ECS
        // begins to stop the old tasks; polls are 1-3 s apart.
        reads.Should().HaveCountLessThanOrEqualTo(4);
        reads.Zip(reads.Skip(1), (a, b) => b - a).SkipLast(1).Should().OnlyContain(gap => gap >= TimeSpan.FromSeconds(5));
        calls.Count(c => c.Operation == "ListTasks").Should().Be(1, "the same tasks run at every read: our deployment's counts did not move after they were listed");
        calls.Count(c => c.Operation == "DescribeServices").Should().BeGreaterThan(2 * reads.Count, "the service itself is still checked every poll");
    }
}
