namespace Ecs.BlueGreen.Runtime;

/// <summary>
/// A client-side token bucket on the injected clock, as ECS throttles each category of actions
/// (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html): up to <c>burst</c> calls at
/// once, then <c>perSecond</c> calls a second as the bucket refills. A call waits for a token rather than being throttled.
/// </summary>
internal sealed class TokenBucket
{
#if NET9_0_OR_GREATER
    private readonly Lock _lock = new();
#else
    // System.Threading.Lock is new in .NET 9 (https://learn.microsoft.com/dotnet/api/system.threading.lock); a plain object there.
    private readonly object _lock = new();
#endif
    private readonly TimeProvider _time;
    private readonly int _burst;
    private readonly double _perSecond;
    private double _tokens;
    private long _refilledAt;

    public TokenBucket(TimeProvider time, int burst, double perSecond)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(perSecond, 0);
        _time = time;
        _burst = burst;
        _perSecond = perSecond;
        _tokens = burst;
        _refilledAt = time.GetTimestamp();
    }

    /// <summary>Takes one token, waiting on the clock until one is there.</summary>
    public async Task AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                var now = _time.GetTimestamp();
                _tokens = Math.Min(_burst, _tokens + ((now - _refilledAt) / (double)_time.TimestampFrequency * _perSecond));
                _refilledAt = now;
                if (_tokens >= 1)
                {
                    _tokens -= 1;
                    return;
                }

                wait = TimeSpan.FromSeconds((1 - _tokens) / _perSecond);
            }

            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }
}
