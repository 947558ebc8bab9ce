using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Amazon.Runtime;
using Ecs.BlueGreen.Aws;

namespace Ecs.BlueGreen.Tests.Support;

/// <summary>
/// A minimal real HTTP/1.1 server on 127.0.0.1 that stands in for an AWS endpoint: it records every
/// request exactly as it arrived and answers from a script (queued answers first, then
/// <see cref="Otherwise"/>). Connections are kept alive between requests, as AWS does, and an answer can
/// instead reset the connection after the request was read.
/// </summary>
public sealed class LoopbackAwsServer : IDisposable
{
    private readonly object _gate = new();
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Queue<Func<RecordedRequest, ScriptedResponse>> _script = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<TcpClient> _connections = [];
    private readonly Task _loop;

    /// <summary>Starts listening on a free port.</summary>
    public LoopbackAwsServer()
    {
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The base address, for example <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>The answer once the queued answers are used up.</summary>
    /// <value>The default value answers <c>200 {}</c>.</value>
    public Func<RecordedRequest, ScriptedResponse> Otherwise { get; set; } = _ => ScriptedResponse.Json(HttpStatusCode.OK, "{}");

    /// <summary>Every request received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToArray();
            }
        }
    }

    /// <summary>How many TCP connections clients have opened.</summary>
    public int ConnectionCount
    {
        get
        {
            lock (_gate)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>Queues answers for the next requests, in order.</summary>
    public void Enqueue(params ScriptedResponse[] responses)
    {
        ArgumentNullException.ThrowIfNull(responses);
        lock (_gate)
        {
            foreach (var response in responses)
            {
                _script.Enqueue(_ => response);
            }
        }
    }

    /// <summary>Queues an answer computed when its request arrives.</summary>
    public void Enqueue(Func<RecordedRequest, ScriptedResponse> respond)
    {
        lock (_gate)
        {
            _script.Enqueue(respond);
        }
    }

    /// <summary>A connection to this server, signed for <paramref name="region"/>.</summary>
    public AwsConnection Connect(AWSCredentials credentials, string region = "us-east-1") => new(region, Endpoint, credentials);

    /// <summary>A URL on 127.0.0.1 where nothing listens: connecting is refused.</summary>
    public static Uri ClosedEndpoint()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return new Uri($"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}/");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping.Cancel();
        _listener.Stop();
        lock (_gate)
        {
            foreach (var connection in _connections)
            {
                connection.Dispose();
            }
        }

        _loop.Wait(RealTime.Cap);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_gate)
            {
                _connections.Add(client);
            }

            // One task per connection, so an answer that is held back does not block other connections.
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            while (await ReadRequestAsync(stream) is { } request)
            {
                Func<RecordedRequest, ScriptedResponse> respond;
                lock (_gate)
                {
                    _requests.Add(request);
                    respond = _script.Count > 0 ? _script.Dequeue() : Otherwise;
                }

                var answer = respond(request);
                if (answer.HoldUntil is { } release)
                {
                    await release.WaitAsync(_stopping.Token);
                }

                if (answer.DropConnection)
                {
                    // Reset the connection: the client gets neither an answer nor a clean end.
                    client.Client.LingerState = new LingerOption(true, 0);
                    client.Close();
                    return;
                }

                var bytes = Serialise(answer);
                if (answer.CutBodyAt is { } cut)
                {
                    // The head and the start of the body, then a reset: the answer ends before its Content-Length.
                    await stream.WriteAsync(bytes.AsMemory(0, bytes.Length - Encoding.UTF8.GetByteCount(answer.Body) + cut), _stopping.Token);
                    await stream.FlushAsync(_stopping.Token);
                    client.Client.LingerState = new LingerOption(true, 0);
                    client.Close();
                    return;
                }

                await stream.WriteAsync(bytes, _stopping.Token);
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client went away first (a timeout or a cancellation in the test), or the server stopped.
        }
        finally
        {
            client.Dispose();
        }
    }

    /// <summary>Reads one request, or returns <see langword="null"/> when the client closed the connection.</summary>
    private async Task<RecordedRequest?> ReadRequestAsync(Stream stream)
    {
        var requestLine = await ReadLineAsync(stream);
        if (string.IsNullOrEmpty(requestLine))
        {
            return null;
        }

        var parts = requestLine.Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var line = await ReadLineAsync(stream); !string.IsNullOrEmpty(line); line = await ReadLineAsync(stream))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = line[..colon];
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var earlier) ? $"{earlier},{value}" : value;
        }

        if (headers.ContainsKey("Transfer-Encoding"))
        {
            throw new NotSupportedException("The loopback server reads Content-Length bodies only.");
        }

        var body = new byte[headers.TryGetValue("Content-Length", out var length) ? int.Parse(length, CultureInfo.InvariantCulture) : 0];
        await stream.ReadExactlyAsync(body, _stopping.Token);
        return new RecordedRequest(parts[0], parts[1], headers, body);
    }

    private async Task<string?> ReadLineAsync(Stream stream)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            if (await stream.ReadAsync(one, _stopping.Token) == 0)
            {
                return line.Count == 0 ? null : throw new IOException("The connection ended inside a line.");
            }

            if (one[0] == (byte)'\n')
            {
                return Encoding.ASCII.GetString(line.ToArray()).TrimEnd('\r');
            }

            line.Add(one[0]);
        }
    }

    private static byte[] Serialise(ScriptedResponse answer)
    {
        var body = Encoding.UTF8.GetBytes(answer.Body);
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {(int)answer.Status} {answer.Status}\r\n");
        foreach (var (name, value) in answer.Headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. body];
    }
}

/// <summary>A request exactly as the server received it.</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The request target, path and query.</param>
/// <param name="Headers">Every header, looked up case-insensitively.</param>
/// <param name="Body">The body bytes.</param>
public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    /// <summary>The body as UTF-8 text.</summary>
    public string BodyText => Encoding.UTF8.GetString(Body);
}

/// <summary>One scripted answer of <see cref="LoopbackAwsServer"/>.</summary>
public sealed class ScriptedResponse
{
    /// <summary>The HTTP status.</summary>
    public HttpStatusCode Status { get; init; } = HttpStatusCode.OK;

    /// <summary>Response headers.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>The body text (UTF-8).</summary>
    public string Body { get; init; } = string.Empty;

    /// <summary>Whether to reset the connection instead of answering, after the request was read in full.</summary>
    public bool DropConnection { get; init; }

    /// <summary>When set, only this many bytes of the body are sent before the connection is reset.</summary>
    public int? CutBodyAt { get; init; }

    /// <summary>When set, the answer is held back until this task completes.</summary>
    public Task? HoldUntil { get; init; }

    /// <summary>An AWS JSON 1.1 answer with a request id.</summary>
    public static ScriptedResponse Json(HttpStatusCode status, string body, string requestId = "req-0001") => new()
    {
        Status = status,
        Body = body,
        Headers = new Dictionary<string, string>
        {
            ["Content-Type"] = "application/x-amz-json-1.1",
            ["x-amzn-RequestId"] = requestId,
        },
    };

    /// <summary>An AWS JSON 1.1 error answer: <c>{"__type": code, "message": message}</c>.</summary>
    public static ScriptedResponse Error(HttpStatusCode status, string code, string message = "m") =>
        Json(status, $$"""{"__type":"{{code}}","message":"{{message}}"}""");

    /// <summary>
    /// ECS throttling: <c>ThrottlingException</c>, HTTP 400, "Rate exceeded" (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/request-throttling.html).
    /// </summary>
    public static ScriptedResponse Throttling() => Error(HttpStatusCode.BadRequest, "ThrottlingException", "Rate exceeded");

    /// <summary>An ECS server fault: <c>ServerException</c>, HTTP 500.</summary>
    public static ScriptedResponse ServerFault() => Error(HttpStatusCode.InternalServerError, "ServerException", "Service error");

    /// <summary>The connection is reset after the request was read: the client gets no answer.</summary>
    public static ScriptedResponse Drop() => new() { DropConnection = true };

    /// <summary>No answer at all until the client gives up or the server stops.</summary>
    public static ScriptedResponse Hang() => new() { HoldUntil = new TaskCompletionSource().Task };
}
