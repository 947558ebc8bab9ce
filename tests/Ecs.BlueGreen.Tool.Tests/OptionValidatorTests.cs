namespace Ecs.BlueGreen.Tool.Tests;

/// <summary>Validation before any AWS call: ecs-deploy's exit codes in its order, then ours.</summary>
public class OptionValidatorTests
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static (DeployRequest? Request, CommandError? Error) Validate(string[] args, Dictionary<string, string>? environment = null)
    {
        var parsed = CommandLine.Parse(args);
        parsed.Action.Should().Be(CommandAction.Deploy, parsed.Error);
        return OptionValidator.Validate(parsed.Options, name => environment?.GetValueOrDefault(name));
    }

    private static DeployRequest Valid(params string[] args)
    {
        var (request, error) = Validate(args);
        error.Should().BeNull();
        return request!;
    }

    // ecs-deploy's order (assertRequiredArgumentsSet, then parseImageName): each case also breaks every later rule.
    [TestCase(ExitCodes.NoServiceOrTaskDefinition, "-c", "prod", "--max-definitions", "x", "--launch-type", "EC2")]
    [TestCase(ExitCodes.BothServiceAndTaskDefinition, "-n", "web", "-d", "web")]
    [TestCase(ExitCodes.ServiceWithoutCluster, "-n", "web", "--max-definitions", "x")]
    [TestCase(ExitCodes.NothingToDeploy, "-c", "prod", "-n", "web", "--max-definitions", "x", "-D", "3")]
    [TestCase(ExitCodes.NothingToDeploy, "-d", "web", "--force-new-deployment")]
    [TestCase(ExitCodes.MaxDefinitionsNotNumeric, "-c", "prod", "-n", "web", "-i", "BAD IMAGE", "--max-definitions", "1.5", "--launch-type", "EC2")]
    [TestCase(ExitCodes.LaunchTypeWithoutRunTask, "-c", "prod", "-n", "web", "-i", "BAD IMAGE", "--launch-type", "EC2", "--network-configuration", "x")]
    [TestCase(ExitCodes.NetworkConfigurationWithoutRunTask, "-c", "prod", "-n", "web", "-i", "BAD IMAGE", "--network-configuration", "x", "--platform-version", "1.4.0")]
    [TestCase(ExitCodes.NetworkConfigurationWithoutRunTask, "-c", "prod", "-n", "web", "-i", "BAD IMAGE", "--wait-for-success", "--platform-version", "1.4.0")]
    [TestCase(ExitCodes.PlatformVersionWithoutRunTask, "-c", "prod", "-n", "web", "-i", "BAD IMAGE", "--platform-version", "1.4.0", "-t", "x")]
    [TestCase(ExitCodes.InvalidImage, "-c", "prod", "-n", "web", "-i", "BAD IMAGE", "-t", "x")]
    [TestCase(ExitCodes.InvalidImage, "-c", "prod", "-n", "web", "-i", "/something")]
    [TestCase(ExitCodes.InvalidImage, "-c", "prod", "-n", "web", "-i", "domain.com:abc/repo/image")]
    [TestCase(ExitCodes.InvalidImage, "-c", "prod", "-n", "web", "-i", "_something:tag123")]
    [TestCase(ExitCodes.InvalidImage, "-c", "prod", "-n", "web", "-to", "v2", "-i", "repo/app")]
    [TestCase(ExitCodes.InvalidImage, "-c", "prod", "-n", "web", "--container", "app=Not An Image")]
    public void Each_ecs_deploy_rule_has_its_exit_code_in_ecs_deploys_order(int exitCode, params string[] args)
    {
        var (request, error) = Validate(args);
        request.Should().BeNull();
        error!.ExitCode.Should().Be(exitCode, error.Message);
        error.Message.Should().NotContain("\n");
    }

    // A value read from a file or a command substitution can end with a newline: it is refused with the exit code of
    // its flag, and the message shows it as \n on one line, instead of trimming it or writing it into a revision.
    [TestCase(ExitCodes.InvalidImage, "-c", "prod", "-n", "web", "-i", "repo/web:2\n")]
    [TestCase(ExitCodes.InvalidImage, "-c", "prod", "-n", "web", "-i", " repo/web:2")]
    [TestCase(ExitCodes.InvalidImage, "-c", "prod", "-n", "web", "--container", "app=repo/web:2\n")]
    [TestCase(ExitCodes.InvalidOptionValue, "-c", "prod", "-n", "web", "-to", "v2\n")]
    [TestCase(ExitCodes.MaxDefinitionsNotNumeric, "-c", "prod", "-n", "web", "-i", "repo/web:2", "--max-definitions", "5\n")]
    [TestCase(ExitCodes.InvalidOptionValue, "-d", "web", "-i", "repo/web:2", "--run-task", "--launch-type", "FARGATE\n")]
    [TestCase(ExitCodes.InvalidOptionValue, "-d", "web", "-i", "repo/web:2", "--run-task", "--platform-version", "1.4.0\n")]
    [TestCase(ExitCodes.InvalidOptionValue, "-d", "web", "-i", "repo/web:2", "--run-task", "--started-by", "ci\n")]
    public void A_value_with_a_trailing_newline_is_refused_not_trimmed(int exitCode, params string[] args)
    {
        var (request, error) = Validate(args);
        request.Should().BeNull();
        error!.ExitCode.Should().Be(exitCode, error.Message);
        error.Message.Should().NotContain("\n").And.NotContain("\r");
    }

    [Test]
    public void A_tag_variable_with_a_trailing_newline_is_refused_not_trimmed()
    {
        var (_, error) = Validate(["-c", "prod", "-n", "web", "-i", "repo/app", "-e", "V"], new Dictionary<string, string> { ["V"] = "1.4\n" });
        error.Should().Be(new CommandError(ExitCodes.InvalidOptionValue, "The environment variable 'V' (-e) holds '1.4\\n', which is not a valid image tag."));
    }

    [TestCase("-t", "abc", "-t must be a whole number of at least 1 (got 'abc').")]
    [TestCase("-t", "0", "-t must be a whole number of at least 1 (got '0').")]
    [TestCase("-m", "101", "-m must be a whole number from 0 to 100 (got '101').")]
    [TestCase("-m", "abc", "-m must be a whole number from 0 to 100 (got 'abc').")]
    [TestCase("-M", "0", "-M must be a whole number of at least 1 (got '0').")]
    [TestCase("-D", "-1", "-D must be a whole number of at least 0 (got '-1').")]
    [TestCase("-D", "two", "-D must be a whole number of at least 0 (got 'two').")]
    [TestCase("--output", "yaml", "--output must be text or json (got 'yaml').")]
    [TestCase("--container", "app", "--container must be NAME=IMAGE (got 'app').")]
    [TestCase("--env", "A=1", "--env must be CONTAINER:NAME=VALUE (got 'A=1').")]
    [TestCase("--endpoint-url", "localhost:4599", "--endpoint-url must be an absolute http or https URL (got 'localhost:4599').")]
    [TestCase("-k", "AKIDEXAMPLE", "-k (--aws-access-key) and -s (--aws-secret-key) go together: give both or neither.")]
    [TestCase("-a", "my-role", "-a must be a role ARN, arn:aws:iam::ACCOUNT:role/NAME (got 'my-role').")]
    [TestCase("--task-definition-file", "/nonexistent/td.json", "Cannot read --task-definition-file '/nonexistent/td.json': Could not find a part of the path '/nonexistent/td.json'.")]
    public void An_invalid_value_is_exit_code_14_before_any_call(string flag, string value, string message)
    {
        var (_, error) = Validate(["-c", "prod", "-n", "web", "-i", "repo/web:2", flag, value]);
        error.Should().Be(new CommandError(ExitCodes.InvalidOptionValue, message));
    }

    [Test]
    public void A_tag_only_value_that_is_not_a_tag_is_refused_where_ecs_deploy_fed_it_to_sed()
    {
        var (_, error) = Validate(["-c", "prod", "-n", "web", "-to", "a&b"]);
        error.Should().Be(new CommandError(ExitCodes.InvalidOptionValue, "-to 'a&b' is not a valid image tag: up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'."));
    }

    [Test]
    public void A_task_definition_file_that_is_not_JSON_is_exit_code_14()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, "{ not json");
        try
        {
            var (_, error) = Validate(["-c", "prod", "-n", "web", "--task-definition-file", file]);
            error!.ExitCode.Should().Be(ExitCodes.InvalidOptionValue);
            error.Message.Should().Be($"--task-definition-file '{file}' is not valid JSON.");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [TestCase("{\"awsvpcConfiguration\":")]
    [TestCase("{\"awsvpcConfiguration\":{\"subnets\":[]}}")]
    [TestCase("{\"awsvpcConfiguration\":{\"subnet\":[\"a\"]}}")]
    [TestCase("awsvpcConfiguration={subnets=[a],assignPublicIp=MAYBE}")]
    [TestCase("awsvpcConfiguration={subnets=[a]")]
    [TestCase("awsvpcConfiguration={securityGroups=[sg]}")]
    [TestCase("subnets=a")]
    [TestCase("$(echo awsvpcConfiguration={subnets=[a]})")]
    [TestCase("awsvpcConfiguration={subnets=[a]}; echo injected")]
    public void An_invalid_network_configuration_is_exit_code_14_in_one_line(string network)
    {
        var error = Validate(["-d", "web", "-i", "repo/web:2", "--run-task", "--network-configuration", network]).Error!;
        error.ExitCode.Should().Be(ExitCodes.InvalidOptionValue);
        error.Message.Should().StartWith("--network-configuration").And.NotContain("\n");
    }

    [TestCase("awsvpcConfiguration={subnets=[subnet-1]}", "subnet-1", null, null)]
    [TestCase(" awsvpcConfiguration = { subnets = [a, b] , securityGroups=[sg-1], assignPublicIp=DISABLED } ", "a,b", "sg-1", "DISABLED")]
    [TestCase("awsvpcConfiguration={subnets=['a,b',\"c d\"]}", "a,b|c d", null, null)]
    [TestCase("{\"awsvpcConfiguration\":{\"subnets\":[\"a\",\"b\"],\"securityGroups\":[\"sg\"],\"assignPublicIp\":\"ENABLED\"}}", "a,b", "sg", "ENABLED")]
    public void A_network_configuration_is_JSON_or_the_AWS_CLI_shorthand(string network, string subnets, string? groups, string? publicIp)
    {
        var (request, error) = Validate(["-d", "web", "-i", "repo/web:2", "--run-task", "--network-configuration", network]);
        error.Should().BeNull();
        var vpc = request!.Task!.NetworkConfiguration!.AwsvpcConfiguration!;
        string.Join(subnets.Contains('|', StringComparison.Ordinal) ? "|" : ",", vpc.Subnets).Should().Be(subnets);
        (vpc.SecurityGroups is null ? null : string.Join(",", vpc.SecurityGroups)).Should().Be(groups);
        vpc.AssignPublicIp?.Value.Should().Be(publicIp);
    }

    [TestCase("--capacity-provider-strategy", "capacityProvider=FARGATE")]
    [TestCase("--command", "npm run")]
    [TestCase("--started-by", "ci")]
    [TestCase("--tail-logs", null)]
    public void The_new_run_task_flags_need_run_task_exit_code_14(string flag, string? value)
    {
        string[] args = value is null ? ["-d", "web", "-i", "repo/web:2", flag] : ["-d", "web", "-i", "repo/web:2", flag, value];
        var error = Validate(args).Error!;
        error.ExitCode.Should().Be(ExitCodes.InvalidOptionValue);
        error.Message.Should().Be($"{flag} only applies to --run-task.");
    }

    [TestCase("--tail-logs needs --wait-for-success (the logs are printed while waiting).", "--tail-logs")]
    [TestCase("--launch-type and --capacity-provider-strategy cannot be used together (ECS accepts one or the other).", "--launch-type", "FARGATE", "--capacity-provider-strategy", "capacityProvider=FARGATE")]
    [TestCase("--capacity-provider-strategy needs capacityProvider=NAME.", "--capacity-provider-strategy", "weight=1")]
    [TestCase("weight must be a whole number from 0 to 1000 (got \"x\").", "--capacity-provider-strategy", "capacityProvider=A,weight=x")]
    [TestCase("--command needs at least one argument.", "--command", "[]")]
    [TestCase("--started-by must be up to 128 letters, digits, '-', '_' or '/' (got 'a b').", "--started-by", "a b")]
    [TestCase("--platform-version '1.4.0;id' is not a platform version (LATEST, 1.4.0, ...).", "--platform-version", "1.4.0;id")]
    [TestCase("--launch-type 'FARGATE;echo INJECTED' is not a launch type (FARGATE, EC2, EXTERNAL, ...).", "--launch-type", "FARGATE;echo INJECTED")]
    [TestCase("-t with --wait-for-success can be at most 86400 seconds (one day; got 86401).", "--wait-for-success", "-t", "86401")]
    public void Run_task_values_are_checked_before_any_AWS_call(string message, params string[] more)
    {
        var error = Validate(["-d", "web", "-i", "repo/web:2", "--run-task", .. more]).Error!;
        error.ExitCode.Should().Be(ExitCodes.InvalidOptionValue);
        error.Message.Should().Be(message);
    }

    [TestCase("[\"npm\",\"run\",\"migrate\"]", "npm|run|migrate")]
    [TestCase("  npm   run\tmigrate ", "npm|run|migrate")]
    [TestCase("[\"sh\",\"-c\",\"echo a b; $(x)\"]", "sh|-c|echo a b; $(x)")]
    public void Command_is_a_JSON_list_or_words_split_on_whitespace(string command, string expected)
    {
        var (request, error) = Validate(["-d", "web", "-i", "repo/web:2", "--run-task", "--command", command]);
        error.Should().BeNull();
        string.Join("|", request!.Task!.Command!).Should().Be(expected);
    }

    // ecs-deploy's parseImageName tests (test.bats 11–36, 45), through -i. The digests are real sha256 digests
    // (64 hex digits): the library refuses test.bats's 16-digit stand-ins as not a digest.
    [TestCase("mariadb", null, "mariadb:latest")]
    [TestCase("mariadb:1.2.3", null, "mariadb:1.2.3")]
    [TestCase("mariadb@" + Digest, null, "mariadb@" + Digest)]
    [TestCase("repo/image", null, "repo/image:latest")]
    [TestCase("repo/image:v1.2.3", null, "repo/image:v1.2.3")]
    [TestCase("repo/image@" + Digest, null, "repo/image@" + Digest)]
    [TestCase("repo/multi/level/image", null, "repo/multi/level/image:latest")]
    [TestCase("repo/multi/level/image:v1.2.3", null, "repo/multi/level/image:v1.2.3")]
    [TestCase("docker.domain.com/repo/image", null, "docker.domain.com/repo/image:latest")]
    [TestCase("docker.domain.com/repo/image:1.2.3", null, "docker.domain.com/repo/image:1.2.3")]
    [TestCase("docker.domain.com/repo/multi/level/image@" + Digest, null, "docker.domain.com/repo/multi/level/image@" + Digest)]
    [TestCase("docker.domain.com:8080/repo/image", null, "docker.domain.com:8080/repo/image:latest")]
    [TestCase("docker.domain.com:8080/repo/image:1.2.3", null, "docker.domain.com:8080/repo/image:1.2.3")]
    [TestCase("docker.domain.com:8080/repo/multi/level/image@" + Digest, null, "docker.domain.com:8080/repo/multi/level/image@" + Digest)]
    [TestCase("docker.domain.com:8080/repo/image", "1487623908", "docker.domain.com:8080/repo/image:1487623908")]
    [TestCase("docker.domain.com:8080/repo/multi/level/image", "1487623908", "docker.domain.com:8080/repo/multi/level/image:1487623908")]
    [TestCase("121212345678.dkr.ecr.us-east-1.amazonaws.com/acct/repo", null, "121212345678.dkr.ecr.us-east-1.amazonaws.com/acct/repo:latest")]
    [TestCase("121212345678.dkr.ecr.us-east-1.amazonaws.com/acct/repo", "1487623908", "121212345678.dkr.ecr.us-east-1.amazonaws.com/acct/repo:1487623908")]
    [TestCase("docker.domain.com:8080/repo/image@" + Digest, "1487623908", "docker.domain.com:8080/repo/image:1487623908")]
    [TestCase("something:tag_123", null, "something:tag_123")]
    public void The_image_resolves_as_ecs_deploy_resolves_it(string image, string? tagVariable, string expected)
    {
        var environment = tagVariable is null ? null : new Dictionary<string, string> { ["CI_TIMESTAMP"] = tagVariable };
        string[] args = tagVariable is null ? ["-c", "prod", "-n", "web", "-i", image] : ["-c", "prod", "-n", "web", "-i", image, "-e", "CI_TIMESTAMP"];
        var (request, error) = Validate(args, environment);
        error.Should().BeNull();
        request!.Image!.ToString().Should().Be(expected);
    }

    [Test]
    public void A_tag_in_the_image_wins_over_the_tag_variable_even_when_the_variable_is_unset()
    {
        Validate(["-c", "prod", "-n", "web", "-i", "repo/app:9.9", "-e", "UNSET_VARIABLE"]).Request!.Image!.ToString().Should().Be("repo/app:9.9");
    }

    [Test]
    public void An_empty_tag_variable_means_latest_and_keeps_a_digest()
    {
        var environment = new Dictionary<string, string> { ["EMPTY"] = string.Empty };
        Validate(["-c", "prod", "-n", "web", "-i", "repo/app", "-e", "EMPTY"], environment).Request!.Image!.ToString().Should().Be("repo/app:latest");
        Validate(["-c", "prod", "-n", "web", "-i", "repo/app@" + Digest, "-e", "EMPTY"], environment).Request!.Image!.ToString().Should().Be("repo/app@" + Digest);
    }

    [Test]
    public void An_unset_tag_variable_is_a_clear_error_not_a_shell_abort()
    {
        var (_, error) = Validate(["-c", "prod", "-n", "web", "-i", "repo/app", "-e", "CI_TIMESTAMP"]);
        error.Should().Be(new CommandError(ExitCodes.InvalidOptionValue, "-e names the environment variable 'CI_TIMESTAMP', which is not set."));
    }

    [Test]
    public void A_tag_variable_that_is_not_a_tag_is_refused()
    {
        var (_, error) = Validate(["-c", "prod", "-n", "web", "-i", "repo/app", "-e", "V"], new Dictionary<string, string> { ["V"] = "$(rm -rf /)" });
        error!.ExitCode.Should().Be(ExitCodes.InvalidOptionValue);
    }

    [Test]
    public void With_tag_only_the_image_is_ecs_deploys_placeholder_and_not_used()
    {
        var request = Valid("-c", "prod", "-n", "web", "-to", "v2", "-i", "ignore");
        request.Image.Should().BeNull();
        request.Tag.Should().Be("v2");
        request.Notes.Should().ContainMatch("*-i ignore is not used with -to*");
        Valid("-c", "prod", "-n", "web", "-to", "v2").Tag.Should().Be("v2");
    }

    [Test]
    public void The_numbers_and_switches_map_to_the_request()
    {
        var request = Valid("-c", "prod", "-n", "web", "-i", "repo/web:2", "-t", "300", "-m", "50", "-M", "150", "-D", "4", "--max-definitions", "5",
            "--use-latest-task-def", "--copy-task-definition-tags", "--force-new-deployment", "--skip-deployments-check", "--skip-if-unchanged", "--dry-run",
            "--output", "json", "-v", "--container", "sidecar=repo/envoy:2", "--env", "app:MODE=green=1");
        request.Should().BeEquivalentTo(new
        {
            Mode = DeployMode.Service,
            Cluster = "prod",
            Service = "web",
            Timeout = TimeSpan.FromSeconds(300),
            MinimumHealthyPercent = 50,
            MaximumPercent = 150,
            DesiredCount = 4,
            KeepRevisions = 5,
            UseLatestTaskDefinition = true,
            CopyTaskDefinitionTags = true,
            ForceNewDeployment = true,
            WaitForDrain = false,
            SkipIfUnchanged = true,
            DryRun = true,
            Output = OutputFormat.Json,
            Verbose = true,
            RollbackOnTimeout = false,
            RollbackOnFailure = false,
        });
        request.ContainerImages.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Container = "sidecar" });
        request.Environment.Should().Equal(new ContainerVariable("app", "MODE", "green=1"));
    }

    [Test]
    public void The_default_timeout_is_ecs_deploys_90_seconds_for_the_whole_wait()
    {
        Valid("-c", "prod", "-n", "web", "-i", "repo/web:2").Timeout.Should().Be(TimeSpan.FromSeconds(90));
    }

    [TestCase("0")]
    [TestCase("-3")]
    public void Max_definitions_of_zero_or_less_keeps_every_revision(string value)
    {
        Valid("-c", "prod", "-n", "web", "-i", "repo/web:2", "--max-definitions", value).KeepRevisions.Should().BeNull();
    }

    [Test]
    public void Enable_rollback_rolls_back_on_timeout_and_on_failure_and_rollback_on_failure_only_on_failure()
    {
        Valid("-c", "prod", "-n", "web", "-i", "repo/web:2", "--enable-rollback").Should().BeEquivalentTo(new { RollbackOnTimeout = true, RollbackOnFailure = true });
        Valid("-c", "prod", "-n", "web", "-i", "repo/web:2", "--rollback-on-failure").Should().BeEquivalentTo(new { RollbackOnTimeout = false, RollbackOnFailure = true });
    }

    [Test]
    public void The_AWS_flags_map_to_the_settings_and_are_really_used()
    {
        var request = Valid("-c", "prod", "-n", "web", "-i", "repo/web:2", "-k", "AKIDEXAMPLE", "-s", "secret", "-r", "eu-west-1", "-p", "deploy",
            "-a", "arn:aws:iam::123456789012:role/deploy", "--aws-instance-profile", "--endpoint-url", "http://127.0.0.1:4599");
        request.Aws.Should().BeEquivalentTo(new
        {
            AccessKeyId = "AKIDEXAMPLE",
            SecretAccessKey = "secret",
            Region = "eu-west-1",
            Profile = "deploy",
            RoleArn = "arn:aws:iam::123456789012:role/deploy",
            UseInstanceProfile = true,
            EndpointUrl = new Uri("http://127.0.0.1:4599"),
        });
    }

    [Test]
    public void Flags_without_effect_in_task_definition_mode_are_noted()
    {
        var request = Valid("-d", "web", "-i", "repo/web:2", "-D", "3", "--enable-rollback");
        request.Mode.Should().Be(DeployMode.TaskDefinition);
        request.Notes.Should().Contain("-D has no effect with -d (no service is deployed).").And.Contain("--enable-rollback has no effect with -d (no service is deployed).");
    }
}
