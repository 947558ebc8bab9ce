using Amazon.Runtime;

namespace Ecs.BlueGreen.Aws.Configuration;

/// <summary>
/// Credentials of the EC2 instance profile only (ecs-deploy's <c>--aws-instance-profile</c>). AWSSDK.Core's
/// provider contacts the instance metadata service as soon as it is built; this one waits for the first
/// signed call, so resolving settings never touches the network.
/// </summary>
internal sealed class InstanceProfileCredentials : AWSCredentials
{
    private readonly Lazy<InstanceProfileAWSCredentials> _inner = new(() => new InstanceProfileAWSCredentials());

    public override ImmutableCredentials GetCredentials() => _inner.Value.GetCredentials();

    public override Task<ImmutableCredentials> GetCredentialsAsync() => _inner.Value.GetCredentialsAsync();

    public override string ToString() => "EC2 instance profile";
}
