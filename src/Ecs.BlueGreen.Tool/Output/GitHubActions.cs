using System.Text;

namespace Ecs.BlueGreen.Tool.Output;

/// <summary>
/// GitHub Actions' workflow commands (on stderr, which the runner reads as well as stdout, so that stdout stays
/// the result), step outputs in <c>$GITHUB_OUTPUT</c> and the job summary in <c>$GITHUB_STEP_SUMMARY</c>.
/// Active only when <c>GITHUB_ACTIONS=true</c>.
/// </summary>
internal sealed class GitHubActions(Func<string, string?> environment, TextWriter error)
{
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

    /// <summary>A Markdown table cell: one line, pipes escaped.</summary>
    public static string Cell(string? value) => OneLine(value ?? string.Empty).Replace("|", "\\|", StringComparison.Ordinal);

    internal static string EscapeData(string text) =>
        text.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    private static string OneLine(string text) => text.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
