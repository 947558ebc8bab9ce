using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.Ecs;

/// <summary>
/// Where ECS looked for something it did not find: the account and region of the ARN in its failure
/// (<c>ecs#Failure.arn</c>, <c>arn:PARTITION:ecs:REGION:ACCOUNT:RESOURCE</c>,
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html), so that a wrong region or wrong
/// credentials show in the message itself.
/// </summary>
internal static class NotFound
{
    /// <summary>" in account A, region R" from the first failure with an ARN, or empty when none has one.</summary>
    public static string Where(IEnumerable<Failure> failures)
    {
        foreach (var failure in failures)
        {
            var parts = failure.Arn?.Split(':');
            if (parts is { Length: >= 6 } && parts[0] == "arn" && parts[3].Length > 0 && parts[4].Length > 0)
            {
                return $" in account {parts[4]}, region {parts[3]}";
            }
        }

        return string.Empty;
    }
}
