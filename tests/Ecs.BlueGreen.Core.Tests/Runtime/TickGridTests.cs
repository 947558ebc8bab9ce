using Ecs.BlueGreen.Runtime;

namespace Ecs.BlueGreen.Tests.Runtime;

/// <summary>The ticks group members check on: waits are rounded up to them, so checks of different members coincide.</summary>
public class TickGridTests
{
    [TestCase(0.0, 1.0, 1.0)]
    [TestCase(0.0, 1.5, 2.0)]
    [TestCase(0.3, 1.0, 1.7)]
    [TestCase(0.3, 2.25, 2.7)]
    [TestCase(2.0, 3.0, 3.0)]
    public void A_wait_ends_on_the_first_tick_at_least_the_wanted_time_away(double now, double wanted, double expected)
    {
        var time = new ManualTimeProvider();
        var grid = new TickGrid(time, TimeSpan.FromSeconds(1));
        time.Advance(TimeSpan.FromSeconds(now));

        grid.Align(TimeSpan.FromSeconds(wanted)).TotalSeconds.Should().BeApproximately(expected, 1e-6);
    }
}
