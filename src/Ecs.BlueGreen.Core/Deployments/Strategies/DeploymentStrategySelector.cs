using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.Deployments;

/// <summary>
/// Picks the strategy that drives a service's deployments from its controller (<c>ecs#DeploymentController.type</c>,
/// absent meaning ECS) and, for the ECS controller, its strategy (<c>ecs#DeploymentConfiguration.strategy</c>, absent
/// meaning ROLLING): ROLLING, or ECS's native BLUE_GREEN, LINEAR and CANARY; or, for the CODE_DEPLOY controller, a deployment through CodeDeploy. A controller or strategy with no
/// implementation yet is a planning problem, reported with the others.
/// </summary>
internal static class DeploymentStrategySelector
{
    /// <summary>The strategy for <paramref name="service"/>; <see langword="null"/> after adding why there is none to <paramref name="problems"/>.</summary>
    public static IDeploymentStrategy? Select(string serviceName, Service service, List<string> problems)
    {
        var before = problems.Count;
        var controller = service.DeploymentController?.Type ?? DeploymentControllerType.Ecs;
        if (controller == DeploymentControllerType.CodeDeploy)
        {
            // Its deployments are CodeDeploy's; the ECS strategy (deploymentConfiguration.strategy) does not apply.
            return CodeDeployStrategy.Instance;
        }

        if (controller != DeploymentControllerType.Ecs)
        {
            problems.Add($"The service '{serviceName}' uses the {controller.Value} deployment controller, which this version does not deploy to.");
        }

        var strategy = service.DeploymentConfiguration?.Strategy ?? DeploymentStrategy.Rolling;
        IDeploymentStrategy? selected = strategy == DeploymentStrategy.Rolling ? RollingStrategy.Instance
            : strategy == DeploymentStrategy.BlueGreen ? NativeStrategy.BlueGreen
            : strategy == DeploymentStrategy.Linear ? NativeStrategy.Linear
            : strategy == DeploymentStrategy.Canary ? NativeStrategy.Canary
            : null;
        if (selected is null)
        {
            problems.Add($"The service '{serviceName}' uses the {strategy.Value} deployment strategy, which this version does not know.");
        }

        return problems.Count == before ? selected : null;
    }
}
