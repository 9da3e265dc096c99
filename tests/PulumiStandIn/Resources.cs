// NOT Pulumi: a compile-time stand-in (see README.md). Same names and signatures as the Pulumi .NET SDK; declaring a
// resource only records it (see StandInDeployment).
using System.Reflection;

namespace Pulumi;

/// <summary>The inputs of a resource; subclasses mark their properties with <see cref="InputAttribute"/>.</summary>
public abstract class ResourceArgs
{
    public static readonly ResourceArgs Empty = new EmptyResourceArgs();

    private sealed class EmptyResourceArgs : ResourceArgs;
}

/// <summary>A declared resource.</summary>
public abstract class Resource
{
    private protected Resource(string type, string name, ResourceArgs? args, ResourceOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(type);
        ArgumentException.ThrowIfNullOrEmpty(name);
        Type = type;
        Name = name;
        Args = args;
        Options = options;
        Urn = Output<string>.Unknown();
        SetOutputPropertiesUnknown();
        StandInDeployment.Record(this);
    }

    internal string Type { get; }
    internal string Name { get; }
    internal ResourceArgs? Args { get; }
    internal ResourceOptions Options { get; }

    public Output<string> Urn { get; }

    public string GetResourceType() => Type;

    public string GetResourceName() => Name;

    // The real SDK fills [Output] properties when the engine answers; here they stay unknown, as in a preview.
    private void SetOutputPropertiesUnknown()
    {
        const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        foreach (PropertyInfo property in GetType().GetProperties(Instance))
        {
            if (property.GetCustomAttribute<OutputAttribute>() is null || !property.PropertyType.IsGenericType
                || property.PropertyType.GetGenericTypeDefinition() != typeof(Output<>))
            {
                continue;
            }
            object? unknown = property.PropertyType
                .GetMethod(nameof(Output<object>.Unknown), BindingFlags.Static | BindingFlags.NonPublic)!
                .Invoke(null, [false]);
            property.SetValue(this, unknown);
        }
    }
}

/// <summary>A resource managed by a resource provider.</summary>
public class CustomResource : Resource
{
    public CustomResource(string type, string name, ResourceArgs? args, CustomResourceOptions? options = null)
        : base(type, name, args, options ?? new CustomResourceOptions())
    {
        // An empty id (what generated SDKs pass for a new resource) means "create", a non-empty one "read": only
        // a read knows its id before the engine answers.
        Id = Options.Id?.ToOutput() is { IsKnown: true, Value: { Length: > 0 } } read ? read : Output<string>.Unknown();
    }

    public Output<string> Id { get; }
}

/// <summary>An explicitly configured instance of a resource provider.</summary>
public class ProviderResource : CustomResource
{
    public ProviderResource(string package, string name, ResourceArgs args, CustomResourceOptions? options = null)
        : base($"pulumi:providers:{package}", name, args, options)
    {
        Package = package;
    }

    internal string Package { get; }
}

/// <summary>How long the engine waits for a create, update or delete before it fails the operation.</summary>
public sealed class CustomTimeouts
{
    public TimeSpan? Create { get; set; }
    public TimeSpan? Update { get; set; }
    public TimeSpan? Delete { get; set; }
}

/// <summary>Options every resource accepts.</summary>
public abstract class ResourceOptions
{
    private InputList<Resource>? _dependsOn;
    private List<string>? _ignoreChanges;

    public Input<string>? Id { get; set; }
    public Resource? Parent { get; set; }
    public bool? Protect { get; set; }
    public string? Version { get; set; }
    public ProviderResource? Provider { get; set; }
    public CustomTimeouts? CustomTimeouts { get; set; }
    public bool? RetainOnDelete { get; set; }

    public InputList<Resource> DependsOn
    {
        get => _dependsOn ??= [];
        set => _dependsOn = value;
    }

    public List<string> IgnoreChanges
    {
        get => _ignoreChanges ??= [];
        set => _ignoreChanges = value;
    }
}

/// <summary>Options of a <see cref="CustomResource"/>.</summary>
public sealed class CustomResourceOptions : ResourceOptions
{
    private List<string>? _additionalSecretOutputs;

    public bool? DeleteBeforeReplace { get; set; }
    public string? ImportId { get; set; }

    public List<string> AdditionalSecretOutputs
    {
        get => _additionalSecretOutputs ??= [];
        set => _additionalSecretOutputs = value;
    }

    /// <summary>Values of <paramref name="options2"/> win; lists are concatenated, as in the real SDK.</summary>
    public static CustomResourceOptions Merge(CustomResourceOptions? options1, CustomResourceOptions? options2)
    {
        CustomResourceOptions first = options1 ?? new CustomResourceOptions();
        CustomResourceOptions second = options2 ?? new CustomResourceOptions();
        return new CustomResourceOptions
        {
            Id = second.Id ?? first.Id,
            Parent = second.Parent ?? first.Parent,
            Protect = second.Protect ?? first.Protect,
            Version = second.Version ?? first.Version,
            Provider = second.Provider ?? first.Provider,
            CustomTimeouts = second.CustomTimeouts ?? first.CustomTimeouts,
            RetainOnDelete = second.RetainOnDelete ?? first.RetainOnDelete,
            DeleteBeforeReplace = second.DeleteBeforeReplace ?? first.DeleteBeforeReplace,
            ImportId = second.ImportId ?? first.ImportId,
            IgnoreChanges = [.. first.IgnoreChanges, .. second.IgnoreChanges],
            AdditionalSecretOutputs = [.. first.AdditionalSecretOutputs, .. second.AdditionalSecretOutputs],
            DependsOn = Output.Tuple(first.DependsOn, second.DependsOn).Apply(both => both.Item1.AddRange(both.Item2)),
        };
    }
}
