namespace Ecs.BlueGreen.Testing.Simulation;

/// <summary>
/// ECS's own blue/green workflow for the BLUE_GREEN, LINEAR and CANARY strategies
/// (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-how-it-works.html): the green
/// revision scales up beside blue, takes the test traffic, then the production traffic (in one step, in linear steps or
/// after a canary), bakes, and blue is scaled in. The stages are those of <c>ecs#ServiceDeployment.lifecycleStage</c>;
/// lifecycle hooks (<c>ecs#DeploymentLifecycleHook</c>) run on entering a stage and hold the deployment in it until they
/// finish. A headless service goes through the same stages, and its weights are reported as for a load-balanced one
/// [inference: no traffic is routed, so the weights only say which revision would serve].
/// </summary>
internal sealed partial class EcsSimulation
{
    /// <summary>The rollback reason of the networking check (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/migrate-codedeploy-to-ecs-bluegreen.html).</summary>
    internal const string InvalidNetworkingReason = "Service deployment rolled back because of invalid networking configuration. Both targetGroup and alternateTargetGroup must be associated with the productionListenerRule or testListenerRule.";

    // How long the emulator takes for a stage with no work to wait for, and for a traffic shift [inference: ECS documents neither].
    private static readonly TimeSpan QuickStage = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan TrafficShift = TimeSpan.FromSeconds(5);

    // How long a Lambda hook runs before it answers SUCCEEDED [inference: the emulator invokes no function].
    private static readonly TimeSpan LambdaHookRun = TimeSpan.FromSeconds(2);

    private void ScheduleNative(ServiceState service, ServiceDeploymentState sd)
    {
        // STOPPED and ROLLBACK_FAILED leave both revisions as they are until the next deployment.
        switch (sd.Status)
        {
            case "PENDING":
                BeginNative(service, sd);
                break;
            case "IN_PROGRESS":
                AdvanceNative(service, sd);
                break;
            case "ROLLBACK_REQUESTED":
                StartRollbackWork(service, sd);
                break;
            case "ROLLBACK_IN_PROGRESS":
                FinishRollbackWhenDone(service, sd);
                break;
        }

        UpdateDeploymentCounts(service, service.Cluster.Tasks.Where(t => ReferenceEquals(t.Service, service)).ToList());
    }

    /// <summary>The first second: IN_PROGRESS, the networking check, then the first stage.</summary>
    private void BeginNative(ServiceState service, ServiceDeploymentState sd)
    {
        var native = sd.Native!;
        sd.Status = "IN_PROGRESS";
        native.StartedAt = _now;
        sd.UpdatedAt = _now;

        // [inference: ECS's wording for the start of a blue/green deployment is not documented]
        AddEvent(service, $"(service {service.Name}) has started a {sd.DeploymentConfiguration.Strategy} service deployment ({sd.Arn}) to service revision {sd.TargetRevisionArn}.");
        if (!NetworkingIsValid(service))
        {
            RollBackNative(service, sd, InvalidNetworkingReason, requested: false);
            return;
        }

        // ecs#ServiceDeployment.lifecycleStage: RECONCILE_SERVICE "only happens when you start a new service deployment with more than 1 service revision in an ACTIVE state".
        EnterStage(service, sd, native.Blue.Count > 1 ? "RECONCILE_SERVICE" : "PRE_SCALE_UP");
    }

    /// <summary>
    /// §4.1 of the blue/green requirements (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/migrate-codedeploy-to-ecs-bluegreen.html):
    /// without a test listener rule both target groups are associated with the production listener rule; with one, one
    /// target group with each. A rule the scenario does not declare has no target groups.
    /// </summary>
    private bool NetworkingIsValid(ServiceState service)
    {
        foreach (var lb in service.LoadBalancers.Where(lb => lb.HasAdvancedConfiguration))
        {
            var production = TargetGroupsOf(lb.ProductionListenerRule);
            bool Has(IReadOnlyList<string> groups, string? arn) => arn is not null && groups.Contains(arn);
            var valid = lb.TestListenerRule is null
                ? Has(production, lb.TargetGroupArn) && Has(production, lb.AlternateTargetGroupArn)
                : (Has(production, lb.TargetGroupArn) && Has(TargetGroupsOf(lb.TestListenerRule), lb.AlternateTargetGroupArn))
                  || (Has(production, lb.AlternateTargetGroupArn) && Has(TargetGroupsOf(lb.TestListenerRule), lb.TargetGroupArn));
            if (!valid)
            {
                return false;
            }
        }

        return true;
    }

    private IReadOnlyList<string> TargetGroupsOf(string? ruleArn) =>
        ruleArn is not null && _listenerRules.TryGetValue(ruleArn, out var rule) ? rule.TargetGroups : [];

    private void EnterStage(ServiceState service, ServiceDeploymentState sd, string stage)
    {
        var native = sd.Native!;
        native.Stage = stage;
        native.StageEnteredAt = _now;
        native.ShiftedAt = null;
        native.Hooks.Clear();
        sd.UpdatedAt = _now;
        switch (stage)
        {
            case "PRE_PRODUCTION_TRAFFIC_SHIFT":
                native.Step++;
                break;
            case "SCALE_UP":
                LaunchGreen(service, native.Green);
                break;
            case "CLEAN_UP":
                var blue = service.Cluster.Tasks.Where(t => ReferenceEquals(t.Service, service) && t.IsLive && !ReferenceEquals(t.Deployment, native.Green)).ToList();
                StopServiceTasks(service, blue, $"Scaling activity initiated by (deployment {native.Green.Id})");
                break;
        }

        // ecs#DeploymentLifecycleHookDetail: one invocation, with a new hookId, for each hook of the stage entered
        // (a PRE_PRODUCTION_TRAFFIC_SHIFT hook of a linear or canary deployment therefore runs at every step).
        foreach (var hook in sd.DeploymentConfiguration.HooksAt(stage))
        {
            var invocation = new HookInvocationState
            {
                HookId = _ids.Guid().ToString(),
                Hook = hook,
                StartedAt = _now,
                ExpiresAt = _now + TimeSpan.FromMinutes(hook.TimeoutInMinutes),
                Status = hook.TargetType == "PAUSE" ? "AWAITING_ACTION" : "IN_PROGRESS",
            };
            native.Hooks.Add(invocation);
            if (hook.TargetType == "PAUSE")
            {
                // [inference: ECS's wording is not documented]
                AddEvent(service, $"(service {service.Name}) service deployment {sd.Arn} is paused at {stage}: lifecycle hook {invocation.HookId} is awaiting action (ContinueServiceDeployment).");
            }
        }
    }

    private void AdvanceNative(ServiceState service, ServiceDeploymentState sd)
    {
        var native = sd.Native!;
        var hooksChanged = AdvanceHooks(service, sd);
        if (sd.Status != "IN_PROGRESS")
        {
            return;
        }

        CheckAlarms(service, sd);
        if (sd.Status != "IN_PROGRESS")
        {
            return;
        }

        var stage = native.Stage!;
        if (stage is not ("RECONCILE_SERVICE" or "PRE_SCALE_UP" or "CLEAN_UP"))
        {
            // Green keeps its desired count from SCALE_UP on: a failed task is replaced, and counts for the circuit breaker.
            ReplaceGreen(service, native.Green);
        }

        var elapsed = _now - native.StageEnteredAt;
        var config = sd.DeploymentConfiguration;
        bool done;
        switch (stage)
        {
            case "SCALE_UP":
                done = GreenIsReady(service, native.Green);
                break;
            case "TEST_TRAFFIC_SHIFT":
                done = elapsed >= TrafficShift;
                if (done && native.GreenTestWeight < 100)
                {
                    native.GreenTestWeight = 100;
                    sd.UpdatedAt = _now;
                    AddEvent(service, $"(service {service.Name}) shifted 100% of test traffic to service revision {sd.TargetRevisionArn}.");
                }

                break;
            case "PRODUCTION_TRAFFIC_SHIFT":
                if (native.ShiftedAt is null && elapsed >= TrafficShift)
                {
                    native.GreenProductionWeight = ProductionWeight(config, native.Step);
                    native.ShiftedAt = _now;
                    sd.UpdatedAt = _now;

                    // [inference: ECS's wording is not documented]
                    AddEvent(service, Invariant($"(service {service.Name}) shifted {native.GreenProductionWeight}% of production traffic to service revision {sd.TargetRevisionArn}."));
                }

                // ecs#LinearConfiguration.stepBakeTimeInMinutes "is not applied after reaching 100 percent traffic"; likewise the canary bake.
                done = native.ShiftedAt is { } shifted && (native.GreenProductionWeight >= 100 || _now - shifted >= StepBakeTime(config));
                break;
            case "BAKE_TIME":
                done = elapsed >= TimeSpan.FromMinutes(config.BakeTimeInMinutes ?? 0);
                break;
            case "CLEAN_UP":
                done = !service.Cluster.Tasks.Any(t => ReferenceEquals(t.Service, service) && !t.IsStopped && !ReferenceEquals(t.Deployment, native.Green));
                break;
            default:
                done = elapsed >= QuickStage;
                break;
        }

        // A hook that finished this second stays listed for a second before the next stage replaces the list.
        if (!done || hooksChanged || !native.Hooks.All(h => h.LetsThrough))
        {
            return;
        }

        var next = stage switch
        {
            "RECONCILE_SERVICE" => "PRE_SCALE_UP",
            "PRE_SCALE_UP" => "SCALE_UP",
            "SCALE_UP" => "POST_SCALE_UP",
            "POST_SCALE_UP" => "TEST_TRAFFIC_SHIFT",
            "TEST_TRAFFIC_SHIFT" => "POST_TEST_TRAFFIC_SHIFT",
            "POST_TEST_TRAFFIC_SHIFT" => "PRE_PRODUCTION_TRAFFIC_SHIFT",
            "PRE_PRODUCTION_TRAFFIC_SHIFT" => "PRODUCTION_TRAFFIC_SHIFT",
            "PRODUCTION_TRAFFIC_SHIFT" => native.GreenProductionWeight >= 100 ? "POST_PRODUCTION_TRAFFIC_SHIFT" : "PRE_PRODUCTION_TRAFFIC_SHIFT",
            "POST_PRODUCTION_TRAFFIC_SHIFT" => "BAKE_TIME",
            "BAKE_TIME" => "CLEAN_UP",
            _ => null,
        };
        if (next is null)
        {
            SucceedNative(service, sd);
        }
        else
        {
            EnterStage(service, sd, next);
        }
    }

    /// <summary>Green's share of production traffic after step <paramref name="step"/> (<c>ecs#LinearConfiguration</c>, <c>ecs#CanaryConfiguration</c>).</summary>
    private static double ProductionWeight(DeploymentConfigurationState config, int step) => config.Strategy switch
    {
        "LINEAR" => Math.Min(100, Math.Round(step * config.StepPercent, 1)),
        "CANARY" => step == 1 ? config.CanaryPercent : 100,
        _ => 100,
    };

    private static TimeSpan StepBakeTime(DeploymentConfigurationState config) => config.Strategy switch
    {
        "LINEAR" => TimeSpan.FromMinutes(config.StepBakeTimeInMinutes),
        "CANARY" => TimeSpan.FromMinutes(config.CanaryBakeTimeInMinutes),
        _ => TimeSpan.Zero,
    };

    /// <summary>
    /// A Lambda hook answers SUCCEEDED after a moment; a PAUSE hook times out at <c>expiresAt</c> and takes its timeout
    /// action. Whether any hook finished this second.
    /// </summary>
    private bool AdvanceHooks(ServiceState service, ServiceDeploymentState sd)
    {
        var changed = false;
        foreach (var hook in sd.Native!.Hooks)
        {
            if (hook.Status == "IN_PROGRESS" && _now - hook.StartedAt >= LambdaHookRun)
            {
                hook.Status = "SUCCEEDED";
                sd.UpdatedAt = _now;
                changed = true;
            }
            else if (hook.Status is "AWAITING_ACTION" or "IN_PROGRESS" && _now >= hook.ExpiresAt)
            {
                // ecs#DeploymentLifecycleHookTimeoutConfiguration.action: what ECS does when the hook times out.
                hook.Status = "TIMED_OUT";
                sd.UpdatedAt = _now;
                changed = true;
                if (hook.Hook.TimeoutAction == "ROLLBACK")
                {
                    RollBackNative(service, sd, $"Service deployment rolled back because the lifecycle hook {hook.HookId} timed out.", requested: false);
                    return changed;
                }
            }
        }

        return changed;
    }

    /// <summary>
    /// <c>ecs#DeploymentAlarms</c>: an alarm of the configuration that an image triggers goes to ALARM once green tasks of that
    /// image receive production traffic; the deployment fails, rolled back with <c>rollback</c>, STOPPED without.
    /// </summary>
    private void CheckAlarms(ServiceState service, ServiceDeploymentState sd)
    {
        var native = sd.Native!;
        var alarms = sd.DeploymentConfiguration.Alarms;
        if (!alarms.Enable || native.GreenProductionWeight <= 0 || native.Stage == "CLEAN_UP")
        {
            return;
        }

        var triggered = service.Cluster.Tasks
            .Where(t => ReferenceEquals(t.Deployment, native.Green) && t.LastStatus == "RUNNING" && t.Behaviour.TriggersAlarm is { } name && alarms.AlarmNames.Contains(name))
            .Select(t => t.Behaviour.TriggersAlarm!)
            .Distinct()
            .ToList();
        if (triggered.Count == 0)
        {
            return;
        }

        native.AlarmStatus = "TRIGGERED";
        native.TriggeredAlarmNames.AddRange(triggered.Except(native.TriggeredAlarmNames));
        var names = string.Join(", ", triggered);
        if (alarms.Rollback)
        {
            // [inference: the model's ecs#Rollback.reason names the trigger; ECS's exact wording is not documented]
            RollBackNative(service, sd, $"Service deployment rolled back because the CloudWatch alarm(s) {names} went into ALARM.", requested: false);
        }
        else
        {
            StopNative(service, sd, $"Service deployment failed because the CloudWatch alarm(s) {names} went into ALARM.");
        }
    }

    /// <summary>The circuit breaker tripped on green's failed tasks (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html).</summary>
    private void TripNativeCircuitBreaker(ServiceState service, ServiceDeploymentState sd, bool rollback)
    {
        if (sd.Status is not ("PENDING" or "IN_PROGRESS") || sd.Native!.Stage == "CLEAN_UP")
        {
            return;
        }

        sd.CircuitBreakerStatus = "TRIGGERED";
        AddEvent(service, $"(service {service.Name}) (deployment {sd.Native.Green.Id}) deployment failed: tasks failed to start.");
        if (rollback)
        {
            RollBackNative(service, sd, "Service deployment rolled back because the circuit breaker threshold was exceeded.", requested: false);
        }
        else
        {
            StopNative(service, sd, "ECS deployment circuit breaker: tasks failed to start.");
        }
    }

    /// <summary>
    /// A failure detector fired without rollback: the deployment is STOPPED (<c>ecs#ServiceDeployment.stoppedAt</c>) and
    /// both revisions stay as they are.
    /// </summary>
    private void StopNative(ServiceState service, ServiceDeploymentState sd, string reason)
    {
        var native = sd.Native!;
        sd.Status = "STOPPED";
        sd.StatusReason = reason;
        sd.StoppedAt = _now;
        sd.FinishedAt = _now;
        sd.UpdatedAt = _now;
        native.Green.RolloutState = "FAILED";
        native.Green.RolloutStateReason = reason;
        native.Green.UpdatedAt = _now;
        AddEvent(service, $"(service {service.Name}) service deployment {sd.Arn} stopped: {reason}");
    }

    /// <summary>
    /// Starts a rollback (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/stop-service-deployment.html): a
    /// requested one (StopServiceDeployment) is ROLLBACK_REQUESTED for a second first; then ROLLBACK_IN_PROGRESS.
    /// </summary>
    private void RollBackNative(ServiceState service, ServiceDeploymentState sd, string reason, bool requested)
    {
        var native = sd.Native!;
        sd.Rollback = new RollbackState(reason, _now, native.SourceRevisionArn);
        sd.StatusReason = reason;
        sd.UpdatedAt = _now;

        // [inference: ECS's wording is not documented]
        AddEvent(service, $"(service {service.Name}) service deployment {sd.Arn} is rolling back to service revision {native.SourceRevisionArn}: {reason}");
        if (requested)
        {
            sd.Status = "ROLLBACK_REQUESTED";
            return;
        }

        StartRollbackWork(service, sd);
    }

    /// <summary>
    /// ROLLBACK_IN_PROGRESS: blue takes all production and test traffic again and is the PRIMARY deployment (the service's
    /// task definition is blue's), green's tasks are stopped. A source revision whose behaviour has
    /// <see cref="Scenarios.ImageBehaviour.RollbackFails"/> fails the rollback: ROLLBACK_FAILED, everything left as it was.
    /// </summary>
    private void StartRollbackWork(ServiceState service, ServiceDeploymentState sd)
    {
        var native = sd.Native!;
        sd.Status = "ROLLBACK_IN_PROGRESS";
        sd.UpdatedAt = _now;
        var source = native.Blue.FirstOrDefault(d => d.ServiceRevisionArn == native.SourceRevisionArn) ?? native.Blue.FirstOrDefault();
        if (source is null || BehaviourOf(source.TaskDefinition).RollbackFails)
        {
            sd.Status = "ROLLBACK_FAILED";
            sd.StatusReason = $"Service deployment rollback failed: {sd.StatusReason}";
            sd.FinishedAt = _now;
            AddEvent(service, $"(service {service.Name}) service deployment {sd.Arn} failed to roll back to service revision {native.SourceRevisionArn}.");
            return;
        }

        native.GreenProductionWeight = 0;
        native.GreenTestWeight = 0;
        var green = native.Green;
        green.RolloutState = "FAILED";
        green.RolloutStateReason = sd.StatusReason ?? "Service deployment rolled back.";
        green.UpdatedAt = _now;
        green.Status = "ACTIVE";
        service.Deployments.Remove(source);
        service.Deployments.Insert(0, source);
        source.Status = "PRIMARY";
        source.UpdatedAt = _now;
        service.Steady = false;

        var greenTasks = service.Cluster.Tasks.Where(t => ReferenceEquals(t.Deployment, green) && t.IsLive).ToList();
        StopServiceTasks(service, greenTasks, "Service deployment rolled back");
        FinishRollbackWhenDone(service, sd);
    }

    private void FinishRollbackWhenDone(ServiceState service, ServiceDeploymentState sd)
    {
        var native = sd.Native!;
        if (service.Cluster.Tasks.Any(t => ReferenceEquals(t.Deployment, native.Green) && !t.IsStopped))
        {
            return;
        }

        sd.Status = "ROLLBACK_SUCCESSFUL";
        sd.FinishedAt = _now;
        sd.UpdatedAt = _now;
        if (sd.CircuitBreakerStatus == "MONITORING")
        {
            sd.CircuitBreakerStatus = "MONITORING_COMPLETE";
        }

        if (native.AlarmStatus == "MONITORING")
        {
            native.AlarmStatus = "MONITORING_COMPLETE";
        }

        // [inference: ECS's wording is not documented]
        AddEvent(service, $"(service {service.Name}) service deployment {sd.Arn} rolled back to service revision {native.SourceRevisionArn}.");
    }

    /// <summary>CLEAN_UP is over: green is the only deployment, COMPLETED, and the service deployment SUCCESSFUL.</summary>
    private void SucceedNative(ServiceState service, ServiceDeploymentState sd)
    {
        var native = sd.Native!;
        sd.Status = "SUCCESSFUL";
        sd.FinishedAt = _now;
        sd.UpdatedAt = _now;
        sd.CircuitBreakerStatus = sd.CircuitBreakerStatus == "DISABLED" ? "DISABLED" : "MONITORING_COMPLETE";
        native.AlarmStatus = native.AlarmStatus == "DISABLED" ? "DISABLED" : "MONITORING_COMPLETE";
        native.Hooks.Clear();
        var green = native.Green;
        foreach (var blue in service.Deployments.Where(d => !ReferenceEquals(d, green)).ToList())
        {
            blue.Status = "INACTIVE";
            blue.UpdatedAt = _now;
            service.Deployments.Remove(blue);
        }

        green.RolloutState = "COMPLETED";
        green.RolloutStateReason = $"ECS deployment {green.Id} completed.";
        green.UpdatedAt = _now;
        service.LastCompleted = green;
        AddEvent(service, $"(service {service.Name}) (deployment {green.Id}) deployment completed.");
        service.Steady = true;
        AddEvent(service, $"(service {service.Name}) has reached a steady state.");
    }

    /// <summary>SCALE_UP: green launches the desired count at once, serving no traffic yet.</summary>
    private void LaunchGreen(ServiceState service, DeploymentState green) => ReplaceGreen(service, green);

    private void ReplaceGreen(ServiceState service, DeploymentState green)
    {
        var live = service.Cluster.Tasks.Count(t => ReferenceEquals(t.Deployment, green) && t.IsLive);
        var missing = service.DesiredCount - live;
        if (missing <= 0 || (green.NextPlacementAttempt is { } next && _now < next))
        {
            return;
        }

        if (BehaviourOf(green.TaskDefinition).NoCapacity)
        {
            // As the rolling scheduler: the placement-failure event, and a failed task (ecs#Deployment.failedTasks).
            green.NextPlacementAttempt = _now + PlacementRetry;
            AddEvent(service, $"(service {service.Name}) was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.");
            RecordFailure(service, green);
            return;
        }

        var started = new List<string>();
        for (var i = 0; i < missing; i++)
        {
            started.Add(NewTask(service.Cluster, green.TaskDefinition, service, green, green.Id, $"service:{service.Name}", service.LaunchType, null, [], null, _now).Id);
        }

        // "(service web) has started 2 tasks: (task a) (task b)." (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-event-messages.html)
        AddEvent(service, $"(service {service.Name}) has started {started.Count} tasks: {string.Join(' ', started.Select(id => $"(task {id})"))}.");
    }

    private static bool GreenIsReady(ServiceState service, DeploymentState green)
    {
        var tasks = service.Cluster.Tasks.Where(t => ReferenceEquals(t.Deployment, green) && t.IsLive).ToList();
        return tasks.Count == service.DesiredCount && tasks.All(t => t.LastStatus == "RUNNING" && t.CountedHealthyAt is not null);
    }

    private void StopServiceTasks(ServiceState service, List<TaskState> tasks, string reason)
    {
        foreach (var task in tasks)
        {
            StopTask(task, "ServiceSchedulerInitiated", reason, immediate: false);
        }

        if (tasks.Count > 0)
        {
            AddEvent(service, $"(service {service.Name}) has stopped {tasks.Count} running tasks: {string.Join(' ', tasks.Select(t => $"(task {t.Id})"))}.");
        }
    }
}
