using System.Text.Json.Serialization;
using Ecs.BlueGreen.Aws.Json;

namespace Ecs.BlueGreen.Logs.Model;

/// <summary>
/// Compile-time JSON metadata of the CloudWatch Logs shapes this library exchanges, with the settings of
/// <see cref="Ecs.Model.EcsJsonContext"/> (https://learn.microsoft.com/dotnet/standard/serialization/system-text-json/source-generation).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(FilterLogEventsRequest))]
[JsonSerializable(typeof(FilterLogEventsResponse))]
[JsonSerializable(typeof(FilteredLogEvent))]
[JsonSerializable(typeof(GetLogEventsRequest))]
[JsonSerializable(typeof(GetLogEventsResponse))]
[JsonSerializable(typeof(OutputLogEvent))]
internal sealed partial class LogsJsonContext : JsonSerializerContext;
