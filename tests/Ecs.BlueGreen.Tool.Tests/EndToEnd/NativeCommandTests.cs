using System.Text.Json.Nodes;
using Ecs.BlueGreen.Testing.Hosting;
using Ecs.BlueGreen.Testing.Scenarios;
using Ecs.BlueGreen.Tool.Tests.Support;

namespace Ecs.BlueGreen.Tool.Tests.EndToEnd;

/// <summary>
/// The command on native BLUE_GREEN services of the emulator, at 200× speed, with the emulator's listener rules served
/// over real HTTP: a smoke test with curl really sees green through the test listener, and a broken green really fails it.
/// </summary>
public class NativeCommandTests
{
    private const string ProductionRule = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/1/2/3";
    private const string TestRule = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/1/2/4";
    private const string BlueGroup = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/blue/1";
    private const string GreenGroup = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/green/2";

    private static EmulatorScenario Native(bool pauseHook = true, bool circuitBreaker = false)
    {
        var configuration = new JsonObject { ["strategy"] = "BLUE_GREEN", ["bakeTimeInMinutes"] = 1 };
        if (pauseHook)
        {
            configuration["lifecycleHooks"] = new JsonArray(new JsonObject
            {
                ["targetType"] = "PAUSE",
                ["lifecycleStages"] = new JsonArray("POST_TEST_TRAFFIC_SHIFT"),
                ["timeoutConfiguration"] = new JsonObject { ["timeoutInMinutes"] = 600, ["action"] = "ROLLBACK" },
            });
        }

        if (circuitBreaker)
        {
            configuration["deploymentCircuitBreaker"] = new JsonObject { ["enable"] = true, ["rollback"] = true };
        }

        return new EmulatorScenario
        {
            Clusters = ["prod"],
            TaskDefinitions = [Scenarios.TaskDefinition()],
            Services =
            [
                new JsonObject
                {
                    ["cluster"] = "prod",
                    ["serviceName"] = "web",
                    ["taskDefinition"] = "web:1",
                    ["desiredCount"] = 2,
                    ["deploymentConfiguration"] = configuration,
                    ["loadBalancers"] = new JsonArray(new JsonObject
                    {
                        ["targetGroupArn"] = BlueGroup,
                        ["containerName"] = "app",
                        ["containerPort"] = 80,
                        ["advancedConfiguration"] = new JsonObject { ["alternateTargetGroupArn"] = GreenGroup, ["productionListenerRule"] = ProductionRule, ["testListenerRule"] = TestRule },
                    }),
                },
            ],
            Images = new Dictionary<string, ImageBehaviour>
            {
                ["repo/web:broken"] = new() { HttpStatus = 500, HttpBody = "boom\n" },
                [Scenarios.CrashingImage] = new() { CrashAfterSeconds = 5, ExitCode = 3 },
            },
            ListenerRules = [new ListenerRule { Arn = ProductionRule, TargetGroups = [BlueGroup] }, new ListenerRule { Arn = TestRule, TargetGroups = [GreenGroup] }],
        };
    }

    private static string[] Deploy(string image, params string[] more) => ["-c", "prod", "-n", "web", "-i", image, .. more];

    private static string Curl() => $$"""["sh","-c","curl -fsS --max-time 5 \"$ECS_BLUEGREEN_TEST_URL\""]""";

    [Test]
    public async Task A_curl_smoke_test_that_sees_green_on_the_test_listener_continues_the_deployment()
    {
        var run = new InProcess(Native());
        await using var server = await EcsEmulatorServer.StartAsync(run.Emulator);
        var testUrl = run.Emulator.ListenerUrl(TestRule).ToString();

        var result = await run.RunAsync(Deploy("repo/web:2", "--test-command", Curl(), "--test-url", testUrl, "--test-timeout", "3600"));

        result.ExitCode.Should().Be(0, result.ToString());
        result.Error.Should().Contain("[smoke-test] web:2", "curl printed green's answer through the test listener");
        run.ServiceTaskDefinition().Should().EndWith("web:2");
    }

    [Test]
    public async Task A_curl_smoke_test_against_a_broken_green_rolls_the_deployment_back_and_fails()
    {
        var run = new InProcess(Native());
        await using var server = await EcsEmulatorServer.StartAsync(run.Emulator);
        var testUrl = run.Emulator.ListenerUrl(TestRule).ToString();

        var result = await run.RunAsync(Deploy("repo/web:broken", "--test-command", Curl(), "--test-url", testUrl, "--test-timeout", "3600", "--output", "json"));

        result.ExitCode.Should().Be(ExitCodes.DeploymentFailed, result.ToString());
        var json = JsonNode.Parse(result.Out)!.AsObject();
        ((string?)json["reason"]).Should().Contain("exited with 22", "curl -f exits 22 on an HTTP error").And.Contain("500");
        run.ServiceTaskDefinition().Should().EndWith("web:1", "ECS rolled back to blue");
        run.Writes().Should().Contain("ContinueServiceDeployment");
    }

    [Test]
    public async Task Waiting_until_paused_then_continuing_in_a_second_run_deploys()
    {
        var run = new InProcess(Native());

        var paused = await run.RunAsync(Deploy("repo/web:2", "--wait-until", "paused", "--output", "json"));

        paused.ExitCode.Should().Be(0, paused.ToString());
        var json = JsonNode.Parse(paused.Out)!.AsObject();
        ((string?)json["outcome"]).Should().Be("paused");
        ((string?)json["pausedHook"]!["stage"]).Should().Be("POST_TEST_TRAFFIC_SHIFT");

        var continued = await run.RunAsync("-c", "prod", "-n", "web", "--continue");

        continued.ExitCode.Should().Be(0, continued.ToString());
        run.ServiceTaskDefinition().Should().EndWith("web:2");
    }

    [Test]
    public async Task Rolling_back_a_deployment_in_progress_waits_for_ECS_s_rollback()
    {
        var run = new InProcess(Native(pauseHook: false));
        var early = await run.RunAsync(Deploy("repo/web:2", "--wait-until", "POST_TEST_TRAFFIC_SHIFT"));
        early.ExitCode.Should().Be(0, early.ToString());

        var result = await run.RunAsync("-c", "prod", "-n", "web", "--rollback-deployment");

        result.ExitCode.Should().Be(0, result.ToString());
        run.ServiceTaskDefinition().Should().EndWith("web:1");
        run.Writes().Should().Contain("StopServiceDeployment");
    }

    [Test]
    public async Task A_rollback_by_ECS_exits_21()
    {
        var run = new InProcess(Native(pauseHook: false, circuitBreaker: true));

        var result = await run.RunAsync(Deploy(Scenarios.CrashingImage));

        result.ExitCode.Should().Be(ExitCodes.RolledBackByEcs, result.ToString());
        run.ServiceTaskDefinition().Should().EndWith("web:1");
    }
}
