using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Samples;

namespace Ecs.BlueGreen.Tests.Samples;

/// <summary>
/// Runs the READMEs' emulator example (samples/Ecs.BlueGreen.Samples/EmulatorExample.cs) on the documented scenario
/// (samples/emulator/scenario.json, shown in docs/emulator/README.md).
/// </summary>
public class EmulatorExampleTests
{
    private static string Scenario => Path.Combine(RepositoryRoot.Path, "samples", "emulator", "scenario.json");

    [Test]
    public async Task The_emulator_example_deploys_web_2()
    {
        var service = await EmulatorExample.DeployAsync(Scenario);

        service.TaskDefinition.Should().EndWith(":task-definition/web:2");
        service.Deployments.Should().ContainSingle().Which.RolloutState.Should().Be(DeploymentRolloutState.Completed);
        service.RunningCount.Should().Be(4);
    }

    [Test]
    public async Task The_emulator_example_crashing_mid_run_is_failed_by_the_circuit_breaker_and_rolled_back()
    {
        var service = await EmulatorExample.DeployAsync(Scenario, crashAfter: TimeSpan.FromSeconds(5));

        service.TaskDefinition.Should().EndWith(":task-definition/web:1", "the scenario's circuit breaker rolls back");
        service.Events.Should().Contain(e => e.Message!.Contains("deployment failed: tasks failed to start", StringComparison.Ordinal))
            .And.Contain(e => e.Message!.Contains("rolling back to deployment", StringComparison.Ordinal));
    }
}
