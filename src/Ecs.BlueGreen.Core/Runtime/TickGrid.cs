namespace Ecs.BlueGreen.Runtime;

/// <summary>
/// Points in time every <see cref="Period"/> from the moment the grid was made, on the injected clock. Callers that
/// round their waits up to the grid check on the same ticks, so their reads can share calls (<see cref="BatchingEcsClient"/>).
/// </summary>
internal sealed class TickGrid(TimeProvider time, TimeSpan period)
{
    private readonly long _epoch = time.GetTimestamp();

    public TimeSpan Period => period;

    /// <summary>The wait from now until the first tick at least <paramref name="wanted"/> away.</summary>
    public TimeSpan Align(TimeSpan wanted)
    {
        var now = time.GetElapsedTime(_epoch);
        var ticks = Math.Ceiling((now + wanted).Ticks / (double)period.Ticks);
        var wait = TimeSpan.FromTicks((long)(ticks * period.Ticks)) - now;
        return wait < wanted ? wanted : wait;
    }
}
