namespace Ecs.BlueGreen.Benchmarks;

/// <summary>The measurements of one deployment by one contender. Times are real seconds.</summary>
internal sealed record RunResult
{
    public required string Scenario { get; init; }

    public required int Tasks { get; init; }

    public required string Contender { get; init; }

    public required int Iteration { get; init; }

    /// <summary>Where in the emulator's 1 s simulation step the command started (0 to 1).</summary>
    public required double StartPhase { get; init; }

    /// <summary>The exit code that decides the pipeline step: the tool's, or the waiter's for the AWS CLI.</summary>
    public required int ExitCode { get; init; }

    /// <summary>What ECS did: COMPLETED, or FAILED (circuit breaker).</summary>
    public required string EcsOutcome { get; init; }

    public required bool VerdictRight { get; init; }

    /// <summary>
    /// From ECS's last event the verdict depends on to the command's exit: the emulator's "deployment completed" event
    /// of our deployment or, after a failure, of ECS's rollback.
    /// </summary>
    public required double? DetectionLatencySeconds { get; init; }

    /// <summary>After a failure: from the emulator's "deployment failed" event to the command's exit (ECS's rollback included).</summary>
    public double? SinceFailureSeconds { get; init; }

    /// <summary>From the first command's start to the last one's exit.</summary>
    public required double WallSeconds { get; init; }

    /// <summary>From the UpdateService call to the exit: the time spent waiting for the outcome.</summary>
    public required double WaitSeconds { get; init; }

    /// <summary>From the first command's start to the emulator's receipt of its first API call: start-up and the first request.</summary>
    public required double? FirstCallSeconds { get; init; }

    /// <summary>User + system CPU of every process of the contender.</summary>
    public required double CpuSeconds { get; init; }

    /// <summary>The largest peak resident set of the contender's processes.</summary>
    public required double PeakRssMegabytes { get; init; }

    public required int Processes { get; init; }

    public required int TotalCalls { get; init; }

    /// <summary>Calls after UpdateService (the wait).</summary>
    public required int WaitCalls { get; init; }

    /// <summary>DescribeServices calls after UpdateService: one per check of the deployment.</summary>
    public required int Polls { get; init; }

    public required SortedDictionary<string, int> CallsByOperation { get; init; }

    /// <summary>How many services the run deployed to (1, or the services of a run with many).</summary>
    public int Services { get; init; } = 1;

    /// <summary>The services each DescribeServices call of the wait read, on average (up to 10 when the checks are batched).</summary>
    public double ServicesPerDescribe { get; init; }

    public double CallsPerSecondWaiting => WaitSeconds > 0 ? WaitCalls / WaitSeconds : 0;

    public double CallsPerPoll => Polls > 0 ? (double)WaitCalls / Polls : 0;
}
