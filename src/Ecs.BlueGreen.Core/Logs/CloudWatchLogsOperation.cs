using Ecs.BlueGreen.Aws.Retry;
using Ecs.BlueGreen.Logs.Model;

namespace Ecs.BlueGreen.Logs;

/// <summary>One CloudWatch Logs operation: its model name, shapes, and what a second copy of it would do.</summary>
public sealed record CloudWatchLogsOperation
{
    private CloudWatchLogsOperation(string name, Type requestType, Type responseType, AwsOperationKind kind)
    {
        Name = name;
        RequestType = requestType;
        ResponseType = responseType;
        Kind = kind;
    }

    /// <summary>The operation's name in the model, for example <c>GetLogEvents</c>.</summary>
    public string Name { get; }

    /// <summary>The request type.</summary>
    public Type RequestType { get; }

    /// <summary>The response type.</summary>
    public Type ResponseType { get; }

    /// <summary>Whether and when it may be sent again.</summary>
    public AwsOperationKind Kind { get; }

    /// <summary>GetLogEvents: the events of one stream.</summary>
    public static CloudWatchLogsOperation GetLogEvents { get; } = Of<GetLogEventsRequest, GetLogEventsResponse>("GetLogEvents", AwsOperationKind.Read);

    /// <summary>FilterLogEvents: the events of several streams of a group, interleaved by time.</summary>
    public static CloudWatchLogsOperation FilterLogEvents { get; } = Of<FilterLogEventsRequest, FilterLogEventsResponse>("FilterLogEvents", AwsOperationKind.Read);

    /// <summary>Every operation of <see cref="ICloudWatchLogsClient"/>.</summary>
    public static IReadOnlyList<CloudWatchLogsOperation> All { get; } = [GetLogEvents, FilterLogEvents];

    private static CloudWatchLogsOperation Of<TRequest, TResponse>(string name, AwsOperationKind kind) => new(name, typeof(TRequest), typeof(TResponse), kind);
}
