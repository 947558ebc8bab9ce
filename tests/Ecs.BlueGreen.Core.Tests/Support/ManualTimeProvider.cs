namespace Ecs.BlueGreen.Tests.Support;

/// <summary>
/// A clock that only moves when a test calls <see cref="Advance"/>. Timers created through it fire, in
/// due order and with the clock set to their due time, when an advance reaches them; periodic timers fire
/// once per period crossed. Safe to use from several threads.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now;

    /// <summary>Creates a clock that reads <paramref name="start"/> until it is advanced.</summary>
    public ManualTimeProvider(DateTimeOffset start) => _now = start;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>The due times (relative to when they were set) of the timers that have not fired or been stopped.</summary>
    public IReadOnlyList<TimeSpan> PendingTimers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Select(timer => timer.Interval).ToArray();
            }
        }
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <inheritdoc />
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way.</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + delta;
        }

        while (true)
        {
            ManualTimer? due;
            lock (_gate)
            {
                due = _timers.Where(timer => timer.DueAt <= target).MinBy(timer => timer.DueAt);
                if (due is null)
                {
                    _now = target;
                    return;
                }

                if (due.DueAt > _now)
                {
                    _now = due.DueAt;
                }

                if (due.Period > TimeSpan.Zero)
                {
                    due.DueAt += due.Period;
                }
                else
                {
                    _timers.Remove(due);
                }
            }

            // Outside the lock: the callback may create or change timers, or read the clock.
            due.Fire();
        }
    }

    /// <summary>
    /// Waits (in real time, at most 10 seconds) until a timer due <paramref name="dueTime"/> after it was set
    /// is pending: the moment the code under test starts waiting on this clock for that long.
    /// </summary>
    public Task WaitForTimerAsync(TimeSpan dueTime) =>
        RealTime.WaitUntilAsync(() => PendingTimers.Contains(dueTime), $"a timer due in {dueTime} on the manual clock");

    private void Schedule(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        var fireNow = false;
        lock (_gate)
        {
            _timers.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                return;
            }

            ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, TimeSpan.Zero);
            timer.Interval = dueTime;
            timer.Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
            timer.DueAt = _now + dueTime;
            if (dueTime == TimeSpan.Zero)
            {
                fireNow = true;
                if (timer.Period > TimeSpan.Zero)
                {
                    timer.DueAt += timer.Period;
                    _timers.Add(timer);
                }
            }
            else
            {
                _timers.Add(timer);
            }
        }

        if (fireNow)
        {
            // Like a real timer due at once: on the thread pool, never inside the caller's stack.
            ThreadPool.QueueUserWorkItem(_ => timer.Fire());
        }
    }

    private void Unschedule(ManualTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        private volatile bool _disposed;

        public TimeSpan Interval { get; set; }

        public TimeSpan Period { get; set; }

        public DateTimeOffset DueAt { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (_disposed)
            {
                return false;
            }

            clock.Schedule(this, dueTime, period);
            return true;
        }

        public void Fire()
        {
            if (!_disposed)
            {
                callback(state);
            }
        }

        public void Dispose()
        {
            _disposed = true;
            clock.Unschedule(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>Waits on real conditions in real time, with a safety cap so a broken test fails instead of hanging.</summary>
public static class RealTime
{
    /// <summary>The longest a test waits for something that should happen almost at once.</summary>
    public static TimeSpan Cap { get; } = TimeSpan.FromSeconds(10);

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test after <see cref="Cap"/>.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = TimeProvider.System.GetTimestamp() + (long)(Cap.TotalSeconds * TimeProvider.System.TimestampFrequency);
        while (!condition())
        {
            if (TimeProvider.System.GetTimestamp() > deadline)
            {
                Assert.Fail($"Gave up after {Cap.TotalSeconds} s waiting for {what}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(5));
        }
    }
}
