using System.Text.Json.Serialization;
using Ecs.BlueGreen.Aws.Json;

namespace Ecs.BlueGreen.Logs.Model;

/// <summary>
/// GetLogEvents input. Give <see cref="LogGroupName"/> or <see cref="LogGroupIdentifier"/>, not both.
/// Times are epoch milliseconds, as in the CloudWatch Logs model.
/// </summary>
public sealed record GetLogEventsRequest : AwsShape
{
    /// <summary>The name of the log group.</summary>
    public string? LogGroupName { get; init; }

    /// <summary>The name or ARN of the log group.</summary>
    public string? LogGroupIdentifier { get; init; }

    /// <summary>The name of the log stream (required).</summary>
    public required string LogStreamName { get; init; }

    /// <summary>Only events at or after this time, in milliseconds since the Unix epoch.</summary>
    public long? StartTime { get; init; }

    /// <summary>Only events before this time, in milliseconds since the Unix epoch.</summary>
    public long? EndTime { get; init; }

    /// <summary>A <c>nextForwardToken</c> or <c>nextBackwardToken</c> of an earlier answer.</summary>
    public string? NextToken { get; init; }

    /// <summary>At most this many events, 1–10,000; AWS returns up to 1 MB when omitted.</summary>
    public int? Limit { get; init; }

    /// <summary>
    /// <see langword="true"/> reads from the earliest event; <see langword="false"/> (the AWS default) returns
    /// the latest events. Must be <see langword="true"/> when <see cref="NextToken"/> is a forward token.
    /// </summary>
    public bool? StartFromHead { get; init; }

    /// <summary>Shows masked sensitive data (needs the <c>logs:Unmask</c> permission).</summary>
    public bool? Unmask { get; init; }
}

/// <summary>GetLogEvents output.</summary>
public sealed record GetLogEventsResponse : AwsShape
{
    /// <summary>The events, oldest first.</summary>
    public IReadOnlyList<OutputLogEvent> Events { get; init => field = value ?? []; } = [];

    /// <summary>The token of the next, newer events; at the end of the stream, the token that was passed in.</summary>
    public string? NextForwardToken { get; init; }

    /// <summary>The token of the previous, older events; at the start of the stream, the token that was passed in.</summary>
    public string? NextBackwardToken { get; init; }
}

/// <summary>One event of a log stream (<c>OutputLogEvent</c>).</summary>
public sealed record OutputLogEvent : AwsShape
{
    /// <summary>When the event happened, in milliseconds since the Unix epoch.</summary>
    public long? Timestamp { get; init; }

    /// <summary>The line.</summary>
    public string? Message { get; init; }

    /// <summary>When CloudWatch Logs received the event, in milliseconds since the Unix epoch.</summary>
    public long? IngestionTime { get; init; }

    /// <summary><see cref="Timestamp"/> as a <see cref="DateTimeOffset"/> (not on the wire).</summary>
    [JsonIgnore]
    public DateTimeOffset? Time => Timestamp is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
