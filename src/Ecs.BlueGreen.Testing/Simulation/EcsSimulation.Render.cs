using System.Text.Json.Nodes;
using static Ecs.BlueGreen.Testing.Simulation.WireJson;

namespace Ecs.BlueGreen.Testing.Simulation;

/// <summary>
/// Output shapes, member names and order as in the ECS model (<c>ecs#Cluster</c>, <c>ecs#Service</c>,
/// <c>ecs#Task</c>); members without a value left out; timestamps epoch seconds
/// (https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html).
/// </summary>
internal sealed partial class EcsSimulation
{
    private static JsonObject RenderCluster(ClusterState cluster, bool includeTags)
    {
        var live = cluster.Tasks.Where(t => !t.IsStopped).ToList();
        return Shape(
            ("clusterArn", cluster.Arn),
            ("clusterName", cluster.Name),
            ("status", "ACTIVE"),
            ("registeredContainerInstancesCount", 0),
            ("runningTasksCount", live.Count(t => t.LastStatus == "RUNNING")),
            ("pendingTasksCount", live.Count(t => t.IsPendingLike)),
            ("activeServicesCount", cluster.Services.Values.Count(s => s.Status == "ACTIVE")),
            ("statistics", new JsonArray()),
            ("tags", includeTags ? RenderTags(cluster.Tags) : null),
            ("settings", new JsonArray(new JsonObject { ["name"] = "containerInsights", ["value"] = "disabled" })),
            ("capacityProviders", new JsonArray()),
            ("defaultCapacityProviderStrategy", new JsonArray()));
    }

    private JsonObject RenderService(ServiceState service, bool includeTags)
    {
        var tasks = service.Cluster.Tasks.Where(t => ReferenceEquals(t.Service, service) && !t.IsStopped).ToList();
        return Shape(
            ("serviceArn", service.Arn),
            ("serviceName", service.Name),
            ("clusterArn", service.Cluster.Arn),
            ("loadBalancers", List(service.LoadBalancers, lb => lb.Document.DeepClone())),
            ("serviceRegistries", new JsonArray()),
            ("status", service.Status),
            ("desiredCount", service.DesiredCount),
            ("runningCount", tasks.Count(t => t.LastStatus == "RUNNING")),
            ("pendingCount", tasks.Count(t => t.IsPendingLike)),
            ("launchType", service.LaunchType),
            ("platformVersion", service.PlatformVersion),
            ("taskDefinition", service.Deployments.Count > 0 ? service.Primary.TaskDefinition.Arn : null),
            ("deploymentConfiguration", service.DeploymentConfiguration.Render()),
            ("taskSets", service.IsCodeDeploy ? List(service.TaskSets, ts => RenderTaskSet(service, ts)) : new JsonArray()),

            // A CODE_DEPLOY service reports its task sets instead of deployments [inference: ecs#Service.taskSets is documented for CODE_DEPLOY and EXTERNAL].
            ("deployments", service.IsCodeDeploy ? new JsonArray() : List(service.Deployments, d => RenderDeployment(service, d, tasks))),
            ("events", List(service.Events, e => Shape(("id", e.Id), ("createdAt", Timestamp(e.CreatedAt)), ("message", e.Message)))),
            ("createdAt", Timestamp(service.CreatedAt)),
            ("currentServiceDeployment", service.ServiceDeployments.FirstOrDefault()?.Arn),
            ("placementConstraints", new JsonArray()),
            ("placementStrategy", new JsonArray()),
            ("networkConfiguration", service.NetworkConfiguration?.DeepClone()),
            ("healthCheckGracePeriodSeconds", service.HealthCheckGracePeriodSeconds),
            ("schedulingStrategy", "REPLICA"),
            ("deploymentController", new JsonObject { ["type"] = service.DeploymentController }),
            ("tags", includeTags ? RenderTags(service.Tags) : null),
            ("createdBy", $"arn:aws:iam::{Account}:user/ecs-emulator"),
            ("enableECSManagedTags", false),
            ("propagateTags", "NONE"),
            ("enableExecuteCommand", false));
    }

    private static JsonObject RenderDeployment(ServiceState service, DeploymentState deployment, List<TaskState> liveTasks)
    {
        var tasks = liveTasks.Where(t => ReferenceEquals(t.Deployment, deployment)).ToList();
        return Shape(
            ("id", deployment.Id),
            ("status", deployment.Status),
            ("taskDefinition", deployment.TaskDefinition.Arn),
            ("desiredCount", deployment.DesiredCount),
            ("pendingCount", tasks.Count(t => t.IsPendingLike)),
            ("runningCount", tasks.Count(t => t.LastStatus == "RUNNING")),
            ("failedTasks", deployment.FailedTasks),
            ("createdAt", Timestamp(deployment.CreatedAt)),
            ("updatedAt", Timestamp(deployment.UpdatedAt)),
            ("launchType", service.LaunchType),
            ("platformVersion", service.PlatformVersion),
            ("networkConfiguration", service.NetworkConfiguration?.DeepClone()),
            ("rolloutState", deployment.RolloutState),
            ("rolloutStateReason", deployment.RolloutStateReason));
    }

    private JsonObject RenderTask(TaskState task, bool includeTags)
    {
        var document = task.TaskDefinition.Document;
        return Shape(
            ("attachments", new JsonArray()),
            ("availabilityZone", $"{Region}a"),
            ("clusterArn", task.Cluster.Arn),

            // ecs#Connectivity is CONNECTED or DISCONNECTED; a task reports it once connected, before its images are
            // pulled (the describe-tasks example has connectivityAt before pullStartedAt) [inference: at the pull's start].
            ("connectivity", task.PullStartedAt is null ? null : "CONNECTED"),
            ("connectivityAt", Timestamp(task.PullStartedAt)),
            ("containers", List(task.Containers, c => RenderContainer(task, c))),
            ("cpu", document["cpu"]?.ToString()),
            ("createdAt", Timestamp(task.CreatedAt)),
            ("desiredStatus", task.DesiredStatus),
            ("enableExecuteCommand", false),
            ("executionStoppedAt", task.StartedAt is null ? null : Timestamp(task.StoppedAt)),
            ("group", task.Group),
            ("healthStatus", task.HealthStatus),
            ("lastStatus", task.LastStatus),
            ("launchType", task.LaunchType),
            ("memory", document["memory"]?.ToString()),

            // ecs#Task.overrides: without overrides ECS names each container once (the run-task and describe-tasks
            // examples, https://docs.aws.amazon.com/cli/latest/reference/ecs/run-task.html).
            ("overrides", task.Overrides?.DeepClone() ?? new JsonObject
            {
                ["containerOverrides"] = List(task.Containers, c => new JsonObject { ["name"] = c.Name }),
                ["inferenceAcceleratorOverrides"] = new JsonArray(),
            }),
            ("pullStartedAt", Timestamp(task.PullStartedAt)),
            ("pullStoppedAt", Timestamp(task.PullStoppedAt)),
            ("startedAt", Timestamp(task.StartedAt)),
            ("startedBy", task.StartedBy),
            ("stopCode", task.StopCode),
            ("stoppedAt", Timestamp(task.StoppedAt)),
            ("stoppedReason", task.StoppedReason),
            ("stoppingAt", Timestamp(task.StoppingAt)),
            ("tags", includeTags ? RenderTags(task.Tags) : null),
            ("taskArn", task.Arn),
            ("taskDefinitionArn", task.TaskDefinition.Arn),
            ("version", task.Version));
    }

    // ecs#Container: ECS lists networkBindings and networkInterfaces, empty when there are none (the
    // describe-tasks example, https://docs.aws.amazon.com/cli/latest/reference/ecs/describe-tasks.html).
    private static JsonObject RenderContainer(TaskState task, ContainerState container) => Shape(
        ("containerArn", container.Arn),
        ("taskArn", task.Arn),
        ("name", container.Name),
        ("image", container.Image),
        ("imageDigest", container.ImageDigest),
        ("lastStatus", container.LastStatus),
        ("exitCode", container.ExitCode),
        ("reason", container.Reason),
        ("networkBindings", new JsonArray()),
        ("networkInterfaces", new JsonArray()),
        ("healthStatus", container.HealthStatus));

    private static JsonArray RenderTags(List<ResourceTag> tags) => List(tags, t => Shape(("key", t.Key), ("value", t.Value)));

    private static JsonObject RenderBrief(ServiceState service, ServiceDeploymentState sd) => Shape(
        ("serviceDeploymentArn", sd.Arn),
        ("serviceArn", service.Arn),
        ("clusterArn", service.Cluster.Arn),
        ("startedAt", sd.Native is { } native ? Timestamp(native.StartedAt) : Timestamp(sd.CreatedAt)),
        ("createdAt", Timestamp(sd.CreatedAt)),
        ("finishedAt", Timestamp(sd.FinishedAt)),
        ("targetServiceRevisionArn", sd.TargetRevisionArn),
        ("status", sd.Status),
        ("statusReason", sd.StatusReason));

    private JsonObject RenderServiceDeployment(ServiceState service, ServiceDeploymentState sd)
    {
        var tasks = service.Cluster.Tasks.Where(t => ReferenceEquals(t.Service, service) && !t.IsStopped).ToList();

        var native = sd.Native;

        // ecs#ServiceRevisionSummary: the tasks of one service revision and, for a native deployment, its traffic weights:
        // green's as shifted so far, the rest to the source revision that served production, 0 to any other.
        JsonObject Summary(string revisionArn)
        {
            var owned = tasks.Where(t => t.Deployment?.ServiceRevisionArn == revisionArn).ToList();
            var (test, production) = native is null ? ((double?)null, (double?)null)
                : revisionArn == sd.TargetRevisionArn ? (native.GreenTestWeight, native.GreenProductionWeight)
                : revisionArn == native.SourceRevisionArn ? (100 - native.GreenTestWeight, 100 - native.GreenProductionWeight)
                : (0, 0);
            return Shape(
                ("arn", revisionArn),
                ("requestedTaskCount", service.Deployments.Where(d => d.ServiceRevisionArn == revisionArn).Sum(d => d.DesiredCount)),
                ("runningTaskCount", owned.Count(t => t.LastStatus == "RUNNING")),
                ("pendingTaskCount", owned.Count(t => t.IsPendingLike)),
                ("requestedTestTrafficWeight", test),
                ("requestedProductionTrafficWeight", production));
        }

        return Shape(
            ("serviceDeploymentArn", sd.Arn),
            ("serviceArn", service.Arn),
            ("clusterArn", service.Cluster.Arn),
            ("createdAt", Timestamp(sd.CreatedAt)),
            ("startedAt", native is null ? Timestamp(sd.CreatedAt) : Timestamp(native.StartedAt)),
            ("finishedAt", Timestamp(sd.FinishedAt)),
            ("stoppedAt", Timestamp(sd.StoppedAt)),
            ("updatedAt", Timestamp(sd.UpdatedAt)),
            ("sourceServiceRevisions", List(sd.SourceRevisionArns, Summary)),
            ("targetServiceRevision", Summary(sd.TargetRevisionArn)),
            ("status", sd.Status),
            ("statusReason", sd.StatusReason),

            // PRE_PRODUCTION_TRAFFIC_SHIFT is reported although ecs#ServiceDeploymentLifecycleStage lacks it: the member's
            // documentation describes the stage, so clients read the enumeration as an open string.
            ("lifecycleStage", native?.Stage),

            // ecs#ServiceDeployment.lifecycleHookDetails: the hooks invoked on entering the current stage, the finished ones
            // included until the deployment moves on; none once it has succeeded.
            ("lifecycleHookDetails", native is null ? null : List(native.Hooks, RenderHook)),
            ("deploymentConfiguration", sd.DeploymentConfiguration.Render()),
            ("rollback", sd.Rollback is { } rollback
                ? Shape(("reason", rollback.Reason), ("startedAt", Timestamp(rollback.StartedAt)), ("serviceRevisionArn", rollback.ServiceRevisionArn))
                : null),
            ("deploymentCircuitBreaker", Shape(("status", sd.CircuitBreakerStatus), ("failureCount", sd.FailureCount), ("threshold", sd.Threshold))),
            ("alarms", native is null ? null : Shape(
                ("status", native.AlarmStatus),
                ("alarmNames", List(sd.DeploymentConfiguration.Alarms.AlarmNames, n => n)),
                ("triggeredAlarmNames", List(native.TriggeredAlarmNames, n => n)))));
    }

    private static JsonObject RenderHook(HookInvocationState hook) => Shape(
        ("hookId", hook.HookId),
        ("targetType", hook.Hook.TargetType),
        ("targetArn", hook.Hook.HookTargetArn),
        ("status", hook.Status),
        ("expiresAt", Timestamp(hook.ExpiresAt)),
        ("timeoutAction", hook.Hook.TimeoutAction));

    /// <summary>
    /// <c>ecs#ServiceRevision</c>; <c>resolvedConfiguration.loadBalancers</c> names, for each load balancer, the target group
    /// that serves the revision's production traffic and the production listener rule.
    /// </summary>
    private static JsonObject RenderServiceRevision(ServiceRevisionState revision)
    {
        var service = revision.Service;
        var resolved = revision.LoadBalancers.Select((lb, i) => (JsonNode?)Shape(
            ("targetGroupArn", revision.ProductionTargetGroups[i]),
            ("productionListenerRule", lb.ProductionListenerRule))).ToArray();
        return Shape(
            ("serviceRevisionArn", revision.Arn),
            ("serviceArn", service.Arn),
            ("clusterArn", service.Cluster.Arn),
            ("taskDefinition", revision.TaskDefinition.Arn),
            ("launchType", service.LaunchType),
            ("platformVersion", service.PlatformVersion),
            ("loadBalancers", List(revision.LoadBalancers, lb => lb.Document.DeepClone())),
            ("networkConfiguration", revision.NetworkConfiguration?.DeepClone()),
            ("containerImages", List(revision.TaskDefinition.Document["containerDefinitions"]?.AsArray() ?? [], c => Shape(
                ("containerName", c?["name"]?.DeepClone()),
                ("image", c?["image"]?.DeepClone())))),
            ("createdAt", Timestamp(revision.CreatedAt)),
            ("resolvedConfiguration", new JsonObject { ["loadBalancers"] = new JsonArray(resolved) }));
    }

    /// <summary>The whole state, for the admin path: clusters with their services and tasks, and task definitions.</summary>
    public JsonObject Snapshot()
    {
        var clusters = List(_clusters.Values, cluster => new JsonObject
        {
            ["cluster"] = RenderCluster(cluster, includeTags: true),
            ["services"] = List(cluster.Services.Values, s => RenderService(s, includeTags: true)),
            ["serviceDeployments"] = List(cluster.Services.Values.SelectMany(s => s.ServiceDeployments.Select(sd => (Service: s, Sd: sd))), x => RenderServiceDeployment(x.Service, x.Sd)),
            ["tasks"] = List(cluster.Tasks, t => RenderTask(t, includeTags: true)),
        });

        return new JsonObject
        {
            ["time"] = Timestamp(_now),
            ["clusters"] = clusters,
            ["taskDefinitions"] = List(_families.Values.SelectMany(r => r), t => t.Document.DeepClone()),
            ["logGroups"] = RenderLogGroups(),
            ["ecrRepositories"] = RenderRepositories(),
            ["codeDeploy"] = CodeDeploySnapshot(),
        };
    }
}
