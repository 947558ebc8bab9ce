using System.Net;
using System.Text;
using System.Text.Json;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Transport;
using Ecs.BlueGreen.Tests.Support;

namespace Ecs.BlueGreen.Tests.Aws;

/// <summary>
/// What <see cref="AwsJsonTransport"/> puts on the wire (https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html), checked on a real
/// HTTP listener.
/// </summary>
public sealed class AwsJsonTransportWireTests
{
    private const string DescribeServicesAnswer = """{"services":[{"serviceName":"web","createdAt":1785585600.5}],"failures":[]}""";

    [Test]
    public async Task Sends_POST_to_the_root_with_the_target_the_content_type_and_camelCase_json()
    {
        using var server = new LoopbackAwsServer();
        server.Enqueue(ScriptedResponse.Json(HttpStatusCode.OK, DescribeServicesAnswer));
        using var transport = new AwsJsonTransport(AwsService.Ecs, server.Connect(Wire.Basic()), Wire.Options(new ManualTimeProvider(Wire.Now)));

        var answer = await transport.SendAsync<DescribeServicesProbe, DescribeServicesProbeResponse>("DescribeServices", Wire.Probe(), AwsOperationKind.Read);

        var request = server.Requests.Should().ContainSingle().Subject;
        request.Method.Should().Be("POST");
        request.Path.Should().Be("/");
        request.Headers["X-Amz-Target"].Should().Be("AmazonEC2ContainerServiceV20141113.DescribeServices");
        request.Headers["Content-Type"].Should().Be("application/x-amz-json-1.1");

        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        root.EnumerateObject().Select(member => member.Name).Should().Equal("cluster", "services", "updatedSince");
        root.GetProperty("cluster").GetString().Should().Be("prod");
        root.GetProperty("services").EnumerateArray().Select(service => service.GetString()).Should().Equal("web");
        root.GetProperty("updatedSince").ValueKind.Should().Be(JsonValueKind.Number, "timestamps are epoch seconds");
        root.GetProperty("updatedSince").GetDecimal().Should().Be(1785585600.25m);

        var service = answer.Services.Should().ContainSingle().Subject;
        service.ServiceName.Should().Be("web");
        service.CreatedAt.Should().Be(new DateTimeOffset(2026, 8, 1, 12, 0, 0, 500, TimeSpan.Zero));
    }

    [Test]
    public async Task Sends_an_empty_object_for_an_input_without_members()
    {
        using var server = new LoopbackAwsServer();
        using var transport = new AwsJsonTransport(AwsService.Ecs, server.Connect(Wire.Basic()), Wire.Options(new ManualTimeProvider(Wire.Now)));

        await transport.SendAsync<EmptyProbe, EmptyProbe>("ListClusters", new EmptyProbe(), AwsOperationKind.Read);

        server.Requests.Should().ContainSingle().Which.BodyText.Should().Be("{}");
    }

    [Test]
    public async Task Signs_with_SigV4_so_that_an_independent_implementation_computes_the_same_signature()
    {
        using var server = new LoopbackAwsServer();
        using var transport = new AwsJsonTransport(AwsService.Ecs, server.Connect(Wire.Basic(), region: "eu-west-3"), Wire.Options(new ManualTimeProvider(Wire.Now)));

        await transport.SendAsync<DescribeServicesProbe, DescribeServicesProbeResponse>("DescribeServices", Wire.Probe(), AwsOperationKind.Read);

        var request = server.Requests.Should().ContainSingle().Subject;
        var authorization = SigV4Authorization.Parse(request.Headers["Authorization"]);
        authorization.AccessKey.Should().Be(Wire.AccessKey);
        authorization.Date.Should().Be("20260801");
        authorization.Region.Should().Be("eu-west-3", "the scope region is the connection's region");
        authorization.Service.Should().Be("ecs");
        authorization.Terminator.Should().Be("aws4_request");
        authorization.SignedHeaders.Should().Contain(["content-type", "host", "x-amz-date", "x-amz-target"]);
        request.Headers["X-Amz-Date"].Should().Be("20260801T120000Z", "the transport signs at the injected clock's time");

        var expected = SigV4Reference.Signature(
            request.Method,
            authorization.SignedHeaders.Select(name => KeyValuePair.Create(name, request.Headers[name])),
            request.Body,
            Wire.SecretKey,
            request.Headers["X-Amz-Date"],
            authorization.Region,
            authorization.Service);
        authorization.Signature.Should().Be(expected);
    }

    [Test]
    public async Task Signs_each_attempt_at_the_time_the_clock_shows_then()
    {
        var clock = new ManualTimeProvider(Wire.Now);
        using var server = new LoopbackAwsServer();
        using var transport = new AwsJsonTransport(AwsService.Ecs, server.Connect(Wire.Basic()), Wire.Options(clock));

        await transport.SendAsync<EmptyProbe, EmptyProbe>("ListClusters", new EmptyProbe(), AwsOperationKind.Read);
        clock.Advance(TimeSpan.FromHours(13) + TimeSpan.FromSeconds(7));
        await transport.SendAsync<EmptyProbe, EmptyProbe>("ListClusters", new EmptyProbe(), AwsOperationKind.Read);

        server.Requests.Select(request => request.Headers["X-Amz-Date"]).Should().Equal("20260801T120000Z", "20260802T010007Z");
        SigV4Authorization.Parse(server.Requests[1].Headers["Authorization"]).Date.Should().Be("20260802");
    }

    [Test]
    public async Task Sends_the_session_token_of_temporary_credentials_and_signs_it()
    {
        using var server = new LoopbackAwsServer();
        using var transport = new AwsJsonTransport(AwsService.Ecs, server.Connect(Wire.Session()), Wire.Options(new ManualTimeProvider(Wire.Now)));

        await transport.SendAsync<DescribeServicesProbe, DescribeServicesProbeResponse>("DescribeServices", Wire.Probe(), AwsOperationKind.Read);

        var request = server.Requests.Should().ContainSingle().Subject;
        request.Headers.Should().ContainKey("X-Amz-Security-Token").WhoseValue.Should().Be(Wire.SessionToken);
        var authorization = SigV4Authorization.Parse(request.Headers["Authorization"]);
        authorization.SignedHeaders.Should().Contain("x-amz-security-token");
        var expected = SigV4Reference.Signature(
            request.Method,
            authorization.SignedHeaders.Select(name => KeyValuePair.Create(name, request.Headers[name])),
            request.Body,
            Wire.SecretKey,
            request.Headers["X-Amz-Date"],
            authorization.Region,
            authorization.Service);
        authorization.Signature.Should().Be(expected);
    }

    [Test]
    public async Task Sends_no_session_token_for_long_term_credentials()
    {
        using var server = new LoopbackAwsServer();
        using var transport = new AwsJsonTransport(AwsService.Ecs, server.Connect(Wire.Basic()), Wire.Options(new ManualTimeProvider(Wire.Now)));

        await transport.SendAsync<DescribeServicesProbe, DescribeServicesProbeResponse>("DescribeServices", Wire.Probe(), AwsOperationKind.Read);

        var request = server.Requests.Should().ContainSingle().Subject;
        request.Headers.Should().NotContainKey("X-Amz-Security-Token");
        SigV4Authorization.Parse(request.Headers["Authorization"]).SignedHeaders.Should().NotContain("x-amz-security-token");
    }

    [Test]
    public async Task Never_shows_the_secret_key_the_session_token_or_the_signature_in_errors_logs_or_the_connection()
    {
        var logger = new RecordingLogger();
        using var server = new LoopbackAwsServer();
        server.Enqueue(
            ScriptedResponse.Error(HttpStatusCode.BadRequest, "ClientException", "bad input"),
            ScriptedResponse.ServerFault(),
            ScriptedResponse.Drop());
        var connection = server.Connect(Wire.Session());
        using var transport = new AwsJsonTransport(AwsService.Ecs, connection, new AwsClientOptions
        {
            TimeProvider = new ManualTimeProvider(Wire.Now),
            Logger = logger,
            Retry = Wire.NoDelay(),
        });

        var failures = new List<Exception>
        {
            await CatchAsync(() => transport.SendAsync<DescribeServicesProbe, DescribeServicesProbeResponse>("DescribeServices", Wire.Probe(), AwsOperationKind.Read)),
            await CatchAsync(() => transport.SendAsync<DescribeServicesProbe, DescribeServicesProbeResponse>("UpdateService", Wire.Probe(), AwsOperationKind.NonIdempotentWrite)),
            await CatchAsync(() => transport.SendAsync<DescribeServicesProbe, DescribeServicesProbeResponse>("UpdateService", Wire.Probe(), AwsOperationKind.NonIdempotentWrite)),
        };

        var signatures = server.Requests.Select(request => SigV4Authorization.Parse(request.Headers["Authorization"]).Signature).ToList();
        signatures.Should().HaveCount(3);
        logger.Lines.Should().NotBeEmpty();
        var shown = new StringBuilder()
            .AppendJoin('\n', failures.Select(failure => failure.ToString()))
            .AppendJoin('\n', logger.Lines)
            .Append('\n').Append(connection)
            .Append('\n').Append(transport.Connection)
            .ToString();
        foreach (var secret in signatures.Append(Wire.SecretKey).Append(Wire.SessionToken))
        {
            shown.Should().NotContain(secret);
        }
    }

    [Test]
    public void The_independent_SigV4_implementation_matches_AWS_published_examples()
    {
        // Signing key example of the SigV4 documentation.
        SigV4Reference.Hex(SigV4Reference.SigningKey(Wire.SecretKey, "20120215", "us-east-1", "iam"))
            .Should().Be("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");

        // "get-vanilla" of the SigV4 test suite.
        SigV4Reference.Signature(
                "GET",
                [KeyValuePair.Create("Host", "example.amazonaws.com"), KeyValuePair.Create("X-Amz-Date", "20150830T123600Z")],
                [],
                Wire.SecretKey,
                "20150830T123600Z",
                "us-east-1",
                "service")
            .Should().Be("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }

    private static async Task<Exception> CatchAsync(Func<Task> call)
    {
        try
        {
            await call();
        }
#pragma warning disable CA1031 // The test inspects whatever the call threw.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            return exception;
        }

        Assert.Fail("The call was expected to fail.");
        return null!;
    }
}
