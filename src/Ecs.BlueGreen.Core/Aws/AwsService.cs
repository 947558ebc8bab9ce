namespace Ecs.BlueGreen.Aws;

/// <summary>
/// What distinguishes one AWS JSON 1.1 service from another on the wire: the target prefix of the
/// <c>X-Amz-Target</c> header, the SigV4 signing name and the endpoint host prefix
/// (the <c>targetPrefix</c>, <c>signingName</c> and <c>endpointPrefix</c> in the metadata of the service's botocore model;
/// without a <c>signingName</c> the signing name is the <c>endpointPrefix</c>).
/// </summary>
public sealed class AwsService
{
    /// <summary>Amazon ECS.</summary>
    public static AwsService Ecs { get; } = new("ECS", "AmazonEC2ContainerServiceV20141113", "ecs", "ecs");

    /// <summary>AWS CodeDeploy.</summary>
    public static AwsService CodeDeploy { get; } = new("CODEDEPLOY", "CodeDeploy_20141006", "codedeploy", "codedeploy");

    /// <summary>Amazon CloudWatch Logs.</summary>
    public static AwsService CloudWatchLogs { get; } = new("CLOUDWATCH_LOGS", "Logs_20140328", "logs", "logs");

    /// <summary>Amazon ECR (private registries; the endpoint is <c>api.ecr.REGION.amazonaws.com</c>).</summary>
    public static AwsService Ecr { get; } = new("ECR", "AmazonEC2ContainerRegistry_V20150921", "ecr", "api.ecr");

    /// <summary>Creates a service description.</summary>
    /// <param name="environmentId">The service's part of <c>AWS_ENDPOINT_URL_&lt;ID&gt;</c>.</param>
    /// <param name="targetPrefix">The model's <c>metadata.targetPrefix</c>.</param>
    /// <param name="signingName">The model's signing name.</param>
    /// <param name="endpointPrefix">The model's <c>metadata.endpointPrefix</c>.</param>
    public AwsService(string environmentId, string targetPrefix, string signingName, string endpointPrefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(environmentId);
        ArgumentException.ThrowIfNullOrWhiteSpace(targetPrefix);
        ArgumentException.ThrowIfNullOrWhiteSpace(signingName);
        ArgumentException.ThrowIfNullOrWhiteSpace(endpointPrefix);
        EnvironmentId = environmentId;
        TargetPrefix = targetPrefix;
        SigningName = signingName;
        EndpointPrefix = endpointPrefix;
    }

    /// <summary>The service's part of the <c>AWS_ENDPOINT_URL_&lt;ID&gt;</c> environment variable.</summary>
    public string EnvironmentId { get; }

    /// <summary>The prefix of the <c>X-Amz-Target</c> header.</summary>
    public string TargetPrefix { get; }

    /// <summary>The SigV4 signing name.</summary>
    public string SigningName { get; }

    /// <summary>The first label of the service's default endpoint host.</summary>
    public string EndpointPrefix { get; }

    /// <inheritdoc />
    public override string ToString() => SigningName;
}
