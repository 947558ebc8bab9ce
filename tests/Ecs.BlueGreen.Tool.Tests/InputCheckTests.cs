using System.Text.Json.Nodes;
using Ecs.BlueGreen.Testing.Scenarios;
using Ecs.BlueGreen.Tool.Output;
using Ecs.BlueGreen.Tool.Tests.Support;

namespace Ecs.BlueGreen.Tool.Tests;

/// <summary>Input is checked to the letter before anything is written, and a refusal is one line with its exit code.</summary>
public class InputCheckTests
{
    private static readonly string[] AwsVariables = ["AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"];

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

    // A broken AWS configuration, wherever it is found (the settings, the shared files, a profile, the credentials
    // fetched at the first call), is exit 26 with one line that says what to fix; exit 70 would be a bug. The
    // endpoint is a closed local port, so a run that got as far as sending would fail with 25 instead.
    [TestCase("a region with a typo", "", "", "-r", "us-east-1x", "-k", "AKIA", "-s", "s")]
    [TestCase("a region that is not a host name", "", "", "-r", "not a region", "-k", "AKIA", "-s", "s")]
    [TestCase("a config file with a broken line", "[default]\nregion = us-east-1\nthis is not a setting\n", "[default]\naws_access_key_id = A\naws_secret_access_key = B\n")]
    [TestCase("a credentials file that is not INI", "[default]\nregion = us-east-1\n", "{\"aws_access_key_id\": \"A\"}\n")]
    [TestCase("a source_profile that does not exist", "[profile p]\nregion = us-east-1\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = missing\n", "", "-p", "p")]
    [TestCase("a role_arn without a source", "[profile p]\nregion = us-east-1\nrole_arn = arn:aws:iam::1:role/r\n", "", "-p", "p")]
    [TestCase("a credential_process that exits 1", "[profile p]\nregion = us-east-1\ncredential_process = sh -c 'echo denied >&2; exit 1'\n", "", "-p", "p")]
    [TestCase("a credential_process that prints no JSON", "[profile p]\nregion = us-east-1\ncredential_process = echo hello\n", "", "-p", "p")]
    [TestCase("a failing credential_process of the default profile", "[default]\nregion = us-east-1\ncredential_process = sh -c 'exit 1'\n", "")]
    [NonParallelizable]
    public async Task A_broken_AWS_configuration_is_exit_26_in_one_line(string what, string config, string credentials, params string[] more)
    {
        var variables = AwsVariables.ToDictionary(name => name, Environment.GetEnvironmentVariable);
        File.WriteAllText(AwsFiles.Config, config);
        File.WriteAllText(AwsFiles.Credentials, credentials);
        try
        {
            foreach (var name in variables.Keys)
            {
                Environment.SetEnvironmentVariable(name, null);
            }

            using var output = new StringWriter();
            using var error = new StringWriter();
            var context = new CliContext { Out = output, Error = error, Environment = _ => null, Terminal = Terminal.None };
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            string[] args = ["-c", "prod", "-n", "web", "-i", "repo/web:2", "--endpoint-url", "http://127.0.0.1:9", .. more];

            var code = await Cli.RunAsync(args, context, limit.Token);

            code.Should().Be(ExitCodes.AwsConfigurationError, $"{what}: {error}");
            error.ToString().Should().MatchRegex(@"\AERROR: [^\n]+\n\z", "one line").And.NotContain("internal error");
        }
        finally
        {
            File.WriteAllText(AwsFiles.Config, string.Empty);
            File.WriteAllText(AwsFiles.Credentials, string.Empty);
            foreach (var (name, value) in variables)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }
    }
}
