namespace Ecs.BlueGreen.Tests.Shared;

/// <summary>
/// Runs code that waits on a <see cref="global::Ecs.BlueGreen.Testing.ManualTimeProvider"/> against an in-memory <see cref="global::Ecs.BlueGreen.Testing.EcsEmulator"/> on the same
/// clock: whenever the code has stopped making calls and the thread pool is idle (it waits on the clock), simulated time
/// moves to the next timer (or one second), so a ten-minute deployment takes a fraction of a second, deterministically.
/// </summary>
internal static class SimulatedTime
{
    public static async Task<T> DriveAsync<T>(global::Ecs.BlueGreen.Testing.EcsEmulator emulator, global::Ecs.BlueGreen.Testing.ManualTimeProvider clock, Func<CancellationToken, Task<T>> run, TimeSpan? limit = null,
        Action<TimeSpan>? eachSecond = null, CancellationToken cancellationToken = default)
    {
        var task = Task.Run(() => run(cancellationToken), CancellationToken.None);
        var elapsed = TimeSpan.Zero;
        var until = limit ?? TimeSpan.FromHours(1);
        while (true)
        {
            await SettleAsync(emulator, task);
            if (task.IsCompleted)
            {
                return await task;
            }

            if (elapsed >= until)
            {
                throw new AssertionException($"The run did not finish within {until} of simulated time.");
            }

            // Straight to the next timer when nothing is due sooner (the emulator moves only when called), so a run
            // pays a settle per wake-up, not per simulated second; one second at a time when the test acts on seconds.
            var step = eachSecond is null && clock.NextTimerDueIn is { } next && next > TimeSpan.FromSeconds(1) ? next : TimeSpan.FromSeconds(1);
            if (step > LongJump)
            {
                // Only long timers are left (a phase deadline, a heartbeat): either the code waits on them, or it is
                // between a deadline's start and its first call, busy on a loaded machine. Jumping then would skip the
                // whole wait, so make sure it is idle first, over a longer quiet spell.
                await SettleAsync(emulator, task, LongJumpQuietChecks);
                if (task.IsCompleted)
                {
                    return await task;
                }

                step = clock.NextTimerDueIn is { } again && again > TimeSpan.FromSeconds(1) ? again : TimeSpan.FromSeconds(1);
            }

            clock.Advance(step);
            elapsed += step;
            eachSecond?.Invoke(elapsed);
        }
    }

    /// <summary>A jump longer than this waits for a longer quiet spell first.</summary>
    private static readonly TimeSpan LongJump = TimeSpan.FromSeconds(10);

    private const int LongJumpQuietChecks = 20;

    /// <summary>
    /// Waits (in real time) until the code has stopped making calls and the thread pool is idle (nothing queued, no work
    /// item finished) for <paramref name="quietChecks"/> checks in a row: it is waiting on the clock.
    /// </summary>
    private static async Task SettleAsync(global::Ecs.BlueGreen.Testing.EcsEmulator emulator, Task task, int quietChecks = 2)
    {
        var calls = -1;
        var completed = -1L;
        var quiet = 0;
        for (var i = 0; i < 250 * quietChecks && !task.IsCompleted; i++)
        {
            await Task.Delay(1);
            var now = emulator.Calls.Count;
            var done = ThreadPool.CompletedWorkItemCount;
            if (now == calls && ThreadPool.PendingWorkItemCount == 0 && (quietChecks <= 2 || done - completed <= 1))
            {
                if (++quiet >= quietChecks)
                {
                    return;
                }
            }
            else
            {
                quiet = 0;
                calls = now;
            }

            completed = done;
        }
    }
}
