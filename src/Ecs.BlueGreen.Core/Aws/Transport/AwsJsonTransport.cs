using System.Diagnostics.CodeAnalysis;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Amazon;
using Amazon.Runtime.Signing;
using Ecs.BlueGreen.Aws.Configuration;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Timeout;

namespace Ecs.BlueGreen.Aws.Transport;

/// <summary>
/// Sends operations of one AWS JSON 1.1 service (https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html): <c>POST /</c> with
/// <c>X-Amz-Target: prefix.Operation</c>, <c>Content-Type: application/x-amz-json-1.1</c>, a JSON body
/// with the model's member names, signed with SigV4 by AWSSDK.Core's <see cref="AWSSigV4Signer"/>.
/// Error answers become <see cref="AwsServiceException"/>; retries follow <see cref="AwsRetryPipeline"/>.
/// </summary>
internal sealed partial class AwsJsonTransport : IDisposable
{
    private const string ContentType = "application/x-amz-json-1.1";
    private static readonly string UserAgent = $"ecs-bluegreen/{typeof(AwsJsonTransport).Assembly.GetName().Version?.ToString(3)}";

    private readonly AwsService _service;
    private readonly AwsConnection _connection;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _pipeline;
    private readonly RegionEndpoint _region;
    private volatile bool _credentialsWorked;

    /// <summary>Creates a transport for one service at one resolved connection.</summary>
    public AwsJsonTransport(AwsService service, AwsConnection connection, AwsClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(connection);
        options ??= new AwsClientOptions();
        _service = service;
        _connection = connection;
        _time = options.TimeProvider;
        _logger = options.Logger;
        _region = RegionEndpoint.GetBySystemName(connection.Region);
        _http = new HttpClient(options.HttpHandler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, disposeHandler: options.HttpHandler is null)
        {
            // Timeouts belong to the retry pipeline, which runs on the injected clock.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        _pipeline = AwsRetryPipeline.Create(options.Retry, options.TimeProvider, options.Random);
    }

    /// <summary>The service this transport talks to.</summary>
    public AwsService Service => _service;

    /// <summary>The connection this transport sends to.</summary>
    public AwsConnection Connection => _connection;

    /// <summary>Sends one operation and reads its answer, retrying as <paramref name="kind"/> allows.</summary>
    /// <exception cref="AwsServiceException">AWS answered with an error that was not retried, or the retries ran out.</exception>
    /// <exception cref="AwsWriteOutcomeUnknownException">A non-idempotent write failed after it may have been applied.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<TResponse> SendAsync<TRequest, TResponse>(string operation, TRequest request, AwsOperationKind kind, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operation);
        var body = JsonSerializer.SerializeToUtf8Bytes(request, AwsJson.TypeInfo<TRequest>());
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(AwsRetryPipeline.StartedAt, _time.GetTimestamp());
        var attempts = 0;
        try
        {
            return await _pipeline.ExecuteAsync(
                async (ctx, _) => await AttemptAsync<TResponse>(operation, body, kind, ++attempts, cancellationToken, ctx.CancellationToken).ConfigureAwait(false),
                context,
                0).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            throw new AwsTransportException(_service.SigningName, operation, $"{_connection.Endpoint.Host} could not be reached after {Attempts(attempts)} ({exception.Message})", isTransient: true, exception);
        }
        catch (IOException exception)
        {
            throw new AwsTransportException(_service.SigningName, operation, $"the connection to {_connection.Endpoint.Host} failed after {Attempts(attempts)} ({exception.Message})", isTransient: true, exception);
        }
        catch (TimeoutRejectedException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AwsTransportException(_service.SigningName, operation, $"no answer within {exception.Timeout.TotalSeconds:0.#} s, {Attempts(attempts)}", isTransient: true, exception);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<TResponse> AttemptAsync<TResponse>(string operation, byte[] body, AwsOperationKind kind, int attempt, CancellationToken callerToken, CancellationToken attemptToken)
    {
        var started = _time.GetTimestamp();
        HttpResponseMessage response;
        PooledBody answer;
        try
        {
            using var request = await CreateSignedRequestAsync(operation, body, attemptToken).ConfigureAwait(false);
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attemptToken).ConfigureAwait(false);
            try
            {
                answer = await PooledBody.ReadAsync(response.Content, attemptToken).ConfigureAwait(false);
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }
        catch (HttpRequestException exception) when (kind == AwsOperationKind.NonIdempotentWrite && !NeverReachedServer(exception))
        {
            throw new AwsWriteOutcomeUnknownException(_service.SigningName, operation, exception);
        }
        catch (OperationCanceledException exception) when (kind == AwsOperationKind.NonIdempotentWrite && !callerToken.IsCancellationRequested)
        {
            // The attempt timed out after the request was handed to the network.
            throw new AwsWriteOutcomeUnknownException(_service.SigningName, operation, new TimeoutException("The call timed out.", exception));
        }

        using (response)
        using (answer)
        {
            var requestId = ReadHeader(response, "x-amzn-RequestId");
            var bytes = answer.Bytes;
            var elapsed = _time.GetElapsedTime(started);
            LogCall(operation, (int)response.StatusCode, elapsed.TotalMilliseconds, requestId ?? "-", attempt);
            if (response.IsSuccessStatusCode)
            {
                return ReadOutput<TResponse>(operation, response, bytes);
            }

            var text = Encoding.UTF8.GetString(bytes);
            var (code, message) = AwsErrorParser.Parse(response.StatusCode, ReadHeader(response, "X-Amzn-Errortype"), text, response.Content.Headers.ContentType?.MediaType);
            var error = new AwsServiceException(_service.SigningName, operation, code, message, response.StatusCode, requestId);

            // A throttled call was rejected before any work; a server fault may have done the work.
            if (kind == AwsOperationKind.NonIdempotentWrite && error.IsServerFault && !error.IsThrottling)
            {
                throw new AwsWriteOutcomeUnknownException(_service.SigningName, operation, error);
            }

            throw error;
        }
    }

    /// <summary>
    /// The operation's output, or <see cref="AwsTransportException"/> when what answered is not AWS: a page (a proxy,
    /// a captive portal, a wrong endpoint), anything that is not a JSON object, or JSON that does not fit the output
    /// shape. An empty body is an empty output, as AWS sends for operations without output members.
    /// </summary>
    private TResponse ReadOutput<TResponse>(string operation, HttpResponseMessage response, ReadOnlySpan<byte> body)
    {
        var json = body;
        if (json.StartsWith(Utf8Bom))
        {
            json = json[Utf8Bom.Length..];
        }

        var trimmed = json.TrimStart(JsonWhitespace);
        if (trimmed.Length > 0 && trimmed[0] != (byte)'{')
        {
            throw new AwsTransportException(_service.SigningName, operation,
                $"HTTP {(int)response.StatusCode} came back with {AwsErrorParser.Describe(Encoding.UTF8.GetString(body), response.Content.Headers.ContentType?.MediaType)}, not an AWS JSON answer; check the endpoint ({_connection.Endpoint})", isTransient: false);
        }

        try
        {
            return JsonSerializer.Deserialize(trimmed.Length == 0 ? "{}"u8 : trimmed, AwsJson.TypeInfo<TResponse>())
                ?? throw new JsonException("The answer is null.");
        }
        catch (JsonException exception)
        {
            var where = exception.Path is { Length: > 0 } path ? $" at {path}" : string.Empty;
            throw new AwsTransportException(_service.SigningName, operation,
                $"the answer does not fit the {operation} output{where} ({FirstSentence(exception.Message)}); check the endpoint ({_connection.Endpoint})", isTransient: false, exception);
        }
    }

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>The whitespace JSON allows between tokens (https://www.rfc-editor.org/rfc/rfc8259#section-2).</summary>
    private static ReadOnlySpan<byte> JsonWhitespace => " \t\r\n"u8;

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message.TrimEnd('.') : message[..end];
    }

    private static string Attempts(int attempts) => attempts == 1 ? "1 attempt" : $"{attempts} attempts";

    private async Task<HttpRequestMessage> CreateSignedRequestAsync(string operation, byte[] body, CancellationToken cancellationToken)
    {
        // Credentials of a credential_process, an assumed role or SSO are fetched at the first call. Fetched here, before
        // signing, a failure is a configuration error naming where they come from, and nothing has been sent.
        // Once they worked, a failure to refresh them (an STS or SSO outage mid-deployment) is a transient failure of this
        // call, so a run that has already written keeps its result and tries again.
        try
        {
            await _connection.Credentials.GetCredentialsAsync().ConfigureAwait(false);
            _credentialsWorked = true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not EcsBlueGreenException)
        {
            var explained = AwsCredentialsResolver.Explain(_connection.CredentialSource, exception);
            if (_credentialsWorked)
            {
                throw new AwsTransportException(_service.SigningName, operation, $"the credentials could not be refreshed ({explained.Message})", isTransient: true, exception);
            }

            throw explained;
        }

        var target = $"{_service.TargetPrefix}.{operation}";
        var signing = new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = _connection.Endpoint, Content = body };
        signing.Headers["Content-Type"] = ContentType;
        signing.Headers["X-Amz-Target"] = target;
        var signed = await AWSSigV4Signer.SignAsync(
            signing,
            new AWSSigV4Parameters
            {
                Credentials = _connection.Credentials,
                Region = _region,
                Service = _service.SigningName,
                SignedAt = _time.GetUtcNow().UtcDateTime,
            },
            cancellationToken).ConfigureAwait(false);

        var request = new HttpRequestMessage(HttpMethod.Post, _connection.Endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        foreach (var (name, value) in signed.Headers)
        {
            if (!name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) && !name.Equals("X-Amz-Target", StringComparison.OrdinalIgnoreCase) && !name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }

    /// <summary>
    /// Whether the request provably never reached AWS: the connection could not be made or the name
    /// did not resolve. Anything later (a reset, an early end of the answer) may follow processing.
    /// </summary>
    private static bool NeverReachedServer(HttpRequestException exception) =>
        exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.ProxyTunnelError or HttpRequestError.SecureConnectionError;

    private static string? ReadHeader(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "AWS {Operation} answered {StatusCode} in {ElapsedMs:F0} ms (request id {RequestId}, attempt {Attempt})")]
    private partial void LogCall(string operation, int statusCode, double elapsedMs, string requestId, int attempt);

    /// <inheritdoc />
    [SuppressMessage("Usage", "CA1816:Dispose methods should call SuppressFinalize", Justification = "Sealed, no finalizer.")]
    public void Dispose() => _http.Dispose();
}
