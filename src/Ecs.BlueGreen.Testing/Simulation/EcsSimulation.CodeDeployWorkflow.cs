using System.Text.Json.Nodes;
using Ecs.BlueGreen.Testing.Scenarios;
using static Ecs.BlueGreen.Testing.Simulation.WireJson;

namespace Ecs.BlueGreen.Testing.Simulation;

/// <summary>
/// The workflow of a CodeDeploy blue/green deployment of an ECS service, one simulated second at a time: the lifecycle
/// events in the order of https://docs.aws.amazon.com/codedeploy/latest/userguide/deployment-steps-ecs.html
/// (BeforeInstall, Install, AfterInstall, AllowTestTraffic, AfterAllowTestTraffic, BeforeAllowTraffic, AllowTraffic,
/// AfterAllowTraffic), the ready wait, the traffic shift of the deployment configuration, the termination wait, the
/// rollbacks; and the task sets of CODE_DEPLOY services (<c>ecs#TaskSet</c>), which the listeners route to by weight.
/// </summary>
internal sealed partial class EcsSimulation
{
    /// <summary>The lifecycle events of an ECS deployment, in order.</summary>
    private static readonly string[] LifecycleEventOrder =
        ["BeforeInstall", "Install", "AfterInstall", "AllowTestTraffic", "AfterAllowTestTraffic", "BeforeAllowTraffic", "AllowTraffic", "AfterAllowTraffic"];

    // "The deployment is considered to have failed if CodeDeploy is not notified by the Lambda validation function within one hour."
    // (https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html)
    private static readonly TimeSpan HookTimeout = TimeSpan.FromHours(1);

    // How long Install waits for the replacement task set to become healthy [inference: an hour, as a lifecycle event (limits.html)].
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromHours(1);

    // ---------------------------------------------------------------- task sets

    /// <summary>A CODE_DEPLOY service starts with one PRIMARY task set running its task definition, serving all traffic.</summary>
    private void AddPrimaryTaskSet(ServiceState service)
    {
        var lb = service.LoadBalancers.FirstOrDefault();
        var id = NewDeploymentId();
        service.TaskSets.Add(new TaskSetState
        {
            Id = id,
            Arn = $"arn:aws:ecs:{Region}:{Account}:task-set/{service.Cluster.Name}/{service.Name}/{id}",
            Tasks = service.Primary,
            Status = "PRIMARY",
            TargetGroupArn = lb?.TargetGroupArn ?? string.Empty,
            LoadBalancer = (JsonObject?)lb?.Document.DeepClone() ?? [],
            NetworkConfiguration = (JsonObject?)service.NetworkConfiguration?.DeepClone(),
            PlatformVersion = service.PlatformVersion,
            CreatedAt = _now,
            UpdatedAt = _now,
            ProductionWeight = 100,
            TestWeight = 100,
        });
    }

    /// <summary>
    /// One second of the task sets of a CODE_DEPLOY service: each keeps <c>computedDesiredCount</c> tasks (its scale of the
    /// service's desired count; none once DRAINING), and a DRAINING task set goes once its tasks have stopped.
    /// </summary>
    private void ScheduleTaskSets(ServiceState service)
    {
        foreach (var taskSet in service.TaskSets.ToList())
        {
            var holder = taskSet.Tasks;
            var desired = taskSet.Status == "DRAINING" ? 0 : (int)Math.Ceiling(service.DesiredCount * taskSet.ScalePercent / 100.0);
            holder.DesiredCount = desired;
            var live = service.Cluster.Tasks.Where(t => ReferenceEquals(t.Deployment, holder) && t.IsLive).ToList();
            if (live.Count > desired)
            {
                foreach (var task in live.OrderBy(t => t.CountedHealthyAt is null ? 0 : 1).ThenByDescending(t => t.CreatedAt).Take(live.Count - desired))
                {
                    StopTask(task, "ServiceSchedulerInitiated", $"Scaling activity initiated by (deployment {taskSet.Id})", immediate: false);
                }
            }
            else if (live.Count < desired && (holder.NextPlacementAttempt is null || _now >= holder.NextPlacementAttempt))
            {
                if (BehaviourOf(holder.TaskDefinition).NoCapacity)
                {
                    holder.NextPlacementAttempt = _now + PlacementRetry;
                    AddEvent(service, $"(service {service.Name}) was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.");
                    RecordFailure(service, holder);
                }
                else
                {
                    var started = new List<string>();
                    for (var i = live.Count; i < desired; i++)
                    {
                        started.Add(NewTask(service.Cluster, holder.TaskDefinition, service, holder, taskSet.Id, $"service:{service.Name}", service.LaunchType, null, [], null, _now).Id);
                    }

                    AddEvent(service, $"(service {service.Name}, taskSet {taskSet.Id}) has started {started.Count} tasks: {string.Join(' ', started.Select(id => $"(task {id})"))}.");
                }
            }

            var stable = IsSteady(service, taskSet);
            if (taskSet.StabilityStatusAt is null || stable != (taskSet.StabilityStatus == "STEADY_STATE"))
            {
                taskSet.StabilityStatus = stable ? "STEADY_STATE" : "STABILIZING";
                taskSet.StabilityStatusAt = _now;
                taskSet.UpdatedAt = _now;
            }

            if (taskSet.Status == "DRAINING" && !service.Cluster.Tasks.Any(t => ReferenceEquals(t.Deployment, holder) && !t.IsStopped))
            {
                service.TaskSets.Remove(taskSet);
            }
        }
    }

    /// <summary>Every task the task set wants is RUNNING and counts as healthy, and none is starting or stopping.</summary>
    private static bool IsSteady(ServiceState service, TaskSetState taskSet)
    {
        var tasks = service.Cluster.Tasks.Where(t => ReferenceEquals(t.Deployment, taskSet.Tasks) && !t.IsStopped).ToList();
        return tasks.Count == taskSet.Tasks.DesiredCount && tasks.All(t => t.IsLive && t.LastStatus == "RUNNING" && t.CountedHealthyAt is not null);
    }

    private static JsonObject RenderTaskSet(ServiceState service, TaskSetState taskSet)
    {
        var tasks = service.Cluster.Tasks.Where(t => ReferenceEquals(t.Deployment, taskSet.Tasks) && !t.IsStopped).ToList();
        return Shape(
            ("id", taskSet.Id),
            ("taskSetArn", taskSet.Arn),
            ("serviceArn", service.Arn),
            ("clusterArn", service.Cluster.Arn),
            ("startedBy", taskSet.StartedBy),
            ("externalId", taskSet.ExternalId),
            ("status", taskSet.Status),
            ("taskDefinition", taskSet.Tasks.TaskDefinition.Arn),
            ("computedDesiredCount", taskSet.Tasks.DesiredCount),
            ("pendingCount", tasks.Count(t => t.IsPendingLike)),
            ("runningCount", tasks.Count(t => t.LastStatus == "RUNNING")),
            ("createdAt", Timestamp(taskSet.CreatedAt)),
            ("updatedAt", Timestamp(taskSet.UpdatedAt)),
            ("launchType", taskSet.CapacityProviderStrategy is null ? service.LaunchType : null),
            ("capacityProviderStrategy", taskSet.CapacityProviderStrategy?.DeepClone()),
            ("platformVersion", taskSet.PlatformVersion ?? (service.LaunchType == "FARGATE" ? "LATEST" : null)),
            ("networkConfiguration", taskSet.NetworkConfiguration?.DeepClone()),
            ("loadBalancers", new JsonArray(taskSet.LoadBalancer.DeepClone())),
            ("serviceRegistries", new JsonArray()),
            ("scale", Shape(("value", taskSet.ScalePercent), ("unit", "PERCENT"))),
            ("stabilityStatus", taskSet.StabilityStatus),
            ("stabilityStatusAt", Timestamp(taskSet.StabilityStatusAt)));
    }

    /// <summary>A request to a listener of a deployment group goes to a task set chosen by its production or test weight.</summary>
    private ListenerAnswer? RouteCodeDeploy(string ruleArn)
    {
        var group = _applications.Values.SelectMany(a => a.Groups.Values)
            .FirstOrDefault(g => g.ProductionListeners.Contains(ruleArn) || g.TestListeners.Contains(ruleArn));
        if (group is null)
        {
            return null;
        }

        var test = !group.ProductionListeners.Contains(ruleArn);
        var service = group.Service;
        var weights = service.TaskSets.Select(ts => (ts.Arn, Weight: test ? ts.TestWeight : ts.ProductionWeight)).Where(w => w.Weight > 0).ToList();
        if (service.Status != "ACTIVE" || weights.Count == 0)
        {
            return new ListenerAnswer(503, $"No task set of service {service.Name} receives traffic from {ruleArn}.\n");
        }

        var chosenArn = Choose(ruleArn, weights);
        var chosen = service.TaskSets.First(ts => ts.Arn == chosenArn);
        var tasks = service.Cluster.Tasks
            .Where(t => ReferenceEquals(t.Deployment, chosen.Tasks) && t.LastStatus == "RUNNING" && t.DesiredStatus == "RUNNING")
            .OrderBy(t => t.CreatedAt).ThenBy(t => t.Id, StringComparer.Ordinal)
            .ToList();
        if (tasks.Count == 0)
        {
            return new ListenerAnswer(503, $"No task of task set {chosen.Id} is running.\n");
        }

        var turn = _routingTurn.GetValueOrDefault(ruleArn);
        _routingTurn[ruleArn] = turn + 1;
        var task = tasks[turn % tasks.Count];
        return new ListenerAnswer(task.Behaviour.HttpStatus, task.Behaviour.HttpBody ?? $"{task.TaskDefinition.FamilyRevision} {task.Id}\n");
    }

    // ---------------------------------------------------------------- the workflow

    private void StepCodeDeploy()
    {
        foreach (var deployment in _codeDeployments.Where(d => !d.IsFinished).ToList())
        {
            AdvanceCodeDeployment(deployment);
        }
    }

    /// <summary>Moves the deployment on as far as it can go at this second.</summary>
    private void AdvanceCodeDeployment(CodeDeployDeploymentState deployment)
    {
        for (var i = 0; i < 32 && !deployment.IsFinished; i++)
        {
            if (!StepCodeDeployment(deployment))
            {
                return;
            }
        }
    }

    /// <returns>Whether it moved on in a way that may let it move on again at this second.</returns>
    private bool StepCodeDeployment(CodeDeployDeploymentState d)
    {
        if (d.Status == "Created")
        {
            d.Status = "InProgress";
            d.StartedAt = _now;
            return true;
        }

        if (d.IsRollback)
        {
            return StepRollback(d);
        }

        var current = d.Events.FirstOrDefault(e => e.Status is "Pending" or "InProgress");
        switch (current?.Name)
        {
            case null:
                return FinishTrafficShift(d);
            case "Install":
                return Install(d, current);
            case "AllowTestTraffic":
                Begin(current);
                if (d.Green is { } green && d.Blue is { } blue && d.Group.TestListeners.Count > 0)
                {
                    green.TestWeight = 100;
                    blue.TestWeight = 0;
                    green.UpdatedAt = _now;
                }

                Finish(current, "Succeeded");
                return true;
            case "AllowTraffic":
                return AllowTraffic(d, current);
            default:
                return RunHook(d, current);
        }
    }

    private void Begin(LifecycleEventState e)
    {
        if (e.Status == "Pending")
        {
            e.Status = "InProgress";
            e.StartedAt = _now;
        }
    }

    private void Finish(LifecycleEventState e, string status)
    {
        e.Status = status;
        e.EndedAt = _now;
    }

    private bool RunHook(CodeDeployDeploymentState d, LifecycleEventState e)
    {
        if (e.Status == "Pending")
        {
            Begin(e);
            if (e.HookFunction is null)
            {
                Finish(e, "Succeeded");
                return true;
            }

            var hook = _hookChanges.GetValueOrDefault(e.Name) ?? _scenario.CodeDeploy.Hooks.GetValueOrDefault(e.Name) ?? new CodeDeployHook();
            e.Outcome = hook.Outcome;
            e.HookExecutionId = _ids.Guid().ToString();
            e.DueAt = _now + (hook.Seconds is { } seconds ? TimeSpan.FromSeconds(Math.Max(0, seconds)) : hook.Outcome == CodeDeployHookOutcome.TimeOut ? HookTimeout : TimeSpan.FromSeconds(1));
            return e.DueAt <= _now;
        }

        if (_now < e.DueAt)
        {
            return false;
        }

        if (e.Outcome == CodeDeployHookOutcome.Succeed)
        {
            Finish(e, "Succeeded");
            return true;
        }

        // codedeploy#Diagnostics: errorCode ScriptFailed or ScriptTimedOut, the hook function as the script.
        var timedOut = e.Outcome == CodeDeployHookOutcome.TimeOut;
        e.DiagnosticsCode = timedOut ? "ScriptTimedOut" : "ScriptFailed";
        e.DiagnosticsMessage = timedOut
            ? $"The {e.Name} hook {e.HookFunction} did not report its result within {(e.DueAt!.Value - e.StartedAt!.Value).TotalSeconds:0} seconds."
            : $"The {e.Name} hook {e.HookFunction} reported Failed.";
        Finish(e, "Failed");

        // [inference: the message wording is not documented; it names the lifecycle event and the hook.]
        FailCodeDeployment(d, "HOOK_EXECUTION_FAILURE", timedOut
            ? $"The deployment failed because the {e.Name} lifecycle event hook {e.HookFunction} timed out."
            : $"The deployment failed because the {e.Name} lifecycle event hook {e.HookFunction} failed.");
        return false;
    }

    /// <summary>Install: the replacement (green) task set, on the group's other target group, until it is steady.</summary>
    private bool Install(CodeDeployDeploymentState d, LifecycleEventState e)
    {
        var service = d.Group.Service;
        if (e.Status == "Pending")
        {
            Begin(e);
            if (InstallProblem(d) is { } problem)
            {
                Finish(e, "Failed");
                e.DiagnosticsCode = "UnknownError";
                e.DiagnosticsMessage = problem;
                FailCodeDeployment(d, "ECS_UPDATE_ERROR", problem);
                return false;
            }

            // A replacement left by an earlier stopped or failed deployment goes first; the PRIMARY task set takes all traffic again.
            var blue = d.Blue ??= service.TaskSets.First(ts => ts.Status == "PRIMARY");
            foreach (var leftover in service.TaskSets.Where(ts => ts.Status == "ACTIVE"))
            {
                leftover.Status = "DRAINING";
                leftover.ProductionWeight = 0;
                leftover.TestWeight = 0;
                leftover.UpdatedAt = _now;
                blue.ProductionWeight = 100;
                blue.TestWeight = 100;
                blue.UpdatedAt = _now;
            }

            var greenGroup = TargetGroupArn(d.Group.TargetGroupNames.First(n => n != TargetGroupName(blue.TargetGroupArn)));
            var revision = NewRevision(service, d.TaskDefinition!);
            var holder = new DeploymentState
            {
                Id = NewDeploymentId(),
                Status = "ACTIVE",
                TaskDefinition = d.TaskDefinition!,
                CreatedAt = _now,
                UpdatedAt = _now,
                ServiceDeployment = service.Primary.ServiceDeployment,
                ServiceRevisionArn = revision.Arn,
            };
            var lb = (JsonObject)blue.LoadBalancer.DeepClone();
            lb["targetGroupArn"] = greenGroup;
            d.Green = new TaskSetState
            {
                Id = holder.Id,
                Arn = $"arn:aws:ecs:{Region}:{Account}:task-set/{service.Cluster.Name}/{service.Name}/{holder.Id}",
                Tasks = holder,
                Status = "ACTIVE",
                TargetGroupArn = greenGroup,
                LoadBalancer = lb,
                NetworkConfiguration = (JsonObject?)(d.NetworkConfiguration ?? service.NetworkConfiguration)?.DeepClone(),
                PlatformVersion = d.PlatformVersion ?? service.PlatformVersion,
                CapacityProviderStrategy = (JsonArray?)d.CapacityProviderStrategy?.DeepClone(),
                ExternalId = d.Id,
                StartedBy = "CodeDeploy",
                CreatedAt = _now,
                UpdatedAt = _now,
            };
            service.TaskSets.Add(d.Green);
            return false;
        }

        var green = d.Green!;
        if (IsSteady(service, green) && green.Tasks.DesiredCount == (int)Math.Ceiling(service.DesiredCount * green.ScalePercent / 100.0))
        {
            Finish(e, "Succeeded");
            return true;
        }

        // The replacement task set cannot become healthy: as many failed tasks as it wants, at least 3
        // [inference: CodeDeploy's threshold is not documented; 3 is the least of ECS's circuit breaker].
        var threshold = Math.Max(3, service.DesiredCount);
        if (green.Tasks.FailedTasks >= threshold || _now - e.StartedAt >= InstallTimeout)
        {
            var last = service.Cluster.Tasks.Where(t => ReferenceEquals(t.Deployment, green.Tasks) && t.StoppedReason is not null).OrderByDescending(t => t.StoppingAt).FirstOrDefault();
            var failed = green.Tasks.FailedTasks >= threshold;
            var message = failed
                ? $"The ECS service {service.Name} could not reach a steady state: {green.Tasks.FailedTasks} tasks of the replacement task set {green.Id} failed to start. Last stopped reason: {last?.StoppedReason ?? "none"}."
                : "The deployment timed out while waiting for the replacement task set to become healthy. This time out period is 60 minutes.";
            Finish(e, "Failed");
            e.DiagnosticsCode = "UnknownError";
            e.DiagnosticsMessage = message;
            FailCodeDeployment(d, failed ? "ECS_UPDATE_ERROR" : "TIMEOUT", message);
        }

        return false;
    }

    /// <summary>What ECS would refuse about the AppSpec's task definition and load balancer container [inference: the wording is ECS's for the same mistakes in CreateTaskSet].</summary>
    private string? InstallProblem(CodeDeployDeploymentState d)
    {
        var service = d.Group.Service;
        TaskDefinitionState definition;
        try
        {
            definition = TaskDefinition(d.TaskDefinitionReference, "TaskDefinition not found.");
        }
        catch (EcsApiException)
        {
            return $"The ECS service cannot be updated: TaskDefinition not found: {d.TaskDefinitionReference}.";
        }

        if (!definition.Active)
        {
            return $"The ECS service cannot be updated: TaskDefinition is inactive ({definition.FamilyRevision}).";
        }

        d.TaskDefinition = definition;
        var lb = service.LoadBalancers.FirstOrDefault()?.Document;
        if (lb is not null && (Str(lb, "containerName") != d.ContainerName || Int(lb, "containerPort") != d.ContainerPort))
        {
            return $"The ECS service cannot be updated: the AppSpec's LoadBalancerInfo (container {d.ContainerName}, port {d.ContainerPort}) is not the service's load balancer container ({Str(lb, "containerName")}, port {Int(lb, "containerPort")}).";
        }

        var container = (definition.Document["containerDefinitions"] as JsonArray ?? []).OfType<JsonObject>().FirstOrDefault(c => Str(c, "name") == d.ContainerName);
        if (container is null)
        {
            return $"The ECS service cannot be updated: the container {d.ContainerName} does not exist in the task definition {definition.FamilyRevision}.";
        }

        var ports = (container["portMappings"] as JsonArray ?? []).OfType<JsonObject>().Select(m => Int(m, "containerPort")).ToList();
        return ports.Contains(d.ContainerPort)
            ? null
            : $"The ECS service cannot be updated: the container {d.ContainerName} did not have a container port {d.ContainerPort} defined.";
    }

    /// <summary>AllowTraffic, after the ready wait: production weights move to green as the deployment configuration says.</summary>
    private bool AllowTraffic(CodeDeployDeploymentState d, LifecycleEventState e)
    {
        var green = d.Green!;
        if (e.Status == "Pending")
        {
            if (d.Group.WaitForReady && !d.ReadyContinued)
            {
                // deploymentReadyOption STOP_DEPLOYMENT: Ready until ContinueDeployment READY_WAIT; Stopped when the wait is over
                // (codedeploy#DeploymentReadyOption.actionOnTimeout).
                if (d.Status != "Ready")
                {
                    d.Status = "Ready";
                    d.StepStartedAt = _now;
                }

                if (_now - d.StepStartedAt >= TimeSpan.FromMinutes(d.Group.ReadyWaitMinutes))
                {
                    EndCodeDeployment(d, "Stopped", "TIMEOUT", $"The deployment was stopped because traffic was not rerouted within the ready wait of {d.Group.ReadyWaitMinutes} minutes.");
                    RemoveGreen(d);
                }

                return false;
            }

            Begin(e);
            d.StepStartedAt = _now;
            ShiftProduction(d, d.Config.Type == "AllAtOnce" ? 100 : d.Config.Percentage);
        }
        else if (_now - d.StepStartedAt >= TimeSpan.FromMinutes(d.Config.IntervalMinutes))
        {
            d.StepStartedAt = _now;
            ShiftProduction(d, d.Config.Type == "TimeBasedLinear" ? Math.Min(100, green.ProductionWeight + d.Config.Percentage) : 100);
        }

        if (green.ProductionWeight < 100)
        {
            return false;
        }

        // The replacement serves production: it becomes the PRIMARY task set, and the service's task definition is its.
        var service = d.Group.Service;
        green.Status = "PRIMARY";
        green.UpdatedAt = _now;
        if (d.Blue is { } blue)
        {
            blue.Status = "ACTIVE";
            blue.UpdatedAt = _now;
        }

        service.Deployments.Clear();
        service.Deployments.Add(green.Tasks);
        Finish(e, "Succeeded");
        return true;
    }

    private void ShiftProduction(CodeDeployDeploymentState d, double greenWeight)
    {
        d.Green!.ProductionWeight = greenWeight;
        d.Green.UpdatedAt = _now;
        if (d.Blue is { } blue)
        {
            blue.ProductionWeight = 100 - greenWeight;
            blue.UpdatedAt = _now;
        }
    }

    /// <summary>After AfterAllowTraffic: the original task set waits <c>terminationWaitTimeInMinutes</c>, then goes, and the deployment has succeeded.</summary>
    private bool FinishTrafficShift(CodeDeployDeploymentState d)
    {
        if (d.Group.TerminateBlue)
        {
            if (!d.TerminationWaitStarted)
            {
                d.TerminationWaitStarted = true;
                d.TerminationDueAt = _now + TimeSpan.FromMinutes(d.Group.TerminationWaitMinutes);
            }

            if (_now < d.TerminationDueAt)
            {
                return false;
            }

            if (d.Blue is { } blue)
            {
                blue.Status = "DRAINING";
                blue.TestWeight = 0;
                blue.UpdatedAt = _now;
            }
        }

        EndCodeDeployment(d, "Succeeded", null, null);
        d.Group.LastSucceeded = d;
        return false;
    }

    private void EndCodeDeployment(CodeDeployDeploymentState d, string status, string? code, string? message)
    {
        d.Status = status;
        d.CompletedAt = _now;
        d.ErrorCode = code;
        d.ErrorMessage = message;
        foreach (var e in d.Events.Where(e => e.Status is "Pending" or "InProgress"))
        {
            e.Status = e.Status == "InProgress" && status == "Failed" ? "Failed" : "Skipped";
            e.EndedAt = e.StartedAt is null ? null : _now;
        }
    }

    /// <summary>
    /// A failed deployment: with auto-rollback on DEPLOYMENT_FAILURE a rollback deployment returns traffic to the
    /// original task set and removes the replacement; without, the task sets and weights stay as they are.
    /// </summary>
    private void FailCodeDeployment(CodeDeployDeploymentState d, string code, string message)
    {
        EndCodeDeployment(d, "Failed", code, message);
        if (d.AutoRollback && d.AutoRollbackEvents.Contains("DEPLOYMENT_FAILURE"))
        {
            StartCodeDeployRollback(d, message);
        }
    }

    /// <summary>A rollback is a deployment of its own, created by codeDeployRollback (https://docs.aws.amazon.com/codedeploy/latest/userguide/deployments-rollback-and-redeploy.html).</summary>
    private void StartCodeDeployRollback(CodeDeployDeploymentState d, string reason)
    {
        if (d.Green is null || d.Blue is null)
        {
            // Nothing was replaced (a failure before or at Install's start): nothing to roll back.
            RemoveGreen(d);
            return;
        }

        var rollback = new CodeDeployDeploymentState
        {
            Id = NewCodeDeployId(),
            Group = d.Group,
            Config = d.Config,
            Creator = "codeDeployRollback",
            CreatedAt = _now,
            StepStartedAt = _now,
            Revision = (JsonObject?)d.PreviousRevision?.DeepClone() ?? new JsonObject { ["revisionType"] = "AppSpecContent", ["appSpecContent"] = new JsonObject() },
            PreviousRevision = (JsonObject)d.Revision.DeepClone(),
            TaskDefinitionReference = d.Blue.Tasks.TaskDefinition.Arn,
            TaskDefinition = d.Blue.Tasks.TaskDefinition,
            ContainerName = d.ContainerName,
            ContainerPort = d.ContainerPort,
            Blue = d.Blue,
            Green = d.Green,
            RollbackTriggeringDeploymentId = d.Id,
            RollbackMessage = $"Rollback of deployment {d.Id}: {reason}",
        };
        foreach (var name in LifecycleEventOrder)
        {
            rollback.Events.Add(new LifecycleEventState { Name = name });
        }

        d.RollbackDeploymentId = rollback.Id;
        d.RollbackMessage = $"Deployment {d.Id} was rolled back by deployment {rollback.Id}: {reason}";
        _codeDeployments.Add(rollback);
        d.Group.LastAttempted = rollback;
    }

    /// <summary>A rollback deployment: traffic back to the original task set at once, then the replacement drains away.</summary>
    private bool StepRollback(CodeDeployDeploymentState r)
    {
        var service = r.Group.Service;
        if (r.Events.All(e => e.Status == "Pending"))
        {
            RemoveGreen(r);
            foreach (var e in r.Events)
            {
                e.StartedAt = _now;
                Finish(e, e.Name is "AllowTestTraffic" or "AllowTraffic" ? "Succeeded" : "Skipped");
            }

            return true;
        }

        if (!service.TaskSets.Contains(r.Green!))
        {
            EndCodeDeployment(r, "Succeeded", null, null);
        }

        return false;
    }

    /// <summary>All traffic back to the original task set, which is PRIMARY again; the replacement drains.</summary>
    private void RemoveGreen(CodeDeployDeploymentState d)
    {
        var service = d.Group.Service;
        if (d.Blue is { } blue && service.TaskSets.Contains(blue))
        {
            blue.Status = "PRIMARY";
            blue.ProductionWeight = 100;
            blue.TestWeight = 100;
            blue.UpdatedAt = _now;
            service.Deployments.Clear();
            service.Deployments.Add(blue.Tasks);
        }

        if (d.Green is { } green && service.TaskSets.Contains(green))
        {
            green.Status = "DRAINING";
            green.ProductionWeight = 0;
            green.TestWeight = 0;
            green.UpdatedAt = _now;
        }
    }

    // ---------------------------------------------------------------- rendering

    private JsonObject RenderCodeDeployment(CodeDeployDeploymentState d)
    {
        // codedeploy#GetDeployment: the revision's appSpecContent.content "is always null" in the answer.
        var revision = (JsonObject)d.Revision.DeepClone();
        (revision["appSpecContent"] as JsonObject)?.Remove("content");
        var target = TargetStatus(d);
        return Shape(
            ("applicationName", d.Group.Application.Name),
            ("deploymentGroupName", d.Group.Name),
            ("deploymentConfigName", d.Config.Name),
            ("deploymentId", d.Id),
            ("previousRevision", d.PreviousRevision is null ? null : StripContent(d.PreviousRevision)),
            ("revision", revision),
            ("status", d.Status),
            ("errorInformation", d.ErrorCode is null ? null : Shape(("code", d.ErrorCode), ("message", d.ErrorMessage))),
            ("createTime", Timestamp(d.CreatedAt)),
            ("startTime", Timestamp(d.StartedAt)),
            ("completeTime", Timestamp(d.CompletedAt)),
            ("deploymentOverview", Shape(
                ("Pending", target == "Pending" ? 1 : 0),
                ("InProgress", target == "InProgress" ? 1 : 0),
                ("Succeeded", target == "Succeeded" ? 1 : 0),
                ("Failed", target == "Failed" ? 1 : 0),
                ("Skipped", target == "Skipped" ? 1 : 0),
                ("Ready", target == "Ready" ? 1 : 0))),
            ("description", d.Description),
            ("creator", d.Creator),
            ("ignoreApplicationStopFailures", false),
            ("autoRollbackConfiguration", RenderAutoRollback(d.AutoRollback, d.AutoRollbackEvents)),
            ("updateOutdatedInstancesOnly", false),
            ("rollbackInfo", d.RollbackDeploymentId is null && d.RollbackTriggeringDeploymentId is null ? null : Shape(
                ("rollbackDeploymentId", d.RollbackDeploymentId),
                ("rollbackTriggeringDeploymentId", d.RollbackTriggeringDeploymentId),
                ("rollbackMessage", d.RollbackMessage))),
            ("deploymentStyle", Shape(("deploymentType", "BLUE_GREEN"), ("deploymentOption", "WITH_TRAFFIC_CONTROL"))),
            ("instanceTerminationWaitTimeStarted", d.TerminationWaitStarted),
            ("blueGreenDeploymentConfiguration", RenderBlueGreen(d.Group)),
            ("loadBalancerInfo", RenderLoadBalancerInfo(d.Group)),
            ("fileExistsBehavior", "DISALLOW"),
            ("deploymentStatusMessages", new JsonArray()),
            ("computePlatform", "ECS"));
    }

    private static JsonObject StripContent(JsonObject revision)
    {
        var copy = (JsonObject)revision.DeepClone();
        (copy["appSpecContent"] as JsonObject)?.Remove("content");
        return copy;
    }

    /// <summary>The ECS target's status (<c>codedeploy#TargetStatus</c>) for the deployment's status [inference: a stopped deployment's target is Failed].</summary>
    private static string TargetStatus(CodeDeployDeploymentState d) => d.Status switch
    {
        "Created" => "Pending",
        "Ready" => "Ready",
        "Succeeded" => "Succeeded",
        "Failed" or "Stopped" => "Failed",
        _ => "InProgress",
    };

    private static JsonObject RenderEcsTarget(CodeDeployDeploymentState d)
    {
        var service = d.Group.Service;
        JsonObject? TaskSet(TaskSetState? ts, string label)
        {
            if (ts is null)
            {
                return null;
            }

            var tasks = service.Cluster.Tasks.Where(t => ReferenceEquals(t.Deployment, ts.Tasks) && !t.IsStopped).ToList();
            return Shape(
                ("identifer", ts.Id),
                ("desiredCount", ts.Tasks.DesiredCount),
                ("pendingCount", tasks.Count(t => t.IsPendingLike)),
                ("runningCount", tasks.Count(t => t.LastStatus == "RUNNING")),
                ("status", ts.Status),
                ("trafficWeight", ts.ProductionWeight),
                ("targetGroup", Shape(("name", TargetGroupName(ts.TargetGroupArn)))),
                ("taskSetLabel", label));
        }

        var lastUpdated = d.Events.Select(e => e.EndedAt ?? e.StartedAt).Append(d.CompletedAt).Append(d.StartedAt).Max() ?? d.CreatedAt;
        return Shape(
            ("deploymentId", d.Id),
            ("targetId", d.TargetId),
            ("targetArn", service.Arn),
            ("lastUpdatedAt", Timestamp(lastUpdated)),
            ("lifecycleEvents", List(d.Events, e => Shape(
                ("lifecycleEventName", e.Name),
                ("diagnostics", e.DiagnosticsCode is null ? null : Shape(
                    ("errorCode", e.DiagnosticsCode),
                    ("scriptName", e.HookFunction),
                    ("message", e.DiagnosticsMessage),
                    ("logTail", string.Empty))),
                ("startTime", Timestamp(e.StartedAt)),
                ("endTime", Timestamp(e.EndedAt)),
                ("status", e.Status)))),
            ("status", TargetStatus(d)),
            ("taskSetsInfo", new JsonArray(new[] { TaskSet(d.Blue, "Blue"), TaskSet(d.Green, "Green") }.OfType<JsonNode>().ToArray())));
    }

    /// <summary>The CodeDeploy part of the state snapshot: applications and groups, and every deployment with its ECS target.</summary>
    private JsonObject CodeDeploySnapshot() => new()
    {
        ["applications"] = List(_applications.Values, a => Shape(
            ("application", RenderApplication(a)),
            ("deploymentGroups", List(a.Groups.Values, RenderGroup)))),
        ["deployments"] = List(_codeDeployments, CodeDeploymentSnapshot),
    };

    /// <summary>One deployment as GetDeployment and BatchGetDeploymentTargets answer it.</summary>
    public JsonObject? CodeDeploymentSnapshot(string deploymentId) =>
        _codeDeployments.FirstOrDefault(d => d.Id == deploymentId) is { } d ? CodeDeploymentSnapshot(d) : null;

    private JsonObject CodeDeploymentSnapshot(CodeDeployDeploymentState d) => new()
    {
        ["deploymentInfo"] = RenderCodeDeployment(d),
        ["ecsTarget"] = RenderEcsTarget(d),

        // What a hook function is invoked with (https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-hooks.html):
        // the id PutLifecycleEventHookExecutionStatus takes.
        ["hookExecutions"] = List(d.Events.Where(e => e.HookExecutionId is not null), e => Shape(
            ("lifecycleEventName", e.Name),
            ("functionName", e.HookFunction),
            ("lifecycleEventHookExecutionId", e.HookExecutionId),
            ("status", e.Status))),
    };
}
