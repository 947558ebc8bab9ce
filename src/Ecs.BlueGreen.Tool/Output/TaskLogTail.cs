using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Configuration;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Logs;
using Ecs.BlueGreen.Logs.Model;
using Ecs.BlueGreen.Tasks;

namespace Ecs.BlueGreen.Tool.Output;

/// <summary>
/// --tail-logs: once RunTask has started the task, follows the CloudWatch Logs stream of every container that
/// logs with the <c>awslogs</c> driver (with the library's follower, in the container's log region) and prints its
/// lines on stderr, each prefixed with the container's name. <see cref="FinishAsync"/>, after the task has
/// stopped, lets each follower read what is left, so no line is lost or printed twice. The lines of one container
/// keep their order.
/// </summary>
internal sealed class TaskLogTail(IReadOnlyList<ContainerDefinition> containers, Func<string?, ICloudWatchLogsClient> logsClientFor, ConsoleReporter reporter, TimeProvider time)
{
    /// <summary>The wait after a read that brought nothing new.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _following = Task.CompletedTask;

    /// <summary>Passes every event on to <paramref name="inner"/> and starts following when the task has started.</summary>
    public IProgress<DeploymentEvent> Watch(IProgress<DeploymentEvent> inner, CancellationToken cancellationToken) => new Watcher(this, inner, cancellationToken);

    /// <summary>Tells the followers the task has stopped and waits until each has read every line still unread.</summary>
    public async Task FinishAsync()
    {
        _stopped.TrySetResult();
        await _following.ConfigureAwait(false);
    }

    private void Start(string taskArn, CancellationToken cancellationToken)
    {
        var streams = containers.Select(c => (Name: c.Name!, Location: ContainerLogLocation.From(c, taskArn)))
            .Where(s => s.Location is not null).ToList();
        if (streams.Count == 0)
        {
            reporter.Message("--tail-logs: no container of the task logs with the awslogs driver (awslogs-group and awslogs-stream-prefix); no log to show.", Tone.Warning);
            return;
        }

        _following = Task.WhenAll(streams.Select(s => Task.Run(() => FollowAsync(s.Name, s.Location!, cancellationToken), CancellationToken.None)));
    }

    private async Task FollowAsync(string container, ContainerLogLocation location, CancellationToken cancellationToken)
    {
        var group = location.LogGroupName;
        var request = new GetLogEventsRequest
        {
            LogGroupName = group.StartsWith("arn:", StringComparison.Ordinal) ? null : group,
            LogGroupIdentifier = group.StartsWith("arn:", StringComparison.Ordinal) ? group : null,
            LogStreamName = location.LogStreamName,
            StartFromHead = true,
        };
        try
        {
            var client = logsClientFor(location.Region);
            await foreach (var logEvent in client.FollowLogEventsUntilAsync(request, PollInterval, _stopped.Task, time, cancellationToken).ConfigureAwait(false))
            {
                reporter.Message($"[{container}] {logEvent.Message?.TrimEnd('\r', '\n')}");
            }
        }
        catch (AwsConfigurationException exception)
        {
            reporter.Message($"Cannot read the log of container {container}: {exception.Message}", Tone.Warning);
        }
        catch (Exception exception) when (exception is AwsException or HttpRequestException)
        {
            reporter.Message($"Cannot read the log of container {container} ({location.LogStreamName}): {exception.Message}; no more of its lines are shown.", Tone.Warning);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: the run is ending; the lines not yet read stay in CloudWatch Logs.
        }
    }

    private sealed class Watcher(TaskLogTail tail, IProgress<DeploymentEvent> inner, CancellationToken cancellationToken) : IProgress<DeploymentEvent>
    {
        public void Report(DeploymentEvent value)
        {
            inner.Report(value);
            if (value is TaskRunStarted started)
            {
                tail.Start(started.TaskArn, cancellationToken);
            }
        }
    }
}
