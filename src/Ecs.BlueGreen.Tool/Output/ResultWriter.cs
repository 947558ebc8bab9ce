using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.TaskDefinitions;
using Ecs.BlueGreen.Tasks;

namespace Ecs.BlueGreen.Tool.Output;

/// <summary>
/// Writes how a run ended: the verdict on stderr (the cause first), the result on stdout (text, or one JSON
/// document with --output json), and under GitHub Actions an error annotation, step outputs and a summary.
/// </summary>
internal sealed class ResultWriter(TextWriter output, ConsoleReporter reporter, GitHubActions github)
{
    // Relaxed escaping keeps quotes and arrows readable; the document is written to stdout, never into HTML.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public void Write(CommandOutcome outcome, OutputFormat format)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        WriteVerdict(outcome);
        if (format == OutputFormat.Json)
        {
            output.WriteLine(github.InertJson(ToJson(outcome).ToJsonString(Indented)));
        }
        else
        {
            WriteText(outcome);
        }

        output.Flush();
        if (!outcome.IsSuccess)
        {
            github.Error(outcome.Reason);
        }

        github.WriteOutputs(
        [
            new("task-definition-arn", outcome.TaskDefinitionArn),
            new("previous-task-definition-arn", outcome.PreviousTaskDefinitionArn),
            new("deployment-id", outcome.Deployment?.DeploymentId),
            .. outcome.Task is { } task ? [new("task-arn", task.TaskArn)] : Array.Empty<KeyValuePair<string, string?>>(),
            new("outcome", outcome.Outcome),
        ]);
        github.WriteSummary(Summary(outcome));
    }

    private void WriteVerdict(CommandOutcome outcome)
    {
        if (outcome.IsSuccess)
        {
            // A deployment's success was just reported by its last progress line.
            if (outcome.Deployment is null)
            {
                reporter.Message(outcome.Reason, Tone.Success);
            }

            WriteContainers(outcome.Task);
            return;
        }

        reporter.Message($"ERROR: {outcome.Reason}", Tone.Error);
        foreach (var problem in outcome.Problems.Skip(1))
        {
            reporter.Message($"ERROR: {problem}", Tone.Error);
        }

        WriteContainers(outcome.Task);
        if (outcome.Task is null)
        {
            foreach (var (label, lines) in FailureLogs(outcome))
            {
                WriteLogLines(label, lines);
            }
        }

        if (outcome.Deployment is { } result)
        {
            if (result.Rollback is { } rollback)
            {
                reporter.Message($"Rollback to {ConsoleReporter.Short(rollback.TaskDefinitionArn)}: {ConsoleReporter.Describe(rollback.Outcome)}: {rollback.Reason}",
                    rollback.Outcome == DeploymentOutcome.Succeeded ? Tone.Warning : Tone.Error);
            }
            else if (result.EcsRollback is { } ecsRollback)
            {
                reporter.Message($"ECS's rollback: {ConsoleReporter.Describe(ecsRollback.Outcome)}: {ecsRollback.Reason}", ecsRollback.Outcome == DeploymentOutcome.Succeeded ? Tone.Warning : Tone.Error);
            }
            else if (!result.RolledBackByEcs && outcome.Request is { } request
                && ((result.Outcome == DeploymentOutcome.Failed && !request.RollbackOnFailure) || (result.Outcome == DeploymentOutcome.TimedOut && !request.RollbackOnTimeout)))
            {
                reporter.Message($"The service was left on {ConsoleReporter.Short(result.TaskDefinitionArn)}; --enable-rollback (timeouts and failures) or --rollback-on-failure rolls back automatically.", Tone.Warning);
            }
            else if (result.Outcome == DeploymentOutcome.Interrupted)
            {
                reporter.Message(result.ServiceTaskDefinitionArn is { } now ? $"The service runs {ConsoleReporter.Short(now)}." : "What the service runs now is not known: check it before running again.", Tone.Warning);
            }
        }
    }

    /// <summary>Every container of a stopped one-off task, essential or not, with its exit code and reason.</summary>
    private void WriteContainers(TaskRunResult? task)
    {
        if (task is null)
        {
            return;
        }

        if (task.StopCode is not null || task.StoppedReason is not null)
        {
            reporter.Message($"Task stopped: {task.StopCode?.Value ?? "no stop code"}: {task.StoppedReason ?? "no reason given"}", Tone.Quiet);
        }

        foreach (var container in task.Containers)
        {
            reporter.Message($"  {container}", container.ExitCode is 0 || (!container.Essential && container.ExitCode is null) ? Tone.Normal : Tone.Warning);
        }

        foreach (var (label, lines) in TaskLogs(task))
        {
            WriteLogLines(label, lines);
        }
    }

    private void WriteLogLines(string label, IReadOnlyList<string> lines)
    {
        reporter.Message($"Last {lines.Count} log line(s) of {label}:", Tone.Quiet);
        foreach (var line in lines)
        {
            reporter.Message($"  | {line}", Tone.Quiet);
        }
    }

    /// <summary>
    /// The log lines of a failure report: each failed container of a one-off task, or each failed container of the
    /// last failed task of a deployment, labelled "container NAME (task ID)".
    /// </summary>
    private static IEnumerable<(string Label, IReadOnlyList<string> Lines)> FailureLogs(CommandOutcome outcome)
    {
        if (outcome.Task is { } task)
        {
            return TaskLogs(task);
        }

        var failed = outcome.Deployment?.StoppedTasks.LastOrDefault(t => t.IsFailure && t.Containers.Any(c => c.LogLines.Count > 0));
        return failed is null ? [] : failed.Containers.Where(c => c.LogLines.Count > 0).Select(c => ($"container {c.Name} (task {failed.TaskId})", c.LogLines));
    }

    private static IEnumerable<(string Label, IReadOnlyList<string> Lines)> TaskLogs(TaskRunResult task) =>
        task.Containers.Where(c => c.LogLines.Count > 0).Select(c => ($"container {c.Name} (task {ConsoleReporter.Short(task.TaskArn)})", c.LogLines));

    private void WriteText(CommandOutcome outcome)
    {
        if (outcome.WouldCall is { } wouldCall)
        {
            var changes = outcome.Deployment?.Changes ?? outcome.Registration?.Changes ?? [];
            WriteLine(outcome.Reason);
            WriteLine("Task definition changes:");
            foreach (var line in TaskDefinitionDiff.Format(changes).Split('\n'))
            {
                WriteLine("  " + line);
            }

            WriteLine("Calls that would be made:");
            WriteLine(wouldCall);
            return;
        }

        if (outcome.Deployment is { Registered: true } or { Outcome: DeploymentOutcome.Unchanged } || outcome.Registration is { TaskDefinitionArn: not null })
        {
            WriteLine($"New task definition: {outcome.TaskDefinitionArn}");
        }

        if (outcome.Task is { } task)
        {
            // ecs-deploy's lines: the task, and the success line only for a task that really succeeded.
            if (task.TaskArn is not null)
            {
                WriteLine($"Executed task: {task.TaskArn}");
            }

            if (task.Outcome == TaskRunOutcome.Succeeded)
            {
                WriteLine($"Task {task.TaskArn} executed successfully!");
            }

            return;
        }

        if (outcome.IsSuccess)
        {
            WriteLine(outcome.Request?.Mode == DeployMode.TaskDefinition ? "Task definition updated successfully" : "Service deployment successful.");
        }
    }

    /// <summary>A line of the text result; it may hold names and values the user gave (see <see cref="GitHubActions.Inert"/>).</summary>
    private void WriteLine(string line) => output.WriteLine(github.Inert(line));

    internal static JsonObject ToJson(CommandOutcome outcome)
    {
        var request = outcome.Request;
        var result = outcome.Deployment;
        var registration = outcome.Registration;
        var json = new JsonObject
        {
            ["outcome"] = outcome.Outcome,
            ["exitCode"] = outcome.ExitCode,
            ["reason"] = outcome.Reason,
            ["mode"] = request is null ? null : request.Mode == DeployMode.Service ? "service" : "task-definition",
            ["cluster"] = request?.Cluster,
            ["service"] = request?.Service,
            ["taskDefinition"] = request?.TaskDefinition,
            ["taskDefinitionArn"] = outcome.TaskDefinitionArn,
            ["previousTaskDefinitionArn"] = outcome.PreviousTaskDefinitionArn,
            ["registered"] = result?.Registered ?? registration?.Registered ?? false,
            ["deploymentId"] = result?.DeploymentId,
            ["serviceDeploymentArn"] = result?.ServiceDeploymentArn,
            ["rolledBackByEcs"] = result?.RolledBackByEcs ?? false,
            ["serviceTaskDefinitionArn"] = result?.ServiceTaskDefinitionArn,
            ["timedOutPhase"] = result?.TimedOutPhase?.ToString(),
            ["error"] = result?.Error is { } error ? new JsonObject { ["operation"] = error.Operation, ["message"] = error.Message } : null,
            ["changes"] = new JsonArray((result?.Changes ?? registration?.Changes ?? []).Select(c => (JsonNode)new JsonObject
            {
                ["path"] = c.Path,
                ["before"] = c.Before is null ? null : JsonNode.Parse(c.Before),
                ["after"] = c.After is null ? null : JsonNode.Parse(c.After),
            }).ToArray()),
            ["stoppedTasks"] = new JsonArray((result?.StoppedTasks ?? []).Select(t => (JsonNode)new JsonObject
            {
                ["taskArn"] = t.TaskArn,
                ["taskDefinitionArn"] = t.TaskDefinitionArn,
                ["stopCode"] = t.StopCode?.Value,
                ["stoppedReason"] = t.StoppedReason,
                ["stoppedAt"] = t.StoppedAt,
                ["isFailure"] = t.IsFailure,
                ["containers"] = new JsonArray(t.Containers.Select(c => (JsonNode)new JsonObject
                {
                    ["name"] = c.Name,
                    ["exitCode"] = c.ExitCode,
                    ["reason"] = c.Reason,
                    ["logLines"] = new JsonArray(c.LogLines.Select(l => (JsonNode)l!).ToArray()),
                }).ToArray()),
            }).ToArray()),
            ["events"] = new JsonArray((result?.Events ?? []).Select(e => (JsonNode)new JsonObject
            {
                ["createdAt"] = e.CreatedAt,
                ["message"] = e.Message,
            }).ToArray()),
            ["rollback"] = RollbackJson(result?.Rollback),
            ["ecsRollback"] = RollbackJson(result?.EcsRollback),
            ["deregisteredTaskDefinitions"] = new JsonArray((result?.DeregisteredTaskDefinitions ?? registration?.DeregisteredTaskDefinitions ?? []).Select(a => (JsonNode)a!).ToArray()),
            ["warnings"] = new JsonArray((result?.Warnings ?? registration?.Warnings ?? []).Select(w => (JsonNode)w!).ToArray()),
            ["problems"] = new JsonArray(outcome.Problems.Select(p => (JsonNode)p!).ToArray()),
            ["task"] = outcome.Task is { } task ? TaskJson(task) : null,
            ["wouldCall"] = outcome.WouldCall,
            ["startTime"] = result?.StartTime,
            ["endTime"] = result?.EndTime,
            ["durationSeconds"] = result is null ? null : Math.Round(result.Duration.TotalSeconds, 3),
        };
        return json;
    }

    private static JsonObject? RollbackJson(RollbackResult? rollback) => rollback is null ? null : new JsonObject
    {
        ["outcome"] = rollback.Outcome.ToString(),
        ["reason"] = rollback.Reason,
        ["taskDefinitionArn"] = rollback.TaskDefinitionArn,
        ["desiredCount"] = rollback.DesiredCount,
        ["deploymentId"] = rollback.DeploymentId,
    };

    private static JsonObject TaskJson(TaskRunResult task) => new()
    {
        ["taskArn"] = task.TaskArn,
        ["cluster"] = task.Cluster,
        ["taskDefinitionArn"] = task.TaskDefinitionArn,
        ["outcome"] = task.Outcome.ToString(),
        ["exitCode"] = task.ExitCode,
        ["reason"] = task.Reason,
        ["stopCode"] = task.StopCode?.Value,
        ["stoppedReason"] = task.StoppedReason,
        ["failures"] = new JsonArray(task.Failures.Select(f => (JsonNode)f!).ToArray()),
        ["containers"] = new JsonArray(task.Containers.Select(c => (JsonNode)new JsonObject
        {
            ["name"] = c.Name,
            ["essential"] = c.Essential,
            ["exitCode"] = c.ExitCode,
            ["reason"] = c.Reason,
            ["lastStatus"] = c.LastStatus,
            ["logLines"] = new JsonArray(c.LogLines.Select(l => (JsonNode)l!).ToArray()),
        }).ToArray()),
        ["startTime"] = task.StartTime,
        ["endTime"] = task.EndTime,
        ["durationSeconds"] = Math.Round(task.Duration.TotalSeconds, 3),
    };

    private static string Summary(CommandOutcome outcome)
    {
        var request = outcome.Request;
        var target = request is null ? "ecs-bluegreen"
            : request.Mode == DeployMode.Service ? $"{request.Service} in {request.Cluster}" : $"task definition {request.TaskDefinition}";
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"### ecs-bluegreen: {GitHubActions.Cell(target)}: {outcome.Outcome}\n\n");
        text.Append("| | |\n| --- | --- |\n");
        Row("Outcome", $"{outcome.Outcome} (exit code {outcome.ExitCode})");
        Row("Reason", outcome.Reason);
        Row("Task definition", outcome.TaskDefinitionArn);
        Row("Previous task definition", outcome.PreviousTaskDefinitionArn);
        Row("Deployment", outcome.Deployment?.DeploymentId);
        Row("Task", outcome.Task?.TaskArn);
        if (outcome.Deployment is { } result)
        {
            Row("Duration", string.Create(CultureInfo.InvariantCulture, $"{result.Duration.TotalSeconds:0.#} s"));
            Row("Changes", string.Join("; ", result.Changes.Select(c => c.ToString())));
            if (result.StoppedTasks.LastOrDefault(t => t.IsFailure) is { } failed)
            {
                Row("Last failed task", failed.ToString());
            }

            if (result.Rollback is { } rollback)
            {
                Row("Rollback", $"{rollback.Outcome}: {rollback.Reason}");
            }

            if (result.EcsRollback is { } ecsRollback)
            {
                Row("ECS's rollback", $"{ecsRollback.Outcome}: {ecsRollback.Reason}");
            }

            Row("Service runs", result.ServiceTaskDefinitionArn);
        }

        foreach (var warning in outcome.Deployment?.Warnings ?? outcome.Registration?.Warnings ?? [])
        {
            Row("Warning", warning);
        }

        text.Append('\n');
        foreach (var (label, lines) in FailureLogs(outcome))
        {
            text.Append(CultureInfo.InvariantCulture, $"<details><summary>Last log lines of {GitHubActions.Cell(label)}</summary>\n\n~~~text\n");
            foreach (var line in lines)
            {
                text.Append(line.Replace("~~~", "~ ~ ~", StringComparison.Ordinal)).Append('\n');
            }

            text.Append("~~~\n\n</details>\n\n");
        }

        return text.ToString();

        void Row(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                text.Append(CultureInfo.InvariantCulture, $"| {name} | {GitHubActions.Cell(value)} |\n");
            }
        }
    }
}
