using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.TaskDefinitions;

namespace Ecs.BlueGreen.Tool;

/// <summary>Maps a <see cref="DeployRequest"/> onto the library's builders; nothing else.</summary>
internal static class DeploymentMapper
{
    /// <summary>The deployment for -n; <paramref name="limits"/> are both deployment limits when -m or -M was given.</summary>
    public static EcsDeployment ToDeployment(DeployRequest request, (int Minimum, int Maximum)? limits)
    {
        ArgumentNullException.ThrowIfNull(request);
        var deployment = EcsDeployment.For(request.Cluster!, request.Service!)
            .WithTimeout(request.Timeout)
            .WithValidation(DeploymentResultValidation.None)
            .WithAwsSettings(request.Aws);
        if (request.Tag is not null)
        {
            deployment = deployment.WithTag(request.Tag);
        }

        if (request.Image is not null)
        {
            deployment = deployment.WithImage(request.Image.ToString());
        }

        foreach (var container in request.ContainerImages)
        {
            deployment = deployment.WithImage(container.Container, container.Image.ToString());
        }

        foreach (var variable in request.Environment)
        {
            deployment = deployment.WithEnvironmentVariable(variable.Container, variable.Name, variable.Value);
        }

        if (request.TaskDefinitionFile is not null)
        {
            deployment = deployment.WithTaskDefinitionFile(request.TaskDefinitionFile);
        }

        if (request.UseLatestTaskDefinition)
        {
            deployment = deployment.UseLatestTaskDefinition();
        }

        if (request.CopyTaskDefinitionTags)
        {
            deployment = deployment.CopyTaskDefinitionTags();
        }

        if (request.DesiredCount is { } desired)
        {
            deployment = deployment.WithDesiredCount(desired);
        }

        if (limits is { } l)
        {
            deployment = deployment.WithDeploymentLimits(l.Minimum, l.Maximum);
        }

        if (request.ForceNewDeployment)
        {
            deployment = deployment.ForceNewDeployment();
        }

        if (request.SkipIfUnchanged)
        {
            deployment = deployment.SkipIfUnchanged();
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

        if (request.KeepRevisions is { } keep)
        {
            deployment = deployment.KeepRevisions(keep);
        }

        if (!request.WaitForDrain)
        {
            deployment = deployment.WithoutWaitingForDrain();
        }

        if (request.DryRun)
        {
            deployment = deployment.DryRun();
        }

        return deployment;
    }

    /// <summary>The registration for -d.</summary>
    public static EcsTaskDefinition ToTaskDefinition(DeployRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var definition = EcsTaskDefinition.For(request.TaskDefinition!).WithAwsSettings(request.Aws);
        if (request.Tag is not null)
        {
            definition = definition.WithTag(request.Tag);
        }

        if (request.Image is not null)
        {
            definition = definition.WithImage(request.Image.ToString());
        }

        foreach (var container in request.ContainerImages)
        {
            definition = definition.WithImage(container.Container, container.Image.ToString());
        }

        foreach (var variable in request.Environment)
        {
            definition = definition.WithEnvironmentVariable(variable.Container, variable.Name, variable.Value);
        }

        if (request.TaskDefinitionFile is not null)
        {
            definition = definition.WithTaskDefinitionFile(request.TaskDefinitionFile);
        }

        if (request.CopyTaskDefinitionTags)
        {
            definition = definition.CopyTaskDefinitionTags();
        }

        if (request.SkipIfUnchanged)
        {
            definition = definition.SkipIfUnchanged();
        }

        if (request.KeepRevisions is { } keep)
        {
            definition = definition.KeepRevisions(keep);
        }

        if (request.DryRun)
        {
            definition = definition.DryRun();
        }

        return definition;
    }
}
