using System.Text.Json.Nodes;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.TaskDefinitions;

namespace Ecs.BlueGreen.Tests.Deployments;

/// <summary>KeepRevisions and task-definition-only registration (ecs-deploy's -d mode).</summary>
public class RevisionTests
{
    private static JsonObject Web(string image) => EngineHarness.TaskDefinition("web", EngineHarness.Container("app", image));

    private static async Task<Dictionary<int, string>> StatusesAsync(EngineHarness harness, int count)
    {
        var statuses = new Dictionary<int, string>();
        for (var revision = 1; revision <= count; revision++)
        {
            statuses[revision] = (await harness.TaskDefinitionAsync($"web:{revision}")).Status!.Value.Value;
        }

        return statuses;
    }

    [Test]
    public async Task KeepRevisions_deregisters_the_oldest_beyond_n_but_never_the_rollback_target_nor_one_another_service_uses()
    {
        var scenario = EngineHarness.Web(2, taskDefinitions: [Web("repo/web:1"), Web("repo/web:2"), Web("repo/web:3"), Web("repo/web:4"), Web("repo/web:5")]);
        scenario = scenario with
        {
            Services = [.. scenario.Services, new JsonObject { ["cluster"] = "prod", ["serviceName"] = "worker", ["taskDefinition"] = "web:3", ["desiredCount"] = 1 }],
        };
        using var harness = new EngineHarness(scenario);

        var result = await harness.RunAsync(harness.Deployment().WithImage("repo/web:6").KeepRevisions(2));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        result.TaskDefinitionArn.Should().EndWith("web:6");
        // ACTIVE 1..6, keep 2 → candidates 1..4; web:1 is the rollback target and web:3 runs the worker service.
        result.DeregisteredTaskDefinitions.Select(a => a[(a.LastIndexOf('/') + 1)..]).Should().Equal("web:2", "web:4");
        (await StatusesAsync(harness, 6)).Should().Equal(new Dictionary<int, string>
        {
            [1] = "ACTIVE",
            [2] = "INACTIVE",
            [3] = "ACTIVE",
            [4] = "INACTIVE",
            [5] = "ACTIVE",
            [6] = "ACTIVE",
        });
        harness.Events.OfType<TaskDefinitionDeregistered>().Should().HaveCount(2);
    }

    [Test]
    public async Task KeepRevisions_does_nothing_after_a_failed_deployment()
    {
        var images = new Dictionary<string, Testing.Scenarios.ImageBehaviour> { ["repo/web:bad"] = new() { PullFailure = true } };
        using var harness = new EngineHarness(EngineHarness.Web(2, images: images, taskDefinitions: [Web("repo/web:1"), Web("repo/web:2"), Web("repo/web:3")]));

        var result = await harness.RunAsync(harness.Deployment().WithImage("repo/web:bad").KeepRevisions(1));

        result.Outcome.Should().Be(DeploymentOutcome.Failed);
        result.DeregisteredTaskDefinitions.Should().BeEmpty();
        harness.Writes.Should().NotContain("DeregisterTaskDefinition");
    }

    [Test]
    public async Task EcsTaskDefinition_registers_a_new_revision_of_a_family_without_touching_the_service()
    {
        using var harness = new EngineHarness(EngineHarness.Web(1, taskDefinitions: [Web("repo/web:1"), Web("repo/web:2"), Web("repo/web:3")]));
        var events = new List<DeploymentEvent>();

        var registration = await EcsTaskDefinition.For("web").WithClient(harness.Client).WithTimeProvider(harness.Clock)
            .WithImage("repo/web:4").WithProgress(new Collect(events)).KeepRevisions(2).RegisterAsync();

        registration.BaseTaskDefinitionArn.Should().EndWith("web:3", "a family names its latest ACTIVE revision");
        registration.TaskDefinitionArn.Should().EndWith("web:4");
        registration.Registered.Should().BeTrue();
        registration.Changes.Select(c => c.ToString()).Should().Equal("containerDefinitions[app].image: \"repo/web:3\" -> \"repo/web:4\"");
        registration.DeregisteredTaskDefinitions.Select(a => a[(a.LastIndexOf('/') + 1)..]).Should().Equal(["web:2"], "web:1 is older but service web runs it");
        harness.Writes.Should().Equal("RegisterTaskDefinition", "DeregisterTaskDefinition");
        (await harness.ServiceAsync()).TaskDefinition.Should().EndWith("web:1", "no service is touched");
        (await harness.TaskDefinitionAsync("web:1")).Status!.Value.Value.Should().Be("ACTIVE", "-d mode never deregisters a revision a service runs");
        events.OfType<TaskDefinitionRegistered>().Should().ContainSingle();
    }

    [Test]
    public async Task EcsTaskDefinition_dry_run_and_unchanged_register_nothing()
    {
        using var harness = new EngineHarness(EngineHarness.Web(1));
        var definition = EcsTaskDefinition.For("web:1").WithClient(harness.Client).WithTimeProvider(harness.Clock);

        var dryRun = await definition.WithTag("v2").DryRun().RegisterAsync();
        var unchanged = await definition.WithImage("repo/web:1").SkipIfUnchanged().RegisterAsync();

        dryRun.TaskDefinitionArn.Should().BeNull();
        dryRun.Revision.ContainerDefinitions.Single().Image.Should().Be("repo/web:v2");
        unchanged.TaskDefinitionArn.Should().EndWith("web:1");
        unchanged.Registered.Should().BeFalse();
        harness.Writes.Should().BeEmpty();
    }

    [Test]
    public async Task EcsTaskDefinition_refuses_an_unknown_revision_with_a_clear_message()
    {
        using var harness = new EngineHarness(EngineHarness.Web(1));

        var act = () => EcsTaskDefinition.For("nosuch").WithClient(harness.Client).WithTimeProvider(harness.Clock).WithImage("repo/web:2").RegisterAsync();

        (await act.Should().ThrowAsync<DeploymentValidationException>()).Which.Message.Should().StartWith("The task definition 'nosuch' cannot be read:");
        harness.Writes.Should().BeEmpty();
    }

    private sealed class Collect(List<DeploymentEvent> events) : IProgress<DeploymentEvent>
    {
        public void Report(DeploymentEvent value) => events.Add(value);
    }
}
