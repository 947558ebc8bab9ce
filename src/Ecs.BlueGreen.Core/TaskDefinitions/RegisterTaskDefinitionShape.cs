using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ecs.BlueGreen.TaskDefinitions;

/// <summary>The JSON type a member must have on the wire: a string, a whole number, a boolean, a list, a map or a structure.</summary>
internal abstract record WireShape
{
    public static readonly WireShape String = new ScalarShape(ScalarKind.String);

    public static readonly WireShape Integer = new ScalarShape(ScalarKind.Integer);

    public static readonly WireShape Boolean = new ScalarShape(ScalarKind.Boolean);

    public static WireShape List(WireShape member) => new ListShape(member);

    public static WireShape Map(WireShape value) => new MapShape(value);

    public static WireShape Structure(params (string Name, WireShape Shape)[] members) =>
        new StructureShape(members.ToDictionary(m => m.Name, m => m.Shape, StringComparer.Ordinal));
}

/// <summary>A botocore <c>string</c> (enumerations included), <c>integer</c> (32 bits) or <c>boolean</c>.</summary>
internal enum ScalarKind
{
    String,
    Integer,
    Boolean,
}

internal sealed record ScalarShape(ScalarKind Kind) : WireShape;

internal sealed record ListShape(WireShape Member) : WireShape;

/// <summary>A botocore <c>map</c>: a JSON object with string keys, so only its values have a shape.</summary>
internal sealed record MapShape(WireShape Value) : WireShape;

internal sealed record StructureShape(IReadOnlyDictionary<string, WireShape> Members) : WireShape;

/// <summary>
/// The JSON types of RegisterTaskDefinition's input, <c>ecs#RegisterTaskDefinitionRequest</c> in the botocore ECS
/// model (https://github.com/boto/botocore/blob/develop/botocore/data/ecs/2014-11-13/service-2.json), and a check of a
/// document against them. Only types are recorded: enumerations are strings here, because ECS adds values (a launch
/// type, an OS family) that an older copy of the list would refuse, and ECS checks the values itself; lengths and
/// patterns are ECS's to check too. A member the table does not have is not checked and is sent as it is.
/// </summary>
internal static class RegisterTaskDefinitionShape
{
    private static readonly WireShape S = WireShape.String;
    private static readonly WireShape I = WireShape.Integer;
    private static readonly WireShape B = WireShape.Boolean;
    private static readonly WireShape Strings = WireShape.List(S);
    private static readonly WireShape StringMap = WireShape.Map(S);

    // ecs#KeyValuePair (environment variables, proxy properties) and ecs#Secret.
    private static readonly WireShape KeyValuePairs = WireShape.List(WireShape.Structure(("name", S), ("value", S)));
    private static readonly WireShape Secrets = WireShape.List(WireShape.Structure(("name", S), ("valueFrom", S)));

    /// <summary>ecs#ContainerDefinition.</summary>
    private static readonly WireShape ContainerDefinition = WireShape.Structure(
        ("name", S),
        ("image", S),
        ("repositoryCredentials", WireShape.Structure(("credentialsParameter", S))),
        ("cpu", I),
        ("memory", I),
        ("memoryReservation", I),
        ("links", Strings),
        ("portMappings", WireShape.List(WireShape.Structure(
            ("containerPort", I), ("hostPort", I), ("protocol", S), ("name", S), ("appProtocol", S), ("containerPortRange", S)))),
        ("essential", B),
        ("restartPolicy", WireShape.Structure(("enabled", B), ("ignoredExitCodes", WireShape.List(I)), ("restartAttemptPeriod", I))),
        ("entryPoint", Strings),
        ("command", Strings),
        ("environment", KeyValuePairs),
        ("environmentFiles", WireShape.List(WireShape.Structure(("value", S), ("type", S)))),
        ("mountPoints", WireShape.List(WireShape.Structure(("sourceVolume", S), ("containerPath", S), ("readOnly", B)))),
        ("volumesFrom", WireShape.List(WireShape.Structure(("sourceContainer", S), ("readOnly", B)))),
        ("linuxParameters", WireShape.Structure(
            ("capabilities", WireShape.Structure(("add", Strings), ("drop", Strings))),
            ("devices", WireShape.List(WireShape.Structure(("hostPath", S), ("containerPath", S), ("permissions", Strings)))),
            ("initProcessEnabled", B),
            ("sharedMemorySize", I),
            ("tmpfs", WireShape.List(WireShape.Structure(("containerPath", S), ("size", I), ("mountOptions", Strings)))),
            ("maxSwap", I),
            ("swappiness", I))),
        ("secrets", Secrets),
        ("dependsOn", WireShape.List(WireShape.Structure(("containerName", S), ("condition", S)))),
        ("startTimeout", I),
        ("stopTimeout", I),
        ("versionConsistency", S),
        ("hostname", S),
        ("user", S),
        ("workingDirectory", S),
        ("disableNetworking", B),
        ("privileged", B),
        ("readonlyRootFilesystem", B),
        ("dnsServers", Strings),
        ("dnsSearchDomains", Strings),
        ("extraHosts", WireShape.List(WireShape.Structure(("hostname", S), ("ipAddress", S)))),
        ("dockerSecurityOptions", Strings),
        ("interactive", B),
        ("pseudoTerminal", B),
        ("dockerLabels", StringMap),
        ("ulimits", WireShape.List(WireShape.Structure(("name", S), ("softLimit", I), ("hardLimit", I)))),
        ("logConfiguration", WireShape.Structure(("logDriver", S), ("options", StringMap), ("secretOptions", Secrets))),
        ("healthCheck", WireShape.Structure(("command", Strings), ("interval", I), ("timeout", I), ("retries", I), ("startPeriod", I))),
        ("systemControls", WireShape.List(WireShape.Structure(("namespace", S), ("value", S)))),
        ("resourceRequirements", WireShape.List(WireShape.Structure(("value", S), ("type", S)))),
        ("firelensConfiguration", WireShape.Structure(("type", S), ("options", StringMap))),
        ("credentialSpecs", Strings));

    /// <summary>ecs#Volume.</summary>
    private static readonly WireShape Volume = WireShape.Structure(
        ("name", S),
        ("host", WireShape.Structure(("sourcePath", S))),
        ("dockerVolumeConfiguration", WireShape.Structure(("scope", S), ("autoprovision", B), ("driver", S), ("driverOpts", StringMap), ("labels", StringMap))),
        ("efsVolumeConfiguration", WireShape.Structure(
            ("fileSystemId", S), ("rootDirectory", S), ("transitEncryption", S), ("transitEncryptionPort", I),
            ("authorizationConfig", WireShape.Structure(("accessPointId", S), ("iam", S))))),
        ("s3filesVolumeConfiguration", WireShape.Structure(("fileSystemArn", S), ("rootDirectory", S), ("transitEncryptionPort", I), ("accessPointArn", S))),
        ("fsxWindowsFileServerVolumeConfiguration", WireShape.Structure(
            ("fileSystemId", S), ("rootDirectory", S), ("authorizationConfig", WireShape.Structure(("credentialsParameter", S), ("domain", S))))),
        ("configuredAtLaunch", B));

    /// <summary>ecs#Tags (a list of ecs#Tag).</summary>
    public static WireShape Tags { get; } = WireShape.List(WireShape.Structure(("key", S), ("value", S)));

    /// <summary>ecs#RegisterTaskDefinitionRequest.</summary>
    public static StructureShape Request { get; } = (StructureShape)WireShape.Structure(
        ("family", S),
        ("taskRoleArn", S),
        ("executionRoleArn", S),
        ("networkMode", S),
        ("containerDefinitions", WireShape.List(ContainerDefinition)),
        ("volumes", WireShape.List(Volume)),
        ("placementConstraints", WireShape.List(WireShape.Structure(("type", S), ("expression", S)))),
        ("requiresCompatibilities", Strings),
        ("cpu", S),
        ("memory", S),
        ("tags", Tags),
        ("pidMode", S),
        ("ipcMode", S),
        ("proxyConfiguration", WireShape.Structure(("type", S), ("containerName", S), ("properties", KeyValuePairs))),
        ("inferenceAccelerators", WireShape.List(WireShape.Structure(("deviceName", S), ("deviceType", S)))),
        ("ephemeralStorage", WireShape.Structure(("sizeInGiB", I))),
        ("runtimePlatform", WireShape.Structure(("cpuArchitecture", S), ("operatingSystemFamily", S))),
        ("enableFaultInjection", B));

    private const int LongestValueShown = 40;

    private static readonly JsonSerializerOptions ShownValue = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Adds one line per member whose JSON type is not its shape's: <c>$.cpu: expected a string, found a number (256)</c>.
    /// A null member is an absent one, as AWS reads it; a null list item or map value is a wrong type.
    /// </summary>
    public static void Check(JsonNode? node, WireShape shape, string path, ICollection<string> problems)
    {
        var kind = node?.GetValueKind() ?? JsonValueKind.Null;
        switch (shape)
        {
            case StructureShape structure when kind == JsonValueKind.Object:
                foreach (var (name, value) in node!.AsObject())
                {
                    if (value is not null && structure.Members.TryGetValue(name, out var member))
                    {
                        Check(value, member, Member(path, name), problems);
                    }
                }

                break;
            case ListShape list when kind == JsonValueKind.Array:
                var index = 0;
                foreach (var item in node!.AsArray())
                {
                    Check(item, list.Member, string.Create(CultureInfo.InvariantCulture, $"{path}[{index++}]"), problems);
                }

                break;
            case MapShape map when kind == JsonValueKind.Object:
                foreach (var (key, value) in node!.AsObject())
                {
                    Check(value, map.Value, Member(path, key), problems);
                }

                break;
            case ScalarShape { Kind: ScalarKind.String } when kind == JsonValueKind.String:
            case ScalarShape { Kind: ScalarKind.Boolean } when kind is JsonValueKind.True or JsonValueKind.False:
                break;
            case ScalarShape { Kind: ScalarKind.Integer } when kind == JsonValueKind.Number:
                var number = node!.GetValue<JsonElement>();
                if (!number.TryGetDecimal(out var whole) || whole != decimal.Truncate(whole))
                {
                    problems.Add($"{path}: expected a whole number, found {Describe(node)}");
                }
                else if (whole is < int.MinValue or > int.MaxValue)
                {
                    problems.Add($"{path}: expected a whole number from {int.MinValue} to {int.MaxValue}, found {Describe(node)}");
                }

                break;
            default:
                problems.Add($"{path}: expected {Expected(shape)}, found {Describe(node)}");
                break;
        }
    }

    private static string Expected(WireShape shape) => shape switch
    {
        StructureShape => "an object",
        ListShape => "a list",
        MapShape => "an object (a map)",
        ScalarShape { Kind: ScalarKind.Integer } => "a number",
        ScalarShape { Kind: ScalarKind.Boolean } => "a boolean",
        _ => "a string",
    };

    /// <summary>What was found, with a scalar's value as JSON (escapes keep it on one line), shortened when long.</summary>
    private static string Describe(JsonNode? node)
    {
        var kind = node?.GetValueKind() ?? JsonValueKind.Null;
        var noun = kind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "a list",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "null",
        };
        if (kind is JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null)
        {
            return noun;
        }

        var value = node!.ToJsonString(ShownValue);
        return $"{noun} ({(value.Length <= LongestValueShown ? value : value[..LongestValueShown] + "…")})";
    }

    /// <summary><c>$.a.b</c> for a name that is an identifier, <c>$.a["b c"]</c> for any other.</summary>
    private static string Member(string path, string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
            ? $"{path}.{name}"
            : $"{path}[{JsonValue.Create(name).ToJsonString(ShownValue)}]";
}
