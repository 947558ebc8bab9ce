using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.Tool;

/// <summary>
/// Parses the values of the --run-task flags into the library's shapes. ecs-deploy pasted them into a string it
/// ran with <c>eval</c>; here every value is data: JSON or the AWS CLI shorthand, taken literally, never given
/// to a shell. Every problem is a <see cref="FormatException"/> with a one-line message.
/// </summary>
internal static partial class RunTaskValues
{
    private static readonly JsonDocumentOptions JsonOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>
    /// --network-configuration: JSON (<c>{"awsvpcConfiguration":{"subnets":["a"],...}}</c>) when it starts with
    /// <c>{</c>, else the shorthand <c>awsvpcConfiguration={subnets=[a,b],securityGroups=[sg],assignPublicIp=ENABLED}</c>.
    /// </summary>
    public static NetworkConfiguration ParseNetworkConfiguration(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            return NetworkConfigurationOf(text);
        }
        catch (FormatException exception) when (!exception.Message.StartsWith("--", StringComparison.Ordinal))
        {
            throw new FormatException($"--network-configuration: {exception.Message}", exception);
        }
    }

    private static NetworkConfiguration NetworkConfigurationOf(string text)
    {
        var root = text.TrimStart().StartsWith('{') ? ParseJson(text, "--network-configuration") : Shorthand.Parse(text, "--network-configuration");
        var top = Object(root, "--network-configuration");
        Only(top, "--network-configuration", "awsvpcConfiguration");
        var vpc = Object(top["awsvpcConfiguration"] ?? throw Error("--network-configuration needs awsvpcConfiguration"), "awsvpcConfiguration");
        Only(vpc, "awsvpcConfiguration", "subnets", "securityGroups", "assignPublicIp");
        var subnets = Strings(vpc["subnets"] ?? throw Error("awsvpcConfiguration needs subnets"), "subnets");
        if (subnets.Count == 0)
        {
            throw Error("awsvpcConfiguration.subnets needs at least one subnet");
        }

        var groups = vpc["securityGroups"] is { } g ? Strings(g, "securityGroups") : null;
        AssignPublicIp? publicIp = null;
        if (vpc["assignPublicIp"] is { } ip)
        {
            var value = Scalar(ip, "assignPublicIp");
            publicIp = value switch
            {
                "ENABLED" => AssignPublicIp.Enabled,
                "DISABLED" => AssignPublicIp.Disabled,
                _ => throw Error($"awsvpcConfiguration.assignPublicIp must be ENABLED or DISABLED (got '{value}')"),
            };
        }

        return new NetworkConfiguration { AwsvpcConfiguration = new AwsVpcConfiguration { Subnets = subnets, SecurityGroups = groups, AssignPublicIp = publicIp } };
    }

    /// <summary>
    /// One --capacity-provider-strategy: a JSON list (<c>[{"capacityProvider":"FARGATE_SPOT","weight":1}]</c>)
    /// when it starts with <c>[</c>, else one item in shorthand (<c>capacityProvider=FARGATE_SPOT,weight=1,base=0</c>).
    /// </summary>
    public static IReadOnlyList<CapacityProviderStrategyItem> ParseCapacityProviderStrategy(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        const string Flag = "--capacity-provider-strategy";
        if (text.TrimStart().StartsWith('['))
        {
            return ParseJson(text, Flag) is JsonArray items && items.Count > 0
                ? items.Select(i => Item(Object(i, Flag))).ToList()
                : throw Error($"{Flag} as JSON must be a non-empty list of {{\"capacityProvider\":...}} objects");
        }

        return [Item(Object(Shorthand.Parse(text, Flag), Flag))];

        static CapacityProviderStrategyItem Item(JsonObject item)
        {
            Only(item, "capacity provider strategy item", "capacityProvider", "weight", "base");
            var name = Scalar(item["capacityProvider"] ?? throw Error($"{Flag} needs capacityProvider=NAME"), "capacityProvider");
            return new CapacityProviderStrategyItem
            {
                CapacityProvider = name,
                Weight = item["weight"] is { } w ? Number(w, "weight", 0, 1000) : null,
                Base = item["base"] is { } b ? Number(b, "base", 0, 100_000) : null,
            };
        }
    }

    /// <summary>
    /// --command and --test-command (<paramref name="flag"/>, named in the messages): a JSON list of strings (<c>["npm","run","migrate"]</c>) when it starts with <c>[</c>, else the
    /// text split on whitespace (no quoting: use the JSON form for an argument with spaces).
    /// </summary>
    public static IReadOnlyList<string> ParseCommand(string text, string flag = "--command")
    {
        ArgumentNullException.ThrowIfNull(text);
        IReadOnlyList<string> command = text.TrimStart().StartsWith('[')
            ? Strings(ParseJson(text, flag), flag)
            : text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return command.Count > 0 ? command : throw Error($"{flag} needs at least one argument");
    }

    /// <summary>--started-by: what ECS accepts, up to 128 letters, digits, '-', '_' and '/'.</summary>
    public static string ParseStartedBy(string text) =>
        StartedByPattern().IsMatch(text) ? text : throw Error($"--started-by must be up to 128 letters, digits, '-', '_' or '/' (got '{text}')");

    private static JsonNode ParseJson(string text, string flag)
    {
        try
        {
            return JsonNode.Parse(text, documentOptions: JsonOptions) ?? throw Error($"{flag} is JSON null");
        }
        catch (JsonException exception)
        {
            throw Error($"{flag} is not valid JSON: {exception.Message}");
        }
    }

    private static JsonObject Object(JsonNode? node, string what) =>
        node as JsonObject ?? throw Error($"{what} must be an object ({{...}})");

    private static void Only(JsonObject node, string what, params string[] keys)
    {
        if (node.Select(p => p.Key).FirstOrDefault(k => !keys.Contains(k, StringComparer.Ordinal)) is { } unknown)
        {
            throw Error($"{what} has an unknown key '{unknown}' (known: {string.Join(", ", keys)})");
        }
    }

    private static List<string> Strings(JsonNode node, string what) =>
        node is JsonArray array ? array.Select(item => Scalar(item, what)).ToList() : throw Error($"{what} must be a list ([a,b])");

    private static string Scalar(JsonNode? node, string what) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : throw Error($"{what} must hold non-empty strings");

    private static int Number(JsonNode node, string what, int minimum, int maximum)
    {
        var n = -1;
        var ok = node is JsonValue value && (value.TryGetValue(out n) || (value.TryGetValue<string>(out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out n)));
        return ok && n >= minimum && n <= maximum ? n : throw Error($"{what} must be a whole number from {minimum} to {maximum} (got {node.ToJsonString()})");
    }

    private static FormatException Error(string message) => new(message + ".");

    [GeneratedRegex(@"\A[A-Za-z0-9_/-]{1,128}\z")]
    private static partial Regex StartedByPattern();

    /// <summary>
    /// The AWS CLI shorthand, the part of it these flags need: <c>key=value</c> pairs separated by commas, where a
    /// value is <c>{pairs}</c>, <c>[values]</c>, a quoted string or plain text. Every scalar is a string.
    /// </summary>
    private sealed class Shorthand
    {
        private readonly string _text;
        private readonly string _flag;
        private int _at;

        private Shorthand(string text, string flag)
        {
            _text = text;
            _flag = flag;
        }

        public static JsonObject Parse(string text, string flag)
        {
            var parser = new Shorthand(text, flag);
            var result = parser.Pairs(end: null);
            parser.SkipSpace();
            return parser._at == text.Length ? result : throw parser.Fail("unexpected text");
        }

        private JsonObject Pairs(char? end)
        {
            var result = new JsonObject();
            while (true)
            {
                SkipSpace();
                var start = _at;
                while (_at < _text.Length && (char.IsAsciiLetterOrDigit(_text[_at]) || _text[_at] == '_'))
                {
                    _at++;
                }

                var key = _text[start.._at];
                if (key.Length == 0)
                {
                    throw Fail("expected a key");
                }

                SkipSpace();
                Expect('=');
                if (result.ContainsKey(key))
                {
                    throw Fail($"'{key}' is given twice");
                }

                result[key] = Value();
                SkipSpace();
                if (_at < _text.Length && _text[_at] == ',')
                {
                    _at++;
                    continue;
                }

                if (end is null || (_at < _text.Length && _text[_at] == end))
                {
                    return result;
                }

                throw Fail(end is null ? "expected ','" : $"expected ',' or '{end}'");
            }
        }

        private JsonNode Value()
        {
            SkipSpace();
            if (_at < _text.Length && _text[_at] == '{')
            {
                _at++;
                var pairs = Pairs('}');
                Expect('}');
                return pairs;
            }

            if (_at < _text.Length && _text[_at] == '[')
            {
                _at++;
                var list = new JsonArray();
                SkipSpace();
                if (_at < _text.Length && _text[_at] == ']')
                {
                    _at++;
                    return list;
                }

                while (true)
                {
                    list.Add(Value());
                    SkipSpace();
                    if (_at < _text.Length && _text[_at] == ',')
                    {
                        _at++;
                        continue;
                    }

                    Expect(']');
                    return list;
                }
            }

            return JsonValue.Create(Text());
        }

        private string Text()
        {
            if (_at < _text.Length && _text[_at] is '"' or '\'')
            {
                var quote = _text[_at++];
                var close = _text.IndexOf(quote, _at);
                if (close < 0)
                {
                    throw Fail($"unterminated {quote}");
                }

                var quoted = _text[_at..close];
                _at = close + 1;
                return quoted;
            }

            var text = new StringBuilder();
            while (_at < _text.Length && _text[_at] is not (',' or '}' or ']' or '{' or '[' or '='))
            {
                text.Append(_text[_at++]);
            }

            var value = text.ToString().Trim();
            return value.Length > 0 ? value : throw Fail("expected a value");
        }

        private void Expect(char c)
        {
            if (_at >= _text.Length || _text[_at] != c)
            {
                throw Fail($"expected '{c}'");
            }

            _at++;
        }

        private void SkipSpace()
        {
            while (_at < _text.Length && char.IsWhiteSpace(_text[_at]))
            {
                _at++;
            }
        }

        private FormatException Fail(string what) =>
            Error($"{_flag} is neither JSON nor valid shorthand: {what} at character {(_at + 1).ToString(CultureInfo.InvariantCulture)} of '{_text}'");
    }
}
