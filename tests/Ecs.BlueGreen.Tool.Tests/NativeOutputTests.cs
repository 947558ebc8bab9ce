using System.Text.Json.Nodes;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Tool.Output;

namespace Ecs.BlueGreen.Tool.Tests;

/// <summary>How a native deployment's result is reported: exit code and outcome, the JSON document, GitHub Actions' outputs and summary, the progress lines.</summary>
public class NativeOutputTests
{
    private const string Arn = "arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/abc123";
    private const string NewRevision = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2";

    private static readonly DateTimeOffset Start = new(2025, 7, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly PausedHook Hook = new()
    {
        Cluster = "prod",
        Service = "web",
        Stage = DeploymentStage.PostTestTrafficShift,
        HookId = "hook-1",
        ServiceDeploymentArn = Arn,
        TargetServiceRevisionArn = "arn:aws:ecs:us-east-1:123456789012:service-revision/prod/web/7",
        TaskDefinitionArn = NewRevision,
        ExpiresAt = Start.AddHours(24),
        TimeoutAction = "ROLLBACK",
        ProductionListenerRule = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/alb/1/2/prod",
        TestListenerRule = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/alb/1/2/test",
    };

    private static DeploymentResult Paused() => new()
    {
        Outcome = DeploymentOutcome.Paused,
        Reason = "BLUE_GREEN deployment abc123 is paused at POST_TEST_TRAFFIC_SHIFT: hook hook-1 awaits action (then ROLLBACK at its timeout).",
        Cluster = "prod",
        Service = "web",
        PreviousTaskDefinitionArn = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1",
        TaskDefinitionArn = NewRevision,
        Registered = true,
        DeploymentId = "ecs-svc/123",
        ServiceDeploymentArn = Arn,
        LifecycleStage = DeploymentStage.PostTestTrafficShift,
        PausedHook = Hook,
        StartTime = Start,
        EndTime = Start.AddMinutes(3),
    };

    private static DeployRequest Request(params string[] args) =>
        OptionValidator.Validate(CommandLine.Parse(args.Length > 0 ? args : ["-c", "prod", "-n", "web", "-i", "repo/web:2", "--wait-until", "paused"]).Options, _ => null).Request!;

    private sealed record Written(string Out, string Error, string[] Outputs, string Summary);

    /// <summary>Writes <paramref name="outcome"/> as the command does, under GitHub Actions.</summary>
    private static Written Write(CommandOutcome outcome, OutputFormat format)
    {
        var folder = Directory.CreateTempSubdirectory("ecs-bluegreen-native-").FullName;
        try
        {
            var environment = new Dictionary<string, string>
            {
                ["GITHUB_ACTIONS"] = "true",
                ["GITHUB_OUTPUT"] = Path.Combine(folder, "output"),
                ["GITHUB_STEP_SUMMARY"] = Path.Combine(folder, "summary"),
            };
            using var output = new StringWriter();
            using var error = new StringWriter();
            var github = new GitHubActions(name => environment.GetValueOrDefault(name), error);
            using (var reporter = new ConsoleReporter(error, Terminal.None, github, TimeProvider.System))
            {
                new ResultWriter(output, reporter, github).Write(outcome, format);
            }

            return new Written(output.ToString(), error.ToString(), File.ReadAllLines(environment["GITHUB_OUTPUT"]), File.ReadAllText(environment["GITHUB_STEP_SUMMARY"]));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void Paused_is_exit_0_with_outcome_paused()
    {
        ExitCodes.Of(Paused()).Should().Be(ExitCodes.Success);
        ExitCodes.OutcomeOf(Paused()).Should().Be("paused");
        var outcome = CommandOutcome.Of(Paused(), Request());
        outcome.Should().BeEquivalentTo(new { ExitCode = 0, Outcome = "paused" });
        outcome.Reason.Should().Be("Deployment of web is paused: " + Paused().Reason + " Continue it with --continue or roll it back with --rollback-deployment (-c prod -n web).");
    }

    [Test]
    public void The_JSON_document_carries_the_stage_the_service_deployment_and_the_paused_hook()
    {
        var written = Write(CommandOutcome.Of(Paused(), Request()), OutputFormat.Json);

        var document = JsonNode.Parse(written.Out)!.AsObject();
        ((string?)document["outcome"]).Should().Be("paused");
        ((int)document["exitCode"]!).Should().Be(0);
        ((string?)document["serviceDeploymentArn"]).Should().Be(Arn);
        ((string?)document["lifecycleStage"]).Should().Be("POST_TEST_TRAFFIC_SHIFT");
        document["pausedHook"]!.ToJsonString().Should().Be(new JsonObject
        {
            ["hookId"] = "hook-1",
            ["stage"] = "POST_TEST_TRAFFIC_SHIFT",
            ["serviceDeploymentArn"] = Arn,
            ["targetServiceRevisionArn"] = Hook.TargetServiceRevisionArn,
            ["taskDefinitionArn"] = NewRevision,
            ["expiresAt"] = "2025-07-02T12:00:00+00:00",
            ["timeoutAction"] = "ROLLBACK",
            ["productionListenerRule"] = Hook.ProductionListenerRule,
            ["testListenerRule"] = Hook.TestListenerRule,
        }.ToJsonString());
    }

    [Test]
    public void The_new_members_are_null_for_a_rolling_deployment()
    {
        var rolling = Paused() with { Outcome = DeploymentOutcome.Succeeded, Reason = "2/2 running.", ServiceDeploymentArn = null, LifecycleStage = null, PausedHook = null };
        var document = JsonNode.Parse(Write(CommandOutcome.Of(rolling, Request("-c", "prod", "-n", "web", "-i", "repo/web:2")), OutputFormat.Json).Out)!.AsObject();

        document.ContainsKey("lifecycleStage").Should().BeTrue();
        document["lifecycleStage"].Should().BeNull();
        document.ContainsKey("pausedHook").Should().BeTrue();
        document["pausedHook"].Should().BeNull();
    }

    [Test]
    public void GitHub_outputs_give_a_later_step_the_service_deployment_the_stage_and_the_hook()
    {
        var written = Write(CommandOutcome.Of(Paused(), Request()), OutputFormat.Text);

        written.Outputs.Should().Equal(
            $"task-definition-arn={NewRevision}",
            "previous-task-definition-arn=arn:aws:ecs:us-east-1:123456789012:task-definition/web:1",
            "deployment-id=ecs-svc/123",
            $"service-deployment-arn={Arn}",
            "lifecycle-stage=POST_TEST_TRAFFIC_SHIFT",
            "hook-id=hook-1",
            "outcome=paused");
        written.Summary.Should().StartWith("### ecs-bluegreen: web in prod: paused")
            .And.Contain("| Lifecycle stage | POST_TEST_TRAFFIC_SHIFT |")
            .And.Contain($"| Service deployment | {Arn} |")
            .And.Contain("| Paused hook | hook-1 at POST_TEST_TRAFFIC_SHIFT, until 2025-07-02 12:00:00Z (then ROLLBACK) |");
        written.Out.Should().Be($"New task definition: {NewRevision}\nService deployment paused at POST_TEST_TRAFFIC_SHIFT (hook hook-1).\n");
        written.Error.Should().NotContain("::error");
    }

    [Test]
    public void A_finished_native_deployment_outputs_its_stage_but_no_hook()
    {
        var done = Paused() with { Outcome = DeploymentOutcome.Succeeded, Reason = "SUCCESSFUL.", LifecycleStage = DeploymentStage.CleanUp, PausedHook = null };
        var outputs = Write(CommandOutcome.Of(done, Request("-c", "prod", "-n", "web", "-i", "repo/web:2")), OutputFormat.Text).Outputs;

        outputs.Should().Contain(["lifecycle-stage=CLEAN_UP", $"service-deployment-arn={Arn}", "outcome=succeeded"]);
        outputs.Should().NotContain(line => line.StartsWith("hook-id=", StringComparison.Ordinal));
    }

    [Test]
    public void Rollback_deployment_reports_the_rollback_and_exits_0_once_ECS_rolled_back()
    {
        var rolledBack = Paused() with
        {
            Outcome = DeploymentOutcome.Succeeded,
            Reason = "ECS rolled back.",
            PausedHook = null,
            Rollback = new RollbackResult
            {
                Outcome = DeploymentOutcome.Succeeded,
                Reason = "ECS restored web:1 (ROLLBACK_SUCCESSFUL).",
                TaskDefinitionArn = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1",
                StartTime = Start,
                EndTime = Start.AddMinutes(1),
            },
        };
        var outcome = CommandOutcome.Of(rolledBack, Request("-c", "prod", "-n", "web", "--rollback-deployment"));

        outcome.ExitCode.Should().Be(ExitCodes.Success);
        outcome.Reason.Should().Be("Rolled back abc123 of web in prod in 180s: ECS restored web:1 (ROLLBACK_SUCCESSFUL).");
        Write(outcome, OutputFormat.Text).Out.Should().EndWith("Service deployment rolled back.\n");

        var failed = rolledBack with
        {
            Outcome = DeploymentOutcome.Failed,
            Reason = "ROLLBACK_FAILED.",
            Rollback = new RollbackResult { Outcome = DeploymentOutcome.Failed, Reason = "ROLLBACK_FAILED.", TaskDefinitionArn = rolledBack.Rollback.TaskDefinitionArn, StartTime = Start, EndTime = Start.AddMinutes(1) },
        };
        CommandOutcome.Of(failed, Request("-c", "prod", "-n", "web", "--rollback-deployment")).Should().BeEquivalentTo(new
        {
            ExitCode = ExitCodes.RollbackFailed,
            Outcome = "rollback-failed",
            Reason = "The rollback of web did not succeed: ROLLBACK_FAILED.",
        });
    }

    [Test]
    public void Progress_shows_stages_traffic_hooks_the_pause_and_the_smoke_test()
    {
        using var error = new StringWriter();
        var github = new GitHubActions(name => name == "GITHUB_ACTIONS" ? "true" : null, error);
        using (var reporter = new ConsoleReporter(error, new Terminal(IsInteractive: false, UseColor: true), github, TimeProvider.System))
        {
            reporter.Report(new ServiceDeploymentWaitStarted { Time = Start, ServiceDeploymentArn = Arn, Strategy = "BLUE_GREEN", Budget = TimeSpan.FromMinutes(10), BudgetExplained = "as given" });
            reporter.Report(new LifecycleStageEntered { Time = Start, Stage = DeploymentStage.PostTestTrafficShift, Previous = DeploymentStage.TestTrafficShift, TimeInPrevious = TimeSpan.FromSeconds(40) });
            reporter.Report(new TrafficShifted { Time = Start, ProductionWeight = 0, TestWeight = 100, SourceProductionWeight = 100, SourceTestWeight = 0 });
            reporter.Report(new LifecycleHookChanged { Time = Start, HookId = "hook-1", Stage = DeploymentStage.PostTestTrafficShift, TargetType = "PAUSE", Status = "AWAITING_ACTION" });
            reporter.Report(new DeploymentPaused { Time = Start, Hook = Hook, AnsweredHere = true });
            reporter.Report(new SmokeTestStarted { Time = Start, Hook = Hook, Test = "curl -fsS http://test", Timeout = TimeSpan.FromMinutes(1) });
            reporter.Report(new SmokeTestOutput { Time = Start, Line = "HTTP 200" });
            reporter.Report(new SmokeTestOutput { Time = Start, Line = "::error::not a workflow command", IsError = true });
            reporter.Report(new SmokeTestFinished { Time = Start, Passed = false, Reason = "exit code 22", Elapsed = TimeSpan.FromSeconds(2) });
            reporter.Report(new LifecycleHookAnswered { Time = Start, HookId = "hook-1", Action = "ROLLBACK" });
            reporter.Report(new ServiceDeploymentRollbackRequested { Time = Start, ServiceDeploymentArn = Arn, Reason = "the smoke test failed" });
            reporter.Report(new ServiceDeploymentWaiting { Time = Start, Stage = DeploymentStage.BakeTime, TimeInStage = TimeSpan.FromMinutes(2), BakeTimeRemaining = TimeSpan.FromMinutes(3), Remaining = TimeSpan.FromMinutes(5) });
            reporter.Report(new DeploymentFinished { Time = Start, Outcome = DeploymentOutcome.Paused, Reason = "paused at POST_TEST_TRAFFIC_SHIFT." });
        }

        var text = error.ToString();
        const string Green = "\u001b[32m";
        const string Yellow = "\u001b[33m";
        const string Red = "\u001b[31m";
        text.Should().Contain("::group::Waiting for BLUE_GREEN deployment abc123\n").And.Contain("::endgroup::")
            .And.Contain("Watching BLUE_GREEN deployment abc123 for up to 10m (as given).")
            .And.Contain("Stage POST_TEST_TRAFFIC_SHIFT (after 40s in TEST_TRAFFIC_SHIFT).")
            .And.Contain("Traffic: new revision 0% of production and 100% of test; old revision 100% of production and 0% of test.")
            .And.Contain("Hook hook-1 (PAUSE at POST_TEST_TRAFFIC_SHIFT): AWAITING_ACTION.")
            .And.Contain("Paused at POST_TEST_TRAFFIC_SHIFT: hook hook-1 awaits action")
            .And.Contain("Smoke test at POST_TEST_TRAFFIC_SHIFT (hook hook-1), up to 1m: curl -fsS http://test")
            .And.Contain("[smoke-test] HTTP 200")
            .And.Contain(Red + "Smoke test failed after 2s: exit code 22")
            .And.Contain(Yellow + "Hook hook-1 answered: ROLLBACK.")
            .And.Contain(Yellow + "Asked ECS to roll back abc123: the smoke test failed")
            .And.Contain("Still BAKE_TIME after 2m, about 3m of bake time left (5m left to wait).")
            .And.Contain(Green + "Deployment paused: paused at POST_TEST_TRAFFIC_SHIFT.");
        text.Split('\n').Should().NotContain(line => line.StartsWith("::error", StringComparison.Ordinal), "a smoke test's output cannot start a workflow command");
    }
}
