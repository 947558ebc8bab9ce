// A Cake task that deploys with Ecs.BlueGreen.Core (Cake.Tool 7, which runs on .NET 10):
//   dotnet cake build.cake --image=123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.4
#addin nuget:?package=Ecs.BlueGreen.Core&version=0.1.0&loaddependencies=true

using Cake.Core.Diagnostics;
using Ecs.BlueGreen;
using Ecs.BlueGreen.Deployments;

var target = Argument("target", "Deploy");
var cluster = Argument("cluster", "prod");
var service = Argument("service", "web");
var image = Argument<string>("image");

Task("Deploy")
    .Does(async context =>
    {
        // A failure throws DeploymentFailedException, whose message says why: the task fails with it.
        await EcsDeployment.For(cluster, service)
            .WithImage(image)
            .RollbackOnFailure()
            .WithTimeout(TimeSpan.FromMinutes(10))
            .WithProgress(new CakeLogProgress(context.Log))
            .RunAsync();
    });

RunTarget(target);

// Writes each deployment event to Cake's log the moment it is reported.
public sealed class CakeLogProgress : IProgress<DeploymentEvent>
{
    private readonly ICakeLog _log;

    public CakeLogProgress(ICakeLog log) => _log = log;

    public void Report(DeploymentEvent value) => _log.Information("{0}", value.Message);
}
