using System.Text.Json.Nodes;
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
}
