using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Logs;

namespace Ecs.BlueGreen.Runtime;

/// <summary>
/// Reads the last log lines a container wrote, from CloudWatch Logs where it logs with the <c>awslogs</c> driver: the
/// evidence of a failed task. A failure to read them is a warning, never an error.
/// </summary>
internal sealed class ContainerLogReader(ICloudWatchLogsClient? logs, int lines)
{
    public bool Enabled => logs is not null && lines > 0;

    public async Task<IReadOnlyList<string>> ReadAsync(ContainerDefinition definition, string taskArn, List<string> warnings, CancellationToken cancellationToken)
    {
        if (!Enabled || ContainerLogLocation.From(definition, taskArn) is not { } location)
        {
            return [];
        }

        try
        {
            var events = await logs!.GetLastLogEventsAsync(location.LogGroupName, location.LogStreamName, lines, cancellationToken).ConfigureAwait(false);
            return events.Select(e => e.Message ?? string.Empty).ToList();
        }
        catch (AwsServiceException exception) when (exception.ErrorCode == "ResourceNotFoundException")
        {
            // The container never started, so it never wrote: there is nothing to show.
            return [];
        }
        catch (AwsException exception)
        {
            warnings.Add($"Could not read the log of container {definition.Name} ({location.LogStreamName}): {exception.Message}");
            return [];
        }
    }
}
