using Amazon.Runtime;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Ecs;

namespace Ecs.BlueGreen.Tests.Support;

/// <summary>ECS clients over an in-memory handler, with dummy credentials and no retry delays.</summary>
internal static class TestConnections
{
    public static AwsConnection Local(string region = "us-east-1") =>
        new(region, new Uri("http://ecs.test.local/"), new BasicAWSCredentials("AKIDEXAMPLE", "test-secret"));

    public static EcsClient Client(HttpMessageHandler handler) =>
        new(Local(), new AwsClientOptions
        {
            HttpHandler = handler,
            Retry = new AwsRetryOptions { ThrottlingBaseDelay = TimeSpan.Zero, TransientBaseDelay = TimeSpan.Zero },
        });
}
