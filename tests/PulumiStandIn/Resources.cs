// NOT Pulumi: a compile-time stand-in (see README.md). Same names and signatures as the Pulumi .NET SDK
// (pulumi-dotnet sdk/Pulumi/Resources/*.cs); declaring a resource hands it to StandInDeployment.
namespace Pulumi;

/// <summary>The inputs of a resource; subclasses mark their properties with <see cref="InputAttribute"/>.</summary>
public abstract class ResourceArgs
{
    public static readonly ResourceArgs Empty = new EmptyResourceArgs();

    private sealed class EmptyResourceArgs : ResourceArgs;
}

/// <summary>A declared resource.</summary>
public class Resource
{
    private protected Resource(string type, string name, ResourceArgs? args, ResourceOptions options)
    {
        if (string.IsNullOrEmpty(type)) throw new ArgumentException("a resource needs a type", nameof(type));
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("a resource needs a name", nameof(name));
        Type = type;
        Name = name;
        // Transformations run before registration and may replace args and options, as in the Pulumi SDK.
        foreach (ResourceTransformation transformation in options.ResourceTransformations.ToList())
        {
            if (transformation(new ResourceTransformationArgs(this, args!, options)) is { } result)
            {
                args = result.Args;
                options = result.Options;
            }
        }
        Args = args;
        Options = options;
        StandInDeployment.Current.Register(this);
    }

    internal string Type { get; }
    internal string Name { get; }
    internal ResourceArgs? Args { get; }
    internal ResourceOptions Options { get; }

    [Output("urn")]
    public Output<string> Urn { get; internal set; } = null!;

    public string GetResourceType() => Type;

    public string GetResourceName() => Name;
}

/// <summary>A resource managed by a resource provider.</summary>
public class CustomResource : Resource
{
    public CustomResource(string type, string name, ResourceArgs? args, CustomResourceOptions? options = null)
        : base(type, name, args, options ?? new CustomResourceOptions())
    {
    }

    [Output("id")]
    public Output<string> Id { get; internal set; } = null!;
}

/// <summary>An explicitly configured instance of a resource provider.</summary>
public class ProviderResource : CustomResource
{
    public ProviderResource(string package, string name, ResourceArgs args, CustomResourceOptions? options = null)
        : base($"pulumi:providers:{package}", name, args, options)
    {
    }
}

public delegate ResourceTransformationResult? ResourceTransformation(ResourceTransformationArgs args);

public readonly struct ResourceTransformationArgs(Resource resource, ResourceArgs args, ResourceOptions options)
{
    public Resource Resource { get; } = resource;
    public ResourceArgs Args { get; } = args;
    public ResourceOptions Options { get; } = options;
}

public readonly struct ResourceTransformationResult(ResourceArgs args, ResourceOptions options)
{
    public ResourceArgs Args { get; } = args;
    public ResourceOptions Options { get; } = options;
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
    private List<string>? _replaceOnChanges;
    private List<ResourceTransformation>? _resourceTransformations;

    public Input<string>? Id { get; set; }
    public Resource? Parent { get; set; }
    public bool? Protect { get; set; }
    public string? Version { get; set; }
    public string? PluginDownloadURL { get; set; }
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

    /// <summary>Properties whose change makes the engine replace the resource instead of updating it.</summary>
    public List<string> ReplaceOnChanges
    {
        get => _replaceOnChanges ??= [];
        set => _replaceOnChanges = value;
    }

    public List<ResourceTransformation> ResourceTransformations
    {
        get => _resourceTransformations ??= [];
        set => _resourceTransformations = value;
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
            PluginDownloadURL = second.PluginDownloadURL ?? first.PluginDownloadURL,
            Provider = second.Provider ?? first.Provider,
            CustomTimeouts = second.CustomTimeouts ?? first.CustomTimeouts,
            RetainOnDelete = second.RetainOnDelete ?? first.RetainOnDelete,
            DeleteBeforeReplace = second.DeleteBeforeReplace ?? first.DeleteBeforeReplace,
            ImportId = second.ImportId ?? first.ImportId,
            IgnoreChanges = [.. first.IgnoreChanges, .. second.IgnoreChanges],
            ReplaceOnChanges = [.. first.ReplaceOnChanges, .. second.ReplaceOnChanges],
            AdditionalSecretOutputs = [.. first.AdditionalSecretOutputs, .. second.AdditionalSecretOutputs],
            ResourceTransformations = [.. first.ResourceTransformations, .. second.ResourceTransformations],
            DependsOn = Output.Tuple(first.DependsOn, second.DependsOn).Apply(both => both.Item1.AddRange(both.Item2)),
        };
    }
}
