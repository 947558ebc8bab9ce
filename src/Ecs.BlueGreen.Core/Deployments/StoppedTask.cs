using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.Deployments;

/// <summary>A stopped task and why it stopped: the evidence behind a failed deployment.</summary>
public sealed record StoppedTask
{
    /// <summary>The task's ARN.</summary>
    public required string TaskArn { get; init; }

    /// <summary>The revision the task ran.</summary>
    public string? TaskDefinitionArn { get; init; }

    /// <summary>The deployment that started it (<c>startedBy</c>).</summary>
    public string? StartedBy { get; init; }

    /// <summary>Why ECS stopped it, for example <c>EssentialContainerExited</c> or <c>TaskFailedToStart</c>.</summary>
    public TaskStopCode? StopCode { get; init; }

    /// <summary>ECS's reason, for example <c>Essential container in task exited</c>.</summary>
    public string? StoppedReason { get; init; }

    /// <summary>When it stopped.</summary>
    public DateTimeOffset? StoppedAt { get; init; }

    /// <summary>Whether the stop was a failure of the task rather than a routine replacement or a user's request.</summary>
    public bool IsFailure { get; init; }

    /// <summary>Each container's exit code and reason.</summary>
    public IReadOnlyList<StoppedContainer> Containers { get; init; } = [];

    /// <summary>The task id (the last segment of the ARN).</summary>
    public string TaskId => TaskArn[(TaskArn.LastIndexOf('/') + 1)..];

    /// <summary>One line: task id, reason and the containers that exited with a code or a reason.</summary>
    public override string ToString()
    {
        var containers = Containers.Where(c => c.ExitCode is not null || c.Reason is not null)
            .Select(c => c.Reason == StoppedReason ? c with { Reason = null } : c)
            .Where(c => c.ExitCode is not null || c.Reason is not null)
            .Select(c => c.ToString()).ToList();
        return $"task {TaskId} stopped ({StopCode?.Value ?? "no stop code"}): {StoppedReason ?? "no reason given"}"
            + (containers.Count == 0 ? string.Empty : "; " + string.Join("; ", containers));
    }

    internal static StoppedTask From(TaskDetails task) => new()
    {
        TaskArn = task.TaskArn ?? string.Empty,
        TaskDefinitionArn = task.TaskDefinitionArn,
        StartedBy = task.StartedBy,
        StopCode = task.StopCode,
        StoppedReason = task.StoppedReason,
        StoppedAt = task.StoppedAt,
        IsFailure = IsFailed(task),
        Containers = task.Containers.Select(c => new StoppedContainer { Name = c.Name ?? "?", ExitCode = c.ExitCode, Reason = c.Reason }).ToList(),
    };

    /// <summary>
    /// A stop is routine when a user asked for it or the scheduler replaced the task during a deployment or
    /// scale-in ("Scaling activity initiated by …"); every other stop (a crash, a failed start, a failed health
    /// check, lost infrastructure) counts as a failure (<c>ecs#Task.stopCode</c>, <c>ecs#TaskStopCode</c>; which stops
    /// are routine is [inference] from the stop code and the reason's wording).
    /// </summary>
    private static bool IsFailed(TaskDetails task)
    {
        if (task.StopCode == TaskStopCode.UserInitiated)
        {
            return false;
        }

        return !(task.StopCode == TaskStopCode.ServiceSchedulerInitiated
            && task.StoppedReason?.StartsWith("Scaling activity initiated by", StringComparison.Ordinal) == true);
    }
}

/// <summary>A container of a stopped task.</summary>
public sealed record StoppedContainer
{
    /// <summary>The container name.</summary>
    public required string Name { get; init; }

    /// <summary>Its exit code, when it ran and exited.</summary>
    public int? ExitCode { get; init; }

    /// <summary>ECS's reason, for example <c>OutOfMemoryError: Container killed due to memory usage</c>.</summary>
    public string? Reason { get; init; }

    /// <summary>The last lines the container wrote to CloudWatch Logs, oldest first (failed containers of the most recent failed tasks only).</summary>
    public IReadOnlyList<string> LogLines { get; init; } = [];

    /// <summary>One line: name, exit code, reason.</summary>
    public override string ToString() =>
        $"container {Name}" + (ExitCode is { } code ? $" exited with code {code}" : string.Empty) + (Reason is null ? string.Empty : $" ({Reason})");
}
