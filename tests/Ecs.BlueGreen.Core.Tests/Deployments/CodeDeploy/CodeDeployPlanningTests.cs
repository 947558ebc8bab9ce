using Ecs.BlueGreen.CodeDeploy.Model;
using Ecs.BlueGreen.Deployments;
using DeploymentStatus = Ecs.BlueGreen.CodeDeploy.Model.DeploymentStatus;

namespace Ecs.BlueGreen.Tests.Deployments.CodeDeploy;

/// <summary>Everything a CodeDeploy deployment needs is found and checked before the first write (RegisterTaskDefinition).</summary>
public class CodeDeployPlanningTests
{
    [Test]
    public async Task Without_the_given_or_console_names_the_refusal_lists_the_applications_and_groups_that_exist()
    {
        using var harness = new CodeDeployHarness();
        harness.CodeDeploy.Applications.Clear();
        harness.CodeDeploy.Applications["web-app"] = ["web-blue-green", "web-canary"];
        harness.CodeDeploy.Applications["batch"] = [];
        harness.CodeDeploy.Applications["secret"] = ["hidden"];
        harness.CodeDeploy.DeniedGroupLists.Add("secret");

        var refused = await Refused(harness, harness.Deployment());

        refused.Problems.Should().ContainSingle().Which.Should()
            .Contain("there is no CodeDeploy application 'AppECS-prod-web' (the names the ECS console gives; name them with ViaCodeDeploy)")
            .And.Contain("batch (groups: none); secret (groups not readable: AccessDeniedException); web-app (groups: web-blue-green, web-canary)");
        NothingWritten(harness);
    }

    [Test]
    public async Task The_given_application_and_group_are_used_and_a_missing_group_is_named()
    {
        using var harness = new CodeDeployHarness();
        harness.CodeDeploy.Applications["web-app"] = ["web-dg"];

        var refused = await Refused(harness, harness.Deployment().ViaCodeDeploy("web-app", "nope"));

        refused.Problems.Should().ContainSingle().Which.Should().StartWith("No CodeDeploy deployment group for service 'web': the application 'web-app' has no deployment group 'nope'.");
        harness.CodeDeploy.Requests<GetApplicationRequest>().Single().ApplicationName.Should().Be("web-app");
        NothingWritten(harness);
    }

    [Test]
    public async Task A_group_that_deploys_another_service_is_refused()
    {
        using var harness = new CodeDeployHarness();
        harness.CodeDeploy.Services = [new EcsService { ClusterName = "prod", ServiceName = "api" }];

        var refused = await Refused(harness, harness.Deployment());

        refused.Problems.Should().ContainSingle().Which.Should().Be("The deployment group 'DgpECS-prod-web' of 'AppECS-prod-web' deploys prod/api, not prod/web.");
        NothingWritten(harness);
    }

    [Test]
    public async Task An_unknown_configuration_a_deployment_in_progress_and_an_AppSpec_for_another_container_are_all_refused_at_once()
    {
        using var harness = new CodeDeployHarness();
        harness.CodeDeploy.AlreadyInFlight.Add("d-EARLIER");
        var appSpec = """
            {"version":0.0,"Resources":[{"TargetService":{"Type":"AWS::ECS::Service","Properties":{
              "TaskDefinition":"<TASK_DEFINITION>","LoadBalancerInfo":{"ContainerName":"web","ContainerPort":80}}}}]}
            """;

        var refused = await Refused(harness, harness.Deployment().WithCodeDeployConfig("CodeDeployDefault.Nope").WithAppSpecContent(appSpec));

        refused.Problems.Should().HaveCount(3);
        refused.Problems.Should().Contain(p => p.StartsWith("There is no CodeDeploy deployment configuration 'CodeDeployDefault.Nope'", StringComparison.Ordinal))
            .And.Contain(p => p.Contains("already has a deployment in progress (d-EARLIER)"))
            .And.Contain(p => p.Contains("routes traffic to container 'web', which the revision to deploy does not have (it has app)"));
        NothingWritten(harness);
    }

    [Test]
    public async Task An_unreadable_AppSpec_file_and_options_that_do_not_apply_are_refused()
    {
        using var harness = new CodeDeployHarness();

        var refused = await Refused(harness, harness.Deployment().WithAppSpec("/nonexistent/appspec.yaml").WithDesiredCount(3).WaitUntil(DeploymentStage.BakeTime));

        refused.Problems.Should().Contain(p => p.StartsWith("Cannot read the AppSpec file '/nonexistent/appspec.yaml'", StringComparison.Ordinal))
            .And.Contain(p => p.Contains("a desired count, deployment limits or a forced new deployment are not part of a CodeDeploy deployment"))
            .And.Contain(p => p.Contains("lifecycle events rather than ECS lifecycle stages"));
        NothingWritten(harness);
    }

    [Test]
    public async Task A_smoke_test_on_a_group_that_never_waits_at_Ready_is_refused()
    {
        using var harness = new CodeDeployHarness();

        var refused = await Refused(harness, harness.Deployment().WithSmokeTest((_, _) => Task.FromResult(true)));

        refused.Problems.Should().ContainSingle().Which.Should().Contain("is never Ready for a smoke test");
        NothingWritten(harness);
    }

    [Test]
    public async Task A_YAML_AppSpec_file_is_read_and_sent_as_JSON_with_its_hooks()
    {
        using var harness = new CodeDeployHarness();
        harness.CodeDeploy.Steps.Add(new Step(DeploymentStatus.Succeeded, [], []));
        var path = Path.Combine(Path.GetTempPath(), $"appspec-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, """
            version: 0.0
            Resources:
              - TargetService:
                  Type: AWS::ECS::Service
                  Properties:
                    TaskDefinition: <TASK_DEFINITION>
                    LoadBalancerInfo: { ContainerName: app, ContainerPort: 8080 }
            Hooks:
              - AfterAllowTestTraffic: CheckTest
            """);
        try
        {
            var result = await harness.DriveAsync(token => harness.Deployment().WithAppSpec(path).RunAsync(token));

            result.Outcome.Should().Be(DeploymentOutcome.Succeeded, result.Reason);
            var content = harness.CodeDeploy.Requests<CreateDeploymentRequest>().Single().Revision!.AppSpecContent!.Content!;
            content.Should().Be(System.Text.Json.Nodes.JsonNode.Parse("""
                {"version":0.0,"Resources":[{"TargetService":{"Type":"AWS::ECS::Service","Properties":{"TaskDefinition":"ARN",
                  "LoadBalancerInfo":{"ContainerName":"app","ContainerPort":8080}}}}],"Hooks":[{"AfterAllowTestTraffic":"CheckTest"}]}
                """)!.ToJsonString().Replace("ARN", result.TaskDefinitionArn, StringComparison.Ordinal));
            harness.Events.OfType<CodeDeployDeploymentCreated>().Single().AppSpecSource.Should().Be($"file '{path}'");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task A_dry_run_plans_CreateDeployment_instead_of_UpdateService_and_writes_nothing()
    {
        using var harness = new CodeDeployHarness();

        var result = await harness.DriveAsync(token => harness.Deployment().DryRun().RunAsync(token));

        result.Outcome.Should().Be(DeploymentOutcome.Planned, result.Reason);
        result.PlannedCalls.Select(c => c.Operation).Should().Equal("RegisterTaskDefinition", "CreateDeployment", "GetDeployment");
        result.PlannedCalls[1].Description.Should().Contain("application AppECS-prod-web, deployment group DgpECS-prod-web, configuration CodeDeployDefault.ECSAllAtOnce");
        NothingWritten(harness);
    }

    [Test]
    public async Task CodeDeploy_options_on_a_service_with_the_ECS_controller_are_refused()
    {
        using var harness = new EngineHarness(EngineHarness.Web(1));

        var act = () => harness.RunAsync(harness.Deployment().WithImage("repo/web:2").ViaCodeDeploy("app", "group"));

        (await act.Should().ThrowAsync<DeploymentValidationException>()).Which.Problems.Should().ContainSingle().Which.Should().Contain("does not use the CODE_DEPLOY deployment controller");
        harness.Writes.Should().BeEmpty();
    }

    private static async Task<DeploymentValidationException> Refused(CodeDeployHarness harness, EcsDeployment deployment)
    {
        var act = () => harness.DriveAsync(token => deployment.RunAsync(token));
        return (await act.Should().ThrowAsync<DeploymentValidationException>()).Which;
    }

    private static void NothingWritten(CodeDeployHarness harness)
    {
        harness.Engine.Writes.Should().BeEmpty();
        harness.CodeDeploy.Writes.Should().BeEmpty();
    }
}
