using System.Globalization;

namespace Ecs.BlueGreen;

/// <summary>
/// A call a dry run would have made: the AWS operation and what it would send or wait for, for a person. Its
/// <see cref="ToString"/> is one line, for example <c>UpdateService (cluster prod, service web, desiredCount 3)</c>.
/// </summary>
/// <param name="Operation">The operation, as AWS names it: <c>RegisterTaskDefinition</c>, <c>UpdateService</c>, <c>RunTask</c>, …</param>
/// <param name="Description">What follows the operation's name on the line: its main parameters, or what it waits for.</param>
public sealed record PlannedCall(string Operation, string Description)
{
    /// <inheritdoc />
    public override string ToString() => $"{Operation} {Description}";

    /// <summary>A duration as the plans show it: seconds, with at most one decimal (<c>600s</c>, <c>1.5s</c>).</summary>
    internal static string Seconds(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#}s");
}
