using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.TaskDefinitions;

namespace Ecs.BlueGreen.Deployments.Engine;

/// <summary>
/// The writes of a run, each sent exactly once through <see cref="PatientCalls"/>, with the read that tells whether
/// a write whose answer was lost took effect. RegisterTaskDefinition and UpdateService carry no idempotency token
/// (<c>ecs#RegisterTaskDefinitionRequest</c>, <c>ecs#UpdateServiceRequest</c>), so a blind resend could register a
/// second revision or start a second deployment.
/// </summary>
internal sealed class EcsWrites(IEcsClient ecs, PatientCalls calls)
{
    /// <summary>
    /// Registers <paramref name="revision"/>. After a lost answer, a revision of the family newer than
    /// <paramref name="newestBefore"/> (the newest ACTIVE revision number before the run wrote anything) with the same
    /// content is ours.
    /// </summary>
    public async Task<TaskDefinition> RegisterAsync(RegisterTaskDefinitionRequest revision, int newestBefore, CancellationToken stopBeforeSending)
    {
        var response = await calls.WriteAsync(
            EcsOperation.RegisterTaskDefinition.Name,
            () => ecs.RegisterTaskDefinitionAsync(revision, CancellationToken.None),
            token => FindRegisteredAsync(revision, newestBefore, token),
            stopBeforeSending).ConfigureAwait(false);
        return response.TaskDefinition ?? throw new InvalidOperationException("RegisterTaskDefinition answered without a task definition.");
    }

    /// <summary>The newest ACTIVE revision number of <paramref name="family"/>, 0 when it has none.</summary>
    public async Task<int> NewestRevisionAsync(string family, CancellationToken cancellationToken)
    {
        var page = await calls.ReadAsync(
            token => ecs.ListTaskDefinitionsAsync(new ListTaskDefinitionsRequest { FamilyPrefix = family, Status = TaskDefinitionStatus.Active, Sort = SortOrder.Desc, MaxResults = 1 }, token),
            cancellationToken).ConfigureAwait(false);
        return page.TaskDefinitionArns is [var newest, ..] && RevisionRetention.FamilyOf(newest) == family ? RevisionOf(newest) : 0;
    }

    /// <summary>
    /// Points the service at a revision (or back at one). <paramref name="before"/> is the service as last read before
    /// the update. After a lost answer, an update that starts a deployment took effect when the service lists a
    /// deployment of the request's revision that <paramref name="before"/> did not, or its current service deployment
    /// changed (a deployment that already ended, rolled back by ECS, has left the list by then); one that starts none
    /// took effect when the service runs the request's revision at its desired count.
    /// </summary>
    public async Task<UpdatedService> UpdateServiceAsync(UpdateServiceRequest request, Service before, bool startsDeployment, CancellationToken stopBeforeSending)
    {
        var checkedAfterLoss = false;
        var known = before.Deployments.Select(d => d.Id).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var response = await calls.WriteAsync(
            EcsOperation.UpdateService.Name,
            () => ecs.UpdateServiceAsync(request, CancellationToken.None),
            async token =>
            {
                var service = await DescribeServiceAsync(request.Cluster, request.Service, token).ConfigureAwait(false);
                if (service is null)
                {
                    return null;
                }

                var applied = startsDeployment
                    ? service.Deployments.Any(d => d.TaskDefinition == request.TaskDefinition && !known.Contains(d.Id ?? string.Empty))
                        || (service.CurrentServiceDeployment is not null && service.CurrentServiceDeployment != before.CurrentServiceDeployment)
                    : service.Deployments.Any(d => d.Status == "PRIMARY" && d.TaskDefinition == request.TaskDefinition)
                        && (request.DesiredCount is null || service.DesiredCount == request.DesiredCount);
                checkedAfterLoss = applied;
                return applied ? new UpdateServiceResponse { Service = service } : null;
            },
            stopBeforeSending).ConfigureAwait(false);
        return new UpdatedService(response.Service ?? throw new InvalidOperationException("UpdateService answered without a service."), checkedAfterLoss);
    }

    /// <summary>Deregisters a revision (a second copy leaves the same state, so the client may send it again).</summary>
    public Task DeregisterAsync(string taskDefinitionArn, CancellationToken cancellationToken) =>
        calls.ReadAsync(token => ecs.DeregisterTaskDefinitionAsync(new DeregisterTaskDefinitionRequest { TaskDefinition = taskDefinitionArn }, token), cancellationToken);

    /// <summary>The service as ECS has it now; <see langword="null"/> when it is missing.</summary>
    public async Task<Service?> DescribeServiceAsync(string? cluster, string service, CancellationToken cancellationToken)
    {
        var response = await ecs.DescribeServicesAsync(new DescribeServicesRequest { Cluster = cluster, Services = [service] }, cancellationToken).ConfigureAwait(false);
        return response.Services is [var found, ..] ? found : null;
    }

    private async Task<RegisterTaskDefinitionResponse?> FindRegisteredAsync(RegisterTaskDefinitionRequest revision, int newestBefore, CancellationToken cancellationToken)
    {
        var page = await ecs.ListTaskDefinitionsAsync(
            new ListTaskDefinitionsRequest { FamilyPrefix = revision.Family, Status = TaskDefinitionStatus.Active, Sort = SortOrder.Desc, MaxResults = 100 }, cancellationToken).ConfigureAwait(false);
        foreach (var arn in page.TaskDefinitionArns.Where(a => RevisionRetention.FamilyOf(a) == revision.Family).TakeWhile(a => RevisionOf(a) > newestBefore))
        {
            var described = await ecs.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest { TaskDefinition = arn }, cancellationToken).ConfigureAwait(false);
            if (described.TaskDefinition is { } candidate && TaskDefinitionDiff.SameContent(RegisterTaskDefinitionRequest.FromTaskDefinition(candidate), revision))
            {
                return new RegisterTaskDefinitionResponse { TaskDefinition = candidate };
            }
        }

        return null;
    }

    /// <summary><c>arn:…:task-definition/web:12</c> → 12.</summary>
    internal static int RevisionOf(string taskDefinitionArn) =>
        int.TryParse(taskDefinitionArn.AsSpan(taskDefinitionArn.LastIndexOf(':') + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var revision) ? revision : 0;
}

/// <summary>
/// The service after an UpdateService: its answer, or, when the answer was lost, the service as read afterwards
/// (<see cref="FromCheck"/>), by which time our deployment may already have failed or ended.
/// </summary>
internal sealed record UpdatedService(Service Service, bool FromCheck);
