using Ecs.BlueGreen.Runtime;

namespace Ecs.BlueGreen.Tests.Runtime;

/// <summary>The client-side rate limiter of deployment groups, on a simulated clock.</summary>
public class TokenBucketTests
{
    [Test]
    public async Task A_burst_passes_at_once_then_calls_wait_for_the_sustained_rate_on_the_clock()
    {
        var time = new ManualTimeProvider();
        var bucket = new TokenBucket(time, burst: 2, perSecond: 1);

        await bucket.AcquireAsync(CancellationToken.None);
        await bucket.AcquireAsync(CancellationToken.None);
        var third = bucket.AcquireAsync(CancellationToken.None);
        await Task.Yield();

        third.IsCompleted.Should().BeFalse("the burst of 2 is used up and no time passed");
        time.Advance(TimeSpan.FromMilliseconds(500));
        await Task.Yield();
        third.IsCompleted.Should().BeFalse("half a token has refilled");
        time.Advance(TimeSpan.FromMilliseconds(500));
        await third.WaitAsync(TimeSpan.FromSeconds(10));
        third.IsCompletedSuccessfully.Should().BeTrue("one second refills one token");
    }

    [Test]
    public async Task The_bucket_refills_to_its_burst_and_no_further()
    {
        var time = new ManualTimeProvider();
        var bucket = new TokenBucket(time, burst: 3, perSecond: 5);
        for (var i = 0; i < 3; i++)
        {
            await bucket.AcquireAsync(CancellationToken.None);
        }

        time.Advance(TimeSpan.FromHours(1));
        for (var i = 0; i < 3; i++)
        {
            bucket.AcquireAsync(CancellationToken.None).IsCompletedSuccessfully.Should().BeTrue($"token {i + 1} of the refilled burst");
        }

        bucket.AcquireAsync(CancellationToken.None).IsCompleted.Should().BeFalse("an hour refills the burst, not more");
    }

    [Test]
    public async Task A_wait_for_a_token_can_be_cancelled()
    {
        var time = new ManualTimeProvider();
        var bucket = new TokenBucket(time, burst: 1, perSecond: 1);
        await bucket.AcquireAsync(CancellationToken.None);
        using var cancellation = new CancellationTokenSource();

        var waiting = bucket.AcquireAsync(cancellation.Token);
        await cancellation.CancelAsync();

        await FluentActions.Awaiting(() => waiting).Should().ThrowAsync<OperationCanceledException>();
    }
}
