using Ecs.BlueGreen;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Samples;

// Runs the README's library examples against AWS, configured from the environment (AWS_REGION, AWS_PROFILE, …):
//   dotnet run --project samples/Ecs.BlueGreen.Samples              deploys web:1.4 to the service web in prod
//   dotnet run --project samples/Ecs.BlueGreen.Samples -- migrate   registers a new revision of migrate
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

try
{
    if (args is ["migrate"])
    {
        await LibraryExample.RegisterAsync(LibraryExample.MigrationTaskDefinition(), Console.Out, cancellation.Token);
    }
    else
    {
        await LibraryExample.RunAsync(LibraryExample.WebDeployment(Console.Out), Console.Out, cancellation.Token);
    }

    return 0;
}
catch (DeploymentFailedException)
{
    return 1; // RunAsync has printed why.
}
catch (DeploymentValidationException invalid)
{
    Console.Error.WriteLine(invalid.Message);
    return 2;
}
catch (OperationCanceledException)
{
    return 130;
}
