using System.Text.Json.Nodes;
using Ecs.BlueGreen.Testing.Scenarios;

namespace Ecs.BlueGreen.Benchmarks;

/// <summary>
/// One scripted deployment: a service "web" in cluster "bench" runs <see cref="Tasks"/> healthy tasks of web:1
/// (image repo/web:1), and the deployment moves it to <see cref="Image"/>. Every image starts in 5 s and, with the
/// task definition's container health check, is HEALTHY 15 s later, so new tasks count as healthy about 21 s after
/// the update. Old tasks (repo/web:1) take 10 s to stop, as a load balancer's deregistration delay makes them, so
/// they are drained about 31 s after the update. The crashing image exits 5 s after starting, so the circuit
/// breaker (threshold half the desired count, at least 3) fails the deployment and ECS rolls back to web:1.
/// </summary>
/// <remarks>
/// With <see cref="Services"/> above 1, the cluster has services "web-0"… each running <see cref="Tasks"/> tasks of web:1,
/// and one command deploys the image to all of them (a repeated -n): only ecs-bluegreen is run, since the AWS CLI
/// approach has no such command.
/// </remarks>
internal sealed record BenchCase(string Name, string Description, int Tasks, string Image, bool Succeeds, int Services = 1)
{
    public const string Cluster = "bench";
    public const string Service = "web";
    public const string HealthyImage = "repo/web:2";
    public const string CrashingImage = "repo/web:crash";

    public static IReadOnlyList<BenchCase> Full { get; } =
    [
        new("healthy-10", "rolling deploy, 10 tasks, healthy", 10, HealthyImage, true),
        new("healthy-100", "rolling deploy, 100 tasks, healthy", 100, HealthyImage, true),
        new("healthy-500", "rolling deploy, 500 tasks, healthy", 500, HealthyImage, true),
        new("circuit-breaker-10", "crash loop, 10 tasks, rolled back by the circuit breaker", 10, CrashingImage, false),
        new("services-50", "50 services of 2 tasks each, one change deployed to all in one run", 2, HealthyImage, true, Services: 50),
    ];

    /// <summary>The services' names: "web", or "web-0"… for a run with many.</summary>
    public IReadOnlyList<string> ServiceNames => Services == 1 ? [Service] : [.. Enumerable.Range(0, Services).Select(i => $"{Service}-{i}")];

    public static IReadOnlyList<BenchCase> Smoke { get; } = [new("smoke-healthy-2", "rolling deploy, 2 tasks, healthy", 2, HealthyImage, true)];

    /// <summary>The register-task-definition input of a revision running <paramref name="image"/>.</summary>
    public static JsonObject TaskDefinition(string image) => new()
    {
        ["family"] = Service,
        ["containerDefinitions"] = new JsonArray(new JsonObject
        {
            ["name"] = "app",
            ["image"] = image,
            ["essential"] = true,
            ["memory"] = 256,
            ["portMappings"] = new JsonArray(new JsonObject { ["containerPort"] = 8080 }),
            ["healthCheck"] = new JsonObject
            {
                ["command"] = new JsonArray("CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"),
                ["interval"] = 5,
                ["timeout"] = 2,
                ["retries"] = 3,
            },
        }),
    };

    public EmulatorScenario Scenario(int latencyMilliseconds)
    {
        var healthy = new ImageBehaviour { StartupSeconds = 5, HealthCheckSeconds = 15 };
        return new EmulatorScenario
        {
            Clusters = [Cluster],
            TaskDefinitions = [TaskDefinition("repo/web:1")],
            Services =
            [
                .. ServiceNames.Select(name => new JsonObject
                {
                    ["cluster"] = Cluster,
                    ["serviceName"] = name,
                    ["taskDefinition"] = "web:1",
                    ["desiredCount"] = Tasks,
                    ["deploymentConfiguration"] = new JsonObject
                    {
                        ["minimumHealthyPercent"] = 100,
                        ["maximumPercent"] = 200,
                        ["deploymentCircuitBreaker"] = new JsonObject { ["enable"] = true, ["rollback"] = true },
                    },
                }),
            ],
            Images = new Dictionary<string, ImageBehaviour>
            {
                ["repo/web:1"] = healthy with { StopSeconds = 10 },
                [HealthyImage] = healthy,
                [CrashingImage] = new() { StartupSeconds = 5, CrashAfterSeconds = 5, ExitCode = 1, CrashReason = "panic: missing DATABASE_URL" },
            },
            Faults = latencyMilliseconds > 0
                ? new FaultSettings { Rules = [new FaultRule { Operation = "*", Kind = FaultKind.Latency, LatencyMilliseconds = latencyMilliseconds }] }
                : new FaultSettings(),
        };
    }
}
