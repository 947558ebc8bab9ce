using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Runtime;

namespace Ecs.BlueGreen.Deployments;

/// <summary>What a rollback on demand will do, worked out with read calls only.</summary>
internal sealed record RollbackPlan
{
    /// <summary>The revision to deploy again (for a native deployment in progress: the one ECS rolls back to).</summary>
    public required string TaskDefinitionArn { get; init; }

    /// <summary>What the result reports.</summary>
    public required RollbackTarget Target { get; init; }

    /// <summary>The limits to send with the update, when the history's differ from the service's; <see langword="null"/> keeps the service's.</summary>
    public DeploymentConfiguration? DeploymentConfiguration { get; init; }

    /// <summary>A native deployment in progress that ECS is to roll back (StopServiceDeployment ROLLBACK) instead of a new deployment.</summary>
    public ServiceDeployment? InFlight { get; init; }

    /// <summary>For <see cref="InFlight"/>: the revision it deploys.</summary>
    public string? InFlightTaskDefinitionArn { get; init; }
}

/// <summary>
/// Chooses what a rollback on demand returns a service to, from the service's deployment history
/// (<c>ecs#ListServiceDeployments</c>, <c>ecs#DescribeServiceDeployments</c>, <c>ecs#DescribeServiceRevisions</c>, kept for
/// ROLLING services too; https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-deployment.html), or the
/// revision named. Only a SUCCESSFUL service deployment counts as a state the service really ran. The newest one is the
/// service's current state when it succeeded; then the rollback target is the newest earlier SUCCESSFUL deployment of
/// another revision. When the newest did not succeed (in progress, stopped, or rolled back by ECS), the target is what
/// ran before it: the newest earlier SUCCESSFUL deployment, whatever its revision (after ECS's own rollback the service
/// already runs it, and nothing is done).
/// </summary>
internal static class RollbackPlanner
{
    /// <summary>How many service deployments of the history are read at most (newest first): five pages of ECS's maximum.</summary>
    internal const int MaxHistory = 500;

    /// <summary>The plan, or <see langword="null"/> after adding why there is none to <paramref name="problems"/>.</summary>
    public static async Task<RollbackPlan?> PlanAsync(DeploymentSettings settings, IEcsClient ecs, PatientCalls calls, Service service, bool native, List<string> problems, CancellationToken cancellationToken)
    {
        var history = await HistoryAsync(settings, ecs, calls, cancellationToken).ConfigureAwait(false);
        var latest = history.Count > 0 ? history[0] : null;
        var current = service.TaskDefinition!;

        // A native deployment in progress is ECS's to roll back: StopServiceDeployment ROLLBACK returns it to its source revision.
        if (settings.RollBack!.To is null && native && latest is { Status: { } status } && ServiceDeploymentWrites.CanRollBack(status)
            && latest.ServiceDeploymentArn == service.CurrentServiceDeployment)
        {
            return await InFlightAsync(ecs, calls, latest.ServiceDeploymentArn!, service, problems, cancellationToken).ConfigureAwait(false);
        }

        var revisions = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (settings.RollBack.To is { } named)
        {
            var arn = await ActiveRevisionAsync(ecs, calls, named, $"The revision to roll back to, '{named}',", problems, cancellationToken).ConfigureAwait(false);
            if (arn is null)
            {
                return null;
            }

            var deployedIt = await NewestSuccessfulAsync(ecs, calls, history, 0, td => td == arn, revisions, cancellationToken).ConfigureAwait(false);
            var (configuration, minimum, maximum) = await LimitsAsync(ecs, calls, deployedIt, service, cancellationToken).ConfigureAwait(false);
            return new RollbackPlan
            {
                TaskDefinitionArn = arn,
                DeploymentConfiguration = configuration,
                Target = new RollbackTarget
                {
                    FromTaskDefinitionArn = current,
                    ToTaskDefinitionArn = arn,
                    ServiceDeploymentArn = null,
                    MinimumHealthyPercent = minimum,
                    MaximumPercent = maximum,
                    DesiredCount = service.DesiredCount,
                    Reason = $"{Short(arn)} was named.{LimitsNote(deployedIt, minimum, maximum)}",
                },
            };
        }

        if (latest is null)
        {
            problems.Add($"The service '{settings.Service}' has no deployment history (ListServiceDeployments lists none; ECS keeps it for deployments since October 25, 2024, for 90 days), so the revision it ran before is not known: name the revision to roll back to (--to FAMILY:REV, or RollBackToAsync).");
            return null;
        }

        var latestTaskDefinition = await TaskDefinitionOfAsync(ecs, calls, latest, revisions, cancellationToken).ConfigureAwait(false) ?? current;
        var succeeded = latest.Status == ServiceDeploymentStatus.Successful;
        var chosen = await NewestSuccessfulAsync(ecs, calls, history, 1, td => !succeeded || td != latestTaskDefinition, revisions, cancellationToken).ConfigureAwait(false);
        if (chosen is null)
        {
            problems.Add(succeeded
                ? $"The deployment history of the service '{settings.Service}' ({history.Count} service deployment(s)) has no successful deployment of another revision before {Short(latest.ServiceDeploymentArn)}, which deployed {Short(latestTaskDefinition)}: there is nothing to roll back to; name the revision (--to FAMILY:REV, or RollBackToAsync)."
                : $"The deployment history of the service '{settings.Service}' ({history.Count} service deployment(s)) has no successful deployment before {Short(latest.ServiceDeploymentArn)} ({latest.Status?.Value}): what ran before it is not known; name the revision to roll back to (--to FAMILY:REV, or RollBackToAsync).");
            return null;
        }

        var target = revisions[chosen.TargetServiceRevisionArn!]!;
        if (await ActiveRevisionAsync(ecs, calls, target, $"{Short(target)}, the revision the service ran before,", problems, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        var (limits, min, max) = await LimitsAsync(ecs, calls, chosen, service, cancellationToken).ConfigureAwait(false);
        var why = succeeded
            ? $"{Short(target)} is what the service ran before {Short(latestTaskDefinition)}: service deployment {Short(chosen.ServiceDeploymentArn)} deployed it successfully, the newest successful one before {Short(latest.ServiceDeploymentArn)}, which deployed {Short(latestTaskDefinition)}."
            : $"{Short(target)} is what the service ran before service deployment {Short(latest.ServiceDeploymentArn)} ({latest.Status?.Value}, deploying {Short(latestTaskDefinition)}): {Short(chosen.ServiceDeploymentArn)} deployed it successfully, the newest successful one before it.";
        return new RollbackPlan
        {
            TaskDefinitionArn = target,
            DeploymentConfiguration = limits,
            Target = new RollbackTarget
            {
                FromTaskDefinitionArn = current,
                ToTaskDefinitionArn = target,
                ServiceDeploymentArn = chosen.ServiceDeploymentArn,
                MinimumHealthyPercent = min,
                MaximumPercent = max,
                DesiredCount = service.DesiredCount,
                Reason = why + LimitsNote(chosen, min, max),
            },
        };
    }

    /// <summary>The service's deployment history, newest first (by creation time; ECS documents no order), at most <see cref="MaxHistory"/>.</summary>
    private static async Task<List<ServiceDeploymentBrief>> HistoryAsync(DeploymentSettings settings, IEcsClient ecs, PatientCalls calls, CancellationToken cancellationToken)
    {
        var history = new List<ServiceDeploymentBrief>();
        string? token = null;
        do
        {
            var page = await calls.ReadAsync(
                ct => ecs.ListServiceDeploymentsAsync(new ListServiceDeploymentsRequest { Cluster = settings.Cluster, Service = settings.Service, MaxResults = 100, NextToken = token }, ct),
                cancellationToken).ConfigureAwait(false);
            history.AddRange(page.ServiceDeployments);
            token = page.NextToken;
        }
        while (token is not null && history.Count < MaxHistory);

        return [.. history.Select((d, i) => (d, i)).OrderByDescending(x => x.d.CreatedAt ?? x.d.StartedAt ?? DateTimeOffset.MinValue).ThenBy(x => x.i).Select(x => x.d)];
    }

    /// <summary>The newest SUCCESSFUL deployment from <paramref name="skip"/> on whose revision passes <paramref name="accept"/>; revisions are described 20 at a time.</summary>
    private static async Task<ServiceDeploymentBrief?> NewestSuccessfulAsync(IEcsClient ecs, PatientCalls calls, List<ServiceDeploymentBrief> history, int skip, Func<string, bool> accept,
        Dictionary<string, string?> revisions, CancellationToken cancellationToken)
    {
        var successes = history.Skip(skip).Where(d => d.Status == ServiceDeploymentStatus.Successful && d.TargetServiceRevisionArn is not null).ToList();
        foreach (var batch in successes.Chunk(20))
        {
            await DescribeRevisionsAsync(ecs, calls, batch.Select(d => d.TargetServiceRevisionArn!), revisions, cancellationToken).ConfigureAwait(false);
            if (batch.FirstOrDefault(d => revisions[d.TargetServiceRevisionArn!] is { } td && accept(td)) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static async Task<string?> TaskDefinitionOfAsync(IEcsClient ecs, PatientCalls calls, ServiceDeploymentBrief deployment, Dictionary<string, string?> revisions, CancellationToken cancellationToken)
    {
        if (deployment.TargetServiceRevisionArn is not { } arn)
        {
            return null;
        }

        await DescribeRevisionsAsync(ecs, calls, [arn], revisions, cancellationToken).ConfigureAwait(false);
        return revisions[arn];
    }

    /// <summary>Fills <paramref name="revisions"/> with each service revision's task definition (<see langword="null"/> when ECS reports it missing).</summary>
    private static async Task DescribeRevisionsAsync(IEcsClient ecs, PatientCalls calls, IEnumerable<string> arns, Dictionary<string, string?> revisions, CancellationToken cancellationToken)
    {
        var unknown = arns.Where(a => !revisions.ContainsKey(a)).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count == 0)
        {
            return;
        }

        var response = await calls.ReadAsync(ct => ecs.DescribeServiceRevisionsAsync(new DescribeServiceRevisionsRequest { ServiceRevisionArns = unknown }, ct), cancellationToken).ConfigureAwait(false);
        foreach (var arn in unknown)
        {
            revisions[arn] = response.ServiceRevisions.FirstOrDefault(r => r.ServiceRevisionArn == arn)?.TaskDefinition;
        }
    }

    /// <summary>
    /// The limits <paramref name="deployment"/> ran with (<c>ecs#ServiceDeployment.deploymentConfiguration</c>), and the
    /// configuration to send when they differ from the service's; a history that does not record them keeps the service's.
    /// </summary>
    private static async Task<(DeploymentConfiguration? Configuration, int? Minimum, int? Maximum)> LimitsAsync(IEcsClient ecs, PatientCalls calls, ServiceDeploymentBrief? deployment, Service service,
        CancellationToken cancellationToken)
    {
        if (deployment?.ServiceDeploymentArn is not { } arn)
        {
            return (null, null, null);
        }

        var described = await new ServiceDeploymentWrites(ecs, calls).DescribeAsync(arn, cancellationToken).ConfigureAwait(false);
        var then = described?.DeploymentConfiguration;
        var (minimum, maximum) = (then?.MinimumHealthyPercent, then?.MaximumPercent);
        var now = service.DeploymentConfiguration ?? new DeploymentConfiguration();
        var send = (minimum is not null && minimum != now.MinimumHealthyPercent) || (maximum is not null && maximum != now.MaximumPercent)
            ? now with { MinimumHealthyPercent = minimum ?? now.MinimumHealthyPercent, MaximumPercent = maximum ?? now.MaximumPercent }
            : null;
        return (send, minimum, maximum);
    }

    private static string LimitsNote(ServiceDeploymentBrief? deployment, int? minimum, int? maximum) =>
        (minimum, maximum) is (null, null)
            ? deployment is null
                ? " The history records no deployment of it, so the service's limits are kept; the desired count is kept (ECS's history does not record one)."
                : " Its deployment does not record the limits, so the service's are kept; the desired count is kept (ECS's history does not record one)."
            : $" The limits it ran with are restored (minimum healthy {minimum?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "kept"}%, maximum {maximum?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "kept"}%); the desired count is kept (ECS's history does not record one).";

    /// <summary>The ARN of <paramref name="reference"/> when it is an ACTIVE revision; otherwise <see langword="null"/> after adding why.</summary>
    internal static async Task<string?> ActiveRevisionAsync(IEcsClient ecs, PatientCalls calls, string reference, string what, List<string> problems, CancellationToken cancellationToken)
    {
        TaskDefinition? definition;
        try
        {
            definition = (await calls.ReadAsync(token => ecs.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest { TaskDefinition = reference }, token), cancellationToken).ConfigureAwait(false)).TaskDefinition;
        }
        catch (AwsServiceException exception) when (exception.ErrorCode is "ClientException" or "InvalidParameterException")
        {
            problems.Add($"{what} was not found: {exception.ErrorMessage ?? exception.ErrorCode}.");
            return null;
        }

        if (definition?.TaskDefinitionArn is not { } arn)
        {
            problems.Add($"{what} was not found.");
            return null;
        }

        if (definition.Status is { } status && status != TaskDefinitionStatus.Active)
        {
            problems.Add($"{what} is {status.Value} (deregistered): ECS does not deploy it; name another revision.");
            return null;
        }

        return arn;
    }

    /// <summary>A native deployment in progress: the revision ECS rolls it back to is its source revision (<c>ecs#ServiceDeployment.sourceServiceRevisions</c>).</summary>
    private static async Task<RollbackPlan?> InFlightAsync(IEcsClient ecs, PatientCalls calls, string arn, Service service, List<string> problems, CancellationToken cancellationToken)
    {
        var deployment = await new ServiceDeploymentWrites(ecs, calls).DescribeAsync(arn, cancellationToken).ConfigureAwait(false);
        if (deployment is null)
        {
            problems.Add($"The service deployment {arn} in progress could not be found.");
            return null;
        }

        var revisionArns = new[] { deployment.TargetServiceRevision?.Arn }.Concat((deployment.SourceServiceRevisions ?? []).Select(r => r.Arn)).OfType<string>().Distinct(StringComparer.Ordinal).Take(20).ToList();
        var revisions = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (revisionArns.Count > 0)
        {
            await DescribeRevisionsAsync(ecs, calls, revisionArns, revisions, cancellationToken).ConfigureAwait(false);
        }

        var target = deployment.TargetServiceRevision?.Arn is { } t && revisions.GetValueOrDefault(t) is { } deploying ? deploying : service.TaskDefinition!;
        var source = revisionArns.Where(a => a != deployment.TargetServiceRevision?.Arn).Select(a => revisions.GetValueOrDefault(a)).OfType<string>().FirstOrDefault() ?? service.TaskDefinition!;
        return new RollbackPlan
        {
            TaskDefinitionArn = source,
            InFlight = deployment,
            InFlightTaskDefinitionArn = target,
            Target = new RollbackTarget
            {
                FromTaskDefinitionArn = target,
                ToTaskDefinitionArn = source,
                StoppedServiceDeploymentArn = arn,
                DesiredCount = service.DesiredCount,
                Reason = $"Service deployment {Short(arn)} ({deployment.Status?.Value}, deploying {Short(target)}) is in progress: ECS is asked to roll it back to {Short(source)}, the revision it replaces.",
            },
        };
    }

    private static string Short(string? arn) => DeploymentEvent.Short(arn);
}
