using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ecs.BlueGreen.Aws.Configuration;
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
        // ecs-deploy's assertRequiredArgumentsSet, in its order.
        Require(o.Service is not null || o.TaskDefinition is not null, ExitCodes.NoServiceOrTaskDefinition,
            "Give a service (-n SERVICE, with -c CLUSTER) or a task definition (-d FAMILY).");
        Require(o.Service is null || o.TaskDefinition is null, ExitCodes.BothServiceAndTaskDefinition,
            "-n and -d cannot be used together: -n deploys to a service, -d only registers a task definition.");
        Require(o.Service is null || o.Cluster is not null, ExitCodes.ServiceWithoutCluster, "-n needs the cluster of the service: add -c CLUSTER.");
        var mode = o.Service is not null ? DeployMode.Service : DeployMode.TaskDefinition;
        var somethingToDeploy = o.Image is not null || o.TagOnly is not null || o.Containers.Count > 0 || o.Environment.Count > 0
            || o.TaskDefinitionFile is not null || (o.ForceNewDeployment && mode == DeployMode.Service);
        Require(somethingToDeploy, ExitCodes.NothingToDeploy,
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

        var timeout = o.Timeout is null ? DefaultTimeout : TimeSpan.FromSeconds(PositiveInteger("-t", o.Timeout));
        var min = o.Min is null ? (int?)null : Integer("-m", o.Min, 0, 100);
        var max = o.Max is null ? (int?)null : Integer("-M", o.Max, 1, int.MaxValue);
        var desired = o.DesiredCount is null ? (int?)null : Integer("-D", o.DesiredCount, 0, int.MaxValue);
        var output = o.Output switch
        {
            null or "text" => OutputFormat.Text,
            "json" => OutputFormat.Json,
            _ => throw new OptionException(ExitCodes.InvalidOptionValue, $"--output must be text or json (got '{o.Output}')."),
        };
        if (o.TaskDefinitionFile is not null)
        {
            CheckJsonFile(o.TaskDefinitionFile);
        }

        var task = RunTask(o, mode);

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

        return new DeployRequest
        {
            Mode = mode,
            Cluster = o.Cluster,
            Service = o.Service,
            TaskDefinition = o.TaskDefinition,
            Image = image,
            Tag = o.TagOnly,
            ContainerImages = containerImages,
            Environment = variables,
            TaskDefinitionFile = o.TaskDefinitionFile,
            UseLatestTaskDefinition = o.UseLatestTaskDefinition,
            CopyTaskDefinitionTags = o.CopyTaskDefinitionTags,
            ForceNewDeployment = o.ForceNewDeployment,
            SkipIfUnchanged = o.SkipIfUnchanged,
            DryRun = o.DryRun,
            WaitForDrain = !o.SkipDeploymentsCheck,

            // ecs-deploy rolls back when the new revision is not running in time; a crash loop it cannot see
            // becomes its timeout. We see failures early, so --enable-rollback covers them too.
            RollbackOnTimeout = o.EnableRollback,
            RollbackOnFailure = o.EnableRollback || o.RollbackOnFailure,
            Timeout = timeout,
            MinimumHealthyPercent = min,
            MaximumPercent = max,
            DesiredCount = desired,
            KeepRevisions = keep,
            Task = task,
            Output = output,
            Verbose = o.Verbose,
            Notes = Notes(o, mode),
            Aws = new AwsSettings
            {
                Region = o.Region,
                Profile = o.Profile,
                AccessKeyId = o.AccessKey,
                SecretAccessKey = o.SecretKey,
                UseInstanceProfile = o.InstanceProfile,
                RoleArn = o.AssumeRole,
                EndpointUrl = endpoint,
            },
        };
    }

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
    internal static ImageReference? ResolveImage(DeployOptions o, Func<string, string?> environment)
    {
        if (o.Image is null)
        {
            return null;
        }

        if (o.TagOnly is not null)
        {
            Require(TagOnlyPlaceholderPattern().IsMatch(o.Image) || RootImagePattern().IsMatch(o.Image), ExitCodes.InvalidImage,
                $"With -to, -i is only a placeholder (ecs-deploy ignores it) and must be a single word, not '{o.Image}'; to change one container's image use --container NAME=IMAGE.");
            return null;
        }

        if (!ImageReference.TryParse(o.Image, out var image, out var error))
        {
            throw new OptionException(ExitCodes.InvalidImage, $"Unable to parse image name (-i): {error}");
        }

        if (image.Tag is not null)
        {
            return image;
        }

        if (o.TagEnvVar is { } variable)
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

    private static List<string> Notes(DeployOptions o, DeployMode mode)
    {
        var notes = new List<string>();
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
