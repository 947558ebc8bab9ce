using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ecs.BlueGreen.Aws.Json;

/// <summary>
/// An open enumeration: known values are named, and a value AWS adds later survives as it is.
/// </summary>
/// <typeparam name="TSelf">The enumeration type.</typeparam>
public interface IOpenEnumeration<TSelf> where TSelf : struct, IOpenEnumeration<TSelf>
{
    /// <summary>The value as it appears on the wire.</summary>
    string Value { get; }

    /// <summary>Creates the enumeration value for a wire value, known or not.</summary>
    static abstract TSelf FromValue(string value);
}

/// <summary>Reads and writes an <see cref="IOpenEnumeration{TSelf}"/> as its plain JSON string.</summary>
/// <typeparam name="T">The enumeration type.</typeparam>
public sealed class OpenEnumerationConverter<T> : JsonConverter<T> where T : struct, IOpenEnumeration<T>
{
    /// <inheritdoc />
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => T.FromValue(reader.GetString()!),
            JsonTokenType.Number => T.FromValue(reader.GetDouble().ToString(CultureInfo.InvariantCulture)),
            _ => throw new JsonException($"Expected a string for {typeof(T).Name}, found {reader.TokenType}."),
        };

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
