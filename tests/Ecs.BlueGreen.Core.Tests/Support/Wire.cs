using Amazon.Runtime;
using Ecs.BlueGreen.Aws;

namespace Ecs.BlueGreen.Tests.Support;

/// <summary>The credentials, clock and options shared by the wire tests.</summary>
public static class Wire
{
    /// <summary>The access key id of the test credentials (AWS's documentation example).</summary>
    public const string AccessKey = "AKIDEXAMPLE";

    /// <summary>The secret key of the test credentials (AWS's documentation example).</summary>
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    /// <summary>The session token of the temporary test credentials.</summary>
    public const string SessionToken = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN/////wEaCXVzLWVhc3QtMSJHMEUCIQD";

    /// <summary>The fixed time the manual clock starts at: 2026-08-01 12:00:00 UTC.</summary>
    public static DateTimeOffset Now { get; } = new(2026, 8, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Long-term credentials.</summary>
    public static AWSCredentials Basic() => new BasicAWSCredentials(AccessKey, SecretKey);

    /// <summary>Temporary credentials with a session token.</summary>
    public static AWSCredentials Session() => new SessionAWSCredentials(AccessKey, SecretKey, SessionToken);

    /// <summary>Retries without backoff, so a test needs not move the clock between attempts.</summary>
    public static AwsRetryOptions NoDelay(int maxAttempts = 5) => new()
    {
        MaxAttempts = maxAttempts,
        ThrottlingBaseDelay = TimeSpan.Zero,
        TransientBaseDelay = TimeSpan.Zero,
    };

    /// <summary>Client options on <paramref name="clock"/>, with jitter fixed at 0.5.</summary>
    public static AwsClientOptions Options(TimeProvider clock, AwsRetryOptions? retry = null) => new()
    {
        TimeProvider = clock,
        Random = () => 0.5,
        Retry = retry ?? NoDelay(),
    };

    /// <summary>A small DescribeServices request.</summary>
    public static DescribeServicesProbe Probe() => new()
    {
        Cluster = "prod",
        Services = ["web"],
        UpdatedSince = new DateTimeOffset(2026, 8, 1, 12, 0, 0, 250, TimeSpan.Zero),
    };
}

/// <summary>A request DTO defined by the tests: a cluster, services and a timestamp.</summary>
public sealed class DescribeServicesProbe
{
    /// <summary>Sent as <c>cluster</c>.</summary>
    public string? Cluster { get; init; }

    /// <summary>Sent as <c>services</c>.</summary>
    public IReadOnlyList<string>? Services { get; init; }

    /// <summary>Sent as <c>updatedSince</c>, in epoch seconds.</summary>
    public DateTimeOffset UpdatedSince { get; init; }
}

/// <summary>The part of a DescribeServices answer the tests read.</summary>
public sealed class DescribeServicesProbeResponse
{
    /// <summary>The services found.</summary>
    public IReadOnlyList<ServiceProbe>? Services { get; init; }
}

/// <summary>One service of <see cref="DescribeServicesProbeResponse"/>.</summary>
public sealed class ServiceProbe
{
    /// <summary>The service name.</summary>
    public string? ServiceName { get; init; }

    /// <summary>When the service was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>An operation input with no members: sent as <c>{}</c>.</summary>
public sealed class EmptyProbe;
