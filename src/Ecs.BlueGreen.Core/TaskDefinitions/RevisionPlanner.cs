using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Runtime;

namespace Ecs.BlueGreen.TaskDefinitions;

/// <summary>The revision to deploy, worked out before anything is written.</summary>
internal sealed record RevisionPlan
{
    /// <summary>The revision in use now (the service's, or the one named in task-definition-only mode).</summary>
    public required TaskDefinition Current { get; init; }

    /// <summary>The revision to register.</summary>
    public required RegisterTaskDefinitionRequest NewRevision { get; init; }

    /// <summary>How the new revision differs from <see cref="Current"/> (tags aside).</summary>
    public required IReadOnlyList<TaskDefinitionChange> Changes { get; init; }

    /// <summary>An existing revision whose content equals <see cref="NewRevision"/>, when there is one.</summary>
    public string? IdenticalRevisionArn { get; init; }
}

/// <summary>Reads the base revision (current, latest of the family, or a file) and applies the changes to it.</summary>
internal static class RevisionPlanner
{
    private static readonly string[] IncludeTags = ["TAGS"];

    public static async Task<RevisionPlan?> PlanAsync(IEcsClient ecs, PatientCalls calls, string currentReference, TaskDefinitionChanges changes, ICollection<string> problems, CancellationToken cancellationToken)
    {
        var current = await DescribeAsync(ecs, calls, currentReference, changes.CopyTags, problems, cancellationToken).ConfigureAwait(false);
        if (current?.TaskDefinition is not { } currentDefinition)
        {
            return null;
        }

        var source = current;
        RegisterTaskDefinitionRequest? sourceRevision;
        if (changes.FilePath is not null)
        {
            sourceRevision = TaskDefinitionFile.Read(changes.FilePath, problems);
            if (sourceRevision is not null && sourceRevision.Tags is null && changes.CopyTags)
            {
                sourceRevision = sourceRevision with { Tags = NonEmpty(current.Tags) };
            }

            source = null;
        }
        else
        {
            if (changes.UseLatest)
            {
                source = await DescribeAsync(ecs, calls, currentDefinition.Family!, changes.CopyTags, problems, cancellationToken).ConfigureAwait(false);
            }

            sourceRevision = source?.TaskDefinition is { } definition
                ? RegisterTaskDefinitionRequest.FromTaskDefinition(definition, changes.CopyTags ? source.Tags : null)
                : null;
        }

        if (sourceRevision is null)
        {
            return null;
        }

        var newRevision = changes.Apply(sourceRevision, problems);
        var currentRevision = RegisterTaskDefinitionRequest.FromTaskDefinition(currentDefinition);
        var identicalArn =
            TaskDefinitionDiff.SameContent(newRevision, sourceRevision) && source?.TaskDefinition?.TaskDefinitionArn is { } sourceArn ? sourceArn
            : TaskDefinitionDiff.SameContent(newRevision, currentRevision) ? currentDefinition.TaskDefinitionArn
            : null;
        return new RevisionPlan
        {
            Current = currentDefinition,
            NewRevision = newRevision,
            Changes = TaskDefinitionDiff.Compare(currentRevision, newRevision with { Tags = null }),
            IdenticalRevisionArn = identicalArn,
        };
    }

    private static IReadOnlyList<Tag>? NonEmpty(IReadOnlyList<Tag>? tags) => tags is { Count: > 0 } ? tags : null;

    private static async Task<DescribeTaskDefinitionResponse?> DescribeAsync(IEcsClient ecs, PatientCalls calls, string reference, bool tags, ICollection<string> problems, CancellationToken cancellationToken)
    {
        try
        {
            return await calls.ReadAsync(
                token => ecs.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest { TaskDefinition = reference, Include = tags ? IncludeTags : null }, token),
                cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException exception) when (exception.ErrorCode is "ClientException" or "InvalidParameterException")
        {
            problems.Add($"The task definition '{reference}' cannot be read: {exception.ErrorMessage ?? exception.ErrorCode}.");
            return null;
        }
    }
}
