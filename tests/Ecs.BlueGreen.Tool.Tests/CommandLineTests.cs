using System.Text.RegularExpressions;

namespace Ecs.BlueGreen.Tool.Tests;

/// <summary>Parsing every flag in-process: ecs-deploy's names and mechanics, plus --flag=value.</summary>
public class CommandLineTests
{
    private static DeployOptions Parse(params string[] args)
    {
        var parsed = CommandLine.Parse(args);
        parsed.Action.Should().Be(CommandAction.Deploy, parsed.Error);
        return parsed.Options;
    }

    // Every value flag of ecs-deploy (the usage function and the argument loop of the ecs-deploy script,
    // https://github.com/sil-org/ecs-deploy) and ours, by short and long name.
    private static readonly object[] ValueFlags =
    [
        new object[] { "-k", "--aws-access-key", (Func<object, object?>)(o => ((DeployOptions)o).AccessKey) },
        new object[] { "-s", "--aws-secret-key", (Func<object, object?>)(o => ((DeployOptions)o).SecretKey) },
        new object[] { "-r", "--region", (Func<object, object?>)(o => ((DeployOptions)o).Region) },
        new object[] { "-p", "--profile", (Func<object, object?>)(o => ((DeployOptions)o).Profile) },
        new object[] { "-a", "--aws-assume-role", (Func<object, object?>)(o => ((DeployOptions)o).AssumeRole) },
        new object[] { "-c", "--cluster", (Func<object, object?>)(o => ((DeployOptions)o).Cluster) },
        new object[] { "-n", "--service-name", (Func<object, object?>)(o => ((DeployOptions)o).Service) },
        new object[] { "-d", "--task-definition", (Func<object, object?>)(o => ((DeployOptions)o).TaskDefinition) },
        new object[] { "-i", "--image", (Func<object, object?>)(o => ((DeployOptions)o).Image) },
        new object[] { "-t", "--timeout", (Func<object, object?>)(o => ((DeployOptions)o).Timeout) },
        new object[] { "-m", "--min", (Func<object, object?>)(o => ((DeployOptions)o).Min) },
        new object[] { "-M", "--max", (Func<object, object?>)(o => ((DeployOptions)o).Max) },
        new object[] { "-D", "--desired-count", (Func<object, object?>)(o => ((DeployOptions)o).DesiredCount) },
        new object[] { "-e", "--tag-env-var", (Func<object, object?>)(o => ((DeployOptions)o).TagEnvVar) },
        new object[] { "-to", "--tag-only", (Func<object, object?>)(o => ((DeployOptions)o).TagOnly) },
        new object[] { "", "--max-definitions", (Func<object, object?>)(o => ((DeployOptions)o).MaxDefinitions) },
        new object[] { "", "--task-definition-file", (Func<object, object?>)(o => ((DeployOptions)o).TaskDefinitionFile) },
        new object[] { "", "--launch-type", (Func<object, object?>)(o => ((DeployOptions)o).LaunchType) },
        new object[] { "", "--platform-version", (Func<object, object?>)(o => ((DeployOptions)o).PlatformVersion) },
        new object[] { "", "--network-configuration", (Func<object, object?>)(o => ((DeployOptions)o).NetworkConfiguration) },
        new object[] { "", "--endpoint-url", (Func<object, object?>)(o => ((DeployOptions)o).EndpointUrl) },
        new object[] { "", "--output", (Func<object, object?>)(o => ((DeployOptions)o).Output) },
        new object[] { "", "--container", (Func<object, object?>)(o => ((DeployOptions)o).Containers.SingleOrDefault()) },
        new object[] { "", "--env", (Func<object, object?>)(o => ((DeployOptions)o).Environment.SingleOrDefault()) },
        new object[] { "", "--wait-until", (Func<object, object?>)(o => ((DeployOptions)o).WaitUntil) },
        new object[] { "", "--test-command", (Func<object, object?>)(o => ((DeployOptions)o).TestCommand) },
        new object[] { "", "--test-url", (Func<object, object?>)(o => ((DeployOptions)o).TestUrl) },
        new object[] { "", "--test-timeout", (Func<object, object?>)(o => ((DeployOptions)o).TestTimeout) },
        new object[] { "", "--test-stage", (Func<object, object?>)(o => ((DeployOptions)o).TestStages.SingleOrDefault()) },
    ];

    private static readonly object[] Switches =
    [
        new object[] { "--aws-instance-profile", (Func<object, bool>)(o => ((DeployOptions)o).InstanceProfile) },
        new object[] { "--enable-rollback", (Func<object, bool>)(o => ((DeployOptions)o).EnableRollback) },
        new object[] { "--use-latest-task-def", (Func<object, bool>)(o => ((DeployOptions)o).UseLatestTaskDefinition) },
        new object[] { "--force-new-deployment", (Func<object, bool>)(o => ((DeployOptions)o).ForceNewDeployment) },
        new object[] { "--skip-deployments-check", (Func<object, bool>)(o => ((DeployOptions)o).SkipDeploymentsCheck) },
        new object[] { "--run-task", (Func<object, bool>)(o => ((DeployOptions)o).RunTask) },
        new object[] { "--wait-for-success", (Func<object, bool>)(o => ((DeployOptions)o).WaitForSuccess) },
        new object[] { "--copy-task-definition-tags", (Func<object, bool>)(o => ((DeployOptions)o).CopyTaskDefinitionTags) },
        new object[] { "-v", (Func<object, bool>)(o => ((DeployOptions)o).Verbose) },
        new object[] { "--verbose", (Func<object, bool>)(o => ((DeployOptions)o).Verbose) },
        new object[] { "--dry-run", (Func<object, bool>)(o => ((DeployOptions)o).DryRun) },
        new object[] { "--skip-if-unchanged", (Func<object, bool>)(o => ((DeployOptions)o).SkipIfUnchanged) },
        new object[] { "--rollback-on-failure", (Func<object, bool>)(o => ((DeployOptions)o).RollbackOnFailure) },
        new object[] { "--continue", (Func<object, bool>)(o => ((DeployOptions)o).Continue) },
        new object[] { "--rollback-deployment", (Func<object, bool>)(o => ((DeployOptions)o).RollbackDeployment) },
    ];

    [TestCaseSource(nameof(ValueFlags))]
    public void A_value_flag_is_read_by_its_short_name_its_long_name_and_long_name_equals_value(string shortName, string longName, Func<object, object?> read)
    {
        if (shortName.Length > 0)
        {
            read(Parse(shortName, "x=1:y")).Should().Be("x=1:y");
        }

        read(Parse(longName, "x=1:y")).Should().Be("x=1:y");
        read(Parse($"{longName}=x=1:y")).Should().Be("x=1:y", "--flag=value splits at the first '='");
    }

    [TestCaseSource(nameof(Switches))]
    public void A_switch_is_read(string name, Func<object, bool> read)
    {
        read(Parse(name)).Should().BeTrue();
        read(Parse("-c", "x")).Should().BeFalse();
    }

    [Test]
    public void Short_names_are_case_sensitive_and_to_is_one_flag()
    {
        var options = Parse("-d", "family", "-D", "3", "-m", "50", "-M", "150", "-to", "v2", "-t", "60");
        options.TaskDefinition.Should().Be("family");
        options.DesiredCount.Should().Be("3");
        options.Min.Should().Be("50");
        options.Max.Should().Be("150");
        options.TagOnly.Should().Be("v2");
        options.Timeout.Should().Be("60");
    }

    [Test]
    public void Empty_arguments_are_skipped_as_the_GitHub_Action_passes_them()
    {
        var options = Parse("", "-c", "prod", "", "", "-n", "web", "");
        options.Cluster.Should().Be("prod");
        options.Service.Should().Be("web");
    }

    [Test]
    public void An_empty_value_is_the_same_as_leaving_the_flag_out()
    {
        Parse("-c", "", "-e", "").Cluster.Should().BeNull();
        Parse("--container", "").Containers.Should().BeEmpty();
    }

    [Test]
    public void The_last_occurrence_wins_as_in_ecs_deploy()
    {
        Parse("-c", "a", "--cluster", "b", "--cluster=c").Cluster.Should().Be("c");
    }

    [Test]
    public void A_value_flag_takes_the_next_argument_whatever_it_looks_like()
    {
        Parse("--max-definitions", "-1").MaxDefinitions.Should().Be("-1");
        var parsed = CommandLine.Parse(["-c", "-n", "svc"]);
        parsed.Action.Should().Be(CommandAction.UsageError, "as in ecs-deploy, -c swallows -n and svc is then unknown");
        parsed.Options.Cluster.Should().Be("-n");
    }

    [Test]
    public void Repeatable_flags_collect_every_value()
    {
        var options = Parse("--container", "app=repo/web:2", "--container=sidecar=repo/envoy:2", "--env", "app:A=1", "--env", "app:B=2");
        options.Containers.Should().Equal("app=repo/web:2", "sidecar=repo/envoy:2");
        options.Environment.Should().Equal("app:A=1", "app:B=2");
    }

    [TestCase(new string[0], "No arguments given.")]
    [TestCase(new[] { "-x" }, "Unknown argument '-x'.")]
    [TestCase(new[] { "-n", "web", "extra" }, "Unknown argument 'extra'.")]
    [TestCase(new[] { "-c" }, "-c needs a value (NAME).")]
    [TestCase(new[] { "--cluster" }, "--cluster needs a value (NAME).")]
    [TestCase(new[] { "--dry-run=true" }, "--dry-run is a switch and takes no value (got '--dry-run=true').")]
    [TestCase(new[] { "-C", "prod" }, "Unknown argument '-C'; did you mean -c?")]
    [TestCase(new[] { "--image", "x", "-T", "3" }, "Unknown argument '-T'; did you mean -t?")]
    [TestCase(new[] { "--clutser", "prod" }, "Unknown argument '--clutser'; did you mean --cluster?")]
    [TestCase(new[] { "-cluster", "prod" }, "Unknown argument '-cluster'; did you mean --cluster?")]
    [TestCase(new[] { "--enable-rolback" }, "Unknown argument '--enable-rolback'; did you mean --enable-rollback?")]
    [TestCase(new[] { "--servce-name=web" }, "Unknown argument '--servce-name=web'; did you mean --service-name?")]
    [TestCase(new[] { "--frobnicate" }, "Unknown argument '--frobnicate'.")]
    public void Usage_errors_say_what_is_wrong(string[] args, string error)
    {
        var parsed = CommandLine.Parse(args);
        parsed.Action.Should().Be(CommandAction.UsageError);
        parsed.Error.Should().Be(error);
    }

    [Test]
    public void Version_and_help_act_when_reached_so_an_earlier_unknown_argument_still_fails()
    {
        CommandLine.Parse(["-c", "prod", "--version", "-x"]).Action.Should().Be(CommandAction.Version);
        CommandLine.Parse(["-x", "--version"]).Action.Should().Be(CommandAction.UsageError);
        CommandLine.Parse(["-h"]).Action.Should().Be(CommandAction.Help);
        CommandLine.Parse(["--help"]).Action.Should().Be(CommandAction.Help);
    }

    [Test]
    public void The_help_lists_every_flag_and_the_exit_codes()
    {
        var help = CommandLine.Help("1.2.3");
        foreach (var flag in CommandLine.Flags)
        {
            help.Should().Contain(flag.Long);
            if (flag.Short is not null)
            {
                help.Should().Contain(flag.Short + ", ");
            }
        }

        help.Should().Contain("Examples:").And.Contain("Exit codes:").And.Contain("130 cancelled");
    }

    [Test]
    public void Test_stage_collects_every_value()
    {
        Parse("--test-stage", "POST_SCALE_UP", "--test-stage=BAKE_TIME,CLEAN_UP").TestStages.Should().Equal("POST_SCALE_UP", "BAKE_TIME,CLEAN_UP");
    }

    [Test]
    public void Every_flag_is_in_a_table_of_the_README()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        foreach (var flag in CommandLine.Flags)
        {
            readme.Should().MatchRegex($@"(?m)^\| [^\n]*`{Regex.Escape(flag.Long)}[ `]", $"{flag.Long} should have a row in a flag table of the README");
        }
    }

    [Test]
    public void Every_ecs_deploy_flag_is_known()
    {
        string[] ecsDeploy =
        [
            "-k", "--aws-access-key", "-s", "--aws-secret-key", "-r", "--region", "-p", "--profile", "--aws-instance-profile",
            "-a", "--aws-assume-role", "-c", "--cluster", "-n", "--service-name", "-d", "--task-definition", "-i", "--image",
            "-t", "--timeout", "-m", "--min", "-M", "--max", "-D", "--desired-count", "-e", "--tag-env-var", "-to", "--tag-only",
            "--max-definitions", "--task-definition-file", "--enable-rollback", "--use-latest-task-def", "--force-new-deployment",
            "--skip-deployments-check", "--run-task", "--wait-for-success", "--launch-type", "--platform-version",
            "--network-configuration", "--copy-task-definition-tags", "-v", "--verbose", "--version",
        ];
        var known = CommandLine.Flags.SelectMany(f => new[] { f.Short, f.Long }).OfType<string>().ToHashSet(StringComparer.Ordinal);
        ecsDeploy.Should().OnlyContain(name => known.Contains(name));
    }
}
