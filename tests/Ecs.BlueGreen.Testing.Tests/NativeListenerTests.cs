using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ecs.BlueGreen.Testing.Hosting;
using Ecs.BlueGreen.Testing.Scenarios;
using static Ecs.BlueGreen.Testing.Tests.NativeRig;

namespace Ecs.BlueGreen.Testing.Tests;

/// <summary>The listener rules of a scenario served as real HTTP on 127.0.0.1, routed by the deployment's traffic weights.</summary>
[NonParallelizable]
public class NativeListenerTests
{
    private const string Curl = "/usr/bin/curl";

    private static readonly JsonObject PauseAfterTestShift = new()
    {
        ["lifecycleHooks"] = new JsonArray(new JsonObject { ["targetType"] = "PAUSE", ["lifecycleStages"] = new JsonArray("POST_TEST_TRAFFIC_SHIFT") }),
    };

    [Test]
    public async Task The_test_listener_answers_green_while_production_answers_blue_until_it_is_shifted()
    {
        using var rig = new NativeRig(BlueGreenConfig(bakeTimeInMinutes: 1, extra: PauseAfterTestShift));
        await using var server = await EcsEmulatorServer.StartAsync(rig.Emulator);
        using var http = new HttpClient();
        var production = rig.Emulator.ListenerUrl(ProductionRule);
        var test = rig.Emulator.ListenerUrl(TestRule);

        (await http.GetStringAsync(test)).Should().StartWith("web:1 ", "with no deployment the test rule reaches the serving revision");
        var arn = await rig.DeployAsync();
        var paused = (await rig.RunAsync(arn, d => Stage(d) == "POST_TEST_TRAFFIC_SHIFT"))[^1].Deployment;

        var greenAnswers = await GetManyAsync(http, test, 4);
        var blueAnswers = await GetManyAsync(http, production, 4);

        greenAnswers.Should().OnlyContain(a => a.Status == HttpStatusCode.OK && a.Body.StartsWith("web:2 ", StringComparison.Ordinal));
        greenAnswers.Select(a => a.Body).Distinct().Should().HaveCount(2, "the two green tasks take turns");
        blueAnswers.Should().OnlyContain(a => a.Body.StartsWith("web:1 ", StringComparison.Ordinal));

        var hookId = paused["lifecycleHookDetails"]![0]!["hookId"]!.GetValue<string>();
        await rig.CallAsync("ContinueServiceDeployment", JsonSerializer.Serialize(new { serviceDeploymentArn = arn, hookId }));
        await rig.RunAsync(arn, d => Stage(d) == "BAKE_TIME");

        (await GetManyAsync(http, production, 4)).Should().OnlyContain(a => a.Body.StartsWith("web:2 ", StringComparison.Ordinal));
    }

    [Test]
    public async Task Ten_percent_of_production_traffic_is_every_tenth_request()
    {
        var linear = new JsonObject { ["linearConfiguration"] = new JsonObject { ["stepPercent"] = 10.0, ["stepBakeTimeInMinutes"] = 5 } };
        using var rig = new NativeRig(Configuration("LINEAR", 0, linear));
        await using var server = await EcsEmulatorServer.StartAsync(rig.Emulator);
        using var http = new HttpClient();
        var arn = await rig.DeployAsync();
        await rig.RunAsync(arn, d => d["targetServiceRevision"]!["requestedProductionTrafficWeight"]!.GetValue<double>() == 10);

        var answers = await GetManyAsync(http, rig.Emulator.ListenerUrl(ProductionRule), 30);

        answers.Count(a => a.Body.StartsWith("web:2 ", StringComparison.Ordinal)).Should().Be(3);
    }

    [Test]
    public async Task A_green_image_answering_500_answers_500_and_curl_f_fails()
    {
        var images = new Dictionary<string, ImageBehaviour> { ["repo/web:2"] = new() { HttpStatus = 500, HttpBody = "boom\n" } };
        using var rig = new NativeRig(BlueGreenConfig(extra: PauseAfterTestShift), images: images);
        await using var server = await EcsEmulatorServer.StartAsync(rig.Emulator);
        using var http = new HttpClient();
        var arn = await rig.DeployAsync();
        await rig.RunAsync(arn, d => Stage(d) == "POST_TEST_TRAFFIC_SHIFT");
        var test = rig.Emulator.ListenerUrl(TestRule);

        using var response = await http.GetAsync(test);

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        (await response.Content.ReadAsStringAsync()).Should().Be("boom\n");
        if (!File.Exists(Curl))
        {
            Assert.Ignore($"{Curl} is not installed (run .ci/install-curl.sh); the HttpClient half passed.");
        }

        (await CurlAsync(test)).Should().Be(22, "curl -f exits 22 on an HTTP error");
        (await CurlAsync(rig.Emulator.ListenerUrl(ProductionRule))).Should().Be(0, "blue still answers 200 on production");
    }

    [Test]
    public async Task A_rule_no_service_uses_answers_404_and_a_revision_without_running_tasks_503()
    {
        const string Spare = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/1/2/9";
        using var rig = new NativeRig(BlueGreenConfig(), listenerRules:
        [
            new ListenerRule { Arn = ProductionRule, TargetGroups = [BlueGroup] },
            new ListenerRule { Arn = TestRule, TargetGroups = [GreenGroup] },
            new ListenerRule { Arn = Spare },
        ]);
        await using var server = await EcsEmulatorServer.StartAsync(rig.Emulator);
        using var http = new HttpClient();

        using var spare = await http.GetAsync(rig.Emulator.ListenerUrl(Spare));
        await rig.CallAsync("UpdateService", """{"cluster":"prod","service":"web","desiredCount":0}""");
        rig.Advance(10);
        using var empty = await http.GetAsync(rig.Emulator.ListenerUrl(ProductionRule));

        spare.StatusCode.Should().Be(HttpStatusCode.NotFound);
        empty.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
    }

    [Test]
    public async Task The_admin_path_lists_where_each_listener_rule_is_served()
    {
        using var rig = new NativeRig(BlueGreenConfig());
        await using var server = await EcsEmulatorServer.StartAsync(rig.Emulator);
        using var http = new HttpClient { BaseAddress = server.Endpoint };

        var listed = JsonNode.Parse(await http.GetStringAsync($"{EcsEmulator.AdminPath}/listeners"))!["listeners"]!.AsArray();

        listed.Select(l => l!["listenerRuleArn"]!.GetValue<string>()).Should().Equal(ProductionRule, TestRule);
        listed.Select(l => new Uri(l!["url"]!.GetValue<string>())).Should().Equal(rig.Emulator.ListenerUrl(ProductionRule), rig.Emulator.ListenerUrl(TestRule));
        rig.Emulator.ListenerUrls.Should().HaveCount(2);
        rig.Emulator.ListenerUrl(TestRule).Host.Should().Be("127.0.0.1");
        rig.Emulator.ListenerUrl(TestRule).Port.Should().NotBe(rig.Emulator.ListenerUrl(ProductionRule).Port);
    }

    [Test]
    public async Task Without_a_server_no_listener_is_served()
    {
        using var rig = new NativeRig(BlueGreenConfig());
        await using (await EcsEmulatorServer.StartAsync(rig.Emulator))
        {
        }

        var act = () => rig.Emulator.ListenerUrl(ProductionRule);

        act.Should().Throw<KeyNotFoundException>();
        rig.Emulator.ListenerUrls.Should().BeEmpty();
    }

    private static async Task<List<(HttpStatusCode Status, string Body)>> GetManyAsync(HttpClient http, Uri url, int count)
    {
        var answers = new List<(HttpStatusCode, string)>();
        for (var i = 0; i < count; i++)
        {
            using var response = await http.GetAsync(url);
            answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync()));
        }

        return answers;
    }

    private static async Task<int> CurlAsync(Uri url)
    {
        var start = new ProcessStartInfo(Curl) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-f", "-s", "-S", "--max-time", "20", url.ToString() })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        await Task.WhenAll(stdout, stderr);
        return process.ExitCode;
    }
}
