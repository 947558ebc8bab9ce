using System.Text.Json.Nodes;
using Ecs.BlueGreen.Testing.Scenarios;
using Ecs.BlueGreen.Tool.Tests.Support;
using Fault = Ecs.BlueGreen.Tool.Tests.Faults.FaultMatrixTests.Fault;

namespace Ecs.BlueGreen.Tool.Tests.Faults;

/// <summary>
/// The truth under faults for a run with many services, as a matrix of phase × fault: three services share a family,
/// one of them gets a crashing image, and --rollback-all-on-failure rolls the other two back. The group's reads are
/// batched, so one fault on a DescribeServices hits every service's check at once. Every cell asserts the verdict and
/// exit code, that each revision was registered once and each UpdateService took effect once, that nothing in use was
/// deregistered, and that each service ends where its result says.
/// </summary>
public class GroupFaultMatrixTests
{
    private static readonly Lazy<Task<IReadOnlyList<string>>> Baseline = new(BaselineAsync);

    public enum Phase
    {
        /// <summary>The first (batched) DescribeServices of the planning reads.</summary>
        PlanningReads,

        /// <summary>The first RegisterTaskDefinition (one of the two revisions).</summary>
        Register,

        /// <summary>The first UpdateService.</summary>
        Update,

        /// <summary>The first check once all three are updated.</summary>
        Watch,

        /// <summary>The first rollback's UpdateService.</summary>
        RollbackUpdate,

        /// <summary>The first check once both rollbacks are sent.</summary>
        RollbackWatch,
    }

    public static IEnumerable<TestCaseData> Cells() =>
        from phase in Enum.GetValues<Phase>()
        from fault in Enum.GetValues<Fault>()
        select new TestCaseData(phase, fault).SetArgDisplayNames($"{phase} × {fault}");

    [TestCaseSource(nameof(Cells))]
    public async Task Every_cell_gives_the_worst_code_rolls_the_others_back_and_writes_once(Phase phase, Fault fault)
    {
        var (operation, after) = Locate(phase, await Baseline.Value);
        var run = InProcess.OnManualClock(Build([FaultMatrixTests.Rule(fault, operation, after)]));

        var result = await run.RunAsync(Arguments());

        result.ExitCode.Should().Be(ExitCodes.DeploymentFailed, $"{operation} call #{after + 1} was hit by {fault}\n{result}");
        if (fault != Fault.LatencyBeyondCallTimeout)
        {
            run.Emulator.Calls.Should().Contain(c => c.Operation == operation && (c.ErrorType != null || c.StatusCode == 0), "the fault hit the call");
        }

        var documents = JsonNode.Parse(result.Out)!.AsArray();
        documents.Select(d => (string?)d!["outcome"]).Should().Equal("succeeded", "failed", "succeeded");
        var state = run.Emulator.GetState();
        var revisions = state["taskDefinitions"]!.AsArray().Select(t => t!.AsObject()).ToList();
        revisions.Where(t => (int)t["revision"]! > 1).Should().HaveCount(2, "one revision shared by svc-0 and svc-2, one for svc-1, each registered once");
        revisions.Should().OnlyContain(t => (string?)t["status"] == "ACTIVE", "nothing in use is deregistered");
        foreach (var i in new[] { 0, 2 })
        {
            ((string?)documents[i]!["rollback"]!["outcome"]).Should().Be("Succeeded");
            var service = Service(state, $"svc-{i}");
            ((string)service["taskDefinition"]!).Should().EndWith("task-definition/app:1", "svc-{0} was rolled back", i);
            ((string?)documents[i]!["serviceTaskDefinitionArn"]).Should().Be((string)service["taskDefinition"]!, "the result says where svc-{0} is", i);
            service["deployments"]!.AsArray().Should().ContainSingle("svc-{0} is settled", i);
            ServiceDeployments(state, $"svc-{i}").Should().Be(3, "the first deployment, ours and the rollback: each UpdateService took effect once");
        }

        ServiceDeployments(state, "svc-1").Should().Be(2, "svc-1 was updated once");
    }

    [Test]
    public void The_matrix_has_a_cell_for_every_phase_and_fault() =>
        Cells().Should().HaveCount(Enum.GetValues<Phase>().Length * Enum.GetValues<Fault>().Length);

    private static string[] Arguments()
    {
        var file = Path.Combine(Path.GetTempPath(), $"ecs-bluegreen-group-faults-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """[{ "service": "svc-0" }, { "service": "svc-1", "image": "repo/app:crash" }, { "service": "svc-2" }]""");
        return ["-c", "prod", "--services-file", file, "-i", "repo/app:2", "--rollback-all-on-failure", "-t", "120", "--output", "json"];
    }

    private static (string Operation, int After) Locate(Phase phase, IReadOnlyList<string> calls)
    {
        var baseline = new BaselineCalls(calls, phase.ToString());
        return phase switch
        {
            Phase.PlanningReads => baseline.Call("DescribeServices"),
            Phase.Register => baseline.Call("RegisterTaskDefinition"),
            Phase.Update => baseline.Call("UpdateService"),
            Phase.Watch => baseline.FirstAfter("DescribeServices", "UpdateService", 2),
            Phase.RollbackUpdate => baseline.Call("UpdateService", 3),
            _ => baseline.FirstAfter("DescribeServices", "UpdateService", 4),
        };
    }

    private static async Task<IReadOnlyList<string>> BaselineAsync()
    {
        var run = InProcess.OnManualClock(Build([]));
        var result = await run.RunAsync(Arguments());
        result.ExitCode.Should().Be(ExitCodes.DeploymentFailed, $"the run without faults\n{result}");
        run.Emulator.CountCalls("UpdateService").Should().Be(5, "three deploys and two rollbacks");
        return run.Emulator.Calls.Select(c => c.Operation).ToList();
    }

    /// <summary>Cluster prod runs svc-0, svc-1 and svc-2 on app:1 (2 tasks each).</summary>
    private static EmulatorScenario Build(IReadOnlyList<FaultRule> rules) => new()
    {
        Clusters = ["prod"],
        TaskDefinitions = [new JsonObject { ["family"] = "app", ["containerDefinitions"] = new JsonArray(Scenarios.MigrateContainer("app", "repo/app:1")) }],
        Services = [.. Enumerable.Range(0, 3).Select(i => new JsonObject
        {
            ["cluster"] = "prod",
            ["serviceName"] = $"svc-{i}",
            ["taskDefinition"] = "app:1",
            ["desiredCount"] = 2,
            ["deploymentConfiguration"] = new JsonObject { ["minimumHealthyPercent"] = 100, ["maximumPercent"] = 200 },
        })],
        Images = new Dictionary<string, ImageBehaviour> { ["repo/app:crash"] = new() { CrashAfterSeconds = 5, ExitCode = 3, LogLines = ["starting", "panic: no database"] } },
        Faults = new FaultSettings { Rules = rules },
    };

    private static JsonObject Service(JsonNode state, string service) =>
        state["clusters"]!.AsArray().Single()!["services"]!.AsArray().Single(s => (string?)s!["serviceName"] == service)!.AsObject();

    private static int ServiceDeployments(JsonNode state, string service) =>
        state["clusters"]!.AsArray().Single()!["serviceDeployments"]!.AsArray()
            .Count(d => ((string?)d!["serviceArn"])?.EndsWith($"/prod/{service}", StringComparison.Ordinal) == true);
}
