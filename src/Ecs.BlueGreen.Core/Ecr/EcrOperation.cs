using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Ecr.Model;

namespace Ecs.BlueGreen.Ecr;

/// <summary>The Amazon ECR operations this library sends, with their shapes and retry kinds.</summary>
public static class EcrOperation
{
    /// <summary>DescribeImages: the images of a repository.</summary>
    public static AwsOperation DescribeImages { get; } = AwsOperation.Of<DescribeImagesRequest, DescribeImagesResponse>("DescribeImages", AwsOperationKind.Read);

    /// <summary>Every operation of <see cref="IEcrClient"/>.</summary>
    public static IReadOnlyList<AwsOperation> All { get; } = [DescribeImages];
}
