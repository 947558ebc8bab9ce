using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ecs.BlueGreen.Testing.Scenarios;
using Ecs.BlueGreen.Testing.Simulation;
using Ecs.BlueGreen.Testing.Tests.Support;

namespace Ecs.BlueGreen.Testing.Tests;

/// <summary>
/// Every answer of every operation the emulator serves, read as raw JSON and checked against the output shape of
/// the ECS (or CloudWatch Logs) botocore model: each member is one the model declares, with the model's JSON type
/// and enumeration values, never null; and each member real ECS always returns is there.
/// </summary>
public class OutputShapeTests
{
    /// <summary>
    /// The members real ECS (and CloudWatch Logs) always return, by model shape, as the response examples of the AWS
    /// CLI reference show them (https://docs.aws.amazon.com/cli/latest/reference/ecs/index.html): create-cluster for
    /// Cluster, register-task-definition for TaskDefinition and ContainerDefinition, create-service (the EC2 example)
    /// for Service, Deployment and DeploymentConfiguration, describe-tasks for Task, Container and TaskOverride,
    /// describe-services for ServiceEvent and the failures lists; get-log-events and filter-log-events
    /// (https://docs.aws.amazon.com/cli/latest/reference/logs/index.html) for the log events.
    /// </summary>
    private static readonly Dictionary<string, string[]> AlwaysPresent = new(StringComparer.Ordinal)
    {
        ["CreateClusterResponse"] = ["cluster"],
        ["DescribeClustersResponse"] = ["clusters", "failures"],
        ["ListClustersResponse"] = ["clusterArns"],
        ["DeleteClusterResponse"] = ["cluster"],
        ["RegisterTaskDefinitionResponse"] = ["taskDefinition"],
        ["DescribeTaskDefinitionResponse"] = ["taskDefinition"],
        ["DeregisterTaskDefinitionResponse"] = ["taskDefinition"],
        ["ListTaskDefinitionsResponse"] = ["taskDefinitionArns"],
        ["ListTaskDefinitionFamiliesResponse"] = ["families"],
        ["CreateServiceResponse"] = ["service"],
        ["UpdateServiceResponse"] = ["service"],
        ["DeleteServiceResponse"] = ["service"],
        ["DescribeServicesResponse"] = ["services", "failures"],
        ["ListServicesResponse"] = ["serviceArns"],
        ["ListTasksResponse"] = ["taskArns"],
        ["DescribeTasksResponse"] = ["tasks", "failures"],
        ["RunTaskResponse"] = ["tasks", "failures"],
        ["StopTaskResponse"] = ["task"],
        ["ListServiceDeploymentsResponse"] = ["serviceDeployments"],
        ["DescribeServiceDeploymentsResponse"] = ["serviceDeployments", "failures"],
        ["DescribeServiceRevisionsResponse"] = ["serviceRevisions", "failures"],
        ["StopServiceDeploymentResponse"] = ["serviceDeploymentArn"],
        ["ContinueServiceDeploymentResponse"] = ["serviceDeploymentArn"],
        ["Cluster"] = ["clusterArn", "clusterName", "status", "registeredContainerInstancesCount", "runningTasksCount", "pendingTasksCount", "activeServicesCount", "statistics"],
        ["TaskDefinition"] = ["taskDefinitionArn", "containerDefinitions", "family", "revision", "volumes", "status", "requiresAttributes", "placementConstraints", "compatibilities", "registeredAt", "registeredBy"],
        ["ContainerDefinition"] = ["name", "image", "portMappings", "environment", "mountPoints", "volumesFrom"],
        ["Service"] =
        [
            "serviceArn", "serviceName", "clusterArn", "loadBalancers", "serviceRegistries", "status", "desiredCount", "runningCount", "pendingCount",
            "launchType", "taskDefinition", "deploymentConfiguration", "deployments", "events", "createdAt", "placementConstraints", "placementStrategy",
            "schedulingStrategy", "enableECSManagedTags", "propagateTags",
        ],
        ["DeploymentConfiguration"] = ["maximumPercent", "minimumHealthyPercent"],
        ["Deployment"] = ["id", "status", "taskDefinition", "desiredCount", "pendingCount", "runningCount", "createdAt", "updatedAt", "launchType"],
        ["ServiceEvent"] = ["id", "createdAt", "message"],
        ["Task"] = ["taskArn", "clusterArn", "taskDefinitionArn", "overrides", "lastStatus", "desiredStatus", "containers", "version", "createdAt", "group", "launchType", "attachments", "healthStatus"],
        ["TaskOverride"] = ["containerOverrides"],
        ["Container"] = ["containerArn", "taskArn", "name", "lastStatus", "networkBindings", "networkInterfaces", "healthStatus"],
        ["Failure"] = ["arn", "reason"],

        // [inference: no published example answer of the service-deployment operations was at hand; the members
        // that identify a deployment and say its state]
        ["ServiceDeploymentBrief"] = ["serviceDeploymentArn", "serviceArn", "clusterArn", "createdAt", "status"],
        ["ServiceDeployment"] = ["serviceDeploymentArn", "serviceArn", "clusterArn", "createdAt", "status", "targetServiceRevision"],

        ["GetLogEventsResponse"] = ["events", "nextForwardToken", "nextBackwardToken"],
        ["FilterLogEventsResponse"] = ["events"],
        ["OutputLogEvent"] = ["timestamp", "message", "ingestionTime"],
        ["FilteredLogEvent"] = ["logStreamName", "timestamp", "message", "ingestionTime", "eventId"],

        // describe-images (https://docs.aws.amazon.com/cli/latest/reference/ecr/describe-images.html).
        ["DescribeImagesResponse"] = ["imageDetails"],
        ["ImageDetail"] = ["registryId", "repositoryName", "imageDigest", "imagePushedAt"],
    };

    private static readonly string[] IncludeTags = ["TAGS"];

    [Test]
    public void The_always_present_members_are_members_of_the_models()
    {
        var ecs = SharedModels.Load("ecs");
        var logs = SharedModels.Load("logs");
        var ecr = SharedModels.Load("ecr");

        var unknown = AlwaysPresent.SelectMany(entry => entry.Value.Select(member => (Shape: entry.Key, Member: member)))
            .Where(x => (ecs.Shape(x.Shape) ?? logs.Shape(x.Shape) ?? ecr.Shape(x.Shape))?["members"]?[x.Member] is null)
            .Select(x => $"{x.Shape}.{x.Member}");

        unknown.Should().BeEmpty("the table of always-present members must name members of the ECS and CloudWatch Logs models");
    }

    [Test]
    public async Task Every_answer_of_every_operation_matches_its_model_output_shape()
    {
        var ecs = SharedModels.Load("ecs");
        var logs = SharedModels.Load("logs");
        var ecr = SharedModels.Load("ecr");
        var clock = new ManualTimeProvider();
        var scenario = new EmulatorScenario
        {
            Images = new Dictionary<string, ImageBehaviour> { ["repo/job:1"] = new() { LogLines = ["one", "two"], RunTaskExitCode = 0, RunTaskSeconds = 3 } },
            EcrRepositories =
            [
                new EcrRepository
                {
                    Name = "web",
                    Tags = new Dictionary<string, string> { ["1"] = "sha256:" + new string('1', 64), ["2"] = "sha256:" + new string('2', 64), ["latest"] = "sha256:" + new string('2', 64) },
                },
            ],
        };
        var emulator = new EcsEmulator(scenario, clock);
        using var http = new HttpClient(emulator.CreateHandler());
        var answers = new List<(string Service, string Operation, JsonObject Answer)>();

        async Task<JsonObject> CallAsync(string operation, string body, bool logsOperation = false, bool ecrOperation = false)
        {
            using var request = Signed((logsOperation ? EcsEmulator.LogsTargetPrefix : ecrOperation ? EcsEmulator.EcrTargetPrefix : EcsEmulator.TargetPrefix) + operation, body);
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            response.StatusCode.Should().Be(HttpStatusCode.OK, $"{operation} {body} answered {text}");
            var answer = JsonNode.Parse(text)!.AsObject();
            answers.Add((logsOperation ? "logs" : ecrOperation ? "ecr" : "ecs", operation, answer));
            return answer;
        }

        const string LogConfiguration = """{"logDriver":"awslogs","options":{"awslogs-group":"/ecs/job","awslogs-region":"us-east-1","awslogs-stream-prefix":"ecs"}}""";
        await CallAsync("CreateCluster", """{"clusterName":"prod","tags":[{"key":"team","value":"core"}]}""");
        await CallAsync("RegisterTaskDefinition", """
            {"family":"web","networkMode":"awsvpc","requiresCompatibilities":["FARGATE"],"cpu":"256","memory":"512",
             "executionRoleArn":"arn:aws:iam::123456789012:role/exec",
             "containerDefinitions":[{"name":"app","image":"123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1","essential":true,
               "healthCheck":{"command":["CMD","true"]},"portMappings":[{"containerPort":80,"protocol":"tcp"}]}],
             "tags":[{"key":"team","value":"core"}]}
            """);
        await CallAsync("RegisterTaskDefinition", """{"family":"web","networkMode":"awsvpc","cpu":"256","memory":"512","containerDefinitions":[{"name":"app","image":"repo/web:2"}]}""");
        await CallAsync("RegisterTaskDefinition", $$"""{"family":"job","containerDefinitions":[{"name":"job","image":"repo/job:1","memory":64,"logConfiguration":{{LogConfiguration}}}]}""");
        await CallAsync("DescribeTaskDefinition", """{"taskDefinition":"web:1","include":["TAGS"]}""");
        await CallAsync("ListTaskDefinitions", "{}");
        await CallAsync("ListTaskDefinitionFamilies", "{}");
        await CallAsync("CreateService", """
            {"cluster":"prod","serviceName":"web","taskDefinition":"web:1","desiredCount":2,"launchType":"FARGATE",
             "networkConfiguration":{"awsvpcConfiguration":{"subnets":["subnet-1"],"securityGroups":["sg-1"],"assignPublicIp":"DISABLED"}},
             "deploymentConfiguration":{"deploymentCircuitBreaker":{"enable":true,"rollback":true}},"tags":[{"key":"team","value":"core"}]}
            """);
        Advance(clock, emulator, 60);
        await CallAsync("UpdateService", """{"cluster":"prod","service":"web","taskDefinition":"web:2"}""");
        Advance(clock, emulator, 5);
        await CallAsync("DescribeServices", """{"cluster":"prod","services":["web","missing"],"include":["TAGS"]}""");
        await CallAsync("ListServices", """{"cluster":"prod"}""");
        var serviceTasks = (await CallAsync("ListTasks", """{"cluster":"prod"}"""))["taskArns"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
        var job = (await CallAsync("RunTask", """{"cluster":"prod","taskDefinition":"job","startedBy":"ci"}"""))["tasks"]![0]!["taskArn"]!.GetValue<string>();
        Advance(clock, emulator, 15);
        await CallAsync("StopTask", $$"""{"cluster":"prod","task":"{{serviceTasks[0]}}","reason":"checked by a test"}""");
        Advance(clock, emulator, 5);
        await CallAsync("DescribeTasks", JsonSerializer.Serialize(new { cluster = "prod", tasks = serviceTasks.Append(job).Append("0123456789abcdef"), include = IncludeTags }));
        var deployments = (await CallAsync("ListServiceDeployments", """{"cluster":"prod","service":"web"}"""))["serviceDeployments"]!.AsArray()
            .Select(d => d!["serviceDeploymentArn"]!.GetValue<string>()).ToList();
        await CallAsync("DescribeServiceDeployments", JsonSerializer.Serialize(new { serviceDeploymentArns = deployments.Append("arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/missing") }));

        // A BLUE_GREEN service paused at a PRE_SCALE_UP hook: its deployment, its hook, its revisions, then a continue and a stop.
        await CallAsync("CreateService", """
            {"cluster":"prod","serviceName":"api","taskDefinition":"web:1","desiredCount":1,
             "deploymentConfiguration":{"strategy":"BLUE_GREEN","bakeTimeInMinutes":1,"alarms":{"alarmNames":["errors"],"enable":true,"rollback":true},
               "lifecycleHooks":[{"targetType":"PAUSE","lifecycleStages":["PRE_SCALE_UP"]}]}}
            """);
        Advance(clock, emulator, 60);
        await CallAsync("UpdateService", """{"cluster":"prod","service":"api","taskDefinition":"web:2"}""");
        Advance(clock, emulator, 2);
        var native = (await CallAsync("ListServiceDeployments", """{"cluster":"prod","service":"api"}"""))["serviceDeployments"]![0]!["serviceDeploymentArn"]!.GetValue<string>();
        var paused = (await CallAsync("DescribeServiceDeployments", JsonSerializer.Serialize(new { serviceDeploymentArns = new[] { native } })))["serviceDeployments"]![0]!;
        var revisions = paused["sourceServiceRevisions"]!.AsArray().Select(r => r!["arn"]!.GetValue<string>()).Append(paused["targetServiceRevision"]!["arn"]!.GetValue<string>());
        await CallAsync("DescribeServiceRevisions", JsonSerializer.Serialize(new { serviceRevisionArns = revisions.Append("arn:aws:ecs:us-east-1:123456789012:service-revision/prod/api/1") }));
        await CallAsync("ContinueServiceDeployment", JsonSerializer.Serialize(new { serviceDeploymentArn = native, hookId = paused["lifecycleHookDetails"]![0]!["hookId"]!.GetValue<string>() }));
        await CallAsync("StopServiceDeployment", JsonSerializer.Serialize(new { serviceDeploymentArn = native, stopType = "ROLLBACK" }));
        Advance(clock, emulator, 2);
        await CallAsync("DescribeServiceDeployments", JsonSerializer.Serialize(new { serviceDeploymentArns = new[] { native } }));
        await CallAsync("DeleteService", """{"cluster":"prod","service":"api","force":true}""");

        var stream = $"ecs/job/{job[(job.LastIndexOf('/') + 1)..]}";
        await CallAsync("GetLogEvents", JsonSerializer.Serialize(new { logGroupName = "/ecs/job", logStreamName = stream, startFromHead = true }), logsOperation: true);
        await CallAsync("FilterLogEvents", """{"logGroupName":"/ecs/job"}""", logsOperation: true);
        await CallAsync("DescribeImages", """{"repositoryName":"web","imageIds":[{"imageTag":"1"},{"imageDigest":"sha256:2222222222222222222222222222222222222222222222222222222222222222"}]}""", ecrOperation: true);
        await CallAsync("DescribeImages", """{"registryId":"123456789012","repositoryName":"web","filter":{"tagStatus":"TAGGED"},"maxResults":1}""", ecrOperation: true);
        await CallAsync("DescribeClusters", """{"clusters":["prod","missing"],"include":["TAGS"]}""");
        await CallAsync("ListClusters", "{}");
        await CallAsync("DeregisterTaskDefinition", """{"taskDefinition":"job:1"}""");
        await CallAsync("DeleteService", """{"cluster":"prod","service":"web","force":true}""");
        await CallAsync("CreateCluster", """{"clusterName":"spare"}""");
        await CallAsync("DeleteCluster", """{"cluster":"spare"}""");

        answers.Select(a => a.Operation).Distinct().Should().BeEquivalentTo(EcsSimulation.Operations.Concat(EcsSimulation.LogsOperations).Concat(EcsSimulation.EcrOperations),
            "every operation the emulator serves is checked");
        var checker = new ShapeChecker();
        foreach (var (service, operation, answer) in answers)
        {
            var model = service switch { "logs" => logs, "ecr" => ecr, _ => ecs };
            checker.Check(model, model.OutputShape(operation), answer, operation);
        }

        checker.Problems.Should().BeEmpty();
        AlwaysPresent.Keys.Except(checker.Visited).Should().BeEmpty("each shape of the table appears in some answer, so none of its rows is checked in vain");
    }

    private static void Advance(ManualTimeProvider clock, EcsEmulator emulator, int seconds)
    {
        clock.Advance(TimeSpan.FromSeconds(seconds));
        emulator.Sync();
    }

    private static HttpRequestMessage Signed(string target, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("https://ecs.us-east-1.amazonaws.com/")) { Content = new StringContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-amz-json-1.1");
        request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/ecs/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=" + new string('a', 64));
        return request;
    }

    /// <summary>Walks an answer along its model shape and collects every way it departs from it.</summary>
    private sealed class ShapeChecker
    {
        public List<string> Problems { get; } = [];

        public HashSet<string> Visited { get; } = new(StringComparer.Ordinal);

        public void Check(ServiceShapes model, string shapeName, JsonNode? node, string path)
        {
            if (node is null)
            {
                Problems.Add($"{path}: null (ECS leaves a member out rather than sending null)");
                return;
            }

            var shape = model.Shape(shapeName)!;
            switch ((string)shape["type"]!)
            {
                case "structure" when shape["document"]?.GetValue<bool>() == true:
                    return;
                case "structure":
                    if (node is not JsonObject obj)
                    {
                        Problems.Add($"{path}: {node.GetValueKind()} where the model has the structure {shapeName}");
                        return;
                    }

                    Visited.Add(shapeName);
                    var members = shape["members"]!.AsObject();
                    foreach (var (name, value) in obj)
                    {
                        if (members[name] is not JsonObject member)
                        {
                            Problems.Add($"{path}.{name}: not a member of {shapeName}");
                            continue;
                        }

                        Check(model, (string)member["shape"]!, value, $"{path}.{name}");
                    }

                    foreach (var name in AlwaysPresent.GetValueOrDefault(shapeName, []).Where(name => !obj.ContainsKey(name)))
                    {
                        Problems.Add($"{path}: {shapeName}.{name} is missing, and ECS always returns it");
                    }

                    return;
                case "list":
                    if (node is not JsonArray list)
                    {
                        Problems.Add($"{path}: {node.GetValueKind()} where the model has the list {shapeName}");
                        return;
                    }

                    for (var i = 0; i < list.Count; i++)
                    {
                        Check(model, (string)shape["member"]!["shape"]!, list[i], $"{path}[{i}]");
                    }

                    return;
                case "map":
                    if (node is not JsonObject map)
                    {
                        Problems.Add($"{path}: {node.GetValueKind()} where the model has the map {shapeName}");
                        return;
                    }

                    foreach (var (key, value) in map)
                    {
                        Check(model, (string)shape["value"]!["shape"]!, value, $"{path}.{key}");
                    }

                    return;
                case "string":
                    if (node.GetValueKind() != JsonValueKind.String)
                    {
                        Problems.Add($"{path}: {node.GetValueKind()} where the model has a string ({shapeName})");
                    }
                    else if (shape["enum"] is JsonArray values && !values.Any(v => (string)v! == node.GetValue<string>()))
                    {
                        Problems.Add($"{path}: \"{node.GetValue<string>()}\" is not a value of the enumeration {shapeName}");
                    }

                    return;
                case "boolean":
                    if (node.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                    {
                        Problems.Add($"{path}: {node.GetValueKind()} where the model has a boolean ({shapeName})");
                    }

                    return;
                case "integer" or "long":
                    if (node.GetValueKind() != JsonValueKind.Number || !long.TryParse(node.ToJsonString(), out _))
                    {
                        Problems.Add($"{path}: {node.ToJsonString()} where the model has an integer ({shapeName})");
                    }

                    return;
                case "timestamp" or "double" or "float":
                    if (node.GetValueKind() != JsonValueKind.Number)
                    {
                        Problems.Add($"{path}: {node.GetValueKind()} where the model has a number ({shapeName}; timestamps are epoch seconds)");
                    }

                    return;
                default:
                    Problems.Add($"{path}: the model's type {shape["type"]} ({shapeName}) is not one the emulator answers");
                    return;
            }
        }
    }
}
