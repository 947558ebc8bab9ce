// A Nuke target that deploys with Ecs.BlueGreen.Core. Not compiled in this repository (see the README).
// Add the package to the build project (dotnet add build/_build.csproj package Ecs.BlueGreen.Core), then:
//   nuke Deploy --image 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.4
using System;
using Ecs.BlueGreen;
using Ecs.BlueGreen.Deployments;
using Nuke.Common;
using Serilog;

class Build : NukeBuild
{
    public static int Main() => Execute<Build>(x => x.Deploy);

    [Parameter("The image to deploy")]
    readonly string Image;

    Target Deploy => _ => _
        .Requires(() => Image)
        .Executes(async () =>
        {
            // A failure throws DeploymentFailedException, whose message says why: the target fails with it.
            await EcsDeployment.For("prod", "web")
                .WithImage(Image)
                .RollbackOnFailure()
                .WithTimeout(TimeSpan.FromMinutes(10))
                .WithProgress(new SerilogProgress())
                .RunAsync();
        });
}

// Writes each deployment event to Nuke's log the moment it is reported.
sealed class SerilogProgress : IProgress<DeploymentEvent>
{
    public void Report(DeploymentEvent value) => Log.Information("{Message}", value.Message);
}
