using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ecs.BlueGreen.Testing.Simulation;

/// <summary>
/// The ECS AppSpec of a CodeDeploy revision, JSON or YAML
/// (https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-resources.html,
/// https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html).
/// </summary>
internal sealed record AppSpec(
    string TaskDefinition,
    string ContainerName,
    int ContainerPort,
    string? PlatformVersion,
    JsonObject? NetworkConfiguration,
    JsonArray? CapacityProviderStrategy,
    IReadOnlyDictionary<string, string> Hooks)
{
    /// <summary>The lifecycle events an AppSpec may hook (the others, Install, AllowTestTraffic and AllowTraffic, CodeDeploy runs itself).</summary>
    public static IReadOnlySet<string> HookEvents { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "BeforeInstall", "AfterInstall", "AfterAllowTestTraffic", "BeforeAllowTraffic", "AfterAllowTraffic",
    };

    /// <summary>Reads the content; every problem is an <c>InvalidRevisionException</c> that says what is wrong.</summary>
    public static AppSpec Parse(string content)
    {
        var root = ReadDocument(content) as JsonObject ?? throw Invalid("The AppSpec content is not a JSON or YAML object.");
        if (Member(root, "Resources") is not JsonArray { Count: > 0 } resources)
        {
            throw Invalid("The AppSpec content has no Resources.");
        }

        if (resources.Count != 1 || resources[0] is not JsonObject resource || resource.Count != 1 || resource.First().Value is not JsonObject target)
        {
            throw Invalid("The AppSpec content of an ECS deployment must declare exactly one resource, the target service.");
        }

        if (Text(target, "Type") != "AWS::ECS::Service")
        {
            throw Invalid("The AppSpec resource's Type must be AWS::ECS::Service.");
        }

        var properties = Member(target, "Properties") as JsonObject ?? throw Invalid("The AppSpec resource has no Properties.");
        var taskDefinition = Text(properties, "TaskDefinition") ?? throw Invalid("The AppSpec resource's Properties have no TaskDefinition.");
        var lb = Member(properties, "LoadBalancerInfo") as JsonObject ?? throw Invalid("The AppSpec resource's Properties have no LoadBalancerInfo.");
        var container = Text(lb, "ContainerName") ?? throw Invalid("The AppSpec LoadBalancerInfo has no ContainerName.");
        var portText = Text(lb, "ContainerPort") ?? throw Invalid("The AppSpec LoadBalancerInfo has no ContainerPort.");
        if (!int.TryParse(portText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw Invalid($"The AppSpec LoadBalancerInfo's ContainerPort {portText} is not a port number.");
        }

        JsonObject? network = null;
        if (Member(properties, "NetworkConfiguration") is JsonObject networkSpec)
        {
            // "All or none of the settings ... must be specified" (reference-appspec-file-structure-resources.html).
            var vpc = Member(networkSpec, "AwsvpcConfiguration") as JsonObject ?? throw Invalid("The AppSpec NetworkConfiguration has no AwsvpcConfiguration.");
            if (Member(vpc, "Subnets") is not JsonArray subnets || Member(vpc, "SecurityGroups") is not JsonArray groups || Text(vpc, "AssignPublicIp") is not ("ENABLED" or "DISABLED"))
            {
                throw Invalid("The AppSpec AwsvpcConfiguration must specify all of Subnets, SecurityGroups and AssignPublicIp (ENABLED or DISABLED).");
            }

            network = new JsonObject
            {
                ["awsvpcConfiguration"] = new JsonObject
                {
                    ["subnets"] = subnets.DeepClone(),
                    ["securityGroups"] = groups.DeepClone(),
                    ["assignPublicIp"] = Text(vpc, "AssignPublicIp"),
                },
            };
        }

        JsonArray? capacity = null;
        if (Member(properties, "CapacityProviderStrategy") is JsonArray strategy)
        {
            capacity = new JsonArray(strategy.OfType<JsonObject>().Select(item => (JsonNode)new JsonObject
            {
                ["capacityProvider"] = Text(item, "CapacityProvider"),
                ["weight"] = int.TryParse(Text(item, "Weight"), CultureInfo.InvariantCulture, out var w) ? w : 0,
                ["base"] = int.TryParse(Text(item, "Base"), CultureInfo.InvariantCulture, out var b) ? b : 0,
            }).ToArray());
        }

        var hooks = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (Member(root, "Hooks"))
        {
            case null:
                break;
            case JsonArray list:
                foreach (var item in list)
                {
                    if (item is not JsonObject { Count: 1 } hook || hook.First().Value is not JsonValue function)
                    {
                        throw Invalid("Each AppSpec hook must be one lifecycle event name with one function: {\"AfterAllowTestTraffic\": \"MyFunction\"}.");
                    }

                    var name = hook.First().Key;
                    if (!HookEvents.Contains(name))
                    {
                        throw Invalid($"The AppSpec hook {name} is not an ECS lifecycle event hook; use one of {string.Join(", ", HookEvents)}.");
                    }

                    hooks[name] = function.ToString();
                }

                break;
            default:
                throw Invalid("The AppSpec Hooks must be a list.");
        }

        return new AppSpec(taskDefinition, container, port, Text(properties, "PlatformVersion"), network, capacity, hooks);
    }

    /// <summary>JSON when it reads as JSON; YAML (a superset) otherwise.</summary>
    private static JsonNode? ReadDocument(string content)
    {
        try
        {
            return JsonNode.Parse(content);
        }
        catch (JsonException)
        {
        }

        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(content));
            return stream.Documents.Count == 0 ? null : ToJson(stream.Documents[0].RootNode);
        }
        catch (YamlException e)
        {
            throw Invalid($"The AppSpec content is neither JSON nor YAML: {e.Message}");
        }
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value ?? string.Empty, ToJson(p.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => scalar.Value is null ? null : JsonValue.Create(scalar.Value),
        _ => null,
    };

    /// <summary>A member by name; AppSpec names are case-sensitive, but tools write <c>version</c> and <c>Version</c> alike, so the case is ignored.</summary>
    private static JsonNode? Member(JsonObject node, string name) =>
        node.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    private static string? Text(JsonObject node, string name) => Member(node, name) is JsonValue value ? value.ToString() : null;

    private static EcsApiException Invalid(string message) => new("InvalidRevisionException", message);
}
