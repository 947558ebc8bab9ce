using Ecs.BlueGreen.Aws.Json;

namespace Ecs.BlueGreen.CodeDeploy.Model;

/// <summary>GetApplication input (<c>codedeploy#GetApplicationInput</c>).</summary>
public sealed record GetApplicationRequest : AwsShape
{
    /// <summary>The application (required).</summary>
    public required string ApplicationName { get; init; }
}

/// <summary>GetApplication output.</summary>
public sealed record GetApplicationResponse : AwsShape
{
    /// <summary>The application.</summary>
    public ApplicationInfo? Application { get; init; }
}

/// <summary>ListApplications input (<c>codedeploy#ListApplicationsInput</c>).</summary>
public sealed record ListApplicationsRequest : AwsShape
{
    /// <summary>A <c>nextToken</c> of an earlier page.</summary>
    public string? NextToken { get; init; }
}

/// <summary>ListApplications output.</summary>
public sealed record ListApplicationsResponse : AwsShape
{
    /// <summary>The names of the applications.</summary>
    public IReadOnlyList<string> Applications { get; init => field = value ?? []; } = [];

    /// <summary>The token of the next page; <see langword="null"/> on the last.</summary>
    public string? NextToken { get; init; }
}

/// <summary>An application (<c>codedeploy#ApplicationInfo</c>).</summary>
public sealed record ApplicationInfo : AwsShape
{
    /// <summary>The application's id.</summary>
    public string? ApplicationId { get; init; }

    /// <summary>The application's name.</summary>
    public string? ApplicationName { get; init; }

    /// <summary>When the application was created.</summary>
    public DateTimeOffset? CreateTime { get; init; }

    /// <summary>Whether a GitHub account is linked.</summary>
    public bool? LinkedToGitHub { get; init; }

    /// <summary>The linked GitHub account's name.</summary>
    public string? GitHubAccountName { get; init; }

    /// <summary><c>Server</c>, <c>Lambda</c> or <c>ECS</c>.</summary>
    public ComputePlatform? ComputePlatform { get; init; }
}
