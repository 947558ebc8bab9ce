using System.Net;

namespace Ecs.BlueGreen.Testing.Simulation;

/// <summary>An error the simulated ECS answers with, written as AWS writes it (https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html).</summary>
internal sealed class EcsApiException(string errorType, string message, HttpStatusCode statusCode = HttpStatusCode.BadRequest)
    : Exception(message)
{
    public string ErrorType { get; } = errorType;

    public HttpStatusCode StatusCode { get; } = statusCode;

    public static EcsApiException Client(string message) => new("ClientException", message);

    public static EcsApiException InvalidParameter(string message) => new("InvalidParameterException", message);

    public static EcsApiException ClusterNotFound() => new("ClusterNotFoundException", "Cluster not found.");

    public static EcsApiException ServiceNotFound() => new("ServiceNotFoundException", "Service not found.");
}
