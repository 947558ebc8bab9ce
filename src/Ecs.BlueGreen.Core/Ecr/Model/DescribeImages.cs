using Ecs.BlueGreen.Aws.Json;

namespace Ecs.BlueGreen.Ecr.Model;

/// <summary>
/// DescribeImages input (<c>ecr#DescribeImagesRequest</c>): the named images of one repository, or with
/// <see cref="ImageIds"/> left out, a page of all its images. <see cref="NextToken"/> and <see cref="MaxResults"/>
/// cannot be used together with <see cref="ImageIds"/>.
/// </summary>
public sealed record DescribeImagesRequest : AwsShape
{
    /// <summary>The account of the registry; the caller's own when omitted.</summary>
    public string? RegistryId { get; init; }

    /// <summary>The repository, for example <c>team/web</c> (required).</summary>
    public required string RepositoryName { get; init; }

    /// <summary>The images to describe, by tag or digest; a missing one fails the call with <c>ImageNotFoundException</c>.</summary>
    public IReadOnlyList<ImageIdentifier>? ImageIds { get; init; }

    /// <summary>A <c>nextToken</c> of an earlier page.</summary>
    public string? NextToken { get; init; }

    /// <summary>At most this many images a page, 1–1,000.</summary>
    public int? MaxResults { get; init; }

    /// <summary>Only tagged or only untagged images.</summary>
    public DescribeImagesFilter? Filter { get; init; }
}

/// <summary>DescribeImages output.</summary>
public sealed record DescribeImagesResponse : AwsShape
{
    /// <summary>The images found.</summary>
    public IReadOnlyList<ImageDetail> ImageDetails { get; init => field = value ?? []; } = [];

    /// <summary>The token of the next page; <see langword="null"/> on the last.</summary>
    public string? NextToken { get; init; }
}

/// <summary>An image by tag or digest (<c>ecr#ImageIdentifier</c>).</summary>
public sealed record ImageIdentifier : AwsShape
{
    /// <summary>The <c>sha256</c> digest of the image manifest.</summary>
    public string? ImageDigest { get; init; }

    /// <summary>The tag.</summary>
    public string? ImageTag { get; init; }
}

/// <summary>A filter of DescribeImages (<c>ecr#DescribeImagesFilter</c>).</summary>
public sealed record DescribeImagesFilter : AwsShape
{
    /// <summary><c>TAGGED</c>, <c>UNTAGGED</c> or <c>ANY</c> (<c>ecr#TagStatus</c>).</summary>
    public string? TagStatus { get; init; }
}

/// <summary>One image of a repository (<c>ecr#ImageDetail</c>), with the members this library reads.</summary>
public sealed record ImageDetail : AwsShape
{
    /// <summary>The account of the registry.</summary>
    public string? RegistryId { get; init; }

    /// <summary>The repository.</summary>
    public string? RepositoryName { get; init; }

    /// <summary>The <c>sha256</c> digest of the image manifest.</summary>
    public string? ImageDigest { get; init; }

    /// <summary>The image's tags.</summary>
    public IReadOnlyList<string> ImageTags { get; init => field = value ?? []; } = [];

    /// <summary>When the image was pushed.</summary>
    public DateTimeOffset? ImagePushedAt { get; init; }
}
