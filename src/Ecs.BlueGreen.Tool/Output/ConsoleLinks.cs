namespace Ecs.BlueGreen.Tool.Output;

/// <summary>
/// Links to the Amazon ECS console (its v2 pages: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/getting-started-console.html)
/// for what a run touched, built from the ARNs ECS returned: the region and partition come from the ARN itself
/// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html), so a link opens where the run went. An
/// ARN of an unknown partition gets no link.
/// </summary>
internal static class ConsoleLinks
{
    /// <summary>The service's deployments tab.</summary>
    public static string? Service(string? anyArn, string? cluster, string? service) =>
        cluster is null || service is null ? null : Page(anyArn, $"clusters/{Escape(ClusterName(cluster))}/services/{Escape(service)}/deployments");

    /// <summary>A task definition revision, from its ARN (<c>…:task-definition/FAMILY:REVISION</c>).</summary>
    public static string? TaskDefinition(string? arn)
    {
        var resource = Resource(arn);
        if (resource is null || !resource.StartsWith("task-definition/", StringComparison.Ordinal))
        {
            return null;
        }

        var name = resource["task-definition/".Length..];
        var colon = name.LastIndexOf(':');
        return colon <= 0 ? null : Page(arn, $"task-definitions/{Escape(name[..colon])}/{Escape(name[(colon + 1)..])}");
    }

    /// <summary>A task, from its ARN (<c>…:task/CLUSTER/ID</c>).</summary>
    public static string? Task(string? arn)
    {
        var parts = Resource(arn)?.Split('/');
        return parts is ["task", var cluster, var id] ? Page(arn, $"clusters/{Escape(cluster)}/tasks/{Escape(id)}") : null;
    }

    private static string? Page(string? arn, string path)
    {
        var parts = arn?.Split(':');
        if (parts is not { Length: >= 6 } || parts[0] != "arn" || parts[3].Length == 0)
        {
            return null;
        }

        var host = parts[1] switch
        {
            "aws" => "console.aws.amazon.com",
            "aws-cn" => "console.amazonaws.cn",
            "aws-us-gov" => "console.amazonaws-us-gov.com",
            _ => null,
        };
        var region = parts[3];
        return host is null ? null : $"https://{region}.{host}/ecs/v2/{path}?region={Uri.EscapeDataString(region)}";
    }

    private static string? Resource(string? arn)
    {
        var parts = arn?.Split(':', 6);
        return parts is { Length: 6 } && parts[0] == "arn" ? parts[5] : null;
    }

    /// <summary>A cluster given as its ARN (<c>…:cluster/NAME</c>) or its name.</summary>
    private static string ClusterName(string cluster) =>
        Resource(cluster) is { } resource && resource.StartsWith("cluster/", StringComparison.Ordinal) ? resource["cluster/".Length..] : cluster;

    private static string Escape(string segment) => Uri.EscapeDataString(segment);
}
