using Amazon.Runtime;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Configuration;

namespace Ecs.BlueGreen.Tests.Configuration;

/// <summary>
/// Region, endpoint and credential resolution. The shared config and credentials files are the test
/// run's temporary files (AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, set in AssemblySetup); the
/// environment is process-wide, so these tests do not run in parallel with others.
/// </summary>
[NonParallelizable]
public sealed class AwsSettingsResolutionTests
{
    private static readonly string[] ProcessVariables =
    [
        "AWS_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION",
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_ECS",
    ];

    private readonly Dictionary<string, string?> _saved = [];

    [SetUp]
    public void IsolateAwsEnvironment()
    {
        foreach (var name in ProcessVariables)
        {
            _saved[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, null);
        }

        File.WriteAllText(AwsFiles.Config, """
            [default]
            region = eu-west-1

            [profile ci]
            region = ap-southeast-2

            [profile deployer]
            role_arn = arn:aws:iam::123456789012:role/deployer
            source_profile = ci
            """);
        File.WriteAllText(AwsFiles.Credentials, """
            [default]
            aws_access_key_id = AKIADEFAULT
            aws_secret_access_key = default-secret

            [ci]
            aws_access_key_id = AKIACI
            aws_secret_access_key = ci-secret
            aws_session_token = ci-token
            """);
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

    [Test]
    public void Region_comes_from_the_explicit_setting_first()
    {
        var environment = Env(("AWS_REGION", "us-west-2"), ("AWS_DEFAULT_REGION", "us-east-2"));
        Resolve(new AwsSettings { Region = "ca-central-1", AccessKeyId = "AKIA", SecretAccessKey = "s" }, environment).Region.Should().Be("ca-central-1");
    }

    [Test]
    public void Region_comes_from_AWS_REGION_before_AWS_DEFAULT_REGION_before_the_profile()
    {
        var keys = new AwsSettings { AccessKeyId = "AKIA", SecretAccessKey = "s" };
        Resolve(keys, Env(("AWS_REGION", "us-west-2"), ("AWS_DEFAULT_REGION", "us-east-2"))).Region.Should().Be("us-west-2");
        Resolve(keys, Env(("AWS_DEFAULT_REGION", "us-east-2"))).Region.Should().Be("us-east-2");
        Resolve(keys, Env()).Region.Should().Be("eu-west-1", "the default profile's region is the last resort");
        Resolve(new AwsSettings { AccessKeyId = "AKIA", SecretAccessKey = "s", Profile = "ci" }, Env()).Region.Should().Be("ap-southeast-2");
        Resolve(keys, Env(("AWS_PROFILE", "ci"))).Region.Should().Be("ap-southeast-2");
    }

    [Test]
    public void A_missing_region_is_one_sentence_that_says_how_to_provide_it()
    {
        File.WriteAllText(AwsFiles.Config, string.Empty);
        var act = () => Resolve(new AwsSettings { AccessKeyId = "AKIA", SecretAccessKey = "s" }, Env());
        act.Should().Throw<AwsConfigurationException>()
            .Which.Message.Should().Be("No AWS region is configured: pass a region (--region), set AWS_REGION, or add 'region' to your AWS profile.");
    }

    [Test]
    public void Endpoint_comes_from_the_setting_then_the_service_variable_then_the_global_variable_then_the_partition()
    {
        var settings = new AwsSettings { Region = "us-east-1", AccessKeyId = "AKIA", SecretAccessKey = "s" };
        var both = Env(("AWS_ENDPOINT_URL_ECS", "http://127.0.0.1:4599"), ("AWS_ENDPOINT_URL", "http://127.0.0.1:9999"));

        Resolve(new AwsSettings { Region = "us-east-1", AccessKeyId = "AKIA", SecretAccessKey = "s", EndpointUrl = new Uri("http://localhost:1234") }, both)
            .Endpoint.Should().Be(new Uri("http://localhost:1234"));
        Resolve(settings, both).Endpoint.Should().Be(new Uri("http://127.0.0.1:4599"));
        Resolve(settings, Env(("AWS_ENDPOINT_URL", "http://127.0.0.1:9999"))).Endpoint.Should().Be(new Uri("http://127.0.0.1:9999"));
        Resolve(settings, Env()).Endpoint.Should().Be(new Uri("https://ecs.us-east-1.amazonaws.com"));
        Resolve(settings, Env(("AWS_ENDPOINT_URL", "http://127.0.0.1:9999"), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")))
            .Endpoint.Should().Be(new Uri("https://ecs.us-east-1.amazonaws.com"));
    }

    [TestCase("us-east-1", false, false, "https://ecs.us-east-1.amazonaws.com/")]
    [TestCase("eu-central-2", false, false, "https://ecs.eu-central-2.amazonaws.com/")]
    [TestCase("cn-north-1", false, false, "https://ecs.cn-north-1.amazonaws.com.cn/")]
    [TestCase("cn-northwest-1", false, true, "https://ecs.cn-northwest-1.api.amazonwebservices.com.cn/")]
    [TestCase("us-gov-west-1", true, false, "https://ecs-fips.us-gov-west-1.amazonaws.com/")]
    [TestCase("us-gov-east-1", false, false, "https://ecs.us-gov-east-1.amazonaws.com/")]
    [TestCase("us-east-2", true, false, "https://ecs-fips.us-east-2.amazonaws.com/")]
    [TestCase("us-east-2", true, true, "https://ecs-fips.us-east-2.api.aws/")]
    [TestCase("us-east-2", false, true, "https://ecs.us-east-2.api.aws/")]
    [TestCase("us-iso-east-1", false, false, "https://ecs.us-iso-east-1.c2s.ic.gov/")]
    [TestCase("eusc-de-east-1", false, false, "https://ecs.eusc-de-east-1.amazonaws.eu/")]
    public void Partition_endpoints_follow_the_rule_set(string region, bool fips, bool dualStack, string expected)
    {
        var settings = new AwsSettings { Region = region, AccessKeyId = "AKIA", SecretAccessKey = "s", UseFipsEndpoint = fips, UseDualStackEndpoint = dualStack };
        Resolve(settings, Env()).Endpoint.Should().Be(new Uri(expected));
    }

    [Test]
    public void FIPS_and_dual_stack_can_come_from_the_environment()
    {
        var settings = new AwsSettings { Region = "us-west-2", AccessKeyId = "AKIA", SecretAccessKey = "s" };
        Resolve(settings, Env(("AWS_USE_FIPS_ENDPOINT", "true"), ("AWS_USE_DUALSTACK_ENDPOINT", "true")))
            .Endpoint.Should().Be(new Uri("https://ecs-fips.us-west-2.api.aws/"));
        var act = () => Resolve(settings, Env(("AWS_USE_FIPS_ENDPOINT", "yes")));
        act.Should().Throw<AwsConfigurationException>().WithMessage("AWS_USE_FIPS_ENDPOINT must be true or false*");
    }

    [Test]
    public void A_custom_endpoint_with_FIPS_is_refused_as_the_rule_set_does()
    {
        var act = () => Resolve(new AwsSettings { Region = "us-east-1", AccessKeyId = "AKIA", SecretAccessKey = "s", EndpointUrl = new Uri("http://localhost:1"), UseFipsEndpoint = true }, Env());
        act.Should().Throw<AwsConfigurationException>().WithMessage("*FIPS and a custom endpoint*");
    }

    [Test]
    public void A_malformed_endpoint_variable_is_reported_with_its_name()
    {
        var act = () => Resolve(new AwsSettings { Region = "us-east-1", AccessKeyId = "AKIA", SecretAccessKey = "s" }, Env(("AWS_ENDPOINT_URL_ECS", "not a url")));
        act.Should().Throw<AwsConfigurationException>().WithMessage("AWS_ENDPOINT_URL_ECS 'not a url' is not an absolute http or https URL.");
    }

    [Test]
    public async Task Explicit_keys_win_and_a_session_token_makes_session_credentials()
    {
        var basic = Resolve(new AwsSettings { Region = "us-east-1", AccessKeyId = "AKIAEXPLICIT", SecretAccessKey = "explicit-secret" }, Env());
        (await basic.Credentials.GetCredentialsAsync()).Should().BeEquivalentTo(new { AccessKey = "AKIAEXPLICIT", SecretKey = "explicit-secret", UseToken = false });

        var session = Resolve(new AwsSettings { Region = "us-east-1", AccessKeyId = "AKIAEXPLICIT", SecretAccessKey = "explicit-secret", SessionToken = "explicit-token" }, Env());
        (await session.Credentials.GetCredentialsAsync()).Token.Should().Be("explicit-token");
    }

    [Test]
    public void A_key_without_its_secret_is_refused()
    {
        var act = () => Resolve(new AwsSettings { Region = "us-east-1", AccessKeyId = "AKIA" }, Env());
        act.Should().Throw<AwsConfigurationException>().WithMessage("An access key id and a secret access key go together*");
    }

    [Test]
    public async Task A_named_profile_reads_the_temporary_credentials_file()
    {
        var connection = Resolve(new AwsSettings { Profile = "ci" }, Env());
        var credentials = await connection.Credentials.GetCredentialsAsync();
        credentials.AccessKey.Should().Be("AKIACI");
        credentials.SecretKey.Should().Be("ci-secret");
        credentials.Token.Should().Be("ci-token");
        connection.Region.Should().Be("ap-southeast-2");
    }

    [Test]
    public void An_unknown_profile_is_one_sentence_naming_it()
    {
        var act = () => Resolve(new AwsSettings { Region = "us-east-1", Profile = "nope" }, Env());
        act.Should().Throw<AwsConfigurationException>()
            .WithMessage("The AWS profile 'nope' was not found in the shared config or credentials file; check the name or run 'aws configure --profile nope'.");
    }

    [Test]
    public async Task The_default_chain_reads_environment_credentials()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIAFROMENV");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "env-secret");
        var connection = new AwsSettings { Region = "us-east-1" }.Resolve(AwsService.Ecs);
        (await connection.Credentials.GetCredentialsAsync()).AccessKey.Should().Be("AKIAFROMENV");
    }

    [Test]
    public async Task The_default_chain_falls_back_to_the_default_profile()
    {
        var connection = new AwsSettings { Region = "us-east-1" }.Resolve(AwsService.Ecs);
        (await connection.Credentials.GetCredentialsAsync()).AccessKey.Should().Be("AKIADEFAULT");
    }

    [Test]
    public void An_assume_role_profile_resolves_to_role_credentials()
    {
        var connection = Resolve(new AwsSettings { Region = "us-east-1", Profile = "deployer" }, Env());
        connection.Credentials.Should().BeAssignableTo<AssumeRoleAWSCredentials>();
    }

    [Test]
    public void Instance_profile_credentials_are_used_when_asked_for()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "AKIAFROMENV");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "env-secret");
        var connection = Resolve(new AwsSettings { Region = "us-east-1", UseInstanceProfile = true }, Env());
        connection.Credentials.Should().BeOfType<InstanceProfileCredentials>("ecs-deploy's --aws-instance-profile must not pick up other credentials");
    }

    [Test]
    public void A_role_wraps_the_source_credentials_and_uses_the_regional_STS_endpoint()
    {
        var connection = Resolve(new AwsSettings { Region = "eu-west-1", AccessKeyId = "AKIA", SecretAccessKey = "s", RoleArn = "arn:aws:iam::123456789012:role/deploy", ExternalId = "ext-1" }, Env());
        var role = connection.Credentials.Should().BeOfType<AssumeRoleCredentials>().Subject;
        role.Settings.RoleArn.Should().Be("arn:aws:iam::123456789012:role/deploy");
        role.Settings.SessionName.Should().Be("ecs-bluegreen");
        role.Settings.ExternalId.Should().Be("ext-1");
        role.Settings.StsEndpoint.Should().Be(new Uri("https://sts.eu-west-1.amazonaws.com/"));

        var local = Resolve(new AwsSettings { Region = "eu-west-1", AccessKeyId = "AKIA", SecretAccessKey = "s", RoleArn = "arn:aws:iam::1:role/r" }, Env(("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:4600")));
        ((AssumeRoleCredentials)local.Credentials).Settings.StsEndpoint.Should().Be(new Uri("http://127.0.0.1:4600"));
    }

    [Test]
    public void Settings_never_show_a_secret()
    {
        var settings = new AwsSettings { Region = "us-east-1", AccessKeyId = "AKIAVERYSECRETLOOKING", SecretAccessKey = "wJalrXUtnFEMI-secret", SessionToken = "token-value", RoleArn = "arn:aws:iam::1:role/r" };
        var text = settings.ToString();
        text.Should().NotContain("wJalrXUtnFEMI-secret").And.NotContain("token-value").And.NotContain("AKIAVERYSECRETLOOKING");
        text.Should().Contain("us-east-1").And.Contain("AKIA****");
        Resolve(WithoutRole(settings), Env()).ToString().Should().NotContain("wJalrXUtnFEMI-secret").And.NotContain("token-value");

        static AwsSettings WithoutRole(AwsSettings s) => new() { Region = s.Region, AccessKeyId = s.AccessKeyId, SecretAccessKey = s.SecretAccessKey, SessionToken = s.SessionToken };
    }

    private static AwsConnection Resolve(AwsSettings settings, AwsEnvironment environment) => settings.Resolve(AwsService.Ecs, environment);

    private static AwsEnvironment Env(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return new AwsEnvironment(name => map.GetValueOrDefault(name));
    }
}
