using System.Text.Json.Nodes;
using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.Testing.Simulation;

/// <summary>
/// Output shapes, member names as in the ECS model (<c>ecs#Service</c>, <c>ecs#Task</c>); timestamps epoch seconds
/// (https://smithy.io/2.0/aws/protocols/aws-json-1_1-protocol.html).
/// </summary>
internal sealed partial class EcsSimulation
{
    private static JsonObject RenderCluster(ClusterState cluster, bool includeTags)
    {
        var live = cluster.Tasks.Where(t => !t.IsStopped).ToList();
        var node = ToNode(new Cluster
        {
            ClusterArn = cluster.Arn,
            ClusterName = cluster.Name,
            Status = "ACTIVE",
            RunningTasksCount = live.Count(t => t.LastStatus == "RUNNING"),
            PendingTasksCount = live.Count(t => t.IsPendingLike),
            ActiveServicesCount = cluster.Services.Values.Count(s => s.Status == "ACTIVE"),
            RegisteredContainerInstancesCount = 0,
            CapacityProviders = [],
            Tags = includeTags ? cluster.Tags : null,
        })!.AsObject();
        node["statistics"] = new JsonArray();
        node["settings"] = new JsonArray(new JsonObject { ["name"] = "containerInsights", ["value"] = "disabled" });
        node["defaultCapacityProviderStrategy"] = new JsonArray();
        return node;
    }

    private JsonObject RenderService(ServiceState service, bool includeTags)
    {
        var tasks = service.Cluster.Tasks.Where(t => ReferenceEquals(t.Service, service) && !t.IsStopped).ToList();
        var node = ToNode(new Service
        {
            ServiceArn = service.Arn,
            ServiceName = service.Name,
            ClusterArn = service.Cluster.Arn,
            Status = service.Status,
            DesiredCount = service.DesiredCount,
            RunningCount = tasks.Count(t => t.LastStatus == "RUNNING"),
            PendingCount = tasks.Count(t => t.IsPendingLike),
            LaunchType = new LaunchType(service.LaunchType),
            PlatformVersion = service.PlatformVersion,
            TaskDefinition = service.Deployments.Count > 0 ? service.Primary.TaskDefinition.Arn : null,
            DeploymentConfiguration = service.DeploymentConfiguration,
            Deployments = service.Deployments.Select(d => RenderDeployment(service, d, tasks)).ToList(),
            Events = service.Events.ToList(),
            CreatedAt = service.CreatedAt,
            CurrentServiceDeployment = service.ServiceDeployments.FirstOrDefault()?.Arn,
            NetworkConfiguration = service.NetworkConfiguration,
            LoadBalancers = [],
            DeploymentController = new DeploymentController { Type = DeploymentControllerType.Ecs },
            SchedulingStrategy = SchedulingStrategy.Replica,
            HealthCheckGracePeriodSeconds = service.HealthCheckGracePeriodSeconds,
            Tags = includeTags ? service.Tags : null,
        })!.AsObject();
        node["serviceRegistries"] = new JsonArray();
        node["placementConstraints"] = new JsonArray();
        node["placementStrategy"] = new JsonArray();
        node["enableECSManagedTags"] = false;
        node["propagateTags"] = "NONE";
        node["enableExecuteCommand"] = false;
        node["createdBy"] = $"arn:aws:iam::{Account}:user/ecs-emulator";
        return node;
    }

    private static Deployment RenderDeployment(ServiceState service, DeploymentState deployment, List<TaskState> liveTasks)
    {
        var tasks = liveTasks.Where(t => ReferenceEquals(t.Deployment, deployment)).ToList();
        return new Deployment
        {
            Id = deployment.Id,
            Status = deployment.Status,
            TaskDefinition = deployment.TaskDefinition.Arn,
            DesiredCount = deployment.DesiredCount,
            PendingCount = tasks.Count(t => t.IsPendingLike),
            RunningCount = tasks.Count(t => t.LastStatus == "RUNNING"),
            FailedTasks = deployment.FailedTasks,
            CreatedAt = deployment.CreatedAt,
            UpdatedAt = deployment.UpdatedAt,
            LaunchType = new LaunchType(service.LaunchType),
            PlatformVersion = service.PlatformVersion,
            NetworkConfiguration = service.NetworkConfiguration,
            RolloutState = new DeploymentRolloutState(deployment.RolloutState),
            RolloutStateReason = deployment.RolloutStateReason,
        };
    }

    private JsonObject RenderTask(TaskState task, bool includeTags)
    {
        var document = task.TaskDefinition.Document;
        var node = ToNode(new TaskDetails
        {
            TaskArn = task.Arn,
            ClusterArn = task.Cluster.Arn,
            TaskDefinitionArn = task.TaskDefinition.Arn,
            StartedBy = task.StartedBy,
            Group = task.Group,
            LastStatus = task.LastStatus,
            DesiredStatus = task.DesiredStatus,
            HealthStatus = new HealthStatus(task.HealthStatus),
            LaunchType = new LaunchType(task.LaunchType),
            Containers = task.Containers.Select(c => new Container
            {
                ContainerArn = c.Arn,
                TaskArn = task.Arn,
                Name = c.Name,
                Image = c.Image,
                LastStatus = c.LastStatus,
                ExitCode = c.ExitCode,
                Reason = c.Reason,
                HealthStatus = new HealthStatus(c.HealthStatus),
            }).ToList(),
            StopCode = task.StopCode is null ? null : new TaskStopCode(task.StopCode),
            StoppedReason = task.StoppedReason,
            CreatedAt = task.CreatedAt,
            StartedAt = task.StartedAt,
            StoppingAt = task.StoppingAt,
            StoppedAt = task.StoppedAt,
            PullStartedAt = task.PullStartedAt,
            PullStoppedAt = task.PullStoppedAt,
            Cpu = document["cpu"]?.ToString(),
            Memory = document["memory"]?.ToString(),
            Version = task.Version,
            Tags = includeTags ? task.Tags : null,
        })!.AsObject();
        foreach (var container in node["containers"]!.AsArray().OfType<JsonObject>())
        {
            // ecs#Container: ECS lists networkBindings and networkInterfaces, empty when there are none (the
            // describe-tasks example, https://docs.aws.amazon.com/cli/latest/reference/ecs/describe-tasks.html).
            container["networkBindings"] = new JsonArray();
            container["networkInterfaces"] = new JsonArray();
        }

        // ecs#Task.overrides: without overrides ECS names each container once (the run-task and describe-tasks
        // examples, https://docs.aws.amazon.com/cli/latest/reference/ecs/run-task.html).
        node["overrides"] = task.Overrides?.DeepClone() ?? new JsonObject
        {
            ["containerOverrides"] = new JsonArray(task.Containers.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name }).ToArray()),
            ["inferenceAcceleratorOverrides"] = new JsonArray(),
        };
        node["availabilityZone"] = $"{Region}a";

        // ecs#Connectivity is CONNECTED or DISCONNECTED; a task reports it once connected, before its images are
        // pulled (the describe-tasks example has connectivityAt before pullStartedAt) [inference: at the pull's start].
        if (task.PullStartedAt is { } connectedAt)
        {
            node["connectivity"] = "CONNECTED";
            node["connectivityAt"] = ToNode(connectedAt);
        }

        node["attachments"] = new JsonArray();
        node["enableExecuteCommand"] = false;
        if (task.StoppedAt is not null && task.StartedAt is not null)
        {
            node["executionStoppedAt"] = ToNode(task.StoppedAt);
        }

        return node;
    }

    private static JsonObject RenderBrief(ServiceState service, ServiceDeploymentState sd) =>
        ToNode(new ServiceDeploymentBrief
        {
            ServiceDeploymentArn = sd.Arn,
            ServiceArn = service.Arn,
            ClusterArn = service.Cluster.Arn,
            CreatedAt = sd.CreatedAt,
            StartedAt = sd.CreatedAt,
            FinishedAt = sd.FinishedAt,
            TargetServiceRevisionArn = sd.TargetRevisionArn,
            Status = new ServiceDeploymentStatus(sd.Status),
            StatusReason = sd.StatusReason,
        })!.AsObject();

    private JsonObject RenderServiceDeployment(ServiceState service, ServiceDeploymentState sd)
    {
        var tasks = service.Cluster.Tasks.Where(t => ReferenceEquals(t.Service, service) && !t.IsStopped).ToList();
        ServiceRevisionSummary Summary(string revisionArn)
        {
            var owned = tasks.Where(t => t.Deployment?.ServiceRevisionArn == revisionArn).ToList();
            var requested = service.Deployments.Where(d => d.ServiceRevisionArn == revisionArn).Sum(d => d.DesiredCount);
            return new ServiceRevisionSummary
            {
                Arn = revisionArn,
                RequestedTaskCount = requested,
                RunningTaskCount = owned.Count(t => t.LastStatus == "RUNNING"),
                PendingTaskCount = owned.Count(t => t.IsPendingLike),
            };
        }

        return ToNode(new ServiceDeployment
        {
            ServiceDeploymentArn = sd.Arn,
            ServiceArn = service.Arn,
            ClusterArn = service.Cluster.Arn,
            CreatedAt = sd.CreatedAt,
            StartedAt = sd.CreatedAt,
            FinishedAt = sd.FinishedAt,
            StoppedAt = sd.StoppedAt,
            UpdatedAt = sd.UpdatedAt,
            SourceServiceRevisions = sd.SourceRevisionArns.Select(Summary).ToList(),
            TargetServiceRevision = Summary(sd.TargetRevisionArn),
            Status = new ServiceDeploymentStatus(sd.Status),
            StatusReason = sd.StatusReason,
            DeploymentConfiguration = sd.DeploymentConfiguration,
            Rollback = sd.Rollback,
            DeploymentCircuitBreaker = new ServiceDeploymentCircuitBreaker { Status = sd.CircuitBreakerStatus, FailureCount = sd.FailureCount, Threshold = sd.Threshold },
        })!.AsObject();
    }

    /// <summary>The whole state, for the admin path: clusters with their services and tasks, and task definitions.</summary>
    public JsonObject Snapshot()
    {
        var clusters = new JsonArray();
        foreach (var cluster in _clusters.Values)
        {
            clusters.Add(new JsonObject
            {
                ["cluster"] = RenderCluster(cluster, includeTags: true),
                ["services"] = new JsonArray(cluster.Services.Values.Select(s => (JsonNode)RenderService(s, includeTags: true)).ToArray()),
                ["serviceDeployments"] = new JsonArray(cluster.Services.Values.SelectMany(s => s.ServiceDeployments.Select(sd => (JsonNode)RenderServiceDeployment(s, sd))).ToArray()),
                ["tasks"] = new JsonArray(cluster.Tasks.Select(t => (JsonNode)RenderTask(t, includeTags: true)).ToArray()),
            });
        }

        return new JsonObject
        {
            ["time"] = ToNode(_now),
            ["clusters"] = clusters,
            ["taskDefinitions"] = new JsonArray(_families.Values.SelectMany(r => r).Select(t => t.Document.DeepClone()).ToArray()),
            ["logGroups"] = RenderLogGroups(),
        };
    }
}
