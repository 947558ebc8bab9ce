using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.TaskDefinitions;

namespace Ecs.BlueGreen.Tests.TaskDefinitions;

public class TaskDefinitionDiffTests
{
    private static RegisterTaskDefinitionRequest Parse(string json)
    {
        var problems = new List<string>();
        var request = TaskDefinitionFile.Parse(json, "test.json", problems);
        problems.Should().BeEmpty();
        return request!;
    }

    [Test]
    public void Containers_and_variables_are_compared_by_name_so_reordering_is_no_change()
    {
        var before = Parse("""{"family":"web","containerDefinitions":[{"name":"a","image":"x:1"},{"name":"b","image":"y:1","environment":[{"name":"P","value":"1"},{"name":"Q","value":"2"}]}]}""");
        var after = Parse("""{"family":"web","containerDefinitions":[{"name":"b","image":"y:1","environment":[{"name":"Q","value":"2"},{"name":"P","value":"1"}]},{"name":"a","image":"x:2"}],"cpu":"256"}""");

        var changes = TaskDefinitionDiff.Compare(before, after);

        TaskDefinitionDiff.Format(changes).Should().Be("~ containerDefinitions[a].image: \"x:1\" -> \"x:2\"\n+ cpu: (none) -> \"256\"");
    }

    [Test]
    public void Secret_looking_variables_are_hidden_whether_added_changed_or_removed()
    {
        var before = Parse("""{"family":"web","containerDefinitions":[{"name":"a","image":"x","environment":[{"name":"DB_PASSWORD","value":"old"},{"name":"Private_Key","value":"k"}]}]}""");
        var after = Parse("""{"family":"web","containerDefinitions":[{"name":"a","image":"x","environment":[{"name":"DB_PASSWORD","value":"new"},{"name":"AWS_SECRET","value":"s"}]}]}""");

        var text = TaskDefinitionDiff.Format(TaskDefinitionDiff.Compare(before, after));

        text.Should().NotContainAny("old", "new", "\"k\"", "\"s\"");
        text.Should().Be("""
            ~ containerDefinitions[a].environment[DB_PASSWORD].value: "(hidden)" -> "(hidden)"
            - containerDefinitions[a].environment[Private_Key]: "(hidden)" -> (none)
            + containerDefinitions[a].environment[AWS_SECRET]: (none) -> "(hidden)"
            """.ReplaceLineEndings("\n"));
    }

    [Test]
    public void Identical_revisions_have_no_changes()
    {
        var revision = Parse("""{"family":"web","containerDefinitions":[{"name":"a","image":"x"}]}""");

        TaskDefinitionDiff.Format(TaskDefinitionDiff.Compare(revision, revision with { })).Should().Be("(no changes)");
    }

    [TestCase("{", "is not valid JSON")]
    [TestCase("[]", "is not valid JSON")]
    [TestCase("""{"taskDefinition":{"family":"web"}}""", "has no 'family' and 'containerDefinitions'")]
    public void A_file_that_is_not_a_task_definition_gets_one_clear_problem(string json, string expected)
    {
        var problems = new List<string>();

        TaskDefinitionFile.Parse(json, "td.json", problems).Should().BeNull();

        problems.Should().ContainSingle().Which.Should().StartWith("The task definition file 'td.json'").And.Contain(expected);
    }

    [Test]
    public void Output_only_members_of_a_describe_output_file_are_removed_and_the_rest_kept()
    {
        var request = Parse("""{"taskDefinition":{"taskDefinitionArn":"arn:x","revision":3,"status":"ACTIVE","family":"web","pidMode":"task","containerDefinitions":[{"name":"a","image":"x"}],"registeredBy":"me"},"tags":[{"key":"k","value":"v"}]}""");

        request.AdditionalMembers!.Keys.Should().BeEquivalentTo("pidMode");
        request.Tags!.Single().Key.Should().Be("k");
    }
}
