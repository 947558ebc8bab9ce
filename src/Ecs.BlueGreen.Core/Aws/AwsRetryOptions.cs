namespace Ecs.BlueGreen.Aws;

/// <summary>
/// How calls to AWS are retried: throttling, 5xx answers and network failures, with exponential backoff
/// and full jitter (the AWS SDKs' standard retry mode, https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html),
/// bounded in attempts and in total time. Client errors are never retried, and cancellation stops at once.
/// </summary>
public sealed class AwsRetryOptions
{
    /// <summary>The defaults described on each property.</summary>
    public static AwsRetryOptions Default { get; } = new();

    /// <summary>Attempts in all, the first included.</summary>
    /// <value>The default value is 5 (the SDKs use 3; a deployment tool prefers patience to a failed rollout).</value>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The backoff base after a throttling answer.</summary>
    /// <value>The default value is 1 second, as in the SDKs' standard mode.</value>
    public TimeSpan ThrottlingBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The backoff base after a 5xx answer, a timeout or a network failure.</summary>
    /// <value>The default value is 50 milliseconds, as in the SDKs' 2026 standard mode.</value>
    public TimeSpan TransientBaseDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The largest single backoff.</summary>
    /// <value>The default value is 20 seconds, as in the SDKs.</value>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long one attempt may take before it counts as a timeout.</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>No retry starts once this much time has passed since the first attempt began.</summary>
    /// <value>The default value is 2 minutes.</value>
    public TimeSpan MaxRetryDuration { get; init; } = TimeSpan.FromMinutes(2);

    internal void Validate()
    {
        if (MaxAttempts < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxAttempts), MaxAttempts, "At least one attempt is needed.");
        }

        if (AttemptTimeout <= TimeSpan.Zero || MaxDelay < TimeSpan.Zero || ThrottlingBaseDelay < TimeSpan.Zero || TransientBaseDelay < TimeSpan.Zero || MaxRetryDuration < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(AttemptTimeout), "Retry delays and timeouts cannot be negative, and the attempt timeout must be positive.");
        }
    }
}
