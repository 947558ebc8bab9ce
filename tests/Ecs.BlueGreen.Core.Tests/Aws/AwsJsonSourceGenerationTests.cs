using System.Collections;
using System.Reflection;
using System.Text.Json;
using Ecs.BlueGreen.Aws.Json;
using Ecs.BlueGreen.Aws.Transport;
using Ecs.BlueGreen.CodeDeploy.Model;
using Ecs.BlueGreen.Ecr.Model;
using Ecs.BlueGreen.Ecs.Model;
using Ecs.BlueGreen.Logs.Model;

namespace Ecs.BlueGreen.Tests.Aws;

/// <summary>
/// The compile-time JSON metadata (<c>AwsJsonContext</c>) that lets the library and the tool run without reflection:
/// it covers every shape, and reading through it keeps what the model promises for members AWS leaves out.
/// </summary>
public sealed class AwsJsonSourceGenerationTests
{
    private static readonly Type[] Shapes = typeof(AwsShape).Assembly.GetExportedTypes()
        .Where(type => type.IsSubclassOf(typeof(AwsShape)) && !type.IsAbstract)
        .OrderBy(type => type.FullName, StringComparer.Ordinal)
        .ToArray();

    [Test]
    public void The_library_has_shapes_to_check() => Shapes.Should().HaveCountGreaterThan(60);

    [TestCaseSource(nameof(Shapes))]
    public void Every_shape_is_described_at_compile_time(Type shape) =>
        (EcsJsonContext.Default.GetTypeInfo(shape) ?? LogsJsonContext.Default.GetTypeInfo(shape) ?? EcrJsonContext.Default.GetTypeInfo(shape) ?? CodeDeployJsonContext.Default.GetTypeInfo(shape)).Should().NotBeNull($"{shape.Name} must serialize without reflection");

    /// <summary>
    /// A member absent from the answer keeps the model's default value (<c>Services</c> is empty, never null), as with
    /// the reflection serializer: the generated code of init-only members must not overwrite it.
    /// </summary>
    [TestCaseSource(nameof(Shapes))]
    public void An_absent_member_keeps_the_models_default_value(Type shape)
    {
        var expected = Activator.CreateInstance(shape)!;

        // AwsJson.Options asks the generated context first (the reflection fallback serves only other types).
        var read = JsonSerializer.Deserialize("{}", AwsJson.Options.GetTypeInfo(shape))!;

        foreach (var property in shape.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            var value = property.GetValue(read);
            var defaultValue = property.GetValue(expected);
            if (defaultValue is IEnumerable defaults and not string)
            {
                value.Should().NotBeNull($"{shape.Name}.{property.Name} defaults to an empty collection");
                ((IEnumerable)value!).Cast<object>().Should().Equal(defaults.Cast<object>(), $"{shape.Name}.{property.Name}");
            }
            else
            {
                value.Should().Be(defaultValue, $"{shape.Name}.{property.Name}");
            }
        }
    }

    [Test]
    public void A_response_without_its_lists_reads_as_empty_lists()
    {
        var response = JsonSerializer.Deserialize("""{"failures":[{"arn":"x","reason":"MISSING"}]}""", AwsJson.TypeInfo<DescribeServicesResponse>())!;

        response.Services.Should().NotBeNull().And.BeEmpty();
        response.Failures.Should().ContainSingle().Which.Reason.Should().Be("MISSING");
    }
}
