using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Deployments.Engine;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.TaskDefinitions;

/// <summary>Keeps the newest revisions of a family and deregisters older ACTIVE ones that nothing uses.</summary>
internal static class RevisionRetention
{
    /// <summary>
    /// Deregisters the oldest ACTIVE revisions of <paramref name="newestArn"/>'s family beyond <paramref name="keep"/>,
    /// skipping every ARN in <paramref name="inUse"/>. A failed deregistration becomes a warning.
    /// </summary>
    public static async Task DeregisterOldRevisionsAsync(IEcsClient ecs, string newestArn, int keep, IReadOnlySet<string> inUse,
        List<string> deregistered, List<string> warnings, DeploymentReporter reporter, CancellationToken cancellationToken)
    {
        var family = FamilyOf(newestArn);
        var arns = await ecs.ListAllTaskDefinitionsAsync(new ListTaskDefinitionsRequest { FamilyPrefix = family, Status = TaskDefinitionStatus.Active, Sort = SortOrder.Asc }, cancellationToken)
            .ToListAsync(cancellationToken).ConfigureAwait(false);

        // familyPrefix is documented as the full family name; the check keeps other families safe regardless.
        arns = arns.Where(a => FamilyOf(a) == family).ToList();
        foreach (var arn in arns.Take(Math.Max(0, arns.Count - keep)).Where(a => !inUse.Contains(a)))
        {
            try
            {
                await ecs.DeregisterTaskDefinitionAsync(new DeregisterTaskDefinitionRequest { TaskDefinition = arn }, cancellationToken).ConfigureAwait(false);
                deregistered.Add(arn);
                reporter.Report(new TaskDefinitionDeregistered { Time = reporter.Now, TaskDefinitionArn = arn });
            }
            catch (AwsServiceException exception)
            {
                warnings.Add($"Could not deregister {DeploymentEvent.Short(arn)}: {exception.Message}");
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
