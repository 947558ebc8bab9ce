// Deploys an image to an ECS service, waits for the true outcome, and rolls back a failure or a timeout.
//   dotnet run deploy.cs -- <cluster> <service> <image>      (or set CLUSTER, SERVICE and IMAGE)
// AWS settings come from the environment, as for the AWS CLI: AWS_REGION, AWS_PROFILE, AWS_ACCESS_KEY_ID, …
// Exit code: 0 deployed, 1 failed, timed out or refused by AWS, 2 nothing done (invalid input or configuration), 130 cancelled.
#:project ../src/Ecs.BlueGreen.Core/Ecs.BlueGreen.Core.csproj

using Ecs.BlueGreen;
using Ecs.BlueGreen.Aws;
using Ecs.BlueGreen.Aws.Configuration;
using Ecs.BlueGreen.Deployments;

var cluster = args.ElementAtOrDefault(0) ?? Environment.GetEnvironmentVariable("CLUSTER");
var service = args.ElementAtOrDefault(1) ?? Environment.GetEnvironmentVariable("SERVICE");
var image = args.ElementAtOrDefault(2) ?? Environment.GetEnvironmentVariable("IMAGE");
if (string.IsNullOrWhiteSpace(cluster) || string.IsNullOrWhiteSpace(service) || string.IsNullOrWhiteSpace(image))
{
    Console.Error.WriteLine("Usage: dotnet run deploy.cs -- <cluster> <service> <image> (or set CLUSTER, SERVICE and IMAGE)");
    return 2;
}

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

try
{
    var result = await EcsDeployment.For(cluster, service)
        .WithImage(image)
        .RollbackOnFailure()
        .RollbackOnTimeout()
        .WithTimeout(TimeSpan.FromMinutes(10))
        .WithProgress(new ConsoleProgress())
        .RunAsync(cancellation.Token);
    Console.WriteLine($"{result.Outcome}: {service} runs {result.TaskDefinitionArn}.");
    return 0;
}
catch (DeploymentFailedException failure)
{
    Report(failure.Result);
    return 1;
}
catch (DeploymentCanceledException cancelled)
{
    // Cancelled after something was written: the result says what, and where the service is now.
    Report(cancelled.Result);
    return 130;
}
catch (OperationCanceledException)
{
    Console.Error.WriteLine("Cancelled before anything was written.");
    return 130;
}
catch (AwsException refused)
{
    // Before the first write: AWS refused a read, could not be reached or answered with something else.
    Console.Error.WriteLine(refused.Message);
    return 1;
}
catch (Exception invalid) when (invalid is DeploymentValidationException or AwsConfigurationException or ArgumentException)
{
    Console.Error.WriteLine(invalid.Message);
    return 2;
}

static void Report(DeploymentResult result)
{
    Console.Error.WriteLine($"{result.Outcome}: {result.Reason}");
    foreach (var task in result.StoppedTasks.Where(t => t.IsFailure))
    {
        Console.Error.WriteLine($"  {task}");
    }

    if ((result.Rollback ?? result.EcsRollback) is { } rollback)
    {
        Console.Error.WriteLine($"Rollback to {rollback.TaskDefinitionArn}: {rollback.Outcome}: {rollback.Reason}");
    }

    foreach (var warning in result.Warnings)
    {
        Console.Error.WriteLine($"warning: {warning}");
    }

    Console.Error.WriteLine($"The service runs {result.ServiceTaskDefinitionArn ?? "(unknown: check it)"}.");
}

/// <summary>Prints each deployment event the moment it is reported.</summary>
sealed class ConsoleProgress : IProgress<DeploymentEvent>
{
    public void Report(DeploymentEvent value) => Console.WriteLine(value.Message);
}
