using System.Text.Json.Nodes;
using Ecs.BlueGreen.Deployments;
using Ecs.BlueGreen.Ecs.Model;

namespace Ecs.BlueGreen.Tests.Deployments.CodeDeploy;

/// <summary>The AppSpec a CodeDeploy deployment sends: generated from the service, or the user's JSON or YAML with the new revision put in.</summary>
public class AppSpecTests
{
    private const string Arn = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:8";

    [Test]
    public void Generated_from_an_awsvpc_service_it_names_the_revision_the_load_balancer_the_platform_the_network_and_the_capacity_providers()
    {
        var service = new Service
        {
            ServiceName = "web",
            PlatformVersion = "1.4.0",
            LoadBalancers = [new LoadBalancer { TargetGroupArn = "arn:tg/blue", ContainerName = "app", ContainerPort = 8080 }],
            NetworkConfiguration = new NetworkConfiguration { AwsvpcConfiguration = new AwsVpcConfiguration { Subnets = ["subnet-1", "subnet-2"], SecurityGroups = ["sg-1"] } },
            CapacityProviderStrategy = [new CapacityProviderStrategyItem { CapacityProvider = "FARGATE_SPOT", Weight = 3, Base = 1 }],
        };
        var problems = new List<string>();

        var content = AppSpec.FromService(service, problems)!.ContentFor(Arn);

        problems.Should().BeEmpty();
        content.Should().Be(Compact("""
            {"version":0.0,"Resources":[{"TargetService":{"Type":"AWS::ECS::Service","Properties":{
              "TaskDefinition":"arn:aws:ecs:us-east-1:123456789012:task-definition/web:8",
              "LoadBalancerInfo":{"ContainerName":"app","ContainerPort":8080},"PlatformVersion":"1.4.0",
              "NetworkConfiguration":{"AwsvpcConfiguration":{"Subnets":["subnet-1","subnet-2"],"SecurityGroups":["sg-1"],"AssignPublicIp":"DISABLED"}},
              "CapacityProviderStrategy":[{"Base":1,"CapacityProvider":"FARGATE_SPOT","Weight":3}]}}}]}
            """));
    }

    [Test]
    public void A_service_without_network_configuration_or_capacity_providers_gets_neither()
    {
        var service = new Service { ServiceName = "web", LoadBalancers = [new LoadBalancer { ContainerName = "app", ContainerPort = 80 }] };

        var content = JsonNode.Parse(AppSpec.FromService(service, [])!.ContentFor(Arn))!;

        var properties = content["Resources"]![0]!["TargetService"]!["Properties"]!.AsObject();
        properties.Select(p => p.Key).Should().Equal("TaskDefinition", "LoadBalancerInfo");
    }

    [Test]
    public void A_service_without_a_load_balancer_container_cannot_have_one_generated()
    {
        var problems = new List<string>();

        AppSpec.FromService(new Service { ServiceName = "web" }, problems).Should().BeNull();

        problems.Should().ContainSingle().Which.Should().Contain("has no load balancer with a container name and port").And.Contain("WithAppSpec");
    }

    [Test]
    public void A_YAML_AppSpec_gets_the_new_revision_in_place_of_its_TaskDefinition_and_keeps_its_hooks_and_other_members()
    {
        const string yaml = """
            version: 0.0
            Resources:
              - TargetService:
                  Type: AWS::ECS::Service
                  Properties:
                    TaskDefinition: "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3"
                    LoadBalancerInfo:
                      ContainerName: "app"
                      ContainerPort: 8080
                    PlatformVersion: "LATEST"
            Hooks:
              - BeforeInstall: "LambdaFunctionToValidateBeforeInstall"
              - AfterAllowTestTraffic: "arn:aws:lambda:us-east-1:123456789012:function:CheckTest"
            """;
        var problems = new List<string>();

        var spec = AppSpec.Parse(yaml, "file 'appspec.yaml'", problems)!;
        var content = spec.ContentFor(Arn);

        problems.Should().BeEmpty();
        content.Should().Be(Compact("""
            {"version":0.0,"Resources":[{"TargetService":{"Type":"AWS::ECS::Service","Properties":{"TaskDefinition":"ARN",
              "LoadBalancerInfo":{"ContainerName":"app","ContainerPort":8080},"PlatformVersion":"LATEST"}}}],
             "Hooks":[{"BeforeInstall":"LambdaFunctionToValidateBeforeInstall"},{"AfterAllowTestTraffic":"arn:aws:lambda:us-east-1:123456789012:function:CheckTest"}]}
            """).Replace("ARN", Arn, StringComparison.Ordinal));
        spec.HookNames.Should().Equal("BeforeInstall", "AfterAllowTestTraffic");
    }

    [Test]
    public void A_JSON_AppSpec_gets_the_new_revision_for_every_TASK_DEFINITION_placeholder()
    {
        const string json = """
            {"version": 0.0, "Resources": [{"TargetService": {"Type": "AWS::ECS::Service", "Properties": {
              "TaskDefinition": "<TASK_DEFINITION>", "LoadBalancerInfo": {"ContainerName": "app", "ContainerPort": 8080}}}}],
             "Hooks": [{"AfterAllowTraffic": "notify"}], "Comment": "deploys <TASK_DEFINITION>"}
            """;

        var content = JsonNode.Parse(AppSpec.Parse(json, "file 'appspec.json'", [])!.ContentFor(Arn))!;

        ((string)content["Resources"]![0]!["TargetService"]!["Properties"]!["TaskDefinition"]!).Should().Be(Arn);
        ((string)content["Comment"]!).Should().Be($"deploys {Arn}");
        ((string)content["Hooks"]![0]!["AfterAllowTraffic"]!).Should().Be("notify");
    }

    [Test]
    public void An_AppSpec_without_the_required_members_is_refused_naming_the_file_and_each_member()
    {
        const string yaml = """
            version: 0.0
            Resources:
              - TargetService:
                  Type: AWS::ECS::Service
                  Properties:
                    LoadBalancerInfo:
                      ContainerPort: "8080"
            """;
        var problems = new List<string>();

        AppSpec.Parse(yaml, "file 'deploy/appspec.yml'", problems).Should().BeNull();

        problems.Should().HaveCount(3).And.OnlyContain(p => p.Contains("file 'deploy/appspec.yml'"));
        problems.Should().Contain(p => p.Contains("no TaskDefinition")).And.Contain(p => p.Contains("LoadBalancerInfo.ContainerName"))
            .And.Contain(p => p.Contains("ContainerPort number"), "a quoted port is a string, not a number");
    }

    [Test]
    public void Text_that_is_neither_JSON_nor_YAML_is_refused_with_the_parser_message()
    {
        var problems = new List<string>();

        AppSpec.Parse("{ \"version\": ", "file 'a.json'", problems).Should().BeNull();
        AppSpec.Parse("Resources: [unclosed", "file 'a.yaml'", problems).Should().BeNull();

        problems.Should().HaveCount(2).And.OnlyContain(p => p.Contains("is neither JSON nor YAML"));
    }

    [Test]
    public void The_sha256_is_the_lowercase_hex_digest_of_the_content_bytes()
    {
        // FIPS 180-2's test vector for "abc".
        AppSpec.Sha256("abc").Should().Be("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    [Test]
    public void YAML_scalars_are_typed_as_the_core_schema_types_them_and_quoted_ones_stay_strings()
    {
        const string yaml = """
            version: 0.0
            Resources:
              - TargetService:
                  Type: AWS::ECS::Service
                  Properties:
                    TaskDefinition: <TASK_DEFINITION>
                    LoadBalancerInfo: { ContainerName: app, ContainerPort: 8080 }
                    PlatformVersion: 1.4.0
                    Quoted: "8080"
                    Flag: true
                    Nothing: ~
                    Odd: -.inf
            """;

        var properties = JsonNode.Parse(AppSpec.Parse(yaml, "file 'a.yaml'", [])!.ContentFor(Arn))!["Resources"]![0]!["TargetService"]!["Properties"]!;

        properties["PlatformVersion"]!.ToJsonString().Should().Be("\"1.4.0\"");
        properties["Quoted"]!.ToJsonString().Should().Be("\"8080\"");
        properties["LoadBalancerInfo"]!["ContainerPort"]!.ToJsonString().Should().Be("8080");
        properties["Flag"]!.ToJsonString().Should().Be("true");
        properties.AsObject()["Nothing"].Should().BeNull();
        properties["Odd"]!.ToJsonString().Should().Be("\"-.inf\"", "JSON has no infinity");
    }

    /// <summary>The JSON without its whitespace, every value as written (a parsed value keeps its text: 0.0 stays 0.0).</summary>
    private static string Compact(string json) => JsonNode.Parse(json)!.ToJsonString();
}
