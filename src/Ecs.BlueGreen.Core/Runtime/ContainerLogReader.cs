using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Configuration;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Logs;

namespace Ecs.BlueGreen.Runtime;

/// <summary>
/// Reads the last log lines a container wrote, from CloudWatch Logs where it logs with the <c>awslogs</c> driver: the
/// evidence of a failed task. A failure to read them is a warning, never an error.
/// </summary>
/// <remarks>
/// The <c>awslogs</c> driver sends a container's output to the region of its <c>awslogs-region</c> option
/// (ecs#LogConfiguration.options; https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html), so
/// its log is read there: with <paramref name="forRegion"/>'s client when the option is set and one was given,
/// otherwise with <paramref name="logs"/>.
/// </remarks>
internal sealed class ContainerLogReader(ICloudWatchLogsClient? logs, Func<string, ICloudWatchLogsClient>? forRegion, int lines)
{
    public ContainerLogReader(OperationOptions options)
        : this(options.LogsClient, options.LogsClientForRegion, options.FailureLogLines)
    {
    }

    public bool Enabled => logs is not null && lines > 0;

    public async Task<IReadOnlyList<string>> ReadAsync(ContainerDefinition definition, string taskArn, List<string> warnings, CancellationToken cancellationToken)
    {
        if (!Enabled || ContainerLogLocation.From(definition, taskArn) is not { } location)
        {
            return [];
        }

        try
        {
            var client = location.Region is { } region && forRegion is not null ? forRegion(region) : logs!;
            var events = await client.GetLastLogEventsAsync(location.LogGroupName, location.LogStreamName, lines, cancellationToken).ConfigureAwait(false);
            return events.Select(e => e.Message ?? string.Empty).ToList();
        }
        catch (AwsServiceException exception) when (exception.ErrorCode == "ResourceNotFoundException")
        {
            // The container never started, so it never wrote: there is nothing to show.
            return [];
        }
        catch (Exception exception) when (exception is AwsException or AwsConfigurationException)
        {
            warnings.Add($"Could not read the log of container {definition.Name} ({location.LogStreamName}): {exception.Message}");
            return [];
        }
    }
}
