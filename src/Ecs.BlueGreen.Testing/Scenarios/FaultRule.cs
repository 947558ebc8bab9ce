namespace Ecs.BlueGreen.Testing.Scenarios;

/// <summary>What a <see cref="FaultRule"/> does to a call.</summary>
public enum FaultKind
{
    /// <summary>
    /// <c>ThrottlingException</c>, HTTP 400, <c>Rate exceeded</c> (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html).
    /// </summary>
    Throttle,

    /// <summary><c>ServerException</c>, HTTP 500.</summary>
    ServerError,

    /// <summary>The connection is dropped before an answer is sent.</summary>
    DropConnection,

    /// <summary>The answer is delayed by <see cref="FaultRule.LatencyMilliseconds"/> of simulated time.</summary>
    Latency,
}

/// <summary>
/// One injected API fault: which calls it hits (<see cref="Operation"/>, after <see cref="AfterCalls"/>
/// matching calls, <see cref="Count"/> times, optionally only inside a window of simulated time).
/// </summary>
public sealed record FaultRule
{
    /// <summary>The operation name, for example <c>DescribeServices</c>; <c>*</c> matches every operation.</summary>
    /// <value>The default value is <c>*</c>.</value>
    public string Operation { get; init; } = "*";

    /// <summary>What happens to a matching call.</summary>
    public FaultKind Kind { get; init; }

    /// <summary>How many matching calls pass untouched before the fault starts.</summary>
    public int AfterCalls { get; init; }

    /// <summary>How many calls the fault hits; <c>null</c> hits every matching call.</summary>
    public int? Count { get; init; }

    /// <summary>The delay of a <see cref="FaultKind.Latency"/> fault, in simulated milliseconds.</summary>
    public int LatencyMilliseconds { get; init; }

    /// <summary>
    /// For <see cref="FaultKind.DropConnection"/> and <see cref="FaultKind.ServerError"/>: whether the call takes
    /// effect before the connection drops or the server answers 500 (the caller cannot know which).
    /// </summary>
    public bool Applied { get; init; }

    /// <summary>Seconds after the emulator started before the rule applies.</summary>
    public double? FromSecond { get; init; }

    /// <summary>Seconds after the emulator started after which the rule no longer applies.</summary>
    public double? UntilSecond { get; init; }
}

/// <summary>The API faults of a scenario.</summary>
public sealed record FaultSettings
{
    /// <summary>
    /// Whether each operation draws from its category's token bucket with the burst and sustained rates
    /// of the ECS API reference's request throttling page (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html);
    /// an empty bucket answers <c>ThrottlingException</c>.
    /// </summary>
    public bool TokenBuckets { get; init; }

    /// <summary>The injected faults, checked in order; the first that applies wins (latency rules add up and do not stop the search).</summary>
    public IReadOnlyList<FaultRule> Rules { get; init; } = [];
}
