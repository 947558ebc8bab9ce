using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.TaskDefinitions;
using Ecs.BlueGreen.Testing.Scenarios;

namespace Ecs.BlueGreen.Tests.Deployments;

/// <summary>
/// The library tells the truth once it has written anything: cancelled between the registration and the update, an
/// update refused after a registration, a log store that cannot be reached, and an update that someone else's raced.
/// </summary>
public class TruthTests
{
    private static readonly Dictionary<string, ImageBehaviour> Crashing = new() { ["repo/web:bad"] = new ImageBehaviour { CrashAfterSeconds = 5, ExitCode = 3, LogLines = ["panic"] } };

    [Test]
    public async Task Cancelled_after_the_registration_and_before_the_update_deploys_nothing_and_deregisters_the_unused_revision()
    {
        using var harness = new EngineHarness(EngineHarness.Web(2));
        using var cancellation = new CancellationTokenSource();
        var deployment = harness.Deployment().WithImage("repo/web:2")
            .WithProgress(new OnEvent(e => { if (e is TaskDefinitionRegistered) { cancellation.Cancel(); } }));

        var result = await harness.DriveAsync(token => deployment.RunAsync(token), cancellationToken: cancellation.Token);

        result.Outcome.Should().Be(DeploymentOutcome.Cancelled);
        result.Reason.Should().StartWith("Cancelled after registering web:2 and before updating the service: nothing was deployed. web:2, registered for it, was deregistered.");
        result.TaskDefinitionArn.Should().EndWith("web:2");
        result.DeregisteredTaskDefinitions.Should().ContainSingle().Which.Should().EndWith("web:2");
        harness.Writes.Should().Equal("RegisterTaskDefinition", "DeregisterTaskDefinition");
        (await harness.ServiceAsync()).TaskDefinition.Should().EndWith("web:1");
    }

    [Test]
    public async Task A_cancelled_run_gives_the_caller_its_result_in_the_cancellation_exception()
    {
        using var harness = new EngineHarness(EngineHarness.Web(2));
        using var cancellation = new CancellationTokenSource();
        var deployment = harness.Deployment().WithImage("repo/web:2").WithValidation(DeploymentResultValidation.Succeeded)
            .WithProgress(new OnEvent(e => { if (e is TaskDefinitionRegistered) { cancellation.Cancel(); } }));

        var act = () => harness.DriveAsync(token => deployment.RunAsync(token), cancellationToken: cancellation.Token);

        var thrown = (await act.Should().ThrowAsync<DeploymentCanceledException>()).Which;
        thrown.CancellationToken.Should().Be(cancellation.Token);
        thrown.Result.DeregisteredTaskDefinitions.Should().ContainSingle();
    }

    [Test]
    public async Task An_update_that_ECS_refuses_after_the_registration_is_a_result_naming_the_revision_not_a_bare_exception()
    {
        using var harness = new EngineHarness(EngineHarness.Web(2));
        using var client = Client(harness, (operation, body) => operation == "UpdateService"
            ? (HttpStatusCode.BadRequest, """{"__type":"AccessDeniedException","message":"not allowed to update services"}""")
            : null);

        var result = await harness.RunAsync(harness.Deployment().WithClient(client).WithImage("repo/web:2"));

        result.Outcome.Should().Be(DeploymentOutcome.Interrupted);
        result.Error.Should().BeOfType<AwsServiceException>().Which.ErrorCode.Should().Be("AccessDeniedException");
        result.Reason.Should().StartWith("UpdateService failed: ecs UpdateService failed with AccessDeniedException").And.EndWith("web:2, registered for it, was deregistered.");
        result.TaskDefinitionArn.Should().EndWith("web:2");
        result.ServiceTaskDefinitionArn.Should().EndWith("web:1");
        harness.Writes.Should().Equal("RegisterTaskDefinition", "DeregisterTaskDefinition");
    }

    [Test]
    public async Task An_interrupted_run_throws_a_failure_exception_whose_cause_is_the_AWS_error_when_validation_is_on()
    {
        using var harness = new EngineHarness(EngineHarness.Web(2));
        using var client = Client(harness, (operation, body) => operation == "UpdateService" ? (HttpStatusCode.BadRequest, """{"__type":"AccessDeniedException","message":"no"}""") : null);

        var act = () => harness.RunAsync(harness.Deployment().WithClient(client).WithImage("repo/web:2").WithValidation(DeploymentResultValidation.Succeeded));

        var thrown = (await act.Should().ThrowAsync<DeploymentFailedException>()).Which;
        thrown.InnerException.Should().BeOfType<AwsServiceException>();
        thrown.Message.Should().Contain("was interrupted");
    }

    [Test]
    public async Task A_log_store_that_cannot_be_reached_leaves_the_failure_and_its_rollback_as_they_are()
    {
        var faults = new FaultSettings { Rules = [new FaultRule { Operation = "GetLogEvents", Kind = FaultKind.DropConnection }] };
        var definition = EngineHarness.TaskDefinition("web", EngineHarness.LoggingContainer("app", "repo/web:1", "web"));
        using var harness = new EngineHarness(EngineHarness.Web(2, images: Crashing, faults: faults, taskDefinitions: definition));

        var result = await harness.RunAsync(harness.Deployment().WithImage("repo/web:bad").RollbackOnFailure());

        result.Outcome.Should().Be(DeploymentOutcome.Failed);
        result.Rollback!.Outcome.Should().Be(DeploymentOutcome.Succeeded);
        result.Warnings.Should().Contain(w => w.StartsWith("Could not read the log of container app", StringComparison.Ordinal));
    }

    [Test]
    public async Task When_the_update_answers_with_someone_elses_revision_the_run_neither_watches_nor_rolls_it_back()
    {
        using var harness = new EngineHarness(EngineHarness.Web(2));
        using var client = Client(harness, null, (operation, body) =>
        {
            if (operation != "UpdateService")
            {
                return body;
            }

            var answer = JsonNode.Parse(body)!;
            foreach (var deployment in answer["service"]!["deployments"]!.AsArray())
            {
                if ((string?)deployment!["status"] == "PRIMARY")
                {
                    deployment["taskDefinition"] = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:99";
                }
            }

            return answer.ToJsonString();
        });

        var result = await harness.RunAsync(harness.Deployment().WithClient(client).WithImage("repo/web:2").RollbackOnFailure());

        result.Outcome.Should().Be(DeploymentOutcome.Failed);
        result.Reason.Should().Contain("runs web:99, not web:2: someone else changed the service at the same time");
        result.Rollback.Should().BeNull();
        harness.Writes.Should().Equal("RegisterTaskDefinition", "UpdateService");
    }

    /// <summary>An ECS client on the emulator whose answers a test may replace (<paramref name="answer"/>) or rewrite (<paramref name="rewrite"/>).</summary>
    private static EcsClient Client(EngineHarness harness, Func<string, string, (HttpStatusCode, string)?>? answer, Func<string, string, string>? rewrite = null) =>
        new(new AwsConnection("us-east-1", new Uri("https://ecs.us-east-1.amazonaws.com/"), new BasicAWSCredentials("AKIDTEST", "secret")),
            new AwsClientOptions { TimeProvider = harness.Clock, HttpHandler = new Tampering(harness.Emulator.CreateHandler(), answer, rewrite) });

    private sealed class Tampering(HttpMessageHandler inner, Func<string, string, (HttpStatusCode, string)?>? answer, Func<string, string, string>? rewrite) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var target = request.Headers.GetValues("X-Amz-Target").Single();
            var operation = target[(target.IndexOf('.', StringComparison.Ordinal) + 1)..];
            var body = await request.Content!.ReadAsStringAsync(cancellationToken);
            if (answer?.Invoke(operation, body) is var (status, text))
            {
                return new HttpResponseMessage(status) { Content = new StringContent(text, Encoding.UTF8, "application/x-amz-json-1.1") };
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (rewrite is not null && response.IsSuccessStatusCode)
            {
                var original = await response.Content.ReadAsStringAsync(cancellationToken);
                response.Content = new StringContent(rewrite(operation, original), Encoding.UTF8, "application/x-amz-json-1.1");
            }

            return response;
        }
    }

    private sealed class OnEvent(Action<DeploymentEvent> action) : IProgress<DeploymentEvent>
    {
        public void Report(DeploymentEvent value) => action(value);
    }
}
