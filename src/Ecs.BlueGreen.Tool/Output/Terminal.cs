namespace Ecs.BlueGreen.Tool.Output;

/// <summary>What stderr is: a terminal (live status line) or not, and whether to colour it.</summary>
internal sealed record Terminal(bool IsInteractive, bool UseColor)
{
    public static Terminal None { get; } = new(false, false);

    /// <summary>
    /// Colour only on an interactive stderr, never when <c>NO_COLOR</c> is set to anything non-empty
    /// (no-color.org) or <c>TERM=dumb</c>.
    /// </summary>
    public static Terminal Detect(Func<string, string?> environment) => Create(Console.IsErrorRedirected, environment);

    internal static Terminal Create(bool errorRedirected, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var interactive = !errorRedirected && environment("TERM") != "dumb";
        var color = interactive && string.IsNullOrEmpty(environment("NO_COLOR"));
        return new Terminal(interactive, color);
    }
}

/// <summary>How a line looks.</summary>
internal enum Tone
{
    Normal,
    Success,
    Warning,
    Error,
    Quiet,
}
