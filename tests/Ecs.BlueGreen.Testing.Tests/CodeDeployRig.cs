using System.Net;
using System.Text.Json.Nodes;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.CodeDeploy;
using Ecs.BlueGreen.CodeDeploy.Model;
using Ecs.BlueGreen.Testing.Scenarios;

namespace Ecs.BlueGreen.Testing.Tests;

/// <summary>
/// The scenario of docs/emulator/README.md's CodeDeploy example: a CODE_DEPLOY service "web" (2 tasks of web:1) in "prod",
/// behind a production and a test listener over the target groups blue and green, with web:2 registered, and the CodeDeploy
/// application "web-app" whose group "web-dg" deploys it; on a manual clock, through the library's CodeDeployClient.
/// </summary>
internal sealed class CodeDeployRig : IDisposable
{
    public const string ProductionListener = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/0123456789abcdef/1111111111111111";
    public const string TestListener = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/0123456789abcdef/2222222222222222";
    public const string BlueGroup = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/blue/aaaaaaaaaaaaaaaa";
    public const string GreenGroup = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/green/bbbbbbbbbbbbbbbb";
    public const string Web2 = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2";

    /// <summary>The complete minimal scenario (the README shows the same).</summary>
    public const string ScenarioJson = CodeDeployScenarios.Json;

    /// <summary>An AppSpec (JSON) deploying web:2, with every hook named.</summary>
    public const string AppSpecJson = CodeDeployScenarios.AppSpecJson;

    /// <summary>The same AppSpec in YAML, with hooks for AfterAllowTestTraffic only.</summary>
    public const string AppSpecYaml = CodeDeployScenarios.AppSpecYaml;

    private readonly HttpClient _http;

    /// <param name="group">Changes to the deployment group "web-dg", as JSON members that replace the scenario's.</param>
    /// <param name="images">Image behaviours.</param>
    /// <param name="hooks">Hook outcomes that replace the scenario's.</param>
    public CodeDeployRig(JsonObject? group = null, IReadOnlyDictionary<string, ImageBehaviour>? images = null, IReadOnlyDictionary<string, CodeDeployHook>? hooks = null)
    {
        Clock = new ManualTimeProvider();
        Emulator = new EcsEmulator(Scenario(group, images, hooks), Clock);
        Client = Emulator.CreateCodeDeployClient(new AwsClientOptions { Retry = new AwsRetryOptions { MaxAttempts = 1 } });
        _http = new HttpClient(Emulator.CreateHandler());
    }

    public ManualTimeProvider Clock { get; }

    /// <summary><see cref="ScenarioJson"/> with changes to the group "web-dg" (JSON members that replace the scenario's), image behaviours and hook outcomes.</summary>
    public static EmulatorScenario Scenario(JsonObject? group = null, IReadOnlyDictionary<string, ImageBehaviour>? images = null, IReadOnlyDictionary<string, CodeDeployHook>? hooks = null) =>
        CodeDeployScenarios.Scenario(group, images, hooks);

    public EcsEmulator Emulator { get; }

    public CodeDeployClient Client { get; }

    public static RevisionLocation Revision(string content) => new()
    {
        RevisionType = RevisionLocationType.AppSpecContent,
        AppSpecContent = new AppSpecContent { Content = content },
    };

    public async Task<string> DeployAsync(string appSpec = AppSpecJson, string? description = null, string? config = null)
    {
        var response = await Client.CreateDeploymentAsync(new CreateDeploymentRequest
        {
            ApplicationName = "web-app",
            DeploymentGroupName = "web-dg",
            Revision = Revision(appSpec),
            Description = description,
            DeploymentConfigName = config,
        });
        return response.DeploymentId!;
    }

    public async Task<DeploymentInfo> DeploymentAsync(string id) => (await Client.GetDeploymentAsync(new GetDeploymentRequest { DeploymentId = id })).DeploymentInfo!;

    public async Task<EcsTarget> TargetAsync(string id) =>
        (await Client.BatchGetDeploymentTargetsAsync(new BatchGetDeploymentTargetsRequest { DeploymentId = id, TargetIds = ["prod:web"] })).DeploymentTargets[0].EcsTarget!;

    /// <summary>The service as DescribeServices answers it (raw JSON: its taskSets).</summary>
    public async Task<JsonObject> ServiceAsync()
    {
        var (status, answer) = await SendAsync(EcsEmulator.TargetPrefix, "DescribeServices", """{"cluster":"prod","services":["web"]}""");
        status.Should().Be(HttpStatusCode.OK);
        return answer["services"]![0]!.AsObject();
    }

    /// <summary>A raw CodeDeploy call: its status and body.</summary>
    public Task<(HttpStatusCode Status, JsonObject Body)> CodeDeployAsync(string operation, string body) => SendAsync(EcsEmulator.CodeDeployTargetPrefix, operation, body);

    public void Advance(int seconds = 1)
    {
        Clock.Advance(TimeSpan.FromSeconds(seconds));
        Emulator.Sync();
    }

    /// <summary>One simulated second at a time until the deployment has <paramref name="status"/>; the seconds it took.</summary>
    public async Task<int> RunUntilAsync(string id, string status, int limitSeconds = 3600)
    {
        for (var second = 0; second <= limitSeconds; second++)
        {
            if ((await DeploymentAsync(id)).Status?.Value == status)
            {
                return second;
            }

            Advance();
        }

        throw new AssertionException($"Deployment {id} did not reach {status} in {limitSeconds} s; it is {(await DeploymentAsync(id)).Status?.Value}.");
    }

    public void Dispose()
    {
        Client.Dispose();
        _http.Dispose();
    }

    private async Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(string prefix, string operation, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("https://codedeploy.us-east-1.amazonaws.com/")) { Content = new StringContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", prefix + operation);
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/codedeploy/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + new string('a', 64));
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }
}
