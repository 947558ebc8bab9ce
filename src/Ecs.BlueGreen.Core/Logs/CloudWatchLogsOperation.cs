using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Logs.Model;

namespace Ecs.BlueGreen.Logs;

/// <summary>The CloudWatch Logs operations this library sends, with their shapes and retry kinds.</summary>
public static class CloudWatchLogsOperation
{
    /// <summary>GetLogEvents: the events of one stream.</summary>
    public static AwsOperation GetLogEvents { get; } = AwsOperation.Of<GetLogEventsRequest, GetLogEventsResponse>("GetLogEvents", AwsOperationKind.Read);

    /// <summary>FilterLogEvents: the events of several streams of a group, interleaved by time.</summary>
    public static AwsOperation FilterLogEvents { get; } = AwsOperation.Of<FilterLogEventsRequest, FilterLogEventsResponse>("FilterLogEvents", AwsOperationKind.Read);

    /// <summary>Every operation of <see cref="ICloudWatchLogsClient"/>.</summary>
    public static IReadOnlyList<AwsOperation> All { get; } = [GetLogEvents, FilterLogEvents];
}
