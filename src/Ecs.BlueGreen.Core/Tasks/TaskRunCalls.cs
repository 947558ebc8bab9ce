namespace Ecs.BlueGreen.Tasks;

/// <summary>The calls a one-off task's run would make, in order: what a dry run reports.</summary>
internal static class TaskRunCalls
{
    public static IReadOnlyList<PlannedCall> For(TaskRunSettings settings)
    {
        var details = new List<string> { $"cluster {settings.Cluster}", $"taskDefinition {settings.TaskDefinition}" };
        if (settings.LaunchType is { } launchType)
        {
            details.Add($"launchType {launchType.Value}");
        }

        if (settings.CapacityProviderStrategy is { Count: > 0 } strategy)
        {
            details.Add($"capacityProviderStrategy {string.Join(" ", strategy.Select(i => i.CapacityProvider))}");
        }

        if (settings.NetworkConfiguration is not null)
        {
            details.Add("networkConfiguration");
        }

        if (!settings.Commands.IsEmpty)
        {
            details.Add("command override");
        }

        List<PlannedCall> calls = [new("RunTask", $"({string.Join(", ", details)})")];
        if (settings.Wait)
        {
            calls.Add(new("DescribeTasks", $"until the task stops (at most {PlannedCall.Seconds(settings.Timeout)})"));
        }

        return calls;
    }
}
