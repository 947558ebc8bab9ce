using System.Diagnostics.Contracts;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Configuration;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ecs.BlueGreen.TaskDefinitions;

/// <summary>
/// Registers a new revision of a task definition without touching any service (ecs-deploy's <c>-d</c> mode),
/// for one-off tasks, scheduled tasks or a CodeDeploy pipeline. Immutable like <see cref="EcsDeployment"/>.
/// <code>
/// var registration = await EcsTaskDefinition.For("migrate").WithImage("repo/app:1.4").RegisterAsync(ct);
/// </code>
/// </summary>
public sealed class EcsTaskDefinition
{
    private readonly Settings _settings;

    private EcsTaskDefinition(Settings settings) => _settings = settings;

    /// <summary>The family, <c>family:revision</c> or ARN the new revision is based on.</summary>
    public string TaskDefinition => _settings.TaskDefinition;

    /// <summary>Starts configuring a new revision of <paramref name="familyOrArn"/> (a family for its latest ACTIVE revision, <c>family:revision</c>, or an ARN).</summary>
    [Pure]
    public static EcsTaskDefinition For(string familyOrArn)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(familyOrArn);
        return new EcsTaskDefinition(new Settings { TaskDefinition = familyOrArn });
    }

    /// <summary>Creates a copy that sets the image of every container using the image's repository.</summary>
    [Pure]
    public EcsTaskDefinition WithImage(string image) => With(s => s with { Changes = s.Changes.AddImage(null, image, nameof(image)) });

    /// <summary>Creates a copy that sets the image of the container named <paramref name="containerName"/>.</summary>
    [Pure]
    public EcsTaskDefinition WithImage(string containerName, string image) => With(s => s with { Changes = s.Changes.AddImage(containerName, image, nameof(image)) });

    /// <summary>Creates a copy that sets the tag of every container's image.</summary>
    [Pure]
    public EcsTaskDefinition WithTag(string tag) => With(s => s with { Changes = s.Changes.SetTag(tag) });

    /// <summary>Creates a copy that sets an environment variable of one container.</summary>
    [Pure]
    public EcsTaskDefinition WithEnvironmentVariable(string containerName, string name, string value) =>
        With(s => s with { Changes = s.Changes.AddEnvironmentVariable(containerName, name, value) });

    /// <summary>Creates a copy that bases the new revision on a JSON file (DescribeTaskDefinition output or RegisterTaskDefinition input).</summary>
    [Pure]
    public EcsTaskDefinition WithTaskDefinitionFile(string path) => With(s => s with { Changes = s.Changes.SetFile(path) });

    /// <summary>Creates a copy that gives the new revision the tags of the revision it is based on.</summary>
    [Pure]
    public EcsTaskDefinition CopyTaskDefinitionTags() => With(s => s with { Changes = s.Changes with { CopyTags = true } });

    /// <summary>Creates a copy that registers nothing when the new revision would equal the base revision.</summary>
    [Pure]
    public EcsTaskDefinition SkipIfUnchanged() => With(s => s with { SkipIfUnchanged = true });

    /// <summary>Creates a copy that deregisters the oldest ACTIVE revisions of the family beyond <paramref name="count"/>, never the base or the new one.</summary>
    [Pure]
    public EcsTaskDefinition KeepRevisions(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return With(s => s with { KeepRevisions = count });
    }

    /// <summary>Creates a copy that resolves and validates the new revision without registering it.</summary>
    [Pure]
    public EcsTaskDefinition DryRun() => With(s => s with { DryRun = true });

    /// <summary>Creates a copy that uses this ECS client (not disposed).</summary>
    [Pure]
    public EcsTaskDefinition WithClient(IEcsClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return With(s => s with { Client = client });
    }

    /// <summary>Creates a copy that builds its client from these AWS settings.</summary>
    [Pure]
    public EcsTaskDefinition WithAwsSettings(AwsSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return With(s => s with { AwsSettings = settings });
    }

    /// <summary>Creates a copy that logs to <paramref name="logger"/>.</summary>
    [Pure]
    public EcsTaskDefinition WithLogger(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return With(s => s with { Logger = logger });
    }

    /// <summary>Creates a copy that reports registration and deregistration events to <paramref name="progress"/>.</summary>
    [Pure]
    public EcsTaskDefinition WithProgress(IProgress<DeploymentEvent> progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        return With(s => s with { Progress = progress });
    }

    /// <summary>Creates a copy that uses this clock.</summary>
    [Pure]
    public EcsTaskDefinition WithTimeProvider(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return With(s => s with { TimeProvider = timeProvider });
    }

    /// <summary>Validates the changes, then registers the new revision (unless a dry run, or unchanged with <see cref="SkipIfUnchanged"/>).</summary>
    /// <exception cref="DeploymentValidationException">Nothing was registered: the base revision, file or changes are not valid.</exception>
    /// <exception cref="AwsServiceException">AWS refused a call that retries could not get through.</exception>
    public async Task<TaskDefinitionRegistration> RegisterAsync(CancellationToken cancellationToken = default)
    {
        using var clients = new ClientScope(_settings.Client, logs: null, wantLogs: false, _settings.AwsSettings, _settings.TimeProvider, _settings.Logger);
        return await RegisterWithAsync(clients.Ecs, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TaskDefinitionRegistration> RegisterWithAsync(IEcsClient ecs, CancellationToken cancellationToken)
    {
        var reporter = new EventReporter("-", _settings.TaskDefinition, _settings.Progress, _settings.Logger, _settings.TimeProvider);
        var calls = new PatientCalls(_settings.TimeProvider, reporter.Report);
        var writes = new RevisionWrites(ecs, calls);
        var problems = new List<string>();
        var plan = await RevisionPlanner.PlanAsync(ecs, calls, _settings.TaskDefinition, _settings.Changes, problems, cancellationToken).ConfigureAwait(false);
        if (plan is null || problems.Count > 0)
        {
            throw new DeploymentValidationException(problems);
        }

        var registration = new TaskDefinitionRegistration
        {
            BaseTaskDefinitionArn = plan.Current.TaskDefinitionArn!,
            Revision = plan.NewRevision,
            Changes = plan.Changes,
        };
        if (_settings.DryRun)
        {
            return registration;
        }

        if (_settings.SkipIfUnchanged && plan.IdenticalRevisionArn is { } identical)
        {
            return registration with { TaskDefinitionArn = identical };
        }

        // Exactly once: a lost answer is checked against the family's revisions newer than the newest one now.
        var newestBefore = await writes.NewestRevisionAsync(plan.NewRevision.Family, cancellationToken).ConfigureAwait(false);
        var arn = (await writes.RegisterAsync(plan.NewRevision, newestBefore, cancellationToken).ConfigureAwait(false)).TaskDefinitionArn!;
        reporter.Report(new TaskDefinitionRegistered { Time = reporter.Now, TaskDefinitionArn = arn });
        var deregistered = new List<string>();
        var warnings = new List<string>();
        if (_settings.KeepRevisions is { } keep)
        {
            try
            {
                await RevisionRetention.DeregisterOldRevisionsAsync(ecs, calls, arn, keep, [arn, plan.Current.TaskDefinitionArn], deregistered, warnings, reporter, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                reporter.Warn(warnings, $"The clean-up of old revisions was cancelled; {DeploymentEvent.Short(arn)} was registered.");
            }
        }

        return registration with { TaskDefinitionArn = arn, Registered = true, DeregisteredTaskDefinitions = deregistered, Warnings = warnings };
    }

    private EcsTaskDefinition With(Func<Settings, Settings> change) => new(change(_settings));

    private sealed record Settings
    {
        public required string TaskDefinition { get; init; }

        public TaskDefinitionChanges Changes { get; init; } = new();

        public bool SkipIfUnchanged { get; init; }

        public int? KeepRevisions { get; init; }

        public bool DryRun { get; init; }

        public IEcsClient? Client { get; init; }

        public AwsSettings? AwsSettings { get; init; }

        public ILogger Logger { get; init; } = NullLogger.Instance;

        public IProgress<DeploymentEvent>? Progress { get; init; }

        public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
    }
}

/// <summary>The outcome of <see cref="EcsTaskDefinition.RegisterAsync(CancellationToken)"/>.</summary>
public sealed record TaskDefinitionRegistration
{
    /// <summary>The revision the new one is based on.</summary>
    public required string BaseTaskDefinitionArn { get; init; }

    /// <summary>The new revision's ARN (an identical existing one with <c>SkipIfUnchanged</c>); <see langword="null"/> for a dry run.</summary>
    public string? TaskDefinitionArn { get; init; }

    /// <summary>Whether a revision was registered.</summary>
    public bool Registered { get; init; }

    /// <summary>The RegisterTaskDefinition request, as sent or as it would be sent.</summary>
    public required RegisterTaskDefinitionRequest Revision { get; init; }

    /// <summary>How it differs from the base revision.</summary>
    public IReadOnlyList<TaskDefinitionChange> Changes { get; init; } = [];

    /// <summary>Revisions deregistered by <c>KeepRevisions</c>.</summary>
    public IReadOnlyList<string> DeregisteredTaskDefinitions { get; init; } = [];

    /// <summary>Non-fatal problems.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
