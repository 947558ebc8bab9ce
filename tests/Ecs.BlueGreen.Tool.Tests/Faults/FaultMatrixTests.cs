using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Ecs.BlueGreen.Testing.Scenarios;
using Ecs.BlueGreen.Tool.Tests.Support;

namespace Ecs.BlueGreen.Tool.Tests.Faults;

/// <summary>
/// The truth under faults, as a matrix: each scenario × each fault kind × each phase it has, run through the whole
/// command on the emulator (simulated time on a manual clock, so every cell is deterministic). Every cell asserts the
/// verdict and exit code, that exactly one revision was registered and exactly the expected deployments were
/// started, that no revision in use (nor the rollback target) was deregistered, and that the service ends where the
/// result says.
/// </summary>
public class FaultMatrixTests
{
    private static readonly ConcurrentDictionary<Scenario, Lazy<Task<IReadOnlyList<string>>>> Baselines = new();

    public enum Scenario
    {
        /// <summary>A healthy deploy with --max-definitions 1: exit 0, clean-up of the one unused revision.</summary>
        Healthy,

        /// <summary>A crash loop that ECS's circuit breaker rolls back: exit 21 once ECS restored web:1.</summary>
        CircuitBreakerRollback,

        /// <summary>A crash loop without a circuit breaker, with --enable-rollback: exit 20, our rollback restores web:1.</summary>
        CrashLoopOurRollback,

        /// <summary>Tasks that never leave PENDING, -t 60 --enable-rollback: exit 1, our rollback restores web:1.</summary>
        StuckOurRollback,
    }

    public enum Phase
    {
        PlanningReads,
        Register,
        Update,
        Watch,
        RollbackUpdate,
        RollbackWatch,
        EcsRollbackWait,
        CleanUp,
        FailureLogs,
    }

    public enum Fault
    {
        ThrottleBurst,
        ServerErrorOnce,
        ServerErrorThrice,
        ServerErrorApplied,
        DropApplied,
        DropNotApplied,
        LatencyBeyondCallTimeout,
    }

    public static IEnumerable<TestCaseData> Cells() =>
        from scenario in Enum.GetValues<Scenario>()
        from phase in PhasesOf(scenario)
        from fault in Enum.GetValues<Fault>()
        select new TestCaseData(scenario, phase, fault).SetArgDisplayNames($"{scenario} × {phase} × {fault}");

    [TestCaseSource(nameof(Cells))]
    public async Task Every_cell_tells_the_truth_and_writes_once(Scenario scenario, Phase phase, Fault fault)
    {
        var calls = await Baselines.GetOrAdd(scenario, s => new Lazy<Task<IReadOnlyList<string>>>(() => BaselineAsync(s))).Value;
        var (operation, after) = Locate(phase, calls);
        var run = InProcess.OnManualClock(Build(scenario, [Rule(fault, operation, after)]));

        var result = await run.RunAsync(Arguments(scenario));

        var expected = ExpectedExitCode(scenario);
        result.ExitCode.Should().Be(expected, $"{operation} call #{after + 1} was hit by {fault}\n{result}");
        var json = JsonNode.Parse(result.Out)!.AsObject();
        ((string?)json["outcome"]).Should().Be(ExitCodes.Outcome(expected));
        var state = run.Emulator.GetState();
        var revisions = state["taskDefinitions"]!.AsArray().Select(t => t!.AsObject()).Where(t => (string?)t["family"] == "web").ToList();
        var registered = revisions.Where(t => (int)t["revision"]! > 3).ToList();
        registered.Should().ContainSingle("exactly one revision is registered, whatever happened to the answer");
        var newArn = (string)registered[0]["taskDefinitionArn"]!;
        ((string?)json["taskDefinitionArn"]).Should().Be(newArn, "the registered revision is always named");

        var started = ServiceDeployments(state, "prod", "web") - 1;
        started.Should().Be(ExpectedDeployments(scenario), "each UpdateService takes effect exactly once");

        var inactive = revisions.Where(t => (string?)t["status"] == "INACTIVE").Select(t => (string)t["taskDefinitionArn"]!).ToList();
        inactive.Should().NotContain([Arn("web:1"), Arn("web:2"), newArn], "the rollback target, the revision staging runs and the new one are in use");
        json["deregisteredTaskDefinitions"]!.AsArray().Select(a => (string)a!).Should().BeEquivalentTo(inactive, "the result names exactly what was deregistered");

        var service = Service(state, "prod", "web");
        var expectedRevision = scenario == Scenario.Healthy ? newArn : Arn("web:1");
        ((string)service["taskDefinition"]!).Should().Be(expectedRevision);
        ((string?)json["serviceTaskDefinitionArn"]).Should().Be(expectedRevision, "the result says where the service is");
        var deployments = service["deployments"]!.AsArray();
        deployments.Should().ContainSingle("the service is settled, not half-way");
        ((int)deployments[0]!["runningCount"]!).Should().Be(2);
    }

    [Test]
    public void The_matrix_covers_every_phase_and_fault_of_each_scenario()
    {
        var cells = Cells().ToList();

        cells.Should().HaveCount(Enum.GetValues<Scenario>().Sum(s => PhasesOf(s).Count) * Enum.GetValues<Fault>().Length);
        Enum.GetValues<Phase>().Should().OnlyContain(p => Enum.GetValues<Scenario>().Any(s => PhasesOf(s).Contains(p)), "every phase is exercised somewhere");
    }

    private static IReadOnlyList<Phase> PhasesOf(Scenario scenario) => scenario switch
    {
        Scenario.Healthy => [Phase.PlanningReads, Phase.Register, Phase.Update, Phase.Watch, Phase.CleanUp],
        Scenario.CircuitBreakerRollback => [Phase.PlanningReads, Phase.Register, Phase.Update, Phase.Watch, Phase.EcsRollbackWait, Phase.FailureLogs],
        Scenario.CrashLoopOurRollback => [Phase.PlanningReads, Phase.Register, Phase.Update, Phase.Watch, Phase.RollbackUpdate, Phase.RollbackWatch, Phase.FailureLogs],
        _ => [Phase.PlanningReads, Phase.Register, Phase.Update, Phase.Watch, Phase.RollbackUpdate, Phase.RollbackWatch],
    };

    private static int ExpectedExitCode(Scenario scenario) => scenario switch
    {
        Scenario.Healthy => ExitCodes.Success,
        Scenario.CircuitBreakerRollback => ExitCodes.RolledBackByEcs,
        Scenario.CrashLoopOurRollback => ExitCodes.DeploymentFailed,
        _ => ExitCodes.TimedOut,
    };

    private static int ExpectedDeployments(Scenario scenario) => scenario is Scenario.Healthy or Scenario.CircuitBreakerRollback ? 1 : 2;

    private static string[] Arguments(Scenario scenario) => scenario switch
    {
        Scenario.Healthy => ["-c", "prod", "-n", "web", "-i", "repo/web:new", "--max-definitions", "1", "-t", "120", "--output", "json"],
        Scenario.CircuitBreakerRollback => ["-c", "prod", "-n", "web", "-i", "repo/web:crash", "-t", "120", "--output", "json"],
        Scenario.CrashLoopOurRollback => ["-c", "prod", "-n", "web", "-i", "repo/web:crash", "--enable-rollback", "-t", "120", "--output", "json"],
        _ => ["-c", "prod", "-n", "web", "-i", "repo/web:stuck", "--enable-rollback", "-t", "60", "--output", "json"],
    };

    /// <summary>
    /// Where a phase begins in a run without faults: the operation and how many calls of it came before. The fault
    /// rule hits that call; nothing before it changes, so it is the same call in the faulted run.
    /// </summary>
    private static (string Operation, int After) Locate(Phase phase, IReadOnlyList<string> calls)
    {
        var baseline = new BaselineCalls(calls, phase.ToString());
        return phase switch
        {
            Phase.PlanningReads => baseline.Call("DescribeClusters"),
            Phase.Register => baseline.Call("RegisterTaskDefinition"),
            Phase.Update => baseline.Call("UpdateService"),
            Phase.Watch => baseline.FirstAfter("DescribeServices", "UpdateService"),
            Phase.RollbackUpdate => baseline.Call("UpdateService", 1),
            Phase.RollbackWatch => baseline.FirstAfter("DescribeServices", "UpdateService", 1),
            Phase.EcsRollbackWait => baseline.FirstAfter("DescribeServices", "DescribeServiceDeployments"),
            Phase.CleanUp => baseline.Call("ListClusters"),
            _ => baseline.Call("GetLogEvents"),
        };
    }

    internal static FaultRule Rule(Fault fault, string operation, int after) => fault switch
    {
        Fault.ThrottleBurst => new FaultRule { Operation = operation, AfterCalls = after, Kind = FaultKind.Throttle, Count = 10 },
        Fault.ServerErrorOnce => new FaultRule { Operation = operation, AfterCalls = after, Kind = FaultKind.ServerError, Count = 1 },
        Fault.ServerErrorThrice => new FaultRule { Operation = operation, AfterCalls = after, Kind = FaultKind.ServerError, Count = 3 },
        Fault.ServerErrorApplied => new FaultRule { Operation = operation, AfterCalls = after, Kind = FaultKind.ServerError, Count = 1, Applied = true },
        Fault.DropApplied => new FaultRule { Operation = operation, AfterCalls = after, Kind = FaultKind.DropConnection, Count = 1, Applied = true },
        Fault.DropNotApplied => new FaultRule { Operation = operation, AfterCalls = after, Kind = FaultKind.DropConnection, Count = 1 },
        _ => new FaultRule { Operation = operation, AfterCalls = after, Kind = FaultKind.Latency, Count = 1, LatencyMilliseconds = 35_000 },
    };

    private static async Task<IReadOnlyList<string>> BaselineAsync(Scenario scenario)
    {
        var run = InProcess.OnManualClock(Build(scenario, []));
        var result = await run.RunAsync(Arguments(scenario));
        result.ExitCode.Should().Be(ExpectedExitCode(scenario), $"the run without faults\n{result}");
        return run.Emulator.Calls.Select(c => c.Operation).ToList();
    }

    /// <summary>
    /// Cluster prod runs web on web:1 (2 tasks); cluster staging runs web on web:2; web:3 is used by nothing. The app
    /// container logs with awslogs, so a crash leaves log lines to read.
    /// </summary>
    private static EmulatorScenario Build(Scenario scenario, IReadOnlyList<FaultRule> rules)
    {
        JsonObject Revision(string image) => new() { ["family"] = "web", ["containerDefinitions"] = new JsonArray(Scenarios.MigrateContainer("app", image)) };

        var configuration = scenario == Scenario.CircuitBreakerRollback
            ? new JsonObject { ["deploymentCircuitBreaker"] = new JsonObject { ["enable"] = true, ["rollback"] = true } }
            : new JsonObject { ["minimumHealthyPercent"] = 100, ["maximumPercent"] = 200 };
        return new EmulatorScenario
        {
            Clusters = ["prod", "staging"],
            TaskDefinitions = [Revision("repo/web:1"), Revision("repo/web:2"), Revision("repo/web:3")],
            Services =
            [
                new JsonObject { ["cluster"] = "prod", ["serviceName"] = "web", ["taskDefinition"] = "web:1", ["desiredCount"] = 2, ["deploymentConfiguration"] = configuration },
                new JsonObject { ["cluster"] = "staging", ["serviceName"] = "web", ["taskDefinition"] = "web:2", ["desiredCount"] = 1 },
            ],
            Images = new Dictionary<string, ImageBehaviour>
            {
                ["repo/web:crash"] = new() { CrashAfterSeconds = 5, ExitCode = 3, LogLines = ["starting", "panic: no database"] },
                ["repo/web:stuck"] = new() { StuckPending = true },
            },
            Faults = new FaultSettings { Rules = rules },
        };
    }

    private static string Arn(string revision) => $"arn:aws:ecs:us-east-1:123456789012:task-definition/{revision}";

    private static JsonObject Service(JsonNode state, string cluster, string service) =>
        state["clusters"]!.AsArray().Single(c => (string?)c!["cluster"]!["clusterName"] == cluster)!["services"]!.AsArray()
            .Single(s => (string?)s!["serviceName"] == service)!.AsObject();

    private static int ServiceDeployments(JsonNode state, string cluster, string service) =>
        state["clusters"]!.AsArray().Single(c => (string?)c!["cluster"]!["clusterName"] == cluster)!["serviceDeployments"]!.AsArray()
            .Count(d => ((string?)d!["serviceArn"])?.EndsWith($"/{cluster}/{service}", StringComparison.Ordinal) == true);
}
