using System.Collections.Immutable;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Images;

namespace Ecs.BlueGreen.TaskDefinitions;

/// <summary>A new image for the containers of one repository, or for one named container.</summary>
internal sealed record ImageChange(string? ContainerName, ImageReference Image);

/// <summary>An environment variable to set in one container.</summary>
internal sealed record EnvironmentChange(string ContainerName, string Name, string Value);

/// <summary>
/// What to change in a revision to make the next one. Applied in a fixed order: the tag first (every
/// container), then images by repository, then images by container name, then environment variables,
/// so an explicit image always wins over a tag.
/// </summary>
internal sealed record TaskDefinitionChanges
{
    public ImmutableList<ImageChange> Images { get; init; } = [];

    public string? Tag { get; init; }

    public ImmutableList<EnvironmentChange> Environment { get; init; } = [];

    public string? FilePath { get; init; }

    public bool UseLatest { get; init; }

    public bool CopyTags { get; init; }

    public TaskDefinitionChanges AddImage(string? containerName, string image, string parameterName)
    {
        if (containerName is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(containerName);
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(image, parameterName);
        if (!ImageReference.TryParse(image, out var reference, out var error))
        {
            throw new ArgumentException($"'{image}' is not a valid image reference: {error}", parameterName);
        }

        return this with { Images = Images.Add(new ImageChange(containerName, reference)) };
    }

    public TaskDefinitionChanges SetTag(string tag)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        if (!ImageReference.IsValidTag(tag))
        {
            throw new ArgumentException($"'{tag}' is not a valid image tag: use up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'.", nameof(tag));
        }

        return this with { Tag = tag };
    }

    public TaskDefinitionChanges AddEnvironmentVariable(string containerName, string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(containerName);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        return this with { Environment = Environment.Add(new EnvironmentChange(containerName, name, value)) };
    }

    public TaskDefinitionChanges SetFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return this with { FilePath = path };
    }

    /// <summary>Whether the revision's content is to change (as opposed to redeploying a revision as it is).</summary>
    public bool ChangesContent => !Images.IsEmpty || Tag is not null || !Environment.IsEmpty || FilePath is not null;

    /// <summary>Applies the changes, adding one line to <paramref name="problems"/> for each that cannot be made.</summary>
    public RegisterTaskDefinitionRequest Apply(RegisterTaskDefinitionRequest revision, ICollection<string> problems)
    {
        var containers = revision.ContainerDefinitions.ToList();
        if (Tag is not null)
        {
            for (var i = 0; i < containers.Count; i++)
            {
                if (ImageReference.TryParse(containers[i].Image, out var current, out var error))
                {
                    containers[i] = containers[i] with { Image = current.WithTag(Tag).ToString() };
                }
                else
                {
                    problems.Add($"Cannot set the tag of container '{containers[i].Name}': its image '{containers[i].Image}' is not a valid reference ({error}).");
                }
            }
        }

        foreach (var change in Images.Where(c => c.ContainerName is null))
        {
            var matched = false;
            for (var i = 0; i < containers.Count; i++)
            {
                if (ImageReference.TryParse(containers[i].Image, out var current, out _) && current.IsSameRepository(change.Image))
                {
                    containers[i] = containers[i] with { Image = change.Image.ToString() };
                    matched = true;
                }
            }

            if (!matched)
            {
                problems.Add($"No container uses the repository '{change.Image.Repository}'; the containers use {DescribeRepositories(containers)}. Name the container to change its repository.");
            }
        }

        foreach (var change in Images.Where(c => c.ContainerName is not null))
        {
            var index = IndexOf(containers, change.ContainerName!, problems);
            if (index >= 0)
            {
                containers[index] = containers[index] with { Image = change.Image.ToString() };
            }
        }

        foreach (var change in Environment)
        {
            var index = IndexOf(containers, change.ContainerName, problems);
            if (index >= 0)
            {
                containers[index] = containers[index] with { Environment = SetVariable(containers[index].Environment, change.Name, change.Value) };
            }
        }

        return revision with { ContainerDefinitions = containers };
    }

    private static int IndexOf(List<ContainerDefinition> containers, string name, ICollection<string> problems)
    {
        var index = containers.FindIndex(c => string.Equals(c.Name, name, StringComparison.Ordinal));
        if (index < 0 && !problems.Any(p => p.StartsWith($"No container named '{name}'", StringComparison.Ordinal)))
        {
            problems.Add($"No container named '{name}'; the containers are {string.Join(", ", containers.Select(c => $"'{c.Name}'"))}.");
        }

        return index;
    }

    private static string DescribeRepositories(IEnumerable<ContainerDefinition> containers) =>
        string.Join(", ", containers.Select(c => $"'{(ImageReference.TryParse(c.Image, out var image, out _) ? image.Repository : c.Image)}' ({c.Name})"));

    private static List<NameValuePair> SetVariable(IReadOnlyList<NameValuePair>? environment, string name, string value)
    {
        var variables = environment?.ToList() ?? [];
        var index = variables.FindIndex(v => string.Equals(v.Name, name, StringComparison.Ordinal));
        if (index < 0)
        {
            variables.Add(new NameValuePair { Name = name, Value = value });
        }
        else
        {
            variables[index] = variables[index] with { Value = value };
        }

        return variables;
    }
}
