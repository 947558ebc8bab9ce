using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Ecs.BlueGreen.Aws.Json;

/// <summary>The serializer settings of the AWS JSON 1.1 protocol as this client speaks it.</summary>
public static class AwsJson
{
    /// <summary>
    /// Member names are the model's camelCase names; absent values are not sent; timestamps are epoch
    /// seconds. C# <c>required</c> members are enforced when a request is built, not when a response is
    /// read, so a response that omits a member never fails a deployment.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver
            {
                Modifiers = { RelaxRequiredMembers },
            },
        };
        options.Converters.Add(new EpochSecondsConverter());
        options.MakeReadOnly();
        return options;
    }

    private static void RelaxRequiredMembers(JsonTypeInfo typeInfo)
    {
        foreach (var property in typeInfo.Properties)
        {
            property.IsRequired = false;
        }
    }
}
