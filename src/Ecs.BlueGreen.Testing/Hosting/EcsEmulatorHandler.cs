using System.Net;
using System.Text;
using Ecs.BlueGreen.Testing.Protocol;

namespace Ecs.BlueGreen.Testing.Hosting;

/// <summary>
/// Serves an <see cref="EcsEmulator"/> in memory: give it to an <see cref="HttpClient"/> (or to
/// <c>AwsClientOptions.HttpHandler</c>) and every request is answered without a socket.
/// A dropped connection is an <see cref="HttpRequestException"/> with <see cref="HttpRequestError.ResponseEnded"/>.
/// </summary>
public sealed class EcsEmulatorHandler : HttpMessageHandler
{
    private readonly EcsEmulator _emulator;

    /// <summary>Creates a handler for <paramref name="emulator"/>.</summary>
    public EcsEmulatorHandler(EcsEmulator emulator)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        _emulator = emulator;
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = string.Join(",", values);
        }

        if (request.Content is not null)
        {
            foreach (var (name, values) in request.Content.Headers)
            {
                headers[name] = string.Join(",", values);
            }
        }

        var uri = request.RequestUri ?? new Uri("http://localhost/");
        var response = _emulator.Handle(new EmulatorRequest(request.Method.Method, uri.AbsolutePath, uri.Query, headers, body));
        if (response.Delay > TimeSpan.Zero)
        {
            await Task.Delay(response.Delay, _emulator.TimeProvider, cancellationToken).ConfigureAwait(false);
        }

        if (response.DropConnection)
        {
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely: the ECS emulator dropped the connection.");
        }

        var message = new HttpResponseMessage((HttpStatusCode)response.StatusCode)
        {
            RequestMessage = request,
            Content = new StringContent(response.Body, Encoding.UTF8),
        };
        message.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(response.ContentType);
        foreach (var (name, value) in response.Headers)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }
}
