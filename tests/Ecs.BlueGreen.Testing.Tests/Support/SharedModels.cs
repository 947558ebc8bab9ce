using System.Text.Json.Nodes;

namespace Ecs.BlueGreen.Testing.Tests.Support;

/// <summary>
/// The botocore service models in <c>../shared/aws-models</c> beside the repository. A test that needs one reports
/// itself skipped, with the reason, when the folder or the model is absent.
/// </summary>
internal static class SharedModels
{
    /// <summary>The folder of one service's model files (service-2.json and the rest), or an ignored test.</summary>
    public static string Folder(string service)
    {
        var shared = Path.GetFullPath(Path.Combine(RepositoryRoot.Path, "..", "shared"));
        if (!Directory.Exists(shared))
        {
            Assert.Ignore($"The ../shared folder (the AWS service models) was not found beside the repository at {shared}; this test needs the {service} model.");
        }

        var folder = Path.Combine(shared, "aws-models", service);
        if (!File.Exists(Path.Combine(folder, "service-2.json")))
        {
            Assert.Ignore($"{folder}/service-2.json is missing from ../shared; this test needs it.");
        }

        return folder;
    }

    /// <summary>The parsed service-2.json of <paramref name="service"/> (<c>ecs</c>, <c>logs</c>, …), or an ignored test.</summary>
    public static ServiceShapes Load(string service) =>
        new(JsonNode.Parse(File.ReadAllText(Path.Combine(Folder(service), "service-2.json")))!.AsObject());
}

/// <summary>The operations and shapes of one botocore service model.</summary>
internal sealed class ServiceShapes(JsonObject model)
{
    private readonly JsonObject _shapes = model["shapes"]!.AsObject();
    private readonly JsonObject _operations = model["operations"]!.AsObject();

    public JsonObject? Shape(string name) => _shapes[name] as JsonObject;

    public string OutputShape(string operation) => (string)_operations[operation]!["output"]!["shape"]!;

    public bool HasOperation(string operation) => _operations.ContainsKey(operation);
}
