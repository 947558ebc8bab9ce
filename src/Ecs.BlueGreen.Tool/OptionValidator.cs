using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ecs.BlueGreen.Aws.Configuration;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Images;
using Ecs.BlueGreen.TaskDefinitions;

namespace Ecs.BlueGreen.Tool;

/// <summary>
/// Checks the options without calling AWS and turns them into a <see cref="DeployRequest"/>. The checks with
/// ecs-deploy's exit codes come first, in ecs-deploy's order (5, 6, 7, 8, 9, 10, 11, 11, 12, 13); then every
/// other value (14), so nothing is registered or updated with a value that was bound to fail.
/// </summary>
internal static partial class OptionValidator
{
    /// <summary>ecs-deploy's default -t: 90 seconds, for each wait phase as in ecs-deploy.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    /// <summary>The library waits for a one-off task at most one day.</summary>
    private const int MaxTaskSeconds = 86_400;

    public static (DeployRequest? Request, CommandError? Error) Validate(DeployOptions options, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        try
        {
            return (Build(options, environment), null);
        }
        catch (OptionException exception)
        {
            return (null, new CommandError(exception.ExitCode, exception.Message));
        }
    }

    private static DeployRequest Build(DeployOptions o, Func<string, string?> environment)
    {
        var action = o.Rollback ? "--rollback" : o.Continue ? "--continue" : o.RollbackDeployment ? "--rollback-deployment" : null;
        Require(action is null || (o.Services.Count <= 1 && o.ServicesFile is null), ExitCodes.Usage,
            $"{action} acts on one service: give one -c CLUSTER -n SERVICE (not several -n or --services-file).");
        if (o.Rollback)
        {
            return BuildRollback(o);
        }

        Require(o.RollbackTo is null, ExitCodes.Usage, "--to only applies to --rollback (the revision to roll back to); the image tag of every container is -to (--tag-only).");
        if (o.Continue || o.RollbackDeployment)
        {
            return BuildServiceDeploymentAction(o);
        }

        if (o.TaskDefinitionRevision is not null)
        {
            CheckExistingRevision(o);
        }

        // Many services: a repeated -n, or --services-file.
        var targets = Targets(o);
        var service = targets.Count > 0 ? targets[0].Service : o.Service;

        // ecs-deploy's assertRequiredArgumentsSet, in its order.
        Require(service is not null || o.TaskDefinition is not null, ExitCodes.NoServiceOrTaskDefinition,
            "Give a service (-n SERVICE, with -c CLUSTER) or a task definition (-d FAMILY).");
        Require(service is null || o.TaskDefinition is null, ExitCodes.BothServiceAndTaskDefinition,
            "-n and -d cannot be used together: -n deploys to a service, -d only registers a task definition.");
        Require(service is null || targets.Count > 0 || o.Cluster is not null, ExitCodes.ServiceWithoutCluster, "-n needs the cluster of the service: add -c CLUSTER.");
        foreach (var target in targets)
        {
            Require(target.Cluster is not null, ExitCodes.ServiceWithoutCluster, $"The service '{target.Service}' needs its cluster: add -c CLUSTER before its -n, or 'cluster' to its entry.");
        }

        var mode = service is not null ? DeployMode.Service : DeployMode.TaskDefinition;
        var somethingToDeploy = o.Image is not null || o.TagOnly is not null || o.Containers.Count > 0 || o.Environment.Count > 0
            || o.TaskDefinitionFile is not null || (o.ForceNewDeployment && mode == DeployMode.Service) || o.TaskDefinitionRevision is not null;
        var nothing = targets.FirstOrDefault(t => !somethingToDeploy && t.Image is null && t.Containers.Count == 0 && t.Environment.Count == 0 && t.TaskDefinitionRevision is null);
        Require(nothing is null, ExitCodes.NothingToDeploy,
            $"Nothing to deploy to {nothing}: give an image (-i, or 'image' in its entry), a tag (-to), --container, --env, --task-definition-file or --force-new-deployment.");
        Require(somethingToDeploy || targets.Count > 0, ExitCodes.NothingToDeploy,
            mode == DeployMode.Service
                ? "Nothing to deploy: give an image (-i), a tag (-to), --container, --env, --task-definition-file or --force-new-deployment."
                : "Nothing to register: give an image (-i), a tag (-to), --container, --env or --task-definition-file.");
        int? keep = null;
        if (o.MaxDefinitions is not null)
        {
            var n = 0L;
            Require(MaxDefinitionsPattern().IsMatch(o.MaxDefinitions) && long.TryParse(o.MaxDefinitions, CultureInfo.InvariantCulture, out n), ExitCodes.MaxDefinitionsNotNumeric,
                $"--max-definitions must be a whole number (got '{o.MaxDefinitions}').");
            keep = n > 0 ? (int)Math.Min(n, int.MaxValue) : null;
        }

        Require(o.LaunchType is null || o.RunTask, ExitCodes.LaunchTypeWithoutRunTask, "--launch-type only applies to --run-task.");
        Require(o.NetworkConfiguration is null || o.RunTask, ExitCodes.NetworkConfigurationWithoutRunTask, "--network-configuration only applies to --run-task.");
        Require(!o.WaitForSuccess || o.RunTask, ExitCodes.NetworkConfigurationWithoutRunTask, "--wait-for-success only applies to --run-task.");
        Require(o.PlatformVersion is null || o.RunTask, ExitCodes.PlatformVersionWithoutRunTask, "--platform-version only applies to --run-task.");

        // Images (13), then every other value (14).
        var image = ResolveImage(o, environment);
        var containerImages = o.Containers.Select(ParseContainerImage).ToList();
        var variables = o.Environment.Select(ParseVariable).ToList();
        if (o.TagOnly is not null)
        {
            Require(ImageReference.IsValidTag(o.TagOnly), ExitCodes.InvalidOptionValue,
                $"-to '{o.TagOnly}' is not a valid image tag: up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'.");
        }

        var timeout = Timeout(o, mode == DeployMode.Service);
        var min = o.Min is null ? (int?)null : Integer("-m", o.Min, 0, 100);
        var max = o.Max is null ? (int?)null : Integer("-M", o.Max, 1, int.MaxValue);
        var desired = o.DesiredCount is null ? (int?)null : Integer("-D", o.DesiredCount, 0, int.MaxValue);
        var output = Output(o);
        if (o.TaskDefinitionFile is not null)
        {
            CheckJsonFile(o.TaskDefinitionFile);
        }

        var task = RunTask(o, mode);
        if (mode == DeployMode.TaskDefinition)
        {
            foreach (var (given, flag) in NativeFlags(o).Concat(CodeDeployFlags(o)))
            {
                Require(!given, ExitCodes.InvalidOptionValue, $"{flag} only applies to a service deployment (-n): -d deploys nothing.");
            }
        }

        if (targets.Count > 0)
        {
            foreach (var (given, flag) in new[] { (o.CodeDeployApplication is not null, "--codedeploy-application"), (o.CodeDeployGroup is not null, "--codedeploy-group"), (o.AppSpec is not null, "--appspec") })
            {
                Require(!given, ExitCodes.Usage, $"{flag} names one service's CodeDeploy {(flag == "--appspec" ? "AppSpec" : "application or group")}: with several services each is found by the console's names (AppECS-CLUSTER-SERVICE, DgpECS-CLUSTER-SERVICE).");
            }
        }

        var (appSpec, codeDeployTarget) = CodeDeploy(o);

        var (waitUntil, waitUntilPaused) = WaitUntil(o);
        var smokeTest = SmokeTest(o);
        Require(!(waitUntilPaused && smokeTest is not null), ExitCodes.InvalidOptionValue,
            "--wait-until paused (or ready) ends the run at the first PAUSE hook (or CodeDeploy's Ready gate), the one --test-command would answer: use one or the other.");
        var aws = Aws(o);
        var request = new DeployRequest
        {
            Mode = mode,
            Cluster = targets.Count > 0 ? targets[0].Cluster : o.Cluster,
            Service = service,
            TaskDefinition = o.TaskDefinition,
            TaskDefinitionRevision = o.TaskDefinitionRevision,
            Image = image,
            Tag = o.TagOnly,
            ContainerImages = containerImages,
            Environment = variables,
            TaskDefinitionFile = o.TaskDefinitionFile,
            UseLatestTaskDefinition = o.UseLatestTaskDefinition,
            CopyTaskDefinitionTags = o.CopyTaskDefinitionTags,
            ForceNewDeployment = o.ForceNewDeployment,
            SkipIfUnchanged = o.SkipIfUnchanged,
            VerifyImages = !o.NoVerifyImage,
            DryRun = o.DryRun,
            WaitForDrain = !o.SkipDeploymentsCheck,

            // ecs-deploy rolls back when the new revision is not running in time; a crash loop it cannot see
            // becomes its timeout. We see failures early, so --enable-rollback covers them too.
            RollbackOnTimeout = o.EnableRollback,
            RollbackOnFailure = o.EnableRollback || o.RollbackOnFailure,
            Timeout = timeout,
            TimeoutGiven = o.Timeout is not null,
            WaitUntil = waitUntil,
            WaitUntilPaused = waitUntilPaused,
            WaitUntilEvent = WaitUntilEvent(o),
            SmokeTest = smokeTest,
            AppSpecFile = appSpec,
            CodeDeployTarget = codeDeployTarget,
            CodeDeployConfig = o.CodeDeployConfig,
            SkipTerminationWait = o.SkipTerminationWait,
            MinimumHealthyPercent = min,
            MaximumPercent = max,
            DesiredCount = desired,
            KeepRevisions = keep,
            Task = task,
            Output = output,
            Verbose = o.Verbose,
            Notes = Notes(o, mode, targets.Count),
            Aws = aws,
            MaxParallel = o.MaxParallel is null ? null : PositiveInteger("--max-parallel", o.MaxParallel),
            RollbackAllOnFailure = o.RollbackAllOnFailure,
        };
        return targets.Count == 0 ? request : request with { Members = [.. targets.Select(t => Member(request, t, o, environment))] };
    }

    /// <summary>
    /// The services of a run with many: every -n when there are several (each in the -c given before it, or the first
    /// -c), then the entries of --services-file (in -c's cluster when they name none). Empty for a run with one -n.
    /// </summary>
    private static List<ServiceTarget> Targets(DeployOptions o)
    {
        if (o.Services.Count <= 1 && o.ServicesFile is null)
        {
            return [];
        }

        var targets = o.Services.Count == 1
            ? [new ServiceTarget { Cluster = o.Cluster, Service = o.Services[0].Service }]
            : o.Services.Select(s => new ServiceTarget { Cluster = s.Cluster ?? o.Clusters.FirstOrDefault(), Service = s.Service }).ToList();
        if (o.ServicesFile is { } path)
        {
            var (read, problem) = ServicesFile.Read(path);
            Require(read is not null, ExitCodes.InvalidOptionValue, problem ?? string.Empty);
            targets.AddRange(read!.Select(t => t with { Cluster = t.Cluster ?? o.Cluster }));
        }

        var twice = targets.GroupBy(t => (t.Cluster, t.Service)).FirstOrDefault(g => g.Count() > 1);
        Require(twice is null, ExitCodes.InvalidOptionValue, $"The service {twice?.First()} is given {twice?.Count()} times: give each service once.");
        foreach (var (given, flag) in new[]
        {
            (o.TaskDefinitionRevision is not null, "--task-definition-revision"), (o.RunTask, "--run-task"),
        })
        {
            Require(!given, ExitCodes.Usage, $"{flag} applies to one service, not to the {targets.Count} given: give the revision per service ('taskDefinitionRevision' in --services-file).");
        }

        return targets;
    }

    /// <summary>One service's request of a run with many: the run's, with the service and its entry's own changes.</summary>
    private static DeployRequest Member(DeployRequest run, ServiceTarget target, DeployOptions o, Func<string, string?> environment)
    {
        try
        {
            var image = target.Image is { } own ? ResolveImage(own, "image", o.TagOnly, o.TagEnvVar, environment) : run.Image;
            var containers = target.Containers.Select(ParseContainerImage).ToList();
            var variables = target.Environment.Select(ParseVariable).ToList();
            if (target.TaskDefinitionRevision is { } revision)
            {
                Require(image is null && containers.Count == 0 && variables.Count == 0 && run.ContainerImages.Count == 0 && run.Environment.Count == 0
                    && run.Tag is null && run.TaskDefinitionFile is null, ExitCodes.Usage,
                    "'taskDefinitionRevision' deploys that revision as it is: an image, a tag, containers, env or --task-definition-file would change it.");
                CheckRevisionReference("'taskDefinitionRevision'", revision);
            }

            return run with
            {
                Cluster = target.Cluster,
                Service = target.Service,
                Image = image,
                ContainerImages = [.. run.ContainerImages.Where(c => containers.All(mine => mine.Container != c.Container)), .. containers],
                Environment = [.. run.Environment, .. variables],
                DesiredCount = target.DesiredCount ?? run.DesiredCount,
                TaskDefinitionRevision = target.TaskDefinitionRevision,
                Members = [],
            };
        }
        catch (OptionException exception)
        {
            throw new OptionException(exception.ExitCode, $"{target}: {exception.Message}");
        }
    }

    /// <summary>
    /// --continue and --rollback-deployment: they act on the native deployment the service runs now, so they take the
    /// service (-c, -n), -t, the AWS and output flags, and for --continue --wait-until and the rollback switches; any
    /// flag that deploys something, or the other action, is a usage error (3).
    /// </summary>
    private static DeployRequest BuildServiceDeploymentAction(DeployOptions o)
    {
        var action = o.Continue ? "--continue" : "--rollback-deployment";
        Require(!(o.Continue && o.RollbackDeployment), ExitCodes.Usage,
            "--continue and --rollback-deployment cannot be used together: one continues the paused deployment, the other rolls it back.");
        var conflicts = new List<(bool Given, string Flag)>
        {
            (o.TaskDefinition is not null, "-d"), (o.Image is not null, "-i"), (o.TagOnly is not null, "-to"), (o.TagEnvVar is not null, "-e"),
            (o.Containers.Count > 0, "--container"), (o.Environment.Count > 0, "--env"), (o.TaskDefinitionFile is not null, "--task-definition-file"),
            (o.ForceNewDeployment, "--force-new-deployment"), (o.DesiredCount is not null, "-D"), (o.Min is not null, "-m"), (o.Max is not null, "-M"),
            (o.MaxDefinitions is not null, "--max-definitions"), (o.UseLatestTaskDefinition, "--use-latest-task-def"),
            (o.CopyTaskDefinitionTags, "--copy-task-definition-tags"), (o.SkipIfUnchanged, "--skip-if-unchanged"),
            (o.SkipDeploymentsCheck, "--skip-deployments-check"), (o.DryRun, "--dry-run"), (o.RunTask, "--run-task"), (o.WaitForSuccess, "--wait-for-success"),
            (o.LaunchType is not null, "--launch-type"), (o.PlatformVersion is not null, "--platform-version"),
            (o.NetworkConfiguration is not null, "--network-configuration"), (o.CapacityProviderStrategy.Count > 0, "--capacity-provider-strategy"),
            (o.Command is not null, "--command"), (o.StartedBy is not null, "--started-by"), (o.TailLogs, "--tail-logs"),
            (o.TestCommand is not null, "--test-command"), (o.TestUrl is not null, "--test-url"), (o.TestTimeout is not null, "--test-timeout"),
            (o.TestStages.Count > 0, "--test-stage"), (o.AppSpec is not null, "--appspec"), (o.CodeDeployConfig is not null, "--codedeploy-config"),
        };
        if (o.RollbackDeployment)
        {
            conflicts.AddRange([(o.WaitUntil is not null, "--wait-until"), (o.EnableRollback, "--enable-rollback"), (o.RollbackOnFailure, "--rollback-on-failure")]);
        }

        if (conflicts.FirstOrDefault(c => c.Given) is { Given: true, Flag: var conflict })
        {
            throw new OptionException(ExitCodes.Usage, o.Continue
                ? $"--continue cannot be used with {conflict}: it continues the deployment the service has and deploys nothing new."
                : $"--rollback-deployment cannot be used with {conflict}: it only rolls back the deployment the service has.");
        }

        Require(o.Service is not null, ExitCodes.NoServiceOrTaskDefinition, $"{action} needs the service whose deployment it acts on: -c CLUSTER -n SERVICE.");
        Require(o.Cluster is not null, ExitCodes.ServiceWithoutCluster, $"{action} needs the cluster of the service: add -c CLUSTER.");
        var timeout = Timeout(o, checkMaximum: true);
        var (waitUntil, waitUntilPaused) = WaitUntil(o);
        var output = Output(o);
        return new DeployRequest
        {
            Mode = o.Continue ? DeployMode.Continue : DeployMode.RollbackDeployment,
            Cluster = o.Cluster,
            Service = o.Service,
            Timeout = timeout,
            TimeoutGiven = o.Timeout is not null,
            WaitUntil = waitUntil,
            WaitUntilPaused = waitUntilPaused,
            WaitUntilEvent = WaitUntilEvent(o),
            CodeDeployTarget = CodeDeploy(o).Target,
            SkipTerminationWait = o.SkipTerminationWait,
            RollbackOnFailure = o.EnableRollback || o.RollbackOnFailure,
            Output = output,
            Verbose = o.Verbose,
            Aws = Aws(o),
        };
    }

    /// <summary>
    /// --rollback: it puts the service back on a revision it ran, as it is, so it takes the service (-c, -n), --to, -t,
    /// --skip-deployments-check, --dry-run, the AWS and output flags; any flag that deploys something, a native action
    /// or an automatic rollback (a rollback is not rolled back) is a usage error (3).
    /// </summary>
    private static DeployRequest BuildRollback(DeployOptions o)
    {
        var conflicts = new List<(bool Given, string Flag)>
        {
            (o.TaskDefinition is not null, "-d"), (o.Image is not null, "-i"), (o.TagOnly is not null, "-to"), (o.TagEnvVar is not null, "-e"),
            (o.Containers.Count > 0, "--container"), (o.Environment.Count > 0, "--env"), (o.TaskDefinitionFile is not null, "--task-definition-file"),
            (o.TaskDefinitionRevision is not null, "--task-definition-revision"), (o.ForceNewDeployment, "--force-new-deployment"), (o.DesiredCount is not null, "-D"),
            (o.Min is not null, "-m"), (o.Max is not null, "-M"), (o.MaxDefinitions is not null, "--max-definitions"), (o.UseLatestTaskDefinition, "--use-latest-task-def"),
            (o.CopyTaskDefinitionTags, "--copy-task-definition-tags"), (o.SkipIfUnchanged, "--skip-if-unchanged"), (o.EnableRollback, "--enable-rollback"),
            (o.RollbackOnFailure, "--rollback-on-failure"), (o.Continue, "--continue"), (o.RollbackDeployment, "--rollback-deployment"),
            (o.RunTask, "--run-task"), (o.WaitForSuccess, "--wait-for-success"), (o.LaunchType is not null, "--launch-type"), (o.PlatformVersion is not null, "--platform-version"),
            (o.NetworkConfiguration is not null, "--network-configuration"), (o.CapacityProviderStrategy.Count > 0, "--capacity-provider-strategy"),
            (o.Command is not null, "--command"), (o.StartedBy is not null, "--started-by"), (o.TailLogs, "--tail-logs"), (o.WaitUntil is not null, "--wait-until"),
            (o.TestCommand is not null, "--test-command"), (o.TestUrl is not null, "--test-url"), (o.TestTimeout is not null, "--test-timeout"), (o.TestStages.Count > 0, "--test-stage"),
        };
        conflicts.AddRange(CodeDeployFlags(o));
        if (conflicts.FirstOrDefault(c => c.Given) is { Given: true, Flag: var conflict })
        {
            throw new OptionException(ExitCodes.Usage, $"--rollback cannot be used with {conflict}: it puts the service back on a revision it ran, as it is{(conflict == "-to" ? " (-to is --tag-only; the revision to roll back to is --to)" : string.Empty)}.");
        }

        Require(o.Service is not null, ExitCodes.NoServiceOrTaskDefinition, "--rollback needs the service to roll back: -c CLUSTER -n SERVICE.");
        Require(o.Cluster is not null, ExitCodes.ServiceWithoutCluster, "--rollback needs the cluster of the service: add -c CLUSTER.");
        if (o.RollbackTo is not null)
        {
            CheckRevisionReference("--to", o.RollbackTo);
        }

        var timeout = Timeout(o, checkMaximum: true);
        var output = Output(o);
        return new DeployRequest
        {
            Mode = DeployMode.Rollback,
            Cluster = o.Cluster,
            Service = o.Service,
            RollbackTo = o.RollbackTo,
            Timeout = timeout,
            TimeoutGiven = o.Timeout is not null,
            WaitForDrain = !o.SkipDeploymentsCheck,
            DryRun = o.DryRun,
            Output = output,
            Verbose = o.Verbose,
            Aws = Aws(o),
        };
    }

    /// <summary>--task-definition-revision: deploys an existing revision to a service as it is, so nothing that changes or registers a revision goes with it (3).</summary>
    private static void CheckExistingRevision(DeployOptions o)
    {
        var conflicts = new (bool Given, string Flag)[]
        {
            (o.TaskDefinition is not null, "-d"), (o.Image is not null, "-i"), (o.TagOnly is not null, "-to"), (o.TagEnvVar is not null, "-e"),
            (o.Containers.Count > 0, "--container"), (o.Environment.Count > 0, "--env"), (o.TaskDefinitionFile is not null, "--task-definition-file"),
            (o.UseLatestTaskDefinition, "--use-latest-task-def"), (o.CopyTaskDefinitionTags, "--copy-task-definition-tags"), (o.RunTask, "--run-task"),
        };
        if (conflicts.FirstOrDefault(c => c.Given) is { Given: true, Flag: var conflict })
        {
            throw new OptionException(ExitCodes.Usage, conflict == "-d"
                ? "--task-definition-revision deploys an existing revision to a service (-n); -d only registers a new one: use one or the other."
                : $"--task-definition-revision cannot be used with {conflict}: it deploys the revision as it is, and {conflict} would change it.");
        }

        Require(o.Service is not null, ExitCodes.NoServiceOrTaskDefinition, "--task-definition-revision deploys to a service: give -c CLUSTER -n SERVICE.");
        CheckRevisionReference("--task-definition-revision", o.TaskDefinitionRevision!);
    }

    /// <summary>
    /// A revision named as UpdateService takes it (<c>ecs#UpdateServiceRequest.taskDefinition</c>): FAMILY:REVISION (a
    /// family of up to 255 letters, digits, '-' and '_') or a task definition ARN. A bare family, which ECS reads as its
    /// latest ACTIVE revision, is refused: the revision must be said.
    /// </summary>
    private static void CheckRevisionReference(string flag, string text) =>
        Require(RevisionReferencePattern().IsMatch(text) || RevisionArnPattern().IsMatch(text), ExitCodes.InvalidOptionValue,
            $"{flag} must name a revision: FAMILY:REVISION (web:12) or a task definition ARN (got '{text}').");

    /// <summary>-t: a positive whole number of seconds; for a service at most one day, the longest wait the library takes.</summary>
    private static TimeSpan Timeout(DeployOptions o, bool checkMaximum)
    {
        if (o.Timeout is null)
        {
            return DefaultTimeout;
        }

        var seconds = PositiveInteger("-t", o.Timeout);
        Require(!checkMaximum || seconds <= MaxTaskSeconds, ExitCodes.InvalidOptionValue, $"-t can be at most {MaxTaskSeconds} seconds (one day; got {seconds}).");
        return TimeSpan.FromSeconds(seconds);
    }

    private static OutputFormat Output(DeployOptions o) => o.Output switch
    {
        null or "text" => OutputFormat.Text,
        "json" => OutputFormat.Json,
        _ => throw new OptionException(ExitCodes.InvalidOptionValue, $"--output must be text or json (got '{o.Output}')."),
    };

    private static AwsSettings Aws(DeployOptions o)
    {
        Require((o.AccessKey is null) == (o.SecretKey is null), ExitCodes.InvalidOptionValue,
            "-k (--aws-access-key) and -s (--aws-secret-key) go together: give both or neither.");
        Uri? endpoint = null;
        if (o.EndpointUrl is not null)
        {
            Require(Uri.TryCreate(o.EndpointUrl, UriKind.Absolute, out endpoint) && (endpoint.Scheme == Uri.UriSchemeHttp || endpoint.Scheme == Uri.UriSchemeHttps),
                ExitCodes.InvalidOptionValue, $"--endpoint-url must be an absolute http or https URL (got '{o.EndpointUrl}').");
        }

        if (o.AssumeRole is not null)
        {
            Require(o.AssumeRole.StartsWith("arn:", StringComparison.Ordinal), ExitCodes.InvalidOptionValue, $"-a must be a role ARN, arn:aws:iam::ACCOUNT:role/NAME (got '{o.AssumeRole}').");
        }

        return new AwsSettings
        {
            Region = o.Region,
            Profile = o.Profile,
            AccessKeyId = o.AccessKey,
            SecretAccessKey = o.SecretKey,
            UseInstanceProfile = o.InstanceProfile,
            RoleArn = o.AssumeRole,
            EndpointUrl = endpoint,
        };
    }

    /// <summary>The flags of native deployments, and whether each was given.</summary>
    private static (bool Given, string Flag)[] NativeFlags(DeployOptions o) =>
    [
        (o.WaitUntil is not null, "--wait-until"), (o.TestCommand is not null, "--test-command"), (o.TestUrl is not null, "--test-url"),
        (o.TestTimeout is not null, "--test-timeout"), (o.TestStages.Count > 0, "--test-stage"),
    ];

    /// <summary>
    /// --wait-until: <c>paused</c>, or a lifecycle stage ECS reports (<c>ecs#ServiceDeployment.lifecycleStage</c>) in any
    /// case and with <c>-</c> for <c>_</c>. Whitespace is refused, not trimmed, as for every other value.
    /// </summary>
    private static (DeploymentStage? Stage, bool Paused) WaitUntil(DeployOptions o)
    {
        if (o.WaitUntil is not { } text)
        {
            return (null, false);
        }

        if (string.Equals(text, "paused", StringComparison.OrdinalIgnoreCase) || string.Equals(text, "ready", StringComparison.OrdinalIgnoreCase))
        {
            return (null, true);
        }

        if (WaitUntilEvent(o) is not null)
        {
            return (null, false);
        }

        var stage = default(DeploymentStage);
        Require(!text.Any(char.IsWhiteSpace) && DeploymentStage.TryParse(text, out stage), ExitCodes.InvalidOptionValue,
            $"--wait-until must be paused, ready, a lifecycle stage of a native deployment ({Stages()}) or a lifecycle event of a CodeDeploy one ({string.Join(", ", CodeDeployLifecycleEvent.InOrder.Select(e => e.Value))}; got '{text}').");
        return (stage, false);
    }

    /// <summary>--wait-until EVENT: a lifecycle event of a CodeDeploy deployment (<c>codedeploy#LifecycleEvent.lifecycleEventName</c>), in any case.</summary>
    private static CodeDeployLifecycleEvent? WaitUntilEvent(DeployOptions o) =>
        o.WaitUntil is { } text && !text.Any(char.IsWhiteSpace) && CodeDeployLifecycleEvent.Find(text) is { IsKnown: true } found ? found : null;

    /// <summary>The CodeDeploy flags, checked offline: an --appspec that can be read, names that are not empty.</summary>
    private static (string? AppSpec, (string Application, string Group)? Target) CodeDeploy(DeployOptions o)
    {
        if (o.AppSpec is { } path)
        {
            try
            {
                using var _ = File.OpenRead(path);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw new OptionException(ExitCodes.InvalidOptionValue, $"--appspec '{path}' cannot be read: {exception.Message}");
            }
        }

        // One of the two given: the other is the console's name for this service's (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/create-blue-green.html).
        var target = o.CodeDeployApplication is null && o.CodeDeployGroup is null
            ? ((string, string)?)null
            : (o.CodeDeployApplication ?? $"AppECS-{o.Cluster}-{o.Service}", o.CodeDeployGroup ?? $"DgpECS-{o.Cluster}-{o.Service}");
        return (o.AppSpec, target);
    }

    private static (bool Given, string Flag)[] CodeDeployFlags(DeployOptions o) =>
    [
        (o.AppSpec is not null, "--appspec"), (o.CodeDeployApplication is not null, "--codedeploy-application"), (o.CodeDeployGroup is not null, "--codedeploy-group"),
        (o.CodeDeployConfig is not null, "--codedeploy-config"), (o.SkipTerminationWait, "--skip-termination-wait"),
    ];

    /// <summary>--test-command and the options that configure it (14 for any of them without it).</summary>
    private static SmokeTestRequest? SmokeTest(DeployOptions o)
    {
        if (o.TestCommand is null)
        {
            foreach (var (given, flag) in NativeFlags(o).Where(f => f.Flag is not "--wait-until" and not "--test-command"))
            {
                Require(!given, ExitCodes.InvalidOptionValue, $"{flag} only applies with --test-command (it configures the smoke test; no smoke test was given).");
            }

            return null;
        }

        IReadOnlyList<string> command;
        try
        {
            command = RunTaskValues.ParseCommand(o.TestCommand, "--test-command");
        }
        catch (FormatException exception)
        {
            throw new OptionException(ExitCodes.InvalidOptionValue, exception.Message);
        }

        Require(!string.IsNullOrWhiteSpace(command[0]), ExitCodes.InvalidOptionValue, "--test-command: the program (the first word) cannot be blank.");
        Uri? url = null;
        if (o.TestUrl is not null)
        {
            Require(Uri.TryCreate(o.TestUrl, UriKind.Absolute, out url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps),
                ExitCodes.InvalidOptionValue, $"--test-url must be an absolute http or https URL (got '{o.TestUrl}').");
        }

        TimeSpan? timeout = null;
        if (o.TestTimeout is not null)
        {
            var seconds = PositiveInteger("--test-timeout", o.TestTimeout);
            Require(seconds <= MaxTaskSeconds, ExitCodes.InvalidOptionValue, $"--test-timeout can be at most {MaxTaskSeconds} seconds (one day; got {seconds}).");
            timeout = TimeSpan.FromSeconds(seconds);
        }

        var stages = new List<DeploymentStage>();
        foreach (var name in o.TestStages.SelectMany(v => v.Split(',')))
        {
            var stage = default(DeploymentStage);
            Require(name.Length > 0 && !name.Any(char.IsWhiteSpace) && DeploymentStage.TryParse(name, out stage), ExitCodes.InvalidOptionValue,
                $"--test-stage must be lifecycle stages ({Stages()}), one per flag or comma-separated (got '{name}').");
            if (!stages.Contains(stage))
            {
                stages.Add(stage);
            }
        }

        return new SmokeTestRequest { Command = command, TestUrl = url, Timeout = timeout, Stages = stages };
    }

    private static string Stages() => string.Join(", ", DeploymentStage.InOrder.Select(s => s.Value));

    /// <summary>
    /// --run-task's options: every value parsed here, before any AWS call (14 when one is invalid). The flags of
    /// ours that only mean something with --run-task are refused without it (14; ecs-deploy's own use 10–12).
    /// </summary>
    private static RunTaskRequest? RunTask(DeployOptions o, DeployMode mode)
    {
        foreach (var (given, flag) in new[]
        {
            (o.CapacityProviderStrategy.Count > 0, "--capacity-provider-strategy"), (o.Command is not null, "--command"),
            (o.StartedBy is not null, "--started-by"), (o.TailLogs, "--tail-logs"),
        })
        {
            Require(!given || o.RunTask, ExitCodes.InvalidOptionValue, $"{flag} only applies to --run-task.");
        }

        Require(!o.TailLogs || o.WaitForSuccess, ExitCodes.InvalidOptionValue, "--tail-logs needs --wait-for-success (the logs are printed while waiting).");
        Require(o.LaunchType is null || o.CapacityProviderStrategy.Count == 0, ExitCodes.InvalidOptionValue,
            "--launch-type and --capacity-provider-strategy cannot be used together (ECS accepts one or the other).");
        if (o.LaunchType is not null)
        {
            Require(LaunchTypePattern().IsMatch(o.LaunchType), ExitCodes.InvalidOptionValue, $"--launch-type '{o.LaunchType}' is not a launch type (FARGATE, EC2, EXTERNAL, ...).");
        }

        if (o.PlatformVersion is not null)
        {
            Require(PlatformVersionPattern().IsMatch(o.PlatformVersion), ExitCodes.InvalidOptionValue,
                $"--platform-version '{o.PlatformVersion}' is not a platform version (LATEST, 1.4.0, ...).");
        }

        if (o.RunTask && o.WaitForSuccess && o.Timeout is not null && int.TryParse(o.Timeout, CultureInfo.InvariantCulture, out var seconds))
        {
            Require(seconds <= MaxTaskSeconds, ExitCodes.InvalidOptionValue, $"-t with --wait-for-success can be at most {MaxTaskSeconds} seconds (one day; got {seconds}).");
        }

        try
        {
            var request = new RunTaskRequest
            {
                WaitForSuccess = o.WaitForSuccess,
                LaunchType = o.LaunchType is null ? null : Ecs.Model.LaunchType.FromValue(o.LaunchType),
                PlatformVersion = o.PlatformVersion,
                NetworkConfiguration = o.NetworkConfiguration is null ? null : RunTaskValues.ParseNetworkConfiguration(o.NetworkConfiguration),
                CapacityProviderStrategy = [.. o.CapacityProviderStrategy.SelectMany(RunTaskValues.ParseCapacityProviderStrategy)],
                Command = o.Command is null ? null : RunTaskValues.ParseCommand(o.Command),
                StartedBy = o.StartedBy is null ? null : RunTaskValues.ParseStartedBy(o.StartedBy),
                TailLogs = o.TailLogs,
            };
            return o.RunTask && mode == DeployMode.TaskDefinition ? request : null;
        }
        catch (FormatException exception)
        {
            throw new OptionException(ExitCodes.InvalidOptionValue, exception.Message);
        }
    }

    /// <summary>
    /// -i as ecs-deploy resolves it (parseImageName): a tag in the image wins; without one, -e's variable gives
    /// the tag (an empty variable: <c>latest</c>; a digest stays unless the variable has a value), else
    /// <c>latest</c>. With -to, -i is only ecs-deploy's placeholder and is not used.
    /// </summary>
    internal static ImageReference? ResolveImage(DeployOptions o, Func<string, string?> environment) =>
        o.Image is null ? null : ResolveImage(o.Image, "-i", o.TagOnly, o.TagEnvVar, environment);

    /// <summary>An image given as -i (or as a services file entry's <c>image</c>), with its tag resolved as ecs-deploy does.</summary>
    private static ImageReference? ResolveImage(string text, string flag, string? tagOnly, string? tagEnvVar, Func<string, string?> environment)
    {
        if (tagOnly is not null)
        {
            Require(TagOnlyPlaceholderPattern().IsMatch(text) || RootImagePattern().IsMatch(text), ExitCodes.InvalidImage,
                $"With -to, {flag} is only a placeholder (ecs-deploy ignores it) and must be a single word, not '{text}'; to change one container's image use --container NAME=IMAGE.");
            return null;
        }

        if (!ImageReference.TryParse(text, out var image, out var error))
        {
            throw new OptionException(ExitCodes.InvalidImage, $"Unable to parse image name ({flag}): {error}");
        }

        if (image.Tag is not null)
        {
            return image;
        }

        if (tagEnvVar is { } variable)
        {
            var value = environment(variable)
                ?? throw new OptionException(ExitCodes.InvalidOptionValue, $"-e names the environment variable '{variable}', which is not set.");
            if (value.Length > 0)
            {
                Require(ImageReference.IsValidTag(value), ExitCodes.InvalidOptionValue,
                    $"The environment variable '{variable}' (-e) holds '{value}', which is not a valid image tag.");
                return image.WithTag(value);
            }
        }

        return image.WithDefaultTag();
    }

    private static ContainerImage ParseContainerImage(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        Require(equals > 0 && equals < text.Length - 1, ExitCodes.InvalidOptionValue, $"--container must be NAME=IMAGE (got '{text}').");
        var image = text[(equals + 1)..];
        if (!ImageReference.TryParse(image, out var reference, out var error))
        {
            throw new OptionException(ExitCodes.InvalidImage, $"Unable to parse image name (--container {text}): {error}");
        }

        return new ContainerImage(text[..equals], reference.WithDefaultTag());
    }

    private static ContainerVariable ParseVariable(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var equals = colon < 0 ? -1 : text.IndexOf('=', colon + 1);
        Require(colon > 0 && equals > colon + 1, ExitCodes.InvalidOptionValue, $"--env must be CONTAINER:NAME=VALUE (got '{text}').");
        return new ContainerVariable(text[..colon], text[(colon + 1)..equals], text[(equals + 1)..]);
    }

    private static int PositiveInteger(string flag, string text) => Integer(flag, text, 1, int.MaxValue);

    private static int Integer(string flag, string text, int minimum, int maximum)
    {
        var ok = int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value);
        Require(ok && value >= minimum && value <= maximum, ExitCodes.InvalidOptionValue,
            maximum == int.MaxValue
                ? $"{flag} must be a whole number of at least {minimum} (got '{text}')."
                : $"{flag} must be a whole number from {minimum} to {maximum} (got '{text}').");
        return value;
    }

    private static void CheckJsonFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new OptionException(ExitCodes.InvalidOptionValue, $"Cannot read --task-definition-file '{path}': {exception.Message}");
        }

        Require(IsJson(text), ExitCodes.InvalidOptionValue, $"--task-definition-file '{path}' is not valid JSON.");

        // Every member RegisterTaskDefinition knows, checked for its JSON type, so "memory": "lots" is refused here
        // with its JSON path rather than by ECS after the service's revision was read.
        if (!TaskDefinitionFile.TryRead(path, out _, out var problems))
        {
            throw new OptionException(ExitCodes.InvalidOptionValue, string.Join(" ", problems));
        }
    }

    private static bool IsJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static List<string> Notes(DeployOptions o, DeployMode mode, int services)
    {
        var notes = new List<string>();
        if (services == 0)
        {
            foreach (var (given, flag) in new[] { (o.MaxParallel is not null, "--max-parallel"), (o.RollbackAllOnFailure, "--rollback-all-on-failure") })
            {
                if (given)
                {
                    notes.Add($"{flag} has no effect with one service (it applies to several -n or --services-file).");
                }
            }
        }

        if (o.TagOnly is not null && o.Image is not null)
        {
            notes.Add($"-i {o.Image} is not used with -to (as in ecs-deploy): every container gets the tag {o.TagOnly}.");
        }

        if (o.TagOnly is not null && o.TagEnvVar is not null)
        {
            notes.Add("-e has no effect with -to (as in ecs-deploy).");
        }

        if (mode == DeployMode.TaskDefinition)
        {
            foreach (var (given, flag) in new[]
            {
                (o.Timeout is not null && !o.RunTask, "-t"), (o.Min is not null, "-m"), (o.Max is not null, "-M"), (o.DesiredCount is not null, "-D"),
                (o.EnableRollback, "--enable-rollback"), (o.RollbackOnFailure, "--rollback-on-failure"), (o.UseLatestTaskDefinition, "--use-latest-task-def"),
                (o.ForceNewDeployment, "--force-new-deployment"), (o.SkipDeploymentsCheck, "--skip-deployments-check"),
            })
            {
                if (given)
                {
                    notes.Add($"{flag} has no effect with -d (no service is deployed).");
                }
            }
        }
        else if (o.RunTask)
        {
            notes.Add("--run-task has no effect with -n (as in ecs-deploy); it applies to -d.");
        }

        return notes;
    }

    private static void Require(bool condition, int exitCode, string message)
    {
        if (!condition)
        {
            throw new OptionException(exitCode, message);
        }
    }

    // Every pattern ends with \z: .NET's $ also matches before a final newline, which would let "5\n" through.
    [GeneratedRegex(@"\A-?[0-9]+\z")]
    private static partial Regex MaxDefinitionsPattern();

    [GeneratedRegex(@"\A[A-Za-z0-9_-]{1,255}:[1-9][0-9]{0,9}\z")]
    private static partial Regex RevisionReferencePattern();

    [GeneratedRegex(@"\Aarn:aws[a-z-]*:ecs:[a-z0-9-]+:[0-9]{12}:task-definition/[A-Za-z0-9_-]{1,255}:[1-9][0-9]{0,9}\z")]
    private static partial Regex RevisionArnPattern();

    // ecs-deploy's checks of -i in tag-only mode (parseImageName): the tag-only pattern, then the root-image pattern.
    [GeneratedRegex(@"\A:?([a-zA-Z0-9\._-]+)?\z")]
    private static partial Regex TagOnlyPlaceholderPattern();

    [GeneratedRegex(@"\A([a-zA-Z0-9\-]+):?((@sha256:)?[a-zA-Z0-9\.\-_]+)?\z")]
    private static partial Regex RootImagePattern();

    [GeneratedRegex(@"\A[A-Z][A-Z_]*\z")]
    private static partial Regex LaunchTypePattern();

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._-]*\z")]
    private static partial Regex PlatformVersionPattern();

    /// <summary>
    /// A refused value. The message quotes what was given; a control character in it (the trailing newline of a
    /// command substitution) is shown as an escape, so the message stays one line and says what was really typed.
    /// </summary>
    private sealed class OptionException(int exitCode, string message) : Exception(OneLine(message))
    {
        public int ExitCode { get; } = exitCode;

        private static string OneLine(string text) =>
            text.Any(char.IsControl) ? string.Concat(text.Select(c => c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            })) : text;
    }
}
