using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Runtime;

namespace Ecs.BlueGreen.Deployments;

/// <summary>
/// Adds the last log lines of failed containers to the evidence: for the most recent failed tasks, each
/// container that exited non-zero or with a reason (or, when none did, each essential container).
/// </summary>
internal sealed class FailureLogReader(ContainerLogReader reader)
{
    /// <summary>How many of the most recent failed tasks get their logs read: enough to see a pattern, few calls.</summary>
    internal const int TasksToRead = 3;

    public bool Enabled => reader.Enabled;

    public async Task<IReadOnlyList<StoppedTask>> AddLogLinesAsync(IReadOnlyList<StoppedTask> tasks, IReadOnlyList<ContainerDefinition> definitions,
        List<string> warnings, CancellationToken cancellationToken)
    {
        if (!reader.Enabled || definitions.Count == 0)
        {
            return tasks;
        }

        var chosen = tasks.Where(t => t.IsFailure).TakeLast(TasksToRead).Select(t => t.TaskArn).ToHashSet(StringComparer.Ordinal);
        var result = new List<StoppedTask>(tasks.Count);
        foreach (var task in tasks)
        {
            result.Add(chosen.Contains(task.TaskArn) ? task with { Containers = await ReadAsync(task, definitions, warnings, cancellationToken).ConfigureAwait(false) } : task);
        }

        return result;
    }

    private async Task<IReadOnlyList<StoppedContainer>> ReadAsync(StoppedTask task, IReadOnlyList<ContainerDefinition> definitions, List<string> warnings, CancellationToken cancellationToken)
    {
        var failed = task.Containers.Where(c => c.ExitCode is not (null or 0) || c.Reason is not null).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        if (failed.Count == 0)
        {
            failed = definitions.Where(d => d.Essential ?? true).Select(d => d.Name).OfType<string>().ToHashSet(StringComparer.Ordinal);
        }

        var containers = new List<StoppedContainer>(task.Containers.Count);
        foreach (var container in task.Containers)
        {
            var definition = definitions.FirstOrDefault(d => d.Name == container.Name);
            containers.Add(definition is not null && failed.Contains(container.Name)
                ? container with { LogLines = await reader.ReadAsync(definition, task.TaskArn, warnings, cancellationToken).ConfigureAwait(false) }
                : container);
        }

        return containers;
    }
}
