using System.Net;
using System.Text.Json;

namespace Ecs.BlueGreen.Aws.Transport;

/// <summary>
/// Reads an AWS JSON 1.1 error answer (https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html): the code from the
/// <c>X-Amzn-Errortype</c> header, or the body's <c>code</c> or <c>__type</c>, sanitised by keeping
/// the text before the first ':' and after the last '#'; the message from <c>message</c> or
/// <c>Message</c>; the HTTP status as the code when none is given (these two as botocore's <c>botocore/parsers.py</c> does).
/// </summary>
internal static class AwsErrorParser
{
    public static (string Code, string Message) Parse(HttpStatusCode status, string? errorTypeHeader, string body, string? mediaType = null)
    {
        string? code = errorTypeHeader;
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(body) ? "{}" : body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                var root = document.RootElement;
                code ??= ReadString(root, "code") ?? ReadString(root, "__type");
                message = ReadString(root, "message") ?? ReadString(root, "Message") ?? ReadString(root, "errorMessage");
            }
        }
        catch (JsonException)
        {
            // A proxy or load balancer answered with something that is not JSON: say what it was, never paste a page.
            message = $"the answer was {Describe(body, mediaType)}, not an AWS error";
        }

        code = Sanitise(code);
        return (string.IsNullOrEmpty(code) ? ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture) : code, message?.Trim() ?? string.Empty);
    }

    /// <summary>
    /// What a body that is not AWS JSON looks like, in a few words: "an HTML page (text/html, 1.2 kB)", "an empty
    /// body", or for short plain text the text itself on one line (at most 120 characters).
    /// </summary>
    public static string Describe(string body, string? mediaType)
    {
        var text = body.Trim();
        var type = string.IsNullOrEmpty(mediaType) ? string.Empty : $"{mediaType}, ";
        if (text.Length == 0)
        {
            return "an empty body";
        }

        var size = body.Length >= 1024 ? $"{body.Length / 1024.0:0.#} kB" : $"{body.Length} bytes";
        if (text.StartsWith('<') || (mediaType?.Contains("html", StringComparison.OrdinalIgnoreCase) ?? false))
        {
            return $"an HTML page ({type}{size})";
        }

        var line = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return line.Length <= 120 && text[0] is not ('{' or '[')
            ? $"the text '{line}' ({type}{size})"
            : $"a body that is not AWS JSON ({type}{size})";
    }

    public static string? Sanitise(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var colon = code.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            code = code[..colon];
        }

        var hash = code.LastIndexOf('#');
        if (hash >= 0)
        {
            code = code[(hash + 1)..];
        }

        return code.Trim();
    }

    private static string? ReadString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
