// NOT Pulumi: a compile-time stand-in (see README.md). Same names and signatures as the Pulumi .NET SDK
// (pulumi-dotnet sdk/Pulumi/Deployment/DeploymentInstance.cs, InvokeOptions.cs, sdk/Pulumi/Resources/InvokeArgs.cs).
namespace Pulumi;

/// <summary>Base type of every function's argument classes; properties carry <see cref="InputAttribute"/>.</summary>
public abstract class InvokeArgs
{
    public static readonly InvokeArgs Empty = new EmptyInvokeArgs();

    private sealed class EmptyInvokeArgs : InvokeArgs;
}

/// <summary>Options of a function call.</summary>
public class InvokeOptions
{
    public Resource? Parent { get; set; }
    public ProviderResource? Provider { get; set; }
    public string? Version { get; set; }
    public string? PluginDownloadURL { get; set; }
}

/// <summary>Options of a function call that returns an output (pulumi-dotnet 3.71.0 and later).</summary>
public class InvokeOutputOptions : InvokeOptions
{
    private InputList<Resource>? _dependsOn;

    /// <summary>Resources the call waits for, and its result depends on.</summary>
    public InputList<Resource> DependsOn
    {
        get => _dependsOn ??= [];
        set => _dependsOn = value;
    }
}
