using System.Collections.Concurrent;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Testing.Scenarios;

namespace Ecs.BlueGreen.Tests.Deployments.Native;

/// <summary>
/// The truth under faults for native deployments, as a matrix: each scenario × each fault kind × each phase it has,
/// on the emulator on simulated time. Every cell asserts the verdict, who rolled back and how that ended, that our
/// update started exactly one service deployment, that no write was sent twice into an error, and where the service ends.
/// </summary>
public class NativeFaultMatrixTests
{
    private static readonly ConcurrentDictionary<Scenario, Lazy<Task<IReadOnlyList<string>>>> Baselines = new();

    public enum Scenario
    {
        /// <summary>BLUE_GREEN through its bake time to SUCCESSFUL.</summary>
        Healthy,

        /// <summary>A PAUSE hook whose smoke test fails: ContinueServiceDeployment ROLLBACK, ECS rolls back, Failed.</summary>
        SmokeTestRollback,

        /// <summary>A crash loop that ECS's circuit breaker rolls back: Failed, rolled back by ECS.</summary>
        EcsRollback,

        /// <summary>A PAUSE hook nobody answers, a 3-minute budget and rollback on timeout: TimedOut, our rollback through the hook.</summary>
        TimeoutOurRollback,
    }

    public enum Phase
    {
        Update,
        Bind,
        Watch,
        LateWatch,
        HookAnswer,
        RollbackWait,
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
        using var harness = new EngineHarness(Build(scenario, [Rule(fault, operation, after)]));

        var result = await harness.RunAsync(Deployment(harness, scenario));

        var what = $"{operation} call #{after + 1} was hit by {fault}: {result}";
        result.Outcome.Should().Be(ExpectedOutcome(scenario), what);
        result.RolledBackByEcs.Should().Be(scenario == Scenario.EcsRollback, what);
        (result.EcsRollback?.Outcome).Should().Be(scenario == Scenario.EcsRollback ? DeploymentOutcome.Succeeded : null, what);
        (result.Rollback?.Outcome).Should().Be(scenario is Scenario.SmokeTestRollback or Scenario.TimeoutOurRollback ? DeploymentOutcome.Succeeded : null, what);
        var deployments = (await harness.Client.ListServiceDeploymentsAsync(new ListServiceDeploymentsRequest { Cluster = "prod", Service = "web" })).ServiceDeployments;
        deployments.Should().HaveCount(2, "the service's first deployment and ours: our UpdateService took effect exactly once");
        var service = await harness.ServiceAsync();
        service.TaskDefinition.Should().EndWith(scenario == Scenario.Healthy ? "web:2" : "web:1", what);
        result.ServiceTaskDefinitionArn.Should().Be(service.TaskDefinition, "the result says where the service is");
        harness.Emulator.Calls.Where(c => c.Operation == "UpdateService").Should().NotBeEmpty();
        harness.Writes.Count(w => w == "RegisterTaskDefinition").Should().BeGreaterThanOrEqualTo(1);
        (await harness.Client.ListTaskDefinitionsAsync(new ListTaskDefinitionsRequest { FamilyPrefix = "web" })).TaskDefinitionArns.Should().HaveCount(2, "exactly one revision is registered");
    }

    [Test]
    public void The_matrix_covers_every_phase_of_each_scenario_with_every_fault()
    {
        Cells().Should().HaveCount(Enum.GetValues<Scenario>().Sum(s => PhasesOf(s).Count) * Enum.GetValues<Fault>().Length);
        Enum.GetValues<Phase>().Should().OnlyContain(p => Enum.GetValues<Scenario>().Any(s => PhasesOf(s).Contains(p)));
    }

    private static IReadOnlyList<Phase> PhasesOf(Scenario scenario) => scenario switch
    {
        Scenario.Healthy => [Phase.Update, Phase.Bind, Phase.Watch, Phase.LateWatch],
        Scenario.EcsRollback => [Phase.Update, Phase.Bind, Phase.Watch, Phase.LateWatch],
        _ => [Phase.Update, Phase.Bind, Phase.Watch, Phase.HookAnswer, Phase.RollbackWait],
    };

    private static DeploymentOutcome ExpectedOutcome(Scenario scenario) => scenario switch
    {
        Scenario.Healthy => DeploymentOutcome.Succeeded,
        Scenario.TimeoutOurRollback => DeploymentOutcome.TimedOut,
        _ => DeploymentOutcome.Failed,
    };

    private static EcsDeployment Deployment(EngineHarness harness, Scenario scenario) => scenario switch
    {
        Scenario.Healthy => harness.Deployment().WithImage("repo/web:2"),
        Scenario.EcsRollback => harness.Deployment().WithImage("repo/web:bad"),
        Scenario.SmokeTestRollback => harness.Deployment().WithImage("repo/web:2").WithSmokeTest((_, _) => Task.FromResult(false)),
        _ => harness.Deployment().WithImage("repo/web:2").WithTimeout(TimeSpan.FromMinutes(3)).RollbackOnTimeout(),
    };

    private static EmulatorScenario Build(Scenario scenario, IReadOnlyList<FaultRule> rules)
    {
        var configuration = scenario switch
        {
            Scenario.EcsRollback => NativeScenario.Configuration(bakeTimeInMinutes: 1, circuitBreaker: true),
            Scenario.Healthy => NativeScenario.Configuration(bakeTimeInMinutes: 1),
            _ => NativeScenario.Configuration(bakeTimeInMinutes: 1, extra: NativeScenario.PauseHooks(600, "POST_TEST_TRAFFIC_SHIFT")),
        };
        var images = new Dictionary<string, ImageBehaviour> { ["repo/web:bad"] = new() { CrashAfterSeconds = 5, ExitCode = 3 } };
        return NativeScenario.Create(configuration, images, faults: rules);
    }

    /// <summary>Where a phase begins in the run without faults: the operation and how many calls of it came before.</summary>
    private static (string Operation, int After) Locate(Phase phase, IReadOnlyList<string> calls)
    {
        var baseline = new BaselineCalls(calls, phase.ToString());
        return phase switch
        {
            Phase.Update => baseline.Call("UpdateService"),
            Phase.Bind => baseline.Call("DescribeServiceRevisions"),
            Phase.Watch => baseline.FirstAfter("DescribeServiceDeployments", "DescribeServiceRevisions"),
            Phase.LateWatch => baseline.FirstAfter("DescribeServiceDeployments", "DescribeServiceRevisions", skip: 8),
            Phase.HookAnswer => baseline.Call("ContinueServiceDeployment"),
            _ => baseline.FirstAfter("DescribeServiceDeployments", "ContinueServiceDeployment"),
        };
    }

    private static FaultRule Rule(Fault fault, string operation, int after) => fault switch
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
        using var harness = new EngineHarness(Build(scenario, []));
        var result = await harness.RunAsync(Deployment(harness, scenario));
        result.Outcome.Should().Be(ExpectedOutcome(scenario), $"the run without faults: {result}");
        return harness.Emulator.Calls.Select(c => c.Operation).ToList();
    }
}
