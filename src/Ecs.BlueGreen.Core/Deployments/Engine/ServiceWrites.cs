using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Runtime;

namespace Ecs.BlueGreen.Deployments;

/// <summary>
/// The service writes of a run, sent exactly once through <see cref="PatientCalls"/>: UpdateService carries no
/// idempotency token (<c>ecs#UpdateServiceRequest</c>), so a blind resend could start a second deployment; after a
/// lost answer, the service is read to learn whether ours took effect.
/// </summary>
internal sealed class ServiceWrites(IEcsClient ecs, PatientCalls calls)
{
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
                    : service.Deployments.Any(d => d.IsPrimary() && d.TaskDefinition == request.TaskDefinition)
                        && (request.DesiredCount is null || service.DesiredCount == request.DesiredCount);
                checkedAfterLoss = applied;
                return applied ? new UpdateServiceResponse { Service = service } : null;
            },
            stopBeforeSending).ConfigureAwait(false);
        return new UpdatedService(response.Service ?? throw new InvalidOperationException("UpdateService answered without a service."), checkedAfterLoss);
    }

    /// <summary>The service as ECS has it now; <see langword="null"/> when it is missing.</summary>
    public async Task<Service?> DescribeServiceAsync(string? cluster, string service, CancellationToken cancellationToken) =>
        (await DescribeServiceWhereAsync(cluster, service, cancellationToken).ConfigureAwait(false)).Service;

    /// <summary>The service, and when it is missing where ECS looked (<see cref="NotFound.Where"/>).</summary>
    public async Task<(Service? Service, string Where)> DescribeServiceWhereAsync(string? cluster, string service, CancellationToken cancellationToken)
    {
        var response = await ecs.DescribeServicesAsync(new DescribeServicesRequest { Cluster = cluster, Services = [service] }, cancellationToken).ConfigureAwait(false);
        return response.Services is [var found, ..] ? (found, string.Empty) : (null, NotFound.Where(response.Failures));
    }
}

/// <summary>
/// The service after an UpdateService: its answer, or, when the answer was lost, the service as read afterwards
/// (<see cref="FromCheck"/>), by which time our deployment may already have failed or ended.
/// </summary>
internal sealed record UpdatedService(Service Service, bool FromCheck);
