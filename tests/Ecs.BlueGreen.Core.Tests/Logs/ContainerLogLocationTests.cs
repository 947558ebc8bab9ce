using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Configuration;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Logs;

namespace Ecs.BlueGreen.Tests.Logs;

/// <summary>Where a container's awslogs output goes, and where the CloudWatch Logs client sends its calls.</summary>
public class ContainerLogLocationTests
{
    [Test]
    public void Create_resolves_the_logs_endpoint_and_signing_service()
    {
        var environment = new AwsEnvironment(name => name == "AWS_ENDPOINT_URL_CLOUDWATCH_LOGS" ? "http://127.0.0.1:4599" : null);
        var settings = new AwsSettings { Region = "eu-west-1", AccessKeyId = "AKIA", SecretAccessKey = "s" };

        settings.Resolve(AwsService.CloudWatchLogs, environment).Endpoint.Should().Be(new Uri("http://127.0.0.1:4599"));
        settings.Resolve(AwsService.CloudWatchLogs, new AwsEnvironment(_ => null)).Endpoint.Host.Should().Be("logs.eu-west-1.amazonaws.com");
    }

    [TestCase("awslogs", "/ecs/web", "web", "eu-west-1", "arn:aws:ecs:eu-west-1:1:task/prod/abc123", "/ecs/web", "eu-west-1", "web/app/abc123")]
    [TestCase("awslogs", "/ecs/web", "web", null, "arn:aws:ecs:eu-west-1:1:task/abc123", "/ecs/web", null, "web/app/abc123")]
    [TestCase("awslogs", "/ecs/web", "web", null, "abc123", "/ecs/web", null, "web/app/abc123")]
    [TestCase("awslogs", "/ecs/web", null, null, "arn:aws:ecs:eu-west-1:1:task/prod/abc123", null, null, null)]
    [TestCase("awslogs", null, "web", null, "arn:aws:ecs:eu-west-1:1:task/prod/abc123", null, null, null)]
    [TestCase("awsfirelens", "/ecs/web", "web", null, "arn:aws:ecs:eu-west-1:1:task/prod/abc123", null, null, null)]
    public void The_awslogs_stream_of_a_container_is_prefix_container_task_id(string driver, string? group, string? prefix, string? region, string taskArn, string? expectedGroup, string? expectedRegion, string? expectedStream)
    {
        var options = new Dictionary<string, string>();
        if (group is not null)
        {
            options["awslogs-group"] = group;
        }

        if (prefix is not null)
        {
            options["awslogs-stream-prefix"] = prefix;
        }

        if (region is not null)
        {
            options["awslogs-region"] = region;
        }

        var location = ContainerLogLocation.From(new LogConfiguration { LogDriver = driver, Options = options }, "app", taskArn);

        if (expectedStream is null)
        {
            location.Should().BeNull();
        }
        else
        {
            location.Should().Be(new ContainerLogLocation { LogGroupName = expectedGroup!, Region = expectedRegion, LogStreamName = expectedStream });
        }
    }

    [Test]
    public void A_container_without_a_log_configuration_has_no_stream()
    {
        ContainerLogLocation.From(new ContainerDefinition { Name = "app", Image = "x" }, "arn:aws:ecs:eu-west-1:1:task/prod/abc").Should().BeNull();
        ContainerLogLocation.From(null, "app", "abc").Should().BeNull();
    }
}
