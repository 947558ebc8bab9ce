using Ecs.BlueGreen.Aws;
using Polly;
using Polly.Retry;

namespace Ecs.BlueGreen.Runtime;

/// <summary>
/// The engine's patience on top of the client's own retries, so that a run rides out a throttling burst or a short
/// outage that outlasts one call's retries (bounded in attempts and in time):
/// <list type="bullet">
/// <item>a read is tried again after a transient failure;</item>
/// <item>a write is sent exactly once: after a failure whose outcome is unknown (a dropped connection, a timeout, a
/// 5xx), ECS is read to learn whether it took effect, and only a write that provably did not is sent again;
/// a write rejected before any work (throttling, a refused connection) is simply sent again.</item>
/// </list>
/// Writes are never cut off half-way: the caller's token only stops a write from being sent (or sent again).
/// </summary>
internal sealed class PatientCalls
{
    /// <summary>Tries of one call, each with the client's own retries inside.</summary>
    public const int Attempts = 6;

    /// <summary>No new try starts this long after the first one began.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromMinutes(3);

    private static readonly ResiliencePropertyKey<long> StartedAt = new("ecs-bluegreen.patience-started-at");

    private readonly TimeProvider _time;
    private readonly Action<DeploymentEvent> _report;
    private readonly ResiliencePipeline _pipeline;

    public PatientCalls(TimeProvider time, Action<DeploymentEvent> report)
    {
        _time = time;
        _report = report;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = Attempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(1),
                MaxDelay = TimeSpan.FromSeconds(20),
                ShouldHandle = args => ValueTask.FromResult(
                    (args.Outcome.Exception is NotAppliedException || args.Outcome.Exception is AwsException { IsTransient: true })
                    && _time.GetElapsedTime(args.Context.Properties.GetValue(StartedAt, 0L)) < MaxDuration),
                OnRetry = args =>
                {
                    if (args.Outcome.Exception is AwsException { IsTransient: true } failure)
                    {
                        _report(new AwsCallRetried { Time = _time.GetUtcNow(), Operation = failure.Operation, Error = failure.Message, Delay = args.RetryDelay });
                    }

                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Runs a read, trying again after transient failures.</summary>
    public Task<T> ReadAsync<T>(Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken) =>
        ExecuteAsync(read, cancellationToken);

    /// <summary>
    /// Sends a write exactly once. <paramref name="findApplied"/> reads ECS after an unknown outcome and returns the
    /// write's effect when it took effect, <see langword="null"/> when it provably did not.
    /// </summary>
    /// <exception cref="AwsWriteOutcomeUnknownException">The outcome is unknown and ECS could not be read to learn it.</exception>
    /// <exception cref="AwsTransportException">Every try failed, and ECS shows that none took effect.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="stopBeforeSending"/> was cancelled before the write was (re)sent; it did not take effect.</exception>
    public async Task<T> WriteAsync<T>(string operation, Func<Task<T>> send, Func<CancellationToken, Task<T?>> findApplied, CancellationToken stopBeforeSending)
        where T : class
    {
        try
        {
            return await ExecuteAsync(async _ =>
            {
                stopBeforeSending.ThrowIfCancellationRequested();
                try
                {
                    return await send().ConfigureAwait(false);
                }
                catch (AwsWriteOutcomeUnknownException unknown)
                {
                    T? applied;
                    try
                    {
                        applied = await ReadAsync(findApplied, CancellationToken.None).ConfigureAwait(false);
                    }
                    catch (AwsException failure)
                    {
                        throw new AwsWriteOutcomeUnknownException(unknown.Service, operation,
                            new InvalidOperationException($"{unknown.InnerException?.Message} ECS could not be read afterwards to learn whether it took effect: {failure.Message}", failure));
                    }

                    _report(new WriteChecked { Time = _time.GetUtcNow(), Operation = operation, Applied = applied is not null, Error = unknown.InnerException?.Message ?? unknown.Message });
                    return applied ?? throw new NotAppliedException(unknown);
                }
            }, stopBeforeSending).ConfigureAwait(false);
        }
        catch (NotAppliedException notApplied)
        {
            var unknown = (AwsWriteOutcomeUnknownException)notApplied.InnerException!;
            throw new AwsTransportException(unknown.Service, operation,
                $"every try failed ({unknown.InnerException?.Message}) and ECS shows that none took effect", isTransient: true, unknown);
        }
    }

    private async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(StartedAt, _time.GetTimestamp());
        try
        {
            return await _pipeline.ExecuteAsync(async (ctx, _) => await call(ctx.CancellationToken).ConfigureAwait(false), context, 0).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>A write whose outcome was unknown and that ECS shows did not take effect: safe to send again.</summary>
    private sealed class NotAppliedException(AwsWriteOutcomeUnknownException unknown) : Exception(unknown.Message, unknown);
}
