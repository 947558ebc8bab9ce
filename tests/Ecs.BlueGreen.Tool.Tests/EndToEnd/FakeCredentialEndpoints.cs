using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Ecs.BlueGreen.Tool.Tests.EndToEnd;

/// <summary>One request a fake credential endpoint answered.</summary>
internal sealed record CredentialRequest(string Method, string Path, string? Action, string? AccessKeyId, IReadOnlyDictionary<string, string> Form, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// The endpoints credentials come from, on 127.0.0.1, each answering with its own access key id:
/// STS AssumeRole and AssumeRoleWithWebIdentity (query protocol, XML: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html),
/// SSO GetRoleCredentials (https://docs.aws.amazon.com/singlesignon/latest/PortalAPIReference/API_GetRoleCredentials.html),
/// the container credentials endpoint (https://docs.aws.amazon.com/sdkref/latest/guide/feature-container-credentials.html)
/// and the EC2 instance metadata service, IMDSv2 only (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html).
/// </summary>
internal sealed class FakeCredentialEndpoints : IAsyncDisposable
{
    public const string AssumedRoleKey = "ASIAASSUMEDROLE";
    public const string WebIdentityKey = "ASIAWEBIDENTITY";
    public const string SsoKey = "ASIASSOROLE";
    public const string ContainerKey = "ASIACONTAINER";
    public const string InstanceKey = "ASIAINSTANCE";
    public const string ContainerToken = "container-authorization-token";
    public const string ImdsToken = "imds-session-token";
    public const string InstanceRole = "deployer-instance-role";
    private const string Expiration = "2099-01-01T00:00:00Z";

    private readonly WebApplication _app;

    private FakeCredentialEndpoints(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The base address, for example <c>http://127.0.0.1:4600/</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>Every request, in arrival order.</summary>
    public ConcurrentQueue<CredentialRequest> Requests { get; } = new();

    public static async Task<FakeCredentialEndpoints> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        FakeCredentialEndpoints? endpoints = null;
        app.Run(context => endpoints!.ServeAsync(context));
        await app.StartAsync();
        var address = ((IServer)app.Services.GetService(typeof(IServer))!).Features.Get<IServerAddressesFeature>()!.Addresses.First();
        endpoints = new FakeCredentialEndpoints(app, new Uri(address.TrimEnd('/') + "/"));
        return endpoints;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ServeAsync(HttpContext context)
    {
        var request = context.Request;
        var form = request.HasFormContentType
            ? (await request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var authorization = headers.GetValueOrDefault("Authorization");
        var accessKeyId = authorization is not null && authorization.Contains("Credential=", StringComparison.Ordinal)
            ? authorization[(authorization.IndexOf("Credential=", StringComparison.Ordinal) + "Credential=".Length)..].Split('/')[0]
            : null;
        Requests.Enqueue(new CredentialRequest(request.Method, request.Path.Value ?? "/", form.GetValueOrDefault("Action"), accessKeyId, form, headers));

        var path = request.Path.Value ?? "/";
        (int Status, string Type, string Body) answer = (request.Method, path, form.GetValueOrDefault("Action")) switch
        {
            ("POST", "/", "AssumeRole") => (200, "text/xml", StsAnswer("AssumeRole", AssumedRoleKey, "")),
            ("POST", "/", "AssumeRoleWithWebIdentity") => (200, "text/xml", StsAnswer("AssumeRoleWithWebIdentity", WebIdentityKey, "<SubjectFromWebIdentityToken>pipeline</SubjectFromWebIdentityToken><Audience>sts.amazonaws.com</Audience><Provider>token.actions.example.com</Provider>")),
            ("GET", "/federation/credentials", _) when headers.ContainsKey("x-amz-sso_bearer_token") =>
                (200, "application/json", $$$"""{"roleCredentials":{"accessKeyId":"{{{SsoKey}}}","secretAccessKey":"sso-secret","sessionToken":"sso-session","expiration":4070908800000}}"""),
            ("GET", "/container/credentials", _) when headers.GetValueOrDefault("Authorization") == ContainerToken =>
                (200, "application/json", $$"""{"AccessKeyId":"{{ContainerKey}}","SecretAccessKey":"container-secret","Token":"container-session","Expiration":"{{Expiration}}"}"""),
            ("PUT", "/latest/api/token", _) when headers.ContainsKey("X-aws-ec2-metadata-token-ttl-seconds") => (200, "text/plain", ImdsToken),
            ("GET", "/latest/meta-data/iam/info", _) when headers.GetValueOrDefault("X-aws-ec2-metadata-token") == ImdsToken =>
                (200, "application/json", """{"Code":"Success","LastUpdated":"2026-01-01T00:00:00Z","InstanceProfileArn":"arn:aws:iam::123456789012:instance-profile/deployer","InstanceProfileId":"AIPAEXAMPLE"}"""),
            ("GET", "/latest/meta-data/iam/security-credentials/", _) when headers.GetValueOrDefault("X-aws-ec2-metadata-token") == ImdsToken =>
                (200, "text/plain", InstanceRole),
            ("GET", "/latest/meta-data/iam/security-credentials/" + InstanceRole, _) when headers.GetValueOrDefault("X-aws-ec2-metadata-token") == ImdsToken =>
                (200, "application/json", $$"""{"Code":"Success","LastUpdated":"2026-01-01T00:00:00Z","Type":"AWS-HMAC","AccessKeyId":"{{InstanceKey}}","SecretAccessKey":"instance-secret","Token":"instance-session","Expiration":"{{Expiration}}"}"""),
            _ => (404, "text/plain", "not found"),
        };
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = answer.Type;
        await context.Response.WriteAsync(answer.Body);
    }

    private static string StsAnswer(string action, string accessKeyId, string extra) => $"""
        <{action}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <{action}Result>
            {extra}
            <AssumedRoleUser>
              <Arn>arn:aws:sts::123456789012:assumed-role/deployer/pipeline</Arn>
              <AssumedRoleId>AROAEXAMPLE:pipeline</AssumedRoleId>
            </AssumedRoleUser>
            <Credentials>
              <AccessKeyId>{accessKeyId}</AccessKeyId>
              <SecretAccessKey>{action}-secret</SecretAccessKey>
              <SessionToken>{action}-session</SessionToken>
              <Expiration>{Expiration}</Expiration>
            </Credentials>
          </{action}Result>
          <ResponseMetadata>
            <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
          </ResponseMetadata>
        </{action}Response>
        """;
}
