using System.Net;
using System.Web;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Configuration;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Tests.Support;

namespace Ecs.BlueGreen.Tests.Configuration;

/// <summary>
/// A role given in the settings is assumed through a real STS AssumeRole call (AWSSDK.SecurityToken,
/// against the loopback listener), and ECS calls are then signed with the role's session credentials.
/// </summary>
public class AssumeRoleTests
{
    [Test]
    public async Task The_role_is_assumed_through_STS_and_its_credentials_sign_the_ECS_calls()
    {
        using var server = new LoopbackAwsServer
        {
            Otherwise = request => request.Headers.ContainsKey("x-amz-target")
                ? ScriptedResponse.Json(HttpStatusCode.OK, """{"clusters":[{"clusterName":"prod","status":"ACTIVE"}]}""")
                : new ScriptedResponse { Body = AssumeRoleAnswer, Headers = new Dictionary<string, string> { ["Content-Type"] = "text/xml" } },
        };
        var settings = new AwsSettings
        {
            Region = "eu-west-1",
            AccessKeyId = "AKIASOURCE",
            SecretAccessKey = "source-secret",
            RoleArn = "arn:aws:iam::123456789012:role/deployer",
            RoleSessionName = "pipeline-42",
            ExternalId = "shared-external-id",
            EndpointUrl = server.Endpoint,
        };
        var environment = new AwsEnvironment(name => name == "AWS_ENDPOINT_URL_STS" ? server.Endpoint.ToString() : null);

        using var ecs = new EcsClient(settings.Resolve(AwsService.Ecs, environment));
        var clusters = await ecs.DescribeClustersAsync(new DescribeClustersRequest { Clusters = ["prod"] });

        clusters.Clusters.Should().ContainSingle().Which.Status.Should().Be("ACTIVE");
        server.Requests.Should().HaveCount(2);

        var sts = server.Requests[0];
        var form = HttpUtility.ParseQueryString(sts.BodyText);
        form["Action"].Should().Be("AssumeRole");
        form["RoleArn"].Should().Be("arn:aws:iam::123456789012:role/deployer");
        form["RoleSessionName"].Should().Be("pipeline-42");
        form["ExternalId"].Should().Be("shared-external-id");
        form["DurationSeconds"].Should().Be("3600");
        Header(sts, "Authorization").Should().Contain("Credential=AKIASOURCE/").And.Contain("/eu-west-1/sts/aws4_request");

        var ecsCall = server.Requests[1];
        Header(ecsCall, "Authorization").Should().Contain("Credential=ASIAROLECREDENTIALS/").And.Contain("/eu-west-1/ecs/aws4_request");
        Header(ecsCall, "X-Amz-Security-Token").Should().Be("role-session-token");
    }

    private static string Header(RecordedRequest request, string name) =>
        request.Headers.Single(header => header.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    private const string AssumeRoleAnswer = """
        <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <AssumeRoleResult>
            <Credentials>
              <AccessKeyId>ASIAROLECREDENTIALS</AccessKeyId>
              <SecretAccessKey>role-secret</SecretAccessKey>
              <SessionToken>role-session-token</SessionToken>
              <Expiration>2099-01-01T00:00:00Z</Expiration>
            </Credentials>
            <AssumedRoleUser>
              <Arn>arn:aws:sts::123456789012:assumed-role/deployer/pipeline-42</Arn>
              <AssumedRoleId>AROA123:pipeline-42</AssumedRoleId>
            </AssumedRoleUser>
          </AssumeRoleResult>
          <ResponseMetadata><RequestId>sts-req-1</RequestId></ResponseMetadata>
        </AssumeRoleResponse>
        """;
}
