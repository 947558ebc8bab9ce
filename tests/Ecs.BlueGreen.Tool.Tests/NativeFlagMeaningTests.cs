using System.Text.Json.Nodes;
using Ecs.BlueGreen.Testing.Scenarios;
using Ecs.BlueGreen.Tool.Tests.Support;

namespace Ecs.BlueGreen.Tool.Tests;

/// <summary>
/// The native flags reach the library: run in-process against the in-memory emulator, which keeps a service's
/// deploymentConfiguration (strategy, lifecycleHooks) as sent, so the library plans a native deployment and says so. The
/// emulator does not pause or shift traffic yet: what happens at a hook is for the end-to-end tests once it does.
/// </summary>
public class NativeFlagMeaningTests
{
    private static readonly string[] Deploy = ["-c", "prod", "-n", "web", "-i", "repo/web:2"];

    /// <summary>The web service with a BLUE_GREEN configuration: 5 minutes of bake time and a PAUSE hook at each of <paramref name="pauseStages"/>.</summary>
    private static EmulatorScenario BlueGreen(params string[] pauseStages)
    {
        var scenario = Scenarios.Web();
        var service = (JsonObject)scenario.Services[0].DeepClone();
        var configuration = new JsonObject { ["strategy"] = "BLUE_GREEN", ["bakeTimeInMinutes"] = 5 };
        if (pauseStages.Length > 0)
        {
            configuration["lifecycleHooks"] = new JsonArray(new JsonObject { ["targetType"] = "PAUSE", ["lifecycleStages"] = new JsonArray([.. pauseStages.Select(s => (JsonNode)s)]) });
        }

        service["deploymentConfiguration"] = configuration;
        return scenario with { Services = [service] };
    }

    private static string Watching(RunResult result) =>
        result.Error.Split('\n').SingleOrDefault(l => l.Contains(" Watching BLUE_GREEN deployment ", StringComparison.Ordinal)) ?? throw new AssertionException($"No Watching line in\n{result}");

    [Test]
    public void Without_t_the_native_wait_is_left_to_the_library_and_rolling_phases_keep_90_seconds()
    {
        var valid = OptionValidator.Validate(CommandLine.Parse(Deploy).Options, _ => null).Request!;
        var timeouts = DeploymentMapper.ToDeployment(valid).Timeouts;
        timeouts.ServiceDeployment.Should().BeNull("the library sizes a native deployment's wait from the service");
        timeouts.Should().BeEquivalentTo(new { NewTasks = TimeSpan.FromSeconds(90), OldTasks = TimeSpan.FromSeconds(90), Rollback = TimeSpan.FromSeconds(90) });

        var given = OptionValidator.Validate(CommandLine.Parse([.. Deploy, "-t", "300"]).Options, _ => null).Request!;
        DeploymentMapper.ToDeployment(given).Timeouts.Should().BeEquivalentTo(new
        {
            NewTasks = TimeSpan.FromSeconds(300),
            OldTasks = TimeSpan.FromSeconds(300),
            Rollback = TimeSpan.FromSeconds(300),
            ServiceDeployment = (TimeSpan?)TimeSpan.FromSeconds(300),
        });
    }

    [Test]
    public async Task Without_t_a_native_deployment_gets_the_budget_computed_from_the_service_and_the_smoke_test_timeout()
    {
        var run = new InProcess(BlueGreen("POST_TEST_TRAFFIC_SHIFT"));
        var result = await run.RunAsync([.. Deploy, "--test-command", """["sh","-c","exit 0","--fast"]""", "--test-timeout", "120", "--test-stage", "POST_TEST_TRAFFIC_SHIFT"]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        Watching(result).Should().EndWith("for up to 27m (10m for the new tasks + 5m for the bake time of 5 min + 2m for 1 smoke test(s) of up to 2m + 10m for the clean-up).");
    }

    [Test]
    public async Task With_t_a_native_deployment_waits_t_in_all()
    {
        var run = new InProcess(BlueGreen("POST_TEST_TRAFFIC_SHIFT"));
        var result = await run.RunAsync([.. Deploy, "-t", "1200", "--test-command", "true"]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        Watching(result).Should().EndWith("for up to 20m (as given).");
    }

    [Test]
    public async Task Wait_until_names_the_stage_the_wait_ends_at()
    {
        var run = new InProcess(BlueGreen());
        var result = await run.RunAsync([.. Deploy, "--wait-until", "bake-time"]);

        result.ExitCode.Should().Be(ExitCodes.Success, result.ToString());
        Watching(result).Should().EndWith(", until it reaches BAKE_TIME.");
    }

    [Test]
    public async Task Test_stage_limits_the_smoke_test_to_those_stages_and_one_that_has_no_PAUSE_hook_is_refused_before_any_write()
    {
        var run = new InProcess(BlueGreen("POST_TEST_TRAFFIC_SHIFT"));
        var result = await run.RunAsync([.. Deploy, "--test-command", "./smoke", "--test-stage", "PRE_SCALE_UP"]);

        result.ExitCode.Should().Be(ExitCodes.Refused, result.ToString());
        result.Error.Should().Contain("ERROR: The smoke test is limited to PRE_SCALE_UP, but the service's PAUSE hooks are at POST_TEST_TRAFFIC_SHIFT: it would never run.");
        run.Writes().Should().BeEmpty();
    }

    [Test]
    public async Task Wait_until_paused_on_a_service_without_a_PAUSE_hook_is_refused_before_any_write()
    {
        var run = new InProcess(BlueGreen());
        var result = await run.RunAsync([.. Deploy, "--wait-until", "paused"]);

        result.ExitCode.Should().Be(ExitCodes.Refused, result.ToString());
        result.Error.Should().Contain("has no PAUSE lifecycle hook").And.Contain("never pauses");
        run.Writes().Should().BeEmpty();
    }

    [TestCase("--wait-until", "BAKE_TIME")]
    [TestCase("--wait-until", "paused")]
    [TestCase("--test-command", "./smoke")]
    public async Task Native_flags_on_a_ROLLING_service_are_refused_before_any_write(string flag, string value)
    {
        var run = new InProcess(Scenarios.Web());
        var result = await run.RunAsync([.. Deploy, flag, value]);

        result.ExitCode.Should().Be(ExitCodes.Refused, result.ToString());
        result.Error.Should().Contain("ERROR: The service 'web' uses the ROLLING deployment strategy");
        run.Writes().Should().BeEmpty();
    }

    [TestCase("--continue")]
    [TestCase("--rollback-deployment")]
    public async Task Continue_and_rollback_deployment_refuse_a_ROLLING_service_with_exit_15_and_write_nothing(string action)
    {
        var run = new InProcess(Scenarios.Web());
        var result = await run.RunAsync("-c", "prod", "-n", "web", action, "--output", "json");

        result.ExitCode.Should().Be(ExitCodes.Refused, result.ToString());
        result.Error.Trim().Should().Be("ERROR: The service 'web' does not use a native BLUE_GREEN, LINEAR or CANARY deployment (strategy ROLLING); there is no service deployment to continue or roll back.");
        var document = JsonNode.Parse(result.Out)!;
        ((string?)document["outcome"]).Should().Be("refused");
        ((string?)document["mode"]).Should().Be(action == "--continue" ? "continue" : "rollback-deployment");
        run.Emulator.Calls.Select(c => c.Operation).Should().Equal("DescribeServices");
    }

    [Test]
    public async Task Continue_on_a_missing_service_is_exit_15()
    {
        var run = new InProcess(Scenarios.Web());
        var result = await run.RunAsync("-c", "prod", "-n", "nope", "--continue");

        result.ExitCode.Should().Be(ExitCodes.Refused, result.ToString());
        result.Error.Trim().Should().Be("ERROR: The service 'nope' was not found (or is not ACTIVE) in the cluster 'prod' in account 123456789012, region us-east-1.");
        run.Writes().Should().BeEmpty();
    }

    [Test]
    public void The_service_deployment_action_accepts_every_combination_the_validator_lets_through()
    {
        // EcsServiceDeployment exposes none of its settings, so what --continue hands it is checked end to end once the
        // emulator pauses; here, that no value the validator accepts (-t of one day, paused, a stage) trips the library's argument checks.
        foreach (var args in new[]
        {
            new[] { "--continue" }, ["--continue", "-t", "86400", "--wait-until", "paused", "--enable-rollback"], ["--continue", "--wait-until", "CLEAN_UP"],
            ["--rollback-deployment", "-t", "1"],
        })
        {
            var request = OptionValidator.Validate(CommandLine.Parse(["-c", "prod", "-n", "web", .. args]).Options, _ => null).Request!;
            DeploymentMapper.ToServiceDeployment(request).Should().NotBeNull();
        }
    }
}
