using Newtonsoft.Json.Linq;

namespace ClusterScale.Provider.Protocol;

/// <summary>
/// One resource type, registered by its token (pkg:module:Name). The protocol host converts wire messages to these
/// records, routes them by type token, and turns the results (and the exceptions below) back into gRPC answers.
/// Resources never see protobuf types.
/// </summary>
public interface IResource
{
    /// <summary>The type token, e.g. <c>clusterscale:obshell:ObserverNode</c>.</summary>
    string Token { get; }

    /// <summary>The resource's entry in the package schema (description, inputProperties, properties, ...).</summary>
    JObject Schema { get; }

    /// <summary>Validates and normalises inputs. Never calls a cloud to change anything; may read (e.g. scale options).</summary>
    Task<CheckResult> CheckAsync(CheckInput request, CancellationToken cancellation);

    Task<DiffResult> DiffAsync(DiffInput request, CancellationToken cancellation);

    /// <summary>With <c>Preview</c> set, returns the expected outputs (unknowns allowed) and changes nothing.</summary>
    Task<CreateResult> CreateAsync(CreateInput request, OperationContext operation);

    /// <summary>Returns null when the resource no longer exists (the engine then drops it from state).</summary>
    Task<ReadResult?> ReadAsync(ReadInput request, OperationContext operation);

    Task<PropertyMap> UpdateAsync(UpdateInput request, OperationContext operation);

    Task DeleteAsync(DeleteInput request, OperationContext operation);
}

/// <summary>A group of resources sharing a slice of provider configuration (obshell, modelarts).</summary>
public interface IProviderModule
{
    /// <summary>Schema entries for this module's provider configuration keys (camelCase names, no package prefix).</summary>
    IReadOnlyDictionary<string, JObject> ConfigSchema { get; }

    /// <summary>Validates this module's configuration keys; a failure names the key. Missing config is not a failure
    /// here (a program may use only the other module); the module reports it when a resource needs it.</summary>
    IEnumerable<CheckFailure> CheckConfig(PropertyMap config);

    /// <summary>Applies configuration (values as checked; environment variables are the fallback).</summary>
    void Configure(PropertyMap config);

    IEnumerable<IResource> Resources { get; }

    /// <summary>Named object types this module's resources refer to with <c>$ref: #/types/&lt;token&gt;</c> (e.g.
    /// <c>clusterscale:modelarts:Volume</c>), added to the package schema's <c>types</c>. Default: none.</summary>
    IReadOnlyDictionary<string, JObject> Types => new Dictionary<string, JObject>();

    /// <summary>The provider functions this module offers (the Invoke rpc). Default: none.</summary>
    IEnumerable<IFunction> Functions => [];
}

public sealed record CheckFailure(string Property, string Reason);

public sealed record CheckInput(string Urn, string Name, PropertyMap Olds, PropertyMap News);
public sealed record CheckResult(PropertyMap Inputs, IReadOnlyList<CheckFailure> Failures);

/// <param name="OldOutputs">The outputs recorded in state.</param>
/// <param name="OldInputs">The inputs recorded in state.</param>
/// <param name="News">The new checked inputs (may contain unknowns during preview).</param>
public sealed record DiffInput(string Id, string Urn, PropertyMap OldOutputs, PropertyMap OldInputs, PropertyMap News, IReadOnlyList<string> IgnoreChanges);

public enum DiffKind { Add, AddReplace, Delete, DeleteReplace, Update, UpdateReplace }

/// <summary>The answer to Diff. <see cref="DetailedDiff"/> keys are property paths; any *Replace kind forces a replace.</summary>
public sealed record DiffResult(
    bool HasChanges,
    IReadOnlyDictionary<string, DiffKind> DetailedDiff,
    bool DeleteBeforeReplace = false,
    IReadOnlyList<string>? Stables = null)
{
    public static readonly DiffResult None = new(false, new Dictionary<string, DiffKind>());
    public IEnumerable<string> Replaces => DetailedDiff.Where(d => d.Value is DiffKind.AddReplace or DiffKind.DeleteReplace or DiffKind.UpdateReplace)
        .Select(d => d.Key.Split('.', '[')[0]).Distinct();
}

/// <param name="Timeout">From customTimeouts; null when not set (the resource applies its documented default).</param>
public sealed record CreateInput(string Urn, string Name, PropertyMap Properties, bool Preview, TimeSpan? Timeout);
public sealed record CreateResult(string Id, PropertyMap Outputs);

/// <param name="Properties">Old outputs; empty on import.</param>
/// <param name="Inputs">Old inputs; empty on import.</param>
/// <param name="Timeout">customTimeouts.read, which the engine passes on refresh and import (ReadRequest.timeout); null
/// when not set. A Read must end within it, failing cleanly and naming the resource.</param>
public sealed record ReadInput(string Id, string Urn, PropertyMap Properties, PropertyMap Inputs, TimeSpan? Timeout = null);
public sealed record ReadResult(string Id, PropertyMap Outputs, PropertyMap Inputs);

public sealed record UpdateInput(string Id, string Urn, PropertyMap OldOutputs, PropertyMap OldInputs, PropertyMap News, bool Preview, TimeSpan? Timeout, IReadOnlyList<string> IgnoreChanges);

public sealed record DeleteInput(string Id, string Urn, PropertyMap Outputs, PropertyMap OldInputs, TimeSpan? Timeout);

/// <summary>
/// Thrown when the resource exists but did not finish (a wait timed out or was cancelled after the cloud accepted the
/// change, or the change failed after it started). The host sends ErrorResourceInitFailed so the engine records the
/// id and these outputs, and the next <c>pulumi up</c> calls Update, which resumes.
/// </summary>
public sealed class ResourceInitFailedException(string id, PropertyMap outputs, PropertyMap inputs, IReadOnlyList<string> reasons)
    : Exception(string.Join("; ", reasons))
{
    public string Id { get; } = id;
    public PropertyMap Outputs { get; } = outputs;
    public PropertyMap Inputs { get; } = inputs;
    public IReadOnlyList<string> Reasons { get; } = reasons;
}

/// <summary>A request the provider cannot act on (bad input that got past Check, missing config): gRPC InvalidArgument
/// or FailedPrecondition, and nothing was changed.</summary>
/// <param name="missingKeys">Provider configuration keys (without the <c>clusterscale:</c> prefix) the operation needs
/// and that are not set; the host reports them as the engine renders ConfigureErrorMissingKeys.</param>
public sealed class ProviderInputException(string message, IReadOnlyList<string>? missingKeys = null) : Exception(message)
{
    public IReadOnlyList<string> MissingKeys { get; } = missingKeys ?? [];
    public bool MissingConfig => MissingKeys.Count > 0;
}

/// <summary>The change was attempted and failed, and nothing is left behind: a clean gRPC failure (Unknown is
/// reserved for "state unknown").</summary>
public sealed class OperationFailedException(string message, Exception? inner = null) : Exception(message, inner);
