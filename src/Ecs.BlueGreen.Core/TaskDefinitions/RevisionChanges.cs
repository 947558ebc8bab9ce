namespace Ecs.BlueGreen.TaskDefinitions;

/// <summary>
/// One description of "the new revision": what to change in the revision it is based on. Immutable; made with a
/// <see cref="RevisionBuilder"/>, and given to any operation that registers a revision
/// (<c>WithRevision(r =&gt; r.WithImage(…).WithEnvironmentVariable(…))</c>). Applied in a fixed order: the tag first
/// (every container), then images by repository, then images by container name, then environment variables, so an
/// explicit image always wins over a tag.
/// </summary>
public sealed class RevisionChanges
{
    internal RevisionChanges(TaskDefinitionChanges changes) => Changes = changes;

    /// <summary>No change.</summary>
    public static RevisionChanges None { get; } = new(new TaskDefinitionChanges());

    /// <summary>Whether the content of the revision changes (an image, a tag, a variable or a file).</summary>
    public bool ChangesContent => Changes.ChangesContent;

    internal TaskDefinitionChanges Changes { get; }
}

/// <summary>Builds a <see cref="RevisionChanges"/>: each method adds a change and returns the builder.</summary>
public sealed class RevisionBuilder
{
    private TaskDefinitionChanges _changes;

    /// <summary>Starts from <paramref name="changes"/> (none when omitted).</summary>
    public RevisionBuilder(RevisionChanges? changes = null) => _changes = (changes ?? RevisionChanges.None).Changes;

    /// <summary>
    /// Sets the image of every container whose repository (registry and path, compared exactly) is the image's,
    /// whatever the container has now: a tag, a digest or neither.
    /// </summary>
    /// <exception cref="ArgumentException">The image is not a valid reference.</exception>
    public RevisionBuilder WithImage(string image) => Set(_changes.AddImage(null, image, nameof(image)));

    /// <summary>Sets the image of the container named <paramref name="containerName"/>.</summary>
    /// <exception cref="ArgumentException">The image is not a valid reference.</exception>
    public RevisionBuilder WithImage(string containerName, string image) => Set(_changes.AddImage(containerName, image, nameof(image)));

    /// <summary>Sets the tag of every container's image (dropping any digest); an explicit <see cref="WithImage(string)"/> wins.</summary>
    /// <exception cref="ArgumentException">The tag is not valid.</exception>
    public RevisionBuilder WithTag(string tag) => Set(_changes.SetTag(tag));

    /// <summary>Sets an environment variable of one container (adding it or replacing its value).</summary>
    public RevisionBuilder WithEnvironmentVariable(string containerName, string name, string value) => Set(_changes.AddEnvironmentVariable(containerName, name, value));

    /// <summary>
    /// Bases the new revision on a JSON file instead: DescribeTaskDefinition output or RegisterTaskDefinition input, any
    /// formatting. The other changes apply on top of it.
    /// </summary>
    public RevisionBuilder WithTaskDefinitionFile(string path) => Set(_changes.SetFile(path));

    /// <summary>Gives the new revision the tags of the revision it is based on.</summary>
    public RevisionBuilder CopyTaskDefinitionTags() => Set(_changes with { CopyTags = true });

    /// <summary>The changes so far.</summary>
    public RevisionChanges Build() => new(_changes);

    private RevisionBuilder Set(TaskDefinitionChanges changes)
    {
        _changes = changes;
        return this;
    }
}
