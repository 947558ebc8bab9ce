using System.Text.Json.Nodes;
using Ecs.BlueGreen.Testing.Scenarios;
using Ecs.BlueGreen.Tool.Tests.Support;

namespace Ecs.BlueGreen.Tool.Tests;

/// <summary>A failed deployment names its cause: the crash's exit code, the stopped reason and what the container printed last.</summary>
public class FailureReportTests
{
    private static readonly string[] StackTrace =
    [
        "Starting web 2.0",
        "Unhandled exception. System.InvalidOperationException: DATABASE_URL is not set",
        "   at Web.Program.Main(String[] args) in /src/Program.cs:line 12",
    ];

    /// <summary>The web service, whose containers log with awslogs, and an image that prints a stack trace and exits 134.</summary>
    private static EmulatorScenario Scenario()
    {
        var scenario = Scenarios.Web();
        var definition = scenario.TaskDefinitions[0].DeepClone().AsObject();
        definition["containerDefinitions"]![0]!["logConfiguration"] = new JsonObject
        {
            ["logDriver"] = "awslogs",
            ["options"] = new JsonObject { ["awslogs-group"] = "/ecs/web", ["awslogs-region"] = "us-east-1", ["awslogs-stream-prefix"] = "web" },
        };
        return scenario with
        {
            TaskDefinitions = [definition],
            Images = new Dictionary<string, ImageBehaviour> { ["repo/web:broken"] = new() { CrashAfterSeconds = 5, ExitCode = 134, LogLines = StackTrace } },
        };
    }

    [Test]
    public async Task The_text_report_shows_the_exit_code_the_stopped_reason_and_the_last_log_lines()
    {
        var run = new InProcess(Scenario());

        var result = await run.RunAsync("-c", "prod", "-n", "web", "-i", "repo/web:broken", "-t", "3600");

        result.ExitCode.Should().Be(ExitCodes.DeploymentFailed, result.ToString());
        result.Error.Should().Contain("ERROR: Deployment of web failed:").And.Contain("Essential container in task exited; container app exited with code 134");
        var lines = result.Error.Split('\n');
        var header = Array.FindIndex(lines, l => l.Contains("log line(s) of container app (task ", StringComparison.Ordinal));
        header.Should().BeGreaterThan(0, result.ToString());
        lines.Skip(header + 1).Take(3).Select(l => l[(l.IndexOf("| ", StringComparison.Ordinal) + 2)..]).Should().Equal(StackTrace);
    }

    [TestCase("us-east-1")]
    [TestCase("eu-west-1")]
    public async Task The_last_log_lines_are_read_in_the_region_the_container_logs_to(string commandRegion)
    {
        var run = new InProcess(Scenario());

        var result = await run.RunAsync("-c", "prod", "-n", "web", "-i", "repo/web:broken", "-t", "3600", "-r", commandRegion);

        result.ExitCode.Should().Be(ExitCodes.DeploymentFailed, result.ToString());
        result.Error.Should().Contain(StackTrace[1]);
        run.LogReadRegions.Should().NotBeEmpty().And.OnlyContain(r => r == "us-east-1", "the container's awslogs-region is us-east-1");
    }

    [Test]
    public async Task The_json_report_and_the_github_summary_carry_the_log_lines()
    {
        var folder = Directory.CreateTempSubdirectory("ecs-bluegreen-report-").FullName;
        try
        {
            var run = new InProcess(Scenario());
            run.Environment["GITHUB_ACTIONS"] = "true";
            run.Environment["GITHUB_OUTPUT"] = Path.Combine(folder, "output");
            run.Environment["GITHUB_STEP_SUMMARY"] = Path.Combine(folder, "summary");

            var result = await run.RunAsync("-c", "prod", "-n", "web", "-i", "repo/web:broken", "-t", "3600", "--output", "json");

            var document = JsonNode.Parse(result.Out)!;
            var failed = document["stoppedTasks"]!.AsArray().Last(t => t!["containers"]![0]!["logLines"]!.AsArray().Count > 0)!;
            ((string)failed["stoppedReason"]!).Should().Be("Essential container in task exited");
            ((int)failed["containers"]![0]!["exitCode"]!).Should().Be(134);
            failed["containers"]![0]!["logLines"]!.AsArray().Select(l => (string)l!).Should().Equal(StackTrace);
            var summary = await File.ReadAllTextAsync(Path.Combine(folder, "summary"));
            summary.Should().Contain("<details><summary>Last log lines of container app (task ").And.Contain(StackTrace[1]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public async Task A_failed_one_off_task_shows_the_last_log_lines_of_its_failed_container()
    {
        var run = new InProcess(Scenarios.Migrate(new ImageBehaviour { RunTaskExitCode = 3, LogLines = ["applying 0042_orders", "ERROR: relation orders does not exist"] }));

        var result = await run.RunAsync("-d", "migrate", "-i", "repo/migrate:2", "--run-task", "--wait-for-success", "-c", "prod", "-t", "3600");

        result.ExitCode.Should().Be(3, result.ToString());
        result.Error.Should().Contain("log line(s) of container app (task ").And.Contain("  | ERROR: relation orders does not exist");
    }
}
