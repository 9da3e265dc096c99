// NOT Pulumi: a compile-time stand-in (see README.md). Same names and signatures as the Pulumi .NET SDK
// (dotnet sdk/Pulumi/Deployment/DeploymentInstance.cs, InvokeOptions.cs, sdk/Pulumi/Resources/InvokeArgs.cs).
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

/// <summary>The running deployment (<c>Deployment.Instance</c>). Here: function calls are recorded and answered with
/// nothing, since there is no engine to ask.</summary>
public sealed class DeploymentInstance
{
    internal DeploymentInstance()
    {
    }

    /// <summary>Records the call; the result is unknown, as no engine answers it.</summary>
    public Output<T> Invoke<T>(string token, InvokeArgs args, InvokeOptions? options = null)
    {
        StandInDeployment.RecordInvoke(new StandInInvoke(token, args, options));
        return Output<T>.Unknown();
    }

    /// <summary>Records the call and fails: a stand-in cannot produce a function's result.</summary>
    public Task<T> InvokeAsync<T>(string token, InvokeArgs args, InvokeOptions? options = null)
    {
        StandInDeployment.RecordInvoke(new StandInInvoke(token, args, options));
        return Task.FromException<T>(new NotSupportedException(
            $"{token}: this program was built against tests/PulumiStandIn, which is NOT Pulumi and cannot invoke functions"));
    }
}

/// <summary>One function call a program made.</summary>
internal sealed record StandInInvoke(string Token, InvokeArgs Args, InvokeOptions? Options);
