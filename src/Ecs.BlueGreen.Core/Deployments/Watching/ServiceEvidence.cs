using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Runtime;

namespace Ecs.BlueGreen.Deployments;

/// <summary>
/// What has been seen of one watched service so far: its events and the tasks of our deployment that stopped, each
/// reported once as it is first seen.
/// </summary>
internal sealed class ServiceEvidence(EventReporter reporter, IEnumerable<string> seenEvents, HashSet<string> knownStoppedTasks)
{
    private readonly HashSet<string> _seenEvents = new(seenEvents, StringComparer.Ordinal);
    private readonly List<ServiceEventRecord> _events = [];
    private readonly List<StoppedTask> _stoppedTasks = [];

    public IReadOnlyList<ServiceEventRecord> Events => _events;

    public IReadOnlyList<StoppedTask> StoppedTasks => _stoppedTasks;

    /// <summary>The stopped tasks already looked at (shared with the other waits of the run).</summary>
    public HashSet<string> KnownStoppedTasks => knownStoppedTasks;

    /// <summary>The containers of the watched revision, once read.</summary>
    public IReadOnlyList<ContainerDefinition>? Containers { get; set; }

    /// <summary>What the health reads of our running tasks have seen so far.</summary>
    public HealthReads Health { get; } = new();

    public void AddEvents(Service service)
    {
        foreach (var serviceEvent in service.Events.Where(e => e.Id is not null && e.Message is not null && !_seenEvents.Contains(e.Id)).OrderBy(e => e.CreatedAt))
        {
            _seenEvents.Add(serviceEvent.Id!);
            var record = new ServiceEventRecord { Id = serviceEvent.Id!, CreatedAt = serviceEvent.CreatedAt, Message = serviceEvent.Message! };
            _events.Add(record);
            reporter.Report(new ServiceEventReceived { Time = reporter.Now, Event = record });
        }
    }

    /// <summary>
    /// Adds the tasks of our deployment among <paramref name="described"/>: started by it, or (when either id is not
    /// known) running its revision. A task still stopping is looked at again next time, when its exit codes are known.
    /// </summary>
    public void AddStoppedTasks(IEnumerable<TaskDetails> described, string? deploymentId, string taskDefinitionArn)
    {
        foreach (var task in described.Where(t => t.Is(TaskLifecycleStatus.Stopped)).OrderBy(t => t.StoppedAt))
        {
            knownStoppedTasks.Add(task.TaskArn!);
            if ((deploymentId is not null && task.StartedBy == deploymentId) || ((task.StartedBy is null || deploymentId is null) && task.TaskDefinitionArn == taskDefinitionArn))
            {
                var stopped = StoppedTask.From(task);
                _stoppedTasks.Add(stopped);
                reporter.Report(new TaskStopped { Time = reporter.Now, Task = stopped });
            }
        }
    }
}

/// <summary>The last health read of our running tasks, when the next is due, and the tasks already seen HEALTHY.</summary>
internal sealed class HealthReads
{
    public TaskHealth? Last { get; set; }

    /// <summary>The timestamp (of the watch's <see cref="TimeProvider"/>) from which a read at the health checks' pace is due.</summary>
    public long DueAt { get; set; }

    /// <summary>Tasks seen RUNNING and HEALTHY, still running at the last read.</summary>
    public HashSet<string> Healthy { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Our running tasks as last listed, and our deployment's counts when they were.</summary>
    public IReadOnlyList<string>? Listed { get; set; }

    /// <summary>Our deployment's counts when <see cref="Listed"/> was listed.</summary>
    public TaskCounts? ListedAt { get; set; }

    /// <summary>The images (and digests) each of our running tasks reported when it was last described.</summary>
    public Dictionary<string, IReadOnlyList<RunningImage>> Images { get; } = new(StringComparer.Ordinal);
}

/// <summary>A deployment's task counts (<c>ecs#Deployment.runningCount</c>, <c>pendingCount</c>, <c>failedTasks</c>).</summary>
internal sealed record TaskCounts(int? Running, int? Pending, int? Failed);
