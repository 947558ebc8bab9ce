namespace Ecs.BlueGreen.Tests.Support;

/// <summary>Test-side helpers for <see cref="ManualTimeProvider"/>.</summary>
public static class ManualTimeProviderExtensions
{
    /// <summary>
    /// Waits (in real time, at most <see cref="RealTime.Cap"/>) until a timer due <paramref name="dueTime"/> after
    /// it was set is pending: the moment the code under test starts waiting on this clock for that long.
    /// </summary>
    public static Task WaitForTimerAsync(this ManualTimeProvider clock, TimeSpan dueTime) =>
        RealTime.WaitUntilAsync(() => clock.PendingTimers.Contains(dueTime), $"a timer due in {dueTime} on the manual clock");
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
