using System.Net;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Retry;
using Ecs.BlueGreen.Aws.Transport;
using Ecs.BlueGreen.Tests.Support;

namespace Ecs.BlueGreen.Tests.Aws;

/// <summary>Every form of an AWS JSON 1.1 error answer (aws-api-facts.md §1.3), read back over real HTTP.</summary>
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
        yield return Form("body that is not JSON", HttpStatusCode.BadGateway, "<html><body>Bad Gateway</body></html>", null, "502", "<html><body>Bad Gateway</body></html>");
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
    public async Task Keeps_only_the_start_of_a_long_body_that_is_not_JSON()
    {
        using var server = new LoopbackAwsServer();
        server.Enqueue(ScriptedResponse.Json(HttpStatusCode.BadGateway, new string('x', 5000)));
        using var transport = new AwsJsonTransport(AwsService.Ecs, server.Connect(Wire.Basic()), Wire.Options(new ManualTimeProvider(Wire.Now), Wire.NoDelay(maxAttempts: 1)));

        var call = () => transport.SendAsync<DescribeServicesProbe, DescribeServicesProbeResponse>("DescribeServices", Wire.Probe(), AwsOperationKind.Read);

        (await call.Should().ThrowAsync<AwsServiceException>()).Which.ErrorMessage.Should().Be(new string('x', 200));
    }

    private static TestCaseData Form(string name, HttpStatusCode status, string body, string? errorTypeHeader, string code, string message) =>
        new TestCaseData(status, body, errorTypeHeader, code, message).SetArgDisplayNames(name);
}
