using System.Text.Json.Nodes;
using Ecs.BlueGreen.Testing.Scenarios;
using Ecs.BlueGreen.Tool.Tests.Support;

namespace Ecs.BlueGreen.Tool.Tests;

/// <summary>-d FAMILY --run-task, in-process against the in-memory emulator: the exit code is what the task did, never a guess.</summary>
public class RunTaskTests
{
    private static string[] RunTask(params string[] more) => ["-c", "prod", "-d", "migrate", "-i", "repo/migrate:2", "--run-task", "-t", "3600", .. more];

    [Test]
    public async Task A_migration_that_exits_0_is_exit_code_0_with_ecs_deploys_lines()
    {
        var run = new InProcess(Scenarios.Migrate(new ImageBehaviour { RunTaskExitCode = 0 }));
        var result = await run.RunAsync(RunTask("--wait-for-success"));

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        run.Writes().Should().Equal("RegisterTaskDefinition", "RunTask");
        run.Request("RunTask")["taskDefinition"]!.GetValue<string>().Should().EndWith("task-definition/migrate:2");
        var taskArn = TaskArn(result);
        result.Out.Should().Be($"New task definition: arn:aws:ecs:us-east-1:123456789012:task-definition/migrate:2\nExecuted task: {taskArn}\nTask {taskArn} executed successfully!\n");
        result.Error.Should().Contain("  container app exited with code 0");
    }

    [Test]
    public async Task A_migration_that_exits_3_is_exit_code_3_with_the_reason()
    {
        var run = new InProcess(Scenarios.Migrate(new ImageBehaviour { RunTaskExitCode = 3 }));
        var result = await run.RunAsync(RunTask("--wait-for-success"));

        result.ExitCode.Should().Be(3, result.ToString());
        result.Error.Should().MatchRegex(@"ERROR: Task [0-9a-f]+ failed: container app exited with code 3\.");
        result.Out.Should().NotContain("successfully");
    }

    [Test]
    public async Task An_image_that_cannot_be_pulled_is_the_failed_to_start_code_with_the_reason()
    {
        var run = new InProcess(Scenarios.Migrate(new ImageBehaviour { PullFailure = true }));
        var result = await run.RunAsync(RunTask("--wait-for-success"));

        result.ExitCode.Should().Be(ExitCodes.TaskFailedToStart, result.ToString());
        result.Error.Should().Contain("ERROR: Task").And.Contain("CannotPullContainerError");
        result.Out.Should().NotContain("successfully");
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task RunTask_failures_are_a_clear_error_and_never_a_success_line(bool wait)
    {
        var run = new InProcess(Scenarios.Migrate(new ImageBehaviour { NoCapacity = true }));
        var result = await run.RunAsync(wait ? RunTask("--wait-for-success") : RunTask());

        result.ExitCode.Should().Be(ExitCodes.TaskFailedToStart, result.ToString());
        run.Writes().Should().Equal("RegisterTaskDefinition", "RunTask");
        result.Error.Should().Contain("ERROR: ECS could not start a task of migrate:2: RESOURCE");
        result.Out.Should().NotContain("Executed task").And.NotContain("successfully").And.NotContain("null");
    }

    [Test]
    public async Task Every_essential_container_is_checked_and_every_container_is_listed()
    {
        var run = new InProcess(Scenarios.Migrate(
            new ImageBehaviour { RunTaskExitCode = 0, RunTaskContainerExitCodes = new Dictionary<string, int> { ["verify"] = 4 } },
            Scenarios.MigrateContainer(), Scenarios.MigrateContainer("verify", "repo/verify:1")));
        var result = await run.RunAsync(RunTask("--wait-for-success"));

        result.ExitCode.Should().Be(4, result.ToString());
        result.Error.Should().Contain("  container app exited with code 0\n").And.Contain("  container verify exited with code 4\n");
        result.Out.Should().NotContain("successfully");
    }

    [Test]
    public async Task Without_wait_for_success_a_started_task_is_exit_code_0_and_its_ARN()
    {
        var run = new InProcess(Scenarios.Migrate(new ImageBehaviour { RunTaskExitCode = 5 }));
        var result = await run.RunAsync(RunTask());

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        result.Out.Should().Be($"New task definition: arn:aws:ecs:us-east-1:123456789012:task-definition/migrate:2\nExecuted task: {TaskArn(result)}\n");
        result.Error.Should().Contain("not waiting for it to stop");
        run.Emulator.CountCalls("DescribeTasks").Should().Be(0);
    }

    [Test]
    public async Task A_task_that_does_not_stop_in_time_is_exit_code_1()
    {
        var run = new InProcess(Scenarios.Migrate(new ImageBehaviour()));
        var result = await run.RunAsync(RunTask("--wait-for-success", "-t", "60"));

        result.ExitCode.Should().Be(ExitCodes.TimedOut, result.ToString());
        result.Error.Should().Contain("did not stop within");
    }

    [TestCase("awsvpcConfiguration={subnets=[subnet-$(touch x),sub;net`id`],securityGroups=[sg-1 && echo],assignPublicIp=ENABLED}")]
    [TestCase("""{"awsvpcConfiguration":{"subnets":["subnet-$(touch x)","sub;net`id`"],"securityGroups":["sg-1 && echo"],"assignPublicIp":"ENABLED"}}""")]
    public async Task Network_configuration_in_shorthand_or_JSON_is_sent_literally(string network)
    {
        var run = new InProcess(Scenarios.Migrate(new ImageBehaviour { RunTaskExitCode = 0 }));
        var result = await run.RunAsync(RunTask("--launch-type", "FARGATE", "--platform-version", "1.4.0", "--network-configuration", network,
            "--started-by", "ci/run-42", "--command", """["sh","-c","echo $(id); rm -rf `x`"]"""));

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var request = run.Request("RunTask");
        var vpc = request["networkConfiguration"]!["awsvpcConfiguration"]!;
        vpc["subnets"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("subnet-$(touch x)", "sub;net`id`");
        vpc["securityGroups"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("sg-1 && echo");
        vpc["assignPublicIp"]!.GetValue<string>().Should().Be("ENABLED");
        request["launchType"]!.GetValue<string>().Should().Be("FARGATE");
        request["platformVersion"]!.GetValue<string>().Should().Be("1.4.0");
        request["startedBy"]!.GetValue<string>().Should().Be("ci/run-42");
        request["overrides"]!["containerOverrides"]![0]!["command"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("sh", "-c", "echo $(id); rm -rf `x`");
    }

    [Test]
    public async Task Capacity_provider_strategy_and_a_plain_command_are_sent()
    {
        var run = new InProcess(Scenarios.Migrate(new ImageBehaviour { RunTaskExitCode = 0 }));
        var result = await run.RunAsync(RunTask("--capacity-provider-strategy", "capacityProvider=FARGATE_SPOT,weight=1,base=0",
            "--capacity-provider-strategy", """[{"capacityProvider":"FARGATE","weight":2}]""", "--command", "npm run migrate"));

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var request = run.Request("RunTask");
        request["capacityProviderStrategy"]!.ToJsonString().Should().Be("""[{"capacityProvider":"FARGATE_SPOT","weight":1,"base":0},{"capacityProvider":"FARGATE","weight":2}]""");
        request["overrides"]!["containerOverrides"]![0]!["command"]!.ToJsonString().Should().Be("""["npm","run","migrate"]""");
    }

    [Test]
    public async Task Output_json_includes_the_task_result()
    {
        var run = new InProcess(Scenarios.Migrate(new ImageBehaviour { RunTaskExitCode = 3 }));
        var result = await run.RunAsync(RunTask("--wait-for-success", "--output", "json"));

        result.ExitCode.Should().Be(3, result.ToString());
        var json = JsonNode.Parse(result.Out)!;
        json["outcome"]!.GetValue<string>().Should().Be("task-failed");
        json["exitCode"]!.GetValue<int>().Should().Be(3);
        var task = json["task"]!;
        task["taskArn"]!.GetValue<string>().Should().Contain(":task/prod/");
        task["outcome"]!.GetValue<string>().Should().Be("Failed");
        task["exitCode"]!.GetValue<int>().Should().Be(3);
        task["stopCode"]!.GetValue<string>().Should().Be("EssentialContainerExited");
        task["containers"]!.ToJsonString().Should().Contain("\"name\":\"app\"").And.Contain("\"exitCode\":3");
    }

    [Test]
    public async Task Tail_logs_prints_every_line_of_the_task_in_order_prefixed_with_the_container()
    {
        string[] lines = ["migrating 1/4", "migrating 2/4", "migrating 3/4", "done: 4 migrations"];
        var run = new InProcess(Scenarios.Migrate(new ImageBehaviour { RunTaskExitCode = 0, RunTaskSeconds = 3, LogLines = lines }));
        var result = await run.RunAsync(RunTask("--wait-for-success", "--tail-logs"));

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var printed = result.Error.Split('\n').Where(l => l.StartsWith("[app] ", StringComparison.Ordinal)).ToList();
        printed.Should().Equal(lines.Select(l => $"[app] {l}"), result.ToString());
        run.Emulator.CountCalls("GetLogEvents").Should().BeGreaterThan(0);
    }

    [Test]
    public async Task Dry_run_lists_the_registration_and_the_run_and_writes_nothing()
    {
        var run = new InProcess(Scenarios.Migrate(new ImageBehaviour { RunTaskExitCode = 0, RunTaskSeconds = 3 }));
        var result = await run.RunAsync(RunTask("--wait-for-success", "--launch-type", "FARGATE", "--command", "npm run migrate", "--dry-run"));

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        run.Writes().Should().BeEmpty();
        result.Out.Should().EndWith("""
            Calls that would be made:
              RegisterTaskDefinition (family migrate)
              RunTask (cluster prod, taskDefinition (the new revision), launchType FARGATE, command override)
              DescribeTasks until the task stops (at most 3600s)

            """);
    }

    [TestCase("--tail-logs")]
    [TestCase(null)]
    public async Task The_task_s_log_is_read_in_the_region_the_container_logs_to_whether_tailed_or_reported(string? tail)
    {
        string[] lines = ["migrating 1/2", "failed: column exists"];
        var run = new InProcess(Scenarios.Migrate(new ImageBehaviour { RunTaskExitCode = 3, RunTaskSeconds = 3, LogLines = lines }));
        string[] more = tail is null ? ["--wait-for-success", "-r", "eu-west-1"] : ["--wait-for-success", "-r", "eu-west-1", tail];

        var result = await run.RunAsync(RunTask(more));

        result.ExitCode.Should().Be(3, result.ToString());
        result.Error.Should().Contain(lines[1]);
        run.LogReadRegions.Should().NotBeEmpty().And.OnlyContain(r => r == "us-east-1", "the container's awslogs-region is us-east-1, not the command's");
    }

    private static string TaskArn(RunResult result) =>
        result.Out.Split('\n').Single(l => l.StartsWith("Executed task: ", StringComparison.Ordinal))["Executed task: ".Length..];
}
