using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Runtime;

namespace Ecs.BlueGreen.Deployments;

/// <summary>
/// The writes that steer a native deployment, each sent once or checked against ECS before it is sent again:
/// ContinueServiceDeployment (a second copy fails once the hook no longer awaits action, so after an unknown outcome
/// the hook's state is read first) and StopServiceDeployment with ROLLBACK (a second copy finds the rollback under way).
/// </summary>
internal sealed class ServiceDeploymentWrites(IEcsClient ecs, PatientCalls calls)
{
    /// <summary>The action values of <c>ecs#ContinueServiceDeploymentRequest.action</c>.</summary>
    public const string Continue = "CONTINUE";

    public const string Rollback = "ROLLBACK";

    /// <summary>The service deployment, or <see langword="null"/> when ECS reports it missing; read with patience.</summary>
    public Task<ServiceDeployment?> DescribeAsync(string serviceDeploymentArn, CancellationToken cancellationToken) =>
        calls.ReadAsync(async token =>
        {
            var response = await ecs.DescribeServiceDeploymentsAsync(new DescribeServiceDeploymentsRequest { ServiceDeploymentArns = [serviceDeploymentArn] }, token).ConfigureAwait(false);
            return response.ServiceDeployments.FirstOrDefault(d => d.ServiceDeploymentArn == serviceDeploymentArn);
        }, cancellationToken);

    /// <summary>Answers a PAUSE hook (<c>ecs#ContinueServiceDeployment</c>) with CONTINUE or ROLLBACK.</summary>
    public Task<ContinueServiceDeploymentResponse> AnswerHookAsync(string serviceDeploymentArn, string hookId, string action, CancellationToken stopBeforeSending) =>
        calls.WriteAsync(
            "ContinueServiceDeployment",
            () => ecs.ContinueServiceDeploymentAsync(new ContinueServiceDeploymentRequest { ServiceDeploymentArn = serviceDeploymentArn, HookId = hookId, Action = action }, CancellationToken.None),
            async token =>
            {
                // Applied when the hook no longer awaits action, or the deployment left the state it paused in.
                var deployment = await DescribeAsync(serviceDeploymentArn, token).ConfigureAwait(false);
                var hook = deployment?.LifecycleHookDetails?.FirstOrDefault(h => h.HookId == hookId);
                var waiting = hook?.Status == NativeJudge.AwaitingAction;
                return deployment is not null && !waiting ? new ContinueServiceDeploymentResponse { ServiceDeploymentArn = serviceDeploymentArn } : null;
            },
            stopBeforeSending);

    /// <summary>Asks ECS to roll the deployment back (<c>ecs#StopServiceDeployment</c>, stopType ROLLBACK).</summary>
    public Task<StopServiceDeploymentResponse> StopWithRollbackAsync(string serviceDeploymentArn, CancellationToken stopBeforeSending) =>
        calls.WriteAsync(
            "StopServiceDeployment",
            () => ecs.StopServiceDeploymentAsync(new StopServiceDeploymentRequest { ServiceDeploymentArn = serviceDeploymentArn, StopType = StopServiceDeploymentStopType.Rollback }, CancellationToken.None),
            async token =>
            {
                var deployment = await DescribeAsync(serviceDeploymentArn, token).ConfigureAwait(false);
                return deployment?.Status is { } status && IsRollingBackOrDone(status) ? new StopServiceDeploymentResponse { ServiceDeploymentArn = serviceDeploymentArn } : null;
            },
            stopBeforeSending);

    /// <summary>Whether a deployment in this status can still be rolled back by StopServiceDeployment (<c>ecs#StopServiceDeployment</c>).</summary>
    public static bool CanRollBack(ServiceDeploymentStatus status) =>
        status == ServiceDeploymentStatus.Pending || status == ServiceDeploymentStatus.InProgress || status == ServiceDeploymentStatus.StopRequested;

    private static bool IsRollingBackOrDone(ServiceDeploymentStatus status) =>
        status == ServiceDeploymentStatus.RollbackRequested || status == ServiceDeploymentStatus.RollbackInProgress
        || status == ServiceDeploymentStatus.RollbackSuccessful || status == ServiceDeploymentStatus.RollbackFailed;
}
