using System.Globalization;

namespace Ecs.BlueGreen.Deployments;

/// <summary>The calls a deployment's plan would make, in order: what its dry run reports.</summary>
internal static class PlannedCalls
{
    public static IReadOnlyList<PlannedCall> For(DeploymentSettings settings, DeploymentPlan plan)
    {
        var registers = plan.TargetTaskDefinitionArn is null;
        var update = new List<string> { $"cluster {settings.Cluster}", $"service {settings.Service}", registers ? "taskDefinition (the new revision)"
            : plan.TargetTaskDefinitionArn == plan.Service.TaskDefinition ? "taskDefinition (unchanged)" : $"taskDefinition {DeploymentEvent.Short(plan.TargetTaskDefinitionArn)}" };
        if (settings.DesiredCount is { } desired)
        {
            update.Add(string.Create(CultureInfo.InvariantCulture, $"desiredCount {desired}"));
        }

        if (settings.SetsDeploymentLimits || plan.Rollback?.DeploymentConfiguration is not null)
        {
            update.Add("deploymentConfiguration limits");
        }

        if (settings.ForceNewDeployment)
        {
            update.Add("forceNewDeployment");
        }

        var calls = new List<PlannedCall>();
        if (registers)
        {
            calls.Add(new("RegisterTaskDefinition", "(the new revision above)"));
        }

        var timeouts = settings.Timeouts;
        if (plan.CodeDeploy is { } codeDeploy)
        {
            calls.Add(new("CreateDeployment", $"(application {codeDeploy.Application}, deployment group {codeDeploy.GroupName}, configuration {codeDeploy.ConfigName ?? "the group's"}, {codeDeploy.AppSpec?.Source ?? "AppSpec"} with {(registers ? "the new revision" : DeploymentEvent.Short(plan.TargetTaskDefinitionArn))})"));
            calls.Add(new("GetDeployment", "and BatchGetDeploymentTargets until the deployment ends"));
        }
        else
        {
            calls.Add(new("UpdateService", $"({string.Join(", ", update)})"));
        }

        if (plan.CodeDeploy is null)
        {
            calls.Add(new("DescribeServices", timeouts.NewTasks == timeouts.OldTasks
                ? $"until the deployment ends (at most {PlannedCall.Seconds(timeouts.NewTasks)})"
                : $"until the deployment ends (at most {PlannedCall.Seconds(timeouts.NewTasks)} for the new tasks, then {PlannedCall.Seconds(timeouts.OldTasks)} for the old ones)"));
        }

        if (settings.KeepRevisions is { } keep)
        {
            calls.Add(new("ListTaskDefinitions", string.Create(CultureInfo.InvariantCulture, $"and DeregisterTaskDefinition beyond the newest {keep}, after a success")));
        }

        return calls;
    }
}
