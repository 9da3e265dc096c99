using ClusterScale.Provider.Waiting;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Newtonsoft.Json.Linq;
using Pulumirpc;

namespace ClusterScale.Provider.Protocol;

/// <summary>
/// Turns what a resource throws into the gRPC status the engine understands. The code matters: the engine marks a
/// resource's state unknown for Unknown/Internal/DataLoss, so failures where nothing changed get other codes, and
/// a half-finished change carries ErrorResourceInitFailed so the engine keeps its id and state.
/// </summary>
public static class ErrorMapping
{
    /// <summary>The trailer gRPC uses for a serialized google.rpc.Status with typed details.</summary>
    public const string StatusDetailsTrailer = "grpc-status-details-bin";

    /// <param name="cancelledByEngine">True when the plugin-wide Cancel fired or the engine abandoned the call,
    /// which is what an <see cref="OperationCanceledException"/> then means.</param>
    /// <param name="configSchema">The provider's configuration keys, which describe missing ones.</param>
    public static RpcException ToRpcException(Exception error, bool cancelledByEngine, IReadOnlyDictionary<string, JObject>? configSchema = null) => error switch
    {
        RpcException rpc => rpc,
        ResourceInitFailedException init => InitFailed(init),
        MalformedPropertyException => new RpcException(new Status(StatusCode.InvalidArgument, Bounded(error.Message))),
        ProviderInputException { MissingConfig: true } missing => MissingConfiguration(missing.MissingKeys, configSchema ?? new Dictionary<string, JObject>()),
        ProviderInputException => new RpcException(new Status(StatusCode.InvalidArgument, Bounded(error.Message))),
        // Aborted, not Unknown: the resource promises nothing was left behind.
        OperationFailedException => new RpcException(new Status(StatusCode.Aborted, Bounded(error.Message))),
        // A resource should wrap a timeout that follows an accepted change in ResourceInitFailedException; a bare one
        // means the wait happened before anything changed.
        WaitTimeoutException => new RpcException(new Status(StatusCode.DeadlineExceeded, Bounded(error.Message))),
        OperationCanceledException when cancelledByEngine => new RpcException(new Status(StatusCode.Cancelled, "the operation was cancelled by the engine")),
        // Anything else is a bug or an unexpected failure part-way: Unknown tells the engine the state is unknown.
        _ => new RpcException(new Status(StatusCode.Unknown, Bounded($"{error.GetType().Name}: {error.Message}"))),
    };

    /// <summary>
    /// Upstream providers send the init-failed detail with code Unknown; the engine reads the detail first and records
    /// a partial failure. Unknown is also the safe reading for an engine that ignored the detail: the state is unknown.
    /// </summary>
    private static RpcException InitFailed(ResourceInitFailedException init)
    {
        var detail = new ErrorResourceInitFailed
        {
            Id = init.Id,
            Properties = PropertyStruct.ToStruct(init.Outputs),
            Inputs = PropertyStruct.ToStruct(init.Inputs),
        };
        detail.Reasons.AddRange(init.Reasons);
        return WithDetails(StatusCode.Unknown, Bounded(init.Message), Any.Pack(detail));
    }

    /// <summary>
    /// Configuration a resource needs and nobody set. The engine renders a ConfigureErrorMissingKeys detail only for
    /// Configure (pp.go:2489-2507), which cannot know which keys a program's resources will need; here the resource
    /// call fails, carrying the same detail (names <c>clusterscale:&lt;key&gt;</c>, spec §9) and a message worded as the
    /// engine words it, since that message is what the user sees.
    /// </summary>
    private static RpcException MissingConfiguration(IReadOnlyList<string> keys, IReadOnlyDictionary<string, JObject> schema)
    {
        var detail = new ConfigureErrorMissingKeys();
        detail.MissingKeys.AddRange(keys.Select(key => new ConfigureErrorMissingKeys.Types.MissingKey
        {
            Name = $"{PackageSchema.Name}:{key}",
            Description = Describe(key, schema.GetValueOrDefault(key)),
        }));
        var message = string.Join("\n", detail.MissingKeys.Select(k =>
            $"missing required configuration key \"{k.Name}\": {k.Description}\nSet a value using the command `pulumi config set {k.Name} <value>`."));
        return WithDetails(StatusCode.FailedPrecondition, Bounded(message), Any.Pack(detail));
    }

    private static string Describe(string key, JObject? property)
    {
        var description = property?.Value<string>("description") ?? "";
        var environment = property?["defaultInfo"]?["environment"]?.Values<string>().FirstOrDefault();
        var alternatives = environment is null
            ? $"an explicit provider takes it as its '{key}' argument"
            : $"it may also come from the environment variable {environment}, or an explicit provider's '{key}' argument";
        return $"{description.TrimEnd('.')}{(description.Length > 0 ? "; " : "")}{alternatives}.";
    }

    /// <summary>The status message travels in an HTTP/2 trailer, which peers cap (HPACK limits): a message that quotes
    /// a hostile input (a megabyte-long property name) must not make the answer itself undecodable, so it is cut
    /// short and control characters are replaced.</summary>
    public static string Bounded(string message)
    {
        const int limit = 2048;
        var printable = string.Concat(message.Select(c => char.IsControl(c) && c != '\n' ? '?' : c));
        return printable.Length <= limit ? printable : printable[..limit] + $"… ({printable.Length - limit} more characters)";
    }

    /// <summary>An RpcException whose trailer carries a google.rpc.Status with <paramref name="details"/>, the
    /// standard "rich error" form the engine's rpcerror package decodes.</summary>
    public static RpcException WithDetails(StatusCode code, string message, params Any[] details)
    {
        var status = new Google.Rpc.Status { Code = (int)code, Message = message };
        status.Details.AddRange(details);
        var trailers = new Metadata { { StatusDetailsTrailer, status.ToByteArray() } };
        return new RpcException(new Status(code, message), trailers);
    }
}
