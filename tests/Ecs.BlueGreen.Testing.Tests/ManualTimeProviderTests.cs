namespace Ecs.BlueGreen.Testing.Tests;

/// <summary>The fake clock the wire tests rely on: it must behave like a real one, only faster.</summary>
public sealed class ManualTimeProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    [Test]
    public void Reads_the_start_time_until_advanced_and_measures_elapsed_time()
    {
        var clock = new ManualTimeProvider(Start);
        var started = clock.GetTimestamp();

        clock.GetUtcNow().Should().Be(Start);
        clock.Advance(TimeSpan.FromSeconds(90));

        clock.GetUtcNow().Should().Be(Start.AddSeconds(90));
        clock.GetElapsedTime(started).Should().Be(TimeSpan.FromSeconds(90));
    }

    [Test]
    public void A_timer_fires_once_when_an_advance_reaches_its_due_time_and_sees_that_time()
    {
        var clock = new ManualTimeProvider(Start);
        var firedAt = new List<DateTimeOffset>();
        using var timer = clock.CreateTimer(_ => firedAt.Add(clock.GetUtcNow()), null, TimeSpan.FromSeconds(10), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(9));
        firedAt.Should().BeEmpty();
        clock.PendingTimers.Should().Equal(TimeSpan.FromSeconds(10));

        clock.Advance(TimeSpan.FromSeconds(5));
        firedAt.Should().Equal(Start.AddSeconds(10));
        clock.GetUtcNow().Should().Be(Start.AddSeconds(14));
        clock.PendingTimers.Should().BeEmpty();
    }

    [Test]
    public void Says_how_long_until_the_next_pending_timer_is_due()
    {
        var clock = new ManualTimeProvider(Start);
        clock.NextTimerDueIn.Should().BeNull("no timer is pending");
        using var late = clock.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(30), Timeout.InfiniteTimeSpan);
        using var soon = clock.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(12), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(2));
        clock.NextTimerDueIn.Should().Be(TimeSpan.FromSeconds(10));
        clock.Advance(TimeSpan.FromSeconds(10));
        clock.NextTimerDueIn.Should().Be(TimeSpan.FromSeconds(18), "the 12 s timer fired; the 30 s one is next");
    }

    [Test]
    public void A_periodic_timer_fires_once_per_period_crossed()
    {
        var clock = new ManualTimeProvider(Start);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        clock.Advance(TimeSpan.FromSeconds(6));

        fired.Should().Be(3, "it was due at 1 s, 3 s and 5 s");
    }

    [Test]
    public void A_stopped_or_disposed_timer_does_not_fire()
    {
        var clock = new ManualTimeProvider(Start);
        var fired = 0;
        var stopped = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        var disposed = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        stopped.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        disposed.Dispose();
        clock.Advance(TimeSpan.FromMinutes(1));

        fired.Should().Be(0);
        disposed.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan).Should().BeFalse();
        stopped.Dispose();
    }

    [Test]
    public async Task Drives_Task_Delay_and_cancellation_timeouts_of_the_base_library()
    {
        var clock = new ManualTimeProvider(Start);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30), clock);
        var delay = Task.Delay(TimeSpan.FromSeconds(5), clock);

        clock.PendingTimers.Should().Contain(TimeSpan.FromSeconds(5));
        delay.IsCompleted.Should().BeFalse();
        clock.Advance(TimeSpan.FromSeconds(5));
        await delay;
        timeout.IsCancellationRequested.Should().BeFalse();

        clock.Advance(TimeSpan.FromSeconds(25));
        timeout.IsCancellationRequested.Should().BeTrue();
    }

    [Test]
    public async Task A_timer_due_at_once_fires_on_the_thread_pool_not_inside_the_caller()
    {
        var clock = new ManualTimeProvider(Start);
        var caller = Environment.CurrentManagedThreadId;
        var firedOn = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        using var timer = clock.CreateTimer(_ => firedOn.TrySetResult(Environment.CurrentManagedThreadId), null, TimeSpan.Zero, Timeout.InfiniteTimeSpan);

        (await firedOn.Task.WaitAsync(TimeSpan.FromSeconds(10))).Should().NotBe(caller);
        clock.PendingTimers.Should().BeEmpty();
    }
}
