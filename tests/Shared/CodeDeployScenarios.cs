using System.Text.Json.Nodes;
using Ecs.BlueGreen.Testing.Scenarios;

namespace Ecs.BlueGreen.Tests.Shared;

/// <summary>
/// The CodeDeploy scenario of docs/emulator/README.md: a CODE_DEPLOY service "web" (2 tasks of web:1) in "prod", behind a
/// production and a test listener over the target groups blue and green, with web:2 registered, and the CodeDeploy
/// application "web-app" whose group "web-dg" deploys it (AllAtOnce, a 5-minute termination wait, auto-rollback on
/// failure); with AppSpecs that deploy web:2.
/// </summary>
internal static class CodeDeployScenarios
{
    /// <summary>The complete minimal scenario (the README shows the same).</summary>
    public const string Json = """
        {
          "clusters": ["prod"],
          "taskDefinitions": [
            {"family": "web", "containerDefinitions": [{"name": "app", "image": "repo/web:1", "memory": 512, "portMappings": [{"containerPort": 80}]}]},
            {"family": "web", "containerDefinitions": [{"name": "app", "image": "repo/web:2", "memory": 512, "portMappings": [{"containerPort": 80}]}]}
          ],
          "services": [
            {"cluster": "prod", "serviceName": "web", "taskDefinition": "web:1", "desiredCount": 2, "launchType": "FARGATE",
             "deploymentController": {"type": "CODE_DEPLOY"},
             "loadBalancers": [{"targetGroupArn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/blue/aaaaaaaaaaaaaaaa", "containerName": "app", "containerPort": 80}]}
          ],
          "listenerRules": [
            {"arn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/0123456789abcdef/1111111111111111",
             "targetGroups": ["arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/blue/aaaaaaaaaaaaaaaa", "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/green/bbbbbbbbbbbbbbbb"]},
            {"arn": "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/0123456789abcdef/2222222222222222",
             "targetGroups": ["arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/blue/aaaaaaaaaaaaaaaa", "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/green/bbbbbbbbbbbbbbbb"]}
          ],
          "codeDeploy": {
            "applications": [
              {"name": "web-app", "computePlatform": "ECS",
               "deploymentGroups": [
                 {"name": "web-dg",
                  "ecsServices": [{"clusterName": "prod", "serviceName": "web"}],
                  "deploymentConfigName": "CodeDeployDefault.ECSAllAtOnce",
                  "blueGreenDeploymentConfiguration": {
                    "deploymentReadyOption": {"actionOnTimeout": "CONTINUE_DEPLOYMENT", "waitTimeInMinutes": 0},
                    "terminateBlueInstancesOnDeploymentSuccess": {"action": "TERMINATE", "terminationWaitTimeInMinutes": 5}},
                  "autoRollbackConfiguration": {"enabled": true, "events": ["DEPLOYMENT_FAILURE"]},
                  "loadBalancerInfo": {"targetGroupPairInfoList": [{
                    "targetGroups": [{"name": "blue"}, {"name": "green"}],
                    "prodTrafficRoute": {"listenerArns": ["arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/0123456789abcdef/1111111111111111"]},
                    "testTrafficRoute": {"listenerArns": ["arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/web/0123456789abcdef/2222222222222222"]}}]}}
               ]}
            ],
            "deploymentConfigs": [
              {"name": "Canary20Percent1Minute", "trafficRoutingConfig": {"type": "TimeBasedCanary", "timeBasedCanary": {"canaryPercentage": 20, "canaryInterval": 1}}}
            ],
            "hooks": {"AfterInstall": {"outcome": "succeed", "seconds": 2}}
          }
        }
        """;

    /// <summary>An AppSpec (JSON) deploying web:2, with every hook named.</summary>
    public const string AppSpecJson = """
        {"version": 0.0,
         "Resources": [{"TargetService": {"Type": "AWS::ECS::Service", "Properties": {
           "TaskDefinition": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2",
           "LoadBalancerInfo": {"ContainerName": "app", "ContainerPort": 80}}}}],
         "Hooks": [{"BeforeInstall": "CheckBeforeInstall"}, {"AfterInstall": "CheckAfterInstall"}, {"AfterAllowTestTraffic": "SmokeTest"},
                   {"BeforeAllowTraffic": "CheckBeforeAllowTraffic"}, {"AfterAllowTraffic": "CheckAfterAllowTraffic"}]}
        """;

    /// <summary>The same AppSpec in YAML, with hooks for AfterAllowTestTraffic only.</summary>
    public const string AppSpecYaml = """
        version: 0.0
        Resources:
          - TargetService:
              Type: AWS::ECS::Service
              Properties:
                TaskDefinition: "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2"
                LoadBalancerInfo:
                  ContainerName: "app"
                  ContainerPort: 80
                PlatformVersion: "1.4.0"
        Hooks:
          - AfterAllowTestTraffic: "SmokeTest"
        """;

    /// <summary>
    /// <see cref="Json"/> with changes to the group "web-dg" and to the service "web" (JSON members that replace the
    /// scenario's), image behaviours and hook outcomes.
    /// </summary>
    public static EmulatorScenario Scenario(JsonObject? group = null, IReadOnlyDictionary<string, ImageBehaviour>? images = null,
        IReadOnlyDictionary<string, CodeDeployHook>? hooks = null, JsonObject? service = null)
    {
        var scenario = JsonNode.Parse(Json)!.AsObject();
        var declared = scenario["codeDeploy"]!["applications"]![0]!["deploymentGroups"]![0]!.AsObject();
        foreach (var (name, value) in group ?? [])
        {
            declared[name] = value?.DeepClone();
        }

        var web = scenario["services"]![0]!.AsObject();
        foreach (var (name, value) in service ?? [])
        {
            web[name] = value?.DeepClone();
        }

        var parsed = EmulatorScenario.Parse(scenario.ToJsonString());
        return parsed with
        {
            Images = images ?? parsed.Images,
            CodeDeploy = hooks is null ? parsed.CodeDeploy : parsed.CodeDeploy with { Hooks = hooks },
        };
    }
}
