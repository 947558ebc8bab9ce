using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ecs.BlueGreen.Aws.Transport;
using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.TaskDefinitions;

/// <summary>
/// Reads a task definition from a file in either shape the AWS CLI produces or takes:
/// DescribeTaskDefinition output (<c>{"taskDefinition": {…}, "tags": […]}</c>) or RegisterTaskDefinition
/// input (<c>{"family": …, "containerDefinitions": […]}</c>), in any JSON formatting. Every member RegisterTaskDefinition
/// knows is checked for its JSON type (a problem names its JSON path); output-only members are removed; everything
/// else is kept as it is.
/// </summary>
public static class TaskDefinitionFile
{
    /// <summary>At most this many type problems are listed for one file; the rest are counted.</summary>
    private const int MaxProblems = 10;

    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>
    /// Reads and checks a task-definition file without calling AWS: the revision it describes, or every problem found,
    /// one sentence each (a member of the wrong type is named by its JSON path, for example
    /// <c>$.containerDefinitions[0].memory: expected a number, found a string ("lots")</c>).
    /// </summary>
    public static bool TryRead(string path, [NotNullWhen(true)] out RegisterTaskDefinitionRequest? request, out IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(path);
        var found = new List<string>();
        request = Read(path, found);
        problems = found;
        return request is not null && found.Count == 0;
    }

    internal static RegisterTaskDefinitionRequest? Read(string path, ICollection<string> problems)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            problems.Add($"Cannot read the task definition file '{path}': {exception.Message}");
            return null;
        }

        return Parse(text, path, problems);
    }

    internal static RegisterTaskDefinitionRequest? Parse(string text, string name, ICollection<string> problems)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(text, documentOptions: DocumentOptions) as JsonObject
                ?? throw new JsonException("The document is not a JSON object.");
        }
        catch (JsonException exception)
        {
            problems.Add($"The task definition file '{name}' is not valid JSON: {exception.Message}");
            return null;
        }

        var described = root["taskDefinition"] as JsonObject;
        var definition = described ?? root;
        var prefix = described is null ? "$" : "$.taskDefinition";
        if (definition["family"] is not JsonValue || definition["containerDefinitions"] is not JsonArray)
        {
            problems.Add($"The task definition file '{name}' has no 'family' and 'containerDefinitions': expected DescribeTaskDefinition output or RegisterTaskDefinition input.");
            return null;
        }

        var (tags, tagsPath) = root["tags"] is { } outer ? (outer, "$.tags") : (definition["tags"], prefix + ".tags");
        var wrongTypes = new List<string>();
        RegisterTaskDefinitionShape.Check(definition, RegisterTaskDefinitionShape.Request, prefix, wrongTypes);
        if (tags is not null && !ReferenceEquals(tags.Parent, definition))
        {
            RegisterTaskDefinitionShape.Check(tags, RegisterTaskDefinitionShape.Tags, tagsPath, wrongTypes);
        }

        foreach (var problem in wrongTypes.Take(MaxProblems))
        {
            problems.Add($"The task definition file '{name}' does not fit RegisterTaskDefinition: {problem}.");
        }

        if (wrongTypes.Count > MaxProblems)
        {
            problems.Add($"The task definition file '{name}' has {wrongTypes.Count - MaxProblems} more member(s) of the wrong type.");
        }

        if (wrongTypes.Count > 0)
        {
            return null;
        }

        definition = definition.DeepClone().AsObject();
        definition.Remove("tags");
        foreach (var member in TaskDefinition.OutputOnlyMembers)
        {
            definition.Remove(member);
        }

        try
        {
            var taskDefinition = definition.Deserialize(AwsJson.TypeInfo<TaskDefinition>())!;
            return RegisterTaskDefinitionRequest.FromTaskDefinition(taskDefinition, tags?.Deserialize(AwsJson.TypeInfo<List<Tag>>()));
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException or InvalidOperationException)
        {
            problems.Add($"The task definition file '{name}' does not match the RegisterTaskDefinition shape: {exception.Message}");
            return null;
        }
    }
}
