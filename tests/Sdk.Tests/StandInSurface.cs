using System.Reflection;

namespace Pulumi.ClusterScale.Sdk.Tests;

/// <summary>Renders an assembly's public API, one line per type and member, in C#-like notation.</summary>
internal static class StandInSurface
{
    public static IEnumerable<string> Render(Assembly assembly)
    {
        foreach (Type type in assembly.GetExportedTypes().OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            yield return $"{Kind(type)} {Name(type)}{Bases(type)}";
            const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (MemberInfo member in type.GetMembers(Declared).Where(IsVisible).Select(m => m).OrderBy(Describe, StringComparer.Ordinal))
            {
                if (Describe(member) is { Length: > 0 } line) yield return "  " + line;
            }
        }
    }

    private static bool IsVisible(MemberInfo member) => member switch
    {
        MethodBase method => (method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly) && !method.IsSpecialName || method is ConstructorInfo { IsPublic: true } or ConstructorInfo { IsFamily: true }
            || method.Name.StartsWith("op_", StringComparison.Ordinal) && method.IsPublic,
        PropertyInfo property => property.GetMethod is { IsPublic: true } or { IsFamily: true } || property.SetMethod is { IsPublic: true },
        FieldInfo field => field.IsPublic || field.IsFamily,
        EventInfo => true,
        _ => false,
    };

    private static string Describe(MemberInfo member) => member switch
    {
        ConstructorInfo c when c.DeclaringType!.IsSubclassOf(typeof(Delegate)) => "",
        ConstructorInfo c => $"{(c.IsFamily ? "protected " : "")}{(c.IsStatic ? "static " : "")}.ctor({Parameters(c)})",
        MethodInfo m when m.DeclaringType!.IsSubclassOf(typeof(Delegate)) && m.Name != "Invoke" => "",
        MethodInfo m => $"{(m.IsStatic ? "static " : "")}{Name(m.ReturnType)} {m.Name}{Generic(m)}({Parameters(m)})",
        PropertyInfo p => $"{((p.GetMethod ?? p.SetMethod)!.IsStatic ? "static " : "")}{Name(p.PropertyType)} {p.Name} {{ {(p.GetMethod is { IsPublic: true } ? "get; " : "")}{(p.SetMethod is { IsPublic: true } ? "set; " : "")}}}",
        FieldInfo f => $"{(f.IsStatic ? "static " : "")}{(f.IsInitOnly ? "readonly " : "")}{Name(f.FieldType)} {f.Name}",
        _ => member.ToString()!,
    };

    private static string Kind(Type type) =>
        type.IsInterface ? "interface" : type.IsSubclassOf(typeof(Delegate)) ? "delegate" : type.IsValueType ? "struct"
        : type.IsAbstract && type.IsSealed ? "static class" : type.IsAbstract ? "abstract class" : type.IsSealed ? "sealed class" : "class";

    private static string Bases(Type type)
    {
        var bases = new List<string>();
        if (type.BaseType is { } b && b != typeof(object) && b != typeof(ValueType) && !type.IsSubclassOf(typeof(Delegate))) bases.Add(Name(b));
        bases.AddRange(type.GetInterfaces().Where(i => i.IsPublic).Select(Name).Order(StringComparer.Ordinal));
        return bases.Count == 0 ? "" : " : " + string.Join(", ", bases);
    }

    private static string Generic(MethodInfo method) =>
        method.IsGenericMethodDefinition ? $"<{string.Join(", ", method.GetGenericArguments().Select(a => a.Name))}>" : "";

    private static string Parameters(MethodBase method) => string.Join(", ", method.GetParameters().Select(p =>
        $"{(p.GetCustomAttribute<ParamArrayAttribute>() is not null ? "params " : "")}{Name(p.ParameterType)} {p.Name}{(p.HasDefaultValue ? " = " + (p.DefaultValue ?? "null") : "")}"));

    public static string Name(Type type)
    {
        if (type.IsGenericParameter) return type.Name;
        if (type.IsArray) return Name(type.GetElementType()!) + "[]";
        if (type.IsByRef) return Name(type.GetElementType()!) + "&";
        if (Nullable.GetUnderlyingType(type) is { } underlying) return Name(underlying) + "?";
        string name = type.IsNested ? $"{Name(type.DeclaringType!)}.{type.Name}" : $"{type.Namespace}.{type.Name}";
        if (!type.IsGenericType) return name;
        return $"{name[..name.IndexOf('`')]}<{string.Join(", ", type.GetGenericArguments().Select(Name))}>";
    }
}
