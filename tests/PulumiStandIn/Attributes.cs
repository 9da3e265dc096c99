// NOT Pulumi: a compile-time stand-in (see README.md). Same names and signatures as the Pulumi .NET SDK
// (pulumi-dotnet sdk/Pulumi/Serialization/Attributes.cs).
namespace Pulumi;

/// <summary>Marks a resource output property (or a stack output) and gives its wire name.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OutputAttribute(string? name = null) : Attribute
{
    public string? Name { get; } = name;
}

/// <summary>Marks an input property or field of a <see cref="ResourceArgs"/> and gives its wire name. As in the
/// Pulumi SDK, what it holds is internal: a test reads it as the Pulumi runtime does, through what is sent.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class InputAttribute(string name, bool required = false, bool json = false) : Attribute
{
    internal string Name { get; } = name;
    internal bool IsRequired { get; } = required;
    internal bool Json { get; } = json;
}

/// <summary>Marks a complex type that appears in resource outputs.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class OutputTypeAttribute : Attribute;

/// <summary>Marks the constructor of an <see cref="OutputTypeAttribute"/> type; its parameter names are wire names.</summary>
[AttributeUsage(AttributeTargets.Constructor)]
public sealed class OutputConstructorAttribute : Attribute;

/// <summary>Gives the type token (<c>pkg:module:Name</c>) and package version of a resource class.</summary>
[AttributeUsage(AttributeTargets.Class)]
public class ResourceTypeAttribute(string type, string? version) : Attribute
{
    public string Type { get; } = type;
    public string? Version { get; } = version;
}
