using System.Globalization;
using System.Text;
using Ecs.BlueGreen.Deployments;

namespace Ecs.BlueGreen.Tool.Output;

/// <summary>How a run with many services ended: each service's outcome, and one verdict whose exit code is the worst of theirs.</summary>
internal sealed record GroupOutcome
{
    public required int ExitCode { get; init; }

    public required string Outcome { get; init; }

    public required string Reason { get; init; }

    /// <summary>Each service's outcome, in the order given; a service rolled back by --rollback-all-on-failure carries that rollback as its <see cref="DeploymentResult.Rollback"/>.</summary>
    public required IReadOnlyList<CommandOutcome> Members { get; init; }

    /// <summary>Which members --rollback-all-on-failure rolled back.</summary>
    public required IReadOnlyList<bool> RolledBack { get; init; }

    public bool IsSuccess => ExitCode == ExitCodes.Success;

    public static GroupOutcome Of(DeploymentGroupResult result, DeployRequest request)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(request);
        var members = new List<CommandOutcome>();
        var rolledBack = new List<bool>();
        for (var i = 0; i < result.Results.Count; i++)
        {
            var deployed = result.Results[i];
            var rollback = i < result.Rollbacks.Count ? result.Rollbacks[i] : null;
            if (rollback is not null)
            {
                deployed = deployed with
                {
                    Rollback = new RollbackResult
                    {
                        Outcome = rollback.Outcome,
                        Reason = rollback.Reason,
                        TaskDefinitionArn = rollback.TaskDefinitionArn ?? deployed.PreviousTaskDefinitionArn ?? string.Empty,
                        DeploymentId = rollback.DeploymentId,
                        StartTime = rollback.StartTime,
                        EndTime = rollback.EndTime,
                    },
                    ServiceTaskDefinitionArn = rollback.ServiceTaskDefinitionArn ?? deployed.ServiceTaskDefinitionArn,
                };
            }

            var member = CommandOutcome.Of(deployed, request.Members[i]);

            // A success rolled back by --rollback-all-on-failure: its code says how the rollback went (0, or 22 when it failed).
            members.Add(rollback is null || rollback.Outcome == DeploymentOutcome.Succeeded || rollback.Outcome == DeploymentOutcome.Unchanged
                ? member
                : member with { ExitCode = ExitCodes.RollbackFailed, Outcome = ExitCodes.Outcome(ExitCodes.RollbackFailed) });
            rolledBack.Add(rollback is not null);
        }

        var code = ExitCodes.Worst(members.Select(m => m.ExitCode));
        return new GroupOutcome
        {
            ExitCode = code,
            Outcome = ExitCodes.Outcome(code),
            Reason = Verdict(members, rolledBack),
            Members = members,
            RolledBack = rolledBack,
        };
    }

    private static string Verdict(List<CommandOutcome> members, List<bool> rolledBack)
    {
        var failed = members.Where(m => !m.IsSuccess).ToList();
        var back = rolledBack.Count(r => r);
        if (failed.Count == 0 && back == 0)
        {
            return $"Deployed {Count(members.Count, "service")}: every one succeeded.";
        }

        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{failed.Count} of {Count(members.Count, "service")} did not succeed: ");
        text.AppendJoin(", ", failed.Select(m => $"{Label(m)} {m.Outcome} (exit code {m.ExitCode})"));
        text.Append('.');
        if (back > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" {Count(back, "service")} that succeeded {(back == 1 ? "was" : "were")} rolled back (--rollback-all-on-failure).");
        }

        return text.ToString();
    }

    internal static string Label(CommandOutcome member) => $"{member.Request?.Cluster}/{member.Request?.Service}";

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}

/// <summary>
/// Writes how a run with many services ended: each failure's cause and every rollback on stderr, then the verdict; on
/// stdout a table of the services (text) or a JSON array of their documents (--output json, each as one service's
/// document); under GitHub Actions an error annotation, the outcome output and a summary table.
/// </summary>
internal sealed class GroupResultWriter(TextWriter output, ConsoleReporter reporter, GitHubActions github)
{
    public void Write(GroupOutcome outcome, OutputFormat format)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        for (var i = 0; i < outcome.Members.Count; i++)
        {
            var member = outcome.Members[i];
            var label = GroupOutcome.Label(member);
            if (!member.IsSuccess && !outcome.RolledBack[i])
            {
                reporter.Message($"ERROR: {label}: {member.Reason}", Tone.Error);
            }

            if (member.Deployment is { } result && (result.Rollback ?? result.EcsRollback) is { } rollback)
            {
                var whose = outcome.RolledBack[i] ? "Rolled back (--rollback-all-on-failure)" : result.Rollback is not null ? "Rollback" : result.CodeDeploy is null ? "ECS's rollback" : "CodeDeploy's rollback";
                reporter.Message($"{label}: {whose} to {ConsoleReporter.Short(rollback.TaskDefinitionArn)}: {ConsoleReporter.Describe(rollback.Outcome)}: {rollback.Reason}",
                    rollback.Outcome == DeploymentOutcome.Succeeded ? Tone.Warning : Tone.Error);
            }
        }

        reporter.Message(outcome.IsSuccess ? outcome.Reason : $"ERROR: {outcome.Reason}", outcome.IsSuccess ? Tone.Success : Tone.Error);
        if (format == OutputFormat.Json)
        {
            output.WriteLine(github.InertJson("[\n" + string.Join(",\n", outcome.Members.Select(m => ResultDocument.From(m).ToJson())) + "\n]"));
        }
        else
        {
            foreach (var line in Table(outcome))
            {
                output.WriteLine(github.Inert(line));
            }
        }

        output.Flush();
        if (!outcome.IsSuccess)
        {
            github.Error(outcome.Reason);
        }

        github.WriteOutputs([new("outcome", outcome.Outcome), new("services", outcome.Members.Count.ToString(CultureInfo.InvariantCulture)),
            new("services-succeeded", outcome.Members.Count(m => m.IsSuccess).ToString(CultureInfo.InvariantCulture))]);
        github.WriteSummary(Summary(outcome));
    }

    /// <summary>The services, one row each: outcome, exit code, revision, seconds and rollback.</summary>
    internal static IEnumerable<string> Table(GroupOutcome outcome)
    {
        var rows = outcome.Members.Select((m, i) => Row(m, outcome.RolledBack[i])).ToList();
        string[] header = ["SERVICE", "OUTCOME", "EXIT", "REVISION", "SECONDS", "ROLLBACK"];
        var widths = header.Select((h, c) => rows.Select(r => r[c].Length).Append(h.Length).Max()).ToArray();
        return [.. new[] { header }.Concat(rows).Select(r => string.Join("  ", r.Select((cell, c) => c == r.Length - 1 ? cell : cell.PadRight(widths[c]))).TrimEnd())];
    }

    private static string[] Row(CommandOutcome member, bool rolledBack)
    {
        var result = member.Deployment;
        var rollback = result?.Rollback ?? result?.EcsRollback;
        return
        [
            GroupOutcome.Label(member),
            member.Outcome,
            member.ExitCode.ToString(CultureInfo.InvariantCulture),
            ConsoleReporter.Short(member.TaskDefinitionArn),
            result is null ? "-" : result.Duration.TotalSeconds.ToString("0", CultureInfo.InvariantCulture),
            rollback is null ? "-" : $"{(rolledBack ? "all-on-failure" : result?.Rollback is null ? "by ECS" : "ours")} to {ConsoleReporter.Short(rollback.TaskDefinitionArn)}: {ConsoleReporter.Describe(rollback.Outcome)}",
        ];
    }

    private static string Summary(GroupOutcome outcome)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"### ecs-bluegreen: {outcome.Members.Count} services: {outcome.Outcome}\n\n");
        text.Append(CultureInfo.InvariantCulture, $"{GitHubActions.Cell(outcome.Reason)}\n\n");
        text.Append("| Service | Outcome | Exit code | Task definition | Seconds | Rollback | Reason |\n| --- | --- | --- | --- | --- | --- | --- |\n");
        for (var i = 0; i < outcome.Members.Count; i++)
        {
            var member = outcome.Members[i];
            var cells = Row(member, outcome.RolledBack[i]);
            var link = ConsoleLinks.Service(member.TaskDefinitionArn ?? member.PreviousTaskDefinitionArn, member.Request?.Cluster, member.Request?.Service);
            var service = link is null ? GitHubActions.Cell(cells[0]) : $"[{GitHubActions.Cell(cells[0])}]({link})";
            text.Append(CultureInfo.InvariantCulture,
                $"| {service} | {GitHubActions.Cell(cells[1])} | {cells[2]} | {GitHubActions.Cell(member.TaskDefinitionArn)} | {cells[4]} | {GitHubActions.Cell(cells[5])} | {GitHubActions.Cell(member.Reason)} |\n");
        }

        return text.ToString();
    }
}
