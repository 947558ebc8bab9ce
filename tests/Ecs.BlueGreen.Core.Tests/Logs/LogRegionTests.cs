using System.Text.Json.Nodes;
using Ecs.BlueGreen.Aws.Configuration;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Logs;
using Ecs.BlueGreen.Logs.Model;
using Ecs.BlueGreen.Runtime;
using Ecs.BlueGreen.Testing.Scenarios;
using Ecs.BlueGreen.Tests.Deployments;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ecs.BlueGreen.Tests.Logs;

/// <summary>A container's log is read in the region its awslogs-region option names, where the driver sends it.</summary>
public class LogRegionTests
{
    private static readonly string[] Lines = ["Starting web 2.0", "Unhandled exception: DATABASE_URL is not set"];

    [TestCase("eu-west-1", "eu-west-1")]
    [TestCase(null, "default")]
    public async Task A_failed_containers_last_lines_are_read_with_the_client_of_its_log_region(string? region, string expectedClient)
    {
        var options = new JsonObject { ["awslogs-group"] = "/ecs/web", ["awslogs-stream-prefix"] = "ecs" };
        if (region is not null)
        {
            options["awslogs-region"] = region;
        }

        var container = EngineHarness.Container("app", "repo/web:1", new JsonObject { ["logConfiguration"] = new JsonObject { ["logDriver"] = "awslogs", ["options"] = options } });
        using var harness = new EngineHarness(EngineHarness.Web(2,
            images: new Dictionary<string, ImageBehaviour> { ["repo/web:bad"] = new() { CrashAfterSeconds = 8, ExitCode = 1, LogLines = Lines } },
            taskDefinitions: EngineHarness.TaskDefinition("web", container)));
        var reads = new List<string>();
        var deployment = harness.Deployment().WithImage("repo/web:bad")
            .WithLogsClient(new Recording(harness.Logs, "default", reads), r => new Recording(harness.Logs, r, reads));

        var result = await harness.RunAsync(deployment);

        result.Outcome.Should().Be(DeploymentOutcome.Failed, result.Reason);
        result.StoppedTasks.SelectMany(t => t.Containers).Should().Contain(c => c.LogLines.SequenceEqual(Lines));
        reads.Should().NotBeEmpty().And.OnlyContain(r => r == expectedClient);
    }

    [Test]
    public void Clients_built_from_settings_read_a_log_in_its_own_region_once_per_region()
    {
        var settings = new AwsSettings { Region = "us-east-1", AccessKeyId = "AKIDEXAMPLE", SecretAccessKey = "secret" };
        using var scope = new ClientScope(null, null, null, wantLogs: true, settings, TimeProvider.System, NullLogger.Instance);

        var own = (CloudWatchLogsClient)scope.Logs!;
        var ireland = (CloudWatchLogsClient)scope.LogsForRegion!("eu-west-1");

        own.Connection.Region.Should().Be("us-east-1");
        ireland.Connection.Region.Should().Be("eu-west-1");
        scope.LogsForRegion("eu-west-1").Should().BeSameAs(ireland);
        scope.LogsForRegion("us-east-1").Should().BeSameAs(own);
    }

    [Test]
    public void Settings_for_a_log_region_keep_everything_but_the_region_and_one_endpoint_serves_every_region()
    {
        var settings = new AwsSettings { Region = "us-east-1", Profile = "deploy", RoleArn = "arn:aws:iam::123456789012:role/deployer", UseFipsEndpoint = true };

        var ireland = settings.ForLogRegion("eu-west-1");

        ireland.Region.Should().Be("eu-west-1");
        ireland.Should().BeEquivalentTo(settings, o => o.Excluding(s => s.Region));
        settings.ForLogRegion("us-east-1").Should().BeSameAs(settings);
        var emulated = new AwsSettings { Region = "us-east-1", EndpointUrl = new Uri("http://localhost:4599") };
        emulated.ForLogRegion("eu-west-1").Should().BeSameAs(emulated);
    }

    [Test]
    public void Settings_for_a_log_region_carry_every_setting_there_is_not_only_those_known_today()
    {
        // Every public setting set to a value that is not its default (a member added later is caught here).
        var settings = new AwsSettings();
        foreach (var property in typeof(AwsSettings).GetProperties().Where(p => p.CanWrite && p.Name != nameof(AwsSettings.EndpointUrl)))
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            object value = type == typeof(string) ? $"value-of-{property.Name}"
                : type == typeof(bool) ? !((bool?)property.GetValue(settings) ?? false)
                : type == typeof(TimeSpan) ? TimeSpan.FromMinutes(42)
                : throw new AssertionException($"AwsSettings.{property.Name} has a type this test does not know: {type}");
            property.SetValue(settings, value);
        }

        var ireland = settings.ForLogRegion("eu-west-1");

        ireland.Region.Should().Be("eu-west-1");
        foreach (var property in typeof(AwsSettings).GetProperties().Where(p => p.Name != nameof(AwsSettings.Region)))
        {
            property.GetValue(ireland).Should().Be(property.GetValue(settings), $"ForLogRegion must carry {property.Name}");
        }
    }

    /// <summary>Passes calls to the emulator's client, noting which client (by region) made each.</summary>
    private sealed class Recording(ICloudWatchLogsClient inner, string name, List<string> reads) : ICloudWatchLogsClient
    {
        public Task<GetLogEventsResponse> GetLogEventsAsync(GetLogEventsRequest request, CancellationToken cancellationToken = default)
        {
            lock (reads)
            {
                reads.Add(name);
            }

            return inner.GetLogEventsAsync(request, cancellationToken);
        }

        public Task<FilterLogEventsResponse> FilterLogEventsAsync(FilterLogEventsRequest request, CancellationToken cancellationToken = default) =>
            inner.FilterLogEventsAsync(request, cancellationToken);
    }
}
