using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Runtime;

namespace Ecs.BlueGreen.TaskDefinitions;

/// <summary>
/// The revision writes of a run, sent exactly once through <see cref="PatientCalls"/>: RegisterTaskDefinition carries
/// no idempotency token (<c>ecs#RegisterTaskDefinitionRequest</c>), so a blind resend could register a second
/// revision; after a lost answer, the family's revisions are read to learn whether ours is there.
/// </summary>
internal sealed class RevisionWrites(IEcsClient ecs, PatientCalls calls)
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

    /// <summary>Deregisters a revision (a second copy leaves the same state, so the client may send it again).</summary>
    public Task DeregisterAsync(string taskDefinitionArn, CancellationToken cancellationToken) =>
        calls.ReadAsync(token => ecs.DeregisterTaskDefinitionAsync(new DeregisterTaskDefinitionRequest { TaskDefinition = taskDefinitionArn }, token), cancellationToken);

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
