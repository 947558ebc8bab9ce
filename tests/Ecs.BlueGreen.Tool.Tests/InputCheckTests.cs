using System.Text.Json.Nodes;
using Ecs.BlueGreen.Testing.Scenarios;
using Ecs.BlueGreen.Tool.Tests.Support;

namespace Ecs.BlueGreen.Tool.Tests;

/// <summary>Input is checked to the letter before anything is written, and a refusal is one line with its exit code.</summary>
public class InputCheckTests
{
    private static string WriteFile(JsonNode content)
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, content.ToJsonString());
        return file;
    }

    [TestCase("-c", "prod", "-n", "web")]
    [TestCase("-d", "web")]
    public async Task A_task_definition_file_member_of_the_wrong_type_is_exit_14_with_its_JSON_path_before_any_call(params string[] target)
    {
        var definition = Scenarios.TaskDefinition();
        definition["containerDefinitions"]![0]!["memory"] = "lots";
        var file = WriteFile(new JsonObject { ["taskDefinition"] = definition });
        try
        {
            var run = new InProcess(Scenarios.Web());
            var result = await run.RunAsync([.. target, "--task-definition-file", file]);

            result.ExitCode.Should().Be(ExitCodes.InvalidOptionValue, result.ToString());
            result.Error.Should().Be($"ERROR: The task definition file '{file}' does not fit RegisterTaskDefinition: "
                + "$.taskDefinition.containerDefinitions[0].memory: expected a number, found a string (\"lots\").\n");
            run.Emulator.Calls.Should().BeEmpty("the file is checked before any AWS call");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [TestCase("-c", "nope")]
    [TestCase]
    public async Task Run_task_in_a_missing_cluster_is_refused_before_a_revision_is_registered(params string[] cluster)
    {
        var run = new InProcess(Scenarios.Migrate(new ImageBehaviour { RunTaskExitCode = 0 }));
        var result = await run.RunAsync([.. cluster, "-d", "migrate", "-i", "repo/migrate:2", "--run-task", "--wait-for-success"]);

        result.ExitCode.Should().Be(ExitCodes.Refused, result.ToString());
        var name = cluster.Length > 0 ? cluster[1] : "default";
        result.Error.Should().Contain($"ERROR: The cluster '{name}' was not found").And.Contain("nothing was registered");
        run.Writes().Should().BeEmpty();
        run.NewestTaskDefinition("migrate")["revision"]!.GetValue<int>().Should().Be(1);
        result.Out.Should().NotContain("New task definition");
    }
}
