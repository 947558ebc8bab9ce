using Ecs.BlueGreen.TaskDefinitions;
using Ecs.BlueGreen.Tests.Support;

namespace Ecs.BlueGreen.Tests.TaskDefinitions;

/// <summary>
/// The table of JSON types that task-definition files are checked against is written by hand; this holds it to the
/// botocore ECS model in ../shared: the same members at every level, each with the model's JSON type.
/// </summary>
public class RegisterTaskDefinitionShapeTests
{
    [Test]
    public void The_table_has_every_member_of_the_model_with_its_JSON_type()
    {
        var model = ServiceModel.Load("aws-models", "ecs", "service-2.json");
        var differences = new List<string>();

        Compare(model, model.InputShape("RegisterTaskDefinition"), RegisterTaskDefinitionShape.Request, "$", differences);
        Compare(model, "Tags", RegisterTaskDefinitionShape.Tags, "$.tags", differences);

        differences.Should().BeEmpty();
    }

    private static void Compare(ServiceModel model, string shapeName, WireShape ours, string path, List<string> differences)
    {
        var shape = model.Shape(shapeName);
        var type = ServiceModel.TypeOf(shape);
        switch (type, ours)
        {
            case ("structure", StructureShape structure):
                var members = ServiceModel.Members(shape).ToList();
                foreach (var (name, member) in members)
                {
                    if (structure.Members.TryGetValue(name, out var mine))
                    {
                        Compare(model, member, mine, $"{path}.{name}", differences);
                    }
                    else
                    {
                        differences.Add($"{path}.{name} ({member}) is in the model, not in the table");
                    }
                }

                differences.AddRange(structure.Members.Keys.Except(members.Select(m => m.Name)).Select(name => $"{path}.{name} is in the table, not in the model"));
                break;
            case ("list", ListShape list):
                Compare(model, (string)shape["member"]!["shape"]!, list.Member, path + "[]", differences);
                break;
            case ("map", MapShape map):
                ServiceModel.TypeOf(model.Shape((string)shape["key"]!["shape"]!)).Should().Be("string", "JSON object keys are strings");
                Compare(model, (string)shape["value"]!["shape"]!, map.Value, path + "{}", differences);
                break;
            case ("string", ScalarShape { Kind: ScalarKind.String }):
            case ("integer", ScalarShape { Kind: ScalarKind.Integer }):
            case ("boolean", ScalarShape { Kind: ScalarKind.Boolean }):
                break;
            default:
                differences.Add($"{path}: the model has {type} ({shapeName}), the table {ours}");
                break;
        }
    }
}
