using System.Diagnostics.CodeAnalysis;
using Ecs.BlueGreen.Aws;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Ecs.BlueGreen.Deployments.Engine;

/// <summary>
/// Polling as Polly does it: a timeout strategy around a result-based retry that repeats a check at an
/// adaptive interval until it returns a final (non-null) result. Transient failures of a check (throttling
/// beyond the client's own retries, server faults, network errors) are reported and retried; others end it.
/// </summary>
internal static class Poller
{
    /// <summary>
    /// Runs <paramref name="check"/> until it returns non-null, waiting <paramref name="interval"/>(attempt) between
    /// checks; <see langword="null"/> when <paramref name="budget"/> ran out.
    /// </summary>
    // Polly's AddRetry keeps every member of the result type for its options validation, so the type says so too.
    public static async Task<T?> PollAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] T>(Func<CancellationToken, Task<T?>> check, TimeSpan budget, Func<int, TimeSpan> interval,
        TimeProvider time, Action<Exception> onTransientFailure, CancellationToken cancellationToken)
        where T : class
    {
        var pipeline = new ResiliencePipelineBuilder<T?> { TimeProvider = time }
            .AddTimeout(new TimeoutStrategyOptions { Timeout = budget })
            .AddRetry(new RetryStrategyOptions<T?>
            {
                MaxRetryAttempts = int.MaxValue,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: { } exception } => IsTransient(exception),
                    { Result: null } => true,
                    _ => false,
                }),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(interval(args.AttemptNumber)),
                OnRetry = args =>
                {
                    if (args.Outcome.Exception is { } exception)
                    {
                        onTransientFailure(exception);
                    }

                    return ValueTask.CompletedTask;
                },
            })
            .Build();
        try
        {
            return await pipeline.ExecuteAsync(async token => await check(token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException)
        {
            return null;
        }
    }

    private static bool IsTransient(Exception exception) => exception switch
    {
        AwsServiceException e => e.IsThrottling || e.IsServerFault,
        HttpRequestException or TimeoutRejectedException => true,
        _ => false,
    };
}
