using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ecs.BlueGreen.Ecs.Model;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Ecs.BlueGreen.Deployments;

/// <summary>
/// The AppSpec of an ECS deployment through CodeDeploy
/// (https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-resources.html): a
/// <c>version</c>, one <c>Resources</c> item <c>TargetService</c> of type <c>AWS::ECS::Service</c> whose
/// <c>Properties</c> name the task definition (full ARN), the load balancer's container name and port and optionally
/// the platform version, the awsvpc network configuration and the capacity provider strategy; and optional
/// <c>Hooks</c>. Either generated from the service or read from the user's JSON or YAML, it is sent as JSON
/// (<c>codedeploy#AppSpecContent.content</c>) with its hex SHA-256 (<c>codedeploy#AppSpecContent.sha256</c>).
/// </summary>
internal sealed class AppSpec
{
    /// <summary>The placeholder a user's AppSpec may hold where the new revision's ARN goes.</summary>
    public const string TaskDefinitionPlaceholder = "<TASK_DEFINITION>";

    private readonly JsonObject _root;

    private AppSpec(JsonObject root, string source)
    {
        _root = root;
        Source = source;
    }

    /// <summary>Where it came from, for messages: "the AppSpec generated from the service" or the file's name.</summary>
    public string Source { get; }

    /// <summary>The container that receives the load balancer's traffic (<c>LoadBalancerInfo.ContainerName</c>).</summary>
    public string? TrafficContainer => TargetProperties?["LoadBalancerInfo"]?["ContainerName"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>The lifecycle hooks it names (<c>Hooks</c>), in order, as event names.</summary>
    public IReadOnlyList<string> HookNames => (_root["Hooks"] as JsonArray ?? []).OfType<JsonObject>().SelectMany(h => h.Select(p => p.Key)).ToList();

    private JsonObject? TargetProperties => (_root["Resources"] as JsonArray)?.OfType<JsonObject>().Select(r => r["TargetService"]?["Properties"]).OfType<JsonObject>().FirstOrDefault();

    /// <summary>
    /// The AppSpec of the service as it runs: its load balancer's container name and port, its platform version, its
    /// awsvpc network configuration (all of subnets, security groups and public IP, or none) and its capacity provider
    /// strategy; <see langword="null"/> after adding to <paramref name="problems"/> why it cannot be made.
    /// </summary>
    public static AppSpec? FromService(Service service, List<string> problems)
    {
        const string source = "the AppSpec generated from the service";
        var balancer = service.LoadBalancers?.FirstOrDefault(l => l.ContainerName is not null && l.ContainerPort is not null);
        if (balancer is null)
        {
            problems.Add($"The service '{service.ServiceName}' has no load balancer with a container name and port (ecs#Service.loadBalancers), which {source} needs: give an AppSpec (WithAppSpec).");
            return null;
        }

        var properties = new JsonObject
        {
            ["TaskDefinition"] = TaskDefinitionPlaceholder,
            ["LoadBalancerInfo"] = new JsonObject { ["ContainerName"] = balancer.ContainerName, ["ContainerPort"] = balancer.ContainerPort },
        };
        if (service.PlatformVersion is { Length: > 0 } platform)
        {
            properties["PlatformVersion"] = platform;
        }

        if (service.NetworkConfiguration?.AwsvpcConfiguration is { } vpc)
        {
            // "All or none of the settings … must be specified": ECS's defaults fill what the service leaves out.
            properties["NetworkConfiguration"] = new JsonObject
            {
                ["AwsvpcConfiguration"] = new JsonObject
                {
                    ["Subnets"] = new JsonArray(vpc.Subnets.Select(s => (JsonNode)JsonValue.Create(s)).ToArray()),
                    ["SecurityGroups"] = new JsonArray((vpc.SecurityGroups ?? []).Select(s => (JsonNode)JsonValue.Create(s)).ToArray()),
                    ["AssignPublicIp"] = (vpc.AssignPublicIp ?? AssignPublicIp.Disabled).Value,
                },
            };
        }

        if (service.CapacityProviderStrategy is { Count: > 0 } strategy)
        {
            properties["CapacityProviderStrategy"] = new JsonArray(strategy.Select(item => (JsonNode)new JsonObject
            {
                ["Base"] = item.Base ?? 0,
                ["CapacityProvider"] = item.CapacityProvider,
                ["Weight"] = item.Weight ?? 0,
            }).ToArray());
        }

        var root = new JsonObject
        {
            ["version"] = JsonNode.Parse("0.0"),
            ["Resources"] = new JsonArray(new JsonObject { ["TargetService"] = new JsonObject { ["Type"] = "AWS::ECS::Service", ["Properties"] = properties } }),
        };
        return new AppSpec(root, source);
    }

    /// <summary>
    /// The user's AppSpec, JSON or YAML, checked for the members CodeDeploy requires; <see langword="null"/> after adding
    /// to <paramref name="problems"/> what is wrong, naming <paramref name="source"/> (the file).
    /// </summary>
    public static AppSpec? Parse(string content, string source, List<string> problems)
    {
        JsonNode? node;
        try
        {
            node = content.TrimStart().StartsWith('{') ? JsonNode.Parse(content) : FromYaml(content);
        }
        catch (Exception exception) when (exception is JsonException or YamlException)
        {
            problems.Add($"The AppSpec {source} is neither JSON nor YAML: {exception.Message}");
            return null;
        }

        if (node is not JsonObject root)
        {
            problems.Add($"The AppSpec {source} is not a mapping of members (version, Resources, Hooks).");
            return null;
        }

        var before = problems.Count;
        var resources = root["Resources"] as JsonArray;
        var target = resources?.OfType<JsonObject>().Select(r => r["TargetService"]).OfType<JsonObject>().FirstOrDefault();
        var properties = target?["Properties"] as JsonObject;
        if (properties is null)
        {
            problems.Add($"The AppSpec {source} has no Resources item TargetService with Properties (https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-resources.html).");
            return null;
        }

        if (target!["Type"] is JsonValue type && type.TryGetValue<string>(out var typeName) && typeName != "AWS::ECS::Service")
        {
            problems.Add($"The AppSpec {source} has TargetService Type '{typeName}', not AWS::ECS::Service.");
        }

        if (properties["TaskDefinition"] is not JsonValue definition || !definition.TryGetValue<string>(out _))
        {
            problems.Add($"The AppSpec {source} has no TaskDefinition in Resources[].TargetService.Properties (write {TaskDefinitionPlaceholder} where the new revision's ARN goes).");
        }

        var balancer = properties["LoadBalancerInfo"] as JsonObject;
        if (balancer?["ContainerName"] is not JsonValue name || !name.TryGetValue<string>(out _))
        {
            problems.Add($"The AppSpec {source} has no LoadBalancerInfo.ContainerName in Resources[].TargetService.Properties.");
        }

        if (balancer?["ContainerPort"] is not JsonValue port || port.GetValueKind() != JsonValueKind.Number)
        {
            problems.Add($"The AppSpec {source} has no LoadBalancerInfo.ContainerPort number in Resources[].TargetService.Properties.");
        }

        return problems.Count == before ? new AppSpec(root, source) : null;
    }

    /// <summary>
    /// The JSON to send for <paramref name="taskDefinitionArn"/>: every <c>TaskDefinition</c> of a target service set to
    /// it and every <see cref="TaskDefinitionPlaceholder"/> replaced by it; everything else (hooks included) as it was.
    /// </summary>
    public string ContentFor(string taskDefinitionArn)
    {
        var copy = _root.DeepClone();
        Replace(copy, taskDefinitionArn);
        foreach (var service in (copy["Resources"] as JsonArray ?? []).OfType<JsonObject>().Select(r => r["TargetService"]?["Properties"]).OfType<JsonObject>())
        {
            if (service.ContainsKey("TaskDefinition"))
            {
                service["TaskDefinition"] = taskDefinitionArn;
            }
        }

        return copy.ToJsonString();
    }

    /// <summary>The hex SHA-256 of <paramref name="content"/>'s UTF-8 bytes (<c>codedeploy#AppSpecContent.sha256</c>).</summary>
    public static string Sha256(string content) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(content))).ToLowerInvariant();

    private static void Replace(JsonNode node, string arn)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj.ToList())
                {
                    if (child is JsonValue value && value.TryGetValue<string>(out var text) && text.Contains(TaskDefinitionPlaceholder, StringComparison.Ordinal))
                    {
                        obj[key] = text.Replace(TaskDefinitionPlaceholder, arn, StringComparison.Ordinal);
                    }
                    else if (child is not null)
                    {
                        Replace(child, arn);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue value && value.TryGetValue<string>(out var text) && text.Contains(TaskDefinitionPlaceholder, StringComparison.Ordinal))
                    {
                        array[i] = text.Replace(TaskDefinitionPlaceholder, arn, StringComparison.Ordinal);
                    }
                    else if (array[i] is { } child)
                    {
                        Replace(child, arn);
                    }
                }

                break;
        }
    }

    /// <summary>YAML's first document as JSON nodes, through YamlDotNet's representation model (no reflection).</summary>
    private static JsonNode? FromYaml(string content)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(content))
        {
            stream.Load(reader);
        }

        return stream.Documents.Count == 0 ? null : ToJson(stream.Documents[0].RootNode);
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => ToObject(mapping),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new YamlException(node.Start, node.End, $"Unsupported YAML node {node.NodeType} (aliases are not resolved)."),
    };

    private static JsonObject ToObject(YamlMappingNode mapping)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? throw new YamlException(key.Start, key.End, "A mapping key is not a plain value.");
            obj[name] = ToJson(value);
        }

        return obj;
    }

    /// <summary>A plain scalar is typed as YAML 1.2's core schema does (null, booleans, numbers); a quoted one is a string.</summary>
    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            // Kept as written ("0.0" stays 0.0) when it is a JSON number; YAML-only spellings (+1, .5, 1.) as their value.
            try
            {
                return JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                return JsonValue.Create(number);
            }
        }

        return JsonValue.Create(text);
    }
}
