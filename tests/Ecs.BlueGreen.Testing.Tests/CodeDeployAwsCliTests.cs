using System.Diagnostics;
using System.Text.Json.Nodes;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.CodeDeploy.Model;
using Ecs.BlueGreen.Testing.Hosting;

namespace Ecs.BlueGreen.Testing.Tests;

/// <summary>
/// `aws deploy` (Debian's AWS CLI, with its own CodeDeploy model) against the loopback emulator: a deployment that waits
/// in Ready is read with get-deployment and let go with continue-deployment. The steps share one emulator and run in order.
/// </summary>
[NonParallelizable]
[TestFixture]
public class CodeDeployAwsCliTests
{
    private const string Aws = "/usr/bin/aws";

    // Install takes about 50 simulated seconds (two tasks healthy 40 s after RUNNING): 2.5 s of real time at 20×; the
    // 60-minute ready wait is 3 real minutes, far more than the steps need.
    private const double Speed = 20;

    private EcsEmulatorServer _server = null!;
    private string _home = null!;
    private string _deploymentId = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        if (!File.Exists(Aws))
        {
            Assert.Ignore($"{Aws} is not installed (Debian package awscli; run .ci/install-awscli.sh). The AWS CLI suite needs it.");
        }

        _home = Directory.CreateTempSubdirectory("ecs-emulator-deploy-cli-").FullName;
        var scenario = CodeDeployRig.Scenario(new JsonObject
        {
            ["blueGreenDeploymentConfiguration"] = JsonNode.Parse("""{"deploymentReadyOption": {"actionOnTimeout": "STOP_DEPLOYMENT", "waitTimeInMinutes": 60}, "terminateBlueInstancesOnDeploymentSuccess": {"action": "TERMINATE", "terminationWaitTimeInMinutes": 0}}"""),
        });
        _server = await EcsEmulatorServer.StartAsync(new EcsEmulator(scenario, new ScaledTimeProvider(Speed)));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_home is not null)
        {
            Directory.Delete(_home, recursive: true);
        }
    }

    [Test, Order(1)]
    public async Task Create_a_deployment_and_get_it_while_it_waits_in_Ready()
    {
        var appSpec = Path.Combine(_home, "revision.json");
        await File.WriteAllTextAsync(appSpec, new JsonObject
        {
            ["revisionType"] = "AppSpecContent",
            ["appSpecContent"] = new JsonObject { ["content"] = CodeDeployRig.AppSpecJson },
        }.ToJsonString());
        var created = await AwsAsync("deploy", "create-deployment", "--application-name", "web-app", "--deployment-group-name", "web-dg",
            "--revision", $"file://{appSpec}", "--description", "from the AWS CLI");
        _deploymentId = created["deploymentId"]!.GetValue<string>();
        _deploymentId.Should().MatchRegex("^d-[A-Z0-9]{9}$");

        using var client = _server.Emulator.CreateCodeDeployClient(new AwsClientOptions { Retry = new AwsRetryOptions { MaxAttempts = 1 } });
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await client.GetDeploymentAsync(new GetDeploymentRequest { DeploymentId = _deploymentId }, limit.Token)).DeploymentInfo!.Status != DeploymentStatus.Ready)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), limit.Token);
        }

        var info = (await AwsAsync("deploy", "get-deployment", "--deployment-id", _deploymentId))["deploymentInfo"]!;
        info["deploymentId"]!.GetValue<string>().Should().Be(_deploymentId);
        info["status"]!.GetValue<string>().Should().Be("Ready");
        info["applicationName"]!.GetValue<string>().Should().Be("web-app");
        info["deploymentGroupName"]!.GetValue<string>().Should().Be("web-dg");
        info["description"]!.GetValue<string>().Should().Be("from the AWS CLI");
        info["creator"]!.GetValue<string>().Should().Be("user");
        info["computePlatform"]!.GetValue<string>().Should().Be("ECS");
        info["deploymentOverview"]!["Ready"]!.GetValue<int>().Should().Be(1);
        info["revision"]!["revisionType"]!.GetValue<string>().Should().Be("AppSpecContent");
        info["revision"]!["appSpecContent"]!.AsObject().ContainsKey("content").Should().BeFalse("GetDeployment answers the content as null");
        info["blueGreenDeploymentConfiguration"]!["deploymentReadyOption"]!["actionOnTimeout"]!.GetValue<string>().Should().Be("STOP_DEPLOYMENT");
        info["createTime"].Should().NotBeNull();
        info["startTime"].Should().NotBeNull();
    }

    [Test, Order(2)]
    public async Task Continue_the_deployment_from_Ready()
    {
        _deploymentId.Should().NotBeNull("the first step created the deployment");
        var answer = await AwsAsync("deploy", "continue-deployment", "--deployment-id", _deploymentId, "--deployment-wait-type", "READY_WAIT");
        answer.AsObject().Should().BeEmpty("ContinueDeployment has no output members");
        _server.Emulator.Calls.Should().Contain(c => c.Service == "codedeploy" && c.Operation == "ContinueDeployment" && c.StatusCode == 200);

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        JsonNode info;
        do
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), limit.Token);
            info = (await AwsAsync("deploy", "get-deployment", "--deployment-id", _deploymentId))["deploymentInfo"]!;
        }
        while (info["status"]!.GetValue<string>() is "Ready" or "InProgress");

        info["status"]!.GetValue<string>().Should().Be("Succeeded");
        info["completeTime"].Should().NotBeNull();
        info["instanceTerminationWaitTimeStarted"]!.GetValue<bool>().Should().BeTrue();

        var again = await AwsFailsAsync("deploy", "continue-deployment", "--deployment-id", _deploymentId, "--deployment-wait-type", "READY_WAIT");
        again.Should().Contain("DeploymentAlreadyCompletedException");
    }

    private async Task<JsonNode> AwsAsync(params string[] arguments)
    {
        var (exitCode, output, error) = await RunAwsAsync(arguments);
        exitCode.Should().Be(0, $"aws {string.Join(' ', arguments)} failed: {error}");
        return string.IsNullOrWhiteSpace(output) ? new JsonObject() : JsonNode.Parse(output)!;
    }

    private async Task<string> AwsFailsAsync(params string[] arguments)
    {
        var (exitCode, _, error) = await RunAwsAsync(arguments);
        exitCode.Should().NotBe(0, $"aws {string.Join(' ', arguments)} must fail");
        return error;
    }

    private async Task<(int ExitCode, string Output, string Error)> RunAwsAsync(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Aws)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments.Concat(["--endpoint-url", _server.Endpoint.GetLeftPart(UriPartial.Authority), "--region", "us-east-1", "--output", "json", "--no-cli-pager"]))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = "AKIDEMULATOR";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "emulator-secret";
        start.Environment["AWS_DEFAULT_REGION"] = "us-east-1";
        start.Environment["AWS_CONFIG_FILE"] = Path.Combine(_home, "config");
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_home, "credentials");
        start.Environment["AWS_PAGER"] = string.Empty;
        start.Environment["AWS_MAX_ATTEMPTS"] = "1";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["HOME"] = _home;

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
