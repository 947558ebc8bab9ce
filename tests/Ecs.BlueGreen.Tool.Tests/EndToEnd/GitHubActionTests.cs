using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Ecs.BlueGreen.Testing;
using Ecs.BlueGreen.Testing.Hosting;
using Ecs.BlueGreen.Tool.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Ecs.BlueGreen.Tool.Tests.EndToEnd;

/// <summary>
/// The composite action at the repository root (action.yml), run step by step as a GitHub runner runs it: each run
/// step in bash with its env, its expressions (<c>${{ inputs.* }}</c>, <c>${{ github.action_path }}</c>) replaced,
/// its own GITHUB_OUTPUT file, and GITHUB_PATH applied to the steps after it
/// (https://docs.github.com/actions/reference/workflows-and-actions/workflow-commands). It installs the tool from
/// the package built by this test run, and deploys to the emulator.
/// </summary>
[NonParallelizable]
public partial class GitHubActionTests
{
    private const double Speed = 50;

    private static string ActionFile => Path.Combine(RepositoryRoot.Path, "action.yml");

    [Test]
    public async Task The_action_installs_the_tool_deploys_and_exposes_its_outputs_and_summary()
    {
        await using var server = await EcsEmulatorServer.StartAsync(new EcsEmulator(Scenarios.Web(), new ScaledTimeProvider(Speed)));

        var run = await RunActionAsync(new()
        {
            ["cluster"] = "prod",
            ["service"] = "web",
            ["image"] = "repo/web:2",
            ["timeout"] = "3600",
            ["rollback"] = "true",
            ["endpoint-url"] = server.Endpoint.ToString(),
        });

        run.ExitCode.Should().Be(0, run.Log);
        run.SkippedSteps.Should().Equal("Set up .NET");
        run.Log.Should().Contain($"ecs-bluegreen action: dotnet tool install --tool-path ").And.Contain($"ecs-bluegreen --version {InstalledTool.Version} --add-source {InstalledTool.PackageFolder}");
        run.Outputs["outcome"].Should().Be("succeeded");
        run.Outputs["task-definition-arn"].Should().Be("arn:aws:ecs:us-east-1:123456789012:task-definition/web:2");
        run.Outputs["previous-task-definition-arn"].Should().EndWith("task-definition/web:1");
        run.Outputs["deployment-id"].Should().StartWith("ecs-svc/");
        run.Summary.Should().Contain("| Outcome | succeeded (exit code 0) |");
        ((string)server.Emulator.GetState()["clusters"]![0]!["services"]![0]!["taskDefinition"]!).Should().EndWith("task-definition/web:2");
        server.Emulator.Calls.Select(c => c.Operation).Should().NotContain("DeregisterTaskDefinition");
    }

    [Test]
    public async Task A_failed_deployment_fails_the_step_with_the_command_s_exit_code_and_reason_and_extra_args_reach_the_command()
    {
        await using var server = await EcsEmulatorServer.StartAsync(new EcsEmulator(Scenarios.Web(circuitBreaker: true), new ScaledTimeProvider(Speed)));

        var run = await RunActionAsync(new()
        {
            ["cluster"] = "prod",
            ["service"] = "web",
            ["image"] = Scenarios.CrashingImage,
            ["timeout"] = "3600",
            ["endpoint-url"] = server.Endpoint.ToString(),
            ["args"] = "--output\njson\n",
        });

        run.ExitCode.Should().Be(ExitCodes.RolledBackByEcs, run.Log);
        run.Outputs["outcome"].Should().Be("rolled-back-by-ecs");
        run.Log.Should().Contain("::error title=ecs-bluegreen::").And.Contain("\"outcome\": \"rolled-back-by-ecs\"");
        run.Summary.Should().Contain("rolled-back-by-ecs (exit code 21)");
    }

    [Test]
    public async Task A_wrong_rollback_input_is_a_usage_error_before_any_call()
    {
        await using var server = await EcsEmulatorServer.StartAsync(new EcsEmulator(Scenarios.Web(), new ScaledTimeProvider(Speed)));

        var run = await RunActionAsync(new() { ["cluster"] = "prod", ["service"] = "web", ["image"] = "repo/web:2", ["rollback"] = "yes", ["endpoint-url"] = server.Endpoint.ToString() });

        run.ExitCode.Should().Be(ExitCodes.Usage, run.Log);
        run.Log.Should().Contain("The input rollback must be 'true' or 'false', not 'yes'.");
        server.Emulator.Calls.Should().BeEmpty();
    }

    [Test]
    public void Every_input_reaches_a_step_and_every_output_is_one_the_command_writes()
    {
        var action = Load();
        var inputs = ((YamlMappingNode)action["inputs"]).Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList();
        var steps = ((YamlSequenceNode)((YamlMappingNode)action["runs"])["steps"]).Children.Cast<YamlMappingNode>().ToList();
        // In an expression (${{ inputs.x }}) or a step's condition (if: inputs.x == 'true').
        var used = steps.SelectMany(s => Scalars(s)).SelectMany(v => InputReference().Matches(v).Select(m => m.Groups["name"].Value)).ToHashSet();
        inputs.Should().OnlyContain(i => used.Contains(i), "an input no step reads would be ignored silently");

        // What ResultWriter writes to $GITHUB_OUTPUT: the first four always, the others for native deployments.
        string[] written = ["task-definition-arn", "previous-task-definition-arn", "deployment-id", "outcome", "service-deployment-arn", "lifecycle-stage", "hook-id"];
        var outputs = ((YamlMappingNode)action["outputs"]).Children.ToDictionary(o => ((YamlScalarNode)o.Key).Value!, o => ((YamlScalarNode)((YamlMappingNode)o.Value)["value"]).Value!);
        outputs.Keys.Should().BeEquivalentTo(written);
        outputs.Should().OnlyContain(o => o.Value == $"${{{{ steps.deploy.outputs.{o.Key} }}}}");
    }

    [Test]
    public void The_readme_s_pipeline_recipes_are_valid_YAML_that_use_the_action_s_inputs_and_the_command_s_flags()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var section = readme[readme.IndexOf("### In CI pipelines", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n### ", 1, StringComparison.Ordinal)];
        var blocks = YamlBlock().Matches(section).Select(m => m.Groups["body"].Value).ToList();
        blocks.Should().HaveCount(2, "a GitHub Actions workflow and a GitLab CI job");
        var inputs = ((YamlMappingNode)Load()["inputs"]).Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToHashSet();

        var workflow = Parse(blocks[0]);
        var steps = ((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)workflow["jobs"])["deploy"])["steps"]).Children.Cast<YamlMappingNode>();
        var ours = steps.Single(s => Value(s, "uses")?.EndsWith("/ecs-bluegreen@v1", StringComparison.Ordinal) == true);
        ((YamlMappingNode)ours["with"]).Children.Keys.Select(k => ((YamlScalarNode)k).Value!).Should().OnlyContain(k => inputs.Contains(k));

        var job = (YamlMappingNode)Parse(blocks[1])["deploy"];
        var command = ((YamlSequenceNode)job["script"]).Children.Select(c => ((YamlScalarNode)c).Value!).Single(l => l.StartsWith(".tools/ecs-bluegreen ", StringComparison.Ordinal));
        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).TakeWhile(w => w != ">").Select(w => w.Trim('"')).ToArray();
        var parsed = CommandLine.Parse(words);
        parsed.Action.Should().Be(CommandAction.Deploy, parsed.Error);
        parsed.Options.Service.Should().Be("web");
    }

    private static YamlMappingNode Parse(string text)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(text));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    [GeneratedRegex(@"```yaml\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();

    private static YamlMappingNode Load()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(ActionFile)));
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static IEnumerable<string> Scalars(YamlNode node) => node switch
    {
        YamlScalarNode scalar => [scalar.Value ?? string.Empty],
        YamlMappingNode mapping => mapping.Children.Values.SelectMany(Scalars),
        YamlSequenceNode sequence => sequence.Children.SelectMany(Scalars),
        _ => [],
    };

    [GeneratedRegex(@"\$\{\{\s*(?<name>[\w.-]+)\s*\}\}")]
    private static partial Regex Expression();

    [GeneratedRegex(@"\binputs\.(?<name>[\w-]+)")]
    private static partial Regex InputReference();

    [GeneratedRegex(@"^inputs\.(?<name>[\w-]+)\s*==\s*'(?<value>[^']*)'$")]
    private static partial Regex InputEquals();

    /// <summary>Runs the action's steps with <paramref name="given"/> inputs (and setup-dotnet off: the SDK runs these tests).</summary>
    private static async Task<ActionRun> RunActionAsync(Dictionary<string, string> given)
    {
        var action = Load();
        var inputs = ((YamlMappingNode)action["inputs"]).Children.ToDictionary(
            i => ((YamlScalarNode)i.Key).Value!,
            i => ((YamlMappingNode)i.Value).Children.TryGetValue(new YamlScalarNode("default"), out var d) ? ((YamlScalarNode)d).Value ?? string.Empty : string.Empty);
        foreach (var (name, value) in given.Append(new("version", InstalledTool.Version)).Append(new("package-source", InstalledTool.PackageFolder)).Append(new("setup-dotnet", "false")))
        {
            inputs.ContainsKey(name).Should().BeTrue($"the action has an input {name}");
            inputs[name] = value;
        }

        string Expand(string text) => Expression().Replace(text, m => m.Groups["name"].Value switch
        {
            "github.action_path" => RepositoryRoot.Path,
            var name when name.StartsWith("inputs.", StringComparison.Ordinal) => inputs[name["inputs.".Length..]],
            var name => throw new InvalidOperationException($"The test runner does not know the expression {name}."),
        });

        var folder = Directory.CreateTempSubdirectory("ecs-bluegreen-action-").FullName;
        try
        {
            var log = new System.Text.StringBuilder();
            var paths = new List<string>();
            var skipped = new List<string>();
            var outputs = new Dictionary<string, string>();
            var summary = Path.Combine(folder, "summary.md");
            File.WriteAllText(summary, string.Empty);
            var index = 0;
            foreach (var step in ((YamlSequenceNode)((YamlMappingNode)action["runs"])["steps"]).Children.Cast<YamlMappingNode>())
            {
                var name = Value(step, "name") ?? $"step {index}";
                if (Value(step, "if") is { } condition)
                {
                    var match = InputEquals().Match(condition.Trim());
                    match.Success.Should().BeTrue($"the test runner reads conditions of the form inputs.NAME == 'VALUE', not '{condition}'");
                    if (inputs[match.Groups["name"].Value] != match.Groups["value"].Value)
                    {
                        skipped.Add(name);
                        continue;
                    }
                }

                Value(step, "uses").Should().BeNull($"the step '{name}' uses another action, which only GitHub runs; it must be conditional");
                var script = Path.Combine(folder, $"step{index++}.sh");
                await File.WriteAllTextAsync(script, Expand(Value(step, "run")!));
                var output = Path.Combine(folder, $"output{index}");
                File.WriteAllText(output, string.Empty);
                var githubPath = Path.Combine(folder, $"path{index}");
                File.WriteAllText(githubPath, string.Empty);
                var start = ToolProcess.StartInfo([]);
                start.FileName = "bash";
                start.ArgumentList.Clear();
                foreach (var argument in new[] { "--noprofile", "--norc", "-eo", "pipefail", script })
                {
                    start.ArgumentList.Add(argument);
                }

                start.Environment["PATH"] = string.Join(':', paths.Append(Environment.GetEnvironmentVariable("PATH") ?? string.Empty));
                start.Environment["GITHUB_ACTIONS"] = "true";
                start.Environment["GITHUB_OUTPUT"] = output;
                start.Environment["GITHUB_PATH"] = githubPath;
                start.Environment["GITHUB_STEP_SUMMARY"] = summary;
                start.Environment["RUNNER_TEMP"] = folder;
                start.Environment["NUGET_PACKAGES"] = Path.Combine(folder, "nuget-cache");
                if (step.Children.TryGetValue(new YamlScalarNode("env"), out var env))
                {
                    foreach (var (key, value) in ((YamlMappingNode)env).Children)
                    {
                        start.Environment[((YamlScalarNode)key).Value!] = Expand(((YamlScalarNode)value).Value ?? string.Empty);
                    }
                }

                using var process = Process.Start(start)!;
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
                await process.WaitForExitAsync(limit.Token);
                log.Append(CultureInfo.InvariantCulture, $"== {name}: exit {process.ExitCode}\n").Append(await stdout).Append(await stderr);
                paths.InsertRange(0, File.ReadAllLines(githubPath).Where(l => l.Length > 0).Reverse());
                if (Value(step, "id") == "deploy")
                {
                    foreach (var line in File.ReadAllLines(output).Where(l => l.Contains('=', StringComparison.Ordinal)))
                    {
                        outputs[line[..line.IndexOf('=', StringComparison.Ordinal)]] = line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..];
                    }
                }

                if (process.ExitCode != 0)
                {
                    return new ActionRun(process.ExitCode, log.ToString(), outputs, File.ReadAllText(summary), skipped);
                }
            }

            return new ActionRun(0, log.ToString(), outputs, File.ReadAllText(summary), skipped);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string? Value(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    private sealed record ActionRun(int ExitCode, string Log, Dictionary<string, string> Outputs, string Summary, List<string> SkippedSteps);
}
