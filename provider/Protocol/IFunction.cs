using Newtonsoft.Json.Linq;

namespace ClusterScale.Provider.Protocol;

/// <summary>
/// One provider function (schema <c>functions</c>, the Invoke rpc), registered by its token
/// (<c>pkg:module:getThing</c>). A function only reads: it never changes anything remote, in a preview or not.
/// Bad arguments throw <see cref="FunctionArgumentException"/> naming the argument (InvalidArgument, nothing sent).
/// </summary>
public interface IFunction
{
    /// <summary>The function token, e.g. <c>clusterscale:obshell:getCluster</c>.</summary>
    string Token { get; }

    /// <summary>The function's entry in the package schema: <c>{description, inputs, outputs}</c>.</summary>
    JObject Schema { get; }

    /// <summary>Reads and returns the result. Never returns unknowns (the engine forbids them in Invoke results).</summary>
    Task<PropertyMap> InvokeAsync(PropertyMap args, CancellationToken cancellation);
}

/// <summary>An argument of a function call is missing or invalid: gRPC InvalidArgument naming it, nothing was sent.</summary>
public sealed class FunctionArgumentException(string argument, string reason)
    : Exception($"invalid argument '{argument}': {reason}")
{
    public string Argument { get; } = argument;
}
