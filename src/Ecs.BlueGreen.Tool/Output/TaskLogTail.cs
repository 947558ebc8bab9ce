using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Configuration;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Logs;
using Ecs.BlueGreen.Logs.Model;
using Ecs.BlueGreen.Tasks;

namespace Ecs.BlueGreen.Tool.Output;

/// <summary>
/// --tail-logs: once RunTask has started the task, follows the CloudWatch Logs stream of every container that
/// logs with the <c>awslogs</c> driver and prints its lines on stderr, each prefixed with the container's name.
/// After the task has stopped, <see cref="FinishAsync"/> reads what is left from where each stream stopped, so no
/// line is lost or printed twice. The lines of one container keep their order.
/// </summary>
internal sealed class TaskLogTail(IReadOnlyList<ContainerDefinition> containers, Func<string?, ICloudWatchLogsClient> clientFactory, ConsoleReporter reporter, TimeProvider time) : IDisposable
{
    /// <summary>The wait after a read that brought nothing new.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, ICloudWatchLogsClient> _clients = new(StringComparer.Ordinal);
    private readonly List<ContainerStream> _streams = [];
    private Task _following = Task.CompletedTask;

    /// <summary>Passes every event on to <paramref name="inner"/> and starts following when the task has started.</summary>
    public IProgress<DeploymentEvent> Watch(IProgress<DeploymentEvent> inner, CancellationToken cancellationToken) => new Watcher(this, inner, cancellationToken);

    /// <summary>Stops following, then reads every line still unread.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _following.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var stream in _streams)
        {
            while (!stream.Broken && await ReadAsync(stream, cancellationToken).ConfigureAwait(false) > 0)
            {
            }
        }
    }

    public void Dispose()
    {
        _stop.Dispose();
        foreach (var client in _clients.Values)
        {
            (client as IDisposable)?.Dispose();
        }
    }

    private void Start(string taskArn, CancellationToken cancellationToken)
    {
        foreach (var container in containers)
        {
            if (ContainerLogLocation.From(container, taskArn) is not { } location)
            {
                continue;
            }

            ICloudWatchLogsClient client;
            try
            {
                var key = location.Region ?? string.Empty;
                if (!_clients.TryGetValue(key, out client!))
                {
                    client = clientFactory(location.Region);
                    _clients[key] = client;
                }
            }
            catch (AwsConfigurationException exception)
            {
                reporter.Message($"Cannot read the log of container {container.Name}: {exception.Message}", Tone.Warning);
                continue;
            }

            _streams.Add(new ContainerStream(container.Name!, location, client));
        }

        if (_streams.Count == 0)
        {
            reporter.Message("--tail-logs: no container of the task logs with the awslogs driver (awslogs-group and awslogs-stream-prefix); no log to show.", Tone.Warning);
            return;
        }

        var linked = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, cancellationToken);
        _following = Task.Run(async () =>
        {
            using (linked)
            {
                await Task.WhenAll(_streams.Select(s => FollowAsync(s, linked.Token))).ConfigureAwait(false);
            }
        }, CancellationToken.None);
    }

    private async Task FollowAsync(ContainerStream stream, CancellationToken cancellationToken)
    {
        while (!stream.Broken && !cancellationToken.IsCancellationRequested)
        {
            if (await ReadAsync(stream, cancellationToken).ConfigureAwait(false) == 0)
            {
                await Task.Delay(PollInterval, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// One GetLogEvents page after the stream's token: prints its lines and moves the token, with no await in
    /// between, so a read cancelled mid-call is simply read again by <see cref="FinishAsync"/>.
    /// </summary>
    private async Task<int> ReadAsync(ContainerStream stream, CancellationToken cancellationToken)
    {
        GetLogEventsResponse page;
        try
        {
            var group = stream.Location.LogGroupName;
            var request = new GetLogEventsRequest
            {
                LogGroupName = group.StartsWith("arn:", StringComparison.Ordinal) ? null : group,
                LogGroupIdentifier = group.StartsWith("arn:", StringComparison.Ordinal) ? group : null,
                LogStreamName = stream.Location.LogStreamName,
                StartFromHead = true,
                NextToken = stream.Token,
            };
            page = await stream.Client.GetLogEventsAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException exception) when (exception.ErrorCode == "ResourceNotFoundException")
        {
            // The stream appears when the container starts writing.
            return 0;
        }
        catch (Exception exception) when (exception is AwsException or HttpRequestException or AwsConfigurationException)
        {
            stream.Broken = true;
            reporter.Message($"Cannot read the log of container {stream.Container} ({stream.Location.LogStreamName}): {exception.Message}; no more of its lines are shown.", Tone.Warning);
            return 0;
        }

        foreach (var logEvent in page.Events)
        {
            reporter.Message($"[{stream.Container}] {logEvent.Message?.TrimEnd('\r', '\n')}");
        }

        if (!string.IsNullOrEmpty(page.NextForwardToken))
        {
            stream.Token = page.NextForwardToken;
        }

        return page.Events.Count;
    }

    private sealed class ContainerStream(string container, ContainerLogLocation location, ICloudWatchLogsClient client)
    {
        public string Container { get; } = container;

        public ContainerLogLocation Location { get; } = location;

        public ICloudWatchLogsClient Client { get; } = client;

        public string? Token { get; set; }

        public bool Broken { get; set; }
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
