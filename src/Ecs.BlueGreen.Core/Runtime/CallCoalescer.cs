namespace Ecs.BlueGreen.Runtime;

/// <summary>
/// Sends the reads that arrive together as one call: the first request for a key opens a batch that waits
/// <see cref="Window"/> on the injected clock for others (or less, once it holds <c>capacity</c> items), then one call
/// answers all of them. The call itself is not cancelled by one waiter giving up: the others still want its answer.
/// </summary>
/// <typeparam name="TKey">What must be equal for requests to share a call (a cluster, for DescribeServices).</typeparam>
/// <typeparam name="TResponse">The call's answer, given to every request of its batch.</typeparam>
internal sealed class CallCoalescer<TKey, TResponse>(TimeProvider time, TimeSpan window, int capacity)
    where TKey : notnull
{
#if NET9_0_OR_GREATER
    private readonly Lock _lock = new();
#else
    // System.Threading.Lock is new in .NET 9 (https://learn.microsoft.com/dotnet/api/system.threading.lock); a plain object there.
    private readonly object _lock = new();
#endif
    private readonly Dictionary<TKey, Batch> _open = [];

    /// <summary>How long a batch waits for more requests after its first.</summary>
    public TimeSpan Window => window;

    /// <summary>
    /// Adds <paramref name="items"/> to the open batch of <paramref name="key"/> (or a new one when that one would
    /// overflow), and returns the answer of the call that batch is sent with by <paramref name="send"/>.
    /// </summary>
    public async Task<TResponse> AddAsync(TKey key, IReadOnlyList<string> items, Func<IReadOnlyList<string>, CancellationToken, Task<TResponse>> send, CancellationToken cancellationToken)
    {
        Batch batch;
        var opened = false;
        lock (_lock)
        {
            if (!_open.TryGetValue(key, out batch!) || batch.Items.Union(items, StringComparer.Ordinal).Count() > capacity)
            {
                batch = new Batch();
                _open[key] = batch;
                opened = true;
            }

            foreach (var item in items)
            {
                if (!batch.Items.Contains(item, StringComparer.Ordinal))
                {
                    batch.Items.Add(item);
                }
            }

            if (batch.Items.Count >= capacity)
            {
                _open.Remove(key);
                batch.Full.TrySetResult();
            }
        }

        if (opened)
        {
            _ = SendAsync(key, batch, send);
        }

        return await batch.Answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task SendAsync(TKey key, Batch batch, Func<IReadOnlyList<string>, CancellationToken, Task<TResponse>> send)
    {
        using (var stop = new CancellationTokenSource())
        {
            var delay = Task.Delay(window, time, stop.Token);
            await Task.WhenAny(delay, batch.Full.Task).ConfigureAwait(false);
            await stop.CancelAsync().ConfigureAwait(false);
        }

        IReadOnlyList<string> items;
        lock (_lock)
        {
            if (_open.TryGetValue(key, out var open) && open == batch)
            {
                _open.Remove(key);
            }

            items = [.. batch.Items];
        }

        try
        {
            batch.Answer.TrySetResult(await send(items, CancellationToken.None).ConfigureAwait(false));
        }
        catch (Exception exception)
        {
            batch.Answer.TrySetException(exception);
        }
    }

    private sealed class Batch
    {
        public List<string> Items { get; } = [];

        public TaskCompletionSource Full { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<TResponse> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
