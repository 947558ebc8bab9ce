using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Ecs.BlueGreen.Tests.Support;

/// <summary>Keeps every formatted log line, with its exception, so a test can read what would have been logged.</summary>
public sealed class RecordingLogger : ILogger
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<Entry> _entries = new();

    /// <summary>The lines logged so far.</summary>
    public IReadOnlyList<string> Lines => _lines.ToArray();

    /// <summary>The entries logged so far, with their structured values.</summary>
    public IReadOnlyList<Entry> Entries => _entries.ToArray();

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => true;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        var message = formatter(state, exception);
        _lines.Enqueue($"{logLevel} {eventId}: {message} {exception}");
        var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
        _entries.Enqueue(new Entry(logLevel, eventId, message, values.ToDictionary(p => p.Key, p => p.Value)));
    }

    /// <summary>One log call.</summary>
    public sealed record Entry(LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, object?> Values);
}
