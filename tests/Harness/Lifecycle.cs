using ClusterScale.Provider.Protocol;
using Pulumirpc;

namespace ClusterScale.Harness;

/// <summary>
/// Drives one resource through the engine's call sequence for <c>pulumi preview</c>/<c>up</c> over a series of
/// program versions, then refresh and destroy: Check -> Create(preview) -> Create; per later version Check(olds) ->
/// Diff -> Update(preview) -> Update, or the replace sequence the DiffResponse asks for; then Read (refresh) and
/// Delete of the refreshed state (skipped when Read reports the resource gone).
/// Every response is recorded so a test can assert on any step. A Check failure stops the run as the engine would.
/// </summary>
/// <param name="timeoutSeconds">The resource's <c>customTimeouts</c> as the engine passes them on Create, Update
/// and Delete (0 = not set).</param>
public sealed class Lifecycle(ProviderClient client, string type, string name, double timeoutSeconds = 0)
{
    public string Urn { get; } = Urns.For(type, name);

    /// <summary>Raised when a delete-before-replace removed the old resource, before its replacement is created: the
    /// engine drops the old resource from state then, so a failed create leaves nothing of it behind.</summary>
    public event Action? OldDeleted;

    /// <param name="create">The inputs of the first program version.</param>
    /// <param name="updates">Later program versions, applied in order.</param>
    /// <param name="destroy">False leaves the resource in place (the record's final state says what is there).</param>
    public async Task<LifecycleRecord> RunAsync(PropertyMap create, IEnumerable<PropertyMap>? updates = null, bool destroy = true)
    {
        var check = await CheckOrThrowAsync(PropertyMap.Empty, create, "create");
        var inputs = PropertyStruct.ToMap(check.Inputs);
        var preview = await client.CreateAsync(Urn, inputs, preview: true);
        var created = await client.CreateAsync(Urn, inputs, preview: false);
        var state = new ResourceState(created.Id, PropertyStruct.ToMap(created.Properties), inputs);
        var record = new LifecycleRecord(check, preview, created);

        foreach (var next in updates ?? [])
        {
            var (step, after) = await UpdateAsync(state, next);
            record.Steps.Add(step);
            state = after;
        }

        // Refresh: the engine replaces its state with what Read saw, or forgets a resource Read reports gone.
        record.Read = await client.ReadAsync(state.Id, Urn, state.Outputs, state.Inputs);
        record.Final = state;
        if (record.Read.Id.Length == 0) return record;
        state = new ResourceState(record.Read.Id, PropertyStruct.ToMap(record.Read.Properties),
            record.Read.Inputs is null ? state.Inputs : PropertyStruct.ToMap(record.Read.Inputs));
        if (destroy) await client.DeleteAsync(state.Id, Urn, state.Outputs, state.Inputs);
        return record;
    }

    /// <summary>One `pulumi up` of a changed program against an existing resource.</summary>
    public async Task<(StepRecord Step, ResourceState After)> UpdateAsync(ResourceState state, PropertyMap news)
    {
        var check = await CheckOrThrowAsync(state.Inputs, news, "update");
        var inputs = PropertyStruct.ToMap(check.Inputs);
        var diff = await client.DiffAsync(state.Id, Urn, state.Outputs, state.Inputs, inputs);
        var replace = diff.Replaces.Count > 0 || diff.DetailedDiff.Values.Any(IsReplace);
        if (replace) return await ReplaceAsync(state, news, check, diff);
        if (diff.Changes == DiffResponse.Types.DiffChanges.DiffNone) return (new StepRecord(check, diff), state);

        var preview = await client.UpdateAsync(state.Id, Urn, state.Outputs, state.Inputs, inputs, preview: true);
        var updated = await client.UpdateAsync(state.Id, Urn, state.Outputs, state.Inputs, inputs, preview: false, timeoutSeconds);
        return (new StepRecord(check, diff) { PreviewUpdate = preview, Update = updated },
            state with { Outputs = PropertyStruct.ToMap(updated.Properties), Inputs = inputs });
    }

    private async Task<(StepRecord, ResourceState)> ReplaceAsync(ResourceState old, PropertyMap news, CheckResponse check, DiffResponse diff)
    {
        // The engine checks the replacement afresh, as a new resource with no old inputs.
        var replacementCheck = await CheckOrThrowAsync(PropertyMap.Empty, news, "replace");
        var inputs = PropertyStruct.ToMap(replacementCheck.Inputs);
        var preview = await client.CreateAsync(Urn, inputs, preview: true);
        if (diff.DeleteBeforeReplace)
        {
            await client.DeleteAsync(old.Id, Urn, old.Outputs, old.Inputs, timeoutSeconds);
            OldDeleted?.Invoke();
        }
        var created = await client.CreateAsync(Urn, inputs, preview: false, timeoutSeconds);
        if (!diff.DeleteBeforeReplace) await client.DeleteAsync(old.Id, Urn, old.Outputs, old.Inputs, timeoutSeconds);
        var replacement = new ReplaceRecord(replacementCheck, preview, created, DeletedFirst: diff.DeleteBeforeReplace);
        return (new StepRecord(check, diff) { Replace = replacement }, new ResourceState(created.Id, PropertyStruct.ToMap(created.Properties), inputs));
    }

    private async Task<CheckResponse> CheckOrThrowAsync(PropertyMap olds, PropertyMap news, string step)
    {
        var check = await client.CheckAsync(Urn, olds, news);
        if (check.Failures.Count > 0)
            throw new LifecycleCheckFailedException(step, check.Failures.Select(f => $"{(f.Property.Length == 0 ? "(resource)" : f.Property)}: {f.Reason}").ToList());
        return check;
    }

    internal static bool IsReplace(PropertyDiff diff) => diff.Kind is PropertyDiff.Types.Kind.AddReplace
        or PropertyDiff.Types.Kind.DeleteReplace or PropertyDiff.Types.Kind.UpdateReplace;
}

/// <summary>What the engine keeps in state for the resource: id, outputs, and the checked inputs.</summary>
public sealed record ResourceState(string Id, PropertyMap Outputs, PropertyMap Inputs);

public sealed record LifecycleRecord(CheckResponse Check, CreateResponse PreviewCreate, CreateResponse Create)
{
    public List<StepRecord> Steps { get; } = [];
    public ReadResponse? Read { get; set; }
    /// <summary>The state after the last update step, before refresh and delete.</summary>
    public ResourceState? Final { get; set; }
}

/// <summary>One update step: either an in-place update (both Update responses), a replacement, or no change.</summary>
public sealed record StepRecord(CheckResponse Check, DiffResponse Diff)
{
    public UpdateResponse? PreviewUpdate { get; init; }
    public UpdateResponse? Update { get; init; }
    public ReplaceRecord? Replace { get; init; }
}

public sealed record ReplaceRecord(CheckResponse Check, CreateResponse PreviewCreate, CreateResponse Create, bool DeletedFirst);

/// <summary>Check answered failures: the engine would stop here and show them.</summary>
public sealed class LifecycleCheckFailedException(string step, IReadOnlyList<string> failures)
    : Exception($"Check failed at the {step} step: {string.Join("; ", failures)}")
{
    public IReadOnlyList<string> Failures { get; } = failures;
}
