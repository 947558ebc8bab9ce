using Ecs.BlueGreen.Deployments;

namespace Ecs.BlueGreen.Tests.Deployments.CodeDeploy;

/// <summary>The CodeDeploy lifecycle events of ECS deployments, as a command's --wait-until EVENT names them.</summary>
public class CodeDeployLifecycleEventTests
{
    [TestCase("AfterAllowTestTraffic", "AfterAllowTestTraffic")]
    [TestCase("allowtraffic", "AllowTraffic")]
    [TestCase("BEFOREINSTALL", "BeforeInstall")]
    public void An_event_is_found_by_its_name_in_any_case(string name, string expected)
    {
        CodeDeployLifecycleEvent.Find(name)!.Value.Value.Should().Be(expected);
    }

    [Test]
    public void A_name_that_is_no_event_is_not_found_and_cannot_be_waited_for()
    {
        CodeDeployLifecycleEvent.Find("Ready").Should().BeNull("the Ready gate is WaitUntilPaused, not a lifecycle event");

        var act = () => EcsDeployment.For("prod", "web").WaitUntil(new CodeDeployLifecycleEvent("ApplicationStart"));

        act.Should().Throw<ArgumentException>().WithMessage("*'ApplicationStart' is not a CodeDeploy lifecycle event of ECS deployments; use one of BeforeInstall, Install, AfterInstall, AllowTestTraffic, AfterAllowTestTraffic, BeforeAllowTraffic, AllowTraffic, AfterAllowTraffic*");
    }

    [Test]
    public void The_events_are_in_the_order_CodeDeploy_runs_them()
    {
        CodeDeployLifecycleEvent.InOrder.Select(e => e.Order).Should().BeInAscendingOrder().And.HaveCount(8);
        CodeDeployLifecycleEvent.AllowTestTraffic.Order.Should().BeLessThan(CodeDeployLifecycleEvent.AllowTraffic.Order);
        new CodeDeployLifecycleEvent("Later").IsKnown.Should().BeFalse();
    }
}
