namespace Ecs.BlueGreen;

/// <summary>How the library writes ARNs and durations in messages.</summary>
internal static class Describe
{
    /// <summary><c>arn:…:task-definition/web:12</c> → <c>web:12</c>; <see langword="null"/> → <c>(none)</c>.</summary>
    public static string Short(string? arn) => arn is null ? "(none)" : arn[(arn.LastIndexOf('/') + 1)..];

    /// <summary>90 s → <c>1m30s</c>, 2 min → <c>2m</c>, 4.5 s → <c>4.5s</c>.</summary>
    public static string Duration(TimeSpan span) =>
        span.TotalMinutes >= 1 && span.Seconds == 0 ? $"{(int)span.TotalMinutes}m" : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m{span.Seconds}s" : $"{span.TotalSeconds:0.#}s";
}
