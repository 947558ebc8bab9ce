using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Runtime;

namespace Ecs.BlueGreen.Tasks;

/// <summary>One run of a one-off task: validate (reads only), RunTask, wait for STOPPED, judge every essential container.</summary>
internal sealed class TaskRunner(TaskRunSettings settings, IEcsClient ecs)
{
    private readonly EventReporter _reporter = new(settings.Cluster, settings.TaskDefinition, settings.Progress, settings.Logger, settings.TimeProvider);

    public async Task<TaskRunResult> RunAsync(CancellationToken cancellationToken)
    {
        var start = _reporter.Now;
        var definition = await ValidateAsync(cancellationToken).ConfigureAwait(false);
        var essential = definition.ContainerDefinitions.ToDictionary(c => c.Name ?? string.Empty, c => c.Essential ?? true, StringComparer.Ordinal);
        var result = new TaskRunResult
        {
            Outcome = TaskRunOutcome.Started,
            Reason = string.Empty,
            Cluster = settings.Cluster,
            TaskDefinitionArn = definition.TaskDefinitionArn,
            StartTime = start,
            EndTime = start,
        };

        // One client token for every try: ECS starts the task once however often the request arrives (ecs#RunTaskRequest.clientToken).
        var request = RunTaskRequest(definition) with { ClientToken = Guid.NewGuid().ToString("N") };
        var response = await new PatientCalls(settings.TimeProvider, _reporter.Report).ReadAsync(_ => ecs.RunTaskAsync(request, CancellationToken.None), cancellationToken).ConfigureAwait(false);
        if (response.Tasks is not [var started, ..])
        {
            var failures = response.Failures.Select(f => $"{f.Reason}{(f.Detail is null ? string.Empty : $" ({f.Detail})")}{(f.Arn is null ? string.Empty : $" for {f.Arn}")}").ToList();
            return result with
            {
                Outcome = TaskRunOutcome.FailedToStart,
                Reason = $"ECS could not start a task of {DeploymentEvent.Short(definition.TaskDefinitionArn)}: {(failures.Count == 0 ? "RunTask returned no task and no failure" : string.Join("; ", failures))}.",
                Failures = failures,
                EndTime = _reporter.Now,
            };
        }

        var taskArn = started.TaskArn!;
        _reporter.Report(new TaskRunStarted { Time = _reporter.Now, TaskArn = taskArn, TaskDefinitionArn = definition.TaskDefinitionArn! });
        result = result with { TaskArn = taskArn };
        if (!settings.Wait)
        {
            return result with { Reason = $"Started task {DeploymentEvent.Short(taskArn)}; not waiting for it to stop.", EndTime = _reporter.Now };
        }

        var lastStatus = started.LastStatus;
        TaskDetails? stopped;
        try
        {
            var deadline = settings.TimeProvider.GetTimestamp() + (long)(Math.Max(0, (settings.Timeout - (_reporter.Now - start)).TotalSeconds) * settings.TimeProvider.TimestampFrequency);
            stopped = await Poller.PollAsync(async token =>
            {
                var described = await ecs.DescribeTasksAsync(new DescribeTasksRequest { Cluster = settings.Cluster, Tasks = [taskArn] }, token).ConfigureAwait(false);
                if (described.Tasks is not [var task, ..])
                {
                    return null;
                }

                if (task.LastStatus != lastStatus && task.LastStatus is { } status)
                {
                    lastStatus = status;
                    _reporter.Report(new TaskStatusChanged { Time = _reporter.Now, TaskArn = taskArn, LastStatus = status });
                }

                return task.LastStatus == "STOPPED" ? task : null;
            }, () => deadline, settings.Polling.IntervalAfter, settings.TimeProvider,
            exception => _reporter.Report(new StatusCheckFailed { Time = _reporter.Now, Error = exception.Message }), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return result with { Outcome = TaskRunOutcome.Cancelled, Reason = $"The wait for task {DeploymentEvent.Short(taskArn)} was cancelled; the task was left {lastStatus ?? "running"}.", EndTime = _reporter.Now };
        }

        if (stopped is null)
        {
            return result with
            {
                Outcome = TaskRunOutcome.TimedOut,
                Reason = $"Task {DeploymentEvent.Short(taskArn)} did not stop within {DeploymentEvent.Duration(settings.Timeout)}; it was left {lastStatus ?? "running"}.",
                EndTime = _reporter.Now,
            };
        }

        _reporter.Report(new TaskStopped { Time = _reporter.Now, Task = StoppedTask.From(stopped) });
        result = Judge(result, stopped, definition, essential);
        if (result.Outcome is TaskRunOutcome.Failed or TaskRunOutcome.FailedToStart)
        {
            result = await AddLogLinesAsync(result, definition).ConfigureAwait(false);
        }

        return result with { EndTime = _reporter.Now };
    }

    /// <summary>The last log lines of each container that failed or never ran, so the report shows why.</summary>
    private async Task<TaskRunResult> AddLogLinesAsync(TaskRunResult result, TaskDefinition definition)
    {
        var reader = new ContainerLogReader(settings.Operation);
        var warnings = new List<string>();
        var containers = new List<TaskContainerResult>();
        foreach (var container in result.Containers)
        {
            var failed = container.ExitCode is not 0 || container.Reason is not null;
            var containerDefinition = definition.ContainerDefinitions.FirstOrDefault(d => d.Name == container.Name);
            containers.Add(failed && containerDefinition is not null
                ? container with { LogLines = await reader.ReadAsync(containerDefinition, result.TaskArn!, warnings, CancellationToken.None).ConfigureAwait(false) }
                : container);
        }

        return result with { Containers = containers, Warnings = warnings };
    }

    private static TaskRunResult Judge(TaskRunResult result, TaskDetails task, TaskDefinition definition, Dictionary<string, bool> essential)
    {
        var containers = definition.ContainerDefinitions
            .Select(d => (Definition: d, Actual: task.Containers.FirstOrDefault(c => c.Name == d.Name)))
            .Select(p => new TaskContainerResult
            {
                Name = p.Definition.Name ?? "?",
                Essential = essential.GetValueOrDefault(p.Definition.Name ?? string.Empty, true),
                ExitCode = p.Actual?.ExitCode,
                Reason = p.Actual?.Reason,
                LastStatus = p.Actual?.LastStatus,
            })
            .ToList();
        var id = DeploymentEvent.Short(task.TaskArn);
        var detail = string.Join("; ", containers.Where(c => c.ExitCode is not (null or 0) || c.Reason is not null || (c.Essential && c.ExitCode is null)));
        result = result with { Containers = containers, StopCode = task.StopCode, StoppedReason = task.StoppedReason };
        if (task.StopCode == TaskStopCode.TaskFailedToStart || containers.Any(c => c.Essential && c.ExitCode is null))
        {
            return result with
            {
                Outcome = TaskRunOutcome.FailedToStart,
                Reason = $"Task {id} never ran to the end ({task.StopCode?.Value ?? "no stop code"}): {task.StoppedReason ?? "no reason given"}{(detail.Length == 0 ? "." : $"; {detail}.")}",
            };
        }

        if (containers.FirstOrDefault(c => c.Essential && c.ExitCode != 0) is { } failed)
        {
            return result with { Outcome = TaskRunOutcome.Failed, ExitCode = failed.ExitCode, Reason = $"Task {id} failed: {detail}." };
        }

        return result with
        {
            Outcome = TaskRunOutcome.Succeeded,
            ExitCode = 0,
            Reason = $"Task {id} succeeded: every essential container exited with code 0{(detail.Length == 0 ? "." : $" ({detail}).")}",
        };
    }

    private async Task<TaskDefinition> ValidateAsync(CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (settings.LaunchType is not null && settings.CapacityProviderStrategy is not null)
        {
            problems.Add("Give either a launch type or a capacity provider strategy, not both.");
        }

        var clusters = await ecs.DescribeClustersAsync(new DescribeClustersRequest { Clusters = [settings.Cluster] }, cancellationToken).ConfigureAwait(false);
        if (clusters.Clusters is not [{ Status: "ACTIVE" }, ..])
        {
            problems.Add($"The cluster '{settings.Cluster}' was not found or is not ACTIVE{NotFound.Where(clusters.Failures)} (check the name, the region and the credentials).");
        }

        TaskDefinition? definition = null;
        try
        {
            definition = (await ecs.DescribeTaskDefinitionAsync(new DescribeTaskDefinitionRequest { TaskDefinition = settings.TaskDefinition }, cancellationToken).ConfigureAwait(false)).TaskDefinition;
        }
        catch (AwsServiceException exception) when (exception.ErrorCode is "ClientException" or "InvalidParameterException")
        {
            problems.Add($"The task definition '{settings.TaskDefinition}' cannot be read: {exception.ErrorMessage ?? exception.ErrorCode}.");
        }

        if (definition is not null)
        {
            var names = definition.ContainerDefinitions.Select(c => c.Name).OfType<string>().ToHashSet(StringComparer.Ordinal);
            foreach (var name in settings.Commands.Keys.Concat(settings.Environment.Select(e => e.Container)).Distinct(StringComparer.Ordinal).Where(n => !names.Contains(n)))
            {
                problems.Add($"No container named '{name}' in {DeploymentEvent.Short(definition.TaskDefinitionArn)}; the containers are {string.Join(", ", names.Select(n => $"'{n}'"))}.");
            }

            if (definition.NetworkMode == "awsvpc" && settings.NetworkConfiguration is null)
            {
                problems.Add($"{DeploymentEvent.Short(definition.TaskDefinitionArn)} uses the awsvpc network mode: give a network configuration (subnets, security groups).");
            }
        }

        if (problems.Count > 0 || definition is null)
        {
            throw new DeploymentValidationException(problems);
        }

        return definition;
    }

    private RunTaskRequest RunTaskRequest(TaskDefinition definition)
    {
        var containers = settings.Commands.Keys.Concat(settings.Environment.Select(e => e.Container)).Distinct(StringComparer.Ordinal).ToList();
        var overrides = containers.Count == 0 ? null : new TaskOverride
        {
            ContainerOverrides = containers.Select(name => new ContainerOverride
            {
                Name = name,
                Command = settings.Commands.TryGetValue(name, out var command) ? command : null,
                Environment = settings.Environment.Where(e => e.Container == name).Select(e => new NameValuePair { Name = e.Name, Value = e.Value }).ToList() is { Count: > 0 } variables ? variables : null,
            }).ToList(),
        };
        return new RunTaskRequest
        {
            Cluster = settings.Cluster,
            TaskDefinition = definition.TaskDefinitionArn!,
            Count = 1,
            LaunchType = settings.LaunchType,
            CapacityProviderStrategy = settings.CapacityProviderStrategy,
            PlatformVersion = settings.PlatformVersion,
            NetworkConfiguration = settings.NetworkConfiguration,
            Overrides = overrides,
            StartedBy = settings.StartedBy,
        };
    }
}
