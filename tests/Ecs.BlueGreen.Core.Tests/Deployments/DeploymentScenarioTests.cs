using System.Text.Json.Nodes;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Testing.Scenarios;

namespace Ecs.BlueGreen.Tests.Deployments;

/// <summary>Whole deployments on the emulator: each outcome, with its reason and evidence.</summary>
public class DeploymentScenarioTests
{
    private static Dictionary<string, ImageBehaviour> Images(string image, ImageBehaviour behaviour) => new() { [image] = behaviour };

    [Test]
    public async Task A_healthy_deploy_registers_a_revision_changing_only_the_image_and_succeeds_once_the_old_tasks_drained()
    {
        var definition = EngineHarness.TaskDefinition("web", EngineHarness.Container("app", "repo/web:1", new JsonObject { ["cpu"] = 128, ["linuxParameters"] = new JsonObject { ["initProcessEnabled"] = true } }));
        definition["pidMode"] = "task";
        using var harness = new EngineHarness(EngineHarness.Web(4, taskDefinitions: definition));

        var result = await harness.RunAsync(harness.Deployment().WithImage("repo/web:2"));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        result.Reason.Should().Contain("web:2 runs 4/4 task(s)").And.Contain("old tasks have drained");
        result.PreviousTaskDefinitionArn.Should().EndWith("task-definition/web:1");
        result.TaskDefinitionArn.Should().EndWith("task-definition/web:2");
        result.Registered.Should().BeTrue();
        result.Changes.Select(c => c.ToString()).Should().Equal("containerDefinitions[app].image: \"repo/web:1\" -> \"repo/web:2\"");
        result.DeploymentId.Should().MatchRegex(@"^ecs-svc/\d+$");
        result.ServiceDeploymentArn.Should().Contain(":service-deployment/prod/web/");
        result.RolledBackByEcs.Should().BeFalse();
        result.Rollback.Should().BeNull();
        result.Duration.Should().BePositive();
        result.Events.Select(e => e.Message).Should().Contain("(service web) has reached a steady state.");

        var service = await harness.ServiceAsync();
        service.TaskDefinition.Should().Be(result.TaskDefinitionArn);
        service.Deployments.Should().ContainSingle().Which.Id.Should().Be(result.DeploymentId);
        var registered = await harness.TaskDefinitionAsync("web:2");
        registered.AdditionalMembers!["pidMode"].ToString().Should().Be("task", "members the client does not model survive the round trip");
        registered.ContainerDefinitions.Single().AdditionalMembers!["linuxParameters"].ToString().Should().Contain("initProcessEnabled");
        harness.Writes.Should().Equal("RegisterTaskDefinition", "UpdateService");
        harness.Events.OfType<DeploymentProgressed>().Last().Running.Should().Be(4);
        harness.Events.Should().ContainSingle(e => e is DeploymentFinished).Which.As<DeploymentFinished>().Outcome.Should().Be(DeploymentOutcome.Succeeded);
    }

    [Test]
    public async Task Every_event_names_its_cluster_service_and_deployment_ours_then_our_rollbacks()
    {
        using var harness = new EngineHarness(EngineHarness.Web(2, images: Images("repo/web:slow", new ImageBehaviour { StuckPending = true })));

        var result = await harness.RunAsync(harness.Deployment().WithImage("repo/web:slow").WithTimeout(TimeSpan.FromSeconds(30)).RollbackOnTimeout());

        var events = harness.Events.ToList();
        events.Should().OnlyContain(e => e.Cluster == "prod" && e.Service == "web");
        var updated = events.OfType<ServiceUpdated>().Single();
        updated.DeploymentId.Should().Be(result.DeploymentId);
        var rollbackStarts = events.IndexOf(events.OfType<RollbackStarted>().Single());
        events.Take(rollbackStarts).SkipWhile(e => e is not ServiceUpdated).Should().OnlyContain(e => e.DeploymentId == result.DeploymentId);
        events.OfType<RollbackFinished>().Single().DeploymentId.Should().Be(result.Rollback!.DeploymentId).And.NotBe(result.DeploymentId);
        events.TakeWhile(e => e is not ServiceUpdated).Should().OnlyContain(e => e.DeploymentId == null, "no deployment exists before the update");
    }

    [Test]
    public async Task Checks_back_off_while_tasks_become_healthy_and_come_every_second_once_the_old_tasks_drain()
    {
        using var harness = new EngineHarness(EngineHarness.Web(4));

        var result = await harness.RunAsync(harness.Deployment().WithImage("repo/web:2"));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        var update = harness.Emulator.Calls.First(c => c.Operation == "UpdateService");
        var checks = harness.Emulator.Calls.Where(c => c.Operation == "DescribeServices" && c.Sequence > update.Sequence).Select(c => c.Time).ToList();
        (checks[0] - update.Time).Should().Be(TimeSpan.FromSeconds(1), "the first check comes one initial interval after the update, which answered with the service");
        var gaps = checks.Zip(checks.Skip(1), (a, b) => b - a).ToList();
        gaps.Should().Contain(TimeSpan.FromSeconds(3), "the interval backs off to 3 s while the new tasks become healthy");
        gaps[^1].Should().BeLessThanOrEqualTo(TimeSpan.FromSeconds(1), "once the old tasks drain, the end is looked for every second");
        var completed = result.Events.Single(e => e.Message.EndsWith("deployment completed.", StringComparison.Ordinal)).CreatedAt!.Value;
        (result.EndTime - completed).Should().BeLessThanOrEqualTo(TimeSpan.FromSeconds(1), "the end is seen within a second of ECS completing the deployment");
        var waiting = checks[^1] - checks[0];
        (checks.Count / waiting.TotalSeconds).Should().BeLessThanOrEqualTo(1.0, "at most one call a second while waiting, to spare the account's rate limits");
    }

    [Test]
    public async Task A_crash_loop_that_the_circuit_breaker_rolls_back_is_a_failure_never_a_success_and_we_do_not_roll_back_again()
    {
        using var harness = new EngineHarness(EngineHarness.Web(4, EngineHarness.CircuitBreaker(),
            Images("repo/web:bad", new ImageBehaviour { CrashAfterSeconds = 5, ExitCode = 3 })));

        var result = await harness.RunAsync(harness.Deployment().WithImage("repo/web:bad").RollbackOnFailure());

        result.Outcome.Should().Be(DeploymentOutcome.Failed, result.Reason);
        result.RolledBackByEcs.Should().BeTrue();
        result.Reason.Should().StartWith($"ECS rolled deployment {result.DeploymentId} back").And.Contain("exited with code 3");
        result.Rollback.Should().BeNull("ECS already rolled back; a second rollback would only race it");
        result.EcsRollback.Should().NotBeNull();
        result.EcsRollback!.Outcome.Should().Be(DeploymentOutcome.Succeeded, "the verdict waits until ECS's rollback has restored the service");
        result.EcsRollback.TaskDefinitionArn.Should().EndWith("task-definition/web:1");
        var completed = result.Events.Last(e => e.Message.EndsWith("deployment completed.", StringComparison.Ordinal)).CreatedAt!.Value;
        result.EndTime.Should().BeOnOrAfter(completed, "a rolled-back result is given only once ECS's rollback deployment completed");
        result.ServiceTaskDefinitionArn.Should().EndWith("task-definition/web:1");
        var service = await harness.ServiceAsync();
        service.TaskDefinition.Should().EndWith("task-definition/web:1");
        service.Deployments.Should().ContainSingle().Which.RunningCount.Should().Be(4, "restored: the previous revision runs its desired count");
        result.StoppedTasks.Should().NotBeEmpty().And.OnlyContain(t => t.StartedBy == result.DeploymentId);
        result.StoppedTasks.Where(t => t.IsFailure).Should().OnlyContain(t => t.StopCode == TaskStopCode.EssentialContainerExited && t.Containers[0].ExitCode == 3);
        harness.Writes.Should().Equal("RegisterTaskDefinition", "UpdateService");
    }

    [Test]
    public async Task Without_a_circuit_breaker_a_crash_loop_fails_fast_with_the_exit_code_in_the_reason_and_our_rollback_restores_the_service()
    {
        using var harness = new EngineHarness(EngineHarness.Web(4,
            images: Images("repo/web:oom", new ImageBehaviour { CrashAfterSeconds = 5, ExitCode = 137, CrashReason = "OutOfMemoryError: Container killed due to memory usage" })));

        var result = await harness.RunAsync(harness.Deployment().WithImage("repo/web:oom").WithDesiredCount(6).RollbackOnFailure());

        result.Outcome.Should().Be(DeploymentOutcome.Failed);
        result.RolledBackByEcs.Should().BeFalse();
        result.Reason.Should().Contain("failed (the limit is 3; the service has no circuit breaker)")
            .And.Contain("exited with code 137 (OutOfMemoryError: Container killed due to memory usage)");
        result.StoppedTasks.Count(t => t.IsFailure).Should().BeGreaterThanOrEqualTo(3);
        result.Duration.Should().BeLessThan(TimeSpan.FromMinutes(2), "failing fast means not waiting for the timeout");

        result.Rollback.Should().NotBeNull();
        result.Rollback!.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Rollback.Reason);
        result.Rollback.TaskDefinitionArn.Should().EndWith("task-definition/web:1");
        result.Rollback.DesiredCount.Should().Be(4);
        var service = await harness.ServiceAsync();
        service.TaskDefinition.Should().EndWith("task-definition/web:1");
        service.DesiredCount.Should().Be(4, "the rollback restores the desired count as well as the revision");
        service.RunningCount.Should().Be(4);
        service.Deployments.Should().ContainSingle();
        harness.Events.Select(e => e.GetType().Name).Should().ContainInOrder(nameof(DeploymentFinished), nameof(RollbackStarted), nameof(RollbackFinished));
    }

    [Test]
    public async Task A_failed_deployments_evidence_has_the_exit_code_the_stopped_reason_and_the_crashed_containers_last_log_lines()
    {
        string[] lines = ["Starting web 2.0", "Connecting to db.internal:5432", "Unhandled exception: System.InvalidOperationException: DATABASE_URL is not set", "   at Web.Program.Main()"];
        using var harness = new EngineHarness(EngineHarness.Web(2,
            images: Images("repo/web:bad", new ImageBehaviour { CrashAfterSeconds = 8, ExitCode = 134, LogLines = lines }),
            taskDefinitions: EngineHarness.TaskDefinition("web", EngineHarness.LoggingContainer("app", "repo/web:1", "web"))));

        var result = await harness.RunAsync(harness.Deployment().WithImage("repo/web:bad").WithFailureLogLines(3));

        result.Outcome.Should().Be(DeploymentOutcome.Failed);
        result.Reason.Should().Contain("exited with code 134");
        var withLogs = result.StoppedTasks.Where(t => t.Containers.Any(c => c.LogLines.Count > 0)).ToList();
        withLogs.Should().HaveCountGreaterThan(0).And.HaveCountLessThanOrEqualTo(3, "only the most recent failed tasks are read");
        var crashed = withLogs[^1];
        crashed.StoppedReason.Should().Be("Essential container in task exited");
        crashed.Containers.Single().ExitCode.Should().Be(134);
        crashed.Containers.Single().LogLines.Should().Equal(lines[1..]);
        result.Warnings.Should().BeEmpty();
    }

    [Test]
    public async Task An_image_that_cannot_be_pulled_fails_with_the_pull_error()
    {
        using var harness = new EngineHarness(EngineHarness.Web(2, images: Images("repo/web:missing", new ImageBehaviour { PullFailure = true })));

        var result = await harness.RunAsync(harness.Deployment().WithImage("repo/web:missing"));

        result.Outcome.Should().Be(DeploymentOutcome.Failed);
        result.Reason.Should().Contain("TaskFailedToStart").And.Contain("CannotPullContainerError");
        result.StoppedTasks.Should().Contain(t => t.StopCode == TaskStopCode.TaskFailedToStart);
    }

    [Test]
    public async Task A_task_that_cannot_be_placed_fails_with_the_placement_event()
    {
        using var harness = new EngineHarness(EngineHarness.Web(2, images: Images("repo/web:huge", new ImageBehaviour { NoCapacity = true })));

        var result = await harness.RunAsync(harness.Deployment().WithImage("repo/web:huge"));

        result.Outcome.Should().Be(DeploymentOutcome.Failed);
        result.Reason.Should().Contain("failed (the limit is 3").And.Contain("was unable to place a task because no container instance met all of its requirements");
        (await harness.ServiceAsync()).RunningCount.Should().Be(2, "the old tasks keep serving");
    }

    [Test]
    public async Task A_timeout_without_rollback_says_why_and_leaves_the_service_as_it_is()
    {
        using var harness = new EngineHarness(EngineHarness.Web(3, images: Images("repo/web:slow", new ImageBehaviour { StuckPending = true })));

        var result = await harness.RunAsync(harness.Deployment().WithImage("repo/web:slow").WithTimeout(TimeSpan.FromMinutes(2)));

        result.Outcome.Should().Be(DeploymentOutcome.TimedOut);
        result.Reason.Should().StartWith("The new tasks did not all run within 2m: web:2 has 0/3 task(s) running, 3 pending, 0 failed, and 3 old task(s) still run.");
        result.TimedOutPhase.Should().Be(DeploymentWaitPhase.NewTasks);
        result.Duration.Should().BeCloseTo(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(5));
        result.Rollback.Should().BeNull();
        (await harness.ServiceAsync()).TaskDefinition.Should().EndWith("web:2");
    }

    [Test]
    public async Task Each_phase_of_the_wait_has_its_own_budget_as_ecs_deploy_gives_each_of_its_two_wait_loops_its_own_timeout()
    {
        // The new tasks take a minute to start and the old ones 30 s to stop (a load balancer's deregistration delay):
        // starting and draining together take longer than 90 s, each alone less. One budget for the whole wait timed
        // this healthy deploy out.
        var images = new Dictionary<string, ImageBehaviour> { ["repo/web:2"] = new() { StartupSeconds = 60 }, ["repo/web:1"] = new() { StopSeconds = 30 } };
        using var harness = new EngineHarness(EngineHarness.Web(2, images: images));

        var result = await harness.RunAsync(harness.Deployment().WithImage("repo/web:2").WithTimeout(TimeSpan.FromSeconds(90)));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        result.Duration.Should().BeGreaterThan(TimeSpan.FromSeconds(90), "the two phases took longer together than one budget");
        var phases = harness.Events.OfType<WaitPhaseStarted>().ToList();
        phases.Select(p => (p.Phase, p.Budget)).Should().Equal((DeploymentWaitPhase.NewTasks, TimeSpan.FromSeconds(90)), (DeploymentWaitPhase.OldTasks, TimeSpan.FromSeconds(90)));
        (result.EndTime - phases[1].Time).Should().BeLessThan(TimeSpan.FromSeconds(90));
    }

    [Test]
    public async Task The_old_tasks_get_a_fresh_budget_and_a_drain_that_outlasts_it_times_out_naming_that_phase()
    {
        using var harness = new EngineHarness(EngineHarness.Web(2, images: Images("repo/web:1", new ImageBehaviour { StopSeconds = 200 })));

        var result = await harness.RunAsync(harness.Deployment().WithImage("repo/web:2").WithTimeout(TimeSpan.FromSeconds(90)));

        result.Outcome.Should().Be(DeploymentOutcome.TimedOut);
        result.TimedOutPhase.Should().Be(DeploymentWaitPhase.OldTasks);
        result.Reason.Should().StartWith("The old tasks did not drain within 1m30s after the new ones ran: web:2 has 2/2 task(s) running, 0 pending, 0 failed, and ");
        var drainStarted = harness.Events.OfType<WaitPhaseStarted>().Single(p => p.Phase == DeploymentWaitPhase.OldTasks).Time;
        (result.EndTime - drainStarted).Should().BeCloseTo(TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(3));
    }

    [Test]
    public async Task Slow_reads_before_the_first_write_do_not_eat_into_the_wait()
    {
        // 5 s of simulated latency on the first reads: the wait still gets its whole 90 s.
        var faults = new FaultSettings { Rules = [new FaultRule { Operation = "DescribeClusters", Kind = FaultKind.Latency, LatencyMilliseconds = 5000 }] };
        using var harness = new EngineHarness(EngineHarness.Web(2, images: Images("repo/web:slow", new ImageBehaviour { StuckPending = true }), faults: faults));

        var result = await harness.RunAsync(harness.Deployment().WithImage("repo/web:slow").WithTimeout(TimeSpan.FromSeconds(90)));

        result.Outcome.Should().Be(DeploymentOutcome.TimedOut);
        result.Reason.Should().StartWith("The new tasks did not all run within 1m30s:");
        result.Duration.Should().BeCloseTo(TimeSpan.FromSeconds(95), TimeSpan.FromSeconds(3));
    }

    [Test]
    public async Task A_timeout_with_rollback_restores_the_revision_and_the_desired_count_and_reports_the_rollback()
    {
        using var harness = new EngineHarness(EngineHarness.Web(3, images: Images("repo/web:slow", new ImageBehaviour { StuckPending = true })));

        var result = await harness.RunAsync(harness.Deployment().WithImage("repo/web:slow").WithDesiredCount(5).WithTimeout(TimeSpan.FromMinutes(2)).RollbackOnTimeout());

        result.Outcome.Should().Be(DeploymentOutcome.TimedOut);
        result.Rollback.Should().NotBeNull();
        result.Rollback!.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Rollback.Reason);
        result.Rollback.DesiredCount.Should().Be(3);
        var service = await harness.ServiceAsync();
        service.TaskDefinition.Should().EndWith("task-definition/web:1");
        service.DesiredCount.Should().Be(3);
        service.RunningCount.Should().Be(3);
        harness.Writes.Should().Equal("RegisterTaskDefinition", "UpdateService", "UpdateService");
        var rollbackCall = harness.Emulator.Calls.Last(c => c.Operation == "UpdateService");
        var body = JsonNode.Parse(rollbackCall.Request)!;
        ((string)body["taskDefinition"]!).Should().EndWith("task-definition/web:1");
        ((int)body["desiredCount"]!).Should().Be(3);
    }

    [Test]
    public async Task A_timed_out_deployment_is_reported_as_a_failure_exception_by_default_naming_the_opt_out()
    {
        using var harness = new EngineHarness(EngineHarness.Web(2, images: Images("repo/web:slow", new ImageBehaviour { StuckPending = true })));
        var deployment = harness.Deployment().WithImage("repo/web:slow").WithTimeout(TimeSpan.FromMinutes(1)).WithValidation(DeploymentResultValidation.Succeeded);

        var act = () => harness.RunAsync(deployment);

        var thrown = (await act.Should().ThrowAsync<DeploymentFailedException>()).Which;
        thrown.Result.Outcome.Should().Be(DeploymentOutcome.TimedOut);
        thrown.Message.Should().Contain("timed out").And.Contain("WithValidation(DeploymentResultValidation.None)");
    }

    [Test]
    public async Task Cancelling_mid_wait_stops_at_once_and_rolls_back_when_asked()
    {
        using var harness = new EngineHarness(EngineHarness.Web(2, images: Images("repo/web:slow", new ImageBehaviour { StuckPending = true })));
        using var cancellation = new CancellationTokenSource();
        var deployment = harness.Deployment().WithImage("repo/web:slow").RollbackOnCancellation();

        var result = await harness.DriveAsync(token => deployment.RunAsync(token), eachSecond: elapsed =>
        {
            if (elapsed == TimeSpan.FromSeconds(30))
            {
                cancellation.Cancel();
            }
        }, cancellationToken: cancellation.Token);

        result.Outcome.Should().Be(DeploymentOutcome.Cancelled);
        result.Rollback!.Outcome.Should().Be(DeploymentOutcome.Succeeded, "the rollback is not cut off by the cancellation that asked for it");
        (await harness.ServiceAsync()).TaskDefinition.Should().EndWith("web:1");
    }

    [Test]
    public async Task Cancelling_with_default_validation_throws_the_callers_cancellation()
    {
        using var harness = new EngineHarness(EngineHarness.Web(2, images: Images("repo/web:slow", new ImageBehaviour { StuckPending = true })));
        using var cancellation = new CancellationTokenSource();
        var deployment = harness.Deployment().WithImage("repo/web:slow").WithValidation(DeploymentResultValidation.Succeeded);

        var act = () => harness.DriveAsync(token => deployment.RunAsync(token), eachSecond: elapsed =>
        {
            if (elapsed == TimeSpan.FromSeconds(10))
            {
                cancellation.Cancel();
            }
        }, cancellationToken: cancellation.Token);

        (await act.Should().ThrowAsync<OperationCanceledException>()).Which.CancellationToken.Should().Be(cancellation.Token);
        (await harness.ServiceAsync()).TaskDefinition.Should().EndWith("web:2", "without RollbackOnCancellation the deployment is left running");
    }

    [Test]
    public async Task Throttling_bursts_during_the_wait_are_survived()
    {
        var faults = new FaultSettings
        {
            Rules =
            [
                new FaultRule { Operation = "DescribeServices", Kind = FaultKind.Throttle, FromSecond = 5, UntilSecond = 40 },
                new FaultRule { Operation = "ListTasks", Kind = FaultKind.Throttle, Count = 3 },
            ],
        };
        using var harness = new EngineHarness(EngineHarness.Web(3, faults: faults));

        var result = await harness.RunAsync(harness.Deployment().WithImage("repo/web:2"));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        harness.Emulator.Calls.Count(c => c.ErrorType == "ThrottlingException").Should().BeGreaterThan(5);
        harness.Events.OfType<StatusCheckFailed>().Should().NotBeEmpty("a check that failed after the client's own retries is reported and retried");
    }

    [Test]
    public async Task WithoutWaitingForDrain_succeeds_when_the_new_tasks_run_before_the_old_ones_are_gone()
    {
        using var harness = new EngineHarness(EngineHarness.Web(2));

        var result = await harness.RunAsync(harness.Deployment().WithImage("repo/web:2").WithoutWaitingForDrain());

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded);
        result.Reason.Should().Contain("not waiting for the old tasks to drain");
    }

    [Test]
    public async Task A_deployment_replaced_by_someone_elses_is_a_failure_and_is_not_rolled_back_over_theirs()
    {
        using var harness = new EngineHarness(EngineHarness.Web(2, images: Images("repo/web:slow", new ImageBehaviour { StuckPending = true }),
            taskDefinitions: [EngineHarness.TaskDefinition("web", EngineHarness.Container("app", "repo/web:1")), EngineHarness.TaskDefinition("web", EngineHarness.Container("app", "repo/web:other"))]));
        var deployment = harness.Deployment().WithImage("repo/web:slow").RollbackOnFailure();

        var result = await harness.DriveAsync(token => deployment.RunAsync(token), eachSecond: elapsed =>
        {
            if (elapsed == TimeSpan.FromSeconds(20))
            {
                harness.Client.UpdateServiceAsync(new UpdateServiceRequest { Cluster = "prod", Service = "web", TaskDefinition = "web:2" }).GetAwaiter().GetResult();
            }
        });

        result.Outcome.Should().Be(DeploymentOutcome.Failed);
        result.Reason.Should().Contain("was replaced by deployment").And.Contain("web:2, started outside this run");
        result.Rollback.Should().BeNull();
        (await harness.ServiceAsync()).TaskDefinition.Should().EndWith("web:2");
    }
}

/// <summary>A write whose answer is lost: the engine finds out from ECS whether it happened instead of guessing.</summary>
public class LostWriteTests
{
    [TestCase(true, 1)]
    [TestCase(false, 2)]
    public async Task An_update_whose_answer_was_lost_is_checked_and_sent_again_only_if_it_did_not_happen(bool applied, int updates)
    {
        var faults = new FaultSettings { Rules = [new FaultRule { Operation = "UpdateService", Kind = FaultKind.DropConnection, Count = 1, Applied = applied }] };
        using var harness = new EngineHarness(EngineHarness.Web(2, faults: faults));

        var result = await harness.RunAsync(harness.Deployment().WithImage("repo/web:2"));

        result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
        harness.Emulator.Calls.Count(c => c.Operation == "UpdateService").Should().Be(updates);
        var service = await harness.ServiceAsync();
        service.Deployments.Should().ContainSingle().Which.Id.Should().Be(result.DeploymentId);
        (await harness.Client.ListServiceDeploymentsAsync(new ListServiceDeploymentsRequest { Cluster = "prod", Service = "web" }))
            .ServiceDeployments.Should().HaveCount(2, "one original and exactly one new deployment: never a second one");
    }
}
