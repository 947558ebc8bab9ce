using System.Runtime.CompilerServices;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Logs.Model;

namespace Ecs.BlueGreen.Logs;

/// <summary>
/// Reading what a container wrote, over <see cref="ICloudWatchLogsClient"/>: the last lines of a stream,
/// following a stream as it grows, and every page of a filter.
/// </summary>
public static class CloudWatchLogsClientExtensions
{
    /// <summary>GetLogEvents and FilterLogEvents return at most this many events a call.</summary>
    public const int MaxEventsPerCall = 10_000;

    private const string ResourceNotFound = "ResourceNotFoundException";

    /// <summary>
    /// The last <paramref name="count"/> events of a stream, oldest first: one GetLogEvents call with
    /// <c>startFromHead=false</c> and <c>limit</c> <paramref name="count"/>. CloudWatch Logs may return fewer
    /// (a page holds at most 1 MB).
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="logGroup">The log group's name, or its ARN.</param>
    /// <param name="logStreamName">The stream, for example <c>web/app/0123456789abcdef0123456789abcdef</c>.</param>
    /// <param name="count">How many events, 1–10,000.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="AwsServiceException"><c>ResourceNotFoundException</c> when the group or the stream does not exist.</exception>
    public static async Task<IReadOnlyList<OutputLogEvent>> GetLastLogEventsAsync(this ICloudWatchLogsClient client, string logGroup, string logStreamName, int count, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(logGroup);
        ArgumentException.ThrowIfNullOrWhiteSpace(logStreamName);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxEventsPerCall);
        var response = await client.GetLogEventsAsync(WithGroup(new GetLogEventsRequest { LogStreamName = logStreamName, StartFromHead = false, Limit = count }, logGroup), cancellationToken).ConfigureAwait(false);
        return response.Events;
    }

    /// <summary>
    /// Follows a stream: yields its events oldest first, then keeps asking for newer ones with
    /// <c>nextForwardToken</c>, waiting <paramref name="pollInterval"/> (on <paramref name="timeProvider"/>)
    /// after every call that brought nothing new. It ends only when <paramref name="cancellationToken"/> is
    /// cancelled (with <see cref="OperationCanceledException"/>) or a call fails.
    /// Until the first answer, a missing group or stream counts as "nothing yet": a container's stream
    /// appears when the container starts.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="request">
    /// The first call. Set <see cref="GetLogEventsRequest.StartFromHead"/> to <see langword="true"/> to start
    /// at the first event; otherwise GetLogEvents starts with the latest events. Later calls use the forward
    /// token with <c>startFromHead=true</c>, as CloudWatch Logs requires.
    /// </param>
    /// <param name="pollInterval">The wait after a call that brought no events.</param>
    /// <param name="timeProvider">The clock of the waits; the default is <see cref="TimeProvider.System"/>.</param>
    /// <param name="cancellationToken">Stops following.</param>
    public static IAsyncEnumerable<OutputLogEvent> FollowLogEventsAsync(this ICloudWatchLogsClient client, GetLogEventsRequest request, TimeSpan pollInterval, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pollInterval, TimeSpan.Zero);
        return Follow(client, request, pollInterval, null, timeProvider ?? TimeProvider.System, cancellationToken);
    }

    /// <summary>
    /// Follows a stream as <see cref="FollowLogEventsAsync(ICloudWatchLogsClient, GetLogEventsRequest, TimeSpan, TimeProvider?, CancellationToken)"/>
    /// does, until <paramref name="stopping"/> completes: then it reads what the stream still holds, up to a call that
    /// brings no new event, and ends. Use it to show a task's log while it runs and lose none of its last lines, say
    /// with <paramref name="stopping"/> completed once the task has stopped.
    /// </summary>
    /// <param name="client">The client.</param>
    /// <param name="request">The first call, as for the other overload.</param>
    /// <param name="pollInterval">The wait after a call that brought no events; <paramref name="stopping"/> ends it early.</param>
    /// <param name="stopping">Completes when the stream's writer is done: no line written before is lost.</param>
    /// <param name="timeProvider">The clock of the waits; the default is <see cref="TimeProvider.System"/>.</param>
    /// <param name="cancellationToken">Stops following at once, with <see cref="OperationCanceledException"/>.</param>
    public static IAsyncEnumerable<OutputLogEvent> FollowLogEventsUntilAsync(this ICloudWatchLogsClient client, GetLogEventsRequest request, TimeSpan pollInterval, Task stopping, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(stopping);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pollInterval, TimeSpan.Zero);
        return Follow(client, request, pollInterval, stopping, timeProvider ?? TimeProvider.System, cancellationToken);
    }

    /// <summary>Every event a FilterLogEvents request matches, following <c>nextToken</c> across pages (some of which may be empty).</summary>
    public static IAsyncEnumerable<FilteredLogEvent> FilterAllLogEventsAsync(this ICloudWatchLogsClient client, FilterLogEventsRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        return FilterAll(client, request, cancellationToken);
    }

    private static GetLogEventsRequest WithGroup(GetLogEventsRequest request, string logGroup) =>
        logGroup.StartsWith("arn:", StringComparison.Ordinal) ? request with { LogGroupIdentifier = logGroup } : request with { LogGroupName = logGroup };

    private static async IAsyncEnumerable<OutputLogEvent> Follow(ICloudWatchLogsClient client, GetLogEventsRequest request, TimeSpan pollInterval, Task? stopping, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = request;
        var answered = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();

            // Read before the call: a call that starts after the writer is done and brings nothing new is the end.
            var finishing = stopping?.IsCompleted == true;
            GetLogEventsResponse? page = null;
            try
            {
                page = await client.GetLogEventsAsync(next, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException exception) when (!answered && exception.ErrorCode == ResourceNotFound)
            {
                // The stream does not exist yet: the container has not started or written anything.
            }

            if (page is not null)
            {
                answered = true;
                foreach (var logEvent in page.Events)
                {
                    yield return logEvent;
                }

                if (!string.IsNullOrEmpty(page.NextForwardToken))
                {
                    next = request with { NextToken = page.NextForwardToken, StartFromHead = true };
                }

                // Events came: more may be waiting, ask again at once. An empty page waits, which bounds the call rate.
                if (page.Events.Count > 0)
                {
                    continue;
                }
            }

            if (finishing)
            {
                yield break;
            }

            await WaitAsync(pollInterval, stopping, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The poll interval, cut short when <paramref name="stopping"/> completes.</summary>
    private static async Task WaitAsync(TimeSpan pollInterval, Task? stopping, TimeProvider time, CancellationToken cancellationToken)
    {
        if (stopping is null)
        {
            await Task.Delay(pollInterval, time, cancellationToken).ConfigureAwait(false);
            return;
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(pollInterval, time, wait.Token);
        await Task.WhenAny(delay, stopping).ConfigureAwait(false);
        await wait.CancelAsync().ConfigureAwait(false);
        await delay.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static IAsyncEnumerable<FilteredLogEvent> FilterAll(ICloudWatchLogsClient client, FilterLogEventsRequest request, CancellationToken cancellationToken) =>
        Pagination.AllPagesAsync(
            "CloudWatch Logs",
            async (token, ct) =>
            {
                var page = await client.FilterLogEventsAsync(request with { NextToken = token }, ct).ConfigureAwait(false);
                return (page.Events, page.NextToken);
            },
            request.NextToken,
            cancellationToken);
}
