namespace Ecs.BlueGreen.TaskDefinitions;

/// <summary>A new revision was registered.</summary>
public sealed class TaskDefinitionRegistered : DeploymentEvent
{
    /// <summary>Its ARN.</summary>
    public required string TaskDefinitionArn { get; init; }

    /// <inheritdoc />
    public override string Message => $"Registered {Short(TaskDefinitionArn)}.";
}

/// <summary>An old revision was deregistered by <c>KeepRevisions</c>.</summary>
public sealed class TaskDefinitionDeregistered : DeploymentEvent
{
    /// <summary>Its ARN.</summary>
    public required string TaskDefinitionArn { get; init; }

    /// <inheritdoc />
    public override string Message => $"Deregistered {Short(TaskDefinitionArn)}.";
}
