using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Ecs.BlueGreen.Testing.Scenarios;

/// <summary>
/// The starting state and scripted behaviour of an emulator: clusters, task definitions, services,
/// image behaviours and API faults. Read one from JSON with <see cref="Parse"/> or <see cref="Load"/>,
/// or build one in code.
/// </summary>
public sealed record EmulatorScenario
{
    /// <summary>How scenario files (and the admin path's bodies) are read and written.</summary>
    internal static JsonSerializerOptions JsonOptions { get; } = CreateJsonOptions();

    /// <summary>An empty scenario: no clusters, everything is created through the API.</summary>
    public static EmulatorScenario Empty { get; } = new();

    /// <summary>The simulated region.</summary>
    /// <value>The default value is <c>us-east-1</c>.</value>
    public string Region { get; init; } = "us-east-1";

    /// <summary>The simulated account.</summary>
    /// <value>The default value is <c>123456789012</c>.</value>
    public string AccountId { get; init; } = "123456789012";

    /// <summary>The seed of the identifiers the simulation makes up (task ids, deployment ids).</summary>
    /// <value>The default value is 1.</value>
    public int Seed { get; init; } = 1;

    /// <summary>Cluster names to create.</summary>
    public IReadOnlyList<string> Clusters { get; init; } = [];

    /// <summary>Task definitions to register, each a RegisterTaskDefinition request body.</summary>
    public IReadOnlyList<JsonObject> TaskDefinitions { get; init; } = [];

    /// <summary>
    /// Services to create, each a CreateService request body. They start in a steady state (their
    /// tasks already RUNNING and healthy, their deployment COMPLETED) unless the body has
    /// <c>"steady": false</c>.
    /// </summary>
    public IReadOnlyList<JsonObject> Services { get; init; } = [];

    /// <summary>Behaviours by image reference (exact match, for example <c>repo/web:2</c>).</summary>
    public IReadOnlyDictionary<string, ImageBehaviour> Images { get; init; } = new Dictionary<string, ImageBehaviour>();

    /// <summary>Behaviours by task definition, <c>family</c> or <c>family:revision</c>; they win over <see cref="Images"/>.</summary>
    public IReadOnlyDictionary<string, ImageBehaviour> TaskDefinitionBehaviours { get; init; } = new Dictionary<string, ImageBehaviour>();

    /// <summary>
    /// The load balancer listener rules that services' <c>loadBalancers[].advancedConfiguration</c> may name, with the target
    /// groups each forwards to. An <see cref="Hosting.EcsEmulatorServer"/> serves each one as plain HTTP on 127.0.0.1.
    /// </summary>
    /// <example>
    /// <code>
    /// "listenerRules": [
    ///   {"arn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/1/2/3",
    ///    "targetGroups": ["arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/blue/1",
    ///                     "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/green/2"],
    ///    "port": 0}]
    /// </code>
    /// </example>
    public IReadOnlyList<ListenerRule> ListenerRules { get; init; } = [];

    /// <summary>
    /// Amazon ECR repositories of the scenario's account, with their tags and digests (DescribeImages answers for them;
    /// tasks report the digest their tag named). An image of another repository gets a stable digest made from its
    /// reference, and DescribeImages answers <c>RepositoryNotFoundException</c> for it.
    /// </summary>
    public IReadOnlyList<EcrRepository> EcrRepositories { get; init; } = [];

    /// <summary>The AWS CodeDeploy applications, deployment groups, deployment configurations and hook outcomes.</summary>
    public CodeDeployScenario CodeDeploy { get; init; } = new();

    /// <summary>API faults.</summary>
    public FaultSettings Faults { get; init; } = new();

    /// <summary>Reads a scenario from JSON.</summary>
    /// <exception cref="JsonException">The JSON is not a scenario.</exception>
    public static EmulatorScenario Parse(string json) =>
        JsonSerializer.Deserialize<EmulatorScenario>(json, JsonOptions) ?? throw new JsonException("The scenario is null.");

    /// <summary>Reads a scenario from a JSON file.</summary>
    public static EmulatorScenario Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>Writes the scenario as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            ReadCommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = true,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        return options;
    }
}
