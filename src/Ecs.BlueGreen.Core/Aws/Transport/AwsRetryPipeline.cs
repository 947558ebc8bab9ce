using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Ecs.BlueGreen.Aws.Transport;

/// <summary>
/// The Polly pipeline around every AWS call: a retry strategy (bounded attempts, bounded total time,
/// exponential backoff with full jitter) around a per-attempt timeout. Only failures where AWS did not
/// process the request, or where processing it twice is harmless, reach the retry strategy: the
/// transport turns an ambiguous failure of a non-idempotent write into
/// <see cref="AwsWriteOutcomeUnknownException"/>, which is never retried.
/// </summary>
internal static class AwsRetryPipeline
{
    public static ResiliencePipeline Create(AwsRetryOptions options, TimeProvider timeProvider, Func<double> random)
    {
        options.Validate();
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };
        if (options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(options, timeProvider, random, args.Context, args.AttemptNumber, args.Outcome.Exception)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Context.Properties.GetValue(NextDelay, TimeSpan.Zero)),
            });
        }

        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = options.AttemptTimeout });
        return builder.Build();
    }

    /// <summary>The <see cref="TimeProvider.GetTimestamp"/> at which the first attempt began.</summary>
    public static ResiliencePropertyKey<long> StartedAt { get; } = new("ecs-bluegreen.started-at");

    /// <summary>The backoff chosen by <see cref="ShouldRetry"/> for the retry about to start.</summary>
    private static ResiliencePropertyKey<TimeSpan> NextDelay { get; } = new("ecs-bluegreen.next-delay");

    /// <summary>
    /// Bounded in time as well as in attempts: a retry is made only if it starts before MaxRetryDuration,
    /// so the backoff is chosen here, counted against the bound, and handed to the delay generator.
    /// </summary>
    private static bool ShouldRetry(AwsRetryOptions options, TimeProvider timeProvider, Func<double> random, ResilienceContext context, int attemptNumber, Exception? exception)
    {
        if (exception is null || !IsRetryable(exception))
        {
            return false;
        }

        var delay = FullJitter(options, attemptNumber, exception, random);
        context.Properties.Set(NextDelay, delay);
        return timeProvider.GetElapsedTime(context.Properties.GetValue(StartedAt, 0L)) + delay < options.MaxRetryDuration;
    }

    public static bool IsRetryable(Exception exception) => exception switch
    {
        AwsServiceException aws => aws.IsThrottling || aws.IsServerFault,
        HttpRequestException => true,
        TimeoutRejectedException => true,
        IOException => true,
        _ => false,
    };

    /// <summary>
    /// delay = random[0,1) × min(maxDelay, base × 2^attempt), the "full jitter" of the AWS SDKs' standard retry mode
    /// (https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html).
    /// </summary>
    internal static TimeSpan FullJitter(AwsRetryOptions options, int attemptNumber, Exception? exception, Func<double> random)
    {
        var baseDelay = exception is AwsServiceException { IsThrottling: true } ? options.ThrottlingBaseDelay : options.TransientBaseDelay;
        var exponent = Math.Min(attemptNumber, 30);
        var ceiling = Math.Min(options.MaxDelay.Ticks, baseDelay.Ticks * Math.Pow(2, exponent));
        return TimeSpan.FromTicks((long)(random() * ceiling));
    }
}
