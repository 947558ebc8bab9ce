using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using static Ecs.BlueGreen.Testing.Simulation.WireJson;

namespace Ecs.BlueGreen.Testing.Simulation;

/// <summary>The ECS operations, with the members, defaults, limits and errors of the ECS model (botocore <c>ecs/2014-11-13/service-2.json</c>).</summary>
internal sealed partial class EcsSimulation
{
    /// <summary>The operations the simulation answers.</summary>
    public static IReadOnlySet<string> Operations { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "CreateCluster", "DescribeClusters", "ListClusters", "DeleteCluster",
        "RegisterTaskDefinition", "DescribeTaskDefinition", "DeregisterTaskDefinition", "ListTaskDefinitions", "ListTaskDefinitionFamilies",
        "CreateService", "UpdateService", "DescribeServices", "ListServices", "DeleteService",
        "ListTasks", "DescribeTasks", "RunTask", "StopTask",
        "ListServiceDeployments", "DescribeServiceDeployments", "StopServiceDeployment", "ContinueServiceDeployment", "DescribeServiceRevisions",
    };

    /// <summary>Runs one operation at the current simulated time.</summary>
    /// <exception cref="EcsApiException">ECS would answer with an error.</exception>
    public JsonObject Execute(string operation, JsonObject input) => operation switch
    {
        "CreateCluster" => CreateCluster(input),
        "DescribeClusters" => DescribeClusters(input),
        "ListClusters" => ListClusters(input),
        "DeleteCluster" => DeleteCluster(input),
        "RegisterTaskDefinition" => RegisterTaskDefinition(input),
        "DescribeTaskDefinition" => DescribeTaskDefinition(input),
        "DeregisterTaskDefinition" => DeregisterTaskDefinition(input),
        "ListTaskDefinitions" => ListTaskDefinitions(input),
        "ListTaskDefinitionFamilies" => ListTaskDefinitionFamilies(input),
        "CreateService" => new JsonObject { ["service"] = RenderService(CreateServiceCore(input), includeTags: false) },
        "UpdateService" => UpdateService(input),
        "DescribeServices" => DescribeServices(input),
        "ListServices" => ListServices(input),
        "DeleteService" => DeleteService(input),
        "ListTasks" => ListTasks(input),
        "DescribeTasks" => DescribeTasks(input),
        "RunTask" => RunTask(input),
        "StopTask" => StopTaskOperation(input),
        "ListServiceDeployments" => ListServiceDeployments(input),
        "DescribeServiceDeployments" => DescribeServiceDeployments(input),
        "StopServiceDeployment" => StopServiceDeployment(input),
        "ContinueServiceDeployment" => ContinueServiceDeployment(input),
        "DescribeServiceRevisions" => DescribeServiceRevisions(input),
        _ => throw new EcsApiException("UnknownOperationException", $"The operation {operation} is not supported by the emulator."),
    };

    // ---------------------------------------------------------------- clusters

    private JsonObject CreateCluster(JsonObject input)
    {
        var name = Str(input, "clusterName") ?? "default";
        if (!Regex.IsMatch(name, "^[A-Za-z0-9_-]{1,255}$"))
        {
            throw EcsApiException.InvalidParameter("Cluster name can only contain alphanumeric characters, hyphens and underscores, up to 255 characters.");
        }

        // CreateCluster of an existing name answers the existing cluster.
        if (!_clusters.TryGetValue(name, out var cluster))
        {
            cluster = new ClusterState { Name = name, Arn = $"arn:aws:ecs:{Region}:{Account}:cluster/{name}", Tags = Tags(input) };
            _clusters[name] = cluster;
        }

        return new JsonObject { ["cluster"] = RenderCluster(cluster, includeTags: true) };
    }

    private JsonObject DescribeClusters(JsonObject input)
    {
        var names = StrList(input, "clusters") ?? ["default"];
        var includeTags = Includes(input, "TAGS");
        var clusters = new JsonArray();
        var failures = new JsonArray();
        foreach (var name in names)
        {
            if (_clusters.TryGetValue(LastSegment(name), out var cluster))
            {
                clusters.Add(RenderCluster(cluster, includeTags));
            }
            else
            {
                failures.Add(Failure(name.StartsWith("arn:", StringComparison.Ordinal) ? name : $"arn:aws:ecs:{Region}:{Account}:cluster/{name}", "MISSING"));
            }
        }

        return new JsonObject { ["clusters"] = clusters, ["failures"] = failures };
    }

    private JsonObject ListClusters(JsonObject input)
    {
        var (page, next) = Page(_clusters.Values.OrderBy(c => c.Name, StringComparer.Ordinal).Select(c => c.Arn).ToList(), input, 100);
        return PageResult("clusterArns", page, next);
    }

    private JsonObject DeleteCluster(JsonObject input)
    {
        var cluster = Cluster(Str(input, "cluster"));
        if (cluster.Services.Values.Any(s => s.Status != "INACTIVE"))
        {
            throw new EcsApiException("ClusterContainsServicesException", "The Cluster cannot be deleted while Services are active.");
        }

        if (cluster.Tasks.Any(t => !t.IsStopped))
        {
            throw new EcsApiException("ClusterContainsTasksException", "The Cluster cannot be deleted while Tasks are active.");
        }

        _clusters.Remove(cluster.Name);
        var rendered = RenderCluster(cluster, includeTags: false);
        rendered["status"] = "INACTIVE";
        return new JsonObject { ["cluster"] = rendered };
    }

    // ---------------------------------------------------------------- task definitions

    private JsonObject RegisterTaskDefinition(JsonObject input)
    {
        var family = Str(input, "family");
        if (string.IsNullOrEmpty(family) || !Regex.IsMatch(family, "^[A-Za-z0-9_-]{1,255}$"))
        {
            throw EcsApiException.Client("Family contains invalid characters or is too long.");
        }

        if (input["containerDefinitions"] is not JsonArray { Count: > 0 } containers)
        {
            throw EcsApiException.Client("Container list cannot be empty.");
        }

        foreach (var container in containers)
        {
            if (string.IsNullOrEmpty(container?["name"]?.GetValue<string>()))
            {
                throw EcsApiException.Client("Container.name should not be null or empty.");
            }

            if (string.IsNullOrEmpty(container["image"]?.GetValue<string>()))
            {
                throw EcsApiException.Client("Container.image should not be null or empty.");
            }
        }

        if (!_families.TryGetValue(family, out var revisions))
        {
            revisions = [];
            _families[family] = revisions;
        }

        var revision = revisions.Count + 1;
        var arn = $"arn:aws:ecs:{Region}:{Account}:task-definition/{family}:{revision}";

        // ecs#TaskDefinition: the document as registered, tags aside (input only), with ECS's defaults and the output-only members.
        var document = TaskDefinitionDocument.Create(input, arn, revision, Timestamp(_now), $"arn:aws:iam::{Account}:user/ecs-emulator");
        var state = new TaskDefinitionState { Family = family, Revision = revision, Arn = arn, Document = document, Tags = Tags(input) };
        revisions.Add(state);

        var result = new JsonObject { ["taskDefinition"] = document.DeepClone() };
        if (state.Tags.Count > 0)
        {
            result["tags"] = RenderTags(state.Tags);
        }

        return result;
    }

    private JsonObject DescribeTaskDefinition(JsonObject input)
    {
        var taskDefinition = TaskDefinition(Str(input, "taskDefinition") ?? string.Empty, "Unable to describe task definition.");
        var result = new JsonObject { ["taskDefinition"] = taskDefinition.Document.DeepClone() };
        if (Includes(input, "TAGS"))
        {
            // ecs#DescribeTaskDefinitionRequest.include, ecs#DescribeTaskDefinitionResponse.tags: top-level tags next to taskDefinition, only when asked for.
            result["tags"] = RenderTags(taskDefinition.Tags);
        }

        return result;
    }

    private JsonObject DeregisterTaskDefinition(JsonObject input)
    {
        var reference = Str(input, "taskDefinition") ?? string.Empty;
        if (!LastSegment(reference).Contains(':', StringComparison.Ordinal))
        {
            throw EcsApiException.Client("Invalid revision number. Number: ");
        }

        var taskDefinition = TaskDefinition(reference, "The specified task definition does not exist.");
        if (taskDefinition.Active)
        {
            taskDefinition.Active = false;
            taskDefinition.Document["status"] = "INACTIVE";
            taskDefinition.Document["deregisteredAt"] = Timestamp(_now);
            taskDefinition.Document = TaskDefinitionDocument.InModelOrder(taskDefinition.Document);
        }

        return new JsonObject { ["taskDefinition"] = taskDefinition.Document.DeepClone() };
    }

    /// <summary>
    /// <c>ecs#ListTaskDefinitionsRequest</c>: <c>familyPrefix</c> names one family, <c>status</c> ACTIVE by default, <c>sort</c>
    /// ASC by family then revision (DESC newest first), pages of up to 100.
    /// </summary>
    private JsonObject ListTaskDefinitions(JsonObject input)
    {
        var family = Str(input, "familyPrefix");
        var status = Str(input, "status") ?? "ACTIVE";
        var descending = string.Equals(Str(input, "sort"), "DESC", StringComparison.Ordinal);
        var all = _families.Values.SelectMany(r => r)
            .Where(t => family is null || t.Family == family)
            .Where(t => status == (t.Active ? "ACTIVE" : "INACTIVE"))
            .OrderBy(t => t.Family, StringComparer.Ordinal).ThenBy(t => t.Revision)
            .Select(t => t.Arn)
            .ToList();
        if (descending)
        {
            all.Reverse();
        }

        var (page, next) = Page(all, input, 100);
        return PageResult("taskDefinitionArns", page, next);
    }

    private JsonObject ListTaskDefinitionFamilies(JsonObject input)
    {
        var prefix = Str(input, "familyPrefix") ?? string.Empty;
        var status = Str(input, "status") ?? "ACTIVE";
        var families = _families
            .Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal))
            .Where(f => status == "ALL" || f.Value.Any(t => t.Active == (status == "ACTIVE")))
            .Select(f => f.Key).OrderBy(f => f, StringComparer.Ordinal).ToList();
        var (page, next) = Page(families, input, 100);
        return PageResult("families", page, next);
    }

    // ---------------------------------------------------------------- services

    private ServiceState CreateServiceCore(JsonObject input)
    {
        var cluster = Cluster(Str(input, "cluster"));
        var name = Str(input, "serviceName");
        if (string.IsNullOrEmpty(name) || !Regex.IsMatch(name, "^[A-Za-z0-9_-]{1,255}$"))
        {
            throw EcsApiException.InvalidParameter("Service name can only contain alphanumeric characters, hyphens and underscores, up to 255 characters.");
        }

        if (cluster.Services.TryGetValue(name, out var existing) && existing.Status != "INACTIVE")
        {
            throw EcsApiException.InvalidParameter("Creation of service was not idempotent.");
        }

        var controller = input["deploymentController"]?["type"]?.GetValue<string>() ?? "ECS";
        if (controller is not ("ECS" or "CODE_DEPLOY"))
        {
            throw new EcsApiException("UnsupportedFeatureException", $"The emulator supports the ECS and CODE_DEPLOY deployment controllers only, not {controller}.");
        }

        var taskDefinition = TaskDefinition(Str(input, "taskDefinition") ?? throw EcsApiException.InvalidParameter("A task definition is required for the ECS deployment controller."), "TaskDefinition not found.");
        if (!taskDefinition.Active)
        {
            throw EcsApiException.InvalidParameter($"TaskDefinition is inactive ({taskDefinition.FamilyRevision}).");
        }

        var desired = Int(input, "desiredCount") ?? 0;
        if (desired < 0)
        {
            throw EcsApiException.InvalidParameter("desiredCount must be at least 0.");
        }

        var service = new ServiceState
        {
            Name = name,
            Arn = $"arn:aws:ecs:{Region}:{Account}:service/{cluster.Name}/{name}",
            Cluster = cluster,
            CreatedAt = _now,
            DesiredCount = desired,
            DeploymentConfiguration = DeploymentConfigurationState.From(Structure(input, "deploymentConfiguration")),
            LaunchType = Str(input, "launchType") ?? (input["capacityProviderStrategy"] is null ? "EC2" : "FARGATE"),
            PlatformVersion = Str(input, "platformVersion"),
            NetworkConfiguration = NetworkConfiguration(input),
            HealthCheckGracePeriodSeconds = Int(input, "healthCheckGracePeriodSeconds"),
            LoadBalancers = LoadBalancers(input) ?? [],
            Tags = Tags(input),
            DeploymentController = controller,
        };
        cluster.Services[name] = service;
        StartDeployment(service, taskDefinition);
        if (service.IsCodeDeploy)
        {
            AddPrimaryTaskSet(service);
        }

        return service;
    }

    private void StartDeployment(ServiceState service, TaskDefinitionState taskDefinition)
    {
        if (service.ServiceDeployments.FirstOrDefault() is { IsFinished: false } previousSd)
        {
            // A newer deployment supersedes the one in progress [inference: the exact status reason text is not documented].
            previousSd.Status = "STOPPED";
            previousSd.StatusReason = "Service deployment stopped: a newer service deployment started.";
            previousSd.StoppedAt = _now;
            previousSd.UpdatedAt = _now;
        }

        var breaker = service.DeploymentConfiguration.CircuitBreaker;
        var revision = NewRevision(service, taskDefinition);

        // A native strategy runs ECS's blue/green workflow from the second deployment on; a service's first deployment has
        // nothing to shift traffic from and scales up as a rolling one does [inference: not documented].
        var config = service.DeploymentConfiguration;
        var native = config.IsNative && service.Deployments.Count > 0;
        var source = service.Deployments.FirstOrDefault(d => ReferenceEquals(d, service.LastCompleted)) ?? (service.Deployments.Count > 0 ? service.Primary : null);
        var sd = new ServiceDeploymentState
        {
            Arn = $"arn:aws:ecs:{Region}:{Account}:service-deployment/{service.Cluster.Name}/{service.Name}/{_ids.Alphanumeric21()}",
            CreatedAt = _now,
            UpdatedAt = _now,
            TargetRevisionArn = revision.Arn,
            SourceRevisionArns = service.Deployments.Select(d => d.ServiceRevisionArn).Distinct().ToList(),
            DeploymentConfiguration = config,
            CircuitBreakerStatus = breaker.Enable ? "MONITORING" : "DISABLED",
            Threshold = CircuitBreakerThreshold(service.DesiredCount, breaker),

            // ecs#ServiceDeploymentStatus: a native deployment is PENDING until its first simulated second.
            Status = native ? "PENDING" : "IN_PROGRESS",
            Native = native
                ? new NativeDeploymentState
                {
                    Blue = service.Deployments.ToList(),
                    SourceRevisionArn = source!.ServiceRevisionArn,
                    AlarmStatus = config.Alarms.Enable ? "MONITORING" : "DISABLED",
                }
                : null,
        };
        var id = NewDeploymentId();
        var green = new DeploymentState
        {
            Id = id,
            RolloutStateReason = $"ECS deployment {id} in progress.",
            TaskDefinition = taskDefinition,
            CreatedAt = _now,
            UpdatedAt = _now,
            DesiredCount = service.DesiredCount,
            ServiceDeployment = sd,
            ServiceRevisionArn = revision.Arn,
        };
        if (sd.Native is not null)
        {
            sd.Native.Green = green;
        }

        service.ServiceDeployments.Insert(0, sd);

        foreach (var deployment in service.Deployments)
        {
            deployment.Status = "ACTIVE";
            deployment.UpdatedAt = _now;
        }

        service.Deployments.Insert(0, green);
        service.Steady = false;
    }

    private JsonObject UpdateService(JsonObject input)
    {
        var cluster = Cluster(Str(input, "cluster"));
        var service = Service(cluster, Str(input, "service"));
        if (service.Status != "ACTIVE")
        {
            throw new EcsApiException("ServiceNotActiveException", "Service was not ACTIVE.");
        }

        if (service.IsCodeDeploy && (input["taskDefinition"] is not null || Bool(input, "forceNewDeployment") == true))
        {
            // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html: with the CODE_DEPLOY controller
            // only the desired count, deployment configuration, health check grace period and a few others can change.
            throw EcsApiException.InvalidParameter("Unable to update task definition on services with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.");
        }

        if (Int(input, "desiredCount") is { } desired)
        {
            if (desired < 0)
            {
                throw EcsApiException.InvalidParameter("desiredCount must be at least 0.");
            }

            service.DesiredCount = desired;
        }

        if (Structure(input, "deploymentConfiguration") is { } configuration)
        {
            service.DeploymentConfiguration = DeploymentConfigurationState.From(configuration, service.DeploymentConfiguration);
        }

        if (input["healthCheckGracePeriodSeconds"] is not null)
        {
            service.HealthCheckGracePeriodSeconds = Int(input, "healthCheckGracePeriodSeconds");
        }

        // ecs#UpdateServiceRequest: taskDefinition, networkConfiguration and forceNewDeployment start a deployment; desiredCount does not.
        var target = service.Primary.TaskDefinition;
        var newDeployment = Bool(input, "forceNewDeployment") == true;
        if (Str(input, "taskDefinition") is { } reference)
        {
            var resolved = TaskDefinition(reference, "TaskDefinition not found.");
            if (!resolved.Active)
            {
                throw EcsApiException.InvalidParameter($"TaskDefinition is inactive ({resolved.FamilyRevision}).");
            }

            newDeployment |= !ReferenceEquals(resolved, target);
            target = resolved;
        }

        if (NetworkConfiguration(input) is { } network)
        {
            service.NetworkConfiguration = network;
            newDeployment = true;
        }

        if (LoadBalancers(input) is { } loadBalancers)
        {
            // ecs#UpdateServiceRequest.loadBalancers: a change starts a new deployment.
            service.LoadBalancers = loadBalancers;
            newDeployment = true;
        }

        if (newDeployment)
        {
            StartDeployment(service, target);
        }
        else
        {
            service.Primary.DesiredCount = service.DesiredCount;
            service.Steady = false;
        }

        return new JsonObject { ["service"] = RenderService(service, includeTags: false) };
    }

    private JsonObject DescribeServices(JsonObject input)
    {
        var cluster = Cluster(Str(input, "cluster"));
        var names = StrList(input, "services") ?? [];

        // ecs#DescribeServicesRequest.services: "You may specify up to 10 services". ECS's texts for both mistakes, as
        // its SDKs report them (https://github.com/boltops-tools/aws-inventory/issues/4,
        // https://github.com/remind101/empire/issues/468).
        if (names.Count == 0)
        {
            throw EcsApiException.InvalidParameter("Services cannot be empty.");
        }

        if (names.Count > 10)
        {
            throw EcsApiException.InvalidParameter("service names can have at most 10 items.");
        }

        var includeTags = Includes(input, "TAGS");
        var services = new JsonArray();
        var failures = new JsonArray();
        foreach (var name in names)
        {
            if (cluster.Services.TryGetValue(LastSegment(name), out var service))
            {
                services.Add(RenderService(service, includeTags));
            }
            else
            {
                // A missing service is a failure with reason MISSING, not an error (ecs#DescribeServicesResponse.failures; the AWS CLI's
                // services-stable waiter, botocore ecs/2014-11-13/waiters-2.json, fails on failures[].reason MISSING).
                failures.Add(Failure(name.StartsWith("arn:", StringComparison.Ordinal) ? name : $"arn:aws:ecs:{Region}:{Account}:service/{cluster.Name}/{name}", "MISSING"));
            }
        }

        return new JsonObject { ["services"] = services, ["failures"] = failures };
    }

    private JsonObject ListServices(JsonObject input)
    {
        var cluster = Cluster(Str(input, "cluster"));
        var arns = cluster.Services.Values.Where(s => s.Status != "INACTIVE").OrderBy(s => s.CreatedAt).ThenBy(s => s.Name, StringComparer.Ordinal).Select(s => s.Arn).ToList();

        // ecs#ListServicesRequest.maxResults: ListServices pages default to 10.
        var (page, next) = Page(arns, input, 10);
        return PageResult("serviceArns", page, next);
    }

    private JsonObject DeleteService(JsonObject input)
    {
        var cluster = Cluster(Str(input, "cluster"));
        var service = Service(cluster, Str(input, "service"));
        if (service.Status != "ACTIVE")
        {
            throw new EcsApiException("ServiceNotActiveException", "Service was not ACTIVE.");
        }

        if (service.DesiredCount > 0 && Bool(input, "force") != true)
        {
            throw EcsApiException.InvalidParameter("The service cannot be stopped while it is scaled above 0.");
        }

        service.DesiredCount = 0;
        service.Status = "DRAINING";
        return new JsonObject { ["service"] = RenderService(service, includeTags: false) };
    }

    // ---------------------------------------------------------------- tasks

    /// <summary><c>ecs#ListTasksRequest</c>: filters, <c>startedBy</c> alone, RUNNING by default, PENDING never returns results, pages of up to 100.</summary>
    private JsonObject ListTasks(JsonObject input)
    {
        var cluster = Cluster(Str(input, "cluster"));
        var family = Str(input, "family");
        var serviceName = Str(input, "serviceName");
        var startedBy = Str(input, "startedBy");
        var launchType = Str(input, "launchType");
        var desired = Str(input, "desiredStatus") ?? "RUNNING";
        if (startedBy is not null && (family ?? serviceName ?? launchType ?? Str(input, "containerInstance")) is not null)
        {
            throw EcsApiException.InvalidParameter("startedBy must be the only filter when it is used.");
        }

        if (serviceName is not null && !cluster.Services.ContainsKey(LastSegment(serviceName)))
        {
            throw EcsApiException.ServiceNotFound();
        }

        var arns = cluster.Tasks
            .Where(t => desired != "PENDING" && t.DesiredStatus == desired)
            .Where(t => family is null || t.TaskDefinition.Family == family)
            .Where(t => serviceName is null || t.Service?.Name == LastSegment(serviceName))
            .Where(t => startedBy is null || t.StartedBy == startedBy)
            .Where(t => launchType is null || t.LaunchType == launchType)
            .Select(t => t.Arn)
            .ToList();
        var (page, next) = Page(arns, input, 100);
        return PageResult("taskArns", page, next);
    }

    private JsonObject DescribeTasks(JsonObject input)
    {
        var cluster = Cluster(Str(input, "cluster"));
        var ids = StrList(input, "tasks") ?? [];

        // ecs#DescribeTasksRequest.tasks: "A list of up to 100 task IDs or full ARN entries". ECS's texts for both
        // mistakes, as its SDKs report them (https://github.com/segmentio/specs/pull/58,
        // https://github.com/sil-org/ecs-deploy/issues/266).
        if (ids.Count == 0)
        {
            throw EcsApiException.InvalidParameter("Tasks cannot be empty.");
        }

        if (ids.Count > 100)
        {
            throw EcsApiException.InvalidParameter("taskIds can have at most 100 items.");
        }

        var includeTags = Includes(input, "TAGS");
        var tasks = new JsonArray();
        var failures = new JsonArray();
        foreach (var id in ids)
        {
            var task = cluster.Tasks.FirstOrDefault(t => t.Id == LastSegment(id));
            if (task is null)
            {
                failures.Add(Failure(id.StartsWith("arn:", StringComparison.Ordinal) ? id : $"arn:aws:ecs:{Region}:{Account}:task/{cluster.Name}/{id}", "MISSING"));
            }
            else
            {
                tasks.Add(RenderTask(task, includeTags));
            }
        }

        return new JsonObject { ["tasks"] = tasks, ["failures"] = failures };
    }

    private JsonObject RunTask(JsonObject input)
    {
        var cluster = Cluster(Str(input, "cluster"));
        var taskDefinition = TaskDefinition(Str(input, "taskDefinition") ?? string.Empty, "TaskDefinition not found.");
        var count = Int(input, "count") ?? 1;
        if (count is < 1 or > 10)
        {
            throw EcsApiException.InvalidParameter("count must be between 1 and 10.");
        }

        // ecs#RunTaskRequest.clientToken: clientToken is RunTask's idempotency token.
        var clientToken = Str(input, "clientToken");
        if (clientToken is not null)
        {
            var earlier = cluster.Tasks.Where(t => t.ClientToken == clientToken).ToList();
            if (earlier.Count > 0)
            {
                return new JsonObject { ["tasks"] = new JsonArray(earlier.Select(t => (JsonNode)RenderTask(t, false)).ToArray()), ["failures"] = new JsonArray() };
            }
        }

        var behaviour = BehaviourOf(taskDefinition);
        var tasks = new JsonArray();
        var failures = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            if (behaviour.NoCapacity)
            {
                // No capacity: RunTask answers a failure per task instead of an error (ecs#RunTaskResponse.failures).
                failures.Add(Failure(cluster.Arn, "RESOURCE:CPU"));
                continue;
            }

            var task = NewTask(cluster, taskDefinition, null, null, Str(input, "startedBy"), Str(input, "group") ?? $"family:{taskDefinition.Family}",
                Str(input, "launchType") ?? "FARGATE", input["overrides"]?.DeepClone() as JsonObject, Tags(input), clientToken, _now);
            tasks.Add(RenderTask(task, includeTags: false));
        }

        return new JsonObject { ["tasks"] = tasks, ["failures"] = failures };
    }

    private JsonObject StopTaskOperation(JsonObject input)
    {
        var cluster = Cluster(Str(input, "cluster"));
        var id = LastSegment(Str(input, "task") ?? string.Empty);
        var task = cluster.Tasks.FirstOrDefault(t => t.Id == id) ?? throw EcsApiException.InvalidParameter("The referenced task was not found.");

        // ecs#TaskStopCode, ecs#StopTaskRequest.reason: stop code UserInitiated, stoppedReason the caller's reason.
        StopTask(task, "UserInitiated", Str(input, "reason") ?? "Task stopped by user", immediate: false);
        return new JsonObject { ["task"] = RenderTask(task, includeTags: false) };
    }

    // ---------------------------------------------------------------- service deployments

    private JsonObject ListServiceDeployments(JsonObject input)
    {
        var cluster = Cluster(Str(input, "cluster"));
        var service = Service(cluster, Str(input, "service"));
        var statuses = StrList(input, "status");
        var createdAt = Structure(input, "createdAt");
        var after = ReadTimestamp(createdAt?["after"]);
        var before = ReadTimestamp(createdAt?["before"]);
        var briefs = service.ServiceDeployments
            .Where(sd => statuses is null || statuses.Contains(sd.Status))
            .Where(sd => after is null || sd.CreatedAt >= after)
            .Where(sd => before is null || sd.CreatedAt <= before)
            .Select(sd => (JsonNode)RenderBrief(service, sd))
            .ToList();

        // ecs#ListServiceDeploymentsRequest.maxResults: pages of 1 to 100, default 20; newest first [inference: the order is not documented].
        var (page, next) = Page(briefs, input, 20);
        var result = new JsonObject { ["serviceDeployments"] = new JsonArray(page.Select(n => n.DeepClone()).ToArray()) };
        if (next is not null)
        {
            result["nextToken"] = next;
        }

        return result;
    }

    private JsonObject DescribeServiceDeployments(JsonObject input)
    {
        var arns = StrList(input, "serviceDeploymentArns") ?? [];
        if (arns.Count is 0 or > 20)
        {
            // ecs#DescribeServiceDeploymentsRequest.serviceDeploymentArns: "a maximum of 20 ARNs" [inference: ECS's error text is not documented].
            throw EcsApiException.InvalidParameter("serviceDeploymentArns cannot be empty and must contain at most 20 items.");
        }

        var all = _clusters.Values.SelectMany(c => c.Services.Values).SelectMany(s => s.ServiceDeployments.Select(sd => (Service: s, Sd: sd))).ToList();
        var found = new JsonArray();
        var failures = new JsonArray();
        foreach (var arn in arns)
        {
            var match = all.FirstOrDefault(x => x.Sd.Arn == arn);
            if (match.Sd is null)
            {
                failures.Add(Failure(arn, "MISSING"));
            }
            else
            {
                found.Add(RenderServiceDeployment(match.Service, match.Sd));
            }
        }

        return new JsonObject { ["serviceDeployments"] = found, ["failures"] = failures };
    }

    /// <summary>
    /// <c>ecs#StopServiceDeployment</c> with stopType ROLLBACK ("The valid values are ROLLBACK"): allowed while the deployment
    /// is PENDING, IN_PROGRESS, STOP_REQUESTED, ROLLBACK_REQUESTED or ROLLBACK_IN_PROGRESS, and only while blue still runs,
    /// that is before CLEAN_UP (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stop-service-deployment.html);
    /// otherwise a ConflictException.
    /// </summary>
    private JsonObject StopServiceDeployment(JsonObject input)
    {
        var (service, sd) = FindServiceDeployment(Str(input, "serviceDeploymentArn"));
        var stopType = Str(input, "stopType") ?? "ROLLBACK";
        if (stopType != "ROLLBACK")
        {
            throw EcsApiException.InvalidParameter($"stopType {stopType} is not supported: the valid values are ROLLBACK.");
        }

        if (sd.Status is "STOP_REQUESTED" or "ROLLBACK_REQUESTED" or "ROLLBACK_IN_PROGRESS")
        {
            return new JsonObject { ["serviceDeploymentArn"] = sd.Arn };
        }

        if (sd.Status is not ("PENDING" or "IN_PROGRESS") || sd.Native?.Stage == "CLEAN_UP")
        {
            var state = sd.Native?.Stage == "CLEAN_UP" && !sd.IsFinished ? "in CLEAN_UP" : sd.Status;
            throw new EcsApiException("ConflictException", $"The service deployment {sd.Arn} is {state} and cannot be stopped.");
        }

        // [inference: ECS's rollback reason for a user's stop is not documented]
        const string Reason = "Service deployment rolled back because of a StopServiceDeployment request.";
        if (sd.Native is not null)
        {
            RollBackNative(service, sd, Reason, requested: true);
        }
        else if (service.LastCompleted is { } previous && service.Deployments.FirstOrDefault(d => ReferenceEquals(d.ServiceDeployment, sd)) is { } deployment)
        {
            deployment.RolloutState = "FAILED";
            deployment.RolloutStateReason = Reason;
            RollBackRolling(service, deployment, previous, Reason, Reason, $"ECS deployment rolling back to deploymentId {previous.Id}.");
        }
        else
        {
            throw new EcsApiException("ConflictException", $"The service deployment {sd.Arn} has no previous service revision to roll back to.");
        }

        return new JsonObject { ["serviceDeploymentArn"] = sd.Arn };
    }

    /// <summary>
    /// <c>ecs#ContinueServiceDeployment</c>: CONTINUE (the default) lets a PAUSE hook that is AWAITING_ACTION succeed,
    /// ROLLBACK fails it and rolls the deployment back. The model lists no ConflictException for the operation, so a hook
    /// that is not awaiting action, or a deployment that is not in progress, is an InvalidParameterException.
    /// </summary>
    private JsonObject ContinueServiceDeployment(JsonObject input)
    {
        var (service, sd) = FindServiceDeployment(Str(input, "serviceDeploymentArn"));
        var hookId = Str(input, "hookId");
        var action = Str(input, "action") ?? "CONTINUE";
        if (action is not ("CONTINUE" or "ROLLBACK"))
        {
            throw EcsApiException.InvalidParameter($"action must be CONTINUE or ROLLBACK, not {action}.");
        }

        if (sd.Native is null || sd.Status != "IN_PROGRESS")
        {
            throw EcsApiException.InvalidParameter($"The service deployment {sd.Arn} is {sd.Status}; it is not paused at a lifecycle hook.");
        }

        var hook = sd.Native.Hooks.FirstOrDefault(h => h.HookId == hookId && h.Status == "AWAITING_ACTION")
            ?? throw EcsApiException.InvalidParameter($"The lifecycle hook {hookId} of the service deployment {sd.Arn} is not awaiting action.");
        sd.UpdatedAt = _now;
        if (action == "CONTINUE")
        {
            hook.Status = "SUCCEEDED";
        }
        else
        {
            hook.Status = "FAILED";

            // [inference: ECS's rollback reason is not documented]
            RollBackNative(service, sd, $"Service deployment rolled back because the lifecycle hook {hook.HookId} was rolled back by a ContinueServiceDeployment request.", requested: false);
        }

        return new JsonObject { ["serviceDeploymentArn"] = sd.Arn };
    }

    /// <summary><c>ecs#DescribeServiceRevisions</c>: up to 20 ARNs; an unknown one is a failure with reason MISSING.</summary>
    private JsonObject DescribeServiceRevisions(JsonObject input)
    {
        var arns = StrList(input, "serviceRevisionArns") ?? [];
        if (arns.Count is 0 or > 20)
        {
            // ecs#DescribeServiceRevisionsRequest.serviceRevisionArns: "You can specify a maximum of 20 ARNs." [inference: ECS's error text is not documented].
            throw EcsApiException.InvalidParameter("serviceRevisionArns cannot be empty and must contain at most 20 items.");
        }

        var found = new JsonArray();
        var failures = new JsonArray();
        foreach (var arn in arns)
        {
            if (_revisions.TryGetValue(arn, out var revision))
            {
                found.Add(RenderServiceRevision(revision));
            }
            else
            {
                failures.Add(Failure(arn, "MISSING"));
            }
        }

        return new JsonObject { ["serviceRevisions"] = found, ["failures"] = failures };
    }

    /// <exception cref="EcsApiException">ServiceDeploymentNotFoundException: no service deployment has the ARN.</exception>
    private (ServiceState Service, ServiceDeploymentState Sd) FindServiceDeployment(string? arn)
    {
        foreach (var service in _clusters.Values.SelectMany(c => c.Services.Values))
        {
            if (service.ServiceDeployments.FirstOrDefault(sd => sd.Arn == arn) is { } found)
            {
                return (service, found);
            }
        }

        // ecs#ServiceDeploymentNotFoundException: "The service deploy ARN that you specified … doesn't exist."
        throw new EcsApiException("ServiceDeploymentNotFoundException", $"The service deployment {arn} does not exist.");
    }

    /// <summary>
    /// A new service revision (<c>ecs#ServiceRevision</c>) of the service's current configuration. Production traffic of a
    /// load balancer with <c>advancedConfiguration</c> goes to the target group the serving revision does not use when the
    /// deployment is native (green takes the alternate), and stays on the serving one for a rolling deployment.
    /// </summary>
    private ServiceRevisionState NewRevision(ServiceState service, TaskDefinitionState taskDefinition)
    {
        var arn = $"arn:aws:ecs:{Region}:{Account}:service-revision/{service.Cluster.Name}/{service.Name}/{_ids.Digits19()}";
        var serving = service.Deployments.Count > 0 && _revisions.TryGetValue(service.Primary.ServiceRevisionArn, out var current) ? current : null;
        var swap = service.DeploymentConfiguration.IsNative && serving is not null;
        var groups = new List<string?>();
        for (var i = 0; i < service.LoadBalancers.Count; i++)
        {
            var lb = service.LoadBalancers[i];
            var before = serving is not null && i < serving.ProductionTargetGroups.Count ? serving.ProductionTargetGroups[i] : null;
            if (!lb.HasAdvancedConfiguration || before is null || (before != lb.TargetGroupArn && before != lb.AlternateTargetGroupArn))
            {
                groups.Add(lb.TargetGroupArn);
            }
            else
            {
                groups.Add(!swap ? before : before == lb.TargetGroupArn ? lb.AlternateTargetGroupArn : lb.TargetGroupArn);
            }
        }

        var revision = new ServiceRevisionState
        {
            Arn = arn,
            Service = service,
            TaskDefinition = taskDefinition,
            CreatedAt = _now,
            LoadBalancers = service.LoadBalancers,
            NetworkConfiguration = (JsonObject?)service.NetworkConfiguration?.DeepClone(),
            ProductionTargetGroups = groups,
        };
        _revisions[arn] = revision;
        return revision;
    }

    // ---------------------------------------------------------------- lookups and input

    private ClusterState Cluster(string? reference) =>
        _clusters.TryGetValue(LastSegment(reference ?? "default"), out var cluster) ? cluster : throw EcsApiException.ClusterNotFound();

    private static ServiceState Service(ClusterState cluster, string? reference) =>
        reference is not null && cluster.Services.TryGetValue(LastSegment(reference), out var service) ? service : throw EcsApiException.ServiceNotFound();

    /// <summary><c>ecs#DescribeTaskDefinitionRequest.taskDefinition</c>: <c>family</c> (latest ACTIVE), <c>family:revision</c> or an ARN.</summary>
    private TaskDefinitionState TaskDefinition(string reference, string notFound)
    {
        var text = reference.Contains("task-definition/", StringComparison.Ordinal) ? reference[(reference.IndexOf("task-definition/", StringComparison.Ordinal) + 16)..] : reference;
        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            return _families.TryGetValue(text, out var revisions) && revisions.LastOrDefault(r => r.Active) is { } latest
                ? latest
                : throw EcsApiException.Client(notFound);
        }

        var family = text[..colon];
        return _families.TryGetValue(family, out var list) && int.TryParse(text[(colon + 1)..], out var revision) && revision >= 1 && revision <= list.Count
            ? list[revision - 1]
            : throw EcsApiException.Client(notFound);
    }

    private static string LastSegment(string reference)
    {
        if (!reference.StartsWith("arn:", StringComparison.Ordinal))
        {
            return reference;
        }

        var slash = reference.LastIndexOf('/');
        return slash < 0 ? reference : reference[(slash + 1)..];
    }

    private static (List<T> Page, string? Next) Page<T>(List<T> items, JsonObject input, int defaultSize)
    {
        var size = Int(input, "maxResults") ?? defaultSize;
        if (size is < 1 or > 100)
        {
            throw EcsApiException.InvalidParameter("maxResults must be between 1 and 100.");
        }

        var offset = 0;
        if (Str(input, "nextToken") is { } token)
        {
            try
            {
                var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
                if (!text.StartsWith("offset:", StringComparison.Ordinal) || !int.TryParse(text[7..], out offset) || offset < 0)
                {
                    throw EcsApiException.InvalidParameter("Invalid nextToken.");
                }
            }
            catch (FormatException)
            {
                throw EcsApiException.InvalidParameter("Invalid nextToken.");
            }
        }

        var page = items.Skip(offset).Take(size).ToList();
        var end = offset + page.Count;
        return (page, end < items.Count ? Convert.ToBase64String(Encoding.UTF8.GetBytes($"offset:{end}")) : null);
    }

    private static JsonObject PageResult(string member, List<string> page, string? next)
    {
        var result = new JsonObject { [member] = new JsonArray(page.Select(s => (JsonNode)JsonValue.Create(s)).ToArray()) };
        if (next is not null)
        {
            result["nextToken"] = next;
        }

        return result;
    }

    private static JsonObject Failure(string arn, string reason) => new() { ["arn"] = arn, ["reason"] = reason };

    private static bool Includes(JsonObject input, string value) => StrList(input, "include")?.Contains(value) == true;

    /// <summary><c>ecs#Tag</c> list of a request; a tag that is not an object is a SerializationException.</summary>
    private static List<ResourceTag> Tags(JsonObject input) => input["tags"] switch
    {
        null => [],
        JsonArray tags => tags.Select(tag => tag is JsonObject pair
            ? new ResourceTag(StrictStr(pair, "key"), StrictStr(pair, "value"))
            : throw Serialization("tags: expected a list of objects.")).ToList(),
        var other => throw Serialization($"tags: expected a list, found {other.GetValueKind()}."),
    };

    /// <summary><c>ecs#NetworkConfiguration</c> of a request, kept as sent.</summary>
    private static JsonObject? NetworkConfiguration(JsonObject input)
    {
        var network = Structure(input, "networkConfiguration");
        if (network is not null && Structure(network, "awsvpcConfiguration") is { } vpc && vpc["subnets"] is not (null or JsonArray))
        {
            throw Serialization("subnets: expected a list.");
        }

        return (JsonObject?)network?.DeepClone();
    }

    /// <summary><c>ecs#LoadBalancer</c> list of a request, kept as sent; <c>null</c> when the request has none.</summary>
    private static List<LoadBalancerState>? LoadBalancers(JsonObject input) => input["loadBalancers"] switch
    {
        null => null,
        JsonArray list => list.Select(entry =>
        {
            var lb = entry as JsonObject ?? throw Serialization("loadBalancers: expected a list of objects.");
            var advanced = Structure(lb, "advancedConfiguration");
            return new LoadBalancerState((JsonObject)lb.DeepClone(), StrictStr(lb, "targetGroupArn"),
                advanced is null ? null : StrictStr(advanced, "alternateTargetGroupArn"),
                advanced is null ? null : StrictStr(advanced, "productionListenerRule"),
                advanced is null ? null : StrictStr(advanced, "testListenerRule"));
        }).ToList(),
        var other => throw Serialization($"loadBalancers: expected a list, found {other.GetValueKind()}."),
    };
}
