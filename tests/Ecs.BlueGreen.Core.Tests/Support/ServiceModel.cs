using System.Text.Json.Nodes;

namespace Ecs.BlueGreen.Tests.Support;

/// <summary>A botocore service model (service-2.json), read for conformance checks.</summary>
internal sealed class ServiceModel
{
    private readonly JsonObject _shapes;
    private readonly JsonObject _operations;

    private ServiceModel(JsonObject root)
    {
        _shapes = root["shapes"]!.AsObject();
        _operations = root["operations"]!.AsObject();
    }

    public static ServiceModel Load(params string[] pathUnderShared) =>
        new(JsonNode.Parse(File.ReadAllText(SharedFolder.File(pathUnderShared)))!.AsObject());

    public JsonObject Shape(string name) => _shapes[name]?.AsObject() ?? throw new KeyNotFoundException($"No shape {name} in the model.");

    public string InputShape(string operation) => (string)_operations[operation]!["input"]!["shape"]!;

    public string OutputShape(string operation) => (string)_operations[operation]!["output"]!["shape"]!;

    public bool HasOperation(string operation) => _operations.ContainsKey(operation);

    /// <summary>Whether the operation answers with a shape (ContinueDeployment, for one, has none).</summary>
    public bool HasOutput(string operation) => _operations[operation]!["output"] is not null;

    public static string TypeOf(JsonObject shape) => (string)shape["type"]!;

    public static IEnumerable<(string Name, string Shape)> Members(JsonObject structure) =>
        structure["members"]!.AsObject().Select(member => (member.Key, (string)member.Value!["shape"]!));

    public static IReadOnlySet<string> Required(JsonObject structure) =>
        structure["required"]?.AsArray().Select(name => (string)name!).ToHashSet(StringComparer.Ordinal) ?? [];

    /// <summary>
    /// A value for a shape in which every member is present (to <paramref name="depth"/> levels), so a
    /// round trip through our types can show that nothing is dropped. Strings name their member path,
    /// enumerations take their first value.
    /// </summary>
    public JsonNode Sample(string shapeName, string path = "", int depth = 10)
    {
        var shape = Shape(shapeName);
        switch (TypeOf(shape))
        {
            case "structure":
                if (shape["document"]?.GetValue<bool>() == true)
                {
                    return new JsonObject { ["any"] = "document" };
                }

                var value = new JsonObject();
                if (depth > 0)
                {
                    foreach (var (name, memberShape) in Members(shape))
                    {
                        value[name] = Sample(memberShape, $"{path}.{name}", depth - 1);
                    }
                }

                return value;
            case "list":
                return new JsonArray(Sample((string)shape["member"]!["shape"]!, path + "[0]", depth - 1));
            case "map":
                return new JsonObject { ["key-1"] = Sample((string)shape["value"]!["shape"]!, path + "{}", depth - 1) };
            case "string":
                return shape["enum"] is JsonArray values ? JsonValue.Create((string)values[0]!)! : JsonValue.Create($"v{path}")!;
            case "integer":
            case "long":
                return JsonValue.Create(7)!;
            case "boolean":
                return JsonValue.Create(true)!;
            case "double":
            case "float":
                return JsonValue.Create(1.5)!;
            case "timestamp":
                return JsonValue.Create(1767225600)!;
            default:
                return JsonValue.Create("blob")!;
        }
    }
}
