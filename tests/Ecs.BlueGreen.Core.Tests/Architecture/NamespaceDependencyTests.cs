using System.Reflection;
using System.Reflection.Emit;
using Ecs.BlueGreen.Aws;

namespace Ecs.BlueGreen.Tests.Architecture;

/// <summary>
/// The library's namespaces form layers, never a cycle: every type a namespace uses (in signatures, fields, base
/// types and method bodies, read from the IL) is looked up, and the graph of namespace dependencies must be acyclic.
/// </summary>
public class NamespaceDependencyTests
{
    private static readonly Lazy<Dictionary<string, HashSet<string>>> Graph = new(() => Dependencies(typeof(AwsService).Assembly));

    [Test]
    public void The_namespaces_of_the_library_depend_on_each_other_without_a_cycle()
    {
        var cycles = Cycles(Graph.Value);

        cycles.Should().BeEmpty("a namespace that depends on itself through others cannot be understood or changed alone");
    }

    [TestCase("Ecs.BlueGreen.TaskDefinitions", "Ecs.BlueGreen.Deployments")]
    [TestCase("Ecs.BlueGreen.TaskDefinitions", "Ecs.BlueGreen.Tasks")]
    [TestCase("Ecs.BlueGreen.Runtime", "Ecs.BlueGreen.Deployments")]
    [TestCase("Ecs.BlueGreen.Runtime", "Ecs.BlueGreen.TaskDefinitions")]
    [TestCase("Ecs.BlueGreen.Runtime", "Ecs.BlueGreen.Tasks")]
    [TestCase("Ecs.BlueGreen", "Ecs.BlueGreen.Deployments")]
    [TestCase("Ecs.BlueGreen.Ecs", "Ecs.BlueGreen.Deployments")]
    [TestCase("Ecs.BlueGreen.Aws", "Ecs.BlueGreen.Ecs")]
    public void A_lower_layer_never_uses_a_higher_one(string lower, string higher)
    {
        Graph.Value.Should().ContainKey(lower);
        Graph.Value.Should().ContainKey(higher);
        Graph.Value[lower].Where(n => n == higher || n.StartsWith(higher + ".", StringComparison.Ordinal)).Should().BeEmpty();
    }

    [Test]
    public void The_reader_sees_uses_inside_method_bodies()
    {
        // The transport explains a failed credential source only inside a method body.
        Graph.Value["Ecs.BlueGreen.Aws.Transport"].Should().Contain("Ecs.BlueGreen.Aws.Configuration");
    }

    private static Dictionary<string, HashSet<string>> Dependencies(Assembly assembly)
    {
        var opCodes = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes())
        {
            var from = Namespace(type);
            if (from is null)
            {
                continue;
            }

            var uses = graph.TryGetValue(from, out var set) ? set : graph[from] = new HashSet<string>(StringComparer.Ordinal);
            var used = new List<Type?> { type.BaseType };
            used.AddRange(type.GetInterfaces());
            const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            used.AddRange(type.GetFields(all).Select(f => f.FieldType));
            used.AddRange(type.GetProperties(all).Select(p => p.PropertyType));
            foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                used.AddRange(method.GetParameters().Select(p => p.ParameterType));
                if (method is MethodInfo info)
                {
                    used.Add(info.ReturnType);
                }

                used.AddRange(BodyUses(method, opCodes));
            }

            foreach (var name in used.SelectMany(Expand).Select(Namespace).OfType<string>().Where(n => n != from))
            {
                uses.Add(name);
            }
        }

        return graph;
    }

    /// <summary>The types that the method's IL names: called members' declaring types, fields, created objects, casts.</summary>
    private static IEnumerable<Type?> BodyUses(MethodBase method, Dictionary<short, OpCode> opCodes)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }

        var typeArguments = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            var value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var opCode = opCodes[value];
            var size = opCode.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, i)),
                _ => 4,
            };
            if (opCode.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                MemberInfo? member = null;
                try
                {
                    member = method.Module.ResolveMember(BitConverter.ToInt32(il, i), typeArguments, methodArguments);
                }
                catch (ArgumentException)
                {
                    // A token of another generic context: its type is named elsewhere too.
                }

                if (member is Type type)
                {
                    yield return type;
                }
                else if (member is not null)
                {
                    yield return member.DeclaringType;
                    if (member is FieldInfo field)
                    {
                        yield return field.FieldType;
                    }
                }
            }

            i += size;
        }
    }

    private static IEnumerable<Type> Expand(Type? type)
    {
        if (type is null)
        {
            yield break;
        }

        if (type.HasElementType)
        {
            foreach (var element in Expand(type.GetElementType()))
            {
                yield return element;
            }

            yield break;
        }

        yield return type;
        if (type.IsGenericType && !type.IsGenericTypeDefinition)
        {
            foreach (var argument in type.GetGenericArguments().SelectMany(Expand))
            {
                yield return argument;
            }
        }
    }

    /// <summary>The namespace of a type of this library (nested types count as their outermost type's), or null for any other.</summary>
    private static string? Namespace(Type type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        return type.Assembly == typeof(AwsService).Assembly && type.Namespace is { } name && name.StartsWith("Ecs.BlueGreen", StringComparison.Ordinal) ? name : null;
    }

    /// <summary>Every strongly connected group of more than one namespace, each as "A -> B -> A" (Tarjan's algorithm).</summary>
    private static List<string> Cycles(Dictionary<string, HashSet<string>> graph)
    {
        var index = 0;
        var stack = new Stack<string>();
        var indices = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var cycles = new List<string>();
        void Visit(string node)
        {
            indices[node] = low[node] = index++;
            stack.Push(node);
            foreach (var next in graph.GetValueOrDefault(node) ?? [])
            {
                if (!indices.TryGetValue(next, out var seen))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (stack.Contains(next))
                {
                    low[node] = Math.Min(low[node], seen);
                }
            }

            if (low[node] == indices[node])
            {
                var group = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    group.Add(member);
                }
                while (member != node);
                if (group.Count > 1)
                {
                    cycles.Add(string.Join(" <-> ", group.OrderBy(g => g, StringComparer.Ordinal)));
                }
            }
        }

        foreach (var node in graph.Keys.OrderBy(k => k, StringComparer.Ordinal))
        {
            if (!indices.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return cycles;
    }
}
