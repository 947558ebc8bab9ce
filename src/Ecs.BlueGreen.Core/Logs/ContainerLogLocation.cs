using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.Logs;

/// <summary>
/// Where the <c>awslogs</c> log driver sends a container's output: the log group, its region and the stream
/// <c>prefix/container-name/task-id</c>.
/// </summary>
public sealed record ContainerLogLocation
{
    /// <summary>The <c>awslogs</c> log driver.</summary>
    public const string AwsLogsDriver = "awslogs";

    /// <summary>The driver option naming the log group.</summary>
    public const string GroupOption = "awslogs-group";

    /// <summary>The driver option naming the region of the log group.</summary>
    public const string RegionOption = "awslogs-region";

    /// <summary>The driver option giving the stream-name prefix; without it the stream is not named after the task.</summary>
    public const string StreamPrefixOption = "awslogs-stream-prefix";

    /// <summary>The log group.</summary>
    public required string LogGroupName { get; init; }

    /// <summary>The region of the log group (<c>awslogs-region</c>); <see langword="null"/> when the option is absent.</summary>
    public string? Region { get; init; }

    /// <summary>The stream, <c>prefix/container-name/task-id</c>.</summary>
    public required string LogStreamName { get; init; }

    /// <summary>
    /// The stream of a container of a task, or <see langword="null"/> when the container does not log with
    /// <c>awslogs</c> to a group with a stream prefix.
    /// </summary>
    /// <param name="logConfiguration">The container definition's <c>logConfiguration</c>.</param>
    /// <param name="containerName">The container's name.</param>
    /// <param name="taskArn">The task's ARN (or its id).</param>
    public static ContainerLogLocation? From(LogConfiguration? logConfiguration, string containerName, string taskArn)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(containerName);
        ArgumentException.ThrowIfNullOrWhiteSpace(taskArn);
        if (logConfiguration is not { LogDriver: AwsLogsDriver, Options: { } options }
            || !options.TryGetValue(GroupOption, out var group) || string.IsNullOrWhiteSpace(group)
            || !options.TryGetValue(StreamPrefixOption, out var prefix) || string.IsNullOrWhiteSpace(prefix))
        {
            return null;
        }

        // Task ARNs end in the task id: arn:aws:ecs:region:account:task/cluster/id (or task/id in the old format).
        var taskId = taskArn[(taskArn.LastIndexOf('/') + 1)..];
        return new ContainerLogLocation
        {
            LogGroupName = group,
            Region = options.TryGetValue(RegionOption, out var region) && !string.IsNullOrWhiteSpace(region) ? region : null,
            LogStreamName = $"{prefix}/{containerName}/{taskId}",
        };
    }

    /// <summary>The stream of a container definition in a task; see <see cref="From(LogConfiguration?, string, string)"/>.</summary>
    public static ContainerLogLocation? From(ContainerDefinition container, string taskArn)
    {
        ArgumentNullException.ThrowIfNull(container);
        return container.Name is null ? null : From(container.LogConfiguration, container.Name, taskArn);
    }
}
