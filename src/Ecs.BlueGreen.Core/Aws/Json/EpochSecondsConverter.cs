using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ecs.BlueGreen.Aws.Json;

/// <summary>
/// AWS JSON 1.1 timestamps: a JSON number of seconds since the Unix epoch, with a fraction
/// (https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html). Millisecond precision is kept.
/// </summary>
internal sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            var seconds = reader.GetDecimal();
            return DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
        }

        // Some tools write ISO 8601 text; accept it rather than fail a whole response.
        if (reader.TokenType == JsonTokenType.String && DateTimeOffset.TryParse(reader.GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed;
        }

        throw new JsonException($"Expected epoch seconds, found {reader.TokenType}.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        var ticks = (value - DateTimeOffset.UnixEpoch).Ticks;
        writer.WriteNumberValue(decimal.Round((decimal)ticks / TimeSpan.TicksPerSecond, 3));
    }
}
