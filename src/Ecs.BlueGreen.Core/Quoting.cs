using System.Text;

namespace Ecs.BlueGreen;

/// <summary>Quotes what a user gave in a message, so that the message stays one line and shows what was really there.</summary>
internal static class Quoting
{
    /// <summary>The text in single quotes, with control characters and line separators written as escapes (<c>\n</c>, <c>\u2028</c>).</summary>
    public static string Quote(string text)
    {
        var quoted = new StringBuilder("'");
        foreach (var c in text)
        {
            quoted.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) || c is '\u2028' or '\u2029' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return quoted.Append('\'').ToString();
    }

    /// <summary>A message of someone else's (an SDK, a process) as one line: line breaks become spaces, the end trimmed.</summary>
    public static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n', '\u2028', '\u2029'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).TrimEnd('.');
}
