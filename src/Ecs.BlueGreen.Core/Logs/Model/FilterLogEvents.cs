using System.Text.Json.Serialization;
using Ecs.BlueGreen.Aws.Json;

namespace Ecs.BlueGreen.Logs.Model;

/// <summary>
/// FilterLogEvents input: events of several streams of one log group, interleaved by time. Give
/// <see cref="LogGroupName"/> or <see cref="LogGroupIdentifier"/>, and at most one of
/// <see cref="LogStreamNames"/> and <see cref="LogStreamNamePrefix"/>. The deprecated <c>interleaved</c>
/// member (ignored by AWS since 2019) is not modelled.
/// </summary>
public sealed record FilterLogEventsRequest : AwsShape
{
    /// <summary>The name of the log group.</summary>
    public string? LogGroupName { get; init; }

    /// <summary>The name or ARN of the log group.</summary>
    public string? LogGroupIdentifier { get; init; }

    /// <summary>Only these streams (1–100).</summary>
    public IReadOnlyList<string>? LogStreamNames { get; init; }

    /// <summary>Only streams whose name starts with this prefix, for example <c>web/app/</c>.</summary>
    public string? LogStreamNamePrefix { get; init; }

    /// <summary>Only events at or after this time, in milliseconds since the Unix epoch.</summary>
    public long? StartTime { get; init; }

    /// <summary>Only events before this time, in milliseconds since the Unix epoch.</summary>
    public long? EndTime { get; init; }

    /// <summary>A CloudWatch Logs filter pattern; every event when omitted.</summary>
    public string? FilterPattern { get; init; }

    /// <summary>The <c>nextToken</c> of the previous page.</summary>
    public string? NextToken { get; init; }

    /// <summary>At most this many events a page, 1–10,000 (the AWS default is 10,000).</summary>
    public int? Limit { get; init; }

    /// <summary>The direction of the pages: <see langword="true"/> (the default) from the earliest event.</summary>
    public bool? StartFromHead { get; init; }

    /// <summary>Shows masked sensitive data (needs the <c>logs:Unmask</c> permission).</summary>
    public bool? Unmask { get; init; }
}

/// <summary>
/// FilterLogEvents output. The deprecated <c>searchedLogStreams</c> member (always empty since 2020) is not
/// modelled; it stays in <see cref="AwsShape.AdditionalMembers"/>.
/// </summary>
public sealed record FilterLogEventsResponse : AwsShape
{
    /// <summary>The matching events of this page.</summary>
    public IReadOnlyList<FilteredLogEvent> Events { get; init => field = value ?? []; } = [];

    /// <summary>The token of the next page; <see langword="null"/> on the last.</summary>
    public string? NextToken { get; init; }
}

/// <summary>One event found by FilterLogEvents (<c>FilteredLogEvent</c>).</summary>
public sealed record FilteredLogEvent : AwsShape
{
    /// <summary>The stream the event belongs to.</summary>
    public string? LogStreamName { get; init; }

    /// <summary>When the event happened, in milliseconds since the Unix epoch.</summary>
    public long? Timestamp { get; init; }

    /// <summary>The line.</summary>
    public string? Message { get; init; }

    /// <summary>When CloudWatch Logs received the event, in milliseconds since the Unix epoch.</summary>
    public long? IngestionTime { get; init; }

    /// <summary>The event's id.</summary>
    public string? EventId { get; init; }

    /// <summary><see cref="Timestamp"/> as a <see cref="DateTimeOffset"/> (not on the wire).</summary>
    [JsonIgnore]
    public DateTimeOffset? Time => Timestamp is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
