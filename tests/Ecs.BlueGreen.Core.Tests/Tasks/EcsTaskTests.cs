using System.Text.Json.Nodes;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Tasks;
using Ecs.BlueGreen.Testing.Scenarios;
using Ecs.BlueGreen.Tests.Deployments;

namespace Ecs.BlueGreen.Tests.Tasks;

/// <summary>One-off tasks on the emulator: the outcome is the essential containers' exit codes, never a guess.</summary>
public class EcsTaskTests
{
    private static EngineHarness Harness(ImageBehaviour behaviour, params JsonObject[] containers)
    {
        var definition = EngineHarness.TaskDefinition("migrate", containers.Length > 0 ? containers : [EngineHarness.Container("app", "repo/migrate:1")]);
        var scenario = EngineHarness.Web(1) with
        {
            TaskDefinitions = [EngineHarness.TaskDefinition("web", EngineHarness.Container("app", "repo/web:1")), definition],
            TaskDefinitionBehaviours = new Dictionary<string, ImageBehaviour> { ["migrate"] = behaviour },
        };
        return new EngineHarness(scenario);
    }

    private static EcsTask Task(EngineHarness harness) =>
        EcsTask.Run("prod", "migrate").WithClient(harness.Client).WithTimeProvider(harness.Clock).WithValidation(TaskRunValidation.None);

    private static Task<TaskRunResult> RunAsync(EngineHarness harness, EcsTask task, CancellationToken cancellationToken = default) =>
        harness.DriveAsync(token => task.RunAsync(token), cancellationToken: cancellationToken);

    [Test]
    public async Task A_task_that_exits_0_succeeds_with_exit_code_0()
    {
        using var harness = Harness(new ImageBehaviour { RunTaskExitCode = 0, RunTaskSeconds = 20 });

        var result = await RunAsync(harness, Task(harness).WaitForCompletion());

        result.Outcome.Should().Be(TaskRunOutcome.Succeeded, result.Reason);
        result.ExitCode.Should().Be(0);
        result.TaskArn.Should().Contain(":task/prod/");
        result.Duration.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(20));
    }

    [Test]
    public async Task A_task_that_exits_3_fails_with_exit_code_3_and_the_reason()
    {
        using var harness = Harness(new ImageBehaviour { RunTaskExitCode = 3 });

        var result = await RunAsync(harness, Task(harness).WaitForCompletion());

        result.Outcome.Should().Be(TaskRunOutcome.Failed);
        result.ExitCode.Should().Be(3);
        result.StopCode.Should().Be(TaskStopCode.EssentialContainerExited);
        result.Reason.Should().Be($"Task {result.TaskArn![(result.TaskArn!.LastIndexOf('/') + 1)..]} failed: container app exited with code 3.");
    }

    [Test]
    public async Task A_failed_task_reports_the_last_log_lines_of_the_failed_container()
    {
        using var harness = Harness(new ImageBehaviour { RunTaskExitCode = 3, LogLines = ["migrating 0042_add_index", "ERROR: relation \"orders\" does not exist"] },
            EngineHarness.LoggingContainer("app", "repo/migrate:1", "migrate"));

        var result = await RunAsync(harness, Task(harness).WithLogsClient(harness.Logs).WaitForCompletion());

        result.ExitCode.Should().Be(3);
        result.Containers.Single().LogLines.Should().Equal("migrating 0042_add_index", "ERROR: relation \"orders\" does not exist");
    }

    [Test]
    public async Task Every_essential_container_is_checked_so_a_failing_second_container_fails_the_task()
    {
        using var harness = Harness(
            new ImageBehaviour { RunTaskExitCode = 0, RunTaskContainerExitCodes = new Dictionary<string, int> { ["verify"] = 4 } },
            EngineHarness.Container("app", "repo/migrate:1"), EngineHarness.Container("verify", "repo/verify:1"));

        var result = await RunAsync(harness, Task(harness).WaitForCompletion());

        result.Outcome.Should().Be(TaskRunOutcome.Failed);
        result.ExitCode.Should().Be(4);
        result.Containers.Select(c => c.ToString()).Should().Equal("container app exited with code 0", "container verify exited with code 4");
    }

    [Test]
    public async Task A_task_whose_image_cannot_be_pulled_failed_to_start_with_the_pull_error()
    {
        using var harness = Harness(new ImageBehaviour { PullFailure = true });

        var result = await RunAsync(harness, Task(harness).WaitForCompletion());

        result.Outcome.Should().Be(TaskRunOutcome.FailedToStart);
        result.ExitCode.Should().BeNull();
        result.StopCode.Should().Be(TaskStopCode.TaskFailedToStart);
        result.Reason.Should().Contain("CannotPullContainerError");
    }

    [Test]
    public async Task RunTask_failures_are_a_clear_failure_never_a_success()
    {
        using var harness = Harness(new ImageBehaviour { NoCapacity = true });

        var result = await RunAsync(harness, Task(harness).WaitForCompletion());

        result.Outcome.Should().Be(TaskRunOutcome.FailedToStart);
        result.TaskArn.Should().BeNull();
        result.Failures.Should().NotBeEmpty();
        result.Reason.Should().StartWith("ECS could not start a task of migrate:1:");
    }

    [Test]
    public async Task Without_waiting_the_result_is_Started_with_the_task_arn()
    {
        using var harness = Harness(new ImageBehaviour { RunTaskExitCode = 3 });

        var result = await RunAsync(harness, Task(harness));

        result.Outcome.Should().Be(TaskRunOutcome.Started);
        result.ExitCode.Should().BeNull();
        harness.Emulator.CountCalls("DescribeTasks").Should().Be(0);
    }

    [Test]
    public async Task A_task_still_running_at_the_timeout_times_out_and_is_left_running()
    {
        using var harness = Harness(new ImageBehaviour());

        var result = await RunAsync(harness, Task(harness).WaitForCompletion().WithTimeout(TimeSpan.FromMinutes(1)));

        result.Outcome.Should().Be(TaskRunOutcome.TimedOut);
        result.Reason.Should().Contain("did not stop within 1m").And.Contain("left RUNNING");
    }

    [Test]
    public async Task Overrides_are_sent_as_lists_so_shell_metacharacters_stay_literal()
    {
        using var harness = Harness(new ImageBehaviour { RunTaskExitCode = 0 });
        string[] command = ["sh", "-c", "echo $(id); `rm -rf /` && true"];

        await RunAsync(harness, Task(harness).WithCommand("app", command).WithEnvironmentVariable("app", "MODE", "a&b|c").WithStartedBy("ci-123").WaitForCompletion());

        var request = JsonNode.Parse(harness.Emulator.Calls.Single(c => c.Operation == "RunTask").Request)!;
        var container = request["overrides"]!["containerOverrides"]![0]!;
        container["command"]!.AsArray().Select(n => (string)n!).Should().Equal(command);
        ((string)container["environment"]![0]!["value"]!).Should().Be("a&b|c");
        ((string)request["startedBy"]!).Should().Be("ci-123");
        ((string)request["clientToken"]!).Should().NotBeNullOrEmpty("RunTask retries are safe only with an idempotency token");
    }

    [Test]
    public async Task Invalid_overrides_and_a_missing_definition_are_refused_before_RunTask()
    {
        using var harness = Harness(new ImageBehaviour { RunTaskExitCode = 0 });

        var unknownContainer = () => RunAsync(harness, Task(harness).WithCommand("nope", ["x"]));
        var unknownDefinition = () => RunAsync(harness, EcsTask.Run("prod", "nosuch").WithClient(harness.Client).WithTimeProvider(harness.Clock));
        var both = () => RunAsync(harness, Task(harness).WithLaunchType(LaunchType.Fargate).WithCapacityProviderStrategy([new CapacityProviderStrategyItem { CapacityProvider = "FARGATE_SPOT" }]));

        (await unknownContainer.Should().ThrowAsync<DeploymentValidationException>()).Which.Message.Should().Be("No container named 'nope' in migrate:1; the containers are 'app'.");
        (await unknownDefinition.Should().ThrowAsync<DeploymentValidationException>()).Which.Message.Should().StartWith("The task definition 'nosuch' cannot be read:");
        (await both.Should().ThrowAsync<DeploymentValidationException>()).Which.Message.Should().Be("Give either a launch type or a capacity provider strategy, not both.");
        harness.Writes.Should().BeEmpty();
    }

    [Test]
    public async Task By_default_a_failed_task_throws_with_the_result()
    {
        using var harness = Harness(new ImageBehaviour { RunTaskExitCode = 3 });

        var act = () => RunAsync(harness, Task(harness).WithValidation(TaskRunValidation.Succeeded).WaitForCompletion());

        (await act.Should().ThrowAsync<TaskRunFailedException>()).Which.Result.ExitCode.Should().Be(3);
    }
}
