using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ecs.BlueGreen.Tool;

/// <summary>One service of a run with many (a repeated -n, or an entry of --services-file) and what it changes itself.</summary>
internal sealed record ServiceTarget
{
    /// <summary>The cluster: the entry's, or -c's (<see langword="null"/> when neither is given).</summary>
    public string? Cluster { get; init; }

    public required string Service { get; init; }

    /// <summary>The entry's image (as -i), taking the place of -i for this service.</summary>
    public string? Image { get; init; }

    /// <summary>The entry's container images (as --container NAME=IMAGE), added to --container's.</summary>
    public IReadOnlyList<string> Containers { get; init; } = [];

    /// <summary>The entry's variables (as --env CONTAINER:NAME=VALUE), added to --env's.</summary>
    public IReadOnlyList<string> Environment { get; init; } = [];

    /// <summary>The entry's desired count (as -D).</summary>
    public int? DesiredCount { get; init; }

    /// <summary>The entry's existing revision to deploy (as --task-definition-revision).</summary>
    public string? TaskDefinitionRevision { get; init; }

    public override string ToString() => Cluster is null ? Service : $"{Cluster}/{Service}";
}

/// <summary>
/// Reads --services-file: JSON or YAML, a list of services (or an object whose <c>services</c> member is that list),
/// each with <c>service</c> and optionally <c>cluster</c>, <c>image</c>, <c>containers</c> (a map NAME: IMAGE),
/// <c>env</c> (a list of CONTAINER:NAME=VALUE, or a map CONTAINER: {NAME: VALUE}), <c>desiredCount</c> and
/// <c>taskDefinitionRevision</c>. YAML is read with YamlDotNet's representation model (no reflection, so it links
/// with Native AOT). A problem is one line naming the file, the entry and the member.
/// </summary>
internal static partial class ServicesFile
{
    private static readonly string[] Members = ["cluster", "service", "image", "containers", "env", "desiredCount", "taskDefinitionRevision"];

    /// <summary>The services of <paramref name="path"/>, or the one-line reason they cannot be read.</summary>
    public static (IReadOnlyList<ServiceTarget>? Targets, string? Problem) Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return (null, $"--services-file '{path}' cannot be read: {exception.Message}");
        }

        JsonNode? document;
        try
        {
            document = text.TrimStart() is ['{' or '[', ..] ? JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }) : Yaml(text);
        }
        catch (JsonException exception)
        {
            return (null, $"--services-file '{path}' is not valid JSON: {exception.Message}");
        }
        catch (FormatException exception)
        {
            return (null, $"--services-file '{path}': {exception.Message}");
        }
        catch (YamlException exception)
        {
            return (null, $"--services-file '{path}' is not valid YAML: line {exception.Start.Line}, column {exception.Start.Column}: {exception.InnerException?.Message ?? exception.Message}");
        }

        var list = document is JsonObject root && root["services"] is JsonArray services ? services : document as JsonArray;
        if (list is null || list.Count == 0)
        {
            return (null, $"--services-file '{path}' lists no services: give a list of entries with 'service' (and optionally 'cluster', 'image', ...), or an object whose 'services' is that list.");
        }

        var targets = new List<ServiceTarget>();
        for (var i = 0; i < list.Count; i++)
        {
            var (target, problem) = Entry(list[i], i + 1);
            if (problem is not null)
            {
                return (null, $"--services-file '{path}': {problem}");
            }

            targets.Add(target!);
        }

        return (targets, null);
    }

    private static (ServiceTarget? Target, string? Problem) Entry(JsonNode? node, int number)
    {
        if (node is not JsonObject entry)
        {
            return (null, $"entry {number} is not an object with 'service' (and optionally 'cluster', 'image', ...).");
        }

        var name = entry["service"] is JsonValue value && Scalar(value) is { Length: > 0 } service ? service : null;
        var label = name is null ? $"entry {number}" : $"entry {number} ({name})";
        if (entry.Select(m => m.Key).FirstOrDefault(k => !Members.Contains(k, StringComparer.Ordinal)) is { } unknown)
        {
            return (null, $"{label}: unknown member '{unknown}' (known: {string.Join(", ", Members)}).");
        }

        if (name is null)
        {
            return (null, $"{label} has no 'service': give the service's name.");
        }

        try
        {
            return (new ServiceTarget
            {
                Service = name,
                Cluster = Text(entry, "cluster"),
                Image = Text(entry, "image"),
                Containers = Containers(entry["containers"]),
                Environment = Variables(entry["env"]),
                DesiredCount = entry["desiredCount"] is { } count ? Count(count) : null,
                TaskDefinitionRevision = Text(entry, "taskDefinitionRevision"),
            }, null);
        }
        catch (FormatException exception)
        {
            return (null, $"{label}: {exception.Message}");
        }
    }

    private static string? Text(JsonObject entry, string member) => entry[member] switch
    {
        null => null,
        JsonValue value when Scalar(value) is { Length: > 0 } text => text,
        _ => throw new FormatException($"'{member}' must be a non-empty string."),
    };

    private static int Count(JsonNode node) =>
        node is JsonValue value && int.TryParse(Scalar(value), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? count
            : throw new FormatException($"'desiredCount' must be a whole number of 0 or more (got {node.ToJsonString()}).");

    /// <summary><c>containers</c>: a map NAME: IMAGE, each becoming --container NAME=IMAGE.</summary>
    private static List<string> Containers(JsonNode? node) => node switch
    {
        null => [],
        JsonObject map => [.. map.Select(m => m.Value is JsonValue v && Scalar(v) is { Length: > 0 } image
            ? $"{m.Key}={image}"
            : throw new FormatException($"'containers' maps a container name to its image: '{m.Key}' has no image."))],
        _ => throw new FormatException("'containers' must be a map of container name to image."),
    };

    /// <summary><c>env</c>: a list of CONTAINER:NAME=VALUE, or a map CONTAINER: {NAME: VALUE}, each becoming --env.</summary>
    private static List<string> Variables(JsonNode? node) => node switch
    {
        null => [],
        JsonArray list => [.. list.Select(item => item is JsonValue v && v.TryGetValue<string>(out var text) ? text : throw new FormatException("'env' lists CONTAINER:NAME=VALUE strings."))],
        JsonObject map => [.. map.SelectMany(container => container.Value is JsonObject variables
            ? variables.Select(variable => $"{container.Key}:{variable.Key}={Scalar(variable.Value)}")
            : throw new FormatException($"'env' maps a container to its variables: '{container.Key}' is not a map of NAME: VALUE."))],
        _ => throw new FormatException("'env' must be a list of CONTAINER:NAME=VALUE or a map of container to variables."),
    };

    private static string Scalar(JsonNode? node) => node switch
    {
        null => string.Empty,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value when value.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
        _ => throw new FormatException("an environment variable's value must be a string, number or boolean."),
    };

    /// <summary>The YAML document as JSON nodes: plain scalars that read as YAML 1.2 core-schema integers, booleans or null become those.</summary>
    private static JsonNode? Yaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Count == 0 ? null : Node(stream.Documents[0].RootNode);
    }

    private static JsonNode? Node(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(
            c.Key is YamlScalarNode { Value: { } key } ? key : throw new FormatException($"line {c.Key.Start.Line}: a key must be a plain name."), Node(c.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(Node)]),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" } => null,
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "True" or "TRUE" } => JsonValue.Create(true),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "false" or "False" or "FALSE" } => JsonValue.Create(false),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: { } number } when IntegerPattern().IsMatch(number) && long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? string.Empty),
        _ => throw new FormatException("YAML aliases are not supported in --services-file."),
    };

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();
}
