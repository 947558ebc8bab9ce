using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.Tasks;

/// <summary>How a one-off task ended.</summary>
public enum TaskRunOutcome
{
    /// <summary>The task was started and not waited for.</summary>
    Started,

    /// <summary>Every essential container exited with code 0.</summary>
    Succeeded,

    /// <summary>An essential container exited with a non-zero code (see <see cref="TaskRunResult.ExitCode"/>).</summary>
    Failed,

    /// <summary>The task never ran: RunTask answered with failures, or it stopped before its containers ran (image pull, resources).</summary>
    FailedToStart,

    /// <summary>The task did not stop within the time budget (it is left running).</summary>
    TimedOut,

    /// <summary>The caller cancelled the wait (the task is left running).</summary>
    Cancelled,
}

/// <summary>What <c>RunAsync</c> does with a task that did not succeed.</summary>
public enum TaskRunValidation
{
    /// <summary>Return every result.</summary>
    None,

    /// <summary>Throw <see cref="TaskRunFailedException"/> unless the outcome is Started or Succeeded.</summary>
    Succeeded,
}

/// <summary>The outcome of a one-off task with the evidence: exit codes, stop code, reasons.</summary>
public sealed record TaskRunResult
{
    /// <summary>How it ended.</summary>
    public required TaskRunOutcome Outcome { get; init; }

    /// <summary>Why, for a person.</summary>
    public required string Reason { get; init; }

    /// <summary>The cluster.</summary>
    public required string Cluster { get; init; }

    /// <summary>The revision run.</summary>
    public string? TaskDefinitionArn { get; init; }

    /// <summary>The task, once RunTask started one.</summary>
    public string? TaskArn { get; init; }

    /// <summary>
    /// The essential containers' verdict: the exit code of the first essential container (in definition order)
    /// that exited non-zero, else 0; <see langword="null"/> when the task did not run to the end.
    /// </summary>
    public int? ExitCode { get; init; }

    /// <summary>ECS's stop code.</summary>
    public TaskStopCode? StopCode { get; init; }

    /// <summary>ECS's stopped reason.</summary>
    public string? StoppedReason { get; init; }

    /// <summary>Every container with its exit code and reason, essential or not.</summary>
    public IReadOnlyList<TaskContainerResult> Containers { get; init; } = [];

    /// <summary>RunTask's failures, when it could not start the task.</summary>
    public IReadOnlyList<string> Failures { get; init; } = [];

    /// <summary>Non-fatal problems, for example a log that could not be read.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>When the run started.</summary>
    public required DateTimeOffset StartTime { get; init; }

    /// <summary>When it ended.</summary>
    public required DateTimeOffset EndTime { get; init; }

    /// <summary>How long it took.</summary>
    public TimeSpan Duration => EndTime - StartTime;

    /// <inheritdoc />
    public override string ToString() => $"{Outcome}: {Reason}";
}

/// <summary>One container of a one-off task.</summary>
public sealed record TaskContainerResult
{
    /// <summary>The container name.</summary>
    public required string Name { get; init; }

    /// <summary>Whether its exit decides the task's outcome.</summary>
    public bool Essential { get; init; }

    /// <summary>Its exit code, when it ran and exited.</summary>
    public int? ExitCode { get; init; }

    /// <summary>ECS's reason, for example <c>CannotPullContainerError: …</c>.</summary>
    public string? Reason { get; init; }

    /// <summary>Its last status.</summary>
    public string? LastStatus { get; init; }

    /// <summary>The last lines it wrote to CloudWatch Logs, oldest first (containers that failed or never ran, when they log with awslogs).</summary>
    public IReadOnlyList<string> LogLines { get; init; } = [];

    /// <inheritdoc />
    public override string ToString() =>
        $"container {Name}{(Essential ? string.Empty : " (not essential)")}" + (ExitCode is { } code ? $" exited with code {code}" : " did not exit")
        + (Reason is null ? string.Empty : $" ({Reason})");
}

/// <summary>A one-off task did not succeed; <see cref="Result"/> says how and why.</summary>
public sealed class TaskRunFailedException : EcsDeploymentException
{
    /// <summary>Creates the exception for a result.</summary>
    public TaskRunFailedException(TaskRunResult result)
        : base($"{result?.Reason} (To receive the result instead of this exception, use WithValidation(TaskRunValidation.None).)")
    {
        Result = result!;
    }

    /// <summary>The full result.</summary>
    public TaskRunResult Result { get; }
}

/// <summary>RunTask started the task.</summary>
public sealed class TaskRunStarted : DeploymentEvent
{
    /// <summary>The task.</summary>
    public required string TaskArn { get; init; }

    /// <summary>The revision.</summary>
    public required string TaskDefinitionArn { get; init; }

    /// <inheritdoc />
    public override string Message => $"Started task {Short(TaskArn)} of {Short(TaskDefinitionArn)}.";
}

/// <summary>The task's status changed (PROVISIONING, PENDING, RUNNING, STOPPED…).</summary>
public sealed class TaskStatusChanged : DeploymentEvent
{
    /// <summary>The task.</summary>
    public required string TaskArn { get; init; }

    /// <summary>Its new last status.</summary>
    public required string LastStatus { get; init; }

    /// <inheritdoc />
    public override string Message => $"Task {Short(TaskArn)} is {LastStatus}.";
}
