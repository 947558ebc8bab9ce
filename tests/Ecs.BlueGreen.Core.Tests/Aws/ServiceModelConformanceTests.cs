using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Json;
using Ecs.BlueGreen.Aws.Transport;
using Ecs.BlueGreen.CodeDeploy;
using Ecs.BlueGreen.Ecr;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Logs;
using Ecs.BlueGreen.Tests.Support;

namespace Ecs.BlueGreen.Tests.Aws;

/// <summary>
/// Every request and response type of our clients (ECS, CloudWatch Logs, ECR and CodeDeploy) against the botocore models
/// (../shared/aws-models/&lt;service&gt;/service-2.json): each client interface is covered by its operation table,
/// each member we serialise exists in the model with a compatible type, and every required member of a
/// request is declared required and is sent.
/// </summary>
public class ServiceModelConformanceTests
{
    /// <summary>A client checked against its model.</summary>
    public sealed record ClientModel(string Service, Type ClientInterface, IReadOnlyList<AwsOperation> Operations)
    {
        internal ServiceModel Model => ServiceModel.Load("aws-models", Service, "service-2.json");

        public override string ToString() => Service;
    }

    private static readonly ClientModel[] Clients =
    [
        new("ecs", typeof(IEcsClient), EcsOperation.All),
        new("logs", typeof(ICloudWatchLogsClient), CloudWatchLogsOperation.All),
        new("ecr", typeof(IEcrClient), EcrOperation.All),
        new("codedeploy", typeof(ICodeDeployClient), CodeDeployOperation.All),
    ];

    private static ServiceModel Model => Clients[0].Model;

    public static IEnumerable<TestCaseData> ClientModels() =>
        Clients.Select(client => new TestCaseData(client).SetArgDisplayNames(client.Service));

    public static IEnumerable<TestCaseData> Operations() =>
        Clients.SelectMany(client => client.Operations.Select(operation => new TestCaseData(client, operation).SetArgDisplayNames(client.Service, operation.Name)));

    [TestCaseSource(nameof(ClientModels))]
    public void The_operation_table_covers_every_method_of_the_client_interface(ClientModel client)
    {
        var methods = client.ClientInterface.GetMethods();
        methods.Select(method => method.Name.Replace("Async", string.Empty, StringComparison.Ordinal))
            .Should().BeEquivalentTo(client.Operations.Select(operation => operation.Name));
        foreach (var method in methods)
        {
            var operation = client.Operations.Single(op => op.Name + "Async" == method.Name);
            method.GetParameters()[0].ParameterType.Should().Be(operation.RequestType, method.Name);
            method.ReturnType.Should().Be(typeof(Task<>).MakeGenericType(operation.ResponseType), method.Name);
        }
    }

    [TestCaseSource(nameof(Operations))]
    public void Request_members_exist_in_the_model_with_compatible_types(ClientModel client, AwsOperation operation)
    {
        var model = client.Model;
        model.HasOperation(operation.Name).Should().BeTrue();
        var problems = new List<string>();
        CheckStructure(model, operation.RequestType, model.InputShape(operation.Name), isInput: true, problems, []);
        problems.Should().BeEmpty();
    }

    [TestCaseSource(nameof(Operations))]
    public void Response_members_exist_in_the_model_with_compatible_types(ClientModel client, AwsOperation operation)
    {
        var model = client.Model;
        if (!model.HasOutput(operation.Name))
        {
            // No output in the model: the response type reads the empty answer and declares nothing.
            SerialisedProperties(operation.ResponseType).Should().BeEmpty();
            return;
        }

        var problems = new List<string>();
        CheckStructure(model, operation.ResponseType, model.OutputShape(operation.Name), isInput: false, problems, []);
        problems.Should().BeEmpty();
    }

    [TestCaseSource(nameof(Operations))]
    public void Every_required_request_member_is_sent(ClientModel client, AwsOperation operation)
    {
        var model = client.Model;
        var inputShape = model.InputShape(operation.Name);

        // A request in which every member of the model has a value: read into our type, written back.
        var sample = model.Sample(inputShape);
        var request = sample.Deserialize(operation.RequestType, AwsJson.Options)!;
        var sent = JsonSerializer.SerializeToNode(request, operation.RequestType, AwsJson.Options)!.AsObject();

        var problems = new List<string>();
        CheckRequiredSent(model, inputShape, sent, operation.Name, problems);
        problems.Should().BeEmpty();
    }

    [Test]
    public void A_member_missing_from_the_model_is_reported()
    {
        // Guards the checker itself: a type with a member the model does not have must fail.
        var problems = new List<string>();
        CheckStructure(Model, typeof(NotInTheModel), "Failure", isInput: false, problems, []);
        problems.Should().ContainSingle().Which.Should().Contain("notAMember");
    }

    [Test]
    public void A_type_mismatch_is_reported()
    {
        var problems = new List<string>();
        CheckStructure(Model, typeof(WrongType), "Failure", isInput: false, problems, []);
        problems.Should().ContainSingle().Which.Should().Contain("WrongType.Reason").And.Contain("String");
    }

    private static void CheckStructure(ServiceModel model, Type type, string shapeName, bool isInput, List<string> problems, HashSet<(Type, string)> visited)
    {
        if (!visited.Add((type, shapeName)))
        {
            return;
        }

        var shape = model.Shape(shapeName);
        if (ServiceModel.TypeOf(shape) != "structure")
        {
            problems.Add($"{type.Name}: model shape {shapeName} is a {ServiceModel.TypeOf(shape)}, not a structure");
            return;
        }

        var members = ServiceModel.Members(shape).ToDictionary(member => member.Name, member => member.Shape, StringComparer.Ordinal);
        var properties = SerialisedProperties(type).ToList();
        foreach (var (jsonName, property) in properties)
        {
            if (!members.TryGetValue(jsonName, out var memberShape))
            {
                problems.Add($"{type.Name}.{property.Name}: '{jsonName}' is not a member of {shapeName}");
                continue;
            }

            CheckType(model, property.PropertyType, memberShape, $"{type.Name}.{property.Name}", isInput, problems, visited);
        }

        if (isInput)
        {
            foreach (var required in ServiceModel.Required(shape))
            {
                var property = properties.FirstOrDefault(p => p.JsonName == required).Property;
                if (property is null)
                {
                    problems.Add($"{type.Name}: required member '{required}' of {shapeName} has no property");
                }
                else if (property.GetCustomAttribute<RequiredMemberAttribute>() is null)
                {
                    problems.Add($"{type.Name}.{property.Name}: required by the model but not declared 'required'");
                }
            }
        }
    }

    private static void CheckType(ServiceModel model, Type type, string shapeName, string where, bool isInput, List<string> problems, HashSet<(Type, string)> visited)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var shape = model.Shape(shapeName);
        var kind = ServiceModel.TypeOf(shape);
        var compatible = kind switch
        {
            "string" => type == typeof(string) || IsOpenEnumeration(type),
            "integer" => type == typeof(int),
            "long" => type == typeof(long),
            "boolean" => type == typeof(bool),
            "double" or "float" => type == typeof(double),
            "timestamp" => type == typeof(DateTimeOffset),
            "list" => ElementType(type) is { } element && Recurse(element, (string)shape["member"]!["shape"]!),
            "map" => DictionaryValueType(type) is { } value && Recurse(value, (string)shape["value"]!["shape"]!),
            "structure" when shape["document"]?.GetValue<bool>() == true => type == typeof(JsonElement) || typeof(JsonNode).IsAssignableFrom(type),
            "structure" => typeof(AwsShape).IsAssignableFrom(type) && Structure(type),
            _ => false,
        };

        if (!compatible)
        {
            problems.Add($"{where}: {type.Name} is not compatible with model shape {shapeName} ({kind})");
        }

        bool Recurse(Type inner, string innerShape)
        {
            CheckType(model, inner, innerShape, where + "[]", isInput, problems, visited);
            return true;
        }

        bool Structure(Type structure)
        {
            CheckStructure(model, structure, shapeName, isInput, problems, visited);
            return true;
        }
    }

    private static void CheckRequiredSent(ServiceModel model, string shapeName, JsonObject sent, string where, List<string> problems)
    {
        var shape = model.Shape(shapeName);
        var members = ServiceModel.Members(shape).ToDictionary(member => member.Name, member => member.Shape, StringComparer.Ordinal);
        foreach (var required in ServiceModel.Required(shape))
        {
            if (sent[required] is null)
            {
                problems.Add($"{where}: required member '{required}' was not sent");
            }
        }

        foreach (var (name, value) in sent)
        {
            if (value is null || !members.TryGetValue(name, out var memberShape))
            {
                continue;
            }

            var member = model.Shape(memberShape);
            if (ServiceModel.TypeOf(member) == "structure" && value is JsonObject nested)
            {
                CheckRequiredSent(model, memberShape, nested, $"{where}.{name}", problems);
            }
            else if (ServiceModel.TypeOf(member) == "list" && value is JsonArray items)
            {
                var itemShape = (string)member["member"]!["shape"]!;
                foreach (var item in items.OfType<JsonObject>())
                {
                    CheckRequiredSent(model, itemShape, item, $"{where}.{name}[]", problems);
                }
            }
        }
    }

    private static IEnumerable<(string JsonName, PropertyInfo Property)> SerialisedProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.GetCustomAttribute<JsonIgnoreAttribute>() is null
                && property.GetCustomAttribute<JsonExtensionDataAttribute>() is null
                && property.GetMethod is not null
                && property.Name != "EqualityContract")
            .Select(property => (property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name), property));

    private static bool IsOpenEnumeration(Type type) =>
        type.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IOpenEnumeration<>));

    private static Type? ElementType(Type type) =>
        type == typeof(string) ? null : type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static Type? DictionaryValueType(Type type) =>
        type.GetInterfaces().Append(type)
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>) && i.GetGenericArguments()[0] == typeof(string))?.GetGenericArguments()[1];

    private sealed record NotInTheModel : AwsShape
    {
        public string? Arn { get; init; }

        public string? NotAMember { get; init; }
    }

    private sealed record WrongType : AwsShape
    {
        public int? Reason { get; init; }
    }
}
