using Ecs.BlueGreen.Ecr.Model;

namespace Ecs.BlueGreen.Ecr;

/// <summary>
/// The Amazon ECR operations ecs-bluegreen uses to check, before any write, that a new revision's images exist,
/// with the shapes of the ECR service model.
/// </summary>
public interface IEcrClient
{
    /// <summary>DescribeImages: the named images of a repository, or one page of all of them.</summary>
    Task<DescribeImagesResponse> DescribeImagesAsync(DescribeImagesRequest request, CancellationToken cancellationToken = default);
}
