using System.Text.Json.Serialization;
using Ecs.BlueGreen.Aws.Json;

namespace Ecs.BlueGreen.CodeDeploy.Model;

/// <summary>The values of <c>codedeploy#ComputePlatform</c>. Open: a value AWS adds later is kept as it is.</summary>
[JsonConverter(typeof(OpenEnumerationConverter<ComputePlatform>))]
public readonly record struct ComputePlatform(string Value) : IOpenEnumeration<ComputePlatform>
{
    /// <summary><c>Server</c>.</summary>
    public static ComputePlatform Server { get; } = new("Server");

    /// <summary><c>Lambda</c>.</summary>
    public static ComputePlatform Lambda { get; } = new("Lambda");

    /// <summary><c>ECS</c>.</summary>
    public static ComputePlatform Ecs { get; } = new("ECS");

    /// <inheritdoc />
    public static ComputePlatform FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>The values of <c>codedeploy#DeploymentStatus</c>. Open: a value AWS adds later is kept as it is.</summary>
[JsonConverter(typeof(OpenEnumerationConverter<DeploymentStatus>))]
public readonly record struct DeploymentStatus(string Value) : IOpenEnumeration<DeploymentStatus>
{
    /// <summary><c>Created</c>.</summary>
    public static DeploymentStatus Created { get; } = new("Created");

    /// <summary><c>Queued</c>.</summary>
    public static DeploymentStatus Queued { get; } = new("Queued");

    /// <summary><c>InProgress</c>.</summary>
    public static DeploymentStatus InProgress { get; } = new("InProgress");

    /// <summary><c>Baking</c>.</summary>
    public static DeploymentStatus Baking { get; } = new("Baking");

    /// <summary><c>Succeeded</c>.</summary>
    public static DeploymentStatus Succeeded { get; } = new("Succeeded");

    /// <summary><c>Failed</c>.</summary>
    public static DeploymentStatus Failed { get; } = new("Failed");

    /// <summary><c>Stopped</c>.</summary>
    public static DeploymentStatus Stopped { get; } = new("Stopped");

    /// <summary><c>Ready</c>.</summary>
    public static DeploymentStatus Ready { get; } = new("Ready");

    /// <inheritdoc />
    public static DeploymentStatus FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>The values of <c>codedeploy#RevisionLocationType</c>. Open: a value AWS adds later is kept as it is.</summary>
[JsonConverter(typeof(OpenEnumerationConverter<RevisionLocationType>))]
public readonly record struct RevisionLocationType(string Value) : IOpenEnumeration<RevisionLocationType>
{
    /// <summary><c>S3</c>.</summary>
    public static RevisionLocationType S3 { get; } = new("S3");

    /// <summary><c>GitHub</c>.</summary>
    public static RevisionLocationType GitHub { get; } = new("GitHub");

    /// <summary><c>String</c>: the deprecated <c>RawString</c> revision.</summary>
    public static RevisionLocationType RawString { get; } = new("String");

    /// <summary><c>AppSpecContent</c>.</summary>
    public static RevisionLocationType AppSpecContent { get; } = new("AppSpecContent");

    /// <inheritdoc />
    public static RevisionLocationType FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>The values of <c>codedeploy#TargetStatus</c>. Open: a value AWS adds later is kept as it is.</summary>
[JsonConverter(typeof(OpenEnumerationConverter<TargetStatus>))]
public readonly record struct TargetStatus(string Value) : IOpenEnumeration<TargetStatus>
{
    /// <summary><c>Pending</c>.</summary>
    public static TargetStatus Pending { get; } = new("Pending");

    /// <summary><c>InProgress</c>.</summary>
    public static TargetStatus InProgress { get; } = new("InProgress");

    /// <summary><c>Succeeded</c>.</summary>
    public static TargetStatus Succeeded { get; } = new("Succeeded");

    /// <summary><c>Failed</c>.</summary>
    public static TargetStatus Failed { get; } = new("Failed");

    /// <summary><c>Skipped</c>.</summary>
    public static TargetStatus Skipped { get; } = new("Skipped");

    /// <summary><c>Unknown</c>.</summary>
    public static TargetStatus Unknown { get; } = new("Unknown");

    /// <summary><c>Ready</c>.</summary>
    public static TargetStatus Ready { get; } = new("Ready");

    /// <inheritdoc />
    public static TargetStatus FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>The values of <c>codedeploy#LifecycleEventStatus</c>. Open: a value AWS adds later is kept as it is.</summary>
[JsonConverter(typeof(OpenEnumerationConverter<LifecycleEventStatus>))]
public readonly record struct LifecycleEventStatus(string Value) : IOpenEnumeration<LifecycleEventStatus>
{
    /// <summary><c>Pending</c>.</summary>
    public static LifecycleEventStatus Pending { get; } = new("Pending");

    /// <summary><c>InProgress</c>.</summary>
    public static LifecycleEventStatus InProgress { get; } = new("InProgress");

    /// <summary><c>Succeeded</c>.</summary>
    public static LifecycleEventStatus Succeeded { get; } = new("Succeeded");

    /// <summary><c>Failed</c>.</summary>
    public static LifecycleEventStatus Failed { get; } = new("Failed");

    /// <summary><c>Skipped</c>.</summary>
    public static LifecycleEventStatus Skipped { get; } = new("Skipped");

    /// <summary><c>Unknown</c>.</summary>
    public static LifecycleEventStatus Unknown { get; } = new("Unknown");

    /// <inheritdoc />
    public static LifecycleEventStatus FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>The values of <c>codedeploy#DeploymentWaitType</c>. Open: a value AWS adds later is kept as it is.</summary>
[JsonConverter(typeof(OpenEnumerationConverter<DeploymentWaitType>))]
public readonly record struct DeploymentWaitType(string Value) : IOpenEnumeration<DeploymentWaitType>
{
    /// <summary><c>READY_WAIT</c>.</summary>
    public static DeploymentWaitType ReadyWait { get; } = new("READY_WAIT");

    /// <summary><c>TERMINATION_WAIT</c>.</summary>
    public static DeploymentWaitType TerminationWait { get; } = new("TERMINATION_WAIT");

    /// <inheritdoc />
    public static DeploymentWaitType FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>The values of <c>codedeploy#StopStatus</c>. Open: a value AWS adds later is kept as it is.</summary>
[JsonConverter(typeof(OpenEnumerationConverter<StopStatus>))]
public readonly record struct StopStatus(string Value) : IOpenEnumeration<StopStatus>
{
    /// <summary><c>Pending</c>.</summary>
    public static StopStatus Pending { get; } = new("Pending");

    /// <summary><c>Succeeded</c>.</summary>
    public static StopStatus Succeeded { get; } = new("Succeeded");

    /// <inheritdoc />
    public static StopStatus FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>The values of <c>codedeploy#DeploymentTargetType</c>. Open: a value AWS adds later is kept as it is.</summary>
[JsonConverter(typeof(OpenEnumerationConverter<DeploymentTargetType>))]
public readonly record struct DeploymentTargetType(string Value) : IOpenEnumeration<DeploymentTargetType>
{
    /// <summary><c>InstanceTarget</c>.</summary>
    public static DeploymentTargetType InstanceTarget { get; } = new("InstanceTarget");

    /// <summary><c>LambdaTarget</c>.</summary>
    public static DeploymentTargetType LambdaTarget { get; } = new("LambdaTarget");

    /// <summary><c>ECSTarget</c>.</summary>
    public static DeploymentTargetType ECSTarget { get; } = new("ECSTarget");

    /// <summary><c>CloudFormationTarget</c>.</summary>
    public static DeploymentTargetType CloudFormationTarget { get; } = new("CloudFormationTarget");

    /// <inheritdoc />
    public static DeploymentTargetType FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>The values of <c>codedeploy#TargetLabel</c>. Open: a value AWS adds later is kept as it is.</summary>
[JsonConverter(typeof(OpenEnumerationConverter<TargetLabel>))]
public readonly record struct TargetLabel(string Value) : IOpenEnumeration<TargetLabel>
{
    /// <summary><c>Blue</c>.</summary>
    public static TargetLabel Blue { get; } = new("Blue");

    /// <summary><c>Green</c>.</summary>
    public static TargetLabel Green { get; } = new("Green");

    /// <inheritdoc />
    public static TargetLabel FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>The values of <c>codedeploy#TrafficRoutingType</c>. Open: a value AWS adds later is kept as it is.</summary>
[JsonConverter(typeof(OpenEnumerationConverter<TrafficRoutingType>))]
public readonly record struct TrafficRoutingType(string Value) : IOpenEnumeration<TrafficRoutingType>
{
    /// <summary><c>TimeBasedCanary</c>.</summary>
    public static TrafficRoutingType TimeBasedCanary { get; } = new("TimeBasedCanary");

    /// <summary><c>TimeBasedLinear</c>.</summary>
    public static TrafficRoutingType TimeBasedLinear { get; } = new("TimeBasedLinear");

    /// <summary><c>AllAtOnce</c>.</summary>
    public static TrafficRoutingType AllAtOnce { get; } = new("AllAtOnce");

    /// <inheritdoc />
    public static TrafficRoutingType FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>The values of <c>codedeploy#DeploymentType</c>. Open: a value AWS adds later is kept as it is.</summary>
[JsonConverter(typeof(OpenEnumerationConverter<DeploymentType>))]
public readonly record struct DeploymentType(string Value) : IOpenEnumeration<DeploymentType>
{
    /// <summary><c>IN_PLACE</c>.</summary>
    public static DeploymentType InPlace { get; } = new("IN_PLACE");

    /// <summary><c>BLUE_GREEN</c>.</summary>
    public static DeploymentType BlueGreen { get; } = new("BLUE_GREEN");

    /// <inheritdoc />
    public static DeploymentType FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>The values of <c>codedeploy#DeploymentOption</c>. Open: a value AWS adds later is kept as it is.</summary>
[JsonConverter(typeof(OpenEnumerationConverter<DeploymentOption>))]
public readonly record struct DeploymentOption(string Value) : IOpenEnumeration<DeploymentOption>
{
    /// <summary><c>WITH_TRAFFIC_CONTROL</c>.</summary>
    public static DeploymentOption WithTrafficControl { get; } = new("WITH_TRAFFIC_CONTROL");

    /// <summary><c>WITHOUT_TRAFFIC_CONTROL</c>.</summary>
    public static DeploymentOption WithoutTrafficControl { get; } = new("WITHOUT_TRAFFIC_CONTROL");

    /// <inheritdoc />
    public static DeploymentOption FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>The values of <c>codedeploy#AutoRollbackEvent</c>. Open: a value AWS adds later is kept as it is.</summary>
[JsonConverter(typeof(OpenEnumerationConverter<AutoRollbackEvent>))]
public readonly record struct AutoRollbackEvent(string Value) : IOpenEnumeration<AutoRollbackEvent>
{
    /// <summary><c>DEPLOYMENT_FAILURE</c>.</summary>
    public static AutoRollbackEvent DeploymentFailure { get; } = new("DEPLOYMENT_FAILURE");

    /// <summary><c>DEPLOYMENT_STOP_ON_ALARM</c>.</summary>
    public static AutoRollbackEvent DeploymentStopOnAlarm { get; } = new("DEPLOYMENT_STOP_ON_ALARM");

    /// <summary><c>DEPLOYMENT_STOP_ON_REQUEST</c>.</summary>
    public static AutoRollbackEvent DeploymentStopOnRequest { get; } = new("DEPLOYMENT_STOP_ON_REQUEST");

    /// <inheritdoc />
    public static AutoRollbackEvent FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>The values of <c>codedeploy#DeploymentCreator</c>. Open: a value AWS adds later is kept as it is.</summary>
[JsonConverter(typeof(OpenEnumerationConverter<DeploymentCreator>))]
public readonly record struct DeploymentCreator(string Value) : IOpenEnumeration<DeploymentCreator>
{
    /// <summary><c>user</c>.</summary>
    public static DeploymentCreator User { get; } = new("user");

    /// <summary><c>autoscaling</c>.</summary>
    public static DeploymentCreator Autoscaling { get; } = new("autoscaling");

    /// <summary><c>codeDeployRollback</c>.</summary>
    public static DeploymentCreator CodeDeployRollback { get; } = new("codeDeployRollback");

    /// <summary><c>CodeDeploy</c>.</summary>
    public static DeploymentCreator CodeDeploy { get; } = new("CodeDeploy");

    /// <summary><c>CodeDeployAutoUpdate</c>.</summary>
    public static DeploymentCreator CodeDeployAutoUpdate { get; } = new("CodeDeployAutoUpdate");

    /// <summary><c>CloudFormation</c>.</summary>
    public static DeploymentCreator CloudFormation { get; } = new("CloudFormation");

    /// <summary><c>CloudFormationRollback</c>.</summary>
    public static DeploymentCreator CloudFormationRollback { get; } = new("CloudFormationRollback");

    /// <summary><c>autoscalingTermination</c>.</summary>
    public static DeploymentCreator AutoscalingTermination { get; } = new("autoscalingTermination");

    /// <inheritdoc />
    public static DeploymentCreator FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>The values of <c>codedeploy#MinimumHealthyHostsType</c>. Open: a value AWS adds later is kept as it is.</summary>
[JsonConverter(typeof(OpenEnumerationConverter<MinimumHealthyHostsType>))]
public readonly record struct MinimumHealthyHostsType(string Value) : IOpenEnumeration<MinimumHealthyHostsType>
{
    /// <summary><c>HOST_COUNT</c>.</summary>
    public static MinimumHealthyHostsType HostCount { get; } = new("HOST_COUNT");

    /// <summary><c>FLEET_PERCENT</c>.</summary>
    public static MinimumHealthyHostsType FleetPercent { get; } = new("FLEET_PERCENT");

    /// <inheritdoc />
    public static MinimumHealthyHostsType FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>The values of <c>codedeploy#DeploymentReadyAction</c>. Open: a value AWS adds later is kept as it is.</summary>
[JsonConverter(typeof(OpenEnumerationConverter<DeploymentReadyAction>))]
public readonly record struct DeploymentReadyAction(string Value) : IOpenEnumeration<DeploymentReadyAction>
{
    /// <summary><c>CONTINUE_DEPLOYMENT</c>.</summary>
    public static DeploymentReadyAction ContinueDeployment { get; } = new("CONTINUE_DEPLOYMENT");

    /// <summary><c>STOP_DEPLOYMENT</c>.</summary>
    public static DeploymentReadyAction StopDeployment { get; } = new("STOP_DEPLOYMENT");

    /// <inheritdoc />
    public static DeploymentReadyAction FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>The values of <c>codedeploy#InstanceAction</c>. Open: a value AWS adds later is kept as it is.</summary>
[JsonConverter(typeof(OpenEnumerationConverter<InstanceAction>))]
public readonly record struct InstanceAction(string Value) : IOpenEnumeration<InstanceAction>
{
    /// <summary><c>TERMINATE</c>.</summary>
    public static InstanceAction Terminate { get; } = new("TERMINATE");

    /// <summary><c>KEEP_ALIVE</c>.</summary>
    public static InstanceAction KeepAlive { get; } = new("KEEP_ALIVE");

    /// <inheritdoc />
    public static InstanceAction FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>The values of <c>codedeploy#FileExistsBehavior</c>. Open: a value AWS adds later is kept as it is.</summary>
[JsonConverter(typeof(OpenEnumerationConverter<FileExistsBehavior>))]
public readonly record struct FileExistsBehavior(string Value) : IOpenEnumeration<FileExistsBehavior>
{
    /// <summary><c>DISALLOW</c>.</summary>
    public static FileExistsBehavior Disallow { get; } = new("DISALLOW");

    /// <summary><c>OVERWRITE</c>.</summary>
    public static FileExistsBehavior Overwrite { get; } = new("OVERWRITE");

    /// <summary><c>RETAIN</c>.</summary>
    public static FileExistsBehavior Retain { get; } = new("RETAIN");

    /// <inheritdoc />
    public static FileExistsBehavior FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>The values of <c>codedeploy#TargetFilterName</c>. Open: a value AWS adds later is kept as it is.</summary>
[JsonConverter(typeof(OpenEnumerationConverter<TargetFilterName>))]
public readonly record struct TargetFilterName(string Value) : IOpenEnumeration<TargetFilterName>
{
    /// <summary><c>TargetStatus</c>.</summary>
    public static TargetFilterName TargetStatus { get; } = new("TargetStatus");

    /// <summary><c>ServerInstanceLabel</c>.</summary>
    public static TargetFilterName ServerInstanceLabel { get; } = new("ServerInstanceLabel");

    /// <inheritdoc />
    public static TargetFilterName FromValue(string value) => new(value);

    /// <inheritdoc />
    public override string ToString() => Value;
}
