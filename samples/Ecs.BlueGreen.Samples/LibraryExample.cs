using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.TaskDefinitions;

namespace Ecs.BlueGreen.Samples;

/// <summary>
/// The library examples of the README, which shows each region marked "README" word for word (a test keeps them
/// identical). Every example is split in two: a method that configures (the part users change) and a method that
/// runs it and reports. The tests add an emulator's client and clock to the configuration
/// (<c>.WithClient(…).WithTimeProvider(…)</c>) and run the very same code.
/// </summary>
public static class LibraryExample
{
    /// <summary>The shortest deployment (compiled, not run by the tests: it has no client to replace).</summary>
    public static async Task<DeploymentResult> QuickStartAsync(CancellationToken cancellationToken)
    {
        #region README: quick-start
        var result = await EcsDeployment.For("prod", "web")
            .WithImage("123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.4")
            .RollbackOnFailure()
            .WithTimeout(TimeSpan.FromMinutes(10))
            .RunAsync(cancellationToken); // throws DeploymentFailedException unless it succeeded
        Console.WriteLine(result); // Succeeded: web:2 runs 2/2 task(s); deployment ecs-svc/… completed and the old tasks have drained.
        #endregion
        return result;
    }

    /// <summary>A rollback on demand, then an existing revision deployed as it is (compiled, not run by the tests: it has no client to replace).</summary>
    public static async Task<DeploymentResult> RollBackAsync(CancellationToken cancellationToken)
    {
        #region README: rollback
        var back = await EcsDeployment.For("prod", "web").WithTimeout(TimeSpan.FromMinutes(10)).RollBackAsync(cancellationToken);
        Console.WriteLine($"{back.RollbackTarget!.FromTaskDefinitionArn} -> {back.RollbackTarget.ToTaskDefinitionArn}: {back.RollbackTarget.Reason}");
        await EcsDeployment.For("prod", "web").WithTaskDefinition("web:12").RunAsync(cancellationToken); // registers nothing
        #endregion
        return back;
    }

    #region README: deployment
    /// <summary>The deployment: which image goes where, how long it may take, and what to do when it fails.</summary>
    public static EcsDeployment WebDeployment(TextWriter output) =>
        EcsDeployment.For("prod", "web")
            .WithImage("123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.4")
            .RollbackOnFailure()
            .WithTimeout(TimeSpan.FromMinutes(10))
            .WithProgress(new TextProgress(output));

    /// <summary>Runs a deployment; when it fails, prints why, the evidence and the rollback, and fails the build.</summary>
    public static async Task<DeploymentResult> RunAsync(EcsDeployment deployment, TextWriter output, CancellationToken cancellationToken = default)
    {
        try
        {
            var result = await deployment.RunAsync(cancellationToken);
            output.WriteLine($"{result.Outcome}: {result.Service} runs {result.TaskDefinitionArn}.");
            return result;
        }
        catch (DeploymentFailedException failure)
        {
            var result = failure.Result;
            output.WriteLine($"{result.Outcome}: {result.Reason}");
            foreach (var task in result.StoppedTasks.Where(t => t.IsFailure))
            {
                output.WriteLine($"  {task}");
            }

            if (result.RolledBackByEcs)
            {
                output.WriteLine("ECS rolled the deployment back itself.");
            }

            if (result.Rollback is { } rollback)
            {
                output.WriteLine($"Rollback to {rollback.TaskDefinitionArn}: {rollback.Outcome}: {rollback.Reason}");
            }

            throw;
        }
    }
    #endregion

    #region README: task-definition
    /// <summary>A new revision of the "migrate" task definition with the new image; only the 5 newest revisions stay ACTIVE.</summary>
    public static EcsTaskDefinition MigrationTaskDefinition() =>
        EcsTaskDefinition.For("migrate")
            .WithImage("123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.4")
            .KeepRevisions(5);

    /// <summary>Registers the revision, prints what changed, and returns its ARN for RunTask or a schedule.</summary>
    public static async Task<string> RegisterAsync(EcsTaskDefinition taskDefinition, TextWriter output, CancellationToken cancellationToken = default)
    {
        var registration = await taskDefinition.RegisterAsync(cancellationToken);
        output.WriteLine($"Registered {registration.TaskDefinitionArn}, based on {registration.BaseTaskDefinitionArn}:");
        output.WriteLine(TaskDefinitionDiff.Format(registration.Changes));
        return registration.TaskDefinitionArn!;
    }
    #endregion
}
