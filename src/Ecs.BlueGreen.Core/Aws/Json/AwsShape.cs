using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ecs.BlueGreen.Aws.Json;

/// <summary>
/// Base of every structure exchanged with an AWS JSON 1.1 service. Members that this client does not
/// model are kept in <see cref="AdditionalMembers"/> and written back unchanged, so a value read from AWS
/// and sent back (a task definition, a deployment configuration) never loses a field.
/// </summary>
public abstract record AwsShape
{
    /// <summary>Members present on the wire that this client does not model, kept verbatim.</summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalMembers { get; set; }
}
