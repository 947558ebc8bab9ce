using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.Deployments;

/// <summary>
/// The image one container of a running task of the deployed revision runs, with the digest ECS reports for it
/// (<c>ecs#Container.imageDigest</c>): what a tag resolved to when the task pulled it.
/// </summary>
public sealed record RunningImage
{
    /// <summary>The task.</summary>
    public required string TaskArn { get; init; }

    /// <summary>The container's name.</summary>
    public required string ContainerName { get; init; }

    /// <summary>The image as the task definition names it, for example <c>123456789012.dkr.ecr.us-east-1.amazonaws.com/web:2</c>.</summary>
    public required string Image { get; init; }

    /// <summary>The digest of the image the container runs (<c>sha256:…</c>); <see langword="null"/> when ECS reports none.</summary>
    public string? ImageDigest { get; init; }

    /// <summary>The images a described task's containers run, in container name order.</summary>
    internal static IReadOnlyList<RunningImage> Of(TaskDetails task) =>
        [.. task.Containers.Where(c => c.Image is not null).OrderBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => new RunningImage { TaskArn = task.TaskArn!, ContainerName = c.Name ?? string.Empty, Image = c.Image!, ImageDigest = c.ImageDigest })];

    /// <inheritdoc />
    public override string ToString() => $"{ContainerName} {Image} {ImageDigest ?? "(no digest)"}";
}
