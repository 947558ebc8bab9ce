
namespace Ecs.BlueGreen.Aws;

/// <summary>One operation of an AWS service: its model name, shapes, and what a second copy of it would do.</summary>
public sealed record AwsOperation
{
    private AwsOperation(string name, Type requestType, Type responseType, AwsOperationKind kind)
    {
        Name = name;
        RequestType = requestType;
        ResponseType = responseType;
        Kind = kind;
    }

    /// <summary>The operation's name in the model, for example <c>UpdateService</c>.</summary>
    public string Name { get; }

    /// <summary>The request type.</summary>
    public Type RequestType { get; }

    /// <summary>The response type.</summary>
    public Type ResponseType { get; }

    /// <summary>Whether and when it may be sent again.</summary>
    public AwsOperationKind Kind { get; }

    /// <summary>Describes the operation <paramref name="name"/> with its request and response types.</summary>
    public static AwsOperation Of<TRequest, TResponse>(string name, AwsOperationKind kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new AwsOperation(name, typeof(TRequest), typeof(TResponse), kind);
    }
}
