using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.TaskDefinitions;
using Ecs.BlueGreen.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Ecs.BlueGreen.Tests.Deployments;

/// <summary>The shape of the public API: immutable copies, eager argument checks, structured logging.</summary>
public class FluentApiTests
{
    [Test]
    public void Every_With_method_returns_a_copy_and_leaves_the_original_unchanged()
    {
        var original = EcsDeployment.For("prod", "web");

        var configured = original.WithImage("repo/web:2").WithTimeout(TimeSpan.FromMinutes(3)).DryRun();

        configured.Should().NotBeSameAs(original);
        configured.Timeouts.Should().BeEquivalentTo(new { NewTasks = TimeSpan.FromMinutes(3), OldTasks = TimeSpan.FromMinutes(3), Rollback = TimeSpan.FromMinutes(3) }, "WithTimeout gives each phase the budget, as ecs-deploy's -t");
        configured.IsDryRun.Should().BeTrue();
        original.Timeouts.Should().BeEquivalentTo(new { NewTasks = TimeSpan.FromMinutes(10), OldTasks = TimeSpan.FromMinutes(10), Rollback = TimeSpan.FromMinutes(10) }, "the default is documented as 10 minutes");
        original.IsDryRun.Should().BeFalse();
        original.Cluster.Should().Be("prod");
        original.Service.Should().Be("web");
    }

    [Test]
    public async Task A_shared_base_configuration_can_be_branched_without_the_branches_seeing_each_other()
    {
        using var harness = new EngineHarness(EngineHarness.Web(1));
        var common = harness.Deployment().WithTimeout(TimeSpan.FromMinutes(5));

        var planA = await harness.RunAsync(common.WithImage("repo/web:a").DryRun());
        var planB = await harness.RunAsync(common.WithImage("repo/web:b").DryRun());

        planA.Changes.Single().After.Should().Be("\"repo/web:a\"");
        planB.Changes.Single().After.Should().Be("\"repo/web:b\"");
    }

    [Test]
    public async Task One_description_of_the_new_revision_serves_a_deployment_and_a_registration_alike()
    {
        using var harness = new EngineHarness(EngineHarness.Web(1));
        var revision = new RevisionBuilder().WithImage("repo/web:2").WithEnvironmentVariable("app", "MODE", "green").Build();

        var planned = await harness.RunAsync(harness.Deployment().WithRevision(revision).DryRun());
        var flat = await harness.RunAsync(harness.Deployment().WithImage("repo/web:2").WithEnvironmentVariable("app", "MODE", "green").DryRun());
        var registration = await EcsTaskDefinition.For("web").WithClient(harness.Client).WithTimeProvider(harness.Clock).WithRevision(revision).DryRun().RegisterAsync();

        planned.Changes.Select(c => c.ToString()).Should().Equal(flat.Changes.Select(c => c.ToString())).And.HaveCount(2);
        registration.Changes.Select(c => c.ToString()).Should().Equal(planned.Changes.Select(c => c.ToString()));
    }

    [Test]
    public void WithRevision_adds_to_the_changes_so_far_and_leaves_the_original_as_it_was()
    {
        var original = EcsDeployment.For("prod", "web").WithImage("repo/web:2");

        var configured = original.WithRevision(r => r.WithTag("v9"));

        configured.Revision.Should().NotBeSameAs(original.Revision);
        configured.Revision.ChangesContent.Should().BeTrue();
        new RevisionBuilder(original.Revision).Build().Should().NotBeSameAs(original.Revision, "a builder copies, never shares");
        original.WithRevision(RevisionChanges.None).Revision.ChangesContent.Should().BeFalse("WithRevision(changes) replaces them");
        original.Revision.ChangesContent.Should().BeTrue();
    }

    [TestCase("")]
    [TestCase("UPPER/case:1")]
    [TestCase("repo/web:bad tag")]
    [TestCase("/leading/slash")]
    public void An_invalid_image_is_refused_when_configured(string image)
    {
        var act = () => EcsDeployment.For("prod", "web").WithImage(image);

        act.Should().Throw<ArgumentException>().Which.ParamName.Should().Be("image");
    }

    [Test]
    public void Numbers_and_tags_are_checked_when_configured()
    {
        var deployment = EcsDeployment.For("prod", "web");

        ((Action)(() => deployment.WithTag("-bad"))).Should().Throw<ArgumentException>();
        ((Action)(() => deployment.WithDesiredCount(-1))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => deployment.WithDeploymentLimits(101, 200))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => deployment.WithMinimumHealthyPercent(-1))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => deployment.WithMaximumPercent(0))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => deployment.WithTimeout(TimeSpan.Zero))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => deployment.WithTimeout(TimeSpan.FromDays(2)))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => deployment.KeepRevisions(0))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => deployment.WithFailedTaskLimit(0))).Should().Throw<ArgumentOutOfRangeException>();
        ((Action)(() => EcsDeployment.For(" ", "web"))).Should().Throw<ArgumentException>();
        ((Action)(() => EcsTaskDefinition.For(""))).Should().Throw<ArgumentException>();
    }

    [Test]
    public void The_default_polling_starts_at_one_second_and_backs_off_to_three()
    {
        var polling = DeploymentPollingOptions.Default;

        Enumerable.Range(0, 5).Select(polling.IntervalAfter).Should().Equal(
            TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(2.25), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3));
        polling.FinishingInterval.Should().Be(TimeSpan.FromSeconds(1));
    }

    [TestCase(1, 3)]
    [TestCase(4, 3)]
    [TestCase(25, 13)]
    [TestCase(1000, 200)]
    public void The_default_failed_task_limit_is_the_circuit_breakers_threshold(int desired, int threshold) =>
        RollingJudge.CircuitBreakerThreshold(desired).Should().Be(threshold);

    [Test]
    public async Task Logging_uses_stable_event_ids_and_structured_names_and_never_the_console()
    {
        using var harness = new EngineHarness(EngineHarness.Web(1));
        var logger = new RecordingLogger();

        await harness.RunAsync(harness.Deployment().WithImage("repo/web:2").WithLogger(logger));

        var finished = logger.Entries.Should().ContainSingle(e => e.EventId.Id == 5).Subject;
        finished.Level.Should().Be(LogLevel.Information);
        finished.Message.Should().StartWith("prod/web: Succeeded: web:2 runs 1/1 task(s)");
        finished.Values["Cluster"].Should().Be("prod");
        finished.Values["Service"].Should().Be("web");
        finished.Values["Outcome"].Should().Be(DeploymentOutcome.Succeeded);
        logger.Entries.Should().Contain(e => e.EventId.Id == 2 && e.Level == LogLevel.Debug, "progress is debug detail");
    }

    [Test]
    public void A_stopped_task_reads_as_one_line_with_the_exit_codes()
    {
        var task = new StoppedTask
        {
            TaskArn = "arn:aws:ecs:us-east-1:123456789012:task/prod/0123abcd",
            StopCode = TaskStopCode.EssentialContainerExited,
            StoppedReason = "Essential container in task exited",
            Containers = [new StoppedContainer { Name = "app", ExitCode = 3 }, new StoppedContainer { Name = "log" }],
        };

        task.ToString().Should().Be("task 0123abcd stopped (EssentialContainerExited): Essential container in task exited; container app exited with code 3");
    }
}
