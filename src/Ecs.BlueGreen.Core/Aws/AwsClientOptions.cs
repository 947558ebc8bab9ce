using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ecs.BlueGreen.Aws;

/// <summary>How a client sends its calls: HTTP handler, clock, logging and retries.</summary>
public sealed class AwsClientOptions
{
    /// <summary>The HTTP handler calls go through; tests and the emulator pass their own.</summary>
    /// <value>The default value is <see langword="null"/>: a pooled <see cref="SocketsHttpHandler"/> owned by the client.</value>
    public HttpMessageHandler? HttpHandler { get; init; }

    /// <summary>The clock used for signing, timeouts and backoff.</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Receives one debug line per call (operation, duration, request id) and one per retry; never a credential.</summary>
    /// <value>The default value is <see cref="NullLogger.Instance"/>.</value>
    public ILogger Logger { get; init; } = NullLogger.Instance;

    /// <summary>How failed calls are retried.</summary>
    /// <value>The default value is <see cref="AwsRetryOptions.Default"/>.</value>
    public AwsRetryOptions Retry { get; init; } = AwsRetryOptions.Default;

    /// <summary>The source of backoff jitter in [0, 1); tests fix it.</summary>
    internal Func<double> Random { get; init; } = System.Random.Shared.NextDouble;
}
