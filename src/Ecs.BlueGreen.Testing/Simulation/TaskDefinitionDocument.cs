using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ecs.BlueGreen.Testing.Simulation;

/// <summary>
/// A registered revision as DescribeTaskDefinition answers it: the members as registered, the defaults ECS fills
/// in, and the output-only members (<c>ecs#TaskDefinition</c>), in the model's member order.
/// </summary>
internal static partial class TaskDefinitionDocument
{
    /// <summary>The members of <c>ecs#TaskDefinition</c> in the model's order; members the model does not know follow them.</summary>
    private static readonly string[] MemberOrder =
    [
        "taskDefinitionArn", "containerDefinitions", "family", "taskRoleArn", "executionRoleArn", "networkMode", "revision", "volumes",
        "status", "requiresAttributes", "placementConstraints", "compatibilities", "runtimePlatform", "requiresCompatibilities", "cpu",
        "memory", "inferenceAccelerators", "pidMode", "ipcMode", "proxyConfiguration", "registeredAt", "deregisteredAt",
        "deleteRequestedAt", "registeredBy", "ephemeralStorage", "enableFaultInjection",
    ];

    /// <summary>
    /// Lists ECS returns as <c>[]</c> when a revision was registered without them. Top level: <c>volumes</c> and
    /// <c>placementConstraints</c> (the register-task-definition example of the AWS CLI reference,
    /// https://docs.aws.amazon.com/cli/latest/reference/ecs/register-task-definition.html, registers neither and
    /// gets both back as <c>[]</c>).
    /// </summary>
    private static readonly string[] EmptyListDefaults = ["volumes", "placementConstraints"];

    /// <summary>
    /// The same for each container definition: the same AWS CLI example registers a container without
    /// <c>portMappings</c>, <c>environment</c>, <c>mountPoints</c> and <c>volumesFrom</c> and gets each back as <c>[]</c>.
    /// </summary>
    private static readonly string[] ContainerEmptyListDefaults = ["portMappings", "environment", "mountPoints", "volumesFrom"];

    /// <summary>The revision ECS keeps for a RegisterTaskDefinition request body (tags aside: they are not part of <c>ecs#TaskDefinition</c>).</summary>
    public static JsonObject Create(JsonObject request, string arn, int revision, JsonNode? registeredAt, string registeredBy)
    {
        var document = (JsonObject)request.DeepClone();
        document.Remove("tags");
        foreach (var name in EmptyListDefaults.Where(name => document[name] is null))
        {
            document[name] = new JsonArray();
        }

        foreach (var container in (document["containerDefinitions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            foreach (var name in ContainerEmptyListDefaults.Where(name => container[name] is null))
            {
                container[name] = new JsonArray();
            }
        }

        document["taskDefinitionArn"] = arn;
        document["revision"] = revision;
        document["status"] = "ACTIVE";
        document["requiresAttributes"] = new JsonArray(RequiredAttributes(document).Select(name => (JsonNode)new JsonObject { ["name"] = name }).ToArray());
        document["compatibilities"] = new JsonArray(Compatibilities(document).Select(c => (JsonNode)JsonValue.Create(c)).ToArray());
        document["registeredAt"] = registeredAt;
        document["registeredBy"] = registeredBy;
        return InModelOrder(document);
    }

    /// <summary>The document with the members of <c>ecs#TaskDefinition</c> in the model's order, then any others as they were.</summary>
    public static JsonObject InModelOrder(JsonObject document) => WireJson.InOrder(document, MemberOrder);

    /// <summary>
    /// The container-instance attributes a revision needs (<c>ecs#TaskDefinition.requiresAttributes</c>), derived from
    /// the features it uses, in a fixed order. The emulator derives the documented subset below; ECS may add others
    /// [inference: ECS does not document the full rule or the order of the list].
    /// </summary>
    public static IReadOnlyList<string> RequiredAttributes(JsonObject document)
    {
        var names = new List<string>();
        void Add(string name)
        {
            if (!names.Contains(name))
            {
                names.Add(name);
            }
        }

        static string DockerRemoteApi(string version) => $"com.amazonaws.ecs.capability.docker-remote-api.{version}";

        var executionRole = document["executionRoleArn"] is JsonValue;
        foreach (var container in (document["containerDefinitions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (container["logConfiguration"] is JsonObject log)
            {
                // ecs#ContainerDefinition.logConfiguration: "requires version 1.18 of the Docker Remote API".
                Add(DockerRemoteApi("1.18"));
                if (log["logDriver"] is JsonValue driverValue && driverValue.TryGetValue<string>(out var driver))
                {
                    // The agent registers the drivers it can use (ECS_AVAILABLE_LOGGING_DRIVERS,
                    // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-agent-config.html) as
                    // com.amazonaws.ecs.capability.logging-driver.<driver> [inference: the name as ECS reports it].
                    Add($"com.amazonaws.ecs.capability.logging-driver.{driver}");

                    // awslogs with a task execution role: the agent sends logs with that role
                    // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html).
                    if (driver == "awslogs" && executionRole)
                    {
                        Add("ecs.capability.execution-role-awslogs");
                    }
                }

                // ecs#LogConfiguration.options: "requires version 1.19 of the Docker Remote API".
                if (log["options"] is JsonObject { Count: > 0 })
                {
                    Add(DockerRemoteApi("1.19"));
                }
            }

            // ecs#ContainerDefinition.dockerLabels and ecs#ContainerDefinition.ulimits: version 1.18.
            if (container["dockerLabels"] is JsonObject { Count: > 0 } || container["ulimits"] is JsonArray { Count: > 0 })
            {
                Add(DockerRemoteApi("1.18"));
            }

            // ecs#LinuxParameters.initProcessEnabled: version 1.25.
            if (container["linuxParameters"]?["initProcessEnabled"] is JsonValue init && init.TryGetValue<bool>(out var enabled) && enabled)
            {
                Add(DockerRemoteApi("1.25"));
            }

            // Container health checks need agent support
            // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_healthcheck).
            if (container["healthCheck"] is JsonObject)
            {
                Add("ecs.capability.container-health-check");
            }

            // Secrets as environment variables, from Secrets Manager or Parameter Store
            // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/specifying-sensitive-data.html).
            foreach (var secret in (container["secrets"] as JsonArray ?? []).OfType<JsonObject>())
            {
                var from = secret["valueFrom"] is JsonValue v && v.TryGetValue<string>(out var text) ? text : string.Empty;
                Add(from.Contains(":secretsmanager:", StringComparison.Ordinal)
                    ? "ecs.capability.secrets.asm.environment-variables"
                    : "ecs.capability.secrets.ssm.environment-variables");
            }

            // Container dependencies need agent support
            // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_dependson).
            if (container["dependsOn"] is JsonArray { Count: > 0 })
            {
                Add("ecs.capability.container-ordering");
            }

            // A private Amazon ECR image: the agent authenticates to ECR, with the execution role when there is one
            // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html)
            // [inference: the attribute names as ECS reports them].
            if (container["image"] is JsonValue imageValue && imageValue.TryGetValue<string>(out var image) && EcrImage().IsMatch(image))
            {
                Add("com.amazonaws.ecs.capability.ecr-auth");
                if (executionRole)
                {
                    Add("ecs.capability.execution-role-ecr-pull");
                }
            }
        }

        // IAM roles for tasks (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html).
        if (document["taskRoleArn"] is JsonValue)
        {
            Add("com.amazonaws.ecs.capability.task-iam-role");
        }

        // awsvpc gives each task its own network interface
        // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-networking.html).
        if (Text(document, "networkMode") == "awsvpc")
        {
            Add("ecs.capability.task-eni");
        }

        return names;
    }

    /// <summary>
    /// The launch types the revision validated against (<c>ecs#TaskDefinition.compatibilities</c>): EC2 always; FARGATE
    /// when the revision asks for it, or uses awsvpc with task-level cpu and memory; EXTERNAL unless it uses awsvpc,
    /// which ECS Anywhere does not support (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-anywhere.html)
    /// [inference: ECS does not document the whole validation].
    /// </summary>
    public static IReadOnlyList<string> Compatibilities(JsonObject document)
    {
        var requiresFargate = (document["requiresCompatibilities"] as JsonArray ?? []).Any(n => n is JsonValue v && v.TryGetValue<string>(out var s) && s == "FARGATE");
        var awsvpc = Text(document, "networkMode") == "awsvpc";
        var fargate = requiresFargate || (awsvpc && document["cpu"] is not null && document["memory"] is not null && document["pidMode"] is null && document["ipcMode"] is null);
        var result = new List<string>();
        if (!awsvpc && !requiresFargate)
        {
            result.Add("EXTERNAL");
        }

        result.Add("EC2");
        if (fargate)
        {
            result.Add("FARGATE");
        }

        return result;
    }

    private static string? Text(JsonObject node, string name) => node[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    // Private ECR registries: <account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repository>
    // (https://docs.aws.amazon.com/AmazonECR/latest/userguide/Registries.html).
    [GeneratedRegex(@"^\d{12}\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?/")]
    private static partial Regex EcrImage();
}
