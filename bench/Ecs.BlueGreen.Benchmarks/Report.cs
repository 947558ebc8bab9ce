using System.Globalization;
using System.Text;

namespace Ecs.BlueGreen.Benchmarks;

/// <summary>One target of the issue, checked against the runs: a report line, not a test.</summary>
internal sealed record TargetCheck(string Target, string Measured, bool? Met);

/// <summary>The results document written as JSON beside the Markdown table.</summary>
internal sealed record BenchReport
{
    public required DateTimeOffset Date { get; init; }

    public required bool Smoke { get; init; }

    public required IReadOnlyDictionary<string, string> Machine { get; init; }

    public required IReadOnlyDictionary<string, string> Versions { get; init; }

    public required IReadOnlyDictionary<string, string> Settings { get; init; }

    public required double DurationSeconds { get; init; }

    public required IReadOnlyList<RunResult> Runs { get; init; }

    public required IReadOnlyList<TargetCheck> Targets { get; init; }
}

internal static class Report
{
    public static IReadOnlyList<TargetCheck> CheckTargets(IReadOnlyList<RunResult> runs)
    {
        // The Native AOT targets are about one service's deploy; the runs with many services are reported apart, below.
        var ours = runs.Where(r => r.Contender == BenchRunner.Ours && r.Services == 1).ToList();
        var cli = runs.Where(r => r.Contender == BenchRunner.AwsCli).ToList();
        var checks = new List<TargetCheck>();

        // The targets of the Native AOT issue: as fast to detect and as frugal in calls as the JIT tool was (median
        // 0.63 s, 0.74 calls/s on average), a tenth of the AWS CLI approach's CPU, the first call within 50 ms, 40 MB.
        var latency = Median(ours.Select(r => r.DetectionLatencySeconds).OfType<double>());
        var cliLatency = Median(cli.Select(r => r.DetectionLatencySeconds).OfType<double>());
        checks.Add(new("Median detection latency (after ECS's last event: completion, or its rollback's) at most 0.63 s", $"{F(latency)} s (AWS CLI waiter: {F(cliLatency)} s)", latency is { } l ? l <= 0.63 : null));

        var worstRate = ours.Count > 0 ? ours.Max(r => r.CallsPerSecondWaiting) : (double?)null;
        var meanRate = ours.Count > 0 ? ours.Average(r => r.CallsPerSecondWaiting) : (double?)null;
        checks.Add(new("At most 0.74 API calls per second on average while waiting", $"{F(meanRate)} calls/s on average, {F(worstRate)} in the busiest run", meanRate is { } m ? m <= 0.74 : null));

        var ratios = ours.GroupBy(r => r.Scenario)
            .Select(g => (Scenario: g.Key, Ours: Median(g.Select(r => r.CpuSeconds)), Cli: Median(cli.Where(c => c.Scenario == g.Key).Select(c => c.CpuSeconds))))
            .Where(x => x.Ours is not null && x.Cli is > 0)
            .Select(x => (x.Scenario, Ratio: x.Ours!.Value / x.Cli!.Value))
            .ToList();
        checks.Add(new("CPU time per watched deploy at most a tenth of the AWS CLI approach's, in every scenario",
            ratios.Count == 0 ? "no AWS CLI runs" : string.Join(", ", ratios.Select(r => $"{r.Scenario} {r.Ratio.ToString("0.000", CultureInfo.InvariantCulture)}×")),
            ratios.Count == 0 ? null : ratios.All(r => r.Ratio <= 0.1)));

        var firstCall = ours.Select(r => r.FirstCallSeconds).OfType<double>().DefaultIfEmpty().Max();
        var cliFirstCall = Median(cli.Select(r => r.FirstCallSeconds).OfType<double>());
        checks.Add(new("First API call at most 50 ms after start",
            $"{Ms(firstCall)} ms at most, median {Ms(Median(ours.Select(r => r.FirstCallSeconds).OfType<double>()))} ms (AWS CLI: {Ms(cliFirstCall)} ms)",
            ours.Count == 0 ? null : firstCall <= 0.050));

        var rss = ours.Count > 0 ? ours.Max(r => r.PeakRssMegabytes) : (double?)null;
        var cliRss = cli.Count > 0 ? cli.Max(r => r.PeakRssMegabytes) : (double?)null;
        checks.Add(new("Peak resident memory at most 40 MB", $"{rss:0.0} MB at most (AWS CLI: {cliRss:0.0} MB)", rss is { } r ? r <= 40 : null));

        var wrong = ours.Where(r => !r.VerdictRight).Select(r => r.Scenario).Distinct().ToList();
        var cliWrong = cli.Where(r => !r.VerdictRight).Select(r => r.Scenario).Distinct().ToList();
        checks.Add(new("The right verdict in every scenario",
            (wrong.Count == 0 ? $"ecs-bluegreen right in all {ours.Count} runs" : $"ecs-bluegreen wrong in {string.Join(", ", wrong)}")
            + (cli.Count == 0 ? "" : cliWrong.Count == 0 ? "; AWS CLI right in all runs" : $"; AWS CLI wrong in {string.Join(", ", cliWrong)}"),
            ours.Count == 0 ? null : wrong.Count == 0));

        // Growth allowed by the batching limits: one more ListTasks page and one more DescribeTasks batch per 100 tasks
        // (at most, when health is read every poll), give or take one call in a run of some 25 polls.
        var perPoll = ours.Where(r => r.EcsOutcome == "COMPLETED").GroupBy(r => r.Tasks).OrderBy(g => g.Key)
            .Select(g => (Tasks: g.Key, PerPoll: Median(g.Select(r => r.CallsPerPoll)) ?? 0)).ToList();
        if (perPoll.Count >= 2)
        {
            var (baseTasks, basePerPoll) = perPoll[0];
            var met = perPoll.All(p => p.PerPoll <= basePerPoll + (2 * (Batches(p.Tasks) - Batches(baseTasks))) + 0.05);
            checks.Add(new("Calls per poll not growing with the task count beyond the batching limits",
                string.Join(", ", perPoll.Select(p => $"{p.Tasks} tasks {p.PerPoll.ToString("0.00", CultureInfo.InvariantCulture)}")), met));
        }
        else
        {
            checks.Add(new("Calls per poll not growing with the task count beyond the batching limits", "needs two task counts", null));
        }

        // Many services (issue "Many services in one run"): measured, with ⌈N/10⌉ services per DescribeServices as its bound.
        foreach (var group in runs.Where(r => r.Contender == BenchRunner.Ours && r.Services > 1).GroupBy(r => r.Services))
        {
            var perCall = group.Average(r => r.ServicesPerDescribe);
            checks.Add(new($"{group.Key} services in one run: right verdict, DescribeServices batched (up to 10 services a call; {(group.Key + 9) / 10} calls per check of all)",
                string.Create(CultureInfo.InvariantCulture, $"{group.Count(r => r.VerdictRight)}/{group.Count()} right; {group.Average(r => r.CallsPerSecondWaiting):0.00} calls/s while waiting, {group.Average(r => r.CpuSeconds):0.00} CPU-s, {group.Average(r => r.WallSeconds):0.0} s wall, {group.Max(r => r.PeakRssMegabytes):0.0} MB, {perCall:0.0} services per DescribeServices, {group.Average(r => (double)r.TotalCalls):0} calls in all ({group.Average(r => (double)r.TotalCalls) / group.Key:0.0} per service)"),
                group.All(r => r.VerdictRight) && perCall >= 5));
        }

        return checks;
    }

    public static string Markdown(BenchReport report)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# ecs-bluegreen benchmark{(report.Smoke ? " (smoke)" : "")}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{report.Date:yyyy-MM-dd HH:mm} UTC; {string.Join("; ", report.Machine.Select(m => $"{m.Key}: {m.Value}"))}.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Versions: {string.Join("; ", report.Versions.Select(v => $"{v.Key} {v.Value}"))}.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Settings: {string.Join("; ", report.Settings.Select(s => $"{s.Key} {s.Value}"))}. The whole run took {report.DurationSeconds:0} s.");
        text.AppendLine();
        text.AppendLine("| Scenario | Command | Start phase | Exit | ECS outcome | Verdict | Detection latency (s) | Since ECS's failure (s) | First call (ms) | Wall (s) | CPU (s) | Peak RSS (MB) | API calls | Calls/s waiting | Calls/poll | Calls by operation |");
        text.AppendLine("| --- | --- | ---: | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var r in report.Runs)
        {
            var operations = string.Join(", ", r.CallsByOperation.Select(o => $"{o.Key} {o.Value}"));
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Scenario}{(r.Iteration > 1 ? $" #{r.Iteration}" : "")} | {r.Contender} | {r.StartPhase:0.00} | {r.ExitCode} | {r.EcsOutcome} | {(r.VerdictRight ? "right" : "**wrong**")} | {F(r.DetectionLatencySeconds)} | {F(r.SinceFailureSeconds)} | {Ms(r.FirstCallSeconds)} | {r.WallSeconds:0.0} | {r.CpuSeconds:0.000} | {r.PeakRssMegabytes:0.0} | {r.TotalCalls} | {r.CallsPerSecondWaiting:0.00} | {r.CallsPerPoll:0.00} | {operations} |");
        }

        text.AppendLine();
        text.AppendLine("| Target | Measured | Met |");
        text.AppendLine("| --- | --- | --- |");
        foreach (var t in report.Targets)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {t.Target} | {t.Measured} | {(t.Met switch { true => "yes", false => "**no**", null => "n/a" })} |");
        }

        return text.ToString();
    }

    private static int Batches(int tasks) => Math.Max(1, (tasks + 99) / 100);

    private static double? Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? null : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Ms(double? seconds) => seconds is { } s ? (s * 1000).ToString("0", CultureInfo.InvariantCulture) : "–";

    private static string F(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "–";
}
