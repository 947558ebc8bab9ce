namespace Ecs.BlueGreen.Aws;

/// <summary>
/// Error codes whose meaning the retry logic depends on (the AWS SDKs' standard retry mode,
/// https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html; botocore's lists in
/// <c>botocore/retries/standard.py</c>).
/// </summary>
internal static class AwsErrorCodes
{
    // botocore's _THROTTLED_ERROR_CODES less LimitExceededException: ECS uses that code for resource
    // limits (ecs#LimitExceededException, "The limit for the resource was exceeded", one of RegisterTaskDefinition's
    // errors; for example too many revisions), where retrying cannot succeed [inference].
    private static readonly HashSet<string> Throttling = new(StringComparer.OrdinalIgnoreCase)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "RequestThrottled", "SlowDown",
        "PriorRequestNotComplete", "EC2ThrottledException",
    };

    private static readonly HashSet<string> Transient = new(StringComparer.OrdinalIgnoreCase)
    {
        "RequestTimeout", "RequestTimeoutException", "ServerException", "InternalFailure", "ServiceUnavailable",
    };

    public static bool IsThrottling(string code) => Throttling.Contains(code);

    public static bool IsTransient(string code) => Transient.Contains(code);
}
