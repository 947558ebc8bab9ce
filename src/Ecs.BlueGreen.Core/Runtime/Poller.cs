using System.Diagnostics.CodeAnalysis;
using Ecs.BlueGreen.Aws;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Ecs.BlueGreen.Runtime;

/// <summary>
/// Polling as Polly does it: a result-based retry that repeats a check at an adaptive interval until it returns a
/// final (non-null) result or the deadline passes, with a timeout around each check. The deadline stops new checks
/// from starting; a check already under way when it passes may finish within <see cref="DeadlineGrace"/>, so that a
/// slow or throttled answer that confirms the end is not turned into a timeout. Transient failures of a check
/// (throttling beyond the client's own retries, server faults, network errors) are reported and retried; others
/// end it.
/// </summary>
internal static class Poller
{
    /// <summary>How long a check under way at the deadline may still take: a slow answer plus one retry of the client.</summary>
    public static readonly TimeSpan DeadlineGrace = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Runs <paramref name="check"/> until it returns non-null, waiting <paramref name="interval"/>(attempt) between
    /// checks; <see langword="null"/> when the deadline (a <see cref="TimeProvider.GetTimestamp"/> value, which may move
    /// while polling) passed first.
    /// </summary>
    // Polly's AddRetry keeps every member of the result type for its options validation, so the type says so too.
    public static async Task<T?> PollAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] T>(Func<CancellationToken, Task<T?>> check, Func<long> deadline, Func<int, TimeSpan> interval,
        TimeProvider time, Action<Exception> onTransientFailure, CancellationToken cancellationToken)
        where T : class
    {
        TimeSpan Remaining() => TimeSpan.FromTicks(Math.Max(0, (long)((deadline() - time.GetTimestamp()) * ((double)TimeSpan.TicksPerSecond / time.TimestampFrequency))));
        var pipeline = new ResiliencePipelineBuilder<T?> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<T?>
            {
                MaxRetryAttempts = int.MaxValue,
                ShouldHandle = args => ValueTask.FromResult(Remaining() > TimeSpan.Zero && args.Outcome switch
                {
                    { Exception: { } exception } => IsTransient(exception),
                    { Result: null } => true,
                    _ => false,
                }),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Min(interval(args.AttemptNumber), Remaining())),
                OnRetry = args =>
                {
                    if (args.Outcome.Exception is { } exception)
                    {
                        onTransientFailure(exception);
                    }

                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(new TimeoutStrategyOptions { TimeoutGenerator = _ => ValueTask.FromResult(Remaining() + DeadlineGrace) })
            .Build();
        try
        {
            return await pipeline.ExecuteAsync(async token => await check(token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested && (exception is TimeoutRejectedException || IsTransient(exception)))
        {
            // The deadline passed while the checks were failing or slow: a timeout, with the last failure reported.
            onTransientFailure(exception);
            return null;
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    internal static bool IsTransient(Exception exception) => exception switch
    {
        AwsException e => e.IsTransient,
        HttpRequestException or TimeoutRejectedException => true,
        _ => false,
    };
}
