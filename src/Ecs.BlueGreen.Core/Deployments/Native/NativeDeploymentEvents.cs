using System.Globalization;

namespace Ecs.BlueGreen.Deployments;

/// <summary>The wait for a native blue/green, linear or canary deployment began, with its budget and why it is that long.</summary>
public sealed class ServiceDeploymentWaitStarted : DeploymentEvent
{
    /// <summary>The service deployment watched.</summary>
    public required string ServiceDeploymentArn { get; init; }

    /// <summary>The strategy: BLUE_GREEN, LINEAR or CANARY.</summary>
    public required string Strategy { get; init; }

    /// <summary>How long the wait may take.</summary>
    public required TimeSpan Budget { get; init; }

    /// <summary>How the budget was made up, for a person.</summary>
    public required string BudgetExplained { get; init; }

    /// <summary>The stage the wait ends at, when it does not wait for the end.</summary>
    public DeploymentStage? Until { get; init; }

    /// <inheritdoc />
    public override string Message =>
        $"Watching {Strategy} deployment {Short(ServiceDeploymentArn)} for up to {Duration(Budget)} ({BudgetExplained})"
        + (Until is { } until ? $", until it reaches {until.Value}." : ".");
}

/// <summary>Our deployment entered a lifecycle stage (<c>ecs#ServiceDeployment.lifecycleStage</c>).</summary>
public sealed class LifecycleStageEntered : DeploymentEvent
{
    /// <summary>The stage entered.</summary>
    public required DeploymentStage Stage { get; init; }

    /// <summary>The stage before, when one was seen.</summary>
    public DeploymentStage? Previous { get; init; }

    /// <summary>How long the deployment was seen in <see cref="Previous"/>.</summary>
    public TimeSpan? TimeInPrevious { get; init; }

    /// <summary>
    /// Stages that ECS always reports between <see cref="Previous"/> and <see cref="Stage"/> but that were over before a
    /// check could see them (a stage can last less than the polling interval), in order.
    /// </summary>
    public IReadOnlyList<DeploymentStage> PassedBetweenChecks { get; init; } = [];

    /// <inheritdoc />
    public override string Message
    {
        get
        {
            var notes = new List<string>();
            if (Previous is { } previous && TimeInPrevious is { } time)
            {
                notes.Add($"after {Duration(time)} in {previous.Value}");
            }

            if (PassedBetweenChecks.Count > 0)
            {
                notes.Add($"passed {string.Join(", ", PassedBetweenChecks.Select(s => s.Value))} between checks");
            }

            return notes.Count == 0 ? $"Stage {Stage.Value}." : $"Stage {Stage.Value} ({string.Join("; ", notes)}).";
        }
    }
}

/// <summary>The traffic weights of our deployment changed (<c>ecs#ServiceRevisionSummary.requestedProductionTrafficWeight</c>, <c>.requestedTestTrafficWeight</c>).</summary>
public sealed class TrafficShifted : DeploymentEvent
{
    /// <summary>The stage it happened in.</summary>
    public DeploymentStage? Stage { get; init; }

    /// <summary>The new revision's share of production traffic, in percent.</summary>
    public double ProductionWeight { get; init; }

    /// <summary>The new revision's share of test traffic, in percent.</summary>
    public double TestWeight { get; init; }

    /// <summary>The old revisions' share of production traffic, in percent.</summary>
    public double SourceProductionWeight { get; init; }

    /// <summary>The old revisions' share of test traffic, in percent.</summary>
    public double SourceTestWeight { get; init; }

    /// <inheritdoc />
    public override string Message =>
        $"Traffic: new revision {Percent(ProductionWeight)} of production and {Percent(TestWeight)} of test; old revision {Percent(SourceProductionWeight)} of production and {Percent(SourceTestWeight)} of test.";

    internal static string Percent(double value) => value.ToString("0.#", CultureInfo.InvariantCulture) + "%";
}

/// <summary>A lifecycle hook of our deployment changed state (<c>ecs#DeploymentLifecycleHookDetail.status</c>).</summary>
public sealed class LifecycleHookChanged : DeploymentEvent
{
    /// <summary>The hook's id.</summary>
    public required string HookId { get; init; }

    /// <summary>The stage it belongs to.</summary>
    public DeploymentStage? Stage { get; init; }

    /// <summary>AWS_LAMBDA or PAUSE.</summary>
    public string? TargetType { get; init; }

    /// <summary>AWAITING_ACTION, IN_PROGRESS, SUCCEEDED, FAILED or TIMED_OUT.</summary>
    public required string Status { get; init; }

    /// <inheritdoc />
    public override string Message => $"Hook {HookId} ({TargetType ?? "hook"}{(Stage is { } s ? $" at {s.Value}" : string.Empty)}): {Status}.";
}

/// <summary>Our deployment waits at a PAUSE hook for an answer.</summary>
public sealed class DeploymentPaused : DeploymentEvent
{
    /// <summary>The hook.</summary>
    public required PausedHook Hook { get; init; }

    /// <summary>Whether this run answers it (a smoke test or a pause handler); otherwise it waits for someone else's answer or the timeout.</summary>
    public bool AnsweredHere { get; init; }

    /// <inheritdoc />
    public override string Message =>
        $"Paused at {Hook.Stage.Value}: hook {Hook.HookId} awaits action"
        + (Hook.ExpiresAt is { } expires ? $" until {expires.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}Z (then {Hook.TimeoutAction ?? "ROLLBACK"})" : string.Empty)
        + (AnsweredHere ? "." : "; continue it with --continue or roll it back with --rollback-deployment.");
}

/// <summary>The smoke test started at a PAUSE hook.</summary>
public sealed class SmokeTestStarted : DeploymentEvent
{
    /// <summary>The hook it answers.</summary>
    public required PausedHook Hook { get; init; }

    /// <summary>What runs, for a person (a process's argv, or "a test delegate").</summary>
    public required string Test { get; init; }

    /// <summary>How long it may take.</summary>
    public required TimeSpan Timeout { get; init; }

    /// <inheritdoc />
    public override string Message => $"Smoke test at {Hook.Stage.Value} (hook {Hook.HookId}), up to {Duration(Timeout)}: {Test}";
}

/// <summary>A line the smoke test process wrote.</summary>
public sealed class SmokeTestOutput : DeploymentEvent
{
    /// <summary>The line.</summary>
    public required string Line { get; init; }

    /// <summary>Whether it came from standard error.</summary>
    public bool IsError { get; init; }

    /// <inheritdoc />
    public override string Message => $"[smoke-test] {Line}";
}

/// <summary>The smoke test finished; its verdict decides whether the deployment continues or rolls back.</summary>
public sealed class SmokeTestFinished : DeploymentEvent
{
    /// <summary>Whether it passed.</summary>
    public required bool Passed { get; init; }

    /// <summary>Why, for a person: the exit code, a timeout, and the last lines.</summary>
    public required string Reason { get; init; }

    /// <summary>How long it took.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <inheritdoc />
    public override string Message => Passed ? $"Smoke test passed in {Duration(Elapsed)}." : $"Smoke test failed after {Duration(Elapsed)}: {Reason}";
}

/// <summary>A PAUSE hook of our deployment was answered with ContinueServiceDeployment.</summary>
public sealed class LifecycleHookAnswered : DeploymentEvent
{
    /// <summary>The hook.</summary>
    public required string HookId { get; init; }

    /// <summary>CONTINUE or ROLLBACK.</summary>
    public required string Action { get; init; }

    /// <inheritdoc />
    public override string Message => $"Hook {HookId} answered: {Action}.";
}

/// <summary>We asked ECS to roll back a native deployment (StopServiceDeployment or ContinueServiceDeployment with ROLLBACK).</summary>
public sealed class ServiceDeploymentRollbackRequested : DeploymentEvent
{
    /// <summary>The service deployment.</summary>
    public required string ServiceDeploymentArn { get; init; }

    /// <summary>Why.</summary>
    public required string Reason { get; init; }

    /// <inheritdoc />
    public override string Message => $"Asked ECS to roll back {Short(ServiceDeploymentArn)}: {Reason}";
}

/// <summary>Nothing changed for a while; what the wait is waiting for, and the bake time left.</summary>
public sealed class ServiceDeploymentWaiting : DeploymentEvent
{
    /// <summary>The stage, when reported.</summary>
    public DeploymentStage? Stage { get; init; }

    /// <summary>How long the deployment has been seen in it.</summary>
    public TimeSpan TimeInStage { get; init; }

    /// <summary>During BAKE_TIME: how much of the bake time is left, by the service's configuration.</summary>
    public TimeSpan? BakeTimeRemaining { get; init; }

    /// <summary>The wait's remaining budget.</summary>
    public TimeSpan Remaining { get; init; }

    /// <inheritdoc />
    public override string Message =>
        $"Still {Stage?.Value ?? "starting"} after {Duration(TimeInStage)}"
        + (BakeTimeRemaining is { } bake ? $", about {Duration(bake)} of bake time left" : string.Empty)
        + $" ({Duration(Remaining)} left to wait).";
}
