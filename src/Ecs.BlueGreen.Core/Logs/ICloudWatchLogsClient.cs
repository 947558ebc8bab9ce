using Ecs.BlueGreen.Logs.Model;

namespace Ecs.BlueGreen.Logs;

/// <summary>
/// The CloudWatch Logs operations ecs-bluegreen uses to show what a container wrote, with the shapes of
/// the CloudWatch Logs service model. Helpers (the last lines of a stream, following a stream, every page
/// of a filter) are in <see cref="CloudWatchLogsClientExtensions"/>.
/// </summary>
public interface ICloudWatchLogsClient
{
    /// <summary>GetLogEvents: one page of the events of one stream.</summary>
    Task<GetLogEventsResponse> GetLogEventsAsync(GetLogEventsRequest request, CancellationToken cancellationToken = default);

    /// <summary>FilterLogEvents: one page of the events of a group's streams, interleaved by time.</summary>
    Task<FilterLogEventsResponse> FilterLogEventsAsync(FilterLogEventsRequest request, CancellationToken cancellationToken = default);
}
