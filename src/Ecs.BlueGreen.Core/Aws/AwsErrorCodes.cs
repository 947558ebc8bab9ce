namespace Ecs.BlueGreen.Aws;

/// <summary>Error codes whose meaning the retry logic depends on (aws-api-facts.md §6.3).</summary>
internal static class AwsErrorCodes
{
    // botocore's _THROTTLED_ERROR_CODES less LimitExceededException: ECS uses that code for resource
    // limits (for example too many revisions), where retrying cannot succeed (aws-api-facts.md §1.3).
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
