using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ecs.BlueGreen.Aws.Transport;
using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.TaskDefinitions;

/// <summary>
/// One difference between two revisions: a path such as <c>containerDefinitions[web].image</c> and the
/// value before and after as compact JSON (<see langword="null"/> when absent). Values of environment
/// variables whose names suggest a secret (PASSWORD, SECRET, TOKEN, KEY, CREDENTIAL, PRIVATE) are replaced
/// by <c>"(hidden)"</c>.
/// </summary>
public sealed record TaskDefinitionChange
{
    /// <summary>Where the value is: members by name, named list items (containers, variables) by their name in brackets.</summary>
    public required string Path { get; init; }

    /// <summary>The value in the base revision as compact JSON, or <see langword="null"/> when it was absent.</summary>
    public string? Before { get; init; }

    /// <summary>The value in the new revision as compact JSON, or <see langword="null"/> when it is removed.</summary>
    public string? After { get; init; }

    /// <summary>One line: <c>path: before -> after</c>.</summary>
    public override string ToString() => $"{Path}: {Before ?? "(none)"} -> {After ?? "(none)"}";
}

/// <summary>Compares two RegisterTaskDefinition documents member by member.</summary>
public static class TaskDefinitionDiff
{
    private const string Hidden = "\"(hidden)\"";
    private static readonly string[] SecretWords = ["PASSWORD", "PASSWD", "SECRET", "TOKEN", "KEY", "CREDENTIAL", "PRIVATE"];

    /// <summary>Whether two revisions have the same content, tags aside (ECS keeps tags apart from the revision).</summary>
    internal static bool SameContent(RegisterTaskDefinitionRequest a, RegisterTaskDefinitionRequest b) =>
        Compare(a with { Tags = null }, b with { Tags = null }).Count == 0;

    /// <summary>Every difference between <paramref name="before"/> and <paramref name="after"/>, in document order.</summary>
    public static IReadOnlyList<TaskDefinitionChange> Compare(RegisterTaskDefinitionRequest before, RegisterTaskDefinitionRequest after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<TaskDefinitionChange>();
        var shape = AwsJson.TypeInfo<RegisterTaskDefinitionRequest>();
        Compare(JsonSerializer.SerializeToNode(before, shape), JsonSerializer.SerializeToNode(after, shape), string.Empty, false, changes);
        return changes;
    }

    /// <summary>The changes as lines for a person, or a line saying there are none.</summary>
    public static string Format(IReadOnlyList<TaskDefinitionChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.Count == 0)
        {
            return "(no changes)";
        }

        var text = new StringBuilder();
        foreach (var change in changes)
        {
            text.Append(change.Before is null ? "+ " : change.After is null ? "- " : "~ ").Append(change).Append('\n');
        }

        return text.ToString().TrimEnd('\n');
    }

    private static void Compare(JsonNode? before, JsonNode? after, string path, bool secret, List<TaskDefinitionChange> changes)
    {
        if (JsonNode.DeepEquals(before, after))
        {
            return;
        }

        switch (before, after)
        {
            case (JsonObject a, JsonObject b):
                foreach (var name in a.Select(p => p.Key).Concat(b.Select(p => p.Key)).Distinct(StringComparer.Ordinal))
                {
                    Compare(a[name], b[name], Join(path, name), secret, changes);
                }

                break;
            case (JsonArray or null, JsonArray or null) when KeyOf(before as JsonArray, after as JsonArray) is { } key:
                var left = (before as JsonArray ?? []).ToDictionary(i => (string)i![key]!, StringComparer.Ordinal);
                var right = (after as JsonArray ?? []).ToDictionary(i => (string)i![key]!, StringComparer.Ordinal);
                foreach (var name in left.Keys.Concat(right.Keys).Distinct(StringComparer.Ordinal))
                {
                    var isSecret = secret || (path.EndsWith("environment", StringComparison.Ordinal) && LooksSecret(name));
                    var itemPath = $"{path}[{name}]";
                    if (left.GetValueOrDefault(name) is JsonObject l && right.GetValueOrDefault(name) is JsonObject r)
                    {
                        foreach (var member in l.Select(p => p.Key).Concat(r.Select(p => p.Key)).Distinct(StringComparer.Ordinal).Where(m => m != key))
                        {
                            Compare(l[member], r[member], Join(itemPath, member), isSecret, changes);
                        }
                    }
                    else
                    {
                        Add(left.GetValueOrDefault(name), right.GetValueOrDefault(name), itemPath, isSecret, changes);
                    }
                }

                break;
            default:
                Add(before, after, path, secret, changes);
                break;
        }
    }

    private static void Add(JsonNode? before, JsonNode? after, string path, bool secret, List<TaskDefinitionChange> changes) =>
        changes.Add(new TaskDefinitionChange
        {
            Path = path,
            Before = before is null ? null : secret ? Hidden : before.ToJsonString(),
            After = after is null ? null : secret ? Hidden : after.ToJsonString(),
        });

    /// <summary>
    /// Lists of objects that all carry a unique <c>name</c> (containers, variables) are compared by name,
    /// tags by <c>key</c>; a missing or empty list matches either.
    /// </summary>
    private static string? KeyOf(JsonArray? a, JsonArray? b)
    {
        var items = (a ?? []).Concat(b ?? []).ToList();
        if (items.Count == 0 || !items.All(i => i is JsonObject))
        {
            return null;
        }

        var key = items.All(i => i!["name"] is JsonValue { } v && v.GetValueKind() == JsonValueKind.String) ? "name"
            : items.All(i => i!["key"] is JsonValue { } k && k.GetValueKind() == JsonValueKind.String) ? "key" : null;
        return key is not null && Unique(a, key) && Unique(b, key) ? key : null;
    }

    private static bool Unique(JsonArray? array, string key) =>
        array is null || array.Select(i => (string?)i![key]).Distinct(StringComparer.Ordinal).Count() == array.Count;

    private static bool LooksSecret(string name) =>
        SecretWords.Any(w => name.Contains(w, StringComparison.OrdinalIgnoreCase));

    private static string Join(string path, string member) => path.Length == 0 ? member : $"{path}.{member}";
}
