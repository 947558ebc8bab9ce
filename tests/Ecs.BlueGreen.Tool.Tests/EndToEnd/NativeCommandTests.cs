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
    private const string TestRule = Scenarios.TestRule;

    private static EmulatorScenario Native(bool pauseHook = true, bool circuitBreaker = false) => Scenarios.Native(pauseHook, circuitBreaker);

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

    [Test]
    public async Task Ctrl_C_during_a_native_deployment_has_ECS_roll_it_back_when_asked_and_exits_130()
    {
        using var cancel = new CancellationTokenSource();
        var run = InProcess.OnManualClock(Native(pauseHook: false));
        run.Cancellation = cancel.Token;
        run.EachSecond = elapsed =>
        {
            // Ctrl+C once the deployment is under way (its green tasks are starting).
            if (run.Emulator.CountCalls("UpdateService") == 1 && elapsed >= TimeSpan.FromSeconds(20))
            {
                cancel.Cancel();
            }
        };

        var result = await run.RunAsync(Deploy("repo/web:2", "--enable-rollback", "--output", "json"));

        result.ExitCode.Should().Be(ExitCodes.Cancelled, result.ToString());
        run.Writes().Should().Contain("StopServiceDeployment").And.ContainSingle(w => w == "UpdateService", "a native rollback never deploys the old revision again");
        run.ServiceTaskDefinition().Should().EndWith("web:1");
        ((string?)JsonNode.Parse(result.Out)!["rollback"]!["outcome"]).Should().NotBeNull();
    }
}
