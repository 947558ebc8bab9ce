/// <summary>
/// Runs before every test of each test assembly. AWSSDK.Core reads the locations of the shared config and
/// credentials files once per process, so they are fixed here to empty files before any test touches the SDK:
/// the tests never read the developer's own ~/.aws, and never contact the EC2 metadata service. Child processes
/// (the installed tool, the AWS CLI) inherit the same isolation.
/// </summary>
[SetUpFixture]
#pragma warning disable CA1050 // NUnit applies a SetUpFixture outside any namespace to the whole assembly.
public sealed class AssemblySetup
#pragma warning restore CA1050
{
    [OneTimeSetUp]
    public void IsolateFromTheMachinesAwsConfiguration()
    {
        Directory.CreateDirectory(AwsFiles.Directory);
        File.WriteAllText(AwsFiles.Config, string.Empty);
        File.WriteAllText(AwsFiles.Credentials, string.Empty);
        Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", AwsFiles.Config);
        Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", AwsFiles.Credentials);
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
    }

    [OneTimeTearDown]
    public void Clean() => Directory.Delete(AwsFiles.Directory, recursive: true);
}
