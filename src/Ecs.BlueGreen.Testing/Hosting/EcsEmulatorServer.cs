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
/// (the AWS CLI, an SDK). Use <c>--endpoint-url</c> <see cref="Endpoint"/>. Each listener rule of the scenario
/// (<see cref="Scenarios.EmulatorScenario.ListenerRules"/>) is served too, as plain HTTP on its own port: find it with
/// <see cref="EcsEmulator.ListenerUrl"/>.
/// </summary>
public sealed class EcsEmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<(string Rule, WebApplication App)> _listeners;

    private EcsEmulatorServer(WebApplication app, List<(string Rule, WebApplication App)> listeners, EcsEmulator emulator, Uri endpoint)
    {
        _app = app;
        _listeners = listeners;
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
        var (app, endpoint) = await ListenAsync(port, context => ServeAsync(emulator, context), cancellationToken).ConfigureAwait(false);
        var listeners = new List<(string Rule, WebApplication App)>();
        try
        {
            foreach (var rule in emulator.Scenario.ListenerRules)
            {
                var arn = rule.Arn;
                var (listener, url) = await ListenAsync(rule.Port, context => ServeListenerAsync(emulator, arn, context), cancellationToken).ConfigureAwait(false);
                listeners.Add((arn, listener));
                emulator.SetListenerUrl(arn, url);
            }
        }
        catch
        {
            await StopAsync(app, listeners, emulator).ConfigureAwait(false);
            throw;
        }

        return new EcsEmulatorServer(app, listeners, emulator, endpoint);
    }

    /// <summary>Stops serving.</summary>
    public async ValueTask DisposeAsync() => await StopAsync(_app, _listeners, Emulator).ConfigureAwait(false);

    private static async Task StopAsync(WebApplication app, List<(string Rule, WebApplication App)> listeners, EcsEmulator emulator)
    {
        foreach (var (rule, listener) in listeners)
        {
            emulator.SetListenerUrl(rule, null);
            await listener.StopAsync().ConfigureAwait(false);
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task<(WebApplication App, Uri Address)> ListenAsync(int port, RequestDelegate serve, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.Run(serve);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetService(typeof(IServer)) is IServer server
            ? server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            : null;
        return (app, new Uri((address ?? $"http://127.0.0.1:{port}").Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/"));
    }

    /// <summary>A request to a listener rule: the chosen task's status and body as plain text, whatever the path.</summary>
    private static async Task ServeListenerAsync(EcsEmulator emulator, string ruleArn, HttpContext context)
    {
        var answer = emulator.HandleListener(ruleArn);
        context.Response.StatusCode = answer.StatusCode;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(answer.Body, context.RequestAborted).ConfigureAwait(false);
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
