namespace Ecs.BlueGreen.Testing;

/// <summary>
/// A clock that runs <see cref="Speed"/> times faster than another (the system clock by default), so an
/// emulator server can play a ten-minute rollout in ten seconds. Timers are scaled the same way.
/// </summary>
public sealed class ScaledTimeProvider : TimeProvider
{
    private readonly TimeProvider _inner;
    private readonly DateTimeOffset _startUtc;
    private readonly long _startTimestamp;

    /// <summary>Creates a clock that starts at the inner clock's time and runs <paramref name="speed"/> times faster.</summary>
    /// <param name="speed">The speed-up factor; 1 is real time.</param>
    /// <param name="inner">The clock to scale; the default is <see cref="TimeProvider.System"/>.</param>
    public ScaledTimeProvider(double speed, TimeProvider? inner = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(speed, 0);
        Speed = speed;
        _inner = inner ?? System;
        _startUtc = _inner.GetUtcNow();
        _startTimestamp = _inner.GetTimestamp();
    }

    /// <summary>The speed-up factor.</summary>
    public double Speed { get; }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => _startUtc + Scale(_inner.GetElapsedTime(_startTimestamp));

    /// <inheritdoc />
    public override long TimestampFrequency => _inner.TimestampFrequency;

    /// <inheritdoc />
    public override long GetTimestamp() => _startTimestamp + (long)((_inner.GetTimestamp() - _startTimestamp) * Speed);

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(_inner.CreateTimer(callback, state, Unscale(dueTime), Unscale(period)), this);

    private TimeSpan Scale(TimeSpan real) => TimeSpan.FromTicks((long)(real.Ticks * Speed));

    private TimeSpan Unscale(TimeSpan simulated) =>
        simulated == Timeout.InfiniteTimeSpan || simulated <= TimeSpan.Zero ? simulated : TimeSpan.FromTicks(Math.Max(1, (long)(simulated.Ticks / Speed)));

    private sealed class ScaledTimer(ITimer inner, ScaledTimeProvider owner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(owner.Unscale(dueTime), owner.Unscale(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
