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
            .WithTimeout(request.Timeout)
            .WithValidation(DeploymentResultValidation.None);
        if (request.UseLatestTaskDefinition)
        {
            deployment = deployment.UseLatestTaskDefinition();
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

        return deployment;
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

        return request.DryRun ? command.DryRun() : command;
    }
}
