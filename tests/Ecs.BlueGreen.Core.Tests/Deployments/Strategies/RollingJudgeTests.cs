using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.Tests.Deployments.Strategies;

/// <summary>
/// The rolling judge as a table, without the emulator: each row is one snapshot, the state before it and the time,
/// and the judgement it must give. Together the rows cover every judgement the judge can return.
/// </summary>
public class RollingJudgeTests
{
    private const string NewRevision = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2";
    private const string OldRevision = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1";
    private const string ServiceDeploymentArn = "arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/sd-new";
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Early = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Late = TimeSpan.FromMinutes(11);

    public static IEnumerable<JudgeCase> Cases()
    {
        // NewTasks.
        yield return Case("new tasks still starting", Snap(Svc(Ours(1, 2, pending: 1), Old(2))), NewTasks(), Early, JudgementKind.WaitingForNewTasks, null, "waiting for 1 of 2 new task(s)");
        yield return Case("running but not yet healthy", Snap(Svc(Ours(2, 2), Old(2))) with { Health = new TaskHealth(true, 1) }, NewTasks(), Early, JudgementKind.WaitingForHealthChecks, null, "container health checks");
        yield return Case("running and healthy: on to the old tasks", Snap(Svc(Ours(2, 2), Old(2))) with { Health = new TaskHealth(true, 2) }, NewTasks(), Early, JudgementKind.WaitingForOldTasks, null, "waiting for 2 old task(s) to stop");
        yield return Case("running without a health check: on to the old tasks", Snap(Svc(Ours(2, 2), Old(2))) with { Health = TaskHealth.NoHealthCheck }, NewTasks(), Early, JudgementKind.WaitingForOldTasks, null, "old task(s) to stop");
        yield return Case("not waiting for the drain", Snap(Svc(Ours(2, 2), Old(2))) with { Health = TaskHealth.NoHealthCheck }, NewTasks(waitForDrain: false), Early, JudgementKind.SucceededWithoutDrain, DeploymentOutcome.Succeeded, "not waiting for the old tasks to drain");
        yield return Case("new tasks out of time", Snap(Svc(Ours(1, 2, pending: 1), Old(2))), NewTasks(), Late, JudgementKind.TimedOut, DeploymentOutcome.TimedOut, "The new tasks did not all run within 10m");

        // OldTasks.
        yield return Case("fell below the desired count", Snap(Svc(Ours(1, 2, pending: 1), Old(1))), OldTasks(), Early, JudgementKind.WaitingForNewTasksAgain, null, "to run 2 task(s) again");
        yield return Case("old tasks still running", Snap(Svc(Ours(2, 2), Old(1))), OldTasks(), Early, JudgementKind.WaitingForOldTasks, null, "waiting for 1 old task(s) to stop");
        yield return Case("old tasks gone, rollout not COMPLETED", Snap(Svc(Ours(2, 2, rollout: DeploymentRolloutState.InProgress))), OldTasks(), Early, JudgementKind.WaitingForRollout, null, "(it is IN_PROGRESS)");
        yield return Case("completed, service deployment not yet SUCCESSFUL", Snap(Svc(Ours(2, 2, rollout: DeploymentRolloutState.Completed)), ServiceDeploymentStatus.InProgress), OldTasks(), Early, JudgementKind.WaitingForConfirmation, null, "SUCCESSFUL (it is IN_PROGRESS)");
        yield return Case("completed and confirmed", Snap(Svc(Ours(2, 2, rollout: DeploymentRolloutState.Completed)), ServiceDeploymentStatus.Successful), OldTasks(), Early, JudgementKind.Succeeded, DeploymentOutcome.Succeeded, "completed and the old tasks have drained");
        yield return Case("completed, service deployment unreadable: COMPLETED decides", Snap(Svc(Ours(2, 2, rollout: DeploymentRolloutState.Completed))), OldTasks(), Early, JudgementKind.Succeeded, DeploymentOutcome.Succeeded, "completed and the old tasks have drained");
        yield return Case("completed in the same tick as healthy", Snap(Svc(Ours(2, 2, rollout: DeploymentRolloutState.Completed)), ServiceDeploymentStatus.Successful) with { Health = TaskHealth.NoHealthCheck }, NewTasks(), Early, JudgementKind.Succeeded, DeploymentOutcome.Succeeded, "completed");
        yield return Case("old tasks out of time", Snap(Svc(Ours(2, 2), Old(1))), OldTasks(), Late, JudgementKind.TimedOut, DeploymentOutcome.TimedOut, "The old tasks did not drain within 10m after the new ones ran");

        // Failures.
        yield return Case("service deleted", new ServiceSnapshot { Key = Key }, NewTasks(), Early, JudgementKind.ServiceGone, DeploymentOutcome.Failed, "missing or no longer ACTIVE");
        yield return Case("circuit breaker rolled back (service deployment)", Snap(Svc(Ours(0, 2, status: "ACTIVE", rollout: DeploymentRolloutState.Failed), Back(0)), ServiceDeploymentStatus.RollbackInProgress), NewTasks(), Early, JudgementKind.RolledBackByEcs, DeploymentOutcome.Failed, "ECS rolled deployment ecs-svc/new back to web:1");
        yield return Case("circuit breaker rolled back (rolloutState with rollback configured)", Snap(Svc(Breaker(rollback: true), Ours(0, 2, rollout: DeploymentRolloutState.Failed, reason: "tasks failed to start"))), NewTasks(), Early, JudgementKind.RolledBackByEcs, DeploymentOutcome.Failed, ": tasks failed to start.");
        yield return Case("rolled back, known only from ECS's event", Snap(Svc(Back(2))) with { Events = [Event("(service web) rolling back to deployment ecs-svc/old.")] }, NewTasks(), Early, JudgementKind.RolledBackByEcs, DeploymentOutcome.Failed, "its failure detection fired");
        yield return Case("looked complete but ECS rolled back", Snap(Svc(Ours(2, 2, rollout: DeploymentRolloutState.Completed)), ServiceDeploymentStatus.RollbackSuccessful), OldTasks(), Early, JudgementKind.RolledBackByEcs, DeploymentOutcome.Failed, "ECS rolled deployment ecs-svc/new back");
        yield return Case("rollout FAILED without a rollback", Snap(Svc(Breaker(rollback: false), Ours(0, 2, rollout: DeploymentRolloutState.Failed, reason: "tasks failed to start")), ServiceDeploymentStatus.Stopped), NewTasks(), Early, JudgementKind.RolloutFailed, DeploymentOutcome.Failed, "Deployment ecs-svc/new failed: tasks failed to start.");
        yield return Case("someone else deployed", Snap(Svc(Other(), Ours(1, 2, status: "ACTIVE"))), NewTasks(), Early, JudgementKind.Replaced, DeploymentOutcome.Failed, "was replaced by deployment ecs-svc/other of web:3");
        yield return Case("our deployment left the list", Snap(Svc(Other())), OldTasks(), Early, JudgementKind.Replaced, DeploymentOutcome.Failed, "was replaced by deployment ecs-svc/other");
        yield return Case("tasks failing without a circuit breaker", Snap(Svc(Ours(0, 2, pending: 1, failed: 3), Old(2))), NewTasks(), Early, JudgementKind.TasksFailing, DeploymentOutcome.Failed, "3 task(s) of web:2 failed (the limit is 3; the service has no circuit breaker)");
        yield return Case("tasks failing, counted from stopped tasks", Snap(Svc(Ours(0, 2, pending: 2), Old(2))) with { StoppedTasks = [Failed("t1"), Failed("t2")] }, NewTasks(failedTaskLimit: 2), Early, JudgementKind.TasksFailing, DeploymentOutcome.Failed, "2 task(s) of web:2 failed (the limit is 2");
        yield return Case("tasks failing with a circuit breaker: ECS decides", Snap(Svc(Breaker(rollback: true), Ours(0, 2, pending: 1, failed: 3), Old(2))), NewTasks(), Early, JudgementKind.WaitingForNewTasks, null, "3 failed");

        // ECS's own rollback.
        yield return Case("ECS rolling back", Snap(Svc(Back(1), Ours(1, 2, status: "ACTIVE", rollout: DeploymentRolloutState.Failed)), ServiceDeploymentStatus.RollbackInProgress), EcsRollback(), Early, JudgementKind.WaitingForEcsRollback, null, "waiting for ECS's rollback to web:1 to finish (web:1 runs 1/2 task(s), 1 other task(s) still run)");
        yield return Case("ECS restored the previous revision", Snap(Svc(Back(2, rollout: DeploymentRolloutState.Completed))), EcsRollback(), Early, JudgementKind.EcsRollbackSucceeded, DeploymentOutcome.Succeeded, "ECS restored web:1: 2/2 task(s) running.");
        yield return Case("ECS's rollback SUCCESSFUL by its service deployment", Snap(Svc(Back(2), Ours(0, 2, status: "ACTIVE")), ServiceDeploymentStatus.RollbackSuccessful), EcsRollback(), Early, JudgementKind.EcsRollbackSucceeded, DeploymentOutcome.Succeeded, "ECS restored web:1");
        yield return Case("ECS's rollback failed", Snap(Svc(Back(0)), ServiceDeploymentStatus.RollbackFailed), EcsRollback(), Early, JudgementKind.EcsRollbackFailed, DeploymentOutcome.Failed, "ECS's rollback failed (ROLLBACK_FAILED)");
        yield return Case("service deleted during ECS's rollback", new ServiceSnapshot { Key = Key }, EcsRollback(), Early, JudgementKind.EcsRollbackServiceGone, DeploymentOutcome.Failed, "The service web is missing or no longer ACTIVE.");
        yield return Case("ECS's rollback out of time", Snap(Svc(Back(1), Ours(1, 2, status: "ACTIVE"))), EcsRollback(), Late, JudgementKind.EcsRollbackTimedOut, DeploymentOutcome.TimedOut, "ECS's rollback did not finish within 10m");
    }

    [TestCaseSource(nameof(Cases))]
    public void The_judge_gives_each_snapshot_its_judgement(JudgeCase row)
    {
        var judgement = RollingJudge.Instance.Check(row.Snapshot, row.State, row.Now);

        judgement.Kind.Should().Be(row.Kind);
        judgement.Verdict?.Outcome.Should().Be(row.Outcome);
        (judgement.Verdict is null).Should().Be(row.Outcome is null, "a judgement is final exactly when it has a verdict");
        (judgement.Verdict?.Reason ?? judgement.WaitingFor).Should().Contain(row.ReasonPart);
    }

    [Test]
    public void The_table_covers_every_judgement()
    {
        Cases().Select(c => c.Kind).Distinct().Should().BeEquivalentTo(Enum.GetValues<JudgementKind>());
    }

    [Test]
    public void Moving_on_to_the_old_tasks_starts_their_phase_and_budget_at_the_time_given()
    {
        var now = TimeSpan.FromMinutes(3);

        var next = RollingJudge.Instance.Check(Snap(Svc(Ours(2, 2), Old(2))) with { Health = TaskHealth.NoHealthCheck }, NewTasks(), now).Next;

        next.Phase.Should().Be(DeploymentWaitPhase.OldTasks);
        next.PhaseStartedAt.Should().Be(now);
        next.Deadline.Should().Be(now + TimeSpan.FromMinutes(20));
    }

    [Test]
    public void ECS_s_rollback_is_checked_often_once_its_tasks_run_and_the_others_drain()
    {
        var judge = RollingJudge.Instance;
        var rollingBack = ServiceDeploymentStatus.RollbackInProgress;

        var starting = judge.Check(Snap(Svc(Back(1), Ours(0, 2, status: "ACTIVE"), Old(2)), rollingBack), EcsRollback(), Early).Next;
        starting.Finishing.Should().BeFalse("ECS's rollback still starts its tasks");
        var running = judge.Check(Snap(Svc(Back(2), Ours(0, 2, status: "ACTIVE"), Old(2)), rollingBack), starting, Early).Next;
        running.Finishing.Should().BeFalse("nothing drains yet");
        var draining = judge.Check(Snap(Svc(Back(2), Ours(0, 2, status: "ACTIVE"), Old(1)), rollingBack), running, Early).Next;
        draining.Finishing.Should().BeTrue();
    }

    [Test]
    public void A_timeout_names_its_phase_and_a_rollback_of_ours_stays_possible()
    {
        var verdict = RollingJudge.Instance.Check(Snap(Svc(Ours(2, 2), Old(1))), OldTasks(), Late).Verdict!;

        verdict.TimedOutPhase.Should().Be(DeploymentWaitPhase.OldTasks);
        verdict.RollbackPossible.Should().BeTrue();
    }

    [Test]
    public void An_ECS_rollback_or_someone_elses_deployment_rules_out_a_rollback_of_ours()
    {
        var rolledBack = RollingJudge.Instance.Check(Snap(Svc(Back(2))) with { Events = [Event("(service web) rolling back to deployment ecs-svc/old.")] }, NewTasks(), Early).Verdict!;
        var replaced = RollingJudge.Instance.Check(Snap(Svc(Other())), NewTasks(), Early).Verdict!;

        rolledBack.RolledBackByEcs.Should().BeTrue();
        rolledBack.RollbackPossible.Should().BeFalse();
        replaced.Superseded.Should().BeTrue();
        replaced.RollbackPossible.Should().BeFalse();
    }

    [Test]
    public void Our_deployment_is_recognised_by_its_revision_when_its_id_is_not_known_and_the_id_is_kept()
    {
        var state = NewTasks() with { DeploymentId = null };

        var judgement = RollingJudge.Instance.Check(Snap(Svc(Ours(1, 2, pending: 1), Old(2))), state, Early);

        judgement.Kind.Should().Be(JudgementKind.WaitingForNewTasks);
        judgement.Next.DeploymentId.Should().Be("ecs-svc/new");
    }

    [Test]
    public void The_judge_does_not_change_the_state_it_was_given()
    {
        var state = NewTasks();

        RollingJudge.Instance.Check(Snap(Svc(Ours(2, 2), Old(2))) with { Health = TaskHealth.NoHealthCheck }, state, Early);

        state.Phase.Should().Be(DeploymentWaitPhase.NewTasks);
        state.LastOurs.Should().BeNull();
    }

    [Test]
    public void At_the_deadline_with_the_checks_failing_the_verdict_says_the_state_was_never_read()
    {
        var verdict = RollingJudge.Instance.Expire(new ServiceSnapshot { Key = Key }, NewTasks()).Verdict!;

        verdict.Outcome.Should().Be(DeploymentOutcome.TimedOut);
        verdict.Reason.Should().Contain("its state was never read");
    }

    [Test]
    public void The_judge_asks_for_the_evidence_each_phase_needs()
    {
        var judge = RollingJudge.Instance;

        judge.Needs(null, NewTasks()).Should().Be(ObservationNeeds.Nothing);
        judge.Needs(Svc(Ours(1, 2, pending: 1), Old(2)), NewTasks()).Should().Be(new ObservationNeeds(ServiceDeploymentRead.None, HealthRead.None, "ecs-svc/new"));
        judge.Needs(Svc(Ours(2, 2), Old(2)), NewTasks()).Should().Be(new ObservationNeeds(ServiceDeploymentRead.None, HealthRead.Deferred, "ecs-svc/new"));
        judge.Needs(Svc(Ours(2, 2, rollout: DeploymentRolloutState.Completed)), OldTasks()).Should().Be(new ObservationNeeds(ServiceDeploymentRead.Confirmation, HealthRead.None, "ecs-svc/new"));
        judge.Needs(Svc(Other(), Ours(1, 2, status: "ACTIVE")), NewTasks()).ServiceDeployment.Should().Be(ServiceDeploymentRead.Evidence);
        judge.Needs(Svc(Back(1)), EcsRollback()).ServiceDeployment.Should().Be(ServiceDeploymentRead.Evidence);
    }

    [Test]
    public void ECS_s_rollback_reads_the_service_deployment_when_the_service_cannot_decide_alone_and_every_tenth_check()
    {
        var judge = RollingJudge.Instance;
        var first = EcsRollback();
        var later = first with { ChecksInPhase = 1 };
        var rollingBack = Svc(Back(1), Ours(1, 2, status: "ACTIVE", rollout: DeploymentRolloutState.Failed));

        judge.Needs(rollingBack, first).ServiceDeployment.Should().Be(ServiceDeploymentRead.Evidence, "the phase's first check reads it");
        judge.Needs(rollingBack, later).ServiceDeployment.Should().Be(ServiceDeploymentRead.None, "ECS's rollback is under way, and the service shows how far");
        judge.Needs(Svc(Back(1, rollout: DeploymentRolloutState.Failed)), later).ServiceDeployment.Should().Be(ServiceDeploymentRead.Evidence, "ECS's rollback failed: its service deployment says ROLLBACK_FAILED");
        judge.Needs(Svc(Other(), Back(1)), later).ServiceDeployment.Should().Be(ServiceDeploymentRead.Evidence, "someone else's revision is PRIMARY");
        judge.Needs(rollingBack, first with { ChecksInPhase = RollingJudge.EcsRollbackServiceDeploymentEvery }).ServiceDeployment.Should().Be(ServiceDeploymentRead.Evidence);

        var next = judge.Check(Snap(rollingBack), later, Early).Next;
        next.ChecksInPhase.Should().Be(2);
        next.Enter(DeploymentWaitPhase.OldTasks, Budget, Early).ChecksInPhase.Should().Be(0, "each phase counts its own checks");
    }

    [Test]
    public void Health_is_read_now_when_the_answer_decides_the_next_step_deferred_while_ECS_waits_for_it_and_at_the_checks_pace_otherwise()
    {
        var judge = RollingJudge.Instance;
        var seenTwoOld = NewTasks() with { MostOldRunning = 2, LastOldRunning = 2 };
        var mayStopOldFirst = new DeploymentConfiguration { MinimumHealthyPercent = 50, MaximumPercent = 200 };

        judge.Needs(Svc(Ours(2, 2), Old(2)), seenTwoOld).Health.Should().Be(HealthRead.Deferred, "at 100 % minimum healthy ECS stops an old task only once a new one is healthy");
        judge.Needs(Svc(Ours(2, 2), Old(2), mayStopOldFirst), seenTwoOld).Health.Should().Be(HealthRead.WhenDue, "ECS may stop old tasks before the new ones are healthy");
        judge.Needs(Svc(Ours(2, 2)), NewTasks()).Health.Should().Be(HealthRead.WhenDue, "no old tasks: nothing drains to say when");
        judge.Needs(Svc(Ours(2, 2), Old(1)), seenTwoOld).Health.Should().Be(HealthRead.Now, "ECS stopped an old task since the last check: it counts a new one healthy");
        judge.Needs(Svc(Ours(2, 2), Old(1)), seenTwoOld with { LastOldRunning = 1 }).Health.Should().Be(HealthRead.Deferred, "nothing stopped since the last check, which read already");
        judge.Needs(Svc(Ours(2, 2, rollout: DeploymentRolloutState.Completed), Old(2)), seenTwoOld).Health.Should().Be(HealthRead.Now, "ECS completed the rollout");
        judge.Needs(Svc(Ours(2, 2), Old(2)), NewTasks(waitForDrain: false)).Health.Should().Be(HealthRead.Now, "without a drain, health is the verdict");
        judge.Needs(Svc(Ours(2, 2), Old(1)), OldTasks()).Health.Should().Be(HealthRead.None, "the new tasks are known healthy");

        var next = judge.Check(Snap(Svc(Ours(2, 2), Old(1))), seenTwoOld, Early).Next;
        next.LastOldRunning.Should().Be(1, "the next check compares with what this one saw");
    }

    [Test]
    public void The_judge_asks_for_stopped_tasks_when_ours_fails_or_loses_tasks()
    {
        var judge = RollingJudge.Instance;
        var seen = NewTasks() with { LastOurs = Ours(2, 2) };

        judge.WantsStoppedTasks(Svc(Ours(2, 2), Old(2)), null, seen).Should().BeFalse();
        judge.WantsStoppedTasks(Svc(Ours(1, 2), Old(2)), null, seen).Should().BeTrue("a task of ours stopped");
        judge.WantsStoppedTasks(Svc(Ours(2, 2, failed: 1), Old(2)), null, seen).Should().BeTrue("a task of ours failed");
        judge.WantsStoppedTasks(Svc(Ours(0, 2, rollout: DeploymentRolloutState.Failed)), null, seen).Should().BeTrue("ours failed");
        judge.WantsStoppedTasks(Svc(Ours(2, 2)), new ServiceDeployment { Status = ServiceDeploymentStatus.RollbackInProgress }, seen).Should().BeTrue("ECS rolls back");
        judge.WantsStoppedTasks(Svc(Back(1)), null, EcsRollback()).Should().BeFalse();
    }

    private static readonly ServiceKey Key = new("prod", "web");

    private static JudgeCase Case(string name, ServiceSnapshot snapshot, WatchState state, TimeSpan now, JudgementKind kind, DeploymentOutcome? outcome, string reasonPart) =>
        new(name) { Snapshot = snapshot, State = state, Now = now, Kind = kind, Outcome = outcome, ReasonPart = reasonPart };

    private static WatchTarget Target(bool waitForDrain = true, int? failedTaskLimit = null) => new()
    {
        Cluster = "prod",
        Service = "web",
        DeploymentId = "ecs-svc/new",
        TaskDefinitionArn = NewRevision,
        Containers = _ => Task.FromResult<IReadOnlyList<ContainerDefinition>>([]),
        PreviousTaskDefinitionArn = OldRevision,
        ServiceDeploymentArn = ServiceDeploymentArn,
        WaitForDrain = waitForDrain,
        FailedTaskLimit = failedTaskLimit,
    };

    private static WatchState NewTasks(bool waitForDrain = true, int? failedTaskLimit = null) =>
        WatchState.Start(Target(waitForDrain, failedTaskLimit), new WatchBudgets(Budget, TimeSpan.FromMinutes(20)), TimeSpan.Zero);

    private static WatchState OldTasks() => NewTasks().Enter(DeploymentWaitPhase.OldTasks, Budget, TimeSpan.Zero);

    private static WatchState EcsRollback() => NewTasks().Enter(DeploymentWaitPhase.EcsRollback, Budget, TimeSpan.Zero);

    private static ServiceSnapshot Snap(Service service, ServiceDeploymentStatus? status = null) => new()
    {
        Key = Key,
        Service = service,
        ServiceDeployment = status is { } s ? new ServiceDeployment { ServiceDeploymentArn = ServiceDeploymentArn, Status = s } : null,
    };

    private static Service Svc(params object[] parts) => new()
    {
        ServiceName = "web",
        Status = "ACTIVE",
        DeploymentConfiguration = parts.OfType<DeploymentConfiguration>().FirstOrDefault(),
        Deployments = parts.OfType<Deployment>().OrderBy(d => d.Status == "PRIMARY" ? 0 : 1).ToList(),
    };

    private static DeploymentConfiguration Breaker(bool rollback) => new() { DeploymentCircuitBreaker = new DeploymentCircuitBreaker { Enable = true, Rollback = rollback } };

    private static Deployment Ours(int running, int desired, int pending = 0, int failed = 0, string status = "PRIMARY", DeploymentRolloutState? rollout = null, string? reason = null) => new()
    {
        Id = "ecs-svc/new",
        Status = status,
        TaskDefinition = NewRevision,
        RunningCount = running,
        DesiredCount = desired,
        PendingCount = pending,
        FailedTasks = failed,
        RolloutState = rollout ?? DeploymentRolloutState.InProgress,
        RolloutStateReason = reason,
    };

    private static Deployment Old(int running) => new() { Id = "ecs-svc/old", Status = "ACTIVE", TaskDefinition = OldRevision, RunningCount = running, DesiredCount = running, RolloutState = DeploymentRolloutState.Completed };

    /// <summary>ECS's rollback: a new PRIMARY deployment of the previous revision.</summary>
    private static Deployment Back(int running, DeploymentRolloutState? rollout = null) =>
        new() { Id = "ecs-svc/back", Status = "PRIMARY", TaskDefinition = OldRevision, RunningCount = running, DesiredCount = 2, RolloutState = rollout ?? DeploymentRolloutState.InProgress };

    private static Deployment Other() =>
        new() { Id = "ecs-svc/other", Status = "PRIMARY", TaskDefinition = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3", RunningCount = 1, DesiredCount = 2, RolloutState = DeploymentRolloutState.InProgress };

    private static ServiceEventRecord Event(string message) => new() { Id = Guid.NewGuid().ToString(), Message = message };

    private static StoppedTask Failed(string id) => new() { TaskArn = $"arn:aws:ecs:us-east-1:123456789012:task/prod/{id}", TaskDefinitionArn = NewRevision, StartedBy = "ecs-svc/new", IsFailure = true };

    /// <summary>One row of the table, named for the test list.</summary>
    public sealed class JudgeCase(string name)
    {
        internal ServiceSnapshot Snapshot { get; init; } = null!;

        internal WatchState State { get; init; } = null!;

        internal TimeSpan Now { get; init; }

        internal JudgementKind Kind { get; init; }

        internal DeploymentOutcome? Outcome { get; init; }

        internal string ReasonPart { get; init; } = string.Empty;

        public override string ToString() => name;
    }
}
