using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Samples;
using Ecs.BlueGreen.Testing.Scenarios;
using EmulatorClock = Ecs.BlueGreen.Testing.ManualTimeProvider;

namespace Ecs.BlueGreen.Tests.Samples;

/// <summary>
/// Runs the README's library examples (samples/Ecs.BlueGreen.Samples) against the in-memory emulator on a
/// manual clock, adding only <c>.WithClient(…).WithTimeProvider(…)</c> to their configuration.
/// </summary>
public class LibraryExampleTests
{
    /// <summary>The most simulated time a run may take: the sample's 10-minute budget, a rollback's and a margin.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(25);

    [Test]
    public async Task The_deployment_example_deploys_the_new_image()
    {
        var (clock, emulator) = Start(SampleScenario.Create());
        using var ecs = emulator.CreateClient();
        var output = new StringWriter();

        var deployment = LibraryExample.WebDeployment(output).WithClient(ecs).WithTimeProvider(clock);
        var run = LibraryExample.RunAsync(deployment, output);
        await RunToCompletionAsync(clock, run);
        await TestContext.Out.WriteLineAsync(output.ToString());

        var result = await run;
        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, output.ToString());
        result.TaskDefinitionArn.Should().Be(SampleScenario.TaskDefinitionArn + "web:2");
        result.PreviousTaskDefinitionArn.Should().Be(SampleScenario.TaskDefinitionArn + "web:1");
        result.Changes.Select(c => c.ToString()).Should().Equal(
            $"containerDefinitions[web].image: \"{SampleScenario.Repository}:1.3\" -> \"{SampleScenario.Repository}:1.4\"");
        output.ToString().Should().Contain("Registered web:2.")
            .And.EndWith($"Succeeded: web runs {SampleScenario.TaskDefinitionArn}web:2.{Environment.NewLine}");
        (await ServiceAsync(ecs)).TaskDefinition.Should().Be(SampleScenario.TaskDefinitionArn + "web:2");
    }

    [Test]
    public async Task The_deployment_example_explains_a_crashing_image_and_rolls_back()
    {
        var (clock, emulator) = Start(SampleScenario.Create(new ImageBehaviour { CrashAfterSeconds = 5, ExitCode = 3 }));
        using var ecs = emulator.CreateClient();
        var output = new StringWriter();

        var deployment = LibraryExample.WebDeployment(output).WithClient(ecs).WithTimeProvider(clock);
        var run = LibraryExample.RunAsync(deployment, output);
        await RunToCompletionAsync(clock, run);
        await TestContext.Out.WriteLineAsync(output.ToString());

        var failure = (await FluentActions.Awaiting(() => run).Should().ThrowAsync<DeploymentFailedException>()).Which;
        var result = failure.Result;
        result.Outcome.Should().Be(DeploymentOutcome.Failed);
        result.StoppedTasks.Should().Contain(t => t.IsFailure && t.Containers.Any(c => c.ExitCode == 3));
        result.Rollback.Should().NotBeNull();
        result.Rollback!.Outcome.Should().Be(DeploymentOutcome.Succeeded);
        result.Rollback.TaskDefinitionArn.Should().Be(SampleScenario.TaskDefinitionArn + "web:1");

        var lines = output.ToString().ReplaceLineEndings("\n").Split('\n');
        lines.Should().Contain($"Failed: {result.Reason}")
            .And.Contain(line => line.StartsWith("  task ", StringComparison.Ordinal) && line.Contains("exited with code 3", StringComparison.Ordinal))
            .And.Contain($"Rollback to {SampleScenario.TaskDefinitionArn}web:1: Succeeded: {result.Rollback.Reason}");
        (await ServiceAsync(ecs)).TaskDefinition.Should().Be(SampleScenario.TaskDefinitionArn + "web:1");
    }

    [Test]
    public async Task The_task_definition_example_registers_a_revision_and_keeps_the_five_newest()
    {
        var (clock, emulator) = Start(SampleScenario.Create());
        using var ecs = emulator.CreateClient();
        var output = new StringWriter();

        var taskDefinition = LibraryExample.MigrationTaskDefinition().WithClient(ecs).WithTimeProvider(clock);
        var arn = await LibraryExample.RegisterAsync(taskDefinition, output);
        await TestContext.Out.WriteLineAsync(output.ToString());

        arn.Should().Be(SampleScenario.TaskDefinitionArn + "migrate:7");
        output.ToString().Should().Contain($"Registered {arn}, based on {SampleScenario.TaskDefinitionArn}migrate:6:")
            .And.Contain($"~ containerDefinitions[migrate].image: \"{SampleScenario.Repository}:1.3\" -> \"{SampleScenario.Repository}:1.4\"");
        var active = await ecs.ListAllTaskDefinitionsAsync(new ListTaskDefinitionsRequest { FamilyPrefix = "migrate", Status = TaskDefinitionStatus.Active }).ToListAsync();
        active.Select(a => a[(a.LastIndexOf('/') + 1)..]).Should().BeEquivalentTo("migrate:3", "migrate:4", "migrate:5", "migrate:6", "migrate:7");
    }

    private static (EmulatorClock Clock, EcsEmulator Emulator) Start(EmulatorScenario scenario)
    {
        var clock = new EmulatorClock();
        return (clock, new EcsEmulator(scenario, clock));
    }

    /// <summary>
    /// Moves the simulation one second at a time, letting the deployment's own work run between steps, until the
    /// run completes; fails the test when it has not completed within <see cref="Limit"/> of simulated time.
    /// </summary>
    private static async Task RunToCompletionAsync(EmulatorClock clock, Task run)
    {
        for (var elapsed = TimeSpan.Zero; !run.IsCompleted && elapsed < Limit; elapsed += TimeSpan.FromSeconds(1))
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(1);
        }

        run.IsCompleted.Should().BeTrue($"the sample should finish within {Limit} of simulated time");
    }

    private static async Task<Service> ServiceAsync(EcsClient ecs) =>
        (await ecs.DescribeServicesAsync(new DescribeServicesRequest { Cluster = "prod", Services = ["web"] })).Services.Single();
}
