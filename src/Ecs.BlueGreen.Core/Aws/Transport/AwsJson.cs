using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ecs.BlueGreen.Aws.Json;
using Ecs.BlueGreen.CodeDeploy.Model;
using Ecs.BlueGreen.Ecr.Model;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Logs.Model;

namespace Ecs.BlueGreen.Aws.Transport;

/// <summary>The serializer settings of the AWS JSON 1.1 protocol as this client speaks it.</summary>
public static class AwsJson
{
    /// <summary>
    /// Member names are the model's camelCase names; absent values are not sent; timestamps are epoch
    /// seconds. C# <c>required</c> members are enforced when a request is built, not when a response is
    /// read, so a response that omits a member never fails a deployment. The shapes of this library are
    /// described at compile time (no reflection: trimmed and Native AOT applications can use them); other
    /// types are served by reflection where the application allows it.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>The metadata of <typeparamref name="T"/> under <see cref="Options"/>, for the serializer's overloads that need no reflection.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not a shape of this library and the application disables reflection-based serialization.</exception>
    public static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(EcsJsonContext.Default.Options)
        {
            TypeInfoResolver = Resolver().WithAddedModifier(AwsShape.RelaxRequiredMembers),
        };
        options.MakeReadOnly();
        return options;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only where the application allows reflection-based serialization (ReflectionAllowed); trimmed and AOT applications do not.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only where the application allows reflection-based serialization (ReflectionAllowed); trimmed and AOT applications do not.")]
    private static IJsonTypeInfoResolver Resolver() =>
        ReflectionAllowed
            ? JsonTypeInfoResolver.Combine(EcsJsonContext.Default, LogsJsonContext.Default, EcrJsonContext.Default, CodeDeployJsonContext.Default, new DefaultJsonTypeInfoResolver())
            : JsonTypeInfoResolver.Combine(EcsJsonContext.Default, LogsJsonContext.Default, EcrJsonContext.Default, CodeDeployJsonContext.Default);

    // Reflection stays available for types outside the generated context (an application's own shapes sent through
    // AwsJsonTransport) where the application allows it. Trimmed and AOT applications turn System.Text.Json's switch
    // off (https://learn.microsoft.com/dotnet/standard/serialization/system-text-json/source-generation#disable-reflection-defaults);
    // the trimmer then replaces this property by false and removes the reflection resolver with it
    // (https://learn.microsoft.com/dotnet/api/system.diagnostics.codeanalysis.featureswitchdefinitionattribute).
    // The attribute is new in .NET 9: on .NET 8 a trimmed application keeps the reflection resolver, unused.
#if NET9_0_OR_GREATER
    [FeatureSwitchDefinition(ReflectionSwitch)]
#endif
    private static bool ReflectionAllowed => !AppContext.TryGetSwitch(ReflectionSwitch, out var allowed) || allowed;

    private const string ReflectionSwitch = "System.Text.Json.JsonSerializer.IsReflectionEnabledByDefault";

}
