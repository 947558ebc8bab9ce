namespace Ecs.BlueGreen.Testing;

/// <summary>
/// A clock that moves only when told to. Timers created from it (and so <c>Task.Delay(…, provider)</c>,
/// Polly delays and timeouts) fire during <see cref="Advance"/>, in due order, on the calling thread, with the
/// clock reading their due time; periodic timers fire once per period crossed. A one-shot timer due at once
/// fires on the thread pool, as a real one does, never inside the caller's stack. Safe to use from several threads.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private readonly DateTimeOffset _origin;
    private DateTimeOffset _now;
    private long _sequence;

    /// <summary>Creates a clock at <paramref name="start"/>.</summary>
    /// <param name="start">The initial time; the default is 2026-01-01T00:00:00Z.</param>
    public ManualTimeProvider(DateTimeOffset? start = null)
    {
        _origin = start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        _now = _origin;
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    /// <inheritdoc />
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc />
    public override long GetTimestamp()
    {
        lock (_lock)
        {
            return (_now - _origin).Ticks;
        }
    }

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <summary>
    /// The due times, as they were set, of the timers that have neither fired nor been stopped: a test can wait
    /// until the code under test starts waiting on this clock for a given time before it advances.
    /// </summary>
    public IReadOnlyList<TimeSpan> PendingTimers
    {
        get
        {
            lock (_lock)
            {
                return _timers.Select(t => t.Interval).ToArray();
            }
        }
    }

    /// <summary>
    /// How long until the next pending timer is due (zero when one is due now), or <see langword="null"/> when none is
    /// pending: a test driver can move the clock straight there instead of second by second.
    /// </summary>
    public TimeSpan? NextTimerDueIn
    {
        get
        {
            lock (_lock)
            {
                return _timers.Count == 0 ? null : _timers.Min(t => t.DueAt) - _now is var gap && gap > TimeSpan.Zero ? gap : TimeSpan.Zero;
            }
        }
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way, in order.</summary>
    /// <param name="delta">How far; not negative.</param>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_lock)
        {
            target = _now + delta;
        }

        while (true)
        {
            ManualTimer? due;
            lock (_lock)
            {
                due = _timers.Where(t => t.DueAt <= target).OrderBy(t => t.DueAt).ThenBy(t => t.Sequence).FirstOrDefault();
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

    /// <summary>Sets the clock to a later time, firing timers on the way.</summary>
    public void AdvanceTo(DateTimeOffset time) => Advance(time - GetUtcNow());

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private void Schedule(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        var fireNow = false;
        lock (_lock)
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
            timer.Sequence = ++_sequence;
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
            ThreadPool.QueueUserWorkItem(_ => timer.Fire());
        }
    }

    private void Unschedule(ManualTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private volatile bool _disposed;

        public TimeSpan Interval { get; set; }

        public DateTimeOffset DueAt { get; set; }

        public TimeSpan Period { get; set; }

        public long Sequence { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (_disposed)
            {
                return false;
            }

            owner.Schedule(this, dueTime, period);
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
            owner.Unschedule(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
