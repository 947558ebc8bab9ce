using System.Text.Json.Nodes;
using Ecs.BlueGreen.Testing.Scenarios;
using Ecs.BlueGreen.Tool.Output;
using Ecs.BlueGreen.Tool.Tests.Support;

namespace Ecs.BlueGreen.Tool.Tests;

/// <summary>
/// Many services in one run (a repeated -n, -c/-n pairs, --services-file): one group on the emulator, one verdict, the
/// worst exit code, --rollback-all-on-failure, the per-service table and JSON array, and the flags checked offline.
/// </summary>
public class ManyServicesCommandTests
{
    private const string Crash = "repo/app:crash";

    /// <summary>Services svc-0… on revision app:1 (container app = repo/app:1), in "prod" or, every other one with <paramref name="twoClusters"/>, "staging".</summary>
    private static EmulatorScenario Services(int count, bool twoClusters = false) => new()
    {
        Clusters = twoClusters ? ["prod", "staging"] : ["prod"],
        TaskDefinitions =
        [
            new JsonObject
            {
                ["family"] = "app",
                ["containerDefinitions"] = new JsonArray(
                    new JsonObject { ["name"] = "app", ["image"] = "repo/app:1", ["essential"] = true, ["memory"] = 256 },
                    new JsonObject { ["name"] = "sidecar", ["image"] = "repo/envoy:1", ["essential"] = false, ["memory"] = 128 }),
            },
        ],
        Services = [.. Enumerable.Range(0, count).Select(i => new JsonObject
        {
            ["cluster"] = twoClusters && i % 2 == 1 ? "staging" : "prod",
            ["serviceName"] = $"svc-{i}",
            ["taskDefinition"] = "app:1",
            ["desiredCount"] = 2,
            ["deploymentConfiguration"] = new JsonObject { ["minimumHealthyPercent"] = 100, ["maximumPercent"] = 200 },
        })],
        Images = new Dictionary<string, ImageBehaviour> { [Crash] = new() { CrashAfterSeconds = 5, ExitCode = 3 } },
    };

    private static string[] Repeated(int count) => [.. Enumerable.Range(0, count).SelectMany(i => new[] { "-n", $"svc-{i}" })];

    private static JsonObject Service(InProcess run, string name, string cluster = "prod") =>
        run.Emulator.GetState()["clusters"]!.AsArray().Single(c => (string?)c!["cluster"]!["clusterName"] == cluster)!["services"]!.AsArray()
            .Single(s => (string?)s!["serviceName"] == name)!.AsObject();

    private static string Runs(InProcess run, string name, string cluster = "prod") => (string)Service(run, name, cluster)["taskDefinition"]!;

    private static string ImageOf(InProcess run, string taskDefinitionArn, string container = "app") =>
        (string)run.TaskDefinition(taskDefinitionArn)["containerDefinitions"]!.AsArray().Single(c => (string?)c!["name"] == container)!["image"]!;

    private static string File(string name, string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"ecs-bluegreen-{Guid.NewGuid():N}-{name}");
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    [Test]
    public async Task Twenty_services_by_a_repeated_n_deploy_with_one_verdict_and_every_check_reads_them_in_ceil_n_over_10_calls()
    {
        var run = InProcess.OnManualClock(Services(20));

        var result = await run.RunAsync(["-c", "prod", .. Repeated(20), "-i", "repo/app:2", "--output", "json", "-t", "600"]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var documents = JsonNode.Parse(result.Out)!.AsArray();
        documents.Select(d => (string?)d!["service"]).Should().Equal(Enumerable.Range(0, 20).Select(i => $"svc-{i}"));
        documents.Should().OnlyContain(d => (string?)d!["outcome"] == "succeeded" && (string?)d["cluster"] == "prod");
        for (var i = 0; i < 20; i++)
        {
            Runs(run, $"svc-{i}").Should().EndWith("task-definition/app:2");
        }

        run.Emulator.CountCalls("RegisterTaskDefinition").Should().Be(1, "the 20 services share the family and the change: one registration");
        run.Emulator.CountCalls("UpdateService").Should().Be(20);

        // The checks: DescribeServices calls grouped by the simulated second they were made in.
        var checks = run.Emulator.Calls.Where(c => c.Operation == "DescribeServices").GroupBy(c => c.Time)
            .Select(g => (Calls: g.Count(), Services: g.Sum(c => JsonNode.Parse(c.Request)!["services"]!.AsArray().Count))).ToList();
        checks.Should().OnlyContain(c => c.Calls == (int)Math.Ceiling(c.Services / 10.0), "the reads of one tick are batched, 10 services a call");
        var full = checks.Where(c => c.Services == 20).ToList();
        full.Should().NotBeEmpty("the members check on the same ticks");
        full.Should().OnlyContain(c => c.Calls == 2, "⌈20/10⌉ = 2 calls per check");
        TestContext.Out.WriteLine($"{checks.Count} checks, {checks.Sum(c => c.Calls)} DescribeServices calls for {checks.Sum(c => c.Services)} service reads; {full.Count} checks read all 20");
    }

    [Test]
    public async Task One_failing_service_makes_the_run_exit_with_its_code_while_the_others_succeed()
    {
        var run = InProcess.OnManualClock(Services(4));
        var file = File("services.json", """
            [
              { "service": "svc-0" },
              { "service": "svc-1", "image": "repo/app:crash" },
              { "service": "svc-2" },
              { "service": "svc-3" }
            ]
            """);

        var result = await run.RunAsync(["-c", "prod", "--services-file", file, "-i", "repo/app:2", "-t", "600"]);

        result.ExitCode.Should().Be(ExitCodes.DeploymentFailed, result.ToString());
        var table = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        table[0].Should().StartWith("SERVICE").And.Contain("OUTCOME").And.Contain("EXIT").And.Contain("ROLLBACK");
        table.Should().HaveCount(5);
        table[2].Should().StartWith("prod/svc-1").And.Contain("failed").And.Contain(" 20 ");
        table.Where((_, i) => i is 1 or 3 or 4).Should().OnlyContain(l => l.Contains("succeeded", StringComparison.Ordinal) && l.Contains(" 0 ", StringComparison.Ordinal));
        result.Error.Should().Contain("ERROR: prod/svc-1: Deployment of svc-1 failed").And.Contain("ERROR: 1 of 4 services did not succeed: prod/svc-1 failed (exit code 20).");
        Runs(run, "svc-0").Should().EndWith("task-definition/app:2");
        ImageOf(run, Runs(run, "svc-1")).Should().Be(Crash);
    }

    [Test]
    public async Task Of_twenty_services_one_failing_with_rollback_all_on_failure_rolls_the_other_nineteen_back_to_the_revision_they_ran()
    {
        var run = InProcess.OnManualClock(Services(20));
        var file = File("services.yaml", "services:\n" + string.Concat(Enumerable.Range(0, 20).Select(i => i == 7 ? $"  - service: svc-{i}\n    image: {Crash}\n" : $"  - service: svc-{i}\n")));

        var result = await run.RunAsync(["-c", "prod", "--services-file", file, "-i", "repo/app:2", "--rollback-all-on-failure", "--output", "json", "-t", "600"]);

        result.ExitCode.Should().Be(ExitCodes.DeploymentFailed, result.ToString());
        var documents = JsonNode.Parse(result.Out)!.AsArray();
        documents.Should().HaveCount(20);
        for (var i = 0; i < 20; i++)
        {
            if (i == 7)
            {
                ((string?)documents[i]!["outcome"]).Should().Be("failed");
                continue;
            }

            ((string?)documents[i]!["outcome"]).Should().Be("succeeded");
            ((string?)documents[i]!["rollback"]!["outcome"]).Should().Be("Succeeded");
            ((string?)documents[i]!["rollback"]!["taskDefinitionArn"]).Should().EndWith("task-definition/app:1");
            Runs(run, $"svc-{i}").Should().EndWith("task-definition/app:1", "svc-{0} was rolled back", i);
        }

        result.Error.Should().Contain("prod/svc-0: Rolled back (--rollback-all-on-failure) to app:1: succeeded")
            .And.Contain("ERROR: 1 of 20 services did not succeed: prod/svc-7 failed (exit code 20). 19 services that succeeded were rolled back (--rollback-all-on-failure).");
    }

    [Test]
    public async Task A_yaml_services_file_gives_each_service_its_own_cluster_image_containers_env_and_desired_count()
    {
        var run = InProcess.OnManualClock(Services(3, twoClusters: true));
        var file = File("services.yml", """
            # one entry per service
            - cluster: prod
              service: svc-0
              image: repo/app:3
              desiredCount: 3
            - cluster: staging
              service: svc-1
              containers:
                sidecar: repo/envoy:2
              env:
                app:
                  MODE: green
                  WORKERS: 4
            - service: svc-2
              env: ["app:MODE=blue"]
            """);

        var result = await run.RunAsync(["-c", "prod", "--services-file", file, "-i", "repo/app:2", "--output", "json", "-t", "600"]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var svc0 = Runs(run, "svc-0");
        ImageOf(run, svc0).Should().Be("repo/app:3");
        ((int)Service(run, "svc-0")["desiredCount"]!).Should().Be(3);
        var svc1 = Runs(run, "svc-1", "staging");
        ImageOf(run, svc1).Should().Be("repo/app:2");
        ImageOf(run, svc1, "sidecar").Should().Be("repo/envoy:2");
        var environment = run.TaskDefinition(svc1)["containerDefinitions"]![0]!["environment"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => (string)e!["value"]!);
        environment.Should().Equal(new Dictionary<string, string> { ["MODE"] = "green", ["WORKERS"] = "4" });
        var svc2 = Runs(run, "svc-2");
        ImageOf(run, svc2).Should().Be("repo/app:2");
        new[] { svc0, svc1, svc2 }.Distinct().Should().HaveCount(3, "each service's changes differ, so each has its own revision");
    }

    [Test]
    public async Task Cluster_and_service_pairs_deploy_each_service_in_the_cluster_given_before_it()
    {
        var run = InProcess.OnManualClock(Services(2, twoClusters: true));

        var result = await run.RunAsync(["-c", "prod", "-n", "svc-0", "-c", "staging", "-n", "svc-1", "-i", "repo/app:2", "-t", "600"]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        Runs(run, "svc-0").Should().EndWith("task-definition/app:2");
        Runs(run, "svc-1", "staging").Should().EndWith("task-definition/app:2");
        result.Out.Should().Contain("prod/svc-0").And.Contain("staging/svc-1");
        result.Error.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("Deployed", StringComparison.Ordinal))
            .Should().OnlyContain(l => l.StartsWith("[prod/svc-0]", StringComparison.Ordinal) || l.StartsWith("[staging/svc-1]", StringComparison.Ordinal),
                "in a log every progress line names its service");
    }

    [Test]
    public async Task With_max_parallel_1_the_services_are_deployed_one_after_the_other()
    {
        var run = InProcess.OnManualClock(Services(3));

        var result = await run.RunAsync(["-c", "prod", .. Repeated(3), "-i", "repo/app:2", "--max-parallel", "1", "--output", "json", "-t", "600"]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        var documents = JsonNode.Parse(result.Out)!.AsArray();
        var updates = run.Emulator.Calls.Where(c => c.Operation == "UpdateService").ToDictionary(c => (string)JsonNode.Parse(c.Request)!["service"]!, c => c.Time);
        for (var i = 1; i < 3; i++)
        {
            updates[$"svc-{i}"].Should().BeOnOrAfter(DateTimeOffset.Parse((string)documents[i - 1]!["endTime"]!, System.Globalization.CultureInfo.InvariantCulture),
                "svc-{0} is updated only once svc-{1} has finished", i, i - 1);
        }
    }

    [Test]
    public async Task On_a_terminal_each_service_keeps_one_progress_line_redrawn_in_place()
    {
        var run = InProcess.OnManualClock(Services(2));
        run.Terminal = new Terminal(true, false);

        var result = await run.RunAsync(["-c", "prod", .. Repeated(2), "-i", "repo/app:2", "-t", "600"]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        result.Error.Should().Contain("\u001b[2F", "the two rows are redrawn in place");
        var rows = result.Error.Split('\n').Where(l => l.StartsWith("\u001b[2K", StringComparison.Ordinal)).ToList();
        rows.Should().Contain(l => l.Contains("[svc-0] ", StringComparison.Ordinal)).And.Contain(l => l.Contains("[svc-1] ", StringComparison.Ordinal));
        var last = result.Error[..result.Error.LastIndexOf("Deployed 2 services", StringComparison.Ordinal)].Split('\n').Where(l => l.Length > 0).TakeLast(2).ToList();
        last.Should().OnlyContain(l => l.Contains("Deployment succeeded", StringComparison.Ordinal), "each row ends on its service's verdict");
    }

    [TestCase("--rollback")]
    [TestCase("--continue")]
    [TestCase("--rollback-deployment")]
    public void An_action_on_one_service_with_several_is_a_usage_error(string action)
    {
        var error = Options.Refused("-c", "prod", "-n", "a", "-n", "b", action);

        error.ExitCode.Should().Be(ExitCodes.Usage);
        error.Message.Should().Be($"{action} acts on one service: give one -c CLUSTER -n SERVICE (not several -n or --services-file).");
    }

    [TestCase("""[{ "service": "a", "imag": "x" }]""", "entry 1 (a): unknown member 'imag' (known: cluster, service, image, containers, env, desiredCount, taskDefinitionRevision).")]
    [TestCase("""[{ "cluster": "prod" }]""", "entry 1 has no 'service': give the service's name.")]
    [TestCase("""[{ "service": "a", "desiredCount": -1 }]""", "entry 1 (a): 'desiredCount' must be a whole number of 0 or more (got -1).")]
    [TestCase("""{ "services": [] }""", "lists no services")]
    [TestCase("services:\n  - service: a\n   image: b\n", "is not valid YAML: line 3")]
    [TestCase("""[{ "service": "a" }, { "service": "a" }]""", "The service prod/a is given 2 times: give each service once.")]
    public void A_bad_services_file_is_exit_14_with_one_line_naming_the_entry(string text, string expected)
    {
        var file = File("bad.json", text);

        var error = Options.Refused("-c", "prod", "--services-file", file, "-i", "repo/app:2");

        error.ExitCode.Should().Be(ExitCodes.InvalidOptionValue);
        error.Message.Should().Contain(expected);
    }

    [Test]
    public void A_missing_services_file_is_exit_14_naming_it()
    {
        var error = Options.Refused("-c", "prod", "--services-file", "/nonexistent/services.yaml", "-i", "repo/app:2");

        error.ExitCode.Should().Be(ExitCodes.InvalidOptionValue);
        error.Message.Should().StartWith("--services-file '/nonexistent/services.yaml' cannot be read:");
    }

    [Test]
    public void A_service_without_a_cluster_is_exit_7_and_one_without_a_change_exit_8_naming_it()
    {
        var file = File("services.json", """[{ "service": "a", "image": "repo/app:2" }, { "service": "b", "cluster": "prod" }]""");

        Options.Refused("--services-file", file).ExitCode.Should().Be(ExitCodes.ServiceWithoutCluster);
        var nothing = Options.Refused("-c", "prod", "--services-file", file);
        nothing.ExitCode.Should().Be(ExitCodes.NothingToDeploy);
        nothing.Message.Should().StartWith("Nothing to deploy to prod/b:");
    }

    [Test]
    public void A_bad_per_service_image_is_exit_13_naming_the_service()
    {
        var file = File("services.json", """[{ "service": "a", "image": "Repo With Spaces" }]""");

        var error = Options.Refused("-c", "prod", "--services-file", file);

        error.ExitCode.Should().Be(ExitCodes.InvalidImage);
        error.Message.Should().StartWith("prod/a: Unable to parse image name (image):");
    }

    [Test]
    public void Max_parallel_must_be_a_positive_number_and_the_group_flags_are_noted_with_one_service()
    {
        Options.Refused("-c", "prod", "-n", "a", "-n", "b", "-i", "repo/app:2", "--max-parallel", "0").ExitCode.Should().Be(ExitCodes.InvalidOptionValue);
        var parsed = CommandLine.Parse(["-c", "prod", "-n", "a", "-i", "repo/app:2", "--max-parallel", "2", "--rollback-all-on-failure"]);
        var (request, _) = OptionValidator.Validate(parsed.Options, _ => null);
        request!.Members.Should().BeEmpty();
        request.Notes.Should().Contain("--max-parallel has no effect with one service (it applies to several -n or --services-file).")
            .And.Contain("--rollback-all-on-failure has no effect with one service (it applies to several -n or --services-file).");
    }

    [Test]
    public void A_repeated_n_keeps_every_service_where_a_single_n_keeps_the_last_c()
    {
        var parsed = CommandLine.Parse(["-n", "a", "-c", "prod", "-n", "b", "-c", "staging", "-n", "c", "-i", "repo/app:2", "--max-parallel", "2"]);
        var (request, error) = OptionValidator.Validate(parsed.Options, _ => null);

        error.Should().BeNull();
        request!.Members.Select(m => $"{m.Cluster}/{m.Service}").Should().Equal("prod/a", "prod/b", "staging/c");
        request.MaxParallel.Should().Be(2);
        var single = OptionValidator.Validate(CommandLine.Parse(["-c", "prod", "-n", "a", "-c", "staging", "-i", "repo/app:2"]).Options, _ => null).Request!;
        single.Members.Should().BeEmpty();
        single.Cluster.Should().Be("staging", "one -n keeps ecs-deploy's last -c");
    }

    [Test]
    public void The_services_file_of_the_README_reads_as_it_says()
    {
        var readme = System.IO.File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var start = readme.IndexOf("# services.yaml", StringComparison.Ordinal);
        var yaml = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];

        var (targets, problem) = ServicesFile.Read(File("readme.yaml", yaml));

        problem.Should().BeNull();
        targets.Should().NotBeNull();
        targets!.Select(t => t.ToString()).Should().Equal("prod/web", "worker", "legacy");
        targets![0].Image.Should().Be("repo/web:1.4");
        targets[0].DesiredCount.Should().Be(4);
        targets[1].Containers.Should().Equal("sidecar=repo/envoy:1.30");
        targets[1].Environment.Should().Equal("app:MODE=worker", "app:THREADS=8");
        targets[2].TaskDefinitionRevision.Should().Be("legacy:12");
    }
}
