using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.Tests.Deployments.Native;

/// <summary>The native judge as a table: one service deployment as ECS describes it, one judgement.</summary>
public class NativeJudgeTests
{
    private const string Arn = "arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/abc";

    private static readonly Service Web = new() { ServiceName = "web", Status = "ACTIVE" };

    private static NativeTarget Target(DeploymentStage? until = null, bool untilPaused = false, bool answers = false, string? ours = null, params DeploymentStage[] stages) => new()
    {
        Cluster = "prod",
        Service = "web",
        ServiceDeploymentArn = Arn,
        TaskDefinitionArn = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2",
        Strategy = "BLUE_GREEN",
        Until = until,
        UntilPaused = untilPaused,
        AnswersHooks = answers,
        HookStages = stages.Length == 0 ? null : stages.ToHashSet(),
        OurRollback = ours,
    };

    private static ServiceDeployment Deployment(string status, string? stage = null, params DeploymentLifecycleHookDetail[] hooks) => new()
    {
        ServiceDeploymentArn = Arn,
        Status = ServiceDeploymentStatus.FromValue(status),
        LifecycleStage = stage,
        LifecycleHookDetails = hooks,
        TargetServiceRevision = new ServiceRevisionSummary { Arn = "rev/2", RequestedProductionTrafficWeight = 25, RequestedTestTrafficWeight = 100 },
    };

    private static DeploymentLifecycleHookDetail Hook(string id, string status = "AWAITING_ACTION", string type = "PAUSE") =>
        new() { HookId = id, TargetType = type, Status = status, TimeoutAction = "ROLLBACK" };

    private static NativeJudgement Check(NativeTarget target, ServiceDeployment? deployment, Service? service = null, params string[] answered) =>
        NativeJudge.Check(target, service ?? Web, deployment, answered.ToHashSet(), [], []);

    public static IEnumerable<JudgeRow> Table()
    {
        yield return Row("in progress", Target(), Deployment("IN_PROGRESS", "SCALE_UP"), NativeJudgementKind.InProgress, null);
        yield return Row("pending", Target(), Deployment("PENDING"), NativeJudgementKind.InProgress, null);
        yield return Row("successful", Target(), Deployment("SUCCESSFUL", "CLEAN_UP"), NativeJudgementKind.Succeeded, DeploymentOutcome.Succeeded);
        yield return Row("rolled back by ECS", Target(), Deployment("ROLLBACK_SUCCESSFUL") with { Rollback = new ServiceDeploymentRollback { Reason = "Circuit breaker" } }, NativeJudgementKind.RolledBack, DeploymentOutcome.Failed);
        yield return Row("rolled back by us", Target(ours: "The smoke test failed."), Deployment("ROLLBACK_SUCCESSFUL"), NativeJudgementKind.RolledBack, DeploymentOutcome.Failed);
        yield return Row("rollback failed", Target(), Deployment("ROLLBACK_FAILED"), NativeJudgementKind.RollbackFailed, DeploymentOutcome.Failed);
        yield return Row("ECS rolling back", Target(), Deployment("ROLLBACK_IN_PROGRESS"), NativeJudgementKind.RollingBack, null);
        yield return Row("rollback requested", Target(), Deployment("ROLLBACK_REQUESTED"), NativeJudgementKind.RollingBack, null);
        yield return Row("stopped", Target(), Deployment("STOPPED") with { StatusReason = "circuit breaker" }, NativeJudgementKind.Stopped, DeploymentOutcome.Failed);
        yield return Row("stop requested", Target(), Deployment("STOP_REQUESTED"), NativeJudgementKind.Stopped, DeploymentOutcome.Failed);
        yield return Row("paused, nobody here answers", Target(), Deployment("IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT", Hook("h1")), NativeJudgementKind.Paused, null);
        yield return Row("paused, we answer", Target(answers: true), Deployment("IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT", Hook("h1")), NativeJudgementKind.AnswerHook, null);
        yield return Row("paused at a stage we do not answer", Target(answers: true, stages: [DeploymentStage.PreProductionTrafficShift]), Deployment("IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT", Hook("h1")), NativeJudgementKind.Paused, null);
        yield return Row("paused and the wait ends there", Target(untilPaused: true, answers: true), Deployment("IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT", Hook("h1")), NativeJudgementKind.PausedFinal, DeploymentOutcome.Paused);
        yield return Row("a Lambda hook is not a pause", Target(answers: true), Deployment("IN_PROGRESS", "POST_SCALE_UP", Hook("h1", "IN_PROGRESS", "AWS_LAMBDA")), NativeJudgementKind.InProgress, null);
        yield return Row("a succeeded pause hook is not a pause", Target(answers: true), Deployment("IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT", Hook("h1", "SUCCEEDED")), NativeJudgementKind.InProgress, null);
        yield return Row("the stage waited for", Target(until: DeploymentStage.PostTestTrafficShift), Deployment("IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT"), NativeJudgementKind.ReachedStage, DeploymentOutcome.Succeeded);
        yield return Row("past the stage waited for", Target(until: DeploymentStage.PostTestTrafficShift), Deployment("IN_PROGRESS", "BAKE_TIME"), NativeJudgementKind.ReachedStage, DeploymentOutcome.Succeeded);
        yield return Row("before the stage waited for", Target(until: DeploymentStage.BakeTime), Deployment("IN_PROGRESS", "PRODUCTION_TRAFFIC_SHIFT"), NativeJudgementKind.InProgress, null);
        yield return Row("an unknown stage is not past one", Target(until: DeploymentStage.BakeTime), Deployment("IN_PROGRESS", "SOMETHING_NEW"), NativeJudgementKind.InProgress, null);
        yield return Row("rolled back before the stage waited for", Target(until: DeploymentStage.BakeTime), Deployment("ROLLBACK_SUCCESSFUL", "PRODUCTION_TRAFFIC_SHIFT"), NativeJudgementKind.RolledBack, DeploymentOutcome.Failed);
        yield return Row("a pause before the stage waited for", Target(until: DeploymentStage.BakeTime), Deployment("IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT", Hook("h1")), NativeJudgementKind.Paused, null);
        yield return Row("not described yet", Target(), null, NativeJudgementKind.NotFound, null);
    }

    private static JudgeRow Row(string name, NativeTarget target, ServiceDeployment? deployment, NativeJudgementKind kind, DeploymentOutcome? outcome) =>
        new(name) { Target = target, Deployment = deployment, Kind = kind, Outcome = outcome };

    [TestCaseSource(nameof(Table))]
    public void Each_observation_is_judged_by_the_service_deployment_alone(JudgeRow row)
    {
        var judgement = Check(row.Target, row.Deployment);

        judgement.Kind.Should().Be(row.Kind);
        judgement.Verdict?.Outcome.Should().Be(row.Outcome);
        if (row.Outcome is null)
        {
            judgement.Verdict.Should().BeNull();
            judgement.WaitingFor.Should().NotBeEmpty();
        }
    }

    [Test]
    public void A_rollback_by_ECS_names_its_reason_the_circuit_breaker_and_the_alarms_and_counts_as_ECS_s()
    {
        var deployment = Deployment("ROLLBACK_SUCCESSFUL") with
        {
            Rollback = new ServiceDeploymentRollback { Reason = "Service deployment rolled back because the circuit breaker threshold was exceeded.", ServiceRevisionArn = "arn:x:service-revision/prod/web/1" },
            DeploymentCircuitBreaker = new ServiceDeploymentCircuitBreaker { Status = "TRIGGERED", FailureCount = 3, Threshold = 3 },
            Alarms = new ServiceDeploymentAlarms { TriggeredAlarmNames = ["web-5xx"] },
        };

        var verdict = Check(Target(), deployment).Verdict!;

        verdict.RolledBackByEcs.Should().BeTrue();
        verdict.Reason.Should().Contain("circuit breaker threshold was exceeded").And.Contain("3 failed task(s) (threshold 3)").And.Contain("web-5xx").And.Contain("service revision 1");
    }

    [Test]
    public void A_rollback_we_asked_for_is_not_ECS_s_and_keeps_our_reason()
    {
        var verdict = Check(Target(ours: "At POST_TEST_TRAFFIC_SHIFT the smoke test exited with 22."), Deployment("ROLLBACK_SUCCESSFUL")).Verdict!;

        verdict.RolledBackByEcs.Should().BeFalse();
        verdict.Reason.Should().StartWith("At POST_TEST_TRAFFIC_SHIFT the smoke test exited with 22.");
    }

    [Test]
    public void A_hook_already_answered_is_not_answered_again()
    {
        var judgement = Check(Target(answers: true), Deployment("IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT", Hook("h1")), answered: "h1");

        judgement.Kind.Should().Be(NativeJudgementKind.InProgress);
    }

    [Test]
    public void A_missing_service_fails_the_deployment()
    {
        var judgement = NativeJudge.Check(Target(), null, Deployment("IN_PROGRESS", "SCALE_UP"), new HashSet<string>(), [], []);

        judgement.Kind.Should().Be(NativeJudgementKind.ServiceGone);
        judgement.Verdict!.Outcome.Should().Be(DeploymentOutcome.Failed);
    }

    [Test]
    public void At_the_deadline_the_verdict_names_the_stage_the_weights_and_a_hook_awaiting_action()
    {
        var verdict = NativeJudge.Expire(Target(), Deployment("IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT", Hook("h1")), TimeSpan.FromMinutes(30), [], []);

        verdict.Outcome.Should().Be(DeploymentOutcome.TimedOut);
        verdict.Reason.Should().Contain("within 30m").And.Contain("IN_PROGRESS in POST_TEST_TRAFFIC_SHIFT").And.Contain("25% of production").And.Contain("Hook h1 awaited action");
        verdict.RolledBackByEcs.Should().BeFalse();
    }

    [Test]
    public void At_the_deadline_a_rollback_under_way_is_ECS_s_unfinished_rollback()
    {
        var verdict = NativeJudge.Expire(Target(), Deployment("ROLLBACK_IN_PROGRESS", "PRODUCTION_TRAFFIC_SHIFT"), TimeSpan.FromMinutes(5), [], []);

        verdict.RolledBackByEcs.Should().BeTrue();
    }

    [TestCase("bake-time", "BAKE_TIME")]
    [TestCase("POST_TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT")]
    [TestCase(" pre_production_traffic_shift ", "PRE_PRODUCTION_TRAFFIC_SHIFT")]
    public void Stages_parse_in_any_case_with_dashes(string text, string stage)
    {
        DeploymentStage.TryParse(text, out var parsed).Should().BeTrue();
        parsed.Value.Should().Be(stage);
    }

    [TestCase("BAKE")]
    [TestCase("")]
    [TestCase(null)]
    public void Unknown_stages_do_not_parse(string? text) => DeploymentStage.TryParse(text, out _).Should().BeFalse();

    [Test]
    public void Stages_are_in_ECS_s_order()
    {
        DeploymentStage.InOrder.Select(s => s.Value).Should().ContainInOrder("PRE_SCALE_UP", "SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT",
            "PRE_PRODUCTION_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT", "BAKE_TIME", "CLEAN_UP");
    }

    /// <summary>One row of the table.</summary>
    public sealed class JudgeRow(string name)
    {
        internal NativeTarget Target { get; init; } = null!;

        internal ServiceDeployment? Deployment { get; init; }

        internal NativeJudgementKind Kind { get; init; }

        internal DeploymentOutcome? Outcome { get; init; }

        public override string ToString() => name;
    }
}
