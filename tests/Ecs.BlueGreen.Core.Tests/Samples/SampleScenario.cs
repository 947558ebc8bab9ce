using Ecs.BlueGreen.Testing.Scenarios;

namespace Ecs.BlueGreen.Tests.Samples;

/// <summary>The account the samples deploy to: cluster prod, service web (2 tasks on web:1.3), and six revisions of migrate.</summary>
internal static class SampleScenario
{
    public const string Repository = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web";

    public const string TaskDefinitionArn = "arn:aws:ecs:us-east-1:123456789012:task-definition/";

    /// <param name="newImage">How tasks of the image the samples deploy (web:1.4) behave.</param>
    public static EmulatorScenario Create(ImageBehaviour? newImage = null)
    {
        var migrate = string.Join(",\n", Enumerable.Range(1, 6).Select(_ => $$"""
                { "family": "migrate", "containerDefinitions": [{ "name": "migrate", "image": "{{Repository}}:1.3", "memory": 256, "command": ["./migrate"] }] }
            """));
        var scenario = EmulatorScenario.Parse($$"""
            {
              "clusters": ["prod"],
              "taskDefinitions": [
                { "family": "web", "containerDefinitions": [{ "name": "web", "image": "{{Repository}}:1.3", "memory": 512, "essential": true }] },
            {{migrate}}
              ],
              "services": [{ "cluster": "prod", "serviceName": "web", "taskDefinition": "web:1", "desiredCount": 2 }]
            }
            """);
        return newImage is null ? scenario : scenario with { Images = new Dictionary<string, ImageBehaviour> { [$"{Repository}:1.4"] = newImage } };
    }
}
