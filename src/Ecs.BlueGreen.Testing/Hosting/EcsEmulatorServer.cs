using System.Net;
using System.Text;
using Ecs.BlueGreen.Testing.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ecs.BlueGreen.Testing.Hosting;

/// <summary>
/// Serves an <see cref="EcsEmulator"/> over HTTP on 127.0.0.1 with Kestrel, for tools in another process
/// (the AWS CLI, an SDK). Use <c>--endpoint-url</c> <see cref="Endpoint"/>.
/// </summary>
public sealed class EcsEmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EcsEmulatorServer(WebApplication app, EcsEmulator emulator, Uri endpoint)
    {
        _app = app;
        Emulator = emulator;
        Endpoint = endpoint;
    }

    /// <summary>The emulator being served.</summary>
    public EcsEmulator Emulator { get; }

    /// <summary>The base address, for example <c>http://127.0.0.1:4599/</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>Starts serving <paramref name="emulator"/> on 127.0.0.1.</summary>
    /// <param name="emulator">The emulator.</param>
    /// <param name="port">The port; 0 picks a free one.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<EcsEmulatorServer> StartAsync(EcsEmulator emulator, int port = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.Run(context => ServeAsync(emulator, context));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetService(typeof(IServer)) is IServer server
            ? server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            : null;
        var endpoint = new Uri((address ?? $"http://127.0.0.1:{port}").Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        return new EcsEmulatorServer(app, emulator, endpoint);
    }

    /// <summary>Stops serving.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task ServeAsync(EcsEmulator emulator, HttpContext context)
    {
        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        }

        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var response = emulator.Handle(new EmulatorRequest(context.Request.Method, context.Request.Path.Value ?? "/", context.Request.QueryString.Value, headers, body));
        if (response.Delay > TimeSpan.Zero)
        {
            await Task.Delay(response.Delay, emulator.TimeProvider, context.RequestAborted).ConfigureAwait(false);
        }

        if (response.DropConnection)
        {
            context.Abort();
            return;
        }

        context.Response.StatusCode = response.StatusCode;
        context.Response.ContentType = response.ContentType;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }

        await context.Response.WriteAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
    }
}
