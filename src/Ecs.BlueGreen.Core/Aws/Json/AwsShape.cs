using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ecs.BlueGreen.Aws.Json;

/// <summary>
/// Base of every structure exchanged with an AWS JSON 1.1 service. Members that this client does not
/// model are kept in <see cref="AdditionalMembers"/> and written back unchanged, so a value read from AWS
/// and sent back (a task definition, a deployment configuration) never loses a field.
/// </summary>
/// <remarks>
/// A list member that defaults to empty turns <see langword="null"/> into empty in its <c>init</c> accessor
/// (<c>init =&gt; field = value ?? []</c>): the compile-time serializer (the generated JSON contexts of the model namespaces) assigns every
/// init-only member when it builds a shape, the absent ones with <see langword="null"/>, which would otherwise replace
/// the default (https://github.com/dotnet/runtime/issues/84484).
/// </remarks>
public abstract record AwsShape
{
    /// <summary>Members present on the wire that this client does not model, kept verbatim.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalMembers { get; set; }

    /// <summary>
    /// Lets a shape be read with its C# <c>required</c> members absent: they are enforced when a request is built, not
    /// when an answer (or a document to be checked) is read.
    /// </summary>
    internal static void RelaxRequiredMembers(System.Text.Json.Serialization.Metadata.JsonTypeInfo typeInfo)
    {
        foreach (var property in typeInfo.Properties)
        {
            property.IsRequired = false;
        }
    }
}
