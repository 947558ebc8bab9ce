using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ecs.BlueGreen.Testing.Scenarios;
using Ecs.BlueGreen.Tool.Tests.Support;

namespace Ecs.BlueGreen.Tool.Tests;

/// <summary>
/// Under GitHub Actions the runner reads stdout and stderr line by line (a line ends at \n, \r or \r\n) and runs a
/// line as a workflow command when, after leading whitespace, it starts with "::", or when it holds "##[" anywhere
/// (the older form). Text that comes from the user or from AWS (container log lines, names, messages) must never
/// make such a line; only the commands the tool means to write may appear.
/// </summary>
public partial class WorkflowCommandInjectionTests
{
    private static readonly string[] HostileLines =
    [
        "::add-mask::not-a-secret",
        "  ::error title=fake::the build is broken",
        "\u00a0::stop-commands::pwned",
        "progress ##[set-output name=ok;]true",
        "first line\n::warning::from a second line",
        "carriage\r::notice::return",
    ];

    /// <summary>The web service logging with awslogs, and an image that prints <see cref="HostileLines"/> and crashes.</summary>
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
            Images = new Dictionary<string, ImageBehaviour> { ["repo/web:hostile"] = new() { CrashAfterSeconds = 5, ExitCode = 1, LogLines = HostileLines } },
        };
    }

    private static async Task<RunResult> UnderGitHubActions(InProcess run, params string[] args)
    {
        var folder = Directory.CreateTempSubdirectory("ecs-bluegreen-injection-").FullName;
        try
        {
            run.Environment["GITHUB_ACTIONS"] = "true";
            run.Environment["GITHUB_OUTPUT"] = Path.Combine(folder, "output");
            run.Environment["GITHUB_STEP_SUMMARY"] = Path.Combine(folder, "summary");
            var result = await run.RunAsync(args);
            var outputs = Path.Combine(folder, "output");
            if (File.Exists(outputs))
            {
                (await File.ReadAllLinesAsync(outputs)).Should().OnlyContain(line => OutputLine().IsMatch(line), "each output is one name=value line");
            }

            return result;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// Every line the runner would take for a command that the tool did not mean to write. The runner tries the "::"
    /// form first, so a command of ours whose escaped data holds "##[" is still only that command.
    /// </summary>
    private static List<string> Injected(RunResult result) =>
        (result.Out + "\n" + result.Error).Split(["\r\n", "\r", "\n"], StringSplitOptions.None)
            .Where(line => !Ours().IsMatch(line) && (line.TrimStart().StartsWith("::", StringComparison.Ordinal) || line.Contains("##[", StringComparison.Ordinal)))
            .ToList();

    [Test]
    public async Task Container_log_lines_in_a_failure_report_start_no_command()
    {
        var run = new InProcess(Scenario());

        var result = await UnderGitHubActions(run, "-c", "prod", "-n", "web", "-i", "repo/web:hostile", "-t", "3600");

        result.ExitCode.Should().Be(ExitCodes.DeploymentFailed, result.ToString());
        result.Error.Should().Contain("::add-mask::not-a-secret", "the line is still shown");
        Injected(result).Should().BeEmpty(result.ToString());
    }

    [Test]
    public async Task Container_log_lines_in_a_json_result_start_no_command()
    {
        var run = new InProcess(Scenario());

        var result = await UnderGitHubActions(run, "-c", "prod", "-n", "web", "-i", "repo/web:hostile", "-t", "3600", "--output", "json");

        Injected(result).Should().BeEmpty(result.ToString());
        var document = JsonNode.Parse(result.Out)!;
        document["stoppedTasks"]!.AsArray().SelectMany(t => t!["containers"]![0]!["logLines"]!.AsArray()).Select(l => (string)l!)
            .Should().Contain(HostileLines, "the JSON document carries the lines unchanged");
    }

    [Test]
    public async Task Tailed_log_lines_of_a_one_off_task_start_no_command()
    {
        var run = new InProcess(Scenarios.Migrate(new ImageBehaviour { RunTaskExitCode = 0, LogLines = HostileLines }, Scenarios.MigrateContainer()));

        var result = await UnderGitHubActions(run, "-c", "prod", "-d", "migrate", "-i", "repo/migrate:2", "--run-task", "--wait-for-success", "--tail-logs", "-t", "3600");

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        result.Error.Should().Contain("[app] ");
        Injected(result).Should().BeEmpty(result.ToString());
    }

    [TestCase("-c", "prod\n::error::injected", "-n", "web", "-i", "repo/web:2")]
    [TestCase("-c", "prod", "-n", "web", "-i", "repo/web:2", "--env", "app:A\n::error::injected=1", "--dry-run")]
    [TestCase("-c", "prod", "-n", "web", "--container", "app\n::error::injected=repo/web:2")]
    [TestCase("-c", "prod", "-n", "web", "-i", "repo/web:2", "--bogus\n::error::injected")]
    [TestCase("-c", "prod", "-n", "web", "-i", "repo/web:2", "--output", "yaml\n::error::injected")]
    [TestCase("-c", "prod", "-n", "web", "-i", "repo/web:2", "-c", "##[error]injected")]
    public async Task Values_the_user_gave_start_no_command(params string[] args)
    {
        var run = new InProcess(Scenarios.Web());

        var result = await UnderGitHubActions(run, [.. args, "-t", "3600"]);

        result.ToString().Should().Contain("injected", "the value is still shown");
        Injected(result).Should().BeEmpty(result.ToString());
    }

    [GeneratedRegex(@"\A::(group|endgroup|error title=ecs-bluegreen)::[^\r\n]*\z")]
    private static partial Regex Ours();

    [GeneratedRegex(@"\A[a-z-]+=[^\r\n]*\z")]
    private static partial Regex OutputLine();
}
