using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Tasks;

namespace Ecs.BlueGreen.Tests.Deployments;

/// <summary>A dry run says which calls a real run would make, from the plan it made.</summary>
public class PlannedCallsTests
{
    [Test]
    public async Task A_dry_run_of_a_deployment_lists_the_calls_of_its_plan_and_writes_nothing()
    {
        using var harness = new EngineHarness(EngineHarness.Web(2));

        var result = await harness.RunAsync(harness.Deployment().WithImage("repo/web:2").WithMaximumPercent(150).KeepRevisions(3).WithTimeout(TimeSpan.FromSeconds(90)).DryRun());

        result.Outcome.Should().Be(DeploymentOutcome.Planned, result.Reason);
        harness.Writes.Should().BeEmpty();
        result.PlannedCalls.Select(c => c.ToString()).Should().Equal(
            "RegisterTaskDefinition (the new revision above)",
            "UpdateService (cluster prod, service web, taskDefinition (the new revision), deploymentConfiguration limits)",
            "DescribeServices until the deployment ends (at most 90s)",
            "ListTaskDefinitions and DeregisterTaskDefinition beyond the newest 3, after a success");
    }

    [Test]
    public async Task A_dry_run_that_keeps_the_revision_plans_no_registration_and_a_real_run_plans_nothing()
    {
        using var harness = new EngineHarness(EngineHarness.Web(2));

        var planned = await harness.RunAsync(harness.Deployment().ForceNewDeployment().DryRun());
        var real = await harness.RunAsync(harness.Deployment().ForceNewDeployment());

        planned.PlannedCalls.Select(c => c.Operation).Should().Equal("UpdateService", "DescribeServices");
        planned.PlannedCalls[0].Description.Should().Contain("taskDefinition (unchanged)").And.Contain("forceNewDeployment");
        real.Outcome.Should().Be(DeploymentOutcome.Succeeded, real.Reason);
        real.PlannedCalls.Should().BeEmpty();
    }

    [Test]
    public void A_one_off_task_lists_its_run_and_its_wait()
    {
        var task = EcsTask.Run("prod", "migrate:3").WithLaunchType(LaunchType.Fargate).WithCommand("app", ["npm", "test"]);

        task.PlannedCalls.Select(c => c.ToString()).Should().Equal("RunTask (cluster prod, taskDefinition migrate:3, launchType FARGATE, command override)");
        task.WaitForCompletion().WithTimeout(TimeSpan.FromMinutes(2)).PlannedCalls.Select(c => c.ToString())
            .Should().EndWith("DescribeTasks until the task stops (at most 120s)");
    }
}
