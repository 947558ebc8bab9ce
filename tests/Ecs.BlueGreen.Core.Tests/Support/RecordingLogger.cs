using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Ecs.BlueGreen.Tests.Support;

/// <summary>Keeps every formatted log line, with its exception, so a test can read what would have been logged.</summary>
public sealed class RecordingLogger : ILogger
{
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>The lines logged so far.</summary>
    public IReadOnlyList<string> Lines => _lines.ToArray();

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => true;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        _lines.Enqueue($"{logLevel} {eventId}: {formatter(state, exception)} {exception}");
    }
}
