using System.Text.Json.Serialization;
using Ecs.BlueGreen.Aws.Json;

namespace Ecs.BlueGreen.Deployments;

/// <summary>
/// A lifecycle stage of a native ECS blue/green, linear or canary deployment, as ECS reports it
/// (<c>ecs#ServiceDeployment.lifecycleStage</c>) or as hooks name it (<c>ecs#DeploymentLifecycleHookStage</c>), in
/// the order ECS runs them (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/blue-green-deployment-how-it-works.html).
/// Open: a stage AWS adds later is kept as it is. The reported-stage enum of the model lacks PRE_PRODUCTION_TRAFFIC_SHIFT,
/// which its documentation describes, so stages are read as strings.
/// </summary>
[JsonConverter(typeof(OpenEnumerationConverter<DeploymentStage>))]
public readonly record struct DeploymentStage(string Value) : IOpenEnumeration<DeploymentStage>
{
    /// <summary><c>RECONCILE_SERVICE</c>: only when the deployment starts with more than one ACTIVE service revision.</summary>
    public static DeploymentStage ReconcileService { get; } = new("RECONCILE_SERVICE");

    /// <summary><c>PRE_SCALE_UP</c>: the new revision has not started; the old one serves all production traffic.</summary>
    public static DeploymentStage PreScaleUp { get; } = new("PRE_SCALE_UP");

    /// <summary><c>SCALE_UP</c>: the new revision starts its tasks and serves no traffic.</summary>
    public static DeploymentStage ScaleUp { get; } = new("SCALE_UP");

    /// <summary><c>POST_SCALE_UP</c>: the new revision runs; the old one serves all production traffic.</summary>
    public static DeploymentStage PostScaleUp { get; } = new("POST_SCALE_UP");

    /// <summary><c>TEST_TRAFFIC_SHIFT</c>: test traffic moves to the new revision.</summary>
    public static DeploymentStage TestTrafficShift { get; } = new("TEST_TRAFFIC_SHIFT");

    /// <summary><c>POST_TEST_TRAFFIC_SHIFT</c>: the new revision serves all test traffic.</summary>
    public static DeploymentStage PostTestTrafficShift { get; } = new("POST_TEST_TRAFFIC_SHIFT");

    /// <summary><c>PRE_PRODUCTION_TRAFFIC_SHIFT</c>: before production traffic moves (LINEAR and CANARY: before every step).</summary>
    public static DeploymentStage PreProductionTrafficShift { get; } = new("PRE_PRODUCTION_TRAFFIC_SHIFT");

    /// <summary><c>PRODUCTION_TRAFFIC_SHIFT</c>: production traffic moves to the new revision (LINEAR and CANARY: step by step).</summary>
    public static DeploymentStage ProductionTrafficShift { get; } = new("PRODUCTION_TRAFFIC_SHIFT");

    /// <summary><c>POST_PRODUCTION_TRAFFIC_SHIFT</c>: the new revision serves all production traffic.</summary>
    public static DeploymentStage PostProductionTrafficShift { get; } = new("POST_PRODUCTION_TRAFFIC_SHIFT");

    /// <summary><c>BAKE_TIME</c>: both revisions run after the shift, so that a rollback is still fast.</summary>
    public static DeploymentStage BakeTime { get; } = new("BAKE_TIME");

    /// <summary><c>CLEAN_UP</c>: the old revision is scaled to zero.</summary>
    public static DeploymentStage CleanUp { get; } = new("CLEAN_UP");

    /// <summary>Every known stage, in the order ECS runs them.</summary>
    public static IReadOnlyList<DeploymentStage> InOrder { get; } =
    [
        ReconcileService, PreScaleUp, ScaleUp, PostScaleUp, TestTrafficShift, PostTestTrafficShift, PreProductionTrafficShift,
        ProductionTrafficShift, PostProductionTrafficShift, BakeTime, CleanUp,
    ];

    /// <summary>The stage's place in <see cref="InOrder"/>; -1 for a stage this version does not know.</summary>
    public int Order => InOrder.ToList().IndexOf(this);

    /// <summary>Whether this version knows the stage (it is in <see cref="InOrder"/>).</summary>
    public bool IsKnown => Order >= 0;

    /// <summary>A known stage by its name, in any case and with <c>-</c> for <c>_</c>; <see langword="false"/> for any other text.</summary>
    public static bool TryParse(string? text, out DeploymentStage stage)
    {
        var name = text?.Trim().Replace('-', '_').ToUpperInvariant();
        stage = InOrder.FirstOrDefault(s => s.Value == name);
        return stage.Value is not null;
    }

    /// <inheritdoc />
    public static DeploymentStage FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
