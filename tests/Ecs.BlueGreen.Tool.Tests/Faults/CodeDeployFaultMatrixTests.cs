using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Ecs.BlueGreen.Testing.Scenarios;
using Ecs.BlueGreen.Tool.Tests.Support;
using Fault = Ecs.BlueGreen.Tool.Tests.Faults.FaultMatrixTests.Fault;

namespace Ecs.BlueGreen.Tool.Tests.Faults;

/// <summary>
/// The truth under faults for CodeDeploy deployments, as a matrix of scenario × phase × fault on the emulator's CodeDeploy:
/// every cell asserts the exit code, that one revision was registered and one CodeDeploy deployment created (the lost
/// answers included), that each write took effect once, that the fault hit, and where production traffic ends.
/// </summary>
public class CodeDeployFaultMatrixTests
{
    private static readonly ConcurrentDictionary<Scenario, Lazy<Task<IReadOnlyList<string>>>> Baselines = new();

    public enum Scenario
    {
        /// <summary>AllAtOnce with --skip-termination-wait: exit 0, ContinueDeployment TERMINATION_WAIT, the new task set alone.</summary>
        Success,

        /// <summary>A Ready gate whose smoke test fails: StopDeployment with rollback, exit 20, back on blue.</summary>
        SmokeTestFails,

        /// <summary>A failed AfterAllowTestTraffic hook that CodeDeploy rolls back: exit 21, back on blue.</summary>
        HookFailsCodeDeployRollsBack,
    }

    public enum Phase
    {
        PlanningReads,
        Register,
        Create,
        Watch,
        Continue,
        Stop,
        RollbackWatch,
    }

    public static IEnumerable<TestCaseData> Cells() =>
        from scenario in Enum.GetValues<Scenario>()
        from phase in PhasesOf(scenario)
        from fault in Enum.GetValues<Fault>()
        select new TestCaseData(scenario, phase, fault).SetArgDisplayNames($"{scenario} × {phase} × {fault}");

    [TestCaseSource(nameof(Cells))]
    public async Task Every_cell_keeps_the_verdict_creates_one_deployment_and_writes_once(Scenario scenario, Phase phase, Fault fault)
    {
        var calls = await Baselines.GetOrAdd(scenario, s => new Lazy<Task<IReadOnlyList<string>>>(() => BaselineAsync(s))).Value;
        var (operation, after) = Locate(scenario, phase, calls);
        var run = InProcess.OnManualClock(Build(scenario, [FaultMatrixTests.Rule(fault, operation, after)]));

        var result = await run.RunAsync(Arguments(scenario));

        result.ExitCode.Should().Be(ExpectedExitCode(scenario), $"{operation} call #{after + 1} was hit by {fault}\n{result}");
        if (fault != Fault.LatencyBeyondCallTimeout)
        {
            run.Emulator.Calls.Should().Contain(c => c.Operation == operation && (c.ErrorType != null || c.StatusCode == 0), "the fault hit the call");
        }

        var state = run.Emulator.GetState();
        state["taskDefinitions"]!.AsArray().Count(t => (int)t!["revision"]! > 2).Should().Be(1, "one revision registered");
        var deployments = state["codeDeploy"]!["deployments"]!.AsArray().Select(d => d!["deploymentInfo"]!).ToList();
        deployments.Count(d => (string?)d["creator"] != "codeDeployRollback").Should().Be(1, "one CodeDeploy deployment created, whatever happened to the answer");
        var json = JsonNode.Parse(result.Out)!.AsObject();
        ((string?)json["codeDeploy"]!["deploymentId"]).Should().Be((string?)deployments.First(d => (string?)d["creator"] != "codeDeployRollback")["deploymentId"]);
        // The task sets that still take traffic (a replaced one may still be DRAINING).
        var taskSets = run.Service()["taskSets"]!.AsArray().Where(t => (string?)t!["status"] != "DRAINING").Select(t => $"{t!["status"]}:{t["taskDefinition"]}").ToList();
        taskSets.Should().Equal(scenario == Scenario.Success
            ? "PRIMARY:arn:aws:ecs:us-east-1:123456789012:task-definition/web:3"
            : "PRIMARY:arn:aws:ecs:us-east-1:123456789012:task-definition/web:1");
    }

    [Test]
    public void The_matrix_covers_every_phase_of_each_scenario_with_every_fault() =>
        Cells().Should().HaveCount(Enum.GetValues<Scenario>().Sum(s => PhasesOf(s).Count) * Enum.GetValues<Fault>().Length);

    private static IReadOnlyList<Phase> PhasesOf(Scenario scenario) => scenario switch
    {
        Scenario.Success => [Phase.PlanningReads, Phase.Register, Phase.Create, Phase.Watch, Phase.Continue],
        Scenario.SmokeTestFails => [Phase.Create, Phase.Watch, Phase.Stop, Phase.RollbackWatch],
        _ => [Phase.Create, Phase.Watch, Phase.RollbackWatch],
    };

    private static int ExpectedExitCode(Scenario scenario) => scenario switch
    {
        Scenario.Success => ExitCodes.Success,
        Scenario.SmokeTestFails => ExitCodes.DeploymentFailed,
        _ => ExitCodes.RolledBackByEcs,
    };

    private static string[] Arguments(Scenario scenario)
    {
        string[] common = ["-c", "prod", "-n", "web", "-i", "repo/web:2", "--codedeploy-application", "web-app", "--codedeploy-group", "web-dg", "--output", "json"];
        if (scenario == Scenario.Success)
        {
            return [.. common, "--skip-termination-wait"];
        }

        if (scenario == Scenario.SmokeTestFails)
        {
            return [.. common, "--test-command", "false"];
        }

        var appSpec = Path.Combine(Path.GetTempPath(), $"ecs-bluegreen-appspec-{Guid.NewGuid():N}.json");
        File.WriteAllText(appSpec, CodeDeployScenarios.AppSpecJson);
        return [.. common, "--appspec", appSpec];
    }

    private static EmulatorScenario Build(Scenario scenario, IReadOnlyList<FaultRule> rules)
    {
        var group = scenario == Scenario.SmokeTestFails
            ? new JsonObject
            {
                ["blueGreenDeploymentConfiguration"] = new JsonObject
                {
                    ["deploymentReadyOption"] = new JsonObject { ["actionOnTimeout"] = "STOP_DEPLOYMENT", ["waitTimeInMinutes"] = 60 },
                    ["terminateBlueInstancesOnDeploymentSuccess"] = new JsonObject { ["action"] = "TERMINATE", ["terminationWaitTimeInMinutes"] = 5 },
                },
            }
            : null;
        var hooks = scenario == Scenario.HookFailsCodeDeployRollsBack
            ? new Dictionary<string, CodeDeployHook> { ["AfterAllowTestTraffic"] = new() { Outcome = CodeDeployHookOutcome.Fail, Seconds = 20 } }
            : null;
        return CodeDeployScenarios.Scenario(group, hooks: hooks) with { Faults = new FaultSettings { Rules = rules } };
    }

    /// <summary>Where a phase begins in the run without faults: the operation and how many calls of it came before.</summary>
    private static (string Operation, int After) Locate(Scenario scenario, Phase phase, IReadOnlyList<string> calls)
    {
        var baseline = new BaselineCalls(calls, $"{phase} of {scenario}");
        return phase switch
        {
            Phase.PlanningReads => baseline.Call("GetDeploymentGroup"),
            Phase.Register => baseline.Call("RegisterTaskDefinition"),
            Phase.Create => baseline.Call("CreateDeployment"),
            Phase.Watch => baseline.FirstAfter("GetDeployment", "CreateDeployment"),
            Phase.Continue => baseline.Call("ContinueDeployment"),
            Phase.Stop => baseline.Call("StopDeployment"),
            _ => scenario == Scenario.SmokeTestFails
                ? baseline.FirstAfter("GetDeployment", "StopDeployment")
                : baseline.Call("GetDeployment", baseline.Count("GetDeployment") - 2),
        };
    }

    private static async Task<IReadOnlyList<string>> BaselineAsync(Scenario scenario)
    {
        var run = InProcess.OnManualClock(Build(scenario, []));
        var result = await run.RunAsync(Arguments(scenario));
        result.ExitCode.Should().Be(ExpectedExitCode(scenario), $"the run of {scenario} without faults\n{result}");
        return run.Emulator.Calls.Select(c => c.Operation).ToList();
    }
}
