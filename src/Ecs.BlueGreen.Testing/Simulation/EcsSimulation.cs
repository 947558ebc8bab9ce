using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ecs.BlueGreen.Testing.Scenarios;
using static Ecs.BlueGreen.Testing.Simulation.WireJson;

namespace Ecs.BlueGreen.Testing.Simulation;

/// <summary>
/// One simulated account and region. Not thread-safe: <see cref="EcsEmulator"/> serialises access.
/// Time moves only through <see cref="AdvanceTo"/>, in steps of one simulated second, so a run is
/// decided by the scenario, the calls and the clock alone.
/// </summary>
internal sealed partial class EcsSimulation
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    // ecs#DeploymentConfiguration.minimumHealthyPercent: without a container health check a task counts as healthy after 40 s in RUNNING.
    private static readonly TimeSpan HealthyWithoutCheck = TimeSpan.FromSeconds(40);

    // ecs#DescribeTasks: stopped tasks remain describable for at least an hour.
    private static readonly TimeSpan StoppedRetention = TimeSpan.FromHours(1);

    // ecs#Service.events: "A maximum of 100 of the latest events are displayed."
    private const int MaxEvents = 100;

    // Scheduler retry interval after a placement failure [inference: ECS retries placement periodically; the interval is not documented].
    private static readonly TimeSpan PlacementRetry = TimeSpan.FromSeconds(15);

    private readonly EmulatorScenario _scenario;
    private readonly IdGenerator _ids;
    private readonly Dictionary<string, ClusterState> _clusters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<TaskDefinitionState>> _families = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServiceRevisionState> _revisions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ListenerRule> _listenerRules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ImageBehaviour> _imageChanges = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ImageBehaviour> _taskDefinitionChanges = new(StringComparer.Ordinal);
    private DateTimeOffset _now;

    public EcsSimulation(EmulatorScenario scenario, DateTimeOffset start)
    {
        _scenario = scenario;
        _ids = new IdGenerator(scenario.Seed);
        _now = start;
        Start = start;
        ApplyScenario();
    }

    public DateTimeOffset Start { get; }

    /// <summary>The simulated time the state has been computed up to.</summary>
    public DateTimeOffset Now => _now;

    private string Region => _scenario.Region;

    private string Account => _scenario.AccountId;

    /// <summary>Runs every simulated second up to <paramref name="time"/>.</summary>
    public void AdvanceTo(DateTimeOffset time)
    {
        while (_now + Step <= time)
        {
            _now += Step;
            RunStep();
        }
    }

    /// <exception cref="EmulatorScenarioException">An entry cannot be applied; the message names it.</exception>
    private void ApplyScenario()
    {
        ApplyEcrRepositories();
        for (var i = 0; i < _scenario.ListenerRules.Count; i++)
        {
            var rule = _scenario.ListenerRules[i];
            var entry = Entry("listenerRules", i, rule.Arn);
            if (string.IsNullOrEmpty(rule.Arn))
            {
                throw new EmulatorScenarioException(entry, "it has no \"arn\".");
            }

            if (!_listenerRules.TryAdd(rule.Arn, rule))
            {
                throw new EmulatorScenarioException(entry, "another listener rule has the same \"arn\".");
            }

            if (rule.Port is < 0 or > 65535)
            {
                throw new EmulatorScenarioException(entry, "its \"port\" must be between 0 and 65535.");
            }
        }

        for (var i = 0; i < _scenario.Clusters.Count; i++)
        {
            var name = _scenario.Clusters[i];
            Apply(Entry("clusters", i, name), () => Execute("CreateCluster", new JsonObject { ["clusterName"] = name }));
        }

        for (var i = 0; i < _scenario.TaskDefinitions.Count; i++)
        {
            var body = (JsonObject)_scenario.TaskDefinitions[i].DeepClone();
            Apply(Entry("taskDefinitions", i, Str(body, "family")), () => Execute("RegisterTaskDefinition", body));
        }

        for (var i = 0; i < _scenario.Services.Count; i++)
        {
            var body = (JsonObject)_scenario.Services[i].DeepClone();
            var entry = Entry("services", i, Str(body, "serviceName"));
            Apply(entry, () =>
            {
                CheckScenarioService(entry, body);
                var steady = body["steady"]?.GetValue<bool>() ?? true;
                body.Remove("steady");
                var created = CreateServiceCore(body);
                if (steady)
                {
                    MakeSteady(created);
                }
            });
        }

        ApplyCodeDeployScenario();
    }

    /// <summary>The mistakes a scenario service is most likely to make, said in the scenario's own terms.</summary>
    private void CheckScenarioService(string entry, JsonObject body)
    {
        var cluster = Str(body, "cluster") ?? "default";
        if (!_clusters.ContainsKey(LastSegment(cluster)))
        {
            throw new EmulatorScenarioException(entry, $"the cluster \"{cluster}\" is not in the scenario's \"clusters\".");
        }

        var controller = body["deploymentController"]?["type"]?.GetValue<string>() ?? "ECS";
        if (controller is not ("ECS" or "CODE_DEPLOY"))
        {
            throw new EmulatorScenarioException(entry, $"the emulator runs services with the ECS or CODE_DEPLOY deployment controller only, not {controller}.");
        }

        if (Str(body, "taskDefinition") is not { } reference)
        {
            throw new EmulatorScenarioException(entry, "it names no \"taskDefinition\".");
        }

        try
        {
            TaskDefinition(reference, "TaskDefinition not found.");
        }
        catch (EcsApiException)
        {
            throw new EmulatorScenarioException(entry, $"the task definition \"{reference}\" is not registered by the scenario's \"taskDefinitions\".");
        }
    }

    private static string Entry(string list, int index, string? name) => name is null ? $"{list}[{index}]" : $"{list}[{index}] \"{name}\"";

    /// <summary>Applies one scenario entry; any error becomes an <see cref="EmulatorScenarioException"/> that names the entry.</summary>
    private static void Apply(string entry, Action apply)
    {
        try
        {
            apply();
        }
        catch (EcsApiException e)
        {
            // As ECS would refuse the same request.
            throw new EmulatorScenarioException(entry, $"ECS would refuse it: {e.ErrorType}: {e.Message}", e);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException)
        {
            // A member of the wrong JSON type, for example "steady": "yes".
            throw new EmulatorScenarioException(entry, $"a member has the wrong type: {e.Message}", e);
        }
    }

    /// <summary>Starts a scenario service as if it had been running for a while: tasks healthy, deployment COMPLETED.</summary>
    private void MakeSteady(ServiceState service)
    {
        var deployment = service.Primary;
        var since = _now - TimeSpan.FromMinutes(5);
        for (var i = 0; i < service.DesiredCount; i++)
        {
            var task = NewTask(service.Cluster, deployment.TaskDefinition, service, deployment, deployment.Id, $"service:{service.Name}", service.LaunchType, null, [], null, since);
            task.LastStatus = "RUNNING";
            task.PullStartedAt = since;
            task.PullStoppedAt = since;
            ResolveDigests(task);
            task.StartedAt = since;
            task.CountedHealthyAt = since;
            foreach (var container in task.Containers)
            {
                container.LastStatus = "RUNNING";
                container.HealthStatus = container.HasHealthCheck ? "HEALTHY" : "UNKNOWN";
            }

            WriteDueLogLines(task);

            task.HealthStatus = task.HasHealthCheck ? "HEALTHY" : "UNKNOWN";
        }

        Complete(service, deployment);
    }

    private void RunStep()
    {
        foreach (var cluster in _clusters.Values)
        {
            foreach (var task in cluster.Tasks.ToList())
            {
                AdvanceTask(task);
            }

            foreach (var service in cluster.Services.Values.ToList())
            {
                Schedule(service);
            }

            cluster.Tasks.RemoveAll(t => t.StoppedAt is { } stoppedAt && _now - stoppedAt > StoppedRetention);
        }

        StepCodeDeploy();
    }

    // ---------------------------------------------------------------- tasks

    /// <summary>
    /// One second of a task's lifecycle, PROVISIONING → PENDING → RUNNING → (DEACTIVATING) → STOPPED
    /// (<c>ecs#Task</c> for the timestamps, <c>ecs#TaskStopCode</c> for the stop codes, https://repost.aws/knowledge-center/ecs-task-stopped for the reasons).
    /// </summary>
    private void AdvanceTask(TaskState task)
    {
        if (task.IsStopped)
        {
            return;
        }

        var b = task.Behaviour;
        if (task.DesiredStatus == "STOPPED")
        {
            // A stop takes StopSeconds (SIGTERM then exit; the ecs#UpdateService documentation allows up to 30 s, and a
            // load balancer's deregistration delay comes first).
            if (task.StoppingAt is { } stoppingAt && _now - stoppingAt >= TimeSpan.FromSeconds(Math.Max(1, b.StopSeconds)))
            {
                var wasRunning = task.StartedAt is not null;
                FinishStop(task, exitCode: wasRunning ? 0 : null);
            }

            return;
        }

        switch (task.LastStatus)
        {
            case "PROVISIONING":
                task.LastStatus = "PENDING";
                task.PullStartedAt = _now;
                ResolveDigests(task);
                task.Version++;
                break;
            case "PENDING":
                if (b.StuckPending)
                {
                    break;
                }

                if (b.PullFailure)
                {
                    // CannotPullContainerError (https://docs.aws.amazon.com/AmazonECS/latest/userguide/stopped-task-error-codes.html),
                    // stop code TaskFailedToStart (ecs#TaskStopCode).
                    var image = task.Containers.First(c => c.Essential).Image;
                    var reason = $"CannotPullContainerError: pull image manifest has been retried 7 time(s): failed to resolve ref {image}: not found";
                    foreach (var container in task.Containers)
                    {
                        container.Reason = reason;
                    }

                    StopTask(task, "TaskFailedToStart", reason, immediate: true);
                    OnTaskFailed(task);
                    break;
                }

                if (_now - task.PullStartedAt >= TimeSpan.FromSeconds(Math.Max(1, b.StartupSeconds)))
                {
                    task.PullStoppedAt ??= _now - Step;
                    task.LastStatus = "RUNNING";
                    task.StartedAt = _now;
                    task.Version++;
                    foreach (var container in task.Containers)
                    {
                        container.LastStatus = "RUNNING";
                    }

                    WriteDueLogLines(task);
                }
                else if (_now - task.PullStartedAt >= Step)
                {
                    task.PullStoppedAt ??= _now;
                }

                break;
            case "RUNNING":
                AdvanceRunningTask(task);
                break;
        }
    }

    private void AdvanceRunningTask(TaskState task)
    {
        var b = task.Behaviour;
        var running = _now - task.StartedAt!.Value;
        WriteDueLogLines(task);

        if (task.Service is null && b.RunTaskExitCode is { } runExit && running >= TimeSpan.FromSeconds(b.RunTaskSeconds))
        {
            FlushLogLines(task);
            ExitEssential(task, runExit, null);
            foreach (var container in task.Containers.Where(c => b.RunTaskContainerExitCodes.ContainsKey(c.Name)))
            {
                container.ExitCode = b.RunTaskContainerExitCodes[container.Name];
            }

            return;
        }

        if (b.CrashAfterSeconds is { } crashAfter && running >= TimeSpan.FromSeconds(crashAfter))
        {
            FlushLogLines(task);
            ExitEssential(task, b.ExitCode, b.CrashReason);
            OnTaskFailed(task);
            return;
        }

        if (task.HasHealthCheck && task.HealthStatus == "UNKNOWN" && running >= TimeSpan.FromSeconds(b.HealthCheckSeconds))
        {
            var status = b.Healthy ? "HEALTHY" : "UNHEALTHY";
            task.HealthStatus = status;
            task.Version++;
            foreach (var container in task.Containers.Where(c => c.HasHealthCheck || !b.Healthy))
            {
                container.HealthStatus = status;
            }

            if (!b.Healthy && task.Service is not null)
            {
                // "Task failed container health checks" [inference: the wording ECS uses, not documented]; the scheduler stops it.
                AddEvent(task.Service, $"(service {task.Service.Name}) (task {task.Id}) failed container health checks.");
                StopTask(task, "ServiceSchedulerInitiated", "Task failed container health checks", immediate: false);
                OnTaskFailed(task);
                return;
            }
        }

        if (task.CountedHealthyAt is null && task.Deployment is not null)
        {
            // ecs#DeploymentConfiguration.minimumHealthyPercent: healthy after HEALTHY with a health check, after 40 s RUNNING without.
            var healthy = task.HasHealthCheck ? task.HealthStatus == "HEALTHY" : running >= HealthyWithoutCheck;
            if (healthy)
            {
                task.CountedHealthyAt = _now;
                OnTaskHealthy(task);
            }
        }
    }

    private void ExitEssential(TaskState task, int exitCode, string? reason)
    {
        foreach (var container in task.Containers)
        {
            container.ExitCode = container.Essential ? exitCode : 0;
            container.Reason = container.Essential ? reason : null;
        }

        // "Essential container in task exited" (https://repost.aws/knowledge-center/ecs-task-stopped), stop code EssentialContainerExited (ecs#TaskStopCode).
        StopTask(task, "EssentialContainerExited", "Essential container in task exited", immediate: true, keepExitCodes: true);
    }

    private void StopTask(TaskState task, string stopCode, string reason, bool immediate, bool keepExitCodes = false)
    {
        if (task.IsStopped || task.DesiredStatus == "STOPPED")
        {
            return;
        }

        task.DesiredStatus = "STOPPED";
        task.StopCode = stopCode;
        task.StoppedReason = reason;
        task.StoppingAt = _now;
        task.Version++;
        if (immediate)
        {
            FinishStop(task, keepExitCodes ? null : (task.StartedAt is null ? null : 0), keepExitCodes);
        }
        else
        {
            task.LastStatus = "DEACTIVATING";
        }
    }

    private void FinishStop(TaskState task, int? exitCode, bool keepExitCodes = false)
    {
        task.LastStatus = "STOPPED";
        task.DesiredStatus = "STOPPED";
        task.StoppingAt ??= _now;
        task.StoppedAt = _now;
        task.Version++;
        if (task.PullStartedAt is not null)
        {
            task.PullStoppedAt ??= _now;
        }

        foreach (var container in task.Containers)
        {
            if (!keepExitCodes && container.ExitCode is null && task.StartedAt is not null)
            {
                container.ExitCode = exitCode;
            }

            container.LastStatus = "STOPPED";
        }
    }

    /// <summary>
    /// A task of a deployment failed before it counted as healthy: it adds to <c>failedTasks</c>
    /// (<c>ecs#Deployment.failedTasks</c>) and to the circuit breaker's count
    /// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html).
    /// </summary>
    private void OnTaskFailed(TaskState task)
    {
        if (task.Service is not { } service || task.Deployment is not { } deployment || task.CountedHealthyAt is not null)
        {
            return;
        }

        RecordFailure(service, deployment);
    }

    private void RecordFailure(ServiceState service, DeploymentState deployment)
    {
        deployment.FailedTasks++;
        deployment.UpdatedAt = _now;
        if (service.IsCodeDeploy)
        {
            // A task set has no circuit breaker; CodeDeploy judges the replacement task set (EcsSimulation.CodeDeploy.cs).
            return;
        }

        if (deployment.RolloutState != "IN_PROGRESS" || !ReferenceEquals(service.Primary, deployment))
        {
            return;
        }

        var breaker = service.DeploymentConfiguration.CircuitBreaker;
        var threshold = CircuitBreakerThreshold(service.DesiredCount, breaker);
        deployment.ServiceDeployment.FailureCount = deployment.FailedTasks;
        deployment.ServiceDeployment.Threshold = threshold;
        if (breaker.Enable && deployment.FailedTasks >= threshold && deployment.ServiceDeployment.Native is not null)
        {
            TripNativeCircuitBreaker(service, deployment.ServiceDeployment, breaker.Rollback);
            return;
        }

        if (breaker.Enable && deployment.FailedTasks >= threshold)
        {
            FailDeployment(service, deployment, breaker.Rollback);
            return;
        }

        // "… is unable to consistently start tasks successfully." (the service throttle logic,
        // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-throttle-logic.html). Emitted once per
        // deployment when the failures reach the threshold the circuit breaker would use [inference: the trigger point is not documented].
        if (!deployment.WarnedInconsistentStarts && deployment.FailedTasks >= threshold)
        {
            deployment.WarnedInconsistentStarts = true;
            AddEvent(service, $"(service {service.Name}) is unable to consistently start tasks successfully. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.");
        }
    }

    /// <summary>
    /// <c>ecs#ServiceDeploymentCircuitBreaker.threshold</c>: the documented threshold is <c>0.5 × desired count</c>, at
    /// least 3 and at most 200 (BOUNDED_PERCENT 50 by default, <c>ecs#ThresholdConfiguration</c>), rounded up as the 2023
    /// developer guide states (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html); COUNT uses the value
    /// directly; UNBOUNDED_PERCENT has no bounds (at least 1).
    /// </summary>
    internal static int CircuitBreakerThreshold(int desiredCount, CircuitBreakerSettings breaker)
    {
        var value = breaker.ThresholdValue;
        return breaker.ThresholdType switch
        {
            "COUNT" => Math.Max(1, value),
            "UNBOUNDED_PERCENT" => Math.Max(1, (int)Math.Ceiling(desiredCount * value / 100.0)),
            _ => Math.Clamp((int)Math.Ceiling(desiredCount * value / 100.0), 3, 200),
        };
    }

    private static void OnTaskHealthy(TaskState task)
    {
        if (task.Service is not { } service || task.Deployment is not { } deployment)
        {
            return;
        }

        // ecs#DeploymentCircuitBreaker.resetOnHealthyTask (default true) resets the failure count.
        if (service.DeploymentConfiguration.CircuitBreaker.ResetOnHealthyTask && deployment.RolloutState == "IN_PROGRESS")
        {
            deployment.FailedTasks = 0;
            deployment.ServiceDeployment.FailureCount = 0;
        }
    }

    // ---------------------------------------------------------------- services

    /// <summary>
    /// One second of the rolling-update scheduler (<c>ecs#DeploymentConfiguration</c>): start tasks of the PRIMARY
    /// deployment while RUNNING+PENDING stays within <c>maximumPercent</c> (rounded down), and stop tasks of
    /// older deployments while healthy tasks stay at or above <c>minimumHealthyPercent</c> (rounded up).
    /// </summary>
    private void Schedule(ServiceState service)
    {
        if (service.Deployments.Count == 0)
        {
            return;
        }

        var tasks = service.Cluster.Tasks.Where(t => ReferenceEquals(t.Service, service) && !t.IsStopped).ToList();
        if (service.Status != "ACTIVE")
        {
            foreach (var task in tasks.Where(t => t.IsLive))
            {
                StopTask(task, "ServiceSchedulerInitiated", "Service is being deleted", immediate: false);
            }

            if (tasks.Count == 0)
            {
                service.Status = "INACTIVE";
                service.Deployments.Clear();
            }

            return;
        }

        if (service.IsCodeDeploy)
        {
            ScheduleTaskSets(service);
            return;
        }

        if (service.ServiceDeployments.FirstOrDefault() is { Native: not null } native && native.Status is not ("SUCCESSFUL" or "ROLLBACK_SUCCESSFUL"))
        {
            // A BLUE_GREEN, LINEAR or CANARY deployment runs its own workflow; the rolling scheduler takes over once it has finished.
            ScheduleNative(service, native);
            return;
        }

        var primary = service.Primary;
        var desired = service.DesiredCount;
        var config = service.DeploymentConfiguration;
        var minimumHealthy = (int)Math.Ceiling(desired * config.MinimumHealthyPercent / 100.0);
        var maximum = (int)Math.Floor(desired * config.MaximumPercent / 100.0);
        var stoppedNames = new List<string>();

        // Scale in the PRIMARY deployment when it has more tasks than desired: unhealthy and newest first.
        var primaryLive = tasks.Where(t => ReferenceEquals(t.Deployment, primary) && t.IsLive).ToList();
        foreach (var task in primaryLive.OrderBy(t => t.CountedHealthyAt is null ? 0 : 1).ThenByDescending(t => t.CreatedAt).Take(Math.Max(0, primaryLive.Count - desired)))
        {
            StopTask(task, "ServiceSchedulerInitiated", $"Scaling activity initiated by (deployment {primary.Id})", immediate: false);
            stoppedNames.Add(task.Id);
        }

        // Stop tasks of older deployments without going under the minimum healthy count.
        var failedPrimary = primary.RolloutState == "FAILED";
        var healthy = tasks.Count(t => t.IsLive && t.CountedHealthyAt is not null && t.DesiredStatus == "RUNNING");
        var canStopHealthy = healthy - minimumHealthy;
        var oldLive = tasks.Where(t => !ReferenceEquals(t.Deployment, primary) && t.IsLive).OrderBy(t => t.CountedHealthyAt is null ? 0 : 1).ThenBy(t => t.CreatedAt).ToList();
        if (!failedPrimary)
        {
            foreach (var task in oldLive)
            {
                var countsHealthy = task.CountedHealthyAt is not null;
                if (countsHealthy)
                {
                    // Only replace a healthy old task once the PRIMARY deployment has started its replacement.
                    if (canStopHealthy <= 0)
                    {
                        continue;
                    }

                    canStopHealthy--;
                }

                StopTask(task, "ServiceSchedulerInitiated", $"Scaling activity initiated by (deployment {primary.Id})", immediate: false);
                stoppedNames.Add(task.Id);
            }
        }

        if (stoppedNames.Count > 0)
        {
            AddEvent(service, $"(service {service.Name}) has stopped {stoppedNames.Count} running tasks: {string.Join(' ', stoppedNames.Select(id => $"(task {id})"))}.");
        }

        // Start tasks of the PRIMARY deployment within maximumPercent. A FAILED deployment launches nothing (ecs#Deployment.rolloutState).
        var live = service.Cluster.Tasks.Count(t => ReferenceEquals(t.Service, service) && !t.IsStopped);
        var primaryCount = service.Cluster.Tasks.Count(t => ReferenceEquals(t.Deployment, primary) && t.IsLive);
        var toStart = Math.Min(desired - primaryCount, maximum - live);
        if (!failedPrimary && desired - primaryCount > 0 && toStart <= 0 && stoppedNames.Count == 0
            && !service.Cluster.Tasks.Any(t => ReferenceEquals(t.Service, service) && !t.IsStopped && (t.DesiredStatus == "STOPPED" || t.CountedHealthyAt is null))
            && !primary.WarnedConfiguration)
        {
            // min/max leave no room to stop or start a task; the event as in
            // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html.
            primary.WarnedConfiguration = true;
            AddEvent(service, $"service {service.Name} was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.");
        }

        if (!failedPrimary && toStart > 0 && (primary.NextPlacementAttempt is null || _now >= primary.NextPlacementAttempt))
        {
            var behaviour = BehaviourOf(primary.TaskDefinition);
            if (behaviour.NoCapacity)
            {
                // The placement-failure event (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html);
                // a task that cannot be launched counts as failed (ecs#Deployment.failedTasks).
                primary.NextPlacementAttempt = _now + PlacementRetry;
                AddEvent(service, $"(service {service.Name}) was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.");
                RecordFailure(service, primary);
            }
            else
            {
                var started = new List<string>();
                for (var i = 0; i < toStart; i++)
                {
                    var task = NewTask(service.Cluster, primary.TaskDefinition, service, primary, primary.Id, $"service:{service.Name}", service.LaunchType, null, [], null, _now);
                    started.Add(task.Id);
                }

                // ECS DG service-event-messages (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html):
                // "(service web) has started 2 tasks: (task a) (task b)."
                AddEvent(service, $"(service {service.Name}) has started {started.Count} tasks: {string.Join(' ', started.Select(id => $"(task {id})"))}.");
            }
        }

        UpdateDeployments(service);
    }

    private void UpdateDeployments(ServiceState service)
    {
        var primary = service.Primary;
        var tasks = service.Cluster.Tasks.Where(t => ReferenceEquals(t.Service, service)).ToList();
        UpdateDeploymentCounts(service, tasks);

        var primaryHealthy = tasks.Count(t => ReferenceEquals(t.Deployment, primary) && t.IsLive && t.CountedHealthyAt is not null);
        var primaryLive = tasks.Count(t => ReferenceEquals(t.Deployment, primary) && t.IsLive);
        var settled = service.Deployments.Count == 1 && primaryLive == service.DesiredCount && primaryHealthy == service.DesiredCount
            && !tasks.Any(t => !t.IsStopped && !t.IsLive);
        if (settled && primary.RolloutState == "IN_PROGRESS")
        {
            Complete(service, primary);
        }
        else if (settled && !service.Steady && primary.RolloutState == "COMPLETED")
        {
            service.Steady = true;
            AddEvent(service, $"(service {service.Name}) has reached a steady state.");
        }
        else if (!settled)
        {
            service.Steady = false;
        }

        var sd = primary.ServiceDeployment;
        sd.UpdatedAt = _now;
    }

    /// <summary>The PRIMARY deployment wants the desired count; an older one its live tasks, and it goes once it has none left.</summary>
    private void UpdateDeploymentCounts(ServiceState service, List<TaskState> tasks)
    {
        service.Primary.DesiredCount = service.DesiredCount;
        foreach (var deployment in service.Deployments.Skip(1).ToList())
        {
            var remaining = tasks.Count(t => ReferenceEquals(t.Deployment, deployment) && !t.IsStopped);
            deployment.DesiredCount = tasks.Count(t => ReferenceEquals(t.Deployment, deployment) && t.IsLive);
            if (remaining > 0)
            {
                deployment.EmptySince = null;
            }
            else if (deployment.EmptySince is null)
            {
                // Listed for one more second with no tasks, so a FAILED rollout stays observable.
                deployment.EmptySince = _now;
            }
            else
            {
                // ecs#Deployment.status: INACTIVE = completely replaced; DescribeServices no longer lists it.
                deployment.Status = "INACTIVE";
                deployment.UpdatedAt = _now;
                service.Deployments.Remove(deployment);
            }
        }
    }

    /// <summary>The rollout reached a steady state (<c>ecs#Deployment.rolloutState</c>): COMPLETED, events, service deployment finished.</summary>
    private void Complete(ServiceState service, DeploymentState deployment)
    {
        deployment.RolloutState = "COMPLETED";
        deployment.RolloutStateReason = $"ECS deployment {deployment.Id} completed.";
        deployment.UpdatedAt = _now;
        service.LastCompleted = deployment;
        var sd = deployment.ServiceDeployment;
        sd.Status = sd.Status is "ROLLBACK_IN_PROGRESS" ? "ROLLBACK_SUCCESSFUL" : "SUCCESSFUL";
        sd.StatusReason ??= null;
        sd.FinishedAt = _now;
        sd.UpdatedAt = _now;
        sd.CircuitBreakerStatus = sd.CircuitBreakerStatus == "DISABLED" ? "DISABLED" : sd.Status == "ROLLBACK_SUCCESSFUL" ? "TRIGGERED" : "MONITORING_COMPLETE";
        AddEvent(service, $"(service {service.Name}) (deployment {deployment.Id}) deployment completed.");
        service.Steady = true;
        AddEvent(service, $"(service {service.Name}) has reached a steady state.");
    }

    /// <summary>
    /// The circuit breaker tripped (<c>ecs#DeploymentCircuitBreaker.rollback</c>,
    /// https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html): the deployment is FAILED; with rollback, the task
    /// definition of the last COMPLETED deployment is deployed again as a new PRIMARY deployment.
    /// </summary>
    private void FailDeployment(ServiceState service, DeploymentState deployment, bool rollback)
    {
        deployment.RolloutState = "FAILED";
        deployment.RolloutStateReason = "ECS deployment circuit breaker: tasks failed to start.";
        deployment.UpdatedAt = _now;
        var sd = deployment.ServiceDeployment;
        sd.CircuitBreakerStatus = "TRIGGERED";
        sd.UpdatedAt = _now;
        AddEvent(service, $"(service {service.Name}) (deployment {deployment.Id}) deployment failed: tasks failed to start.");

        if (sd.Status == "ROLLBACK_IN_PROGRESS")
        {
            // The rollback itself failed: ECS does not roll back a rollback.
            sd.Status = "ROLLBACK_FAILED";
            sd.StoppedAt = _now;
            return;
        }

        if (!rollback || service.LastCompleted is not { } previous)
        {
            sd.Status = "STOPPED";
            sd.StatusReason = "ECS deployment circuit breaker: tasks failed to start.";
            sd.StoppedAt = _now;
            return;
        }

        RollBackRolling(service, deployment, previous, "ECS deployment circuit breaker: tasks failed to start.",
            "Service deployment rolled back because the circuit breaker threshold was exceeded.",
            $"ECS deployment circuit breaker: rolling back to deploymentId {previous.Id}.");
    }

    /// <summary>Deploys the task definition of <paramref name="previous"/> again as a new PRIMARY deployment of the same service deployment.</summary>
    private void RollBackRolling(ServiceState service, DeploymentState deployment, DeploymentState previous, string statusReason, string reason, string rolloutStateReason)
    {
        var sd = deployment.ServiceDeployment;
        AddEvent(service, $"(service {service.Name}) rolling back to deployment {previous.Id}.");
        sd.Status = "ROLLBACK_IN_PROGRESS";
        sd.StatusReason = statusReason;
        sd.Rollback = new RollbackState(reason, _now, previous.ServiceRevisionArn);

        deployment.Status = "ACTIVE";
        var back = new DeploymentState
        {
            Id = NewDeploymentId(),
            TaskDefinition = previous.TaskDefinition,
            CreatedAt = _now,
            UpdatedAt = _now,
            DesiredCount = service.DesiredCount,
            ServiceDeployment = sd,
            ServiceRevisionArn = previous.ServiceRevisionArn,
            RolloutStateReason = rolloutStateReason,
        };
        service.Deployments.Insert(0, back);
    }

    // ---------------------------------------------------------------- helpers

    private TaskState NewTask(ClusterState cluster, TaskDefinitionState taskDefinition, ServiceState? service, DeploymentState? deployment, string? startedBy, string group, string launchType, JsonObject? overrides, List<ResourceTag> tags, string? clientToken, DateTimeOffset createdAt)
    {
        var id = _ids.Hex32();
        var arn = $"arn:aws:ecs:{Region}:{Account}:task/{cluster.Name}/{id}";
        var containers = new List<ContainerState>();
        foreach (var definition in taskDefinition.Document["containerDefinitions"]?.AsArray() ?? [])
        {
            if (definition is not JsonObject container)
            {
                continue;
            }

            var name = container["name"]?.GetValue<string>() ?? "container";
            containers.Add(new ContainerState
            {
                Name = name,
                Image = container["image"]?.GetValue<string>() ?? string.Empty,
                Arn = $"arn:aws:ecs:{Region}:{Account}:container/{cluster.Name}/{id}/{_ids.Guid()}",
                Essential = container["essential"]?.GetValue<bool>() ?? true,
                HasHealthCheck = container["healthCheck"] is JsonObject,
                Log = LogLocation(container, name, arn),
            });
        }

        var task = new TaskState
        {
            Id = id,
            Arn = arn,
            Cluster = cluster,
            TaskDefinition = taskDefinition,
            Behaviour = BehaviourOf(taskDefinition),
            Service = service,
            Deployment = deployment,
            StartedBy = startedBy,
            Group = group,
            LaunchType = launchType,
            Containers = containers,
            Tags = tags,
            Overrides = overrides,
            ClientToken = clientToken,
            CreatedAt = createdAt,
        };
        cluster.Tasks.Add(task);
        return task;
    }

    /// <summary>The behaviours set at run time by image, on top of the scenario's <see cref="EmulatorScenario.Images"/> (a copy).</summary>
    public IReadOnlyDictionary<string, ImageBehaviour> ImageChanges => new Dictionary<string, ImageBehaviour>(_imageChanges, StringComparer.Ordinal);

    /// <summary>The behaviours set at run time by task definition, on top of the scenario's <see cref="EmulatorScenario.TaskDefinitionBehaviours"/> (a copy).</summary>
    public IReadOnlyDictionary<string, ImageBehaviour> TaskDefinitionChanges => new Dictionary<string, ImageBehaviour>(_taskDefinitionChanges, StringComparer.Ordinal);

    /// <summary>
    /// Sets (or, with <c>null</c>, removes) the behaviour of an image or a task definition at run time. Tasks started from
    /// now on take it; with <paramref name="liveTasks"/>, so does every task not yet stopped, from the next simulated second.
    /// </summary>
    public void SetBehaviour(string? image, string? taskDefinition, ImageBehaviour? behaviour, bool liveTasks)
    {
        var (changes, key) = image is not null ? (_imageChanges, image) : (_taskDefinitionChanges, taskDefinition!);
        if (behaviour is null)
        {
            changes.Remove(key);
        }
        else
        {
            changes[key] = behaviour;
        }

        if (!liveTasks)
        {
            return;
        }

        foreach (var task in _clusters.Values.SelectMany(c => c.Tasks).Where(t => !t.IsStopped))
        {
            task.Behaviour = BehaviourOf(task.TaskDefinition);
        }
    }

    /// <summary>
    /// The scripted behaviour: task definition <c>family:revision</c>, then <c>family</c>, then the first essential container's
    /// image; at each of them a behaviour set at run time wins over the scenario's.
    /// </summary>
    private ImageBehaviour BehaviourOf(TaskDefinitionState taskDefinition)
    {
        foreach (var key in (string[])[taskDefinition.FamilyRevision, taskDefinition.Family])
        {
            if (_taskDefinitionChanges.TryGetValue(key, out var changed) || _scenario.TaskDefinitionBehaviours.TryGetValue(key, out changed))
            {
                return changed;
            }
        }

        foreach (var definition in taskDefinition.Document["containerDefinitions"]?.AsArray() ?? [])
        {
            var image = definition?["image"]?.GetValue<string>();
            if (image is not null && (_imageChanges.TryGetValue(image, out var byImage) || _scenario.Images.TryGetValue(image, out byImage)))
            {
                return byImage;
            }
        }

        return ImageBehaviour.Default;
    }

    private void AddEvent(ServiceState service, string message)
    {
        service.Events.Insert(0, new ServiceEventState(_ids.Guid().ToString(), _now, message));
        if (service.Events.Count > MaxEvents)
        {
            service.Events.RemoveRange(MaxEvents, service.Events.Count - MaxEvents);
        }
    }

    private string NewDeploymentId() => $"ecs-svc/{_ids.Digits19()}";

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
