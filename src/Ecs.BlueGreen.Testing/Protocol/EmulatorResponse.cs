namespace Ecs.BlueGreen.Testing.Protocol;

/// <summary>What a host sends back for one HTTP request.</summary>
internal sealed record EmulatorResponse(int StatusCode, string ContentType, string Body, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>Close the connection without an answer.</summary>
    public bool DropConnection { get; init; }

    /// <summary>How long to hold the answer, in the emulator's time.</summary>
    public TimeSpan Delay { get; init; }
}

/// <summary>One HTTP request as a host received it.</summary>
internal sealed record EmulatorRequest(string Method, string Path, string? Query, IReadOnlyDictionary<string, string> Headers, string Body);
