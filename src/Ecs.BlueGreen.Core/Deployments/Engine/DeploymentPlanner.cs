using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Runtime;
using Ecs.BlueGreen.TaskDefinitions;

namespace Ecs.BlueGreen.Deployments;

/// <summary>What a run will do, worked out with read calls only.</summary>
internal sealed record DeploymentPlan
{
    /// <summary>The service as it was before anything was written: the rollback target.</summary>
    public required Service Service { get; init; }

    /// <summary>How the service's deployments are driven.</summary>
    public required IDeploymentStrategy Strategy { get; init; }

    /// <summary>The new revision, when the content changes or another revision is to be used.</summary>
    public RevisionPlan? Revision { get; init; }

    /// <summary>How the revision to deploy differs from the service's.</summary>
    public IReadOnlyList<TaskDefinitionChange> Changes { get; init; } = [];

    /// <summary>An existing revision to deploy; <see langword="null"/> when one is to be registered.</summary>
    public string? TargetTaskDefinitionArn { get; init; }

    /// <summary>The UpdateService call, less the revision.</summary>
    public required UpdateServiceRequest Update { get; init; }

    /// <summary>Whether the update starts a new ECS deployment (a new revision or a forced one).</summary>
    public bool StartsNewDeployment { get; init; }

    /// <summary>When a revision is to be registered: the newest ACTIVE revision number of its family before any write (0 for none).</summary>
    public int NewestRevisionBefore { get; init; }

    /// <summary>Set when the run ends here: a dry run, or nothing to do.</summary>
    public Verdict? Final { get; init; }

    /// <summary>For a dry run: the calls a real run would make.</summary>
    public IReadOnlyList<PlannedCall> PlannedCalls { get; init; } = [];

    /// <summary>For a rollback on demand: what it returns the service to, and why.</summary>
    public RollbackPlan? Rollback { get; init; }

    /// <summary>For a CODE_DEPLOY service: the CodeDeploy application, group, configuration and AppSpec.</summary>
    public CodeDeployPlan? CodeDeploy { get; init; }
}

/// <summary>Validates a deployment before any write and plans it; every problem is reported at once.</summary>
internal static class DeploymentPlanner
{
    public static async Task<DeploymentPlan> PlanAsync(DeploymentSettings settings, IEcsClient ecs, PatientCalls calls, Action<string> warn, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (!settings.RequestsChange)
        {
            problems.Add("Nothing to deploy: give an image, a tag, an environment variable, a task definition file, the latest revision, a desired count, deployment limits or a forced new deployment.");
        }

        settings.Polling.Validate(problems);
        settings.Timeouts.Validate(problems);
        var service = await ReadServiceAsync(settings, ecs, calls, problems, cancellationToken).ConfigureAwait(false);
        if (service is null)
        {
            throw new DeploymentValidationException(problems);
        }

        var strategy = DeploymentStrategySelector.Select(settings.Service, service, problems);
        if (strategy is not CodeDeployStrategy)
        {
            NativeStrategy.Check(settings, (service.DeploymentConfiguration?.Strategy ?? DeploymentStrategy.Rolling).Value, service, problems);
            if (settings.CodeDeploy.IsConfigured)
            {
                problems.Add($"The service '{settings.Service}' does not use the CODE_DEPLOY deployment controller: the CodeDeploy options (application, group, AppSpec, configuration, lifecycle event, termination wait) do not apply.");
            }
        }

        CheckService(settings, service, problems);
        var changesRevision = settings.Changes.ChangesContent || settings.Changes.UseLatest;
        if (changesRevision && (settings.TaskDefinition is not null || settings.RollBack is not null))
        {
            problems.Add(settings.RollBack is not null
                ? "A rollback deploys an existing revision as it is: it cannot be combined with changes to the revision (an image, a tag, environment variables, a task definition file, the latest revision)."
                : $"The existing revision '{settings.TaskDefinition}' is deployed as it is: it cannot be combined with changes to the revision (an image, a tag, environment variables, a task definition file, the latest revision).");
        }

        var revision = changesRevision && problems.Count == 0
            ? await RevisionPlanner.PlanAsync(ecs, calls, service.TaskDefinition!, settings.Changes, problems, cancellationToken).ConfigureAwait(false)
            : null;
        if (problems.Count == 0 && revision is not null && settings.Revision.VerifyImages && settings.Operation.EcrClientForRegion is { } ecr)
        {
            // The images of the revision about to be registered, every container's, before the first write.
            await ImageVerification.CheckAsync(revision.NewRevision, ecr, problems, warn, cancellationToken).ConfigureAwait(false);
        }

        // A CODE_DEPLOY service: its CodeDeploy application and group, configuration and AppSpec.
        var codeDeploy = strategy is CodeDeployStrategy && problems.Count == 0
            ? await CodeDeployPlanner.PlanAsync(settings, service, revision?.NewRevision.ContainerDefinitions, calls, problems, cancellationToken).ConfigureAwait(false)
            : null;

        // A rollback on demand, or an existing revision (ecs#UpdateServiceRequest.taskDefinition, FAMILY:REV or ARN): nothing is registered.
        var rollback = settings.RollBack is not null && problems.Count == 0
            ? await RollbackPlanner.PlanAsync(settings, ecs, calls, service, strategy is NativeStrategy, problems, cancellationToken).ConfigureAwait(false)
            : null;
        var existing = settings.TaskDefinition is { } reference && settings.RollBack is null && problems.Count == 0
            ? await RollbackPlanner.ActiveRevisionAsync(ecs, calls, reference, $"The revision to deploy, '{reference}',", problems, cancellationToken).ConfigureAwait(false)
            : null;
        if (problems.Count > 0)
        {
            throw new DeploymentValidationException(problems);
        }

        var target = rollback?.TaskDefinitionArn ?? existing
            ?? (revision is null ? service.TaskDefinition
            : settings.SkipIfUnchanged ? revision.IdenticalRevisionArn
            : null);
        var configuration = rollback is not null ? rollback.DeploymentConfiguration
            : settings.SetsDeploymentLimits ? Limits(settings, service) : null;
        var startsNewDeployment = settings.ForceNewDeployment || target != service.TaskDefinition;
        var plan = new DeploymentPlan
        {
            Service = service,
            Strategy = strategy!,
            Revision = revision,
            Changes = revision?.Changes ?? [],
            TargetTaskDefinitionArn = target,
            StartsNewDeployment = startsNewDeployment,
            Rollback = rollback,
            CodeDeploy = codeDeploy,
            Update = new UpdateServiceRequest
            {
                Cluster = settings.Cluster,
                Service = settings.Service,
                DesiredCount = settings.DesiredCount,
                DeploymentConfiguration = configuration,
                ForceNewDeployment = settings.ForceNewDeployment ? true : null,
            },
        };

        var unchanged = settings.SkipIfUnchanged && target == service.TaskDefinition && !settings.ForceNewDeployment
            && (settings.DesiredCount is null || settings.DesiredCount == service.DesiredCount)
            && (configuration is null || configuration == service.DeploymentConfiguration);
        if (rollback is not null && rollback.InFlight is null && target == service.TaskDefinition && configuration is null)
        {
            var settled = service.Deployments.Count == 1 ? string.Empty : $" ECS has not finished with it yet ({service.Deployments.Count} deployments listed).";
            return plan with
            {
                Final = new Verdict(DeploymentOutcome.Unchanged, $"The service already runs {DeploymentEvent.Short(target)}, the revision to roll back to: nothing was written.{settled} {rollback.Target.Reason}"),
            };
        }

        if (unchanged)
        {
            return plan with
            {
                Final = new Verdict(DeploymentOutcome.Unchanged, $"The service already runs {DeploymentEvent.Short(service.TaskDefinition)}, identical to the requested revision: nothing was registered or deployed."),
            };
        }

        if (target is null && !settings.DryRun)
        {
            // What a lost RegisterTaskDefinition answer is checked against: a newer revision with our content is ours.
            plan = plan with { NewestRevisionBefore = await new RevisionWrites(ecs, calls).NewestRevisionAsync(revision!.NewRevision.Family, cancellationToken).ConfigureAwait(false) };
        }

        if (settings.DryRun && rollback?.InFlight is { } stopping)
        {
            return plan with
            {
                Final = new Verdict(DeploymentOutcome.Planned, $"Dry run: would roll back: {rollback.Target.Reason} Nothing was written."),
                PlannedCalls =
                [
                    new("StopServiceDeployment", $"(serviceDeploymentArn {stopping.ServiceDeploymentArn}, stopType ROLLBACK)"),
                    new("DescribeServiceDeployments", $"until ROLLBACK_SUCCESSFUL (at most {PlannedCall.Seconds(settings.Timeouts.Rollback)})"),
                ],
            };
        }

        if (settings.DryRun)
        {
            var what = rollback?.InFlight is { } inFlight ? $"ask ECS to roll back service deployment {DeploymentEvent.Short(inFlight.ServiceDeploymentArn)} (StopServiceDeployment ROLLBACK) to {DeploymentEvent.Short(target)}"
                : rollback is not null ? $"roll back to {DeploymentEvent.Short(target)} ({rollback.Target.Reason})"
                : target is null
                ? $"register a new revision of {revision!.NewRevision.Family} ({plan.Changes.Count} change(s))"
                : $"deploy {DeploymentEvent.Short(target)} as it is";
            var extra = (settings.DesiredCount is { } n ? $", set the desired count to {n}" : string.Empty)
                + (configuration is null ? string.Empty : $", set the limits to {configuration.MinimumHealthyPercent}%–{configuration.MaximumPercent}%")
                + (settings.ForceNewDeployment ? ", force a new deployment" : string.Empty);
            return plan with
            {
                Final = new Verdict(DeploymentOutcome.Planned, $"Dry run: would {what}{extra} and update service {service.ServiceName} (now on {DeploymentEvent.Short(service.TaskDefinition)}). Nothing was written."),
                PlannedCalls = PlannedCalls.For(settings, plan),
            };
        }

        return plan;
    }

    private static async Task<Service?> ReadServiceAsync(DeploymentSettings settings, IEcsClient ecs, PatientCalls calls, List<string> problems, CancellationToken cancellationToken)
    {
        var clusters = await calls.ReadAsync(token => ecs.DescribeClustersAsync(new DescribeClustersRequest { Clusters = [settings.Cluster] }, token), cancellationToken).ConfigureAwait(false);
        var cluster = clusters.Clusters is [var first, ..] ? first : null;
        if (cluster is null || cluster.Status != "ACTIVE")
        {
            problems.Add(cluster is null
                ? $"The cluster '{settings.Cluster}' was not found{NotFound.Where(clusters.Failures)} (check the name, the region and the credentials)."
                : $"The cluster '{settings.Cluster}' is {cluster.Status}, not ACTIVE.");
            return null;
        }

        var services = await calls.ReadAsync(token => ecs.DescribeServicesAsync(new DescribeServicesRequest { Cluster = settings.Cluster, Services = [settings.Service] }, token), cancellationToken).ConfigureAwait(false);
        var service = services.Services is [var found, ..] ? found : null;
        if (service is null || !service.IsActive())
        {
            problems.Add(service is null
                ? $"The service '{settings.Service}' was not found in cluster '{settings.Cluster}'{NotFound.Where(services.Failures)}."
                : $"The service '{settings.Service}' is {service.Status}, not ACTIVE.");
            return null;
        }

        return service;
    }

    private static void CheckService(DeploymentSettings settings, Service service, List<string> problems)
    {
        var daemon = service.SchedulingStrategy == SchedulingStrategy.Daemon;
        if (daemon && settings.DesiredCount is not null)
        {
            problems.Add($"The service '{settings.Service}' uses the DAEMON scheduling strategy, which has no desired count to set.");
        }

        var desired = settings.DesiredCount ?? service.DesiredCount ?? 0;
        var limits = Limits(settings, service);
        var (minimum, maximum) = (limits.MinimumHealthyPercent!.Value, limits.MaximumPercent!.Value);
        if (!daemon && desired > 0 && !CanMakeProgress(desired, minimum, maximum))
        {
            // Minimum rounds up, maximum rounds down (ecs#DeploymentConfiguration.minimumHealthyPercent, .maximumPercent).
            problems.Add($"With {desired} task(s), a minimum healthy percent of {minimum} and a maximum percent of {maximum} leave ECS no room to stop or start a task: lower the minimum or raise the maximum.");
        }
    }

    /// <summary>
    /// The service's deployment configuration with the limits asked for; a limit not asked for stays as the service has
    /// it, or ECS's default when it has none: 100 minimum healthy percent and 200 maximum percent for a REPLICA service
    /// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DeploymentConfiguration.html).
    /// </summary>
    private static DeploymentConfiguration Limits(DeploymentSettings settings, Service service)
    {
        var current = service.DeploymentConfiguration ?? new DeploymentConfiguration();
        return current with
        {
            MinimumHealthyPercent = settings.MinimumHealthyPercent ?? current.MinimumHealthyPercent ?? 100,
            MaximumPercent = settings.MaximumPercent ?? current.MaximumPercent ?? 200,
        };
    }

    private static bool CanMakeProgress(int desired, int minimum, int maximum) =>
        (int)Math.Ceiling(desired * minimum / 100.0) < desired || (int)Math.Floor(desired * maximum / 100.0) > desired;
}
