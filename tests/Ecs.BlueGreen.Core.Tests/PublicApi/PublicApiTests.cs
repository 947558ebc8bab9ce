using System.Reflection;
using System.Runtime.CompilerServices;
using Ecs.BlueGreen.Aws;

namespace Ecs.BlueGreen.Tests.PublicApi;

/// <summary>
/// Guards the public API of Ecs.BlueGreen.Core: every exported type and member is listed in
/// Ecs.BlueGreen.Core.approved.txt. A change to the surface must change that file in the same commit.
/// To accept an intended change, run the tests with UPDATE_PUBLIC_API=1 and review the diff.
/// </summary>
public class PublicApiTests
{
    private static readonly string ApprovedFile = Path.Combine(RepositoryRoot.Path, "tests", "Ecs.BlueGreen.Core.Tests", "PublicApi", "Ecs.BlueGreen.Core.approved.txt");

    [Test]
    public void The_public_API_matches_the_approved_snapshot()
    {
        var actual = Describe(typeof(AwsService).Assembly);
        if (Environment.GetEnvironmentVariable("UPDATE_PUBLIC_API") == "1")
        {
            File.WriteAllText(ApprovedFile, actual);
        }

        var approved = File.Exists(ApprovedFile) ? File.ReadAllText(ApprovedFile) : string.Empty;
        actual.Should().Be(approved, "the public API changed; run with UPDATE_PUBLIC_API=1 to accept it and review the diff");
    }

    [Test]
    public void The_snapshot_lists_members_not_just_types()
    {
        var description = Describe(typeof(AwsService).Assembly);
        description.Should().Contain("Ecs.BlueGreen.Ecs.IEcsClient");
        description.Should().Contain("UpdateServiceAsync(Ecs.BlueGreen.Ecs.Model.UpdateServiceRequest, System.Threading.CancellationToken = default)");
        description.Should().NotContain("AwsErrorParser", "internal types are not public API");
    }

    [Test]
    public void Every_public_exception_derives_from_the_one_library_base_and_cancellation_stays_an_OperationCanceledException()
    {
        var exceptions = typeof(AwsService).Assembly.GetExportedTypes().Where(t => typeof(Exception).IsAssignableFrom(t)).ToList();

        exceptions.Should().HaveCountGreaterThan(5);
        exceptions.Where(t => t != typeof(EcsBlueGreenException) && !typeof(OperationCanceledException).IsAssignableFrom(t))
            .Should().OnlyContain(t => t.IsSubclassOf(typeof(EcsBlueGreenException)));
        exceptions.Where(t => typeof(OperationCanceledException).IsAssignableFrom(t)).Select(t => t.Name).Should().Equal("DeploymentCanceledException");
    }

    internal static string Describe(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            lines.Add($"{Kind(type)} {Name(type)}{BaseList(type)}");
            var members = type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(member => member is not MethodInfo { IsSpecialName: true } && member.GetCustomAttribute<CompilerGeneratedAttribute>() is null)
                .Select(member => "  " + Member(member))
                .OrderBy(line => line, StringComparer.Ordinal);
            lines.AddRange(members);
        }

        return string.Join('\n', lines) + "\n";
    }

    private static string Kind(Type type) =>
        type.IsInterface ? "interface" : type.IsEnum ? "enum" : type.IsValueType ? "struct" : type.IsAbstract && type.IsSealed ? "static class" : type.IsAbstract ? "abstract class" : type.IsSealed ? "sealed class" : "class";

    private static string BaseList(Type type)
    {
        var bases = new List<string>();
        if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(ValueType) && baseType != typeof(Enum))
        {
            bases.Add(Name(baseType));
        }

        bases.AddRange(type.GetInterfaces().Where(i => i.IsPublic || i.IsNestedPublic).Select(Name).Order(StringComparer.Ordinal));
        return bases.Count == 0 ? string.Empty : " : " + string.Join(", ", bases);
    }

    private static string Member(MemberInfo member) => member switch
    {
        ConstructorInfo constructor => $"ctor({Parameters(constructor)})",
        MethodInfo method => $"{(method.IsStatic ? "static " : string.Empty)}{Name(method.ReturnType)} {method.Name}{Generic(method)}({Parameters(method)})",
        PropertyInfo property => $"{(property.GetMethod?.IsStatic == true ? "static " : string.Empty)}{Name(property.PropertyType)} {property.Name} {{ {Accessors(property)}}}",
        FieldInfo field => $"{(field.IsLiteral ? "const " : field.IsStatic ? "static " : string.Empty)}{Name(field.FieldType)} {field.Name}",
        EventInfo @event => $"event {Name(@event.EventHandlerType!)} {@event.Name}",
        Type nested => $"nested {Name(nested)}",
        _ => member.ToString()!,
    };

    private static string Accessors(PropertyInfo property)
    {
        var text = property.GetMethod?.IsPublic == true ? "get; " : string.Empty;
        if (property.SetMethod?.IsPublic == true)
        {
            var isInit = property.SetMethod.ReturnParameter.GetRequiredCustomModifiers().Any(m => m == typeof(IsExternalInit));
            text += isInit ? "init; " : "set; ";
        }

        return text;
    }

    private static string Generic(MethodInfo method) =>
        method.IsGenericMethodDefinition ? "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">" : string.Empty;

    private static string Parameters(MethodBase method) =>
        string.Join(", ", method.GetParameters().Select(p => Name(p.ParameterType) + (p.HasDefaultValue ? " = default" : string.Empty)));

    private static string Name(Type type)
    {
        if (type.IsGenericParameter)
        {
            return type.Name;
        }

        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition().FullName ?? type.Name;
            return definition[..definition.IndexOf('`', StringComparison.Ordinal)] + "<" + string.Join(", ", type.GetGenericArguments().Select(Name)) + ">";
        }

        return (type.FullName ?? type.Name).Replace('+', '.');
    }
}
