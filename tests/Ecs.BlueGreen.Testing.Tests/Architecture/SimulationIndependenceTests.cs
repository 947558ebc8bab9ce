using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Ecs.BlueGreen.Testing.Tests.Architecture;

/// <summary>
/// The emulator is the oracle the client is tested against, so its server side owns its shapes: no type of the
/// simulation, the wire protocol, the hosts, the faults or the scenarios uses a type of Ecs.BlueGreen.Core (its
/// model records, its JSON contexts, <c>AwsJson</c>, or anything else). Only the root namespace may, to hand tests
/// a Core client wired to the emulator. The uses are read from the assembly's metadata: base types, interfaces,
/// fields, properties, method signatures, locals, attributes and every type and member token in the IL.
/// </summary>
public class SimulationIndependenceTests
{
    private const string Root = "Ecs.BlueGreen.Testing";
    private const string Core = "Ecs.BlueGreen.Core";

    private static readonly Lazy<Dictionary<string, HashSet<string>>> Uses = new(() => ReadUses(typeof(EcsEmulator).Assembly.Location));

    [Test]
    public void No_server_side_type_uses_a_type_of_Core()
    {
        var serverSide = Uses.Value.Where(entry => Namespace(entry.Key).StartsWith(Root + ".", StringComparison.Ordinal)).ToList();
        serverSide.Select(entry => Namespace(entry.Key)).Distinct()
            .Should().Contain([Root + ".Simulation", Root + ".Protocol", Root + ".Hosting"], "the check must see the emulator's server side");

        var violations = serverSide
            .SelectMany(entry => entry.Value.Where(IsCore).Select(used => $"{entry.Key} uses {used}"))
            .Order(StringComparer.Ordinal);

        violations.Should().BeEmpty("the emulator's state, wire reading and rendering must not share the client's shapes");
    }

    [Test]
    public void The_reader_sees_Core_types_used_only_inside_method_bodies()
    {
        // CreateClient names EcsClient in its signature, but AwsConnection and BasicAWSCredentials only in its body.
        Uses.Value[typeof(EcsEmulator).FullName!].Should().Contain(["[Ecs.BlueGreen.Core]Ecs.BlueGreen.Aws.AwsConnection", "[Ecs.BlueGreen.Core]Ecs.BlueGreen.Ecs.EcsClient"]);
    }

    private static bool IsCore(string used) => used.StartsWith($"[{Core}]", StringComparison.Ordinal);

    private static string Namespace(string typeName) => typeName[..Math.Max(0, typeName.LastIndexOf('.'))];

    /// <summary>For each top-level type of the assembly (its nested and compiler-generated types included), the types it uses as <c>[assembly]namespace.name</c>.</summary>
    private static Dictionary<string, HashSet<string>> ReadUses(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var reader = pe.GetMetadataReader();
        var names = new TypeNames(reader);
        var uses = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var handle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(handle);
            var owner = TopLevel(reader, handle);
            if (owner.Length == 0 || owner == "<Module>")
            {
                continue;
            }

            var used = uses.TryGetValue(owner, out var set) ? set : uses[owner] = new HashSet<string>(StringComparer.Ordinal);
            void Add(IEnumerable<string> found) => used.UnionWith(found);

            if (!type.BaseType.IsNil)
            {
                Add(names.OfEntity(type.BaseType));
            }

            foreach (var implementation in type.GetInterfaceImplementations())
            {
                Add(names.OfEntity(reader.GetInterfaceImplementation(implementation).Interface));
            }

            foreach (var parameter in type.GetGenericParameters())
            {
                foreach (var constraint in reader.GetGenericParameter(parameter).GetConstraints())
                {
                    Add(names.OfEntity(reader.GetGenericParameterConstraint(constraint).Type));
                }
            }

            Add(Attributes(reader, names, type.GetCustomAttributes()));
            foreach (var field in type.GetFields())
            {
                var definition = reader.GetFieldDefinition(field);
                Add(definition.DecodeSignature(names, null));
                Add(Attributes(reader, names, definition.GetCustomAttributes()));
            }

            foreach (var property in type.GetProperties())
            {
                var signature = reader.GetPropertyDefinition(property).DecodeSignature(names, null);
                Add(signature.ReturnType.Concat(signature.ParameterTypes.SelectMany(p => p)));
            }

            foreach (var method in type.GetMethods())
            {
                var definition = reader.GetMethodDefinition(method);
                var signature = definition.DecodeSignature(names, null);
                Add(signature.ReturnType.Concat(signature.ParameterTypes.SelectMany(p => p)));
                Add(Attributes(reader, names, definition.GetCustomAttributes()));
                if (definition.RelativeVirtualAddress != 0)
                {
                    Add(BodyUses(reader, names, pe.GetMethodBody(definition.RelativeVirtualAddress)));
                }
            }
        }

        return uses;
    }

    private static IEnumerable<string> Attributes(MetadataReader reader, TypeNames names, CustomAttributeHandleCollection attributes) =>
        attributes.SelectMany(a => names.OfEntity(reader.GetCustomAttribute(a).Constructor));

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>The types a method body names: its locals and the operands of every instruction that takes a type, field, method or signature token.</summary>
    private static List<string> BodyUses(MetadataReader reader, TypeNames names, MethodBodyBlock body)
    {
        var found = new List<string>();
        if (!body.LocalSignature.IsNil)
        {
            found.AddRange(reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(names, null).SelectMany(l => l));
        }

        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            var first = il.ReadByte();
            var opCode = OpCodesByValue[first == 0xFE ? (short)(0xFE00 | il.ReadByte()) : first];
            switch (opCode.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    found.AddRange(names.OfEntity(MetadataTokens.EntityHandle(il.ReadInt32())));
                    break;
                case OperandType.InlineSwitch:
                    il.Offset += 4 * il.ReadInt32();
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    il.Offset += 1;
                    break;
                case OperandType.InlineVar:
                    il.Offset += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    il.Offset += 8;
                    break;
                default:
                    il.Offset += 4;
                    break;
            }
        }

        return found;
    }

    private static string TopLevel(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        while (type.IsNested)
        {
            type = reader.GetTypeDefinition(type.GetDeclaringType());
        }

        var ns = reader.GetString(type.Namespace);
        return ns.Length == 0 ? reader.GetString(type.Name) : $"{ns}.{reader.GetString(type.Name)}";
    }

    /// <summary>Decodes signatures into the <c>[assembly]namespace.name</c> of every type they mention, generic arguments included.</summary>
    private sealed class TypeNames(MetadataReader reader) : ISignatureTypeProvider<ImmutableArray<string>, object?>
    {
        private readonly string _self = reader.GetString(reader.GetAssemblyDefinition().Name);

        /// <summary>The types a type, field or method token names: the type itself, or the member's declaring type and signature.</summary>
        public IEnumerable<string> OfEntity(EntityHandle handle)
        {
            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    return GetTypeFromDefinition(reader, (TypeDefinitionHandle)handle, 0);
                case HandleKind.TypeReference:
                    return GetTypeFromReference(reader, (TypeReferenceHandle)handle, 0);
                case HandleKind.TypeSpecification:
                    return reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null);
                case HandleKind.FieldDefinition:
                    var field = reader.GetFieldDefinition((FieldDefinitionHandle)handle);
                    return GetTypeFromDefinition(reader, field.GetDeclaringType(), 0).Concat(field.DecodeSignature(this, null));
                case HandleKind.MethodDefinition:
                    var method = reader.GetMethodDefinition((MethodDefinitionHandle)handle);
                    var methodSignature = method.DecodeSignature(this, null);
                    return GetTypeFromDefinition(reader, method.GetDeclaringType(), 0)
                        .Concat(methodSignature.ReturnType).Concat(methodSignature.ParameterTypes.SelectMany(p => p));
                case HandleKind.MemberReference:
                    var member = reader.GetMemberReference((MemberReferenceHandle)handle);
                    var parent = member.Parent.Kind is HandleKind.MethodDefinition or HandleKind.ModuleReference ? [] : OfEntity(member.Parent);
                    if (member.GetKind() == MemberReferenceKind.Field)
                    {
                        return parent.Concat(member.DecodeFieldSignature(this, null));
                    }

                    var signature = member.DecodeMethodSignature(this, null);
                    return parent.Concat(signature.ReturnType).Concat(signature.ParameterTypes.SelectMany(p => p));
                case HandleKind.MethodSpecification:
                    var specification = reader.GetMethodSpecification((MethodSpecificationHandle)handle);
                    return OfEntity(specification.Method).Concat(specification.DecodeSignature(this, null).SelectMany(a => a));
                default:
                    return [];
            }
        }

        public ImmutableArray<string> GetTypeFromDefinition(MetadataReader metadata, TypeDefinitionHandle handle, byte rawTypeKind) =>
            [$"[{_self}]{FullName(metadata, handle)}"];

        public ImmutableArray<string> GetTypeFromReference(MetadataReader metadata, TypeReferenceHandle handle, byte rawTypeKind)
        {
            // A nested type's scope is its declaring type; the outermost one names the assembly.
            var reference = metadata.GetTypeReference(handle);
            var name = metadata.GetString(reference.Name);
            while (reference.ResolutionScope.Kind == HandleKind.TypeReference)
            {
                reference = metadata.GetTypeReference((TypeReferenceHandle)reference.ResolutionScope);
                name = $"{metadata.GetString(reference.Name)}+{name}";
            }

            var ns = metadata.GetString(reference.Namespace);
            var assembly = reference.ResolutionScope.Kind == HandleKind.AssemblyReference
                ? metadata.GetString(metadata.GetAssemblyReference((AssemblyReferenceHandle)reference.ResolutionScope).Name)
                : _self;
            return [ns.Length == 0 ? $"[{assembly}]{name}" : $"[{assembly}]{ns}.{name}"];
        }

        public ImmutableArray<string> GetTypeFromSpecification(MetadataReader metadata, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            metadata.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public ImmutableArray<string> GetPrimitiveType(PrimitiveTypeCode typeCode) => [];

        public ImmutableArray<string> GetSZArrayType(ImmutableArray<string> elementType) => elementType;

        public ImmutableArray<string> GetArrayType(ImmutableArray<string> elementType, ArrayShape shape) => elementType;

        public ImmutableArray<string> GetByReferenceType(ImmutableArray<string> elementType) => elementType;

        public ImmutableArray<string> GetPointerType(ImmutableArray<string> elementType) => elementType;

        public ImmutableArray<string> GetPinnedType(ImmutableArray<string> elementType) => elementType;

        public ImmutableArray<string> GetGenericInstantiation(ImmutableArray<string> genericType, ImmutableArray<ImmutableArray<string>> typeArguments) =>
            [.. genericType, .. typeArguments.SelectMany(a => a)];

        public ImmutableArray<string> GetGenericMethodParameter(object? genericContext, int index) => [];

        public ImmutableArray<string> GetGenericTypeParameter(object? genericContext, int index) => [];

        public ImmutableArray<string> GetFunctionPointerType(MethodSignature<ImmutableArray<string>> signature) =>
            [.. signature.ReturnType, .. signature.ParameterTypes.SelectMany(p => p)];

        public ImmutableArray<string> GetModifiedType(ImmutableArray<string> modifier, ImmutableArray<string> unmodifiedType, bool isRequired) =>
            [.. modifier, .. unmodifiedType];

        private static string FullName(MetadataReader metadata, TypeDefinitionHandle handle)
        {
            var type = metadata.GetTypeDefinition(handle);
            var name = metadata.GetString(type.Name);
            if (type.IsNested)
            {
                return $"{FullName(metadata, type.GetDeclaringType())}+{name}";
            }

            var ns = metadata.GetString(type.Namespace);
            return ns.Length == 0 ? name : $"{ns}.{name}";
        }
    }
}
