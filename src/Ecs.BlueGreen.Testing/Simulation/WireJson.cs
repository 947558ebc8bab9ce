using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ecs.BlueGreen.Testing.Simulation;

/// <summary>
/// Reading request members and writing timestamps as the AWS JSON 1.1 protocol has them
/// (https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html): timestamps are epoch seconds.
/// </summary>
internal static class WireJson
{
    /// <summary>A timestamp in epoch seconds, to the millisecond.</summary>
    public static JsonNode Timestamp(DateTimeOffset time)
    {
        var ticks = (time - DateTimeOffset.UnixEpoch).Ticks;
        return JsonValue.Create(decimal.Round((decimal)ticks / TimeSpan.TicksPerSecond, 3));
    }

    /// <summary>A timestamp, or <see langword="null"/> for none.</summary>
    public static JsonNode? Timestamp(DateTimeOffset? time) => time is { } value ? Timestamp(value) : null;

    /// <summary>
    /// An output structure of the members that have a value: AWS leaves a member out rather than sending
    /// <c>null</c> (https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html).
    /// </summary>
    public static JsonObject Shape(params ReadOnlySpan<(string Name, JsonNode? Value)> members)
    {
        var result = new JsonObject();
        foreach (var (name, value) in members)
        {
            if (value is not null)
            {
                result[name] = value;
            }
        }

        return result;
    }

    /// <summary>A list of output values.</summary>
    public static JsonArray List<T>(IEnumerable<T> items, Func<T, JsonNode?> render) => new(items.Select(render).ToArray());

    /// <summary>A timestamp member of a request: epoch seconds, or ISO 8601 text as some tools send it.</summary>
    /// <exception cref="EcsApiException">SerializationException: the member is neither.</exception>
    public static DateTimeOffset? ReadTimestamp(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number)
        {
            return DateTimeOffset.UnixEpoch.AddTicks((long)(value.GetValue<decimal>() * TimeSpan.TicksPerSecond));
        }

        if (node is JsonValue text && text.TryGetValue<string>(out var iso)
            && DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed;
        }

        throw Serialization($"Expected a timestamp, found {node.GetValueKind()}.");
    }

    public static string? Str(JsonObject input, string name) => input[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static int? Int(JsonObject input, string name) => input[name] is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;

    public static long? Long(JsonObject input, string name) => input[name] is JsonValue value && value.TryGetValue<long>(out var number) ? number : null;

    public static bool? Bool(JsonObject input, string name) => input[name] is JsonValue value && value.TryGetValue<bool>(out var flag) ? flag : null;

    public static List<string>? StrList(JsonObject input, string name) =>
        input[name] is JsonArray array ? array.Select(n => n?.GetValue<string>() ?? string.Empty).ToList() : null;

    /// <summary>A structure member: absent, or a JSON object.</summary>
    /// <exception cref="EcsApiException">SerializationException: the member is something else.</exception>
    public static JsonObject? Structure(JsonObject input, string name) => input[name] switch
    {
        null => null,
        JsonObject structure => structure,
        var other => throw Serialization($"{name}: expected an object, found {other.GetValueKind()}."),
    };

    /// <summary>A number member that must be an integer when present.</summary>
    /// <exception cref="EcsApiException">SerializationException: the member is something else.</exception>
    public static int? StrictInt(JsonObject input, string name) => input[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<int>(out var number) => number,
        var other => throw Serialization($"{name}: expected an integer, found {other.GetValueKind()}."),
    };

    /// <summary>A boolean member that must be a boolean when present.</summary>
    /// <exception cref="EcsApiException">SerializationException: the member is something else.</exception>
    public static bool? StrictBool(JsonObject input, string name) => input[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag,
        var other => throw Serialization($"{name}: expected a boolean, found {other.GetValueKind()}."),
    };

    /// <summary>A string member that must be a string when present.</summary>
    /// <exception cref="EcsApiException">SerializationException: the member is something else.</exception>
    public static string? StrictStr(JsonObject input, string name) => input[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        var other => throw Serialization($"{name}: expected a string, found {other.GetValueKind()}."),
    };

    /// <summary>The members of <paramref name="node"/> in <paramref name="order"/>, then any others as they were.</summary>
    public static JsonObject InOrder(JsonObject node, IReadOnlyList<string> order)
    {
        var members = node.ToList();
        node.Clear();
        var ordered = new JsonObject();
        foreach (var name in order)
        {
            if (members.FirstOrDefault(m => m.Key == name) is { Key: not null } member)
            {
                ordered[name] = member.Value;
            }
        }

        foreach (var member in members.Where(m => !order.Contains(m.Key)))
        {
            ordered[member.Key] = member.Value;
        }

        return ordered;
    }

    /// <summary>The error of a request body the service cannot read into the model's shapes.</summary>
    public static EcsApiException Serialization(string message) => new("SerializationException", message);
}
