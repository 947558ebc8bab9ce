namespace Ecs.BlueGreen.Runtime;

/// <summary>The library's defaults, each written once (the options classes document them as their <c>value</c>).</summary>
internal static class Defaults
{
    /// <summary>The last log lines of each failed container added to the evidence.</summary>
    public const int FailureLogLines = 20;

    /// <summary>The most log lines a caller may ask for.</summary>
    public const int MaxFailureLogLines = 10_000;

    /// <summary>The budget of each phase of a deployment's wait, and of a one-off task's.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>The longest budget a caller may give.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(1);
}
