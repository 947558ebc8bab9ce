using System.Net;

namespace Ecs.BlueGreen.Aws;

/// <summary>
/// An error answer from an AWS service: the sanitised error code (https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html), the message,
/// the HTTP status and the request id. It never carries a credential, a signature or a request body.
/// </summary>
public sealed class AwsServiceException : AwsException
{
    /// <summary>Creates the exception.</summary>
    public AwsServiceException(string service, string operation, string errorCode, string errorMessage, HttpStatusCode statusCode, string? requestId)
        : base(service, operation, FormatMessage(service, operation, errorCode, errorMessage, statusCode, requestId))
    {
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        StatusCode = statusCode;
        RequestId = requestId;
    }

    /// <summary>The error code: the shape name such as <c>ClusterNotFoundException</c>, or the HTTP status when AWS sent none.</summary>
    public string ErrorCode { get; }

    /// <summary>The service's own message.</summary>
    public string ErrorMessage { get; }

    /// <summary>The HTTP status of the answer.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The <c>x-amzn-RequestId</c> of the answer, when there was one.</summary>
    public string? RequestId { get; }

    /// <summary>
    /// Whether AWS rejected the call for its request rate (a throttling code of botocore's standard retry mode,
    /// <c>botocore/retries/standard.py</c>, or HTTP 429).
    /// </summary>
    public bool IsThrottling => AwsErrorCodes.IsThrottling(ErrorCode) || StatusCode == HttpStatusCode.TooManyRequests;

    /// <summary>Whether AWS reported a fault of its own (HTTP 5xx or a transient error code).</summary>
    public bool IsServerFault => (int)StatusCode >= 500 || AwsErrorCodes.IsTransient(ErrorCode);

    /// <inheritdoc />
    public override bool IsTransient => IsThrottling || IsServerFault;

    private static string FormatMessage(string service, string operation, string errorCode, string errorMessage, HttpStatusCode statusCode, string? requestId)
    {
        var text = string.IsNullOrWhiteSpace(errorMessage) ? errorCode : $"{errorCode}: {errorMessage}";
        var id = requestId is null ? string.Empty : $", request id {requestId}";
        return $"{service} {operation} failed with {text} (HTTP {(int)statusCode}{id})";
    }
}
