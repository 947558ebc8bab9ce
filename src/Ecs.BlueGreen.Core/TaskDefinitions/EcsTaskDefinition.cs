using System.Diagnostics.Contracts;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Runtime;

namespace Ecs.BlueGreen.TaskDefinitions;

/// <summary>
/// Registers a new revision of a task definition without touching any service (ecs-deploy's <c>-d</c> mode),
/// for one-off tasks, scheduled tasks or a CodeDeploy pipeline. Immutable like <see cref="EcsDeployment"/>.
/// <code>
/// var registration = await EcsTaskDefinition.For("migrate").WithImage("repo/app:1.4").RegisterAsync(ct);
/// </code>
/// </summary>
public sealed class EcsTaskDefinition : RevisionCommandBase<EcsTaskDefinition>
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

    /// <summary>Validates the changes, then registers the new revision (unless a dry run, or unchanged with <see cref="RevisionCommandBase{TSelf}.SkipIfUnchanged"/>).</summary>
    /// <exception cref="DeploymentValidationException">Nothing was registered: the base revision, file or changes are not valid.</exception>
    /// <exception cref="AwsServiceException">AWS refused a call that retries could not get through.</exception>
    public async Task<TaskDefinitionRegistration> RegisterAsync(CancellationToken cancellationToken = default)
    {
        using var clients = _settings.Operation.Clients(wantLogs: false);
        return await RegisterWithAsync(clients.Ecs, clients.EcrForRegion, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TaskDefinitionRegistration> RegisterWithAsync(IEcsClient ecs, Func<string, Ecr.IEcrClient>? ecr, CancellationToken cancellationToken)
    {
        var reporter = new EventReporter("-", _settings.TaskDefinition, _settings.Operation.Progress, _settings.Operation.Logger, _settings.Operation.TimeProvider);
        var calls = new PatientCalls(_settings.Operation.TimeProvider, reporter.Report);
        var writes = new RevisionWrites(ecs, calls);
        var problems = new List<string>();
        var plan = await RevisionPlanner.PlanAsync(ecs, calls, _settings.TaskDefinition, _settings.Revision.Changes, problems, cancellationToken).ConfigureAwait(false);
        var warnings = new List<string>();
        if (plan is not null && problems.Count == 0 && _settings.Revision.VerifyImages && ecr is not null)
        {
            await ImageVerification.CheckAsync(plan.NewRevision, ecr, problems, warning => reporter.Warn(warnings, warning), cancellationToken).ConfigureAwait(false);
        }

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
        if (_settings.Revision.DryRun)
        {
            return registration with { PlannedCalls = [new("RegisterTaskDefinition", $"(family {plan.NewRevision.Family})")], Warnings = warnings };
        }

        if (_settings.Revision.SkipIfUnchanged && plan.IdenticalRevisionArn is { } identical)
        {
            return registration with { TaskDefinitionArn = identical, Warnings = warnings };
        }

        // Exactly once: a lost answer is checked against the family's revisions newer than the newest one now.
        var newestBefore = await writes.NewestRevisionAsync(plan.NewRevision.Family, cancellationToken).ConfigureAwait(false);
        var arn = (await writes.RegisterAsync(plan.NewRevision, newestBefore, cancellationToken).ConfigureAwait(false)).TaskDefinitionArn!;
        reporter.Report(new TaskDefinitionRegistered { Time = reporter.Now, TaskDefinitionArn = arn });
        var deregistered = new List<string>();
        if (_settings.Revision.KeepRevisions is { } keep)
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

    private protected override OperationOptions Options => _settings.Operation;

    private protected override RevisionOptions RevisionOptions => _settings.Revision;

    private protected override EcsTaskDefinition WithOptions(OperationOptions options) => new(_settings with { Operation = options });

    private protected override EcsTaskDefinition WithRevisionOptions(RevisionOptions options) => new(_settings with { Revision = options });

    private sealed record Settings
    {
        public required string TaskDefinition { get; init; }

        public OperationOptions Operation { get; init; } = new();

        public RevisionOptions Revision { get; init; } = new();
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

    /// <summary>For a dry run: the calls a real registration would make; otherwise empty.</summary>
    public IReadOnlyList<PlannedCall> PlannedCalls { get; init; } = [];

    /// <summary>Revisions deregistered by <c>KeepRevisions</c>.</summary>
    public IReadOnlyList<string> DeregisteredTaskDefinitions { get; init; } = [];

    /// <summary>Non-fatal problems.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
