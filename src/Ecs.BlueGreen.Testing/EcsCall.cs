namespace Ecs.BlueGreen.Testing;

/// <summary>One API call the emulator received, as recorded in its call log.</summary>
public sealed record EcsCall
{
    /// <summary>The call's position in the log, from 1.</summary>
    public required int Sequence { get; init; }

    /// <summary>The service called: <c>ecs</c>, or <c>logs</c> for CloudWatch Logs.</summary>
    /// <value>The default value is <c>ecs</c>.</value>
    public string Service { get; init; } = "ecs";

    /// <summary>The operation, for example <c>DescribeServices</c> or <c>GetLogEvents</c>.</summary>
    public required string Operation { get; init; }

    /// <summary>When the call arrived, on the simulated clock, to the millisecond (in UTC).</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>
    /// The emulator's clock when the call arrived, to the tick: <see cref="Time"/> is the simulation step the call was
    /// handled in, up to a second earlier.
    /// </summary>
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>
    /// The request's <c>Authorization</c> header as received: for SigV4, the signing access key id, date, region and
    /// service (<c>Credential=AKID/20260101/us-east-1/ecs/aws4_request</c>), the signed headers and the signature; no secret.
    /// </summary>
    public string? Authorization { get; init; }

    /// <summary>The access key id the call was signed with (SigV4's <c>Credential=</c>), or <see langword="null"/> when unsigned.</summary>
    public string? AccessKeyId => Authorization is { } header && header.IndexOf("Credential=", StringComparison.Ordinal) is var at and >= 0
        ? header[(at + "Credential=".Length)..].Split('/')[0]
        : null;

    /// <summary>The request body as received.</summary>
    public required string Request { get; init; }

    /// <summary>The HTTP status answered; 0 when the connection was dropped.</summary>
    public int StatusCode { get; init; }

    /// <summary>The error type answered (<c>ThrottlingException</c>, <c>ClientException</c>, …), or <c>null</c> on success.</summary>
    public string? ErrorType { get; init; }
}
