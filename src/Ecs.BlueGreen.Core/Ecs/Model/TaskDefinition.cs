using System.Text.Json.Serialization;
using Ecs.BlueGreen.Aws.Json;

namespace Ecs.BlueGreen.Ecs.Model;

/// <summary>
/// A task-definition revision (<c>TaskDefinition</c>). Only the members this product reads are typed;
/// every other member is kept in <see cref="AwsShape.AdditionalMembers"/>, so a revision read from AWS
/// can be registered again without losing a field (every member of <c>ecs#TaskDefinition</c> but the output-only
/// ones is a member of <c>ecs#RegisterTaskDefinitionRequest</c>).
/// </summary>
public sealed record TaskDefinition : AwsShape
{
    /// <summary>
    /// The members of a described revision that RegisterTaskDefinition does not accept (those of <c>ecs#TaskDefinition</c>
    /// that <c>ecs#RegisterTaskDefinitionRequest</c> lacks).
    /// </summary>
    public static IReadOnlyList<string> OutputOnlyMembers { get; } =
    [
        "taskDefinitionArn", "revision", "status", "requiresAttributes", "compatibilities",
        "registeredAt", "deregisteredAt", "deleteRequestedAt", "registeredBy",
    ];

    /// <summary>The revision's ARN (output only).</summary>
    public string? TaskDefinitionArn { get; init; }

    /// <summary>The family.</summary>
    public string? Family { get; init; }

    /// <summary>The revision number (output only).</summary>
    public int? Revision { get; init; }

    /// <summary><c>ACTIVE</c>, <c>INACTIVE</c> or <c>DELETE_IN_PROGRESS</c> (output only).</summary>
    public TaskDefinitionStatus? Status { get; init; }

    /// <summary>The container definitions.</summary>
    public IReadOnlyList<ContainerDefinition> ContainerDefinitions { get; init => field = value ?? []; } = [];

    /// <summary>The network mode.</summary>
    public string? NetworkMode { get; init; }

    /// <summary>The launch types the revision is valid for.</summary>
    public IReadOnlyList<string>? RequiresCompatibilities { get; init; }

    /// <summary>Task CPU units.</summary>
    public string? Cpu { get; init; }

    /// <summary>Task memory in MiB.</summary>
    public string? Memory { get; init; }

    /// <summary>When the revision was registered (output only).</summary>
    public DateTimeOffset? RegisteredAt { get; init; }

    /// <summary>When the revision was deregistered (output only).</summary>
    public DateTimeOffset? DeregisteredAt { get; init; }

    /// <summary>The family and revision, <c>family:revision</c>, when both are known.</summary>
    [JsonIgnore]
    public string? FamilyRevision => Family is null || Revision is null ? null : $"{Family}:{Revision}";
}

/// <summary>
/// A container definition (<c>ContainerDefinition</c>); one shape for input and output, so every member
/// round-trips. Untyped members are kept in <see cref="AwsShape.AdditionalMembers"/>.
/// </summary>
public sealed record ContainerDefinition : AwsShape
{
    /// <summary>The container's name.</summary>
    public string? Name { get; init; }

    /// <summary>The image reference.</summary>
    public string? Image { get; init; }

    /// <summary>Whether the task stops when this container stops; absent means essential.</summary>
    public bool? Essential { get; init; }

    /// <summary>Environment variables.</summary>
    public IReadOnlyList<NameValuePair>? Environment { get; init; }

    /// <summary>The command.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>The log configuration.</summary>
    public LogConfiguration? LogConfiguration { get; init; }
}

/// <summary>Where a container's output goes (<c>LogConfiguration</c>).</summary>
public sealed record LogConfiguration : AwsShape
{
    /// <summary>The log driver, for example <c>awslogs</c> (required).</summary>
    public required string LogDriver { get; init; }

    /// <summary>The driver's options, for example <c>awslogs-group</c>.</summary>
    public IReadOnlyDictionary<string, string>? Options { get; init; }
}
