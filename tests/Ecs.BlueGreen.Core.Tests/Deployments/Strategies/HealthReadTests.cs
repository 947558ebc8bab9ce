using System.Text.Json.Nodes;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Testing.Scenarios;

namespace Ecs.BlueGreen.Tests.Deployments.Strategies;

/// <summary>
/// A rolling deployment of a revision with a container health check, on the emulator: health is read when ECS's drain
/// says to look, or at the checks' pace where ECS does not wait for health itself; never every poll.
/// </summary>
public class HealthReadTests
{
    private static readonly Dictionary<string, ImageBehaviour> Images = new()
    {
        ["repo/web:1"] = new() { StartupSeconds = 5, HealthCheckSeconds = 15, StopSeconds = 10 },
        ["repo/web:2"] = new() { StartupSeconds = 5, HealthCheckSeconds = 15 },
    };

    [Test]
    public async Task At_100_percent_minimum_healthy_health_is_read_once_ECS_stops_old_tasks_and_that_read_names_the_digests()
    {
        using var harness = Harness(minimumHealthyPercent: 100);

        var result = await harness.RunAsync(harness.Deployment().WithImage("repo/web:2"));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        var calls = harness.Emulator.Calls.SkipWhile(c => c.Operation != "UpdateService").ToList();
        var read = calls.Where(c => c.Operation == "DescribeTasks").Should().ContainSingle("ECS waits for the health checks itself, so its drain says when to look").Which;
        calls.Count(c => c.Operation == "ListTasks").Should().Be(1);
        var firstStop = harness.Events.OfType<DeploymentProgressed>().First(e => e.Running == 4 && e.Draining < 4).Time;
        read.Time.Should().Be(firstStop, "the check that sees ECS stop old tasks reads their health");
        calls.Last().Operation.Should().NotBe("DescribeTasks", "the digests come from that read, not from a second pass");
        result.RunningImages.Should().HaveCount(4).And.OnlyContain(i => i.Image == "repo/web:2" && i.ImageDigest != null);
    }

    [Test]
    public async Task Where_ECS_may_stop_old_tasks_first_health_is_read_at_the_checks_pace()
    {
        using var harness = Harness(minimumHealthyPercent: 50);

        var result = await harness.RunAsync(harness.Deployment().WithImage("repo/web:2"));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        var calls = harness.Emulator.Calls.SkipWhile(c => c.Operation != "UpdateService").ToList();
        var reads = calls.Where(c => c.Operation == "DescribeTasks").Select(c => c.Time).ToList();
        // About 15 s of checks at a 5 s interval (the first one interval after the tasks run), then one read as ECS
        // stops the rest of the old tasks; polls are 1-3 s apart.
        reads.Should().HaveCountGreaterThanOrEqualTo(2).And.HaveCountLessThanOrEqualTo(4);
        reads.Zip(reads.Skip(1), (a, b) => b - a).SkipLast(1).Should().OnlyContain(gap => gap >= TimeSpan.FromSeconds(5));
        calls.Count(c => c.Operation == "DescribeServices").Should().BeGreaterThan(2 * reads.Count, "the service itself is still checked every poll");
    }

    private static EngineHarness Harness(int minimumHealthyPercent)
    {
        var check = new JsonObject { ["healthCheck"] = new JsonObject { ["command"] = new JsonArray("CMD-SHELL", "true"), ["interval"] = 5, ["retries"] = 3 } };
        var limits = new JsonObject { ["minimumHealthyPercent"] = minimumHealthyPercent, ["maximumPercent"] = 200 };
        return new EngineHarness(EngineHarness.Web(4, limits, Images, null, EngineHarness.TaskDefinition("web", EngineHarness.Container("app", "repo/web:1", check))));
    }
}
