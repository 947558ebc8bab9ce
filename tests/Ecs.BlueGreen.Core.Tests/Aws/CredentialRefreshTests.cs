using System.Net;
using Amazon.Runtime;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Transport;
using Ecs.BlueGreen.Tests.Support;

namespace Ecs.BlueGreen.Tests.Aws;

public class CredentialRefreshTests
{
    [Test]
    public async Task Credentials_that_worked_and_then_fail_to_refresh_are_a_transient_failure_of_the_call_not_a_configuration_error()
    {
        using var server = new LoopbackAwsServer();
        server.Enqueue(ScriptedResponse.Json(HttpStatusCode.OK, "{}"));
        var credentials = new FailingAfterFirst();
        using var transport = new AwsJsonTransport(AwsService.Ecs, server.Connect(credentials), Wire.Options(new ManualTimeProvider(Wire.Now), Wire.NoDelay(maxAttempts: 1)));

        await transport.SendAsync<DescribeServicesProbe, DescribeServicesProbeResponse>("DescribeServices", Wire.Probe(), AwsOperationKind.Read);
        credentials.Fail = true;
        var second = () => transport.SendAsync<DescribeServicesProbe, DescribeServicesProbeResponse>("UpdateService", Wire.Probe(), AwsOperationKind.NonIdempotentWrite);

        var error = (await second.Should().ThrowAsync<AwsTransportException>()).Which;
        error.IsTransient.Should().BeTrue("a run that already wrote keeps its result and tries again");
        error.Message.Should().StartWith("ecs UpdateService failed: the credentials could not be refreshed (");
        server.Requests.Should().HaveCount(1, "nothing is sent without credentials");
    }

    private sealed class FailingAfterFirst : AWSCredentials
    {
        public bool Fail { get; set; }

        public override ImmutableCredentials GetCredentials() =>
            Fail ? throw new AmazonClientException("The security token service could not be reached.") : new ImmutableCredentials("AKIDTEST", "secret", null);

        public override Task<ImmutableCredentials> GetCredentialsAsync() => Task.FromResult(GetCredentials());
    }
}
