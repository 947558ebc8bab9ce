using Microsoft.Extensions.Logging;

namespace Ecs.BlueGreen.Tool.Output;

/// <summary>
/// With -v, prints the client's one line per AWS call (operation, status, duration, request id, attempt). The
/// library never puts a credential in a log entry; deployment events are printed by <see cref="ConsoleReporter"/>.
/// </summary>
internal sealed class VerboseLogger(ConsoleReporter reporter, TimeProvider time) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (state is IReadOnlyList<KeyValuePair<string, object?>> values && values.Any(v => v.Key == "Operation"))
        {
            reporter.Line(time.GetUtcNow(), formatter(state, exception), Tone.Quiet);
        }
    }
}
