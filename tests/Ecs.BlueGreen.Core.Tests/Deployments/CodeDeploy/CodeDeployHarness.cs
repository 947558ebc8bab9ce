using System.Text.Json.Nodes;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.Tests.Deployments.CodeDeploy;

/// <summary>
/// The ECS emulator for the ECS side (the service, its revisions, registration) and <see cref="FakeCodeDeploy"/> for
/// CodeDeploy, on one manual clock, for what the emulator's CodeDeploy cannot be made to do (scripted statuses, refused
/// calls, lost answers of a particular shape); <see cref="CodeDeployScenarioHarness"/> runs both sides on the emulator.
/// The fake's deployments do not move the emulator's task sets, so the emulator runs an ECS-controller service here and
/// its DescribeServices answers are rewritten to what a CODE_DEPLOY service reports: the controller, a load balancer
/// (container app, port 8080), the awsvpc network configuration, platform version and capacity provider strategy.
/// </summary>
internal sealed class CodeDeployHarness : IDisposable
{
    private readonly List<DeploymentEvent> _events = [];
    private readonly Lock _lock = new();

    public CodeDeployHarness()
    {
        Engine = new EngineHarness(EngineHarness.Web(2));
        Ecs = new EcsClient(Engine.Client.Connection, new AwsClientOptions { TimeProvider = Engine.Clock, HttpHandler = new CodeDeployServiceRewriter(Engine.Emulator.CreateHandler()) });
    }

    public EngineHarness Engine { get; }

    public EcsClient Ecs { get; }

    public FakeCodeDeploy CodeDeploy { get; } = new();

    public IReadOnlyList<DeploymentEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return _events.ToList();
            }
        }
    }

    /// <summary>What each event reported, in order.</summary>
    public Action<DeploymentEvent>? OnEvent { get; set; }

    /// <summary>A deployment of prod/web to image repo/web:2, through the fake CodeDeploy, returning results.</summary>
    public EcsDeployment Deployment() =>
        EcsDeployment.For("prod", "web").WithClient(Ecs).WithCodeDeployClient(CodeDeploy).WithTimeProvider(Engine.Clock)
            .WithProgress(new Recorder(this)).WithValidation(DeploymentResultValidation.None).WithImage("repo/web:2");

    public EcsServiceDeployment ServiceDeployment() =>
        EcsServiceDeployment.For("prod", "web").WithClient(Ecs).WithCodeDeployClient(CodeDeploy).WithTimeProvider(Engine.Clock).WithProgress(new Recorder(this));

    public Task<T> DriveAsync<T>(Func<CancellationToken, Task<T>> run, CancellationToken cancellationToken = default) =>
        Engine.DriveAsync(run, cancellationToken: cancellationToken);

    public void Dispose()
    {
        Ecs.Dispose();
        Engine.Dispose();
    }

    /// <summary>The service as a CODE_DEPLOY service describes itself.</summary>
    public static void MakeCodeDeployService(JsonObject service)
    {
        service["deploymentController"] = new JsonObject { ["type"] = DeploymentControllerType.CodeDeploy.Value };
        service["loadBalancers"] = new JsonArray(new JsonObject
        {
            ["targetGroupArn"] = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-blue/1",
            ["containerName"] = "app",
            ["containerPort"] = 8080,
        });
        service["platformVersion"] = "1.4.0";
        service["networkConfiguration"] = new JsonObject
        {
            ["awsvpcConfiguration"] = new JsonObject
            {
                ["subnets"] = new JsonArray("subnet-1", "subnet-2"),
                ["securityGroups"] = new JsonArray("sg-1"),
                ["assignPublicIp"] = "DISABLED",
            },
        };
        service["capacityProviderStrategy"] = new JsonArray(new JsonObject { ["capacityProvider"] = "FARGATE", ["weight"] = 1, ["base"] = 0 });
    }

    private sealed class CodeDeployServiceRewriter(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode && request.Headers.TryGetValues("X-Amz-Target", out var target) && target.Single().EndsWith(".DescribeServices", StringComparison.Ordinal))
            {
                var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!;
                foreach (var service in body["services"]!.AsArray())
                {
                    MakeCodeDeployService(service!.AsObject());
                }

                response.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/x-amz-json-1.1");
            }

            return response;
        }
    }

    private sealed class Recorder(CodeDeployHarness harness) : IProgress<DeploymentEvent>
    {
        public void Report(DeploymentEvent value)
        {
            lock (harness._lock)
            {
                harness._events.Add(value);
            }

            harness.OnEvent?.Invoke(value);
        }
    }
}
