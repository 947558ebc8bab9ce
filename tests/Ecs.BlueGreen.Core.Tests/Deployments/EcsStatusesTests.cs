using System.Text.Json;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.Tests.Deployments;

/// <summary>The statuses the engine compares are named open enumerations: known values match, unknown ones survive as they are.</summary>
public class EcsStatusesTests
{
    [Test]
    public void Known_statuses_are_recognised_by_name_and_unknown_ones_are_kept_without_matching()
    {
        new Deployment { Status = "PRIMARY" }.IsPrimary().Should().BeTrue();
        new Deployment { Status = "ACTIVE" }.IsPrimary().Should().BeFalse();
        new Deployment { Status = "SOMETHING_NEW" }.StatusOf().Should().Be(DeploymentStatus.FromValue("SOMETHING_NEW"));
        new Service { Status = "ACTIVE" }.IsActive().Should().BeTrue();
        new Service { Status = "DRAINING" }.IsActive().Should().BeFalse();
        new TaskDetails { LastStatus = "STOPPED" }.Is(TaskLifecycleStatus.Stopped).Should().BeTrue();
        new TaskDetails { LastStatus = "DEPROVISIONING" }.Is(TaskLifecycleStatus.Stopped).Should().BeFalse();
    }

    [Test]
    public void The_new_enumerations_round_trip_unknown_values_through_JSON()
    {
        var options = new JsonSerializerOptions();

        JsonSerializer.Deserialize<DeploymentStatus>("\"NEW_STATE\"", options).Value.Should().Be("NEW_STATE");
        JsonSerializer.Serialize(ServiceStatus.FromValue("NEW_STATE"), options).Should().Be("\"NEW_STATE\"");
        JsonSerializer.Serialize(TaskLifecycleStatus.Running, options).Should().Be("\"RUNNING\"");
    }
}
