using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.TaskDefinitions;
using Ecs.BlueGreen.Tasks;

namespace Ecs.BlueGreen.Tool;

/// <summary>Maps a <see cref="DeployRequest"/> onto the library's builders; nothing else.</summary>
internal static class DeploymentMapper
{
    /// <summary>The cluster of --run-task without -c: the one the AWS CLI uses without --cluster (ecs-deploy passed "false").</summary>
    public const string DefaultCluster = "default";

    /// <summary>The deployment for -n.</summary>
    public static EcsDeployment ToDeployment(DeployRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var deployment = Registering(EcsDeployment.For(request.Cluster!, request.Service!), request)
            .WithTimeouts(Timeouts(request))
            .WithValidation(DeploymentResultValidation.None);
        if (request.UseLatestTaskDefinition)
        {
            deployment = deployment.UseLatestTaskDefinition();
        }

        if (request.TaskDefinitionRevision is { } existing)
        {
            deployment = deployment.WithTaskDefinition(existing);
        }

        if (request.DesiredCount is { } desired)
        {
            deployment = deployment.WithDesiredCount(desired);
        }

        // ecs-deploy sends only the limit given; the library keeps the other as the service has it.
        if (request.MinimumHealthyPercent is { } minimum)
        {
            deployment = deployment.WithMinimumHealthyPercent(minimum);
        }

        if (request.MaximumPercent is { } maximum)
        {
            deployment = deployment.WithMaximumPercent(maximum);
        }

        if (request.ForceNewDeployment)
        {
            deployment = deployment.ForceNewDeployment();
        }

        if (request.RollbackOnTimeout)
        {
            deployment = deployment.RollbackOnTimeout();
        }

        if (request.RollbackOnFailure)
        {
            deployment = deployment.RollbackOnFailure();
        }

        // Ctrl+C rolls back when a rollback was asked for at all.
        if (request.RollbackOnTimeout || request.RollbackOnFailure)
        {
            deployment = deployment.RollbackOnCancellation();
        }

        if (!request.WaitForDrain)
        {
            deployment = deployment.WithoutWaitingForDrain();
        }

        if (request.WaitUntil is { } stage)
        {
            deployment = deployment.WaitUntil(stage);
        }

        if (request.WaitUntilPaused)
        {
            deployment = deployment.WaitUntilPaused();
        }

        deployment = CodeDeploy(deployment, request);

        if (request.SmokeTest is { } test)
        {
            deployment = deployment.WithSmokeTest(test.Command[0], test.Command.Skip(1));
            if (test.TestUrl is { } url)
            {
                deployment = deployment.WithTestUrl(url);
            }

            if (test.Timeout is { } timeout)
            {
                deployment = deployment.WithSmokeTestTimeout(timeout);
            }

            if (test.Stages.Count > 0)
            {
                deployment = deployment.WithSmokeTestStages(test.Stages);
            }
        }

        return deployment;
    }

    /// <summary>
    /// -t's budgets. Given, it is each phase's budget and a native deployment's whole wait (<c>WithTimeout</c>). Not
    /// given, ROLLING keeps ecs-deploy's 90 s for each phase, and a native deployment's whole wait is left to the library
    /// (<see cref="DeploymentTimeouts.ServiceDeployment"/> null), which sizes it from the service's bake, step and hook
    /// times (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-how-it-works.html): the strategy
    /// is only known once the library has read the service.
    /// </summary>
    public static DeploymentTimeouts Timeouts(DeployRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.TimeoutGiven
            ? DeploymentTimeouts.Each(request.Timeout)
            : new DeploymentTimeouts { NewTasks = request.Timeout, OldTasks = request.Timeout, Rollback = request.Timeout, ServiceDeployment = null };
    }

    /// <summary>The CodeDeploy flags: the application and group, the AppSpec, the configuration, the event to wait for, the termination wait.</summary>
    private static EcsDeployment CodeDeploy(EcsDeployment deployment, DeployRequest request)
    {
        if (request.CodeDeployTarget is var (application, group))
        {
            deployment = deployment.ViaCodeDeploy(application, group);
        }

        if (request.AppSpecFile is { } appSpec)
        {
            deployment = deployment.WithAppSpec(appSpec);
        }

        if (request.CodeDeployConfig is { } config)
        {
            deployment = deployment.WithCodeDeployConfig(config);
        }

        if (request.WaitUntilEvent is { } lifecycleEvent)
        {
            deployment = deployment.WaitUntil(lifecycleEvent);
        }

        return request.SkipTerminationWait ? deployment.SkipTerminationWait() : deployment;
    }

    /// <summary>--continue and --rollback-deployment: the action on the service's current native or CodeDeploy deployment (without its clients).</summary>
    public static EcsServiceDeployment ToServiceDeployment(DeployRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var action = EcsServiceDeployment.For(request.Cluster!, request.Service!).WithAwsSettings(request.Aws);

        // Without -t the library's own budget: as long as the service's configuration needs, 10 minutes for a rollback.
        if (request.TimeoutGiven)
        {
            action = action.WithTimeout(request.Timeout);
        }

        if (request.WaitUntil is { } stage)
        {
            action = action.WaitUntil(stage);
        }

        if (request.WaitUntilPaused)
        {
            action = action.WaitUntilPaused();
        }

        if (request.CodeDeployTarget is var (application, group))
        {
            action = action.ViaCodeDeploy(application, group);
        }

        if (request.WaitUntilEvent is { } lifecycleEvent)
        {
            action = action.WaitUntil(lifecycleEvent);
        }

        if (request.SkipTerminationWait)
        {
            action = action.SkipTerminationWait();
        }

        return request.RollbackOnFailure ? action.RollbackOnFailure() : action;
    }

    /// <summary>--rollback: the service's rollback on demand (without its clients), run with <see cref="EcsDeployment.RollBackAsync"/> or, with --to, <see cref="EcsDeployment.RollBackToAsync"/>.</summary>
    public static EcsDeployment ToRollback(DeployRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var rollback = EcsDeployment.For(request.Cluster!, request.Service!).WithAwsSettings(request.Aws)
            .WithTimeouts(Timeouts(request))
            .WithValidation(DeploymentResultValidation.None);
        if (!request.WaitForDrain)
        {
            rollback = rollback.WithoutWaitingForDrain();
        }

        return request.DryRun ? rollback.DryRun() : rollback;
    }

    /// <summary>The registration for -d.</summary>
    public static EcsTaskDefinition ToTaskDefinition(DeployRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Registering(EcsTaskDefinition.For(request.TaskDefinition!), request);
    }

    /// <summary>The name a dry run gives the revision it would register, in the RunTask it would make.</summary>
    public const string NewRevision = "(the new revision)";

    /// <summary>
    /// --run-task's run (without its clients) of <paramref name="taskDefinition"/> with the library's <see cref="EcsTask"/>; <see langword="null"/>
    /// with the problem when --command has no container of <paramref name="containers"/> to go to.
    /// </summary>
    public static (EcsTask? Run, string? Problem) ToTaskRun(DeployRequest request, RunTaskRequest task, string taskDefinition, IReadOnlyList<ContainerDefinition> containers)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(containers);
        var run = EcsTask.Run(request.Cluster ?? DefaultCluster, taskDefinition).WithValidation(TaskRunValidation.None);
        if (task.WaitForSuccess)
        {
            run = run.WaitForCompletion().WithTimeout(request.Timeout);
        }

        if (task.LaunchType is { } launchType)
        {
            run = run.WithLaunchType(launchType);
        }

        if (task.CapacityProviderStrategy.Count > 0)
        {
            run = run.WithCapacityProviderStrategy(task.CapacityProviderStrategy);
        }

        if (task.PlatformVersion is not null)
        {
            run = run.WithPlatformVersion(task.PlatformVersion);
        }

        if (task.NetworkConfiguration is not null)
        {
            run = run.WithNetworkConfiguration(task.NetworkConfiguration);
        }

        if (task.StartedBy is not null)
        {
            run = run.WithStartedBy(task.StartedBy);
        }

        if (task.Command is not null)
        {
            var target = containers.FirstOrDefault(c => c.Essential ?? true) ?? (containers.Count > 0 ? containers[0] : null);
            if (target?.Name is not { } name)
            {
                return (null, "--command: the new revision has no container whose command could be set.");
            }

            run = run.WithCommand(name, task.Command);
        }

        return (run, null);
    }

    /// <summary>The new revision, built once from the request: the same for -n and -d.</summary>
    public static RevisionChanges Revision(DeployRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var revision = new RevisionBuilder();
        if (request.Tag is not null)
        {
            revision.WithTag(request.Tag);
        }

        if (request.Image is not null)
        {
            revision.WithImage(request.Image.ToString());
        }

        foreach (var container in request.ContainerImages)
        {
            revision.WithImage(container.Container, container.Image.ToString());
        }

        foreach (var variable in request.Environment)
        {
            revision.WithEnvironmentVariable(variable.Container, variable.Name, variable.Value);
        }

        if (request.TaskDefinitionFile is not null)
        {
            revision.WithTaskDefinitionFile(request.TaskDefinitionFile);
        }

        if (request.CopyTaskDefinitionTags)
        {
            revision.CopyTaskDefinitionTags();
        }

        return revision.Build();
    }

    /// <summary>What every operation that registers a revision takes from the request: the revision, AWS settings, and what to do when unchanged, with old revisions, on a dry run.</summary>
    private static T Registering<T>(T command, DeployRequest request)
        where T : RevisionCommandBase<T>
    {
        command = command.WithRevision(Revision(request)).WithAwsSettings(request.Aws);
        if (request.SkipIfUnchanged)
        {
            command = command.SkipIfUnchanged();
        }

        if (request.KeepRevisions is { } keep)
        {
            command = command.KeepRevisions(keep);
        }

        if (!request.VerifyImages)
        {
            command = command.WithoutImageVerification();
        }

        return request.DryRun ? command.DryRun() : command;
    }
}
