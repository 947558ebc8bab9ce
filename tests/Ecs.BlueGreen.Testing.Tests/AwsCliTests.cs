using System.Diagnostics;
using System.Text.Json.Nodes;
using Ecs.BlueGreen.Testing.Hosting;
using Ecs.BlueGreen.Testing.Scenarios;

namespace Ecs.BlueGreen.Testing.Tests;

/// <summary>
/// Drives the loopback emulator with the real AWS CLI (Debian's awscli; .ci/install-awscli.sh installs it).
/// That CLI predates the service-deployment operations, so it is given the current ECS botocore model
/// through AWS_DATA_PATH. The steps share one emulator and run in order. The CLI's own CloudWatch Logs
/// model already has GetLogEvents, so logs calls need no override.
/// </summary>
[NonParallelizable]
[TestFixture]
public class AwsCliTests
{
    private const string Aws = "/usr/bin/aws";

    private const string Jq = "/usr/bin/jq";

    // Simulated time runs 20× faster, so the CLI waiter's real 15 s between polls covers 5 simulated minutes.
    private const double Speed = 20;

    private EcsEmulatorServer _server = null!;
    private string _home = null!;

    private static readonly string EcrDigest = "sha256:" + new string('4', 64);

    private static readonly string[] LoggerLines = ["worker starting", "processed 3 jobs", "worker done"];

    private EcsEmulator Emulator => _server.Emulator;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        if (!File.Exists(Aws))
        {
            Assert.Ignore($"{Aws} is not installed (Debian package awscli; run .ci/install-awscli.sh). The AWS CLI suite needs it.");
        }

        var model = SharedEcsModel();
        if (model is null)
        {
            Assert.Ignore("../shared/aws-models/ecs was not found beside the repository; Debian's awscli lacks the service-deployment operations, so the suite gives it that current ECS model.");
        }

        _home = Directory.CreateTempSubdirectory("ecs-emulator-cli-").FullName;

        // AWS_DATA_PATH layout: <dir>/ecs/2014-11-13/{service-2,waiters-2,paginators-1}.json
        var models = Directory.CreateDirectory(Path.Combine(_home, "models", "ecs", "2014-11-13")).FullName;
        foreach (var file in new[] { "service-2.json", "waiters-2.json", "paginators-1.json" })
        {
            File.Copy(Path.Combine(model!, file), Path.Combine(models, file));
        }

        // The image of the logs step writes three lines and exits; no other step uses it.
        var scenario = new EmulatorScenario
        {
            Images = new Dictionary<string, ImageBehaviour> { ["repo/logger:1"] = new() { LogLines = LoggerLines, RunTaskExitCode = 0, RunTaskSeconds = 5 } },
            EcrRepositories = [new EcrRepository { Name = "team/web", Tags = new Dictionary<string, string> { ["1.4"] = EcrDigest, ["stable"] = EcrDigest } }],
        };
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
    public async Task Register_a_task_definition_from_a_JSON_file_and_describe_it_with_tags()
    {
        var registered = await AwsAsync("ecs", "register-task-definition", "--cli-input-json", $"file://{Fixture("web-task-definition.json")}");
        registered["taskDefinition"]!["taskDefinitionArn"]!.GetValue<string>().Should().Be("arn:aws:ecs:us-east-1:123456789012:task-definition/web:1");
        registered["taskDefinition"]!["status"]!.GetValue<string>().Should().Be("ACTIVE");

        var described = await AwsAsync("ecs", "describe-task-definition", "--task-definition", "web", "--include", "TAGS");
        described["tags"]!.ToJsonString().Should().Be("[{\"key\":\"team\",\"value\":\"platform\"}]");
        var file = JsonNode.Parse(await File.ReadAllTextAsync(Fixture("web-task-definition.json")))!;

        // As registered, with the lists ECS fills in as [] when they were left out.
        var expected = file["containerDefinitions"]!.DeepClone();
        expected[0]!["mountPoints"] = new JsonArray();
        expected[0]!["volumesFrom"] = new JsonArray();
        JsonNode.DeepEquals(described["taskDefinition"]!["containerDefinitions"], expected).Should().BeTrue(described["taskDefinition"]!["containerDefinitions"]!.ToJsonString());
        described["taskDefinition"]!["revision"]!.GetValue<int>().Should().Be(1);
    }

    [Test, Order(2)]
    public async Task Create_a_cluster_and_a_service()
    {
        var cluster = await AwsAsync("ecs", "create-cluster", "--cluster-name", "prod");
        cluster["cluster"]!["status"]!.GetValue<string>().Should().Be("ACTIVE");

        var service = await AwsAsync("ecs", "create-service", "--cluster", "prod", "--service-name", "web", "--task-definition", "web:1", "--desired-count", "3",
            "--deployment-configuration", "maximumPercent=200,minimumHealthyPercent=100,deploymentCircuitBreaker={enable=true,rollback=true}");
        service["service"]!["deployments"]!.AsArray().Should().ContainSingle();
        service["service"]!["deploymentConfiguration"]!["deploymentCircuitBreaker"]!["enable"]!.GetValue<bool>().Should().BeTrue();

        // Let the first rollout finish (in-process, without CLI calls), so the update below replaces healthy tasks.
        // Otherwise services-stable may rightly succeed before COMPLETED: it checks only the deployment count and
        // runningCount (the AWS CLI's services-stable waiter, botocore ecs/2014-11-13/waiters-2.json), and unhealthy old
        // tasks are replaced at once.
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (Emulator.GetState()["clusters"]![0]!["services"]![0]!["deployments"]![0]!["rolloutState"]!.GetValue<string>() != "COMPLETED")
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), limit.Token);
        }
    }

    [Test, Order(3)]
    public async Task Update_the_service_and_wait_until_it_is_stable()
    {
        var file = JsonNode.Parse(await File.ReadAllTextAsync(Fixture("web-task-definition.json")))!.AsObject();
        file["containerDefinitions"]![0]!["image"] = "public.ecr.aws/nginx/nginx:1.28";
        var second = Path.Combine(_home, "web-2.json");
        await File.WriteAllTextAsync(second, file.ToJsonString());
        (await AwsAsync("ecs", "register-task-definition", "--cli-input-json", $"file://{second}"))["taskDefinition"]!["revision"]!.GetValue<int>().Should().Be(2);

        var updated = await AwsAsync("ecs", "update-service", "--cluster", "prod", "--service", "web", "--task-definition", "web:2");
        var deployments = updated["service"]!["deployments"]!.AsArray();
        deployments[0]!["status"]!.GetValue<string>().Should().Be("PRIMARY");
        deployments[0]!["taskDefinition"]!.GetValue<string>().Should().EndWith("web:2");
        deployments[0]!["rolloutState"]!.GetValue<string>().Should().Be("IN_PROGRESS");

        var polls = Emulator.CountCalls("DescribeServices");
        await AwsAsync("ecs", "wait", "services-stable", "--cluster", "prod", "--services", "web");
        TestContext.Out.WriteLine($"services-stable polled DescribeServices {Emulator.CountCalls("DescribeServices") - polls} times.");

        var service = (await AwsAsync("ecs", "describe-services", "--cluster", "prod", "--services", "web"))["services"]![0]!;
        service["deployments"]!.AsArray().Should().ContainSingle();
        service["deployments"]![0]!["rolloutState"]!.GetValue<string>().Should().Be("COMPLETED");
        service["taskDefinition"]!.GetValue<string>().Should().EndWith("web:2");
        service["runningCount"]!.GetValue<int>().Should().Be(3);
        service["events"]![0]!["message"]!.GetValue<string>().Should().Be("(service web) has reached a steady state.");
    }

    [Test, Order(4)]
    public async Task List_tasks_page_by_page_and_describe_them()
    {
        var before = Emulator.CountCalls("ListTasks");
        var listed = await AwsAsync("ecs", "list-tasks", "--cluster", "prod", "--service-name", "web", "--page-size", "1");
        var arns = listed["taskArns"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
        arns.Should().HaveCount(3).And.OnlyHaveUniqueItems();
        (Emulator.CountCalls("ListTasks") - before).Should().Be(3, "the CLI follows nextToken one task per page");
        JsonNode.Parse(Emulator.Calls.Last(c => c.Operation == "ListTasks").Request)!["maxResults"]!.GetValue<int>().Should().Be(1);

        var described = await AwsAsync(["ecs", "describe-tasks", "--cluster", "prod", "--tasks", .. arns]);
        described["tasks"]!.AsArray().Should().HaveCount(3).And.OnlyContain(t => t!["lastStatus"]!.GetValue<string>() == "RUNNING"
            && t["taskDefinitionArn"]!.GetValue<string>().EndsWith("web:2", StringComparison.Ordinal));
    }

    [Test, Order(5)]
    public async Task Run_a_task_and_stop_it()
    {
        var run = await AwsAsync("ecs", "run-task", "--cluster", "prod", "--task-definition", "web:1", "--count", "1", "--started-by", "cli-test");
        var arn = run["tasks"]![0]!["taskArn"]!.GetValue<string>();
        arn.Should().StartWith("arn:aws:ecs:us-east-1:123456789012:task/prod/");

        var stopped = await AwsAsync("ecs", "stop-task", "--cluster", "prod", "--task", arn, "--reason", "stopped by the CLI test");
        stopped["task"]!["desiredStatus"]!.GetValue<string>().Should().Be("STOPPED");

        var described = await AwsAsync("ecs", "describe-tasks", "--cluster", "prod", "--tasks", arn);
        described["tasks"]![0]!["stopCode"]!.GetValue<string>().Should().Be("UserInitiated");
        described["tasks"]![0]!["stoppedReason"]!.GetValue<string>().Should().Be("stopped by the CLI test");
    }

    [Test, Order(6)]
    public async Task List_and_deregister_task_definitions()
    {
        var descending = await AwsAsync("ecs", "list-task-definitions", "--family-prefix", "web", "--status", "ACTIVE", "--sort", "DESC");
        descending["taskDefinitionArns"]!.AsArray().Select(a => a!.GetValue<string>()).Should().Equal(
            "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2", "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1");

        var deregistered = await AwsAsync("ecs", "deregister-task-definition", "--task-definition", "web:1");
        deregistered["taskDefinition"]!["status"]!.GetValue<string>().Should().Be("INACTIVE");

        var inactive = await AwsAsync("ecs", "list-task-definitions", "--family-prefix", "web", "--status", "INACTIVE");
        inactive["taskDefinitionArns"]!.AsArray().Select(a => a!.GetValue<string>()).Should().Equal("arn:aws:ecs:us-east-1:123456789012:task-definition/web:1");
    }

    [Test, Order(7)]
    public async Task List_and_describe_service_deployments()
    {
        var listed = await AwsAsync("ecs", "list-service-deployments", "--cluster", "prod", "--service", "web");
        var briefs = listed["serviceDeployments"]!.AsArray();
        briefs.Should().HaveCount(2);
        var newest = briefs[0]!["serviceDeploymentArn"]!.GetValue<string>();
        newest.Should().StartWith("arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/");

        var described = await AwsAsync("ecs", "describe-service-deployments", "--service-deployment-arns", newest);
        var deployment = described["serviceDeployments"]![0]!;
        deployment["status"]!.GetValue<string>().Should().Be("SUCCESSFUL");
        deployment["targetServiceRevision"]!["runningTaskCount"]!.GetValue<int>().Should().Be(3);
        deployment["deploymentCircuitBreaker"]!["threshold"]!.GetValue<int>().Should().Be(3);
    }

    [Test, Order(8)]
    public async Task Read_a_one_off_task_log_with_get_log_events()
    {
        var containers = new JsonArray(new JsonObject
        {
            ["name"] = "worker",
            ["image"] = "repo/logger:1",
            ["memory"] = 256,
            ["logConfiguration"] = new JsonObject
            {
                ["logDriver"] = "awslogs",
                ["options"] = new JsonObject { ["awslogs-group"] = "/ecs/logger", ["awslogs-region"] = "us-east-1", ["awslogs-stream-prefix"] = "ecs" },
            },
        });
        await AwsAsync("ecs", "register-task-definition", "--family", "logger", "--container-definitions", containers.ToJsonString());
        var run = await AwsAsync("ecs", "run-task", "--cluster", "prod", "--task-definition", "logger");
        var arn = run["tasks"]![0]!["taskArn"]!.GetValue<string>();
        var stream = $"ecs/worker/{arn[(arn.LastIndexOf('/') + 1)..]}";

        // Wait in-process (bounded) until the task has exited: 5 simulated seconds after it starts.
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await AwsAsync("ecs", "describe-tasks", "--cluster", "prod", "--tasks", arn))["tasks"]![0]!["lastStatus"]!.GetValue<string>() != "STOPPED")
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), limit.Token);
        }

        var events = await AwsAsync("logs", "get-log-events", "--log-group-name", "/ecs/logger", "--log-stream-name", stream, "--start-from-head");

        events["events"]!.AsArray().Select(e => e!["message"]!.GetValue<string>()).Should().Equal(LoggerLines);
        events["nextForwardToken"]!.GetValue<string>().Should().StartWith("f/");
        Emulator.Calls[^1].Should().Match<EcsCall>(c => c.Service == "logs" && c.Operation == "GetLogEvents" && c.StatusCode == 200);
    }

    [Test, Order(9)]
    public async Task A_revision_registered_without_volumes_survives_ecs_deploys_describe_filter_register_round_trip()
    {
        if (!File.Exists(Jq))
        {
            Assert.Ignore($"{Jq} is not installed (Debian package jq; run .ci/install-jq.sh). This step filters with ecs-deploy's own jq filter.");
        }

        await AwsAsync("ecs", "register-task-definition", "--family", "plain", "--container-definitions", """[{"name":"app","image":"repo/plain:1","memory":128}]""");
        var described = await AwsAsync("ecs", "describe-task-definition", "--task-definition", "plain");

        // ecs-deploy 3.10.27 takes .taskDefinition and keeps these members with its default jq filter; a member the
        // answer lacks becomes null, which the AWS CLI refuses ("Invalid type for parameter volumes, value: None").
        var filtered = await JqAsync(".taskDefinition | {family: .family, volumes: .volumes, containerDefinitions: .containerDefinitions, placementConstraints: .placementConstraints}", described.ToJsonString());
        var input = Path.Combine(_home, "plain-2.json");
        await File.WriteAllTextAsync(input, filtered);
        var registered = (await AwsAsync("ecs", "register-task-definition", "--cli-input-json", $"file://{input}"))["taskDefinition"]!;

        registered["revision"]!.GetValue<int>().Should().Be(2);
        registered["volumes"]!.ToJsonString().Should().Be("[]");
        registered["placementConstraints"]!.ToJsonString().Should().Be("[]");
        JsonNode.DeepEquals(registered["containerDefinitions"], described["taskDefinition"]!["containerDefinitions"]).Should().BeTrue();
    }

    [Test, Order(10)]
    public async Task Watch_continue_and_stop_a_native_blue_green_deployment()
    {
        // BLUE_GREEN with a PAUSE hook after scale-up and a 10-minute bake (30 real seconds at this speed), so the stop lands before CLEAN_UP.
        await AwsAsync("ecs", "create-service", "--cluster", "prod", "--service-name", "bg", "--task-definition", "web:2", "--desired-count", "1",
            "--deployment-configuration", """{"strategy":"BLUE_GREEN","bakeTimeInMinutes":10,"lifecycleHooks":[{"targetType":"PAUSE","lifecycleStages":["POST_SCALE_UP"]}]}""");
        await WaitForAsync("bg", service => service["deployments"]![0]!["rolloutState"]!.GetValue<string>() == "COMPLETED");
        var updated = await AwsAsync("ecs", "update-service", "--cluster", "prod", "--service", "bg", "--task-definition", "plain:2");
        var arn = updated["service"]!["currentServiceDeployment"]!.GetValue<string>();
        await WaitForAsync("bg", _ => Emulator.GetState()["clusters"]![0]!["serviceDeployments"]!.AsArray()
            .Any(d => d!["serviceDeploymentArn"]!.GetValue<string>() == arn && d["lifecycleHookDetails"]?.AsArray().Count > 0));

        var paused = (await AwsAsync("ecs", "describe-service-deployments", "--service-deployment-arns", arn))["serviceDeployments"]![0]!;
        paused["lifecycleStage"]!.GetValue<string>().Should().Be("POST_SCALE_UP");
        var hook = paused["lifecycleHookDetails"]![0]!;
        hook["status"]!.GetValue<string>().Should().Be("AWAITING_ACTION");

        var revisions = await AwsAsync("ecs", "describe-service-revisions", "--service-revision-arns", paused["targetServiceRevision"]!["arn"]!.GetValue<string>());
        revisions["serviceRevisions"]![0]!["taskDefinition"]!.GetValue<string>().Should().EndWith("plain:2");

        var continued = await AwsAsync("ecs", "continue-service-deployment", "--service-deployment-arn", arn, "--hook-id", hook["hookId"]!.GetValue<string>());
        continued["serviceDeploymentArn"]!.GetValue<string>().Should().Be(arn);
        var stopped = await AwsAsync("ecs", "stop-service-deployment", "--service-deployment-arn", arn, "--stop-type", "ROLLBACK");
        stopped["serviceDeploymentArn"]!.GetValue<string>().Should().Be(arn);

        await WaitForAsync("bg", _ => Emulator.GetState()["clusters"]![0]!["serviceDeployments"]!.AsArray()
            .Any(d => d!["serviceDeploymentArn"]!.GetValue<string>() == arn && d["status"]!.GetValue<string>() == "ROLLBACK_SUCCESSFUL"));
        var done = (await AwsAsync("ecs", "describe-service-deployments", "--service-deployment-arns", arn))["serviceDeployments"]![0]!;
        done["status"]!.GetValue<string>().Should().Be("ROLLBACK_SUCCESSFUL");
        done["rollback"]!["serviceRevisionArn"]!.GetValue<string>().Should().Be(done["sourceServiceRevisions"]![0]!["arn"]!.GetValue<string>());
        done["lifecycleHookDetails"].Should().NotBeNull();
    }

    [Test, Order(11)]
    public async Task Describe_an_ECR_image_by_tag_and_after_a_tag_is_pushed()
    {
        // The CLI's own ECR model (the emulator is given only the ECS one), on the same endpoint.
        var described = await AwsAsync("ecr", "describe-images", "--repository-name", "team/web", "--image-ids", "imageTag=1.4");
        var image = described["imageDetails"]!.AsArray().Should().ContainSingle().Subject!;
        ((string?)image["imageDigest"]).Should().Be(EcrDigest);
        image["imageTags"]!.AsArray().Select(t => (string?)t).Should().BeEquivalentTo("1.4", "stable");

        var moved = "sha256:" + new string('5', 64);
        Emulator.PushImage("team/web", "stable", moved);
        var tagged = await AwsAsync("ecr", "describe-images", "--repository-name", "team/web", "--filter", "tagStatus=TAGGED");
        tagged["imageDetails"]!.AsArray().Select(i => ((string?)i!["imageDigest"], string.Join(",", i["imageTags"]!.AsArray().Select(t => (string?)t))))
            .Should().BeEquivalentTo([(EcrDigest, "1.4"), (moved, "stable")]);
    }

    /// <summary>Waits in-process (bounded) until the service of the emulator's state satisfies <paramref name="condition"/>.</summary>
    private async Task WaitForAsync(string serviceName, Func<JsonNode, bool> condition)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition(Emulator.GetState()["clusters"]![0]!["services"]!.AsArray().Single(s => s!["serviceName"]!.GetValue<string>() == serviceName)!))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), limit.Token);
        }
    }

    private static async Task<string> JqAsync(string filter, string json)
    {
        var start = new ProcessStartInfo(Jq) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(filter);
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.StandardInput.WriteAsync(json);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        process.ExitCode.Should().Be(0, $"jq failed: {await stderr}");
        return await stdout;
    }

    private static string Fixture(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", name);

    private Task<JsonNode> AwsAsync(params string[] arguments) => RunAwsAsync(arguments);

    private async Task<JsonNode> RunAwsAsync(IEnumerable<string> arguments)
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
        start.Environment["AWS_DATA_PATH"] = Path.Combine(_home, "models");
        start.Environment["AWS_PAGER"] = string.Empty;
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["HOME"] = _home;

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout;
        process.ExitCode.Should().Be(0, $"aws {string.Join(' ', start.ArgumentList)} failed: {await stderr}");
        return string.IsNullOrWhiteSpace(output) ? new JsonObject() : JsonNode.Parse(output)!;
    }

    private static string? SharedEcsModel()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Ecs.BlueGreen.sln")))
            {
                var model = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "aws-models", "ecs"));
                return File.Exists(Path.Combine(model, "service-2.json")) ? model : null;
            }
        }

        return null;
    }
}
