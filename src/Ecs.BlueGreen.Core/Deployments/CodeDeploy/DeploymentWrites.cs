using Ecs.BlueGreen.CodeDeploy;
using Ecs.BlueGreen.CodeDeploy.Model;
using Ecs.BlueGreen.Runtime;

namespace Ecs.BlueGreen.Deployments;

/// <summary>
/// The CodeDeploy deployments of a run, created exactly once through <see cref="PatientCalls"/>: CreateDeployment
/// carries no idempotency token (<c>codedeploy#CreateDeploymentInput</c>), so a blind resend could start a second
/// deployment of the group (or fail with <c>DeploymentLimitExceededException</c> against our own first one). After a
/// lost answer, the group's deployments created since just before the call are read, and the one whose
/// <c>description</c> (<c>codedeploy#DeploymentInfo.description</c>) carries the run's token is ours.
/// </summary>
internal sealed class DeploymentWrites(ICodeDeployClient codeDeploy, PatientCalls calls, TimeProvider time)
{
    /// <summary>
    /// How far before the call the search starts: CodeDeploy stamps <c>createTime</c> with its own clock, which may run
    /// behind ours.
    /// </summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Creates the deployment <paramref name="request"/>, whose <see cref="CreateDeploymentRequest.Description"/> must
    /// contain <paramref name="runToken"/>, a token unique to the run (for example <c>ecs-bluegreen 0f3c…</c>).
    /// </summary>
    /// <returns>The deployment's id, from the answer or, after a lost answer, from the group's deployments.</returns>
    public async Task<string> CreateAsync(CreateDeploymentRequest request, string runToken, CancellationToken stopBeforeSending)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(runToken);
        if (request.DeploymentGroupName is null || request.Description?.Contains(runToken, StringComparison.Ordinal) != true)
        {
            throw new ArgumentException("A deployment created exactly once names its deployment group and carries the run's token in its description.", nameof(request));
        }

        var since = time.GetUtcNow() - ClockSkew;
        var response = await calls.WriteAsync(
            CodeDeployOperation.CreateDeployment.Name,
            () => codeDeploy.CreateDeploymentAsync(request, CancellationToken.None),
            token => FindCreatedAsync(request, runToken, since, token),
            stopBeforeSending).ConfigureAwait(false);
        return response.DeploymentId ?? throw new InvalidOperationException("CreateDeployment answered without a deployment id.");
    }

    private async Task<CreateDeploymentResponse?> FindCreatedAsync(CreateDeploymentRequest request, string runToken, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var ids = await codeDeploy.ListAllDeploymentsAsync(
            new ListDeploymentsRequest
            {
                ApplicationName = request.ApplicationName,
                DeploymentGroupName = request.DeploymentGroupName,
                CreateTimeRange = new TimeRange { Start = since },
            },
            cancellationToken).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (ids.Count == 0)
        {
            return null;
        }

        var deployments = await codeDeploy.BatchGetAllDeploymentsAsync(ids, cancellationToken).ConfigureAwait(false);
        var ours = deployments.FirstOrDefault(d => d.Description?.Contains(runToken, StringComparison.Ordinal) == true && d.DeploymentId is not null);
        return ours is null ? null : new CreateDeploymentResponse { DeploymentId = ours.DeploymentId };
    }
}
