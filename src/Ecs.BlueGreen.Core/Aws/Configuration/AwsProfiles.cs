namespace Ecs.BlueGreen.Aws.Configuration;

/// <summary>Which named profile applies: explicit, then <c>AWS_PROFILE</c>, then <c>default</c>.</summary>
internal static class AwsProfiles
{
    public static string Name(AwsSettings settings, AwsEnvironment environment) =>
        (string.IsNullOrWhiteSpace(settings.Profile) ? null : settings.Profile.Trim())
        ?? environment.Get("AWS_PROFILE")
        ?? "default";
}
