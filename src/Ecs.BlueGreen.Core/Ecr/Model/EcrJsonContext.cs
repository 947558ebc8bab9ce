using System.Text.Json.Serialization;
using Ecs.BlueGreen.Aws.Json;

namespace Ecs.BlueGreen.Ecr.Model;

/// <summary>
/// Compile-time JSON metadata of the Amazon ECR shapes this library exchanges, with the settings of
/// <see cref="Ecs.Model.EcsJsonContext"/> (https://learn.microsoft.com/dotnet/standard/serialization/system-text-json/source-generation).
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(EpochSecondsConverter)])]
[JsonSerializable(typeof(DescribeImagesRequest))]
[JsonSerializable(typeof(DescribeImagesResponse))]
[JsonSerializable(typeof(ImageIdentifier))]
[JsonSerializable(typeof(DescribeImagesFilter))]
[JsonSerializable(typeof(ImageDetail))]
internal sealed partial class EcrJsonContext : JsonSerializerContext;
