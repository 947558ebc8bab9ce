namespace Ecs.BlueGreen.Aws;

/// <summary>
/// No usable answer came back from AWS after the retries: the endpoint could not be reached, the connection
/// dropped, every attempt timed out, or what answered was not AWS (an HTML page from a proxy, an empty body,
/// JSON that does not fit the operation's output). <see cref="Exception.InnerException"/> holds the last cause.
/// </summary>
public sealed class AwsTransportException : AwsException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="service">The service's signing name.</param>
    /// <param name="operation">The operation.</param>
    /// <param name="problem">What went wrong, as the end of a sentence: "could not be reached (Connection refused)".</param>
    /// <param name="isTransient">Whether a later attempt may succeed (a network failure or a timeout, not a wrong answer).</param>
    /// <param name="innerException">The last cause.</param>
    public AwsTransportException(string service, string operation, string problem, bool isTransient, Exception? innerException = null)
        : base(service, operation, $"{service} {operation} failed: {problem}", innerException)
    {
        Problem = problem;
        IsTransient = isTransient;
    }

    /// <summary>What went wrong.</summary>
    public string Problem { get; }

    /// <inheritdoc />
    public override bool IsTransient { get; }
}
