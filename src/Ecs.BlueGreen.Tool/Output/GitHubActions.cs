using System.Text;

namespace Ecs.BlueGreen.Tool.Output;

/// <summary>
/// GitHub Actions' workflow commands (on stderr, which the runner reads as well as stdout, so that stdout stays
/// the result), step outputs in <c>$GITHUB_OUTPUT</c> and the job summary in <c>$GITHUB_STEP_SUMMARY</c>.
/// Active only when <c>GITHUB_ACTIONS=true</c>.
/// </summary>
internal sealed class GitHubActions(Func<string, string?> environment, TextWriter error)
{
    private static readonly string[] LineBreaks = ["\r\n", "\r", "\n"];

    public bool Enabled { get; } = environment("GITHUB_ACTIONS") == "true";

    public void StartGroup(string title)
    {
        if (Enabled)
        {
            error.WriteLine($"::group::{EscapeData(title)}");
        }
    }

    public void EndGroup()
    {
        if (Enabled)
        {
            error.WriteLine("::endgroup::");
        }
    }

    public void Error(string message)
    {
        if (Enabled)
        {
            error.WriteLine($"::error title=ecs-bluegreen::{EscapeData(message)}");
        }
    }

    /// <summary>Appends <c>name=value</c> lines to <c>$GITHUB_OUTPUT</c> (values are single lines).</summary>
    public void WriteOutputs(IEnumerable<KeyValuePair<string, string?>> outputs)
    {
        if (Enabled && environment("GITHUB_OUTPUT") is { Length: > 0 } path)
        {
            var text = new StringBuilder();
            foreach (var (name, value) in outputs)
            {
                text.Append(name).Append('=').Append(OneLine(value ?? string.Empty)).Append('\n');
            }

            File.AppendAllText(path, text.ToString());
        }
    }

    /// <summary>Appends Markdown to <c>$GITHUB_STEP_SUMMARY</c>.</summary>
    public void WriteSummary(string markdown)
    {
        if (Enabled && environment("GITHUB_STEP_SUMMARY") is { Length: > 0 } path)
        {
            File.AppendAllText(path, markdown);
        }
    }

    /// <summary>
    /// A line of ours for stdout or stderr that may hold the user's or AWS's words (names, messages, container log
    /// lines), made unable to start a workflow command. The runner reads each line (ended by \n, \r or \r\n) and runs it
    /// as a command when, after leading whitespace, it starts with "::", or when it holds "##[" anywhere, the older form
    /// (https://github.com/actions/runner/blob/main/src/Runner.Common/ActionCommand.cs, TryParseV2 and TryParse; the
    /// commands: https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions). So every line of the
    /// text, an embedded one too, that would start with "::" gets "> " in front, and "##[" becomes "## [". Outside
    /// GitHub Actions the text is unchanged.
    /// </summary>
    public string Inert(string text) => Enabled ? MakeInert(text) : text;

    /// <summary>
    /// A JSON document for stdout, made unable to start a workflow command: its lines start with whitespace, a quote or a
    /// bracket, never "::", and a "##[" (only possible inside a string) is written "##\u005B", which reads back the same.
    /// </summary>
    public string InertJson(string json) => Enabled ? json.Replace("##[", "##\\u005B", StringComparison.Ordinal) : json;

    internal static string MakeInert(string text)
    {
        if (!text.Contains("::", StringComparison.Ordinal) && !text.Contains("##[", StringComparison.Ordinal))
        {
            return text;
        }

        var lines = text.Split(LineBreaks, StringSplitOptions.None);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Replace("##[", "## [", StringComparison.Ordinal);

            // The runner trims with string.TrimStart(), which removes every Unicode white space; so does this.
            lines[i] = line.TrimStart().StartsWith("::", StringComparison.Ordinal) ? "> " + line : line;
        }

        return string.Join('\n', lines);
    }

    /// <summary>A Markdown table cell: one line, pipes escaped.</summary>
    public static string Cell(string? value) => OneLine(value ?? string.Empty).Replace("|", "\\|", StringComparison.Ordinal);

    internal static string EscapeData(string text) =>
        text.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    private static string OneLine(string text) => text.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
