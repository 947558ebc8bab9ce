using System.Globalization;
using System.Text;
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
    public void Write(CommandOutcome outcome, OutputFormat format)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        WriteVerdict(outcome);
        if (format == OutputFormat.Json)
        {
            output.WriteLine(github.InertJson(ResultDocument.From(outcome).ToJson()));
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
            .. NativeOutputs(outcome),
            .. outcome.Deployment?.CodeDeploy is { } codeDeploy ? [new("codedeploy-deployment-id", codeDeploy.DeploymentId)] : Array.Empty<KeyValuePair<string, string?>>(),
            new("outcome", outcome.Outcome),
        ]);
        github.WriteSummary(Summary(outcome));
    }

    /// <summary>
    /// A native deployment's outputs, each only when known: its ARN, the stage it was last seen in, the hook it is paused
    /// at. A ROLLING deployment has a service deployment ARN too, but reports no stage: its outputs stay as they were.
    /// </summary>
    private static IEnumerable<KeyValuePair<string, string?>> NativeOutputs(CommandOutcome outcome)
    {
        var result = outcome.Deployment;
        var native = result?.LifecycleStage is not null || result?.PausedHook is not null || outcome.Request?.Mode is DeployMode.Continue or DeployMode.RollbackDeployment;
        if (!native)
        {
            yield break;
        }

        foreach (var (name, value) in new[]
        {
            ("service-deployment-arn", result?.ServiceDeploymentArn), ("lifecycle-stage", result?.LifecycleStage?.Value), ("hook-id", result?.PausedHook?.HookId),
        })
        {
            if (!string.IsNullOrEmpty(value))
            {
                yield return new(name, value);
            }
        }
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

            foreach (var line in RunningImageLines(outcome.Deployment))
            {
                reporter.Message(line, Tone.Normal);
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
                reporter.Message($"{(result.CodeDeploy is null ? "ECS" : "CodeDeploy")}'s rollback: {ConsoleReporter.Describe(ecsRollback.Outcome)}: {ecsRollback.Reason}", ecsRollback.Outcome == DeploymentOutcome.Succeeded ? Tone.Warning : Tone.Error);
            }
            else if (outcome.Request?.Mode == DeployMode.Rollback)
            {
                reporter.Message(result.ServiceTaskDefinitionArn is { } runs ? $"The service runs {ConsoleReporter.Short(runs)}." : "What the service runs now is not known: check it before running again.", Tone.Warning);
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

    /// <summary>
    /// The digests the deployed revision's running tasks report, one line per container, image and digest:
    /// <c>Image digest: container web runs repo/web:2 as sha256:… (3 task(s))</c>.
    /// </summary>
    private static IEnumerable<string> RunningImageLines(DeploymentResult? result) =>
        (result?.RunningImages ?? []).GroupBy(i => (i.ContainerName, i.Image, i.ImageDigest))
            .Select(g => $"Image digest: container {g.Key.ContainerName} runs {g.Key.Image} as {g.Key.ImageDigest ?? "(no digest reported)"} ({g.Count()} task(s))");

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

        if (outcome.Deployment is { Registered: true } or { Outcome: DeploymentOutcome.Unchanged, RollbackTarget: null } || outcome.Registration is { TaskDefinitionArn: not null })
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
            WriteLine(outcome.Deployment?.PausedHook is { } hook
                ? $"Service deployment paused at {hook.Stage.Value} (hook {hook.HookId})."
                : outcome.Request?.Mode switch
                {
                    DeployMode.TaskDefinition => "Task definition updated successfully",
                    DeployMode.RollbackDeployment => "Service deployment rolled back.",
                    DeployMode.Rollback when outcome.Deployment?.Outcome == DeploymentOutcome.Unchanged => $"Service already runs {outcome.TaskDefinitionArn}; nothing was changed.",
                    DeployMode.Rollback => $"Service rolled back to {outcome.TaskDefinitionArn}.",
                    _ => "Service deployment successful.",
                });
        }
    }

    /// <summary>A line of the text result; it may hold names and values the user gave (see <see cref="GitHubActions.Inert"/>).</summary>
    private void WriteLine(string line) => output.WriteLine(github.Inert(line));

    private static string Summary(CommandOutcome outcome)
    {
        var request = outcome.Request;
        var target = request is null ? "ecs-bluegreen"
            : request.Mode == DeployMode.TaskDefinition ? $"task definition {request.TaskDefinition}" : $"{request.Service} in {request.Cluster}";
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"### ecs-bluegreen: {GitHubActions.Cell(target)}: {outcome.Outcome}\n\n");
        text.Append("| Field | Value |\n| --- | --- |\n");
        Row("Outcome", $"{outcome.Outcome} (exit code {outcome.ExitCode})");
        Row("Reason", outcome.Reason);
        var anyArn = outcome.TaskDefinitionArn ?? outcome.PreviousTaskDefinitionArn ?? outcome.Deployment?.ServiceDeploymentArn ?? outcome.Task?.TaskArn;
        if (request is { Mode: not DeployMode.TaskDefinition, Service: { } service })
        {
            LinkRow("Service", $"{service} in {request.Cluster}", ConsoleLinks.Service(anyArn, request.Cluster, service));
        }

        LinkRow("Task definition", outcome.TaskDefinitionArn, ConsoleLinks.TaskDefinition(outcome.TaskDefinitionArn));
        LinkRow("Previous task definition", outcome.PreviousTaskDefinitionArn, ConsoleLinks.TaskDefinition(outcome.PreviousTaskDefinitionArn));
        Row("Deployment", outcome.Deployment?.DeploymentId);
        Row("Service deployment", outcome.Deployment?.ServiceDeploymentArn);
        Row("Lifecycle stage", outcome.Deployment?.LifecycleStage?.Value);
        if (outcome.Deployment?.CodeDeploy is { } codeDeploy)
        {
            Row("CodeDeploy", $"{codeDeploy.DeploymentId} of {codeDeploy.ApplicationName}/{codeDeploy.DeploymentGroupName}: {codeDeploy.Status}"
                + (codeDeploy.LastSucceededLifecycleEvent is { } last ? $", last event {last.Value}" : string.Empty)
                + (codeDeploy.ErrorCode is { } code ? $", {code}: {codeDeploy.ErrorMessage}" : string.Empty));
            Row("CodeDeploy rollback", codeDeploy.RollbackDeploymentId is { } rollback ? $"{rollback}: {codeDeploy.RollbackMessage}" : null);
        }

        if (outcome.Deployment?.PausedHook is { } hook)
        {
            Row("Paused hook", $"{hook.HookId} at {hook.Stage.Value}" + (hook.ExpiresAt is { } expires
                ? string.Create(CultureInfo.InvariantCulture, $", until {expires.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z (then {hook.TimeoutAction ?? "ROLLBACK"})")
                : string.Empty));
        }

        LinkRow("Task", outcome.Task?.TaskArn, ConsoleLinks.Task(outcome.Task?.TaskArn));
        if (outcome.Deployment is { } result)
        {
            Row("Duration", string.Create(CultureInfo.InvariantCulture, $"{result.Duration.TotalSeconds:0.#} s"));
            Row("Changes", string.Join("; ", result.Changes.Select(c => c.ToString())));
            if (result.StoppedTasks.LastOrDefault(t => t.IsFailure) is { } failed)
            {
                LinkRow("Last failed task", failed.ToString(), ConsoleLinks.Task(failed.TaskArn));
            }

            if (result.Rollback is { } rollback)
            {
                Row("Rollback", $"{rollback.Outcome}: {rollback.Reason}");
            }

            if (result.EcsRollback is { } ecsRollback)
            {
                Row("ECS's rollback", $"{ecsRollback.Outcome}: {ecsRollback.Reason}");
            }

            if (result.RollbackTarget is { } chosen)
            {
                Row("Rolled back", $"from {chosen.FromTaskDefinitionArn} to {chosen.ToTaskDefinitionArn}: {chosen.Reason}");
                Row("Chosen from", chosen.ServiceDeploymentArn);
            }

            Row("Service runs", result.ServiceTaskDefinitionArn);
            foreach (var line in RunningImageLines(result))
            {
                Row("Image digest", line["Image digest: ".Length..]);
            }
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

        // The value, and after it a link to its page in the ECS console when one can be built.
        void LinkRow(string name, string? value, string? link)
        {
            if (!string.IsNullOrEmpty(value))
            {
                var page = link is null ? string.Empty : $" ([console]({link}))";
                text.Append(CultureInfo.InvariantCulture, $"| {name} | {GitHubActions.Cell(value)}{page} |\n");
            }
        }
    }
}
