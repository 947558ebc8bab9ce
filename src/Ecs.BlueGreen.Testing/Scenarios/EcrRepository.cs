namespace Ecs.BlueGreen.Testing.Scenarios;

/// <summary>
/// An Amazon ECR repository of the scenario's account, with its tags and the image digest each names. The emulator
/// answers DescribeImages for it (<c>ecr#DescribeImages</c>), and a task whose container image is
/// <c>ACCOUNT.dkr.ecr.REGION.amazonaws.com/NAME:TAG</c> reports the digest the tag named when the task's pull started
/// (<c>ecs#Container.imageDigest</c>).
/// </summary>
/// <example>
/// <code>
/// {"name": "web",
///  "tags": {"1": "sha256:1111111111111111111111111111111111111111111111111111111111111111",
///           "2": "sha256:2222222222222222222222222222222222222222222222222222222222222222"}}
/// </code>
/// </example>
public sealed record EcrRepository
{
    /// <summary>The repository's name, for example <c>team/web</c>.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>The tags, each with the <c>sha256:</c> digest of the image it names; several tags may name one image.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
