using System.Net;
using System.Text.Json.Nodes;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Configuration;
using Ecs.BlueGreen.Ecs;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Tests.Support;

namespace Ecs.BlueGreen.Tests.Configuration;

/// <summary>
/// Every way the AWS configuration can be broken ends as one <see cref="AwsConfigurationException"/> that names the
/// setting, file or profile and the fix: when the settings are resolved, or at the first call when the credentials
/// are only fetched then (credential_process, assumed roles), before anything is sent. The shared files are the test
/// run's temporary files (AssemblySetup), so these tests do not run in parallel with others.
/// </summary>
[NonParallelizable]
public sealed class AwsConfigurationErrorTests
{
    private static readonly string[] ProcessVariables = ["AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"];

    private readonly Dictionary<string, string?> _saved = [];

    [SetUp]
    public void IsolateAwsEnvironment()
    {
        foreach (var name in ProcessVariables)
        {
            _saved[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [TearDown]
    public void RestoreEnvironment()
    {
        foreach (var (name, value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        File.WriteAllText(AwsFiles.Config, string.Empty);
        File.WriteAllText(AwsFiles.Credentials, string.Empty);
    }

    [TestCase("us-east-1x")]
    [TestCase("not a region")]
    [TestCase("us-east-1\n")]
    [TestCase(" us-east-1")]
    [TestCase("us-east-\u0661")]
    [TestCase("eu-\u00e9ast-1")]
    [TestCase("useast1")]
    public void A_region_that_is_not_a_region_name_is_refused_naming_its_source(string region)
    {
        Refusal(new AwsSettings { Region = region, AccessKeyId = "AKIA", SecretAccessKey = "s" })
            .Should().StartWith("The AWS region ").And.Contain("(--region)").And.Contain("not an AWS region name").And.NotContain("\n");
    }

    [TestCase("AWS_REGION")]
    [TestCase("AWS_DEFAULT_REGION")]
    public void A_region_variable_that_is_not_a_region_name_is_refused_naming_the_variable(string variable)
    {
        Refusal(new AwsSettings { AccessKeyId = "AKIA", SecretAccessKey = "s" }, (variable, "us-east-1x"))
            .Should().Be($"The AWS region 'us-east-1x' ({variable}) is not an AWS region name such as us-east-1, eu-west-3, cn-north-1 or us-gov-west-1; correct it.");
    }

    [Test]
    public void A_profile_region_that_is_not_a_region_name_is_refused_naming_the_profile()
    {
        File.WriteAllText(AwsFiles.Config, "[profile ci]\nregion = us-east-1x\n");

        Refusal(new AwsSettings { Profile = "ci", AccessKeyId = "AKIA", SecretAccessKey = "s" })
            .Should().Contain("'us-east-1x'").And.Contain("profile 'ci'").And.Contain("not an AWS region name");
    }

    [Test]
    public void Every_region_of_every_partition_in_the_model_is_accepted()
    {
        var partitions = JsonNode.Parse(File.ReadAllText(SharedFolder.File("aws-models", "partitions.json")))!["partitions"]!.AsArray();
        var regions = partitions.SelectMany(p => p!["regions"]!.AsObject().Select(r => r.Key)).Where(r => !r.EndsWith("-global", StringComparison.Ordinal)).ToList();
        regions.Should().HaveCountGreaterThan(30);

        foreach (var region in regions)
        {
            Resolve(new AwsSettings { Region = region, AccessKeyId = "AKIA", SecretAccessKey = "s" }).Region.Should().Be(region);
        }
    }

    [Test]
    public void A_config_file_with_a_broken_line_is_one_sentence_naming_the_file_and_the_line()
    {
        File.WriteAllText(AwsFiles.Config, "[default]\nregion = us-east-1\nthis is not a setting\n");

        Refusal(new AwsSettings { AccessKeyId = "AKIA", SecretAccessKey = "s" })
            .Should().Be($"The AWS shared file '{AwsFiles.Config}' cannot be read: line 3 ('this is not a setting') is not a section, a setting or a comment; fix or remove that line.");
    }

    [Test]
    public void A_credentials_file_that_is_not_INI_is_one_sentence_naming_the_file()
    {
        File.WriteAllText(AwsFiles.Config, "[default]\nregion = us-east-1\n");
        File.WriteAllText(AwsFiles.Credentials, "{\"aws_access_key_id\": \"AKIA\"}\n");

        Refusal(new AwsSettings()).Should().StartWith($"The AWS shared file '{AwsFiles.Credentials}' cannot be read: line 1 ").And.EndWith("; fix or remove that line.");
        Refusal(new AwsSettings { Profile = "default" }).Should().StartWith($"The AWS shared file '{AwsFiles.Credentials}' cannot be read: line 1 ");
    }

    [TestCase("ci")]
    [TestCase(null)]
    public void A_source_profile_that_does_not_exist_is_named(string? profile)
    {
        var section = profile is null ? "default" : $"profile {profile}";
        File.WriteAllText(AwsFiles.Config, $"[{section}]\nregion = us-east-1\nrole_arn = arn:aws:iam::123456789012:role/deploy\nsource_profile = missing\n");

        Refusal(new AwsSettings { Profile = profile })
            .Should().Be($"The AWS profile '{profile ?? "default"}' has source_profile = missing, but no profile 'missing' is in the shared config or credentials file; add it or correct source_profile.");
    }

    [TestCase("ci")]
    [TestCase(null)]
    public void A_role_without_a_source_is_named(string? profile)
    {
        var section = profile is null ? "default" : $"profile {profile}";
        File.WriteAllText(AwsFiles.Config, $"[{section}]\nregion = us-east-1\nrole_arn = arn:aws:iam::123456789012:role/deploy\n");

        Refusal(new AwsSettings { Profile = profile })
            .Should().Be($"The AWS profile '{profile ?? "default"}' has a role_arn but no source_profile or credential_source to assume it with; add one of them.");
    }

    [TestCase("sh -c 'echo denied >&2; exit 1'", "exited with code 1")]
    [TestCase("echo hello", "JSON")]
    public async Task A_failing_credential_process_is_a_configuration_error_at_the_first_call_before_anything_is_sent(string command, string reason)
    {
        File.WriteAllText(AwsFiles.Config, $"[profile ci]\nregion = us-east-1\ncredential_process = {command}\n");
        using var handler = new RecordingHandler((_, _) => (HttpStatusCode.OK, "{}"));
        using var client = new EcsClient(Resolve(new AwsSettings { Profile = "ci" }), new AwsClientOptions { HttpHandler = handler, Retry = new AwsRetryOptions { MaxAttempts = 1 } });

        var act = () => client.DescribeClustersAsync(new DescribeClustersRequest { Clusters = ["prod"] });

        var message = (await act.Should().ThrowExactlyAsync<AwsConfigurationException>()).Which.Message;
        message.Should().StartWith("The credential_process of the AWS profile 'ci' failed").And.Contain(reason).And.Contain("fix credential_process").And.NotContain("\n");
        handler.Requests.Should().BeEmpty("nothing is sent without credentials");
    }

    private static AwsConnection Resolve(AwsSettings settings, params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return settings.Resolve(AwsService.Ecs, new AwsEnvironment(name => map.GetValueOrDefault(name)));
    }

    private static string Refusal(AwsSettings settings, params (string Name, string Value)[] variables)
    {
        var act = () => Resolve(settings, variables);
        return act.Should().ThrowExactly<AwsConfigurationException>().Which.Message;
    }
}
