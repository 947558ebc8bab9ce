using System.Globalization;
using System.Text;

namespace Ecs.BlueGreen.Tool;

/// <summary>What the command line asks for.</summary>
internal enum CommandAction
{
    Deploy,
    Help,
    Version,
    UsageError,
}

/// <summary>The parsed command line: the action, the options, and for a usage error its one-line message.</summary>
internal sealed record ParsedCommandLine(CommandAction Action, DeployOptions Options, string? Error = null);

/// <summary>One flag: its short and long names, whether it takes a value, its help and how it sets the options.</summary>
internal sealed record Flag(string? Short, string Long, string? ValueName, string Help, Action<DeployOptions, string?> Apply, bool FromEcsDeploy = true)
{
    public bool TakesValue => ValueName is not null;

    public string Names => Short is null ? Long : $"{Short}, {Long}";
}

/// <summary>
/// Parses arguments the way ecs-deploy does, so pipelines keep working: a value flag takes the next argument
/// whatever it looks like (<c>--max-definitions -1</c>), the last occurrence wins, empty-string arguments are
/// skipped (the ecs-deploy GitHub Action passes them), and <c>--version</c>/<c>--help</c> act when they are
/// reached. Unlike ecs-deploy, <c>--flag=value</c> also works, and a flag missing its value is a usage error
/// (exit 3) rather than a shell error (exit 1).
/// </summary>
internal static class CommandLine
{
    private const string HelpName = "--help";
    private const string VersionName = "--version";

    /// <summary>Every flag, in the order of the help.</summary>
    public static IReadOnlyList<Flag> Flags { get; } =
    [
        new("-c", "--cluster", "NAME", "Cluster of the service (required with -n). With several -n, each -n is in the -c given before it.", (o, v) =>
        {
            o.Cluster = v;
            o.Clusters.Add(v!);
        }),
        new("-n", "--service-name", "NAME", "Service to deploy to; repeat it to deploy to several services at once (one verdict).", (o, v) =>
        {
            o.Service = v;
            o.Services.Add((o.Clusters.LastOrDefault(), v!));
        }),
        new("-d", "--task-definition", "FAMILY[:REV]|ARN", "Only register a new revision of this task definition (no service).", (o, v) => o.TaskDefinition = v),
        new("-i", "--image", "IMAGE", "New image; containers whose repository (registry and path) is the image's get it. No tag means :latest.", (o, v) => o.Image = v),
        new("-t", "--timeout", "SECONDS", "Time budget of each wait phase, in seconds (default 90): the new tasks running, then the old ones draining; a rollback gets it again. Native deployments: the whole wait (default: sized from the service).", (o, v) => o.Timeout = v),
        new("-m", "--min", "PERCENT", "minimumHealthyPercent of the deployment (the other limit is kept from the service).", (o, v) => o.Min = v),
        new("-M", "--max", "PERCENT", "maximumPercent of the deployment (the other limit is kept from the service).", (o, v) => o.Max = v),
        new("-D", "--desired-count", "N", "Desired count of the service, set with the deployment (restored by a rollback).", (o, v) => o.DesiredCount = v),
        new("-e", "--tag-env-var", "VAR", "Take the tag from this environment variable when -i has no tag (an empty variable means latest).", (o, v) => o.TagEnvVar = v),
        new("-to", "--tag-only", "TAG", "Set this tag on the image of every container (keeping registry, port and path; a digest is replaced).", (o, v) => o.TagOnly = v),
        new(null, "--max-definitions", "N", "After a success, keep only the newest N ACTIVE revisions of the family (0 or less: keep all).", (o, v) => o.MaxDefinitions = v),
        new(null, "--task-definition-file", "PATH", "Base the new revision on this JSON file (describe-task-definition output or register input, any formatting).", (o, v) => o.TaskDefinitionFile = v),
        new(null, "--enable-rollback", null, "Roll back to the previous revision when the deployment times out or fails (and on Ctrl+C).", (o, _) => o.EnableRollback = true),
        new(null, "--use-latest-task-def", null, "Base the new revision on the family's latest ACTIVE revision, not the service's.", (o, _) => o.UseLatestTaskDefinition = true),
        new(null, "--force-new-deployment", null, "Start a new deployment even when nothing changed (image not required).", (o, _) => o.ForceNewDeployment = true),
        new(null, "--skip-deployments-check", null, "Succeed once the new revision runs the desired count, without waiting for the old tasks to drain.", (o, _) => o.SkipDeploymentsCheck = true),
        new(null, "--run-task", null, "With -d: run the new revision as a one-off task in -c's cluster (default: 'default'); prints the task ARN.", (o, _) => o.RunTask = true),
        new(null, "--wait-for-success", null, "With --run-task: wait for the task to stop (at most -t); exit with its essential container's exit code.", (o, _) => o.WaitForSuccess = true),
        new(null, "--launch-type", "TYPE", "With --run-task: the launch type (FARGATE, EC2, EXTERNAL, ...).", (o, v) => o.LaunchType = v),
        new(null, "--platform-version", "VERSION", "With --run-task: the Fargate platform version.", (o, v) => o.PlatformVersion = v),
        new(null, "--network-configuration", "CONFIG", "With --run-task: the network configuration, JSON or the AWS CLI shorthand, taken literally.", (o, v) => o.NetworkConfiguration = v),
        new(null, "--copy-task-definition-tags", null, "Give the new revision the tags of the revision it is based on.", (o, _) => o.CopyTaskDefinitionTags = true),
        new("-k", "--aws-access-key", "KEY", "AWS access key id (with -s).", (o, v) => o.AccessKey = v),
        new("-s", "--aws-secret-key", "SECRET", "AWS secret access key (with -k).", (o, v) => o.SecretKey = v),
        new("-r", "--region", "REGION", "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region).", (o, v) => o.Region = v),
        new("-p", "--profile", "NAME", "Named profile of the shared AWS config and credentials files.", (o, v) => o.Profile = v),
        new(null, "--aws-instance-profile", null, "Use the EC2 instance profile's credentials.", (o, _) => o.InstanceProfile = true),
        new("-a", "--aws-assume-role", "ROLE_ARN", "Assume this role (with the region, profile or keys above) for every call.", (o, v) => o.AssumeRole = v),
        new("-v", "--verbose", null, "Also print each AWS call (operation, status, duration, request id; never a credential).", (o, _) => o.Verbose = true),
        new(null, VersionName, null, "Print the version and exit.", (_, _) => { }),
        new(null, "--endpoint-url", "URL", "Send ECS calls to this endpoint (a local emulator, a VPC endpoint).", (o, v) => o.EndpointUrl = v, FromEcsDeploy: false),
        new(null, "--dry-run", null, "Check everything and print the task-definition diff and the calls that would be made; write nothing.", (o, _) => o.DryRun = true, FromEcsDeploy: false),
        new(null, "--output", "text|json", "json: one result document on stdout (progress stays on stderr). Default text.", (o, v) => o.Output = v, FromEcsDeploy: false),
        new(null, "--container", "NAME=IMAGE", "Set the image of the container NAME (repeatable).", (o, v) => Add(o.Containers, v), FromEcsDeploy: false),
        new(null, "--env", "CONTAINER:NAME=VALUE", "Set an environment variable of a container (repeatable).", (o, v) => Add(o.Environment, v), FromEcsDeploy: false),
        new(null, "--skip-if-unchanged", null, "Register nothing when the new revision equals the current one; do nothing when the service runs it.", (o, _) => o.SkipIfUnchanged = true, FromEcsDeploy: false),
        new(null, "--no-verify-image", null, "Do not check before any write that the new revision's Amazon ECR images (tag or digest) exist.", (o, _) => o.NoVerifyImage = true, FromEcsDeploy: false),
        new(null, "--rollback-on-failure", null, "Roll back to the previous revision when the deployment fails (and on Ctrl+C).", (o, _) => o.RollbackOnFailure = true, FromEcsDeploy: false),
        new(null, "--capacity-provider-strategy", "STRATEGY", "With --run-task: capacityProvider=NAME,weight=N,base=N (repeatable) or a JSON list; not with --launch-type.", (o, v) => Add(o.CapacityProviderStrategy, v), FromEcsDeploy: false),
        new(null, "--command", "COMMAND", "With --run-task: the first essential container's command, a JSON list [\"npm\",\"run\",\"migrate\"] or words split on spaces.", (o, v) => o.Command = v, FromEcsDeploy: false),
        new(null, "--started-by", "TEXT", "With --run-task: the task's startedBy (up to 128 letters, digits, '-', '_', '/').", (o, v) => o.StartedBy = v, FromEcsDeploy: false),
        new(null, "--tail-logs", null, "With --run-task --wait-for-success: print the task's awslogs lines on stderr while waiting.", (o, _) => o.TailLogs = true, FromEcsDeploy: false),
        new(null, "--wait-until", "STAGE|EVENT|paused|ready", "Native deployments: succeed once ours reaches this lifecycle stage (POST_TEST_TRAFFIC_SHIFT, bake-time, ...), or end at its first PAUSE hook (paused). CodeDeploy: once this lifecycle event succeeded (AfterAllowTestTraffic, AllowTraffic, ...), or at the Ready gate (ready).", (o, v) => o.WaitUntil = v, FromEcsDeploy: false),
        new(null, "--test-command", "COMMAND", "Native deployments: answer each PAUSE hook with this smoke test, a JSON list [\"curl\",\"-f\",\"URL\"] or words split on spaces (no shell); exit 0 continues, else ECS rolls back.", (o, v) => o.TestCommand = v, FromEcsDeploy: false),
        new(null, "--test-url", "URL", "With --test-command: the URL to test, given to it as ECS_BLUEGREEN_TEST_URL.", (o, v) => o.TestUrl = v, FromEcsDeploy: false),
        new(null, "--test-timeout", "SECONDS", "With --test-command: how long one run of the smoke test may take (default 600); a test that runs longer fails.", (o, v) => o.TestTimeout = v, FromEcsDeploy: false),
        new(null, "--test-stage", "STAGE", "With --test-command: answer only the PAUSE hooks of this stage (repeatable or comma-separated; default every PAUSE hook).", (o, v) => Add(o.TestStages, v), FromEcsDeploy: false),
        new(null, "--continue", null, "With -c and -n: continue the service's native deployment paused at a PAUSE hook, and wait for it as a deployment (no image).", (o, _) => o.Continue = true, FromEcsDeploy: false),
        new(null, "--rollback-deployment", null, "With -c and -n: have ECS roll back the service's native deployment in progress, and wait for the rollback (no image).", (o, _) => o.RollbackDeployment = true, FromEcsDeploy: false),
        new(null, "--rollback", null, "With -c and -n: put the service back on the revision it ran before (from its deployment history) and its limits, and wait; a native deployment in progress is rolled back by ECS.", (o, _) => o.Rollback = true, FromEcsDeploy: false),
        new(null, "--to", "FAMILY:REV|ARN", "With --rollback: the revision to roll back to (not -to, which is --tag-only).", (o, v) => o.RollbackTo = v, FromEcsDeploy: false),
        new(null, "--task-definition-revision", "FAMILY:REV|ARN", "With -c and -n: deploy this existing revision as it is; nothing is registered.", (o, v) => o.TaskDefinitionRevision = v, FromEcsDeploy: false),
        new(null, "--appspec", "FILE", "CodeDeploy: the AppSpec (YAML or JSON) to deploy with; its TaskDefinition (or <TASK_DEFINITION>) becomes the new revision, its hooks are kept. Default: one made from the service.", (o, v) => o.AppSpec = v, FromEcsDeploy: false),
        new(null, "--codedeploy-application", "NAME", "CodeDeploy: the application (default AppECS-CLUSTER-SERVICE, as the console names it).", (o, v) => o.CodeDeployApplication = v, FromEcsDeploy: false),
        new(null, "--codedeploy-group", "NAME", "CodeDeploy: the deployment group (default DgpECS-CLUSTER-SERVICE, as the console names it).", (o, v) => o.CodeDeployGroup = v, FromEcsDeploy: false),
        new(null, "--codedeploy-config", "NAME", "CodeDeploy: the deployment configuration, instead of the group's (CodeDeployDefault.ECSCanary10Percent5Minutes, ...).", (o, v) => o.CodeDeployConfig = v, FromEcsDeploy: false),
        new(null, "--skip-termination-wait", null, "CodeDeploy: once traffic has shifted, end the wait before the original task set is removed (ContinueDeployment TERMINATION_WAIT) instead of keeping it until the group's termination wait ends.", (o, _) => o.SkipTerminationWait = true, FromEcsDeploy: false),
        new(null, "--services-file", "PATH", "Deploy to every service this JSON or YAML file lists (cluster, service and per-service image, containers, env, desiredCount, taskDefinitionRevision), at once.", (o, v) => o.ServicesFile = v, FromEcsDeploy: false),
        new(null, "--max-parallel", "N", "With several services: deploy at most N at once (default: all).", (o, v) => o.MaxParallel = v, FromEcsDeploy: false),
        new(null, "--rollback-all-on-failure", null, "With several services: when one does not succeed, roll back the ones that did to the revision they ran before.", (o, _) => o.RollbackAllOnFailure = true, FromEcsDeploy: false),
        new("-h", HelpName, null, "Show this help.", (_, _) => { }, FromEcsDeploy: false),
    ];

    private static readonly Dictionary<string, Flag> ByName = Flags
        .SelectMany(f => f.Short is null ? [(f.Long, f)] : new[] { (f.Short, f), (f.Long, f) })
        .ToDictionary(p => p.Item1, p => p.f, StringComparer.Ordinal);

    public static ParsedCommandLine Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new DeployOptions();
        if (args.Count == 0)
        {
            return new ParsedCommandLine(CommandAction.UsageError, options, "No arguments given.");
        }

        for (var i = 0; i < args.Count; i++)
        {
            var argument = args[i];
            if (argument.Length == 0)
            {
                continue;
            }

            string name = argument;
            string? inline = null;
            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            if (argument.StartsWith("--", StringComparison.Ordinal) && equals > 2)
            {
                name = argument[..equals];
                inline = argument[(equals + 1)..];
            }

            if (!ByName.TryGetValue(name, out var flag))
            {
                return new ParsedCommandLine(CommandAction.UsageError, options,
                    Nearest(name) is { } nearest ? $"Unknown argument '{argument}'; did you mean {nearest}?" : $"Unknown argument '{argument}'.");
            }

            string? value = null;
            if (flag.TakesValue)
            {
                if (inline is not null)
                {
                    value = inline;
                }
                else if (i + 1 < args.Count)
                {
                    value = args[++i];
                }
                else
                {
                    return new ParsedCommandLine(CommandAction.UsageError, options, $"{name} needs a value ({flag.ValueName}).");
                }
            }
            else if (inline is not null)
            {
                return new ParsedCommandLine(CommandAction.UsageError, options, $"{name} is a switch and takes no value (got '{argument}').");
            }

            switch (flag.Long)
            {
                case HelpName:
                    return new ParsedCommandLine(CommandAction.Help, options);
                case VersionName:
                    return new ParsedCommandLine(CommandAction.Version, options);
                default:
                    flag.Apply(options, string.IsNullOrEmpty(value) ? null : value);
                    break;
            }
        }

        return new ParsedCommandLine(CommandAction.Deploy, options);
    }

    /// <summary>The full help: usage, every flag, examples and the exit codes.</summary>
    public static string Help(string version)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"ecs-bluegreen {version}: deploy to Amazon ECS safely; a drop-in replacement for ecs-deploy.\n\n");
        text.Append("Usage:\n  ecs-bluegreen -c CLUSTER -n SERVICE -i IMAGE [options]     deploy a new image to a service\n");
        text.Append("  ecs-bluegreen -d FAMILY -i IMAGE [options]                 only register a new task-definition revision\n");
        text.Append("  ecs-bluegreen -c CLUSTER -n SERVICE --continue [options]   continue a paused native deployment\n");
        text.Append("  ecs-bluegreen -c CLUSTER -n SERVICE --rollback-deployment  roll back a native deployment in progress\n");
        text.Append("  ecs-bluegreen -c CLUSTER -n SERVICE --rollback [--to REV]  put the service back on its previous revision\n\n");
        AppendFlags(text, "Options (ecs-deploy's):", Flags.Where(f => f.FromEcsDeploy));
        AppendFlags(text, "Options (ecs-bluegreen's own):", Flags.Where(f => !f.FromEcsDeploy));
        text.Append("""

            Every value flag also accepts --flag=value; empty arguments are ignored.

            Examples:
              ecs-bluegreen -c prod -n web -i 123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:1.4
              ecs-bluegreen -c prod -n web -i registry.example.com/web -e GIT_SHA -t 300 --enable-rollback
              ecs-bluegreen -c prod -n web -to 1.4 --dry-run
              ecs-bluegreen -c prod -n web --container web=repo/web:1.4 --env web:FEATURE_X=on --output json
              ecs-bluegreen -d migrate -i repo/app:1.4 --max-definitions 10
              ecs-bluegreen -c prod -d migrate -i repo/app:1.4 --run-task --wait-for-success --tail-logs --launch-type FARGATE \
                --network-configuration 'awsvpcConfiguration={subnets=[subnet-1],securityGroups=[sg-1]}'
              ecs-bluegreen -c prod -n web -i repo/web:1.4 --test-command '["curl","-fsS","--max-time","5","http://test.example.com/health"]'
              ecs-bluegreen -c prod -n web -i repo/web:1.4 --wait-until paused     # later: -c prod -n web --continue
              ecs-bluegreen -c prod -n web --rollback                              # back to the revision before the current one
              ecs-bluegreen -c prod -n web --task-definition-revision web:12       # deploy web:12 as it is, register nothing

            Exit codes:
              0 success (also unchanged, dry run, paused with --wait-until paused)   1 timed out   3 usage
              5-13 as ecs-deploy (5 no -n/-d, 6 both, 7 -n without -c, 8 nothing to deploy, 9 bad --max-definitions,
                   10/11/12 run-task options without --run-task, 13 bad image)
              14 invalid option value   15 refused before any change (service missing, no matching container, nothing to continue...)
              17 --run-task: the task failed to start (RunTask failures, image pull, placement)
              20 deployment failed   21 rolled back by ECS   22 our rollback failed   23 ECS's rollback unfinished
              25 AWS error   26 AWS configuration error   70 internal error   130 cancelled (Ctrl+C)
              --run-task --wait-for-success: a task that ran exits with its essential container's code (1-255,
                 which can equal one of ours: --output json tells them apart); a code outside 1-255 gives 1

            """);
        return text.ToString();
    }

    private static void AppendFlags(StringBuilder text, string title, IEnumerable<Flag> flags)
    {
        text.Append(title).Append('\n');
        foreach (var flag in flags)
        {
            var names = flag.TakesValue ? $"{flag.Names} {flag.ValueName}" : flag.Names;
            text.Append("  ").Append(names.PadRight(40)).Append(' ').Append(flag.Help).Append('\n');
        }

        text.Append('\n');
    }

    /// <summary>
    /// The flag an unknown name most likely meant: a long name given with one dash (<c>-cluster</c>), or the name
    /// fewest edits away (insertions, deletions, substitutions, swaps of neighbours), when that is close enough to be
    /// a typo (at most a third of its letters, and at most 3); a short flag only when it differs in case. Values (no
    /// leading dash) get no suggestion.
    /// </summary>
    internal static string? Nearest(string name)
    {
        if (!name.StartsWith('-') || name.Length < 2)
        {
            return null;
        }

        if (!name.StartsWith("--", StringComparison.Ordinal) && ByName.ContainsKey("-" + name))
        {
            return "-" + name;
        }

        var letters = name.TrimStart('-').Length;
        if (letters <= 2)
        {
            // A one- or two-letter flag is guessed only when it differs in case (-C for -c): any other is as near as many.
            var cased = Flags.Select(f => f.Short).OfType<string>().Where(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)).ToList();
            return cased.Count == 1 && cased[0] != name ? cased[0] : null;
        }

        var (best, distance) = Flags.SelectMany(f => f.Short is null ? [f.Long] : new[] { f.Short, f.Long })
            .Select(candidate => (Candidate: candidate, Distance: Edits(name, candidate)))
            .OrderBy(c => c.Distance).ThenBy(c => c.Candidate, StringComparer.Ordinal)
            .First();
        return distance > 0 && distance <= Math.Min(3, Math.Max(1, letters / 3)) ? best : null;
    }

    /// <summary>The optimal-string-alignment distance of two names (Damerau–Levenshtein without repeated edits of one span).</summary>
    private static int Edits(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    private static void Add(List<string> list, string? value)
    {
        if (value is not null)
        {
            list.Add(value);
        }
    }
}
