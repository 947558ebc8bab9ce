using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ecs.BlueGreen.CodeDeploy;
using Ecs.BlueGreen.Ecr;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Logs;
using Ecs.BlueGreen.Testing.Scenarios;
using Ecs.BlueGreen.Tool.Tests.Support;

namespace Ecs.BlueGreen.Tool.Tests;

/// <summary>
/// The IAM policies of docs/iam: each mode of the command, run for real against the in-memory emulator, sends only
/// operations that the policies its README row names allow, and those policies allow nothing the modes never send;
/// every operation our typed clients define is in some policy; every policy is a well-formed IAM policy document whose
/// actions exist in the service models and which uses only the placeholders the README documents.
/// </summary>
public partial class IamPolicyTests
{
    /// <summary>The placeholders docs/iam/README.md documents; a policy may use no other.</summary>
    private static readonly string[] Placeholders =
    [
        "Region", "Account", "Cluster", "Service", "Family", "TaskRole", "ExecutionRole", "HookRole", "LogGroup",
        "Application", "DeploymentGroup", "Repository",
    ];

    /// <summary>The runs of each mode, made once and shared by the tests that need what they sent.</summary>
    private static readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyList<string>>>> Sent = new(StringComparer.Ordinal);

    /// <summary>
    /// What a policy allows that no emulator call can show: iam:PassRole is checked by ECS when a request names a
    /// role, ecs:TagResource when RegisterTaskDefinition carries tags (--copy-task-definition-tags).
    /// </summary>
    // CreateDeployment's dependent actions (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awscodedeploy.html): authorized, never sent.
    private static readonly string[] PermissionOnly = ["iam:PassRole", "ecs:TagResource", "codedeploy:GetApplicationRevision", "codedeploy:RegisterApplicationRevision"];

    /// <summary>The policies of the modes the command implements (library-only is for library callers).</summary>
    private static readonly string[] ImplementedModePolicies = ["rolling.json", "run-task.json", "max-definitions.json", "native-blue-green.json", "logs.json", "ecr-preflight.json", "rollback.json", "codedeploy.json"];

    private static readonly string[] Deploy = ["-c", "prod", "-n", "web"];

    /// <summary>A wait of an hour of simulated time (18 s at 200×), so that a loaded machine never times a run out.</summary>
    private static readonly string[] Patient = ["-t", "3600"];

    private static string Folder => Path.Combine(RepositoryRoot.Path, "docs", "iam");

    private static IEnumerable<string> PolicyFiles() => Directory.EnumerateFiles(Folder, "*.json").Order(StringComparer.Ordinal);

    /// <summary>
    /// One mode: the runs of the command that exercise it (in one emulator, in order, each with its exit code), the
    /// policies the README says to attach for it, and operations the runs must have sent (so the run really took the path).
    /// </summary>
    public sealed record Mode(string Name, Func<EmulatorScenario> Scenario, (string[] Args, int Exit)[] Runs, string[] Policies, string[] MustSend)
    {
        public override string ToString() => Name;
    }

    private static IEnumerable<Mode> Modes()
    {
        yield return new Mode(
            "rolling",
            () => Scenarios.Web(),
            [([.. Deploy, .. Patient, "-i", "repo/web:2", "-M", "150", "--copy-task-definition-tags", "--enable-rollback"], ExitCodes.Success)],
            ["rolling.json"],
            ["ecs:RegisterTaskDefinition", "ecs:UpdateService", "ecs:DescribeServices"]);
        yield return new Mode(
            "rolling, failed and rolled back, with the crashed container's log lines",
            LoggingWeb,
            [([.. Deploy, .. Patient, "-i", "repo/web:broken", "--enable-rollback"], ExitCodes.DeploymentFailed)],
            ["rolling.json", "logs.json"],
            ["ecs:ListTasks", "ecs:DescribeTasks", "logs:GetLogEvents"]);
        yield return new Mode(
            "rolling with --max-definitions",
            () => Scenarios.Web(moreTaskDefinitions: [Scenarios.TaskDefinition("repo/web:1b"), Scenarios.TaskDefinition("repo/web:1c")]),
            [([.. Deploy, .. Patient, "-i", "repo/web:2", "--max-definitions", "2"], ExitCodes.Success)],
            ["rolling.json", "max-definitions.json"],
            ["ecs:ListClusters", "ecs:ListServices", "ecs:DeregisterTaskDefinition"]);
        yield return new Mode(
            "rolling, with the new revision's ECR image checked before any write (found, then missing)",
            () => Scenarios.Ecr(),
            [([.. Deploy, .. Patient, "-i", $"{Scenarios.EcrRegistry}/web:2"], ExitCodes.Success), ([.. Deploy, "-i", $"{Scenarios.EcrRegistry}/web:9"], ExitCodes.Refused)],
            ["rolling.json", "ecr-preflight.json"],
            ["ecr:DescribeImages", "ecs:RegisterTaskDefinition"]);
        yield return new Mode(
            "task definition only (-d)",
            () => Scenarios.Web(),
            [(["-d", "web", "-i", "repo/web:2", "--copy-task-definition-tags"], ExitCodes.Success)],
            ["run-task.json"],
            ["ecs:RegisterTaskDefinition"]);
        yield return new Mode(
            "run-task with --tail-logs",
            () => Scenarios.Migrate(new ImageBehaviour { RunTaskExitCode = 0, RunTaskSeconds = 3, LogLines = ["migrating", "done"] }),
            [(["-c", "prod", "-d", "migrate", "-i", "repo/migrate:2", "--run-task", "-t", "3600", "--wait-for-success", "--tail-logs"], ExitCodes.Success)],
            ["run-task.json", "logs.json"],
            ["ecs:RunTask", "ecs:DescribeTasks", "logs:GetLogEvents"]);
        yield return new Mode(
            "native blue/green, paused, then --continue",
            () => Scenarios.Native(),
            [([.. Deploy, "-i", "repo/web:2", "--wait-until", "paused"], ExitCodes.Success), ([.. Deploy, .. Patient, "--continue"], ExitCodes.Success)],
            ["rolling.json", "native-blue-green.json"],
            ["ecs:ContinueServiceDeployment", "ecs:DescribeServiceDeployments", "ecs:DescribeServiceRevisions"]);
        yield return new Mode(
            "native blue/green, a failed smoke test has ECS roll back",
            () => Scenarios.Native(),
            [([.. Deploy, .. Patient, "-i", "repo/web:2", "--test-command", "false"], ExitCodes.DeploymentFailed)],
            ["rolling.json", "native-blue-green.json"],
            ["ecs:ContinueServiceDeployment"]);
        yield return new Mode(
            "native blue/green, --rollback-deployment",
            () => Scenarios.Native(pauseHook: false),
            [([.. Deploy, "-i", "repo/web:2", "--wait-until", "POST_TEST_TRAFFIC_SHIFT"], ExitCodes.Success), ([.. Deploy, .. Patient, "--rollback-deployment"], ExitCodes.Success)],
            ["rolling.json", "native-blue-green.json"],
            ["ecs:StopServiceDeployment"]);
        yield return new Mode(
            "rolling, --rollback after a deploy",
            () => Scenarios.Web(),
            [([.. Deploy, .. Patient, "-i", "repo/web:2"], ExitCodes.Success), ([.. Deploy, .. Patient, "--rollback"], ExitCodes.Success)],
            ["rolling.json", "rollback.json"],
            ["ecs:ListServiceDeployments", "ecs:DescribeServiceDeployments", "ecs:DescribeServiceRevisions", "ecs:DescribeTaskDefinition"]);
        yield return new Mode(
            "native blue/green, --rollback of a deployment in progress",
            () => Scenarios.Native(pauseHook: false),
            [([.. Deploy, "-i", "repo/web:2", "--wait-until", "POST_TEST_TRAFFIC_SHIFT"], ExitCodes.Success), ([.. Deploy, .. Patient, "--rollback"], ExitCodes.Success)],
            ["rolling.json", "native-blue-green.json", "rollback.json"],
            ["ecs:ListServiceDeployments", "ecs:StopServiceDeployment"]);
        yield return new Mode(
            "rolling, an existing revision (--task-definition-revision)",
            () => Scenarios.Web(moreTaskDefinitions: [Scenarios.TaskDefinition("repo/web:2")]),
            [([.. Deploy, .. Patient, "--task-definition-revision", "web:2"], ExitCodes.Success)],
            ["rolling.json"],
            ["ecs:DescribeTaskDefinition", "ecs:UpdateService"]);
        string[] codeDeploy = ["--codedeploy-application", "web-app", "--codedeploy-group", "web-dg"];
        var readyWait = new JsonObject
        {
            ["blueGreenDeploymentConfiguration"] = new JsonObject
            {
                ["deploymentReadyOption"] = new JsonObject { ["actionOnTimeout"] = "STOP_DEPLOYMENT", ["waitTimeInMinutes"] = 60 },
                ["terminateBlueInstancesOnDeploymentSuccess"] = new JsonObject { ["action"] = "TERMINATE", ["terminationWaitTimeInMinutes"] = 5 },
            },
        };
        yield return new Mode(
            "CodeDeploy, a deploy to the Ready gate, then --continue",
            () => CodeDeployScenarios.Scenario(readyWait),
            [([.. Deploy, .. codeDeploy, "-i", "repo/web:2", "--wait-until", "ready"], ExitCodes.Success), ([.. Deploy, .. Patient, .. codeDeploy, "--continue"], ExitCodes.Success)],
            ["codedeploy.json"],
            ["codedeploy:GetApplication", "codedeploy:GetDeploymentGroup", "codedeploy:CreateDeployment", "codedeploy:GetDeployment", "codedeploy:ContinueDeployment", "codedeploy:BatchGetDeploymentTargets", "codedeploy:ListDeploymentTargets", "codedeploy:ListDeployments"]);
        yield return new Mode(
            "CodeDeploy, a deploy with a configuration, a lost CreateDeployment answer and --skip-termination-wait",
            () => CodeDeployScenarios.Scenario() with
            {
                Faults = new FaultSettings { Rules = [new FaultRule { Operation = "CreateDeployment", Kind = FaultKind.DropConnection, Count = 1, Applied = true }] },
            },
            [([.. Deploy, .. Patient, .. codeDeploy, "-i", "repo/web:2", "--codedeploy-config", "CodeDeployDefault.ECSAllAtOnce", "--skip-termination-wait"], ExitCodes.Success)],
            ["codedeploy.json"],
            ["codedeploy:GetDeploymentConfig", "codedeploy:ListDeployments", "codedeploy:BatchGetDeployments", "codedeploy:ContinueDeployment"]);
        yield return new Mode(
            "CodeDeploy, --rollback-deployment",
            () => CodeDeployScenarios.Scenario(readyWait),
            [([.. Deploy, .. codeDeploy, "-i", "repo/web:2", "--wait-until", "ready"], ExitCodes.Success), ([.. Deploy, .. Patient, .. codeDeploy, "--rollback-deployment"], ExitCodes.Success)],
            ["codedeploy.json"],
            ["codedeploy:StopDeployment"]);
        yield return new Mode(
            "CodeDeploy, no application or group by the console's names: the refusal lists what exists",
            () => CodeDeployScenarios.Scenario(),
            [([.. Deploy, "-i", "repo/web:2"], ExitCodes.Refused)],
            ["codedeploy.json"],
            ["codedeploy:ListApplications", "codedeploy:ListDeploymentGroups"]);
    }

    /// <summary>The web service whose app container logs with awslogs to /ecs/web; repo/web:broken prints two lines and exits 134.</summary>
    private static EmulatorScenario LoggingWeb()
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
            Images = new Dictionary<string, ImageBehaviour> { ["repo/web:broken"] = new() { CrashAfterSeconds = 5, ExitCode = 134, LogLines = ["starting", "DATABASE_URL is not set"] } },
        };
    }

    private static Task<IReadOnlyList<string>> SentByAsync(Mode mode) =>
        Sent.GetOrAdd(mode.Name, _ => new Lazy<Task<IReadOnlyList<string>>>(() => RunAsync(mode))).Value;

    private static async Task<IReadOnlyList<string>> RunAsync(Mode mode)
    {
        var run = new InProcess(mode.Scenario());
        foreach (var (args, exit) in mode.Runs)
        {
            var result = await run.RunAsync(args);
            result.ExitCode.Should().Be(exit, $"{mode.Name}: {string.Join(' ', args)}\n{result}");
        }

        return run.Emulator.Calls.Select(c => $"{c.Service}:{c.Operation}").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    [TestCaseSource(nameof(Modes))]
    public async Task Every_operation_a_mode_sends_is_allowed_by_its_policies(Mode mode)
    {
        var sent = await SentByAsync(mode);

        TestContext.Out.WriteLine($"{mode.Name}: {string.Join(", ", sent)}");
        sent.Should().Contain(mode.MustSend, "the runs must take the path the mode is about");
        var allowed = mode.Policies.SelectMany(p => Actions(Load(p))).ToHashSet(StringComparer.Ordinal);
        sent.Where(a => !allowed.Contains(a)).Should().BeEmpty($"docs/iam/README.md says {string.Join(" + ", mode.Policies)} is enough for {mode.Name}");
    }

    [Test]
    public async Task The_policies_of_the_implemented_modes_allow_nothing_those_modes_do_not_send()
    {
        var sent = new HashSet<string>(StringComparer.Ordinal);
        foreach (var mode in Modes())
        {
            sent.UnionWith(await SentByAsync(mode));
        }

        var allowed = ImplementedModePolicies.SelectMany(p => Actions(Load(p)).Select(a => (Policy: p, Action: a)));
        allowed.Where(a => !sent.Contains(a.Action) && !PermissionOnly.Contains(a.Action)).Should().BeEmpty("least privilege: an action no mode sends belongs in no mode's policy");
    }

    [Test]
    public void Every_operation_our_clients_define_is_in_some_policy()
    {
        var inPolicies = PolicyFiles().SelectMany(f => Actions(Load(Path.GetFileName(f)))).ToHashSet(StringComparer.Ordinal);
        var defined = EcsOperation.All.Select(o => $"ecs:{o.Name}").Concat(CloudWatchLogsOperation.All.Select(o => $"logs:{o.Name}"))
            .Concat(EcrOperation.All.Select(o => $"ecr:{o.Name}")).Concat(CodeDeployOperation.All.Select(o => $"codedeploy:{o.Name}")).ToList();

        defined.Should().NotBeEmpty();
        defined.Where(a => !inPolicies.Contains(a)).Should().BeEmpty("an operation the code can send needs a policy that allows it (docs/iam)");
    }

    [Test]
    public void Every_policy_is_an_IAM_policy_document_with_named_statements_explicit_actions_and_documented_placeholders()
    {
        var files = PolicyFiles().ToList();
        files.Select(Path.GetFileName).Should().BeEquivalentTo(
            ["rolling.json", "run-task.json", "max-definitions.json", "native-blue-green.json", "logs.json", "codedeploy.json", "ecr-preflight.json", "library-only.json", "rollback.json"]);
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            var text = File.ReadAllText(file);
            var policy = Load(name);
            ((string?)policy["Version"]).Should().Be("2012-10-17", name);
            policy.Select(p => p.Key).Should().BeEquivalentTo(["Version", "Statement"], name);
            text.Count(c => !char.IsWhiteSpace(c)).Should().BeLessThanOrEqualTo(6144, $"{name} must fit one customer managed policy (6,144 characters without white space)");

            var statements = policy["Statement"].Should().BeOfType<JsonArray>().Subject.Select(s => s!.AsObject()).ToList();
            statements.Should().NotBeEmpty(name);
            statements.Select(s => (string?)s["Sid"]).Should().OnlyHaveUniqueItems(name).And.OnlyContain(sid => sid != null && SidPattern().IsMatch(sid), name);
            foreach (var statement in statements)
            {
                var where = $"{name} {statement["Sid"]}";
                statement.Select(p => p.Key).Should().BeSubsetOf(["Sid", "Effect", "Action", "Resource", "Condition"], where);
                ((string?)statement["Effect"]).Should().Be("Allow", where);
                Strings(statement["Action"]).Should().NotBeEmpty(where).And.OnlyContain(a => ActionPattern().IsMatch(a), $"{where}: actions are service:Operation, no wildcards");
                Strings(statement["Resource"]).Should().NotBeEmpty(where).And.OnlyContain(r => r == "*" || r.StartsWith("arn:aws:", StringComparison.Ordinal), where);
            }

            PlaceholderPattern().Matches(text).Select(m => m.Groups[1].Value).Distinct().Should().BeSubsetOf(Placeholders, $"{name} may use only the placeholders docs/iam/README.md documents");
        }
    }

    [Test]
    public void The_readme_names_every_policy_and_every_placeholder()
    {
        var readme = File.ReadAllText(Path.Combine(Folder, "README.md"));
        foreach (var file in PolicyFiles().Select(Path.GetFileName))
        {
            readme.Should().Contain($"({file})", "the README links each policy");
        }

        foreach (var placeholder in Placeholders)
        {
            readme.Should().Contain($"`${{{placeholder}}}`", "the README explains each placeholder");
        }
    }

    [Test]
    public void Every_action_names_an_operation_of_its_service_s_model()
    {
        var models = Path.Combine(RepositoryRoot.Path, "..", "shared", "aws-models");
        if (!Directory.Exists(models))
        {
            Assert.Ignore("The ../shared folder (AWS service models) was not found beside the repository; this test needs it.");
        }

        // The IAM prefix of each service and the folder of its botocore model; iam:PassRole is permission-only.
        var folders = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ecs"] = "ecs",
            ["logs"] = "logs",
            ["codedeploy"] = "codedeploy",
            ["ecr"] = "ecr",
            ["elasticloadbalancing"] = "elbv2",
        };
        var operations = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var action in PolicyFiles().SelectMany(f => Actions(Load(Path.GetFileName(f)))).Distinct(StringComparer.Ordinal))
        {
            var (prefix, name) = (action[..action.IndexOf(':', StringComparison.Ordinal)], action[(action.IndexOf(':', StringComparison.Ordinal) + 1)..]);
            if (action == "iam:PassRole")
            {
                continue;
            }

            folders.Should().ContainKey(prefix, action);
            if (!operations.TryGetValue(prefix, out var known))
            {
                using var model = JsonDocument.Parse(File.ReadAllText(Path.Combine(models, folders[prefix], "service-2.json")));
                known = model.RootElement.GetProperty("operations").EnumerateObject().Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
                operations[prefix] = known;
            }

            known.Should().Contain(name, $"{action} must be an operation of the {folders[prefix]} model");
        }
    }

    private static JsonObject Load(string file) => JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, file)))!.AsObject();

    /// <summary>The actions a policy allows (every statement is an Allow, as the document test checks).</summary>
    private static IEnumerable<string> Actions(JsonObject policy) =>
        policy["Statement"]!.AsArray().Where(s => (string?)s!["Effect"] == "Allow").SelectMany(s => Strings(s!["Action"]));

    /// <summary>An IAM element that is a string or a list of strings.</summary>
    private static List<string> Strings(JsonNode? node) => node switch
    {
        JsonArray list => list.Select(n => n!.GetValue<string>()).ToList(),
        JsonValue value => [value.GetValue<string>()],
        _ => [],
    };

    [GeneratedRegex("^[A-Za-z0-9]+$")]
    private static partial Regex SidPattern();

    [GeneratedRegex("^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$")]
    private static partial Regex ActionPattern();

    [GeneratedRegex(@"\$\{([A-Za-z]+)\}")]
    private static partial Regex PlaceholderPattern();
}
