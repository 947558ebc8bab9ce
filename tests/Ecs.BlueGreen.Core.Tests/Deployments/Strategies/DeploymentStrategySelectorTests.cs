using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.Tests.Deployments.Strategies;

/// <summary>The one place that turns a service's controller and strategy into the strategy that drives it, or a refusal.</summary>
public class DeploymentStrategySelectorTests
{
    public static IEnumerable<TestCaseData> RollingServices()
    {
        yield return new TestCaseData(null, null).SetArgDisplayNames("no controller, no strategy");
        yield return new TestCaseData("ECS", null).SetArgDisplayNames("ECS, no strategy");
        yield return new TestCaseData("ECS", "ROLLING").SetArgDisplayNames("ECS, ROLLING");
        yield return new TestCaseData(null, "ROLLING").SetArgDisplayNames("no controller, ROLLING");
    }

    public static IEnumerable<TestCaseData> RefusedServices()
    {
        yield return new TestCaseData("EXTERNAL", null, "uses the EXTERNAL deployment controller, which this version does not deploy to").SetArgDisplayNames("EXTERNAL");
        yield return new TestCaseData("ECS", "SOMETHING_NEW", "uses the SOMETHING_NEW deployment strategy, which this version does not know").SetArgDisplayNames("an unknown strategy");
    }

    [TestCaseSource(nameof(RollingServices))]
    public void The_ECS_controller_with_the_rolling_strategy_is_driven_by_the_rolling_strategy(string? controller, string? strategy)
    {
        var problems = new List<string>();

        var selected = DeploymentStrategySelector.Select("web", Service(controller, strategy), problems);

        selected.Should().BeSameAs(RollingStrategy.Instance);
        selected!.Name.Should().Be("ROLLING");
        problems.Should().BeEmpty();
    }

    [TestCase("BLUE_GREEN")]
    [TestCase("LINEAR")]
    [TestCase("CANARY")]
    public void The_native_strategies_are_driven_by_the_native_strategy_of_their_name(string strategy)
    {
        var problems = new List<string>();

        var selected = DeploymentStrategySelector.Select("web", Service("ECS", strategy), problems);

        selected.Should().BeOfType<NativeStrategy>();
        selected!.Name.Should().Be(strategy);
        problems.Should().BeEmpty();
    }

    [TestCaseSource(nameof(RefusedServices))]
    public void A_controller_or_strategy_without_an_implementation_is_refused_as_a_planning_problem(string? controller, string? strategy, string problem)
    {
        var problems = new List<string>();

        var selected = DeploymentStrategySelector.Select("web", Service(controller, strategy), problems);

        selected.Should().BeNull();
        problems.Should().ContainSingle().Which.Should().Contain(problem);
    }

    [Test]
    public void A_refused_controller_and_a_refused_strategy_are_both_reported()
    {
        var problems = new List<string>();

        DeploymentStrategySelector.Select("web", Service("EXTERNAL", "SOMETHING_NEW"), problems);

        problems.Should().HaveCount(2);
    }

    [TestCase(null)]
    [TestCase("BLUE_GREEN")]
    public void The_CODE_DEPLOY_controller_is_driven_through_CodeDeploy_whatever_the_ECS_strategy(string? strategy)
    {
        var problems = new List<string>();

        var selected = DeploymentStrategySelector.Select("web", Service("CODE_DEPLOY", strategy), problems);

        selected.Should().BeSameAs(CodeDeployStrategy.Instance);
        problems.Should().BeEmpty();
    }

    private static Service Service(string? controller, string? strategy) => new()
    {
        ServiceName = "web",
        Status = "ACTIVE",
        DeploymentController = controller is null ? null : new DeploymentController { Type = DeploymentControllerType.FromValue(controller) },
        DeploymentConfiguration = strategy is null ? null : new DeploymentConfiguration { Strategy = DeploymentStrategy.FromValue(strategy) },
    };
}
