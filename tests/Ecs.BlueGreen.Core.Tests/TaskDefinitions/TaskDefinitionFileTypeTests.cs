using Ecs.BlueGreen.TaskDefinitions;
using Ecs.BlueGreen.Tests.Support;

namespace Ecs.BlueGreen.Tests.TaskDefinitions;

/// <summary>
/// A task-definition file is checked member by member against the JSON types of RegisterTaskDefinition's input
/// (ecs#RegisterTaskDefinitionRequest), for the members this client models and those it only carries, so a wrong
/// type is found with its JSON path before anything is read from AWS or registered.
/// </summary>
public class TaskDefinitionFileTypeTests
{
    private const string Container = """{"name":"web","image":"repo/web:1"}""";

    private static List<string> Problems(string json)
    {
        var problems = new List<string>();
        TaskDefinitionFile.Parse(json, "td.json", problems).Should().BeNull("the file has a member of the wrong type");
        return problems;
    }

    private static string Register(string members, string container = "") =>
        $$"""{"family":"web","containerDefinitions":[{"name":"web","image":"repo/web:1"{{container}}}]{{members}}}""";

    [TestCase("", ""","memory":"lots" """, """$.containerDefinitions[0].memory: expected a number, found a string ("lots")""")]
    [TestCase("", ""","memory":512.5""", "$.containerDefinitions[0].memory: expected a whole number, found a number (512.5)")]
    [TestCase("", ""","cpu":3000000000""", "$.containerDefinitions[0].cpu: expected a whole number from -2147483648 to 2147483647, found a number (3000000000)")]
    [TestCase("", ""","essential":"yes" """, """$.containerDefinitions[0].essential: expected a boolean, found a string ("yes")""")]
    [TestCase("", ""","command":"npm start" """, """$.containerDefinitions[0].command: expected a list, found a string ("npm start")""")]
    [TestCase("", ""","command":["npm",7]""", "$.containerDefinitions[0].command[1]: expected a string, found a number (7)")]
    [TestCase("", ""","environment":{"A":"1"}""", "$.containerDefinitions[0].environment: expected a list, found an object")]
    [TestCase("", ""","environment":[{"name":"A","value":1}]""", "$.containerDefinitions[0].environment[0].value: expected a string, found a number (1)")]
    [TestCase("", ""","portMappings":[{"containerPort":"80"}]""", """$.containerDefinitions[0].portMappings[0].containerPort: expected a number, found a string ("80")""")]
    [TestCase("", ""","dockerLabels":{"team":1}""", "$.containerDefinitions[0].dockerLabels.team: expected a string, found a number (1)")]
    [TestCase("", ""","dockerLabels":{"com.example/team":false}""", """$.containerDefinitions[0].dockerLabels["com.example/team"]: expected a string, found a boolean (false)""")]
    [TestCase("", ""","logConfiguration":{"logDriver":"awslogs","options":["a"]}""", "$.containerDefinitions[0].logConfiguration.options: expected an object (a map), found a list")]
    [TestCase("", ""","linuxParameters":{"tmpfs":[{"containerPath":"/t","size":"1g"}]}""", """$.containerDefinitions[0].linuxParameters.tmpfs[0].size: expected a number, found a string ("1g")""")]
    [TestCase("", ""","healthCheck":{"command":["CMD"],"retries":null}""", null)]
    [TestCase(""","cpu":256""", "", "$.cpu: expected a string, found a number (256)")]
    [TestCase(""","volumes":{}""", "", "$.volumes: expected a list, found an object")]
    [TestCase(""","volumes":[{"name":"v","efsVolumeConfiguration":{"fileSystemId":"fs-1","transitEncryptionPort":"2049"}}]""", "",
        """$.volumes[0].efsVolumeConfiguration.transitEncryptionPort: expected a number, found a string ("2049")""")]
    [TestCase(""","ephemeralStorage":{"sizeInGiB":"21"}""", "", """$.ephemeralStorage.sizeInGiB: expected a number, found a string ("21")""")]
    [TestCase(""","enableFaultInjection":"true" """, "", """$.enableFaultInjection: expected a boolean, found a string ("true")""")]
    [TestCase(""","requiresCompatibilities":"FARGATE" """, "", """$.requiresCompatibilities: expected a list, found a string ("FARGATE")""")]
    [TestCase(""","networkMode":["awsvpc"]""", "", "$.networkMode: expected a string, found a list")]
    [TestCase(""","tags":[{"key":"team","value":7}]""", "", "$.tags[0].value: expected a string, found a number (7)")]
    [TestCase(""","runtimePlatform":"linux" """, "", """$.runtimePlatform: expected an object, found a string ("linux")""")]
    public void A_member_of_the_wrong_type_is_named_by_its_JSON_path(string members, string container, string? expected)
    {
        var json = Register(members, container);
        var problems = new List<string>();
        var request = TaskDefinitionFile.Parse(json, "td.json", problems);
        if (expected is null)
        {
            problems.Should().BeEmpty("null is an absent member, as AWS reads it");
            request.Should().NotBeNull();
            return;
        }

        request.Should().BeNull();
        problems.Should().ContainSingle().Which.Should().Be($"The task definition file 'td.json' does not fit RegisterTaskDefinition: {expected}.");
    }

    [Test]
    public void Paths_in_a_describe_output_file_start_at_its_taskDefinition_member()
    {
        var json = $$"""{"taskDefinition":{"family":"web","revision":3,"containerDefinitions":[{{Container}},{"name":"log","image":"fluent","memoryReservation":"64"}]},"tags":[{"key":5,"value":"v"}]}""";

        Problems(json).Should().Equal(
            """The task definition file 'td.json' does not fit RegisterTaskDefinition: $.taskDefinition.containerDefinitions[1].memoryReservation: expected a number, found a string ("64").""",
            "The task definition file 'td.json' does not fit RegisterTaskDefinition: $.tags[0].key: expected a string, found a number (5).");
    }

    [Test]
    public void The_family_must_be_a_string()
    {
        Problems("""{"family":7,"containerDefinitions":[]}""").Should().ContainSingle()
            .Which.Should().EndWith("$.family: expected a string, found a number (7).");
    }

    [Test]
    public void A_long_or_multi_line_wrong_value_is_shown_short_and_on_one_line()
    {
        var problem = Problems(Register(string.Empty, $$""","cpu":"{{new string('x', 200)}}\n::error::x" """)).Single();

        problem.Should().NotContain("\n").And.Contain("…");
        problem.Length.Should().BeLessThan(200);
    }

    [Test]
    public void Members_the_model_does_not_have_are_kept_unchecked()
    {
        var problems = new List<string>();
        var request = TaskDefinitionFile.Parse(Register(""","aMemberAwsAddsLater":{"any":[1,"x"]}""", ""","aContainerMemberAddedLater":5"""), "td.json", problems);

        problems.Should().BeEmpty();
        request!.AdditionalMembers!.Should().ContainKey("aMemberAwsAddsLater");
        request.ContainerDefinitions[0].AdditionalMembers!.Should().ContainKey("aContainerMemberAddedLater");
    }

    [Test]
    public void A_revision_that_uses_every_member_of_the_model_passes()
    {
        var model = ServiceModel.Load("aws-models", "ecs", "service-2.json");
        var sample = model.Sample("RegisterTaskDefinitionRequest").AsObject();
        var problems = new List<string>();

        TaskDefinitionFile.Parse(sample.ToJsonString(), "td.json", problems).Should().NotBeNull();

        problems.Should().BeEmpty();
    }

    [Test]
    public void The_public_reader_says_every_problem_of_a_file()
    {
        var file = Path.GetTempFileName();
        File.WriteAllText(file, Register(""","cpu":256""", ""","memory":"lots" """));
        try
        {
            TaskDefinitionFile.TryRead(file, out var request, out var problems).Should().BeFalse();
            request.Should().BeNull();
            problems.Should().HaveCount(2);
            problems.Should().OnlyContain(p => p.StartsWith($"The task definition file '{file}' does not fit RegisterTaskDefinition: $.", StringComparison.Ordinal));

            File.WriteAllText(file, Register(string.Empty));
            TaskDefinitionFile.TryRead(file, out request, out problems).Should().BeTrue();
            problems.Should().BeEmpty();
            request!.Family.Should().Be("web");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
