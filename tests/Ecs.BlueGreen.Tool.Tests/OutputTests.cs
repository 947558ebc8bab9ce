using System.Text.Json.Nodes;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Tool.Output;
using Ecs.BlueGreen.Tool.Tests.Support;

namespace Ecs.BlueGreen.Tool.Tests;

/// <summary>The result document, GitHub Actions' outputs, and what goes to stdout and stderr.</summary>
public class OutputTests
{
    [Test]
    public async Task Json_output_is_one_document_on_stdout()
    {
        var run = new InProcess(Scenarios.Web());
        var result = await run.RunAsync("-c", "prod", "-n", "web", "-i", "repo/web:2", "--output", "json", "-t", "3600");

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var document = JsonNode.Parse(result.Out)!.AsObject();
        document["outcome"]!.GetValue<string>().Should().Be("succeeded");
        document["exitCode"]!.GetValue<int>().Should().Be(0);
        document["taskDefinitionArn"]!.GetValue<string>().Should().EndWith("task-definition/web:2");
        document["previousTaskDefinitionArn"]!.GetValue<string>().Should().EndWith("task-definition/web:1");
        document["deploymentId"]!.GetValue<string>().Should().StartWith("ecs-svc/");
        document["changes"]!.ToJsonString().Should().Be("""[{"path":"containerDefinitions[app].image","before":"repo/web:1","after":"repo/web:2"}]""");
        document["events"]!.AsArray().Should().NotBeEmpty();
    }

    [Test]
    public async Task Json_output_of_a_refused_run_says_why()
    {
        var run = new InProcess(Scenarios.Web());
        var result = await run.RunAsync("-c", "prod", "-n", "web", "--output", "json");

        result.ExitCode.Should().Be(ExitCodes.NothingToDeploy);
        var document = JsonNode.Parse(result.Out)!.AsObject();
        document["outcome"]!.GetValue<string>().Should().Be("invalid-arguments");
        document["exitCode"]!.GetValue<int>().Should().Be(8);
        document["reason"]!.GetValue<string>().Should().StartWith("Nothing to deploy");
    }

    [Test]
    public async Task Under_GitHub_Actions_the_wait_is_grouped_a_failure_is_annotated_and_outputs_and_summary_are_written()
    {
        var folder = Directory.CreateTempSubdirectory("ecs-bluegreen-github-").FullName;
        try
        {
            var run = new InProcess(Scenarios.Web(circuitBreaker: true));
            run.Environment["GITHUB_ACTIONS"] = "true";
            run.Environment["GITHUB_OUTPUT"] = Path.Combine(folder, "output");
            run.Environment["GITHUB_STEP_SUMMARY"] = Path.Combine(folder, "summary");
            var result = await run.RunAsync("-c", "prod", "-n", "web", "-i", Scenarios.CrashingImage, "-t", "3600");

            result.ExitCode.Should().Be(ExitCodes.RolledBackByEcs, result.ToString());
            result.Error.Should().MatchRegex(@"(?s)::group::Waiting for deployment ecs-svc/\S+ \(web:2\)\n.*::endgroup::");
            result.Error.Should().Contain("::error title=ecs-bluegreen::Deployment of web failed: ECS rolled deployment");
            var outputs = await File.ReadAllLinesAsync(Path.Combine(folder, "output"));
            outputs.Should().HaveCount(4);
            outputs[0].Should().Be("task-definition-arn=arn:aws:ecs:us-east-1:123456789012:task-definition/web:2");
            outputs[1].Should().Be("previous-task-definition-arn=arn:aws:ecs:us-east-1:123456789012:task-definition/web:1");
            outputs[2].Should().MatchRegex("^deployment-id=ecs-svc/[0-9]+$");
            outputs[3].Should().Be("outcome=rolled-back-by-ecs");
            var summary = await File.ReadAllTextAsync(Path.Combine(folder, "summary"));
            summary.Should().StartWith("### ecs-bluegreen: web in prod: rolled-back-by-ecs").And.Contain("| Field | Value |\n| --- | --- |\n| Outcome | rolled-back-by-ecs (exit code 21) |");
            summary.Should().Contain("| Service | web in prod ([console](https://us-east-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/web/deployments?region=us-east-1)) |")
                .And.Contain("| Task definition | arn:aws:ecs:us-east-1:123456789012:task-definition/web:2 ([console](https://us-east-1.console.aws.amazon.com/ecs/v2/task-definitions/web/2?region=us-east-1)) |")
                .And.MatchRegex(@"\| Last failed task \| .+ \(\[console\]\(https://us-east-1\.console\.aws\.amazon\.com/ecs/v2/clusters/prod/tasks/[0-9a-f]+\?region=us-east-1\)\) \|");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestCase("arn:aws:ecs:eu-west-1:111122223333:task-definition/web:12", "https://eu-west-1.console.aws.amazon.com/ecs/v2/task-definitions/web/12?region=eu-west-1")]
    [TestCase("arn:aws-cn:ecs:cn-north-1:111122223333:task-definition/web:3", "https://cn-north-1.console.amazonaws.cn/ecs/v2/task-definitions/web/3?region=cn-north-1")]
    [TestCase("arn:aws-us-gov:ecs:us-gov-west-1:111122223333:task-definition/web:3", "https://us-gov-west-1.console.amazonaws-us-gov.com/ecs/v2/task-definitions/web/3?region=us-gov-west-1")]
    [TestCase("arn:aws-iso:ecs:us-iso-east-1:111122223333:task-definition/web:3", null)]
    [TestCase("web:3", null)]
    public void A_task_definition_links_to_its_console_page_in_its_own_partition_and_region(string arn, string? link)
    {
        ConsoleLinks.TaskDefinition(arn).Should().Be(link);
    }

    [Test]
    public void A_task_and_a_service_link_to_their_console_pages()
    {
        ConsoleLinks.Task("arn:aws:ecs:eu-west-1:111122223333:task/prod/0123abcd").Should().Be("https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod/tasks/0123abcd?region=eu-west-1");
        ConsoleLinks.Task("arn:aws:ecs:eu-west-1:111122223333:task/0123abcd").Should().BeNull("an old-format task ARN does not name its cluster");
        ConsoleLinks.Service("arn:aws:ecs:eu-west-1:111122223333:task-definition/web:2", "arn:aws:ecs:eu-west-1:111122223333:cluster/prod", "web")
            .Should().Be("https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/web/deployments?region=eu-west-1");
    }

    [Test]
    public void Workflow_command_data_is_escaped()
    {
        GitHubActions.EscapeData("50% done\r\nnext").Should().Be("50%25 done%0D%0Anext");
        GitHubActions.Cell("a|b\nc").Should().Be("a\\|b c");
    }

    [TestCase("(service web) encountered an error: the container instance agent is disconnected.", true)]
    [TestCase("(service web) was unable to place a task because no container instance met all of its requirements.", true)]
    [TestCase("(service web) has reached a steady state.", false)]
    public void An_ECS_event_that_reports_a_problem_is_shown_as_a_warning(string message, bool problem)
    {
        using var error = new StringWriter();
        var github = new GitHubActions(_ => null, error);
        using (var reporter = new ConsoleReporter(error, new Terminal(IsInteractive: false, UseColor: true), github, TimeProvider.System))
        {
            reporter.Report(new ServiceEventReceived { Time = DateTimeOffset.UnixEpoch, Event = new ServiceEventRecord { Id = "1", Message = message } });
        }

        const string Yellow = "\u001b[33m";
        error.ToString().Should().Contain($"ECS: {message}");
        error.ToString().Contains(Yellow + "ECS: ", StringComparison.Ordinal).Should().Be(problem, error.ToString());
    }

    [TestCase(null, "xterm", true)]
    [TestCase("1", "xterm", false)]
    [TestCase("", "xterm", true)]
    [TestCase(null, "dumb", false)]
    public void Colour_follows_NO_COLOR_and_TERM_on_a_terminal(string? noColor, string term, bool colour)
    {
        Terminal.Create(errorRedirected: false, name => name switch { "NO_COLOR" => noColor, "TERM" => term, _ => null }).UseColor.Should().Be(colour);
        Terminal.Create(errorRedirected: true, name => name switch { "NO_COLOR" => noColor, "TERM" => term, _ => null }).Should().Be(Terminal.None);
    }
}
