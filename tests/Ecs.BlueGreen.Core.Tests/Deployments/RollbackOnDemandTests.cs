using System.Reflection;
using System.Text.Json.Nodes;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Testing.Scenarios;
using Ecs.BlueGreen.Tests.Deployments.Native;

namespace Ecs.BlueGreen.Tests.Deployments;

/// <summary>
/// Rollbacks on demand (<see cref="EcsDeployment.RollBackAsync"/>, <see cref="EcsDeployment.RollBackToAsync"/>) and
/// existing revisions deployed as they are (<see cref="EcsDeployment.WithTaskDefinition"/>), on the emulator: the
/// revision chosen from the service's deployment history, the writes made, and the refusals before any write.
/// </summary>
public class RollbackOnDemandTests
{
    private const string Crash = "repo/web:crash";

    private static Dictionary<string, ImageBehaviour> Crashing() => new() { [Crash] = new ImageBehaviour { CrashAfterSeconds = 5, ExitCode = 3 } };

    private static Task<DeploymentResult> RollBackAsync(EngineHarness harness, string? to = null) =>
        harness.DriveAsync(token => to is null ? harness.Deployment().RollBackAsync(token) : harness.Deployment().RollBackToAsync(to, token));

    private static async Task<List<ServiceDeploymentBrief>> HistoryAsync(EngineHarness harness) =>
        [.. (await harness.Client.ListServiceDeploymentsAsync(new ListServiceDeploymentsRequest { Cluster = "prod", Service = "web" })).ServiceDeployments.Reverse()];

    [Test]
    public async Task After_a_successful_deploy_the_service_goes_back_to_the_revision_it_ran_before_with_its_limits()
    {
        using var harness = new EngineHarness(EngineHarness.Web(4));
        var deployed = await harness.RunAsync(harness.Deployment().WithImage("repo/web:2").WithDeploymentLimits(50, 150));
        deployed.Outcome.Should().Be(DeploymentOutcome.Succeeded, deployed.Reason);
        var created = (await HistoryAsync(harness))[0];
        var writesBefore = harness.Writes.Count;

        var result = await RollBackAsync(harness);

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        result.Registered.Should().BeFalse();
        result.PreviousTaskDefinitionArn.Should().EndWith("task-definition/web:2");
        result.TaskDefinitionArn.Should().EndWith("task-definition/web:1");
        var target = result.RollbackTarget!;
        target.FromTaskDefinitionArn.Should().EndWith("web:2");
        target.ToTaskDefinitionArn.Should().EndWith("web:1");
        target.ServiceDeploymentArn.Should().Be(created.ServiceDeploymentArn, "the service's first deployment is the newest successful one of another revision");
        (target.MinimumHealthyPercent, target.MaximumPercent).Should().Be((100, 200));
        target.DesiredCount.Should().Be(4);
        target.Reason.Should().Contain("web:1 is what the service ran before web:2").And.Contain("desired count is kept");
        harness.Writes.Skip(writesBefore).Should().Equal("UpdateService");
        var update = JsonNode.Parse(harness.Emulator.Calls.Last(c => c.Operation == "UpdateService").Request)!;
        ((string)update["taskDefinition"]!).Should().EndWith("web:1");
        update["desiredCount"].Should().BeNull("the history records no desired count, so it is kept");
        ((int)update["deploymentConfiguration"]!["minimumHealthyPercent"]!, (int)update["deploymentConfiguration"]!["maximumPercent"]!).Should().Be((100, 200));
        var service = await harness.ServiceAsync();
        service.TaskDefinition.Should().EndWith("web:1");
        (service.DeploymentConfiguration!.MinimumHealthyPercent, service.DeploymentConfiguration.MaximumPercent).Should().Be((100, 200));
        service.Deployments.Should().ContainSingle();
    }

    [Test]
    public async Task After_two_deploys_the_previous_is_the_one_before_the_current_not_the_first()
    {
        using var harness = new EngineHarness(EngineHarness.Web(2));
        (await harness.RunAsync(harness.Deployment().WithImage("repo/web:2"))).Outcome.Should().Be(DeploymentOutcome.Succeeded);
        (await harness.RunAsync(harness.Deployment().WithImage("repo/web:3"))).Outcome.Should().Be(DeploymentOutcome.Succeeded);
        var second = (await HistoryAsync(harness))[1];

        var result = await RollBackAsync(harness);

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        result.RollbackTarget!.ToTaskDefinitionArn.Should().EndWith("web:2");
        result.RollbackTarget.ServiceDeploymentArn.Should().Be(second.ServiceDeploymentArn);
        (await harness.ServiceAsync()).TaskDefinition.Should().EndWith("web:2");
    }

    [Test]
    public async Task After_a_failed_deploy_left_running_the_service_goes_back_to_what_ran_before_it()
    {
        // The circuit breaker stops the deployment without rolling back: the service stays on the crashing web:2.
        using var harness = new EngineHarness(EngineHarness.Web(2, EngineHarness.CircuitBreaker(rollback: false), Crashing()));
        var failed = await harness.RunAsync(harness.Deployment().WithImage(Crash).WithTimeout(TimeSpan.FromMinutes(5)));
        failed.Outcome.Should().Be(DeploymentOutcome.Failed, failed.Reason);
        failed.Rollback.Should().BeNull();
        (await harness.ServiceAsync()).TaskDefinition.Should().EndWith("web:2");
        var history = await HistoryAsync(harness);
        history[^1].Status.Should().Be(ServiceDeploymentStatus.Stopped, failed.Reason);

        var result = await RollBackAsync(harness);

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        result.RollbackTarget!.ToTaskDefinitionArn.Should().EndWith("web:1");
        result.RollbackTarget.ServiceDeploymentArn.Should().Be(history[0].ServiceDeploymentArn);
        result.RollbackTarget.Reason.Should().Contain("before service deployment").And.Contain("STOPPED");
        var service = await harness.ServiceAsync();
        service.TaskDefinition.Should().EndWith("web:1");
        service.Deployments.Should().ContainSingle();
    }

    [Test]
    public async Task After_a_failed_deploy_that_ECS_rolled_back_nothing_is_written_the_service_already_runs_what_ran_before()
    {
        using var harness = new EngineHarness(EngineHarness.Web(2, EngineHarness.CircuitBreaker(), Crashing()));
        (await harness.RunAsync(harness.Deployment().WithImage("repo/web:2"))).Outcome.Should().Be(DeploymentOutcome.Succeeded);
        var failed = await harness.RunAsync(harness.Deployment().WithImage(Crash).WithTimeout(TimeSpan.FromMinutes(5)));
        failed.RolledBackByEcs.Should().BeTrue(failed.Reason);
        (await harness.ServiceAsync()).TaskDefinition.Should().EndWith("web:2");
        var writesBefore = harness.Writes.Count;

        var result = await RollBackAsync(harness);

        result.Outcome.Should().Be(DeploymentOutcome.Unchanged, result.Reason);
        result.RollbackTarget!.ToTaskDefinitionArn.Should().EndWith("web:2", "what ran before the failed web:3 is web:2, not web:1 before it");
        result.RollbackTarget.Reason.Should().Contain("ROLLBACK_SUCCESSFUL");
        result.Reason.Should().Contain("already runs web:2");
        harness.Writes.Skip(writesBefore).Should().BeEmpty();
    }

    [Test]
    public async Task A_named_revision_is_rolled_back_to_whatever_the_history_says()
    {
        using var harness = new EngineHarness(EngineHarness.Web(2));
        (await harness.RunAsync(harness.Deployment().WithImage("repo/web:2"))).Outcome.Should().Be(DeploymentOutcome.Succeeded);
        (await harness.RunAsync(harness.Deployment().WithImage("repo/web:3"))).Outcome.Should().Be(DeploymentOutcome.Succeeded);

        var result = await RollBackAsync(harness, to: "web:1");

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        result.RollbackTarget!.ToTaskDefinitionArn.Should().EndWith("web:1");
        result.RollbackTarget.ServiceDeploymentArn.Should().BeNull();
        result.RollbackTarget.Reason.Should().StartWith("web:1 was named.");
        (await harness.ServiceAsync()).TaskDefinition.Should().EndWith("web:1");
    }

    [TestCase("web:9", "was not found")]
    [TestCase("web:2", "INACTIVE")]
    public async Task A_named_revision_that_is_missing_or_inactive_is_refused_before_any_write(string to, string why)
    {
        using var harness = new EngineHarness(EngineHarness.Web(2));
        (await harness.RunAsync(harness.Deployment().WithImage("repo/web:2"))).Outcome.Should().Be(DeploymentOutcome.Succeeded);
        (await harness.RunAsync(harness.Deployment().WithImage("repo/web:3"))).Outcome.Should().Be(DeploymentOutcome.Succeeded);
        await harness.Client.DeregisterTaskDefinitionAsync(new DeregisterTaskDefinitionRequest { TaskDefinition = "web:2" });
        var writesBefore = harness.Writes.Count;

        var act = () => RollBackAsync(harness, to);

        (await act.Should().ThrowAsync<DeploymentValidationException>()).Which.Message.Should().Contain(to).And.Contain(why);
        harness.Writes.Skip(writesBefore).Should().BeEmpty();
    }

    [Test]
    public async Task A_previous_revision_that_was_deregistered_is_refused_before_any_write()
    {
        using var harness = new EngineHarness(EngineHarness.Web(2));
        (await harness.RunAsync(harness.Deployment().WithImage("repo/web:2"))).Outcome.Should().Be(DeploymentOutcome.Succeeded);
        await harness.Client.DeregisterTaskDefinitionAsync(new DeregisterTaskDefinitionRequest { TaskDefinition = "web:1" });
        var writesBefore = harness.Writes.Count;

        var act = () => RollBackAsync(harness);

        (await act.Should().ThrowAsync<DeploymentValidationException>()).Which.Message.Should().Contain("web:1, the revision the service ran before, is INACTIVE");
        harness.Writes.Skip(writesBefore).Should().BeEmpty();
    }

    [Test]
    public async Task A_service_with_no_earlier_revision_in_its_history_is_refused_naming_the_revision_option()
    {
        using var harness = new EngineHarness(EngineHarness.Web(2));

        var act = () => RollBackAsync(harness);

        (await act.Should().ThrowAsync<DeploymentValidationException>()).Which.Message.Should().Contain("nothing to roll back to").And.Contain("--to FAMILY:REV");
        harness.Writes.Should().BeEmpty();
    }

    [Test]
    public async Task A_service_whose_history_ECS_does_not_list_is_refused_naming_the_revision_option_and_a_named_revision_still_works()
    {
        // ECS lists no service deployment created before October 25, 2024, nor any older than 90 days.
        using var harness = new EngineHarness(EngineHarness.Web(2));
        (await harness.RunAsync(harness.Deployment().WithImage("repo/web:2"))).Outcome.Should().Be(DeploymentOutcome.Succeeded);
        var writesBefore = harness.Writes.Count;
        var withoutHistory = WithoutHistory.Wrap(harness.Client);

        var act = () => harness.DriveAsync(token => harness.Deployment().WithClient(withoutHistory).RollBackAsync(token));

        (await act.Should().ThrowAsync<DeploymentValidationException>()).Which.Message.Should().Contain("has no deployment history").And.Contain("--to FAMILY:REV");
        harness.Writes.Skip(writesBefore).Should().BeEmpty();
        var named = await harness.DriveAsync(token => harness.Deployment().WithClient(withoutHistory).RollBackToAsync("web:1", token));
        named.Outcome.Should().Be(DeploymentOutcome.Succeeded, named.Reason);
        named.RollbackTarget!.Reason.Should().Contain("The history records no deployment of it, so the service's limits are kept");
        (await harness.ServiceAsync()).TaskDefinition.Should().EndWith("web:1");
    }

    [Test]
    public async Task A_dry_run_rollback_says_what_it_would_choose_and_writes_nothing()
    {
        using var harness = new EngineHarness(EngineHarness.Web(2));
        (await harness.RunAsync(harness.Deployment().WithImage("repo/web:2"))).Outcome.Should().Be(DeploymentOutcome.Succeeded);
        var writesBefore = harness.Writes.Count;

        var result = await harness.DriveAsync(token => harness.Deployment().DryRun().RollBackAsync(token));

        result.Outcome.Should().Be(DeploymentOutcome.Planned, result.Reason);
        result.Reason.Should().Contain("roll back to web:1");
        result.PlannedCalls.Select(c => c.ToString()).Should().Contain(c => c.StartsWith("UpdateService", StringComparison.Ordinal) && c.Contains("taskDefinition web:1"));
        harness.Writes.Skip(writesBefore).Should().BeEmpty();
    }

    [Test]
    public async Task A_native_deployment_in_progress_is_rolled_back_by_ECS_not_deployed_again()
    {
        using var harness = new EngineHarness(NativeScenario.Create(NativeScenario.Configuration(bakeTimeInMinutes: 30)));
        var deployed = await harness.RunAsync(harness.Deployment().WithImage("repo/web:2").WaitUntil(DeploymentStage.BakeTime));
        deployed.Outcome.Should().Be(DeploymentOutcome.Succeeded, deployed.Reason);

        var result = await RollBackAsync(harness);

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        result.Rollback!.Outcome.Should().Be(DeploymentOutcome.Succeeded);
        result.RollbackTarget!.StoppedServiceDeploymentArn.Should().Be(deployed.ServiceDeploymentArn);
        result.RollbackTarget.ToTaskDefinitionArn.Should().EndWith("web:1");
        harness.Emulator.Calls.Where(c => c.Operation == "StopServiceDeployment").Should().ContainSingle();
        harness.Emulator.Calls.Where(c => c.Operation == "UpdateService").Should().ContainSingle("ECS rolls back; the old revision is not deployed again");
        (await harness.ServiceAsync()).TaskDefinition.Should().EndWith("web:1");
    }

    [Test]
    public async Task A_finished_native_deployment_is_rolled_back_by_deploying_the_previous_revision_through_ECS_s_workflow()
    {
        using var harness = new EngineHarness(NativeScenario.Create(NativeScenario.Configuration(bakeTimeInMinutes: 1)));
        (await harness.RunAsync(harness.Deployment().WithImage("repo/web:2"))).Outcome.Should().Be(DeploymentOutcome.Succeeded);

        var result = await RollBackAsync(harness);

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        result.RollbackTarget!.ToTaskDefinitionArn.Should().EndWith("web:1");
        result.RollbackTarget.StoppedServiceDeploymentArn.Should().BeNull();
        result.ServiceDeploymentArn.Should().NotBeNull();
        harness.Emulator.Calls.Where(c => c.Operation == "StopServiceDeployment").Should().BeEmpty();
        harness.Emulator.Calls.Where(c => c.Operation == "UpdateService").Should().HaveCount(2);
        (await harness.ServiceAsync()).TaskDefinition.Should().EndWith("web:1");
    }

    [Test]
    public async Task An_existing_revision_is_deployed_without_registering_and_kept_by_the_clean_up()
    {
        var scenario = EngineHarness.Web(2, taskDefinitions:
            [EngineHarness.TaskDefinition("web", EngineHarness.Container("app", "repo/web:1")), EngineHarness.TaskDefinition("web", EngineHarness.Container("app", "repo/web:2")),
             EngineHarness.TaskDefinition("web", EngineHarness.Container("app", "repo/web:3"))]);
        using var harness = new EngineHarness(scenario);

        var result = await harness.RunAsync(harness.Deployment().WithTaskDefinition("web:2").KeepRevisions(1));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        result.Registered.Should().BeFalse();
        result.TaskDefinitionArn.Should().EndWith("task-definition/web:2");
        result.RollbackTarget.Should().BeNull();
        harness.Writes.Should().NotContain("RegisterTaskDefinition");
        harness.Writes.Should().StartWith("UpdateService");
        result.DeregisteredTaskDefinitions.Should().NotContain(arn => arn.EndsWith("web:2", StringComparison.Ordinal) || arn.EndsWith("web:1", StringComparison.Ordinal));
        (await harness.TaskDefinitionAsync("web:2")).Status.Should().Be(TaskDefinitionStatus.Active);
        (await harness.ServiceAsync()).TaskDefinition.Should().EndWith("web:2");
    }

    [Test]
    public async Task WithTaskDefinition_returns_a_copy_and_checks_its_argument()
    {
        using var harness = new EngineHarness(EngineHarness.Web(2));
        var original = harness.Deployment();

        _ = original.WithTaskDefinition("web:1");
        var result = await harness.RunAsync(original.WithImage("repo/web:2"));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, "the original has no existing revision to conflict with the image: " + result.Reason);
        result.Registered.Should().BeTrue();
        ((Action)(() => original.WithTaskDefinition(" "))).Should().Throw<ArgumentException>();
        await FluentActions.Awaiting(() => original.RollBackToAsync("")).Should().ThrowAsync<ArgumentException>();
    }

    [Test]
    public async Task An_existing_revision_cannot_be_combined_with_changes_and_a_missing_one_is_refused_before_any_write()
    {
        using var harness = new EngineHarness(EngineHarness.Web(2));

        var combined = () => harness.RunAsync(harness.Deployment().WithTaskDefinition("web:1").WithImage("repo/web:2"));
        var missing = () => harness.RunAsync(harness.Deployment().WithTaskDefinition("web:7"));

        (await combined.Should().ThrowAsync<DeploymentValidationException>()).Which.Message.Should().Contain("deployed as it is");
        (await missing.Should().ThrowAsync<DeploymentValidationException>()).Which.Message.Should().Contain("'web:7'").And.Contain("was not found");
        harness.Writes.Should().BeEmpty();
    }

    /// <summary>The emulator's client, except that ListServiceDeployments lists nothing, as ECS does for a service deployed only before the API kept history.</summary>
    public class WithoutHistory : DispatchProxy
    {
        private IEcsClient _inner = null!;

        public static IEcsClient Wrap(IEcsClient inner)
        {
            var proxy = Create<IEcsClient, WithoutHistory>();
            ((WithoutHistory)(object)proxy)._inner = inner;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod!.Name == nameof(IEcsClient.ListServiceDeploymentsAsync)
                ? Task.FromResult(new ListServiceDeploymentsResponse())
                : targetMethod.Invoke(_inner, args);
    }
}
