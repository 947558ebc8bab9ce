using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Ecs.BlueGreen.Testing;
using Ecs.BlueGreen.Testing.Hosting;
using Ecs.BlueGreen.Tool.Tests.Support;

namespace Ecs.BlueGreen.Tool.Tests.EndToEnd;

/// <summary>
/// Every way AWS users give credentials, through the installed native tool: a dry run against the emulator, whose
/// call log shows the access key each ECS call was signed with. Where credentials come from an endpoint, a fake one
/// on 127.0.0.1 (<see cref="FakeCredentialEndpoints"/>) answers with its own key, so a call signed with that key
/// proves the whole path ran in the native binary: AWSSDK.Core's providers, the STS and SSO clients it would
/// otherwise load by reflection, and their JSON and XML readers.
/// </summary>
[NonParallelizable]
public sealed class CredentialSourceTests
{
    private string _folder = null!;
    private FakeCredentialEndpoints _endpoints = null!;

    [SetUp]
    public async Task Start()
    {
        _folder = Directory.CreateTempSubdirectory("ecs-bluegreen-credentials-").FullName;
        _endpoints = await FakeCredentialEndpoints.StartAsync();
    }

    [TearDown]
    public async Task Stop()
    {
        await _endpoints.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public async Task Keys_in_the_environment_sign_the_calls()
    {
        var calls = await DryRunAsync(new() { ["AWS_ACCESS_KEY_ID"] = "AKIAFROMENVIRONMENT", ["AWS_SECRET_ACCESS_KEY"] = "environment-secret" });

        SigningKeys(calls).Should().Equal("AKIAFROMENVIRONMENT");
    }

    [Test]
    public async Task Keys_given_as_flags_sign_the_calls()
    {
        var calls = await DryRunAsync(new(), "-k", "AKIAFROMFLAGS", "-s", "flag-secret");

        SigningKeys(calls).Should().Equal("AKIAFROMFLAGS");
    }

    [Test]
    public async Task A_profile_with_keys_signs_the_calls()
    {
        WriteCredentials("[pipeline]\naws_access_key_id = AKIAFROMPROFILE\naws_secret_access_key = profile-secret\n");

        var calls = await DryRunAsync(new(), "--profile", "pipeline");

        SigningKeys(calls).Should().Equal("AKIAFROMPROFILE");
    }

    [Test]
    public async Task A_profile_that_assumes_a_role_with_a_source_profile_signs_AssumeRole_with_the_source_and_the_calls_with_the_role()
    {
        WriteCredentials("[base]\naws_access_key_id = AKIASOURCEPROFILE\naws_secret_access_key = source-secret\n");
        WriteConfig("[profile deployer]\nrole_arn = arn:aws:iam::123456789012:role/deployer\nsource_profile = base\nrole_session_name = pipeline\nregion = us-east-1\n");

        var calls = await DryRunAsync(new() { ["AWS_ENDPOINT_URL_STS"] = _endpoints.Endpoint.ToString() }, "--profile", "deployer");

        var assume = _endpoints.Requests.Should().ContainSingle(r => r.Action == "AssumeRole").Subject;
        assume.AccessKeyId.Should().Be("AKIASOURCEPROFILE");
        assume.Form["RoleArn"].Should().Be("arn:aws:iam::123456789012:role/deployer");
        assume.Form["RoleSessionName"].Should().Be("pipeline");
        SigningKeys(calls).Should().Equal(FakeCredentialEndpoints.AssumedRoleKey);
    }

    [Test]
    public async Task The_role_flag_assumes_the_role_with_the_given_keys()
    {
        var calls = await DryRunAsync(
            new() { ["AWS_ENDPOINT_URL_STS"] = _endpoints.Endpoint.ToString(), ["AWS_ACCESS_KEY_ID"] = "AKIABEFOREROLE", ["AWS_SECRET_ACCESS_KEY"] = "before-role-secret" },
            "-a", "arn:aws:iam::123456789012:role/deployer");

        _endpoints.Requests.Should().ContainSingle(r => r.Action == "AssumeRole").Which.AccessKeyId.Should().Be("AKIABEFOREROLE");
        SigningKeys(calls).Should().Equal(FakeCredentialEndpoints.AssumedRoleKey);
    }

    [Test]
    public async Task A_web_identity_token_is_exchanged_unsigned_for_the_roles_credentials()
    {
        var token = Path.Combine(_folder, "web-identity-token");
        await File.WriteAllTextAsync(token, "eyJ0eXAiOiJKV1QifQ.pipeline.signature");

        var calls = await DryRunAsync(new()
        {
            ["AWS_ENDPOINT_URL_STS"] = _endpoints.Endpoint.ToString(),
            ["AWS_WEB_IDENTITY_TOKEN_FILE"] = token,
            ["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/github-deployer",
            ["AWS_ROLE_SESSION_NAME"] = "pipeline",
        });

        var exchange = _endpoints.Requests.Should().ContainSingle(r => r.Action == "AssumeRoleWithWebIdentity").Subject;
        exchange.AccessKeyId.Should().BeNull("AssumeRoleWithWebIdentity is not signed");
        exchange.Form["WebIdentityToken"].Should().Be("eyJ0eXAiOiJKV1QifQ.pipeline.signature");
        exchange.Form["RoleArn"].Should().Be("arn:aws:iam::123456789012:role/github-deployer");
        SigningKeys(calls).Should().Equal(FakeCredentialEndpoints.WebIdentityKey);
    }

    [Test]
    public async Task An_SSO_profile_exchanges_the_cached_token_for_the_roles_credentials()
    {
        const string startUrl = "https://pipeline.awsapps.com/start";
        WriteConfig($"[profile sso]\nsso_start_url = {startUrl}\nsso_region = us-east-1\nsso_account_id = 123456789012\nsso_role_name = Deployer\nregion = us-east-1\n");
        var cache = Directory.CreateDirectory(Path.Combine(_folder, ".aws", "sso", "cache")).FullName;
        // The SDKs name the cached token after the SHA-1 of the start URL (https://docs.aws.amazon.com/sdkref/latest/guide/feature-sso-credentials.html).
#pragma warning disable CA5350 // Not a security use: the cache file's name.
        var cacheName = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(startUrl)));
#pragma warning restore CA5350
        await File.WriteAllTextAsync(Path.Combine(cache, cacheName + ".json"),
            $$"""{"startUrl":"{{startUrl}}","region":"us-east-1","accessToken":"sso-access-token","expiresAt":"2099-01-01T00:00:00Z"}""");

        var calls = await DryRunAsync(new() { ["AWS_ENDPOINT_URL_SSO"] = _endpoints.Endpoint.ToString(), ["HOME"] = _folder }, "--profile", "sso");

        var exchange = _endpoints.Requests.Should().ContainSingle(r => r.Path == "/federation/credentials").Subject;
        exchange.Headers["x-amz-sso_bearer_token"].Should().Be("sso-access-token");
        SigningKeys(calls).Should().Equal(FakeCredentialEndpoints.SsoKey);
    }

    [Test]
    public async Task The_container_credentials_endpoint_is_read_with_its_authorization_token()
    {
        var calls = await DryRunAsync(new()
        {
            ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = new Uri(_endpoints.Endpoint, "container/credentials").ToString(),
            ["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = FakeCredentialEndpoints.ContainerToken,
        });

        _endpoints.Requests.Should().Contain(r => r.Path == "/container/credentials");
        SigningKeys(calls).Should().Equal(FakeCredentialEndpoints.ContainerKey);
    }

    [Test]
    public async Task The_instance_profile_flag_reads_the_instance_metadata_service_with_an_IMDSv2_token()
    {
        var calls = await DryRunAsync(
            new() { ["AWS_EC2_METADATA_DISABLED"] = "false", ["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = _endpoints.Endpoint.ToString().TrimEnd('/') },
            "--aws-instance-profile");

        _endpoints.Requests.Should().Contain(r => r.Method == "PUT" && r.Path == "/latest/api/token");
        _endpoints.Requests.Where(r => r.Path.StartsWith("/latest/meta-data/", StringComparison.Ordinal))
            .Should().NotBeEmpty().And.OnlyContain(r => r.Headers["X-aws-ec2-metadata-token"] == FakeCredentialEndpoints.ImdsToken);
        SigningKeys(calls).Should().Equal(FakeCredentialEndpoints.InstanceKey);
    }

    [Test]
    public async Task A_credential_process_profile_runs_the_process_and_signs_with_its_keys()
    {
        var script = Path.Combine(_folder, "credentials.sh");
        await File.WriteAllTextAsync(script, "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"AKIAFROMPROCESS\", \"SecretAccessKey\": \"process-secret\"}'\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        WriteConfig($"[profile process]\ncredential_process = {script}\nregion = us-east-1\n");

        var calls = await DryRunAsync(new(), "--profile", "process");

        SigningKeys(calls).Should().Equal("AKIAFROMPROCESS");
    }

    private static string?[] SigningKeys(IReadOnlyList<EcsCall> calls)
    {
        calls.Should().NotBeEmpty("the dry run reads the service");
        return calls.Select(c => c.AccessKeyId).Distinct().ToArray();
    }

    private void WriteConfig(string text) => File.WriteAllText(Path.Combine(_folder, "config"), text);

    private void WriteCredentials(string text) => File.WriteAllText(Path.Combine(_folder, "credentials"), text);

    /// <summary>
    /// A dry run of a deployment (reads only) with no credentials but those of <paramref name="environment"/> and
    /// <paramref name="arguments"/>: the shared config and credentials files are this test's, no keys are inherited.
    /// </summary>
    private async Task<IReadOnlyList<EcsCall>> DryRunAsync(Dictionary<string, string> environment, params string[] arguments)
    {
        await using var server = await EcsEmulatorServer.StartAsync(new EcsEmulator(Scenarios.Web(), new ScaledTimeProvider(50)));
        var start = ToolProcess.StartInfo(["-c", "prod", "-n", "web", "-i", "repo/web:2", "--dry-run", "--endpoint-url", server.Endpoint.ToString(), .. arguments]);
        start.Environment.Remove("AWS_ACCESS_KEY_ID");
        start.Environment.Remove("AWS_SECRET_ACCESS_KEY");
        start.Environment["AWS_CONFIG_FILE"] = Path.Combine(_folder, "config");
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_folder, "credentials");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(limit.Token);
        var result = new RunResult(process.ExitCode, await output, await error);
        result.ExitCode.Should().Be(0, result.ToString());
        return server.Emulator.Calls;
    }
}
