using System.Diagnostics.Contracts;
using Ecs.BlueGreen.Ecr;
using Ecs.BlueGreen.Runtime;

namespace Ecs.BlueGreen.TaskDefinitions;

/// <summary>
/// What every operation that registers a revision is configured with, written once: the changes that make the new
/// revision (<see cref="WithRevision(Action{RevisionBuilder})"/>, with a shortcut for each), and what happens when it
/// would be unchanged, to old revisions and on a dry run.
/// </summary>
/// <typeparam name="TSelf">The operation's own type, which every method returns.</typeparam>
public abstract class RevisionCommandBase<TSelf> : EcsCommandBase<TSelf>
    where TSelf : RevisionCommandBase<TSelf>
{
    private protected RevisionCommandBase()
    {
    }

    /// <summary>The changes that make the new revision.</summary>
    public RevisionChanges Revision => new(RevisionOptions.Changes);

    /// <summary>Whether this is a dry run.</summary>
    public bool IsDryRun => RevisionOptions.DryRun;

    private protected abstract RevisionOptions RevisionOptions { get; }

    /// <summary>Creates a copy whose new revision also has the changes <paramref name="configure"/> adds.</summary>
    [Pure]
    public TSelf WithRevision(Action<RevisionBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var builder = new RevisionBuilder(Revision);
        configure(builder);
        return WithRevision(builder.Build());
    }

    /// <summary>Creates a copy whose new revision has exactly these changes.</summary>
    [Pure]
    public TSelf WithRevision(RevisionChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return WithRevisionOptions(RevisionOptions with { Changes = changes.Changes });
    }

    /// <summary>
    /// Creates a copy that sets the image of every container whose repository (registry and path, compared exactly) is
    /// the image's, whatever the container has now: a tag, a digest or neither.
    /// </summary>
    /// <exception cref="ArgumentException">The image is not a valid reference.</exception>
    [Pure]
    public TSelf WithImage(string image) => WithRevision(r => r.WithImage(image));

    /// <summary>Creates a copy that sets the image of the container named <paramref name="containerName"/>.</summary>
    /// <exception cref="ArgumentException">The image is not a valid reference.</exception>
    [Pure]
    public TSelf WithImage(string containerName, string image) => WithRevision(r => r.WithImage(containerName, image));

    /// <summary>Creates a copy that sets the tag of every container's image (dropping any digest); an explicit <see cref="WithImage(string)"/> wins.</summary>
    /// <exception cref="ArgumentException">The tag is not valid.</exception>
    [Pure]
    public TSelf WithTag(string tag) => WithRevision(r => r.WithTag(tag));

    /// <summary>Creates a copy that sets an environment variable of one container (adding it or replacing its value).</summary>
    [Pure]
    public TSelf WithEnvironmentVariable(string containerName, string name, string value) => WithRevision(r => r.WithEnvironmentVariable(containerName, name, value));

    /// <summary>
    /// Creates a copy that bases the new revision on a JSON file: DescribeTaskDefinition output or RegisterTaskDefinition
    /// input, any formatting. Other changes apply on top of it.
    /// </summary>
    [Pure]
    public TSelf WithTaskDefinitionFile(string path) => WithRevision(r => r.WithTaskDefinitionFile(path));

    /// <summary>Creates a copy that gives the new revision the tags of the revision it is based on.</summary>
    [Pure]
    public TSelf CopyTaskDefinitionTags() => WithRevision(r => r.CopyTaskDefinitionTags());

    /// <summary>
    /// Creates a copy that registers nothing when the new revision would equal the one it is based on (that one is used
    /// as it is); a deployment then does nothing at all when the service already runs it.
    /// </summary>
    [Pure]
    public TSelf SkipIfUnchanged() => WithRevisionOptions(RevisionOptions with { SkipIfUnchanged = true });

    /// <summary>
    /// Creates a copy that, after the revision is registered (for a deployment, after a success), deregisters the oldest
    /// ACTIVE revisions of the family beyond <paramref name="count"/>: never the base revision or the new one, and never
    /// one that anything in the account and region uses.
    /// </summary>
    [Pure]
    public TSelf KeepRevisions(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return WithRevisionOptions(RevisionOptions with { KeepRevisions = count });
    }

    /// <summary>Whether the images of the new revision are checked in Amazon ECR before any write (see <see cref="WithoutImageVerification"/>).</summary>
    public bool VerifiesImages => RevisionOptions.VerifyImages;

    /// <summary>
    /// Creates a copy that does not check, before any write, that the new revision's images exist. By default every image
    /// from a private Amazon ECR registry (<c>ACCOUNT.dkr.ecr.REGION.amazonaws.com</c>) is looked up with DescribeImages in
    /// the registry's region: a missing repository, tag or digest refuses the run with <see cref="DeploymentValidationException"/>
    /// (naming the nearest tags), while access denied or another failure to ask is a warning. Images of ECR Public and of
    /// other registries are not checked.
    /// </summary>
    [Pure]
    public TSelf WithoutImageVerification() => WithRevisionOptions(RevisionOptions with { VerifyImages = false });

    /// <summary>
    /// Creates a copy that checks images with this ECR client, whatever region a registry is in (an emulator, one region;
    /// not disposed). Without it, an operation that builds its own clients from AWS settings builds one per registry
    /// region; one given <see cref="EcsCommandBase{TSelf}.WithClient"/> checks no image.
    /// </summary>
    [Pure]
    public TSelf WithEcrClient(IEcrClient ecrClient)
    {
        ArgumentNullException.ThrowIfNull(ecrClient);
        return WithOptions(Options with { EcrClient = ecrClient, EcrClientForRegion = null });
    }

    /// <summary>Creates a copy that checks each registry's images with <paramref name="forRegion"/>'s client of the registry's region (not disposed; may be called more than once for a region).</summary>
    [Pure]
    public TSelf WithEcrClient(Func<string, IEcrClient> forRegion)
    {
        ArgumentNullException.ThrowIfNull(forRegion);
        return WithOptions(Options with { EcrClient = null, EcrClientForRegion = forRegion });
    }

    /// <summary>Creates a copy that resolves and validates everything and returns the plan without any write call.</summary>
    [Pure]
    public TSelf DryRun() => WithRevisionOptions(RevisionOptions with { DryRun = true });

    private protected abstract TSelf WithRevisionOptions(RevisionOptions options);
}

/// <summary>What an operation that registers a revision is configured with, beside <see cref="OperationOptions"/>.</summary>
internal sealed record RevisionOptions
{
    public TaskDefinitionChanges Changes { get; init; } = new();

    public bool SkipIfUnchanged { get; init; }

    public int? KeepRevisions { get; init; }

    public bool DryRun { get; init; }

    public bool VerifyImages { get; init; } = true;
}
