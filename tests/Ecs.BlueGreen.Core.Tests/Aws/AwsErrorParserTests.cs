using System.Net;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Transport;
using Ecs.BlueGreen.Tests.Support;

namespace Ecs.BlueGreen.Tests.Aws;

/// <summary>Every form of an AWS JSON 1.1 error answer (https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html), read back over real HTTP.</summary>
public sealed class AwsErrorParserTests
{
    private const string InternalSuffix = ":http://internal.amazon.com/coral/com.amazonaws.ecs/";

    private static IEnumerable<TestCaseData> ErrorForms()
    {
        yield return Form("__type and message", HttpStatusCode.BadRequest, """{"__type":"ClusterNotFoundException","message":"m"}""", null, "ClusterNotFoundException", "m");
        yield return Form("namespaced __type", HttpStatusCode.BadRequest, """{"__type":"com.amazonaws.ecs#ClusterNotFoundException"}""", null, "ClusterNotFoundException", "");
        yield return Form("code", HttpStatusCode.BadRequest, """{"code":"ClusterNotFoundException","message":"m"}""", null, "ClusterNotFoundException", "m");
        yield return Form("__type with URL suffix", HttpStatusCode.BadRequest, $$"""{"__type":"ClusterNotFoundException{{InternalSuffix}}","message":"m"}""", null, "ClusterNotFoundException", "m");
        yield return Form("namespaced __type with URL suffix", HttpStatusCode.BadRequest, $$"""{"__type":"com.amazonaws.ecs#ClusterNotFoundException{{InternalSuffix}}"}""", null, "ClusterNotFoundException", "");
        yield return Form("X-Amzn-Errortype header", HttpStatusCode.BadRequest, """{"message":"m"}""", "ClusterNotFoundException" + InternalSuffix, "ClusterNotFoundException", "m");
        yield return Form("capitalised Message", HttpStatusCode.BadRequest, """{"__type":"ClusterNotFoundException","Message":"Cluster not found."}""", null, "ClusterNotFoundException", "Cluster not found.");
        yield return Form("an HTML page, described and not pasted", HttpStatusCode.BadGateway, "<html><body>Bad Gateway</body></html>", null, "502", "the answer was an HTML page (application/x-amz-json-1.1, 37 bytes), not an AWS error");
        yield return Form("short plain text", HttpStatusCode.Forbidden, "Forbidden", null, "403", "the answer was the text 'Forbidden' (application/x-amz-json-1.1, 9 bytes), not an AWS error");
        yield return Form("no type", HttpStatusCode.Forbidden, """{"message":"Denied."}""", null, "403", "Denied.");
        yield return Form("empty body", HttpStatusCode.ServiceUnavailable, "", null, "503", "");
    }

    [TestCaseSource(nameof(ErrorForms))]
    public async Task Reads_the_code_the_message_the_status_and_the_request_id(HttpStatusCode status, string body, string? errorTypeHeader, string code, string message)
    {
        var answer = ScriptedResponse.Json(status, body, requestId: "c0ffee00-1111-2222-3333-444455556666");
        if (errorTypeHeader is not null)
        {
            answer = new ScriptedResponse
            {
                Status = answer.Status,
                Body = answer.Body,
                Headers = new Dictionary<string, string>(answer.Headers) { ["X-Amzn-Errortype"] = errorTypeHeader },
            };
        }

        using var server = new LoopbackAwsServer();
        server.Enqueue(answer);
        using var transport = new AwsJsonTransport(AwsService.Ecs, server.Connect(Wire.Basic()), Wire.Options(new ManualTimeProvider(Wire.Now), Wire.NoDelay(maxAttempts: 1)));

        var call = () => transport.SendAsync<DescribeServicesProbe, DescribeServicesProbeResponse>("DescribeServices", Wire.Probe(), AwsOperationKind.Read);

        var error = (await call.Should().ThrowAsync<AwsServiceException>()).Which;
        error.ErrorCode.Should().Be(code);
        error.ErrorMessage.Should().Be(message);
        error.StatusCode.Should().Be(status);
        error.RequestId.Should().Be("c0ffee00-1111-2222-3333-444455556666");
        error.Service.Should().Be("ecs");
        error.Operation.Should().Be("DescribeServices");
    }

    [Test]
    public async Task Says_what_a_long_body_that_is_not_JSON_was_without_pasting_it()
    {
        using var server = new LoopbackAwsServer();
        server.Enqueue(ScriptedResponse.Json(HttpStatusCode.BadGateway, new string('x', 5000)));
        using var transport = new AwsJsonTransport(AwsService.Ecs, server.Connect(Wire.Basic()), Wire.Options(new ManualTimeProvider(Wire.Now), Wire.NoDelay(maxAttempts: 1)));

        var call = () => transport.SendAsync<DescribeServicesProbe, DescribeServicesProbeResponse>("DescribeServices", Wire.Probe(), AwsOperationKind.Read);

        var error = (await call.Should().ThrowAsync<AwsServiceException>()).Which;
        error.ErrorMessage.Should().Be("the answer was a body that is not AWS JSON (application/x-amz-json-1.1, 4.9 kB), not an AWS error");
        error.Message.Should().NotContain("xxxx");
    }

    [TestCase("text/html", "<!DOCTYPE html><html><body><h1>Sign in to the network</h1></body></html>", "ecs DescribeServices failed: HTTP 200 came back with an HTML page (text/html, 72 bytes), not an AWS JSON answer; check the endpoint (")]
    [TestCase("application/x-amz-json-1.1", "[1,2,3]", "ecs DescribeServices failed: HTTP 200 came back with a body that is not AWS JSON (application/x-amz-json-1.1, 7 bytes), not an AWS JSON answer; check the endpoint (")]
    [TestCase("application/x-amz-json-1.1", """{"services":"web"}""", "ecs DescribeServices failed: the answer does not fit the DescribeServices output at $.services (")]
    public async Task A_success_answer_that_is_not_AWS_JSON_is_a_transport_error_saying_what_came_back(string contentType, string body, string expected)
    {
        using var server = new LoopbackAwsServer();
        server.Enqueue(new ScriptedResponse { Body = body, Headers = new Dictionary<string, string> { ["Content-Type"] = contentType } });
        using var transport = new AwsJsonTransport(AwsService.Ecs, server.Connect(Wire.Basic()), Wire.Options(new ManualTimeProvider(Wire.Now), Wire.NoDelay(maxAttempts: 3)));

        var call = () => transport.SendAsync<DescribeServicesProbe, DescribeServicesProbeResponse>("DescribeServices", Wire.Probe(), AwsOperationKind.Read);

        var error = (await call.Should().ThrowAsync<AwsTransportException>()).Which;
        error.Message.Should().StartWith(expected).And.NotContain("<h1>", "a page is described, never pasted");
        error.IsTransient.Should().BeFalse("a wrong answer does not become right by asking again");
        server.Requests.Should().HaveCount(1);
    }

    [Test]
    public async Task An_empty_success_body_is_an_empty_output()
    {
        using var server = new LoopbackAwsServer();
        server.Enqueue(ScriptedResponse.Json(HttpStatusCode.OK, string.Empty));
        using var transport = new AwsJsonTransport(AwsService.Ecs, server.Connect(Wire.Basic()), Wire.Options(new ManualTimeProvider(Wire.Now), Wire.NoDelay(maxAttempts: 1)));

        var response = await transport.SendAsync<DescribeServicesProbe, DescribeServicesProbeResponse>("DescribeServices", Wire.Probe(), AwsOperationKind.Read);

        response.Services.Should().BeNull();
    }

    private static TestCaseData Form(string name, HttpStatusCode status, string body, string? errorTypeHeader, string code, string message) =>
        new TestCaseData(status, body, errorTypeHeader, code, message).SetArgDisplayNames(name);
}
