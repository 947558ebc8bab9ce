using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Runtime;

namespace Ecs.BlueGreen.TaskDefinitions;

/// <summary>
/// Keeps the newest revisions of a family and deregisters older ACTIVE ones that nothing uses. Clean-up is best
/// effort: whatever fails becomes a warning, and when the revisions in use cannot all be read, nothing is
/// deregistered.
/// </summary>
internal static class RevisionRetention
{
    /// <summary>
    /// Deregisters the oldest ACTIVE revisions of <paramref name="newestArn"/>'s family beyond <paramref name="keep"/>,
    /// never one that <see cref="RevisionsInUse"/> finds in use or one in <paramref name="alsoKeep"/> (the rollback
    /// target, the revision just deployed).
    /// </summary>
    public static async Task DeregisterOldRevisionsAsync(IEcsClient ecs, PatientCalls calls, string newestArn, int keep, IEnumerable<string?> alsoKeep,
        List<string> deregistered, List<string> warnings, EventReporter reporter, CancellationToken cancellationToken)
    {
        var family = FamilyOf(newestArn);
        HashSet<string> inUse;
        List<string> arns;
        try
        {
            inUse = await RevisionsInUse.FindAsync(ecs, calls, family, cancellationToken).ConfigureAwait(false);
            arns = await calls.ReadAsync(
                token => ecs.ListAllTaskDefinitionsAsync(new ListTaskDefinitionsRequest { FamilyPrefix = family, Status = TaskDefinitionStatus.Active, Sort = SortOrder.Asc }, token).ToListAsync(token).AsTask(),
                cancellationToken).ConfigureAwait(false);
        }
        catch (AwsException exception)
        {
            reporter.Warn(warnings, $"No old revision of {family} was deregistered: the revisions in use could not all be read ({exception.Message}).");
            return;
        }

        foreach (var arn in alsoKeep.OfType<string>())
        {
            inUse.Add(arn);
        }

        // familyPrefix is documented as the full family name (ecs#ListTaskDefinitionsRequest.familyPrefix); the check keeps other families safe regardless.
        arns = arns.Where(a => FamilyOf(a) == family).ToList();
        var writes = new RevisionWrites(ecs, calls);
        foreach (var arn in arns.Take(Math.Max(0, arns.Count - keep)).Where(a => !inUse.Contains(a)))
        {
            try
            {
                await writes.DeregisterAsync(arn, cancellationToken).ConfigureAwait(false);
                deregistered.Add(arn);
                reporter.Report(new TaskDefinitionDeregistered { Time = reporter.Now, TaskDefinitionArn = arn });
            }
            catch (AwsException exception)
            {
                reporter.Warn(warnings, $"Could not deregister {DeploymentEvent.Short(arn)}: {exception.Message}");
            }
        }
    }

    /// <summary><c>arn:…:task-definition/web:12</c> → <c>web</c>.</summary>
    internal static string FamilyOf(string taskDefinitionArn)
    {
        var name = taskDefinitionArn[(taskDefinitionArn.LastIndexOf('/') + 1)..];
        var colon = name.LastIndexOf(':');
        return colon < 0 ? name : name[..colon];
    }
}
