using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Tool.Tests.Support;

namespace Ecs.BlueGreen.Tool.Tests;

/// <summary>The flags of native blue/green, linear and canary deployments: parsed and checked before any AWS call.</summary>
public class NativeOptionTests
{
    private static readonly string[] Deploy = ["-c", "prod", "-n", "web", "-i", "repo/web:2"];

    private static (DeployRequest? Request, CommandError? Error) Validate(params string[] args)
    {
        var parsed = CommandLine.Parse(args);
        parsed.Action.Should().Be(CommandAction.Deploy, parsed.Error);
        return OptionValidator.Validate(parsed.Options, _ => null);
    }

    private static DeployRequest Valid(params string[] args)
    {
        var (request, error) = Validate(args);
        error.Should().BeNull();
        return request!;
    }

    private static CommandError Refused(params string[] args)
    {
        var (request, error) = Validate(args);
        request.Should().BeNull();
        error!.Message.Should().NotContain("\n");
        return error;
    }

    [TestCase("POST_TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT")]
    [TestCase("bake-time", "BAKE_TIME")]
    [TestCase("Clean_Up", "CLEAN_UP")]
    [TestCase("PRE_PRODUCTION_TRAFFIC_SHIFT", "PRE_PRODUCTION_TRAFFIC_SHIFT")]
    public void Wait_until_takes_a_lifecycle_stage_in_any_case_and_with_dashes(string value, string stage)
    {
        var request = Valid([.. Deploy, "--wait-until", value]);
        request.WaitUntil.Should().Be(new DeploymentStage(stage));
        request.WaitUntilPaused.Should().BeFalse();
    }

    [TestCase("paused")]
    [TestCase("PAUSED")]
    public void Wait_until_paused_ends_at_the_first_pause(string value)
    {
        var request = Valid([.. Deploy, "--wait-until", value]);
        request.WaitUntilPaused.Should().BeTrue();
        request.WaitUntil.Should().BeNull();
    }

    [TestCase("DONE")]
    [TestCase("SUCCESSFUL")]
    [TestCase("bake time")]
    [TestCase("BAKE_TIME\n")]
    public void An_unknown_stage_is_exit_14_with_the_list_of_stages(string value)
    {
        var error = Refused([.. Deploy, "--wait-until", value]);
        error.ExitCode.Should().Be(ExitCodes.InvalidOptionValue);
        error.Message.Should().StartWith("--wait-until must be paused, ready, a lifecycle stage of a native deployment (RECONCILE_SERVICE, PRE_SCALE_UP, SCALE_UP,")
            .And.Contain("BAKE_TIME, CLEAN_UP) or a lifecycle event of a CodeDeploy one (BeforeInstall, Install,").And.Contain("AfterAllowTraffic; got '");
    }

    [Test]
    public void Test_command_as_a_JSON_list_is_the_argv_as_given_with_nothing_expanded()
    {
        var test = Valid([.. Deploy, "--test-command", """["curl","-fsS","$URL","a b",";rm -rf /"]"""]).SmokeTest!;
        test.Command.Should().Equal("curl", "-fsS", "$URL", "a b", ";rm -rf /");
        test.TestUrl.Should().BeNull();
        test.Timeout.Should().BeNull();
        test.Stages.Should().BeEmpty();
    }

    [Test]
    public void Test_command_as_text_is_split_on_whitespace_without_quoting()
    {
        Valid([.. Deploy, "--test-command", "  ./smoke.sh --url 'http://x' "]).SmokeTest!.Command.Should().Equal("./smoke.sh", "--url", "'http://x'");
    }

    [TestCase("""["curl",""", "--test-command is not valid JSON")]
    [TestCase("""[]""", "--test-command needs at least one argument.")]
    [TestCase("""["curl",5]""", "--test-command must hold non-empty strings.")]
    [TestCase("""[" ","-f"]""", "--test-command: the program (the first word) cannot be blank.")]
    public void An_invalid_test_command_is_exit_14(string value, string message)
    {
        var error = Refused([.. Deploy, "--test-command", value]);
        error.ExitCode.Should().Be(ExitCodes.InvalidOptionValue);
        error.Message.Should().StartWith(message);
    }

    [Test]
    public void The_smoke_test_options_map_to_the_request()
    {
        var test = Valid([.. Deploy, "--test-command", "./smoke", "--test-url", "https://test.example.com:8443/health", "--test-timeout", "45",
            "--test-stage", "post-test-traffic-shift,PRE_PRODUCTION_TRAFFIC_SHIFT", "--test-stage", "POST_SCALE_UP", "--test-stage", "POST_SCALE_UP"]).SmokeTest!;
        test.TestUrl.Should().Be(new Uri("https://test.example.com:8443/health"));
        test.Timeout.Should().Be(TimeSpan.FromSeconds(45));
        test.Stages.Should().Equal(DeploymentStage.PostTestTrafficShift, DeploymentStage.PreProductionTrafficShift, DeploymentStage.PostScaleUp);
    }

    [TestCase("--test-url", "test.example.com/health", "--test-url must be an absolute http or https URL (got 'test.example.com/health').")]
    [TestCase("--test-url", "ftp://test.example.com/", "--test-url must be an absolute http or https URL (got 'ftp://test.example.com/').")]
    [TestCase("--test-timeout", "0", "--test-timeout must be a whole number of at least 1 (got '0').")]
    [TestCase("--test-timeout", "1.5", "--test-timeout must be a whole number of at least 1 (got '1.5').")]
    [TestCase("--test-timeout", "86401", "--test-timeout can be at most 86400 seconds (one day; got 86401).")]
    [TestCase("--test-stage", "POST_TEST_TRAFFIC_SHIFT,,BAKE_TIME", "--test-stage must be lifecycle stages (RECONCILE_SERVICE,")]
    [TestCase("--test-stage", "AFTER_TESTS", "--test-stage must be lifecycle stages (RECONCILE_SERVICE,")]
    public void An_invalid_smoke_test_option_is_exit_14(string flag, string value, string message)
    {
        var error = Refused([.. Deploy, "--test-command", "./smoke", flag, value]);
        error.ExitCode.Should().Be(ExitCodes.InvalidOptionValue);
        error.Message.Should().StartWith(message);
    }

    [TestCase("--test-url", "https://test.example.com/")]
    [TestCase("--test-timeout", "30")]
    [TestCase("--test-stage", "POST_TEST_TRAFFIC_SHIFT")]
    public void A_smoke_test_option_without_test_command_is_exit_14(string flag, string value)
    {
        Refused([.. Deploy, flag, value]).Should().Be(new CommandError(ExitCodes.InvalidOptionValue,
            $"{flag} only applies with --test-command (it configures the smoke test; no smoke test was given)."));
    }

    [Test]
    public void Wait_until_paused_and_a_smoke_test_cannot_be_used_together()
    {
        Refused([.. Deploy, "--wait-until", "paused", "--test-command", "./smoke"]).ExitCode.Should().Be(ExitCodes.InvalidOptionValue);
    }

    [TestCase("--wait-until", "BAKE_TIME")]
    [TestCase("--test-command", "./smoke")]
    public void The_native_flags_do_not_apply_to_task_definition_mode(string flag, string value)
    {
        Refused("-d", "web", "-i", "repo/web:2", flag, value).Should().Be(new CommandError(ExitCodes.InvalidOptionValue,
            $"{flag} only applies to a service deployment (-n): -d deploys nothing."));
    }

    [Test]
    public void T_is_given_or_not_and_over_one_day_is_exit_14()
    {
        Valid(Deploy).Should().BeEquivalentTo(new { Timeout = TimeSpan.FromSeconds(90), TimeoutGiven = false });
        Valid([.. Deploy, "-t", "90"]).Should().BeEquivalentTo(new { Timeout = TimeSpan.FromSeconds(90), TimeoutGiven = true });
        Refused([.. Deploy, "-t", "86401"]).Should().Be(new CommandError(ExitCodes.InvalidOptionValue, "-t can be at most 86400 seconds (one day; got 86401)."));
    }

    [Test]
    public void Continue_needs_only_the_service_and_takes_t_wait_until_and_the_rollback_switches()
    {
        Valid("-c", "prod", "-n", "web", "--continue").Should().BeEquivalentTo(new
        {
            Mode = DeployMode.Continue,
            Cluster = "prod",
            Service = "web",
            TimeoutGiven = false,
            WaitUntil = (DeploymentStage?)null,
            WaitUntilPaused = false,
            RollbackOnFailure = false,
        });
        Valid("-c", "prod", "-n", "web", "--continue", "-t", "600", "--wait-until", "bake-time", "--enable-rollback", "--output", "json").Should().BeEquivalentTo(new
        {
            Mode = DeployMode.Continue,
            Timeout = TimeSpan.FromSeconds(600),
            TimeoutGiven = true,
            WaitUntil = (DeploymentStage?)DeploymentStage.BakeTime,
            RollbackOnFailure = true,
            Output = OutputFormat.Json,
        });
        Valid("-c", "prod", "-n", "web", "--continue", "--wait-until", "paused", "--rollback-on-failure").Should().BeEquivalentTo(new { WaitUntilPaused = true, RollbackOnFailure = true });
        Valid("-c", "prod", "-n", "web", "--rollback-deployment", "-t", "120").Should().BeEquivalentTo(new { Mode = DeployMode.RollbackDeployment, Timeout = TimeSpan.FromSeconds(120) });
    }

    [TestCase("--continue", "--rollback-deployment")]
    [TestCase("--continue", "-i", "repo/web:2")]
    [TestCase("--continue", "-to", "v2")]
    [TestCase("--continue", "--container", "app=repo/web:2")]
    [TestCase("--continue", "--force-new-deployment")]
    [TestCase("--continue", "-D", "3")]
    [TestCase("--continue", "--dry-run")]
    [TestCase("--continue", "--test-command", "./smoke")]
    [TestCase("--continue", "-d", "web")]
    [TestCase("--rollback-deployment", "-i", "repo/web:2")]
    [TestCase("--rollback-deployment", "--wait-until", "BAKE_TIME")]
    [TestCase("--rollback-deployment", "--enable-rollback")]
    public void Continue_and_rollback_deployment_conflict_with_deploy_flags_and_each_other_as_usage_errors(params string[] args)
    {
        var error = Refused(["-c", "prod", "-n", "web", .. args]);
        error.ExitCode.Should().Be(ExitCodes.Usage, error.Message);
        error.Message.Should().StartWith(args[0]).And.Contain(args[1] == "--rollback-deployment" ? "cannot be used together" : $"cannot be used with {args[1]}:");
    }

    [TestCase(ExitCodes.NoServiceOrTaskDefinition, "-c", "prod", "--continue")]
    [TestCase(ExitCodes.ServiceWithoutCluster, "-n", "web", "--rollback-deployment")]
    [TestCase(ExitCodes.InvalidOptionValue, "-c", "prod", "-n", "web", "--continue", "--wait-until", "LATER")]
    [TestCase(ExitCodes.InvalidOptionValue, "-c", "prod", "-n", "web", "--continue", "-t", "soon")]
    [TestCase(ExitCodes.InvalidOptionValue, "-c", "prod", "-n", "web", "--rollback-deployment", "--output", "yaml")]
    public void Continue_and_rollback_deployment_check_their_values_first(int exitCode, params string[] args)
    {
        Refused(args).ExitCode.Should().Be(exitCode);
    }

    // Each bad value through the whole command: the one-line error, its exit code, and not a single AWS call.
    [TestCase(ExitCodes.InvalidOptionValue, "-c", "prod", "-n", "web", "-i", "repo/web:2", "--wait-until", "DONE")]
    [TestCase(ExitCodes.InvalidOptionValue, "-c", "prod", "-n", "web", "-i", "repo/web:2", "--test-command", "[\"curl\"")]
    [TestCase(ExitCodes.InvalidOptionValue, "-c", "prod", "-n", "web", "-i", "repo/web:2", "--test-url", "http://x/")]
    [TestCase(ExitCodes.InvalidOptionValue, "-c", "prod", "-n", "web", "-i", "repo/web:2", "--test-command", "./smoke", "--test-timeout", "-5")]
    [TestCase(ExitCodes.InvalidOptionValue, "-c", "prod", "-n", "web", "-i", "repo/web:2", "--test-command", "./smoke", "--test-stage", "LATER")]
    [TestCase(ExitCodes.Usage, "-c", "prod", "-n", "web", "--continue", "--rollback-deployment")]
    [TestCase(ExitCodes.Usage, "-c", "prod", "-n", "web", "--continue", "-i", "repo/web:2")]
    [TestCase(ExitCodes.ServiceWithoutCluster, "-n", "web", "--continue")]
    public async Task Bad_native_input_makes_no_AWS_call(int exitCode, params string[] args)
    {
        var run = new InProcess(Scenarios.Web());
        var result = await run.RunAsync(args);

        result.ExitCode.Should().Be(exitCode, result.ToString());
        result.Out.Should().BeEmpty();
        result.Error.Should().StartWith("ERROR: ").And.EndWith("\n");
        result.Error.TrimEnd('\n').Should().NotContain("\n");
        run.Emulator.Calls.Should().BeEmpty();
    }
}
