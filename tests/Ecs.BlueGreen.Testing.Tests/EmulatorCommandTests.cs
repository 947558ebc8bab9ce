using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ecs.BlueGreen.Testing.Tests;

/// <summary>Runs the built <c>ecs-emulator</c> the way <c>dotnet run --project src/Ecs.BlueGreen.Emulator</c> does.</summary>
[NonParallelizable]
public class EmulatorCommandTests
{
    private static ProcessStartInfo Emulator(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "ecs-emulator.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    [Test]
    public async Task It_prints_the_URL_of_each_listener_rule_and_serves_it()
    {
        const string Rule = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/1/2/3";
        var scenario = Path.Combine(Path.GetTempPath(), $"ecs-emulator-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(scenario, $$"""{ "listenerRules": [{ "arn": "{{Rule}}", "targetGroups": [], "port": 0 }] }""");
        using var process = Process.Start(Emulator("--port", "0", "--scenario", scenario))!;
        try
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            (await process.StandardOutput.ReadLineAsync(limit.Token)).Should().StartWith("Listening on ");
            var second = await process.StandardOutput.ReadLineAsync(limit.Token);

            second.Should().MatchRegex($@"^Listener rule {Regex.Escape(Rule)} on http://127\.0\.0\.1:\d+$");
            using var http = new HttpClient();
            using var response = await http.GetAsync(new Uri(Regex.Match(second!, @"http://\S+").Value), limit.Token);
            response.StatusCode.Should().Be(HttpStatusCode.NotFound, "no service uses the rule");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            File.Delete(scenario);
        }
    }

    [Test]
    public async Task It_prints_where_it_listens_and_serves_the_scenario_until_stopped()
    {
        var scenario = Path.Combine(Path.GetTempPath(), $"ecs-emulator-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(scenario, """
            {
              "clusters": ["prod"],
              "taskDefinitions": [{ "family": "web", "containerDefinitions": [{ "name": "app", "image": "repo/web:1", "memory": 256 }] }],
              "services": [{ "cluster": "prod", "serviceName": "web", "taskDefinition": "web", "desiredCount": 2 }]
            }
            """);
        using var process = Process.Start(Emulator("--port", "0", "--scenario", scenario, "--speed", "10"))!;
        try
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var first = await process.StandardOutput.ReadLineAsync(limit.Token);
            first.Should().MatchRegex(@"^Listening on http://127\.0\.0\.1:\d+$");
            var endpoint = new Uri(Regex.Match(first!, @"http://\S+").Value);

            using var http = new HttpClient { BaseAddress = endpoint };
            var state = JsonNode.Parse(await http.GetStringAsync("/_emulator/state", limit.Token))!;
            var service = state["clusters"]![0]!["services"]![0]!;
            service["serviceName"]!.GetValue<string>().Should().Be("web");
            service["runningCount"]!.GetValue<int>().Should().Be(2);
            service["deployments"]![0]!["rolloutState"]!.GetValue<string>().Should().Be("COMPLETED");
            using var calls = await http.GetAsync("/_emulator/calls", limit.Token);
            calls.StatusCode.Should().Be(HttpStatusCode.OK);
            process.HasExited.Should().BeFalse("it serves until stopped");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            File.Delete(scenario);
        }
    }

    [Test]
    public async Task An_unreadable_scenario_is_a_usage_error()
    {
        using var process = Process.Start(Emulator("--port", "0", "--scenario", "/nonexistent/scenario.json"))!;
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var error = await process.StandardError.ReadToEndAsync(limit.Token);
        await process.WaitForExitAsync(limit.Token);

        process.ExitCode.Should().Be(2);
        error.Should().Contain("Cannot read the scenario /nonexistent/scenario.json");
    }

    [Test]
    public async Task A_scenario_mistake_is_one_line_on_stderr_and_exit_code_2()
    {
        var scenario = Path.Combine(Path.GetTempPath(), $"ecs-emulator-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(scenario, """
            {
              "taskDefinitions": [{ "family": "web", "containerDefinitions": [{ "name": "app", "image": "repo/web:1", "memory": 256 }] }],
              "services": [{ "cluster": "prod", "serviceName": "web", "taskDefinition": "web", "desiredCount": 2 }]
            }
            """);
        try
        {
            using var process = Process.Start(Emulator("--port", "0", "--scenario", scenario))!;
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var error = await process.StandardError.ReadToEndAsync(limit.Token);
            await process.WaitForExitAsync(limit.Token);

            process.ExitCode.Should().Be(2);
            error.Should().Be($"The scenario {scenario} is invalid: services[0] \"web\": the cluster \"prod\" is not in the scenario's \"clusters\".{Environment.NewLine}");
        }
        finally
        {
            File.Delete(scenario);
        }
    }

    [Test]
    public async Task A_port_in_use_is_reported_in_one_line()
    {
        var emulator = new EcsEmulator(timeProvider: TimeProvider.System);
        await using var server = await Hosting.EcsEmulatorServer.StartAsync(emulator);
        using var process = Process.Start(Emulator("--port", server.Endpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)))!;
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var error = await process.StandardError.ReadToEndAsync(limit.Token);
        await process.WaitForExitAsync(limit.Token);

        process.ExitCode.Should().Be(1);
        error.Trim().Should().StartWith($"Cannot listen on 127.0.0.1:{server.Endpoint.Port}:").And.NotContain("\n   at ");
    }
}
