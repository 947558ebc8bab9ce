using System.Text.Json;
using System.Text.Json.Nodes;
using Ecs.BlueGreen.Aws.Json;
using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.TaskDefinitions;

/// <summary>
/// Reads a task definition from a file in either shape the AWS CLI produces or takes:
/// DescribeTaskDefinition output (<c>{"taskDefinition": {…}, "tags": […]}</c>) or RegisterTaskDefinition
/// input (<c>{"family": …, "containerDefinitions": […]}</c>), in any JSON formatting. Output-only members are
/// removed, everything else is kept.
/// </summary>
internal static class TaskDefinitionFile
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static RegisterTaskDefinitionRequest? Read(string path, ICollection<string> problems)
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

    public static RegisterTaskDefinitionRequest? Parse(string text, string name, ICollection<string> problems)
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

        var definition = root["taskDefinition"] as JsonObject ?? root;
        var tags = root["tags"] ?? definition["tags"];
        definition = definition.DeepClone().AsObject();
        definition.Remove("tags");
        if (definition["family"] is not JsonValue || definition["containerDefinitions"] is not JsonArray)
        {
            problems.Add($"The task definition file '{name}' has no 'family' and 'containerDefinitions': expected DescribeTaskDefinition output or RegisterTaskDefinition input.");
            return null;
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
