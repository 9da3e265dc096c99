using ClusterScale.Provider.Protocol;
using Google.Protobuf;
using Grpc.Core;
using Pulumirpc;

namespace ClusterScale.Harness;

/// <summary>A resource as a program declares it: its type token, name and raw inputs.</summary>
public sealed record Declared(string Type, string Name, PropertyMap Inputs);

/// <summary>
/// A model of what the Pulumi engine does for a stack across several runs of a program: <c>up</c> (create new
/// resources in parallel, diff and update or replace existing ones, delete dropped ones), <c>refresh</c> (Read
/// every resource, dropping those read as gone), a <c>preview</c> that reports pending changes, and
/// <c>destroy</c>. It keeps the state the engine keeps — including the state a partial failure
/// (ErrorResourceInitFailed) reports, so the next <c>up</c> calls Update on it as the engine would, and the pending
/// creates a dead CLI leaves in its checkpoint (<see cref="CliDied"/>).
/// </summary>
/// <param name="timeoutSeconds">Every resource's <c>customTimeouts</c>, passed on Create, Update and Delete as the
/// engine does (0 = not set).</param>
public sealed class EngineStack(ProviderClient client, double timeoutSeconds = 0)
{
    private readonly Dictionary<string, (string Type, ResourceState State)> _state = new(StringComparer.Ordinal);
    private readonly HashSet<string> _creating = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pendingCreates = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private bool _frozen;

    /// <summary>Raised with a resource's name the moment its Delete returned success, before the run goes on: what
    /// the engine reports as removed (a campaign checks the remote really is gone at that instant).</summary>
    public event Action<string, ResourceState>? Deleted;

    /// <summary>The same stack state, driven through another plugin process: the engine's next run after the plugin
    /// it used died.</summary>
    public EngineStack With(ProviderClient restarted)
    {
        var next = new EngineStack(restarted, timeoutSeconds);
        lock (_gate)
        {
            foreach (var (name, resource) in _state) next._state[name] = resource;
            next._pendingCreates.UnionWith(_pendingCreates);
        }
        return next;
    }

    /// <summary>
    /// The CLI dies now (kill -9 of <c>pulumi</c> itself): its checkpoint stays as it is — nothing more is recorded,
    /// whatever the calls in flight return — and every create in flight stays a pending operation with no id
    /// (protocol spec, Corrections 2026-12-05). Until a refresh clears them, <c>up</c> and <c>destroy</c> refuse to
    /// run, as the CLI does ("the current deployment has pending operations").
    /// </summary>
    public void CliDied()
    {
        lock (_gate)
        {
            _frozen = true;
            _pendingCreates.UnionWith(_creating);
        }
    }

    /// <summary><c>pulumi state delete</c>: the user gives up on these resources; the engine forgets them.</summary>
    public void StateDelete(IEnumerable<string> names)
    {
        lock (_gate)
            foreach (var name in names)
            {
                _state.Remove(name);
                _pendingCreates.Remove(name);
            }
    }

    /// <summary>Creates in flight now (by resource name): sent to the plugin, not yet returned.</summary>
    public IReadOnlyCollection<string> Creating
    {
        get { lock (_gate) return _creating.ToList(); }
    }

    /// <summary>Creates a dead CLI left pending (by resource name).</summary>
    public IReadOnlyCollection<string> PendingCreates
    {
        get { lock (_gate) return _pendingCreates.ToList(); }
    }

    /// <summary>The resources in state, by name.</summary>
    public IReadOnlyDictionary<string, ResourceState> Resources
    {
        get { lock (_gate) return _state.ToDictionary(kv => kv.Key, kv => kv.Value.State); }
    }

    /// <summary>One <c>pulumi up</c>: every declared resource is created or brought up to date (concurrently, like
    /// the engine with no dependencies between them); resources no longer declared are deleted. Returns one outcome
    /// per resource; failures are reported, not thrown, so a caller sees all of them.</summary>
    public async Task<IReadOnlyList<StepOutcome>> UpAsync(IEnumerable<Declared> program, Action<string, string>? onStep = null)
    {
        var declared = program.ToList();
        if (PendingRefusal() is { } refused) return refused;
        var steps = declared.Select(d => Guard(d.Name, () => ApplyAsync(d, onStep))).ToList();
        var dropped = Resources.Keys.Except(declared.Select(d => d.Name)).ToList();
        steps.AddRange(dropped.Select(name => Guard(name, async () => { await DeleteAsync(name); return "deleted"; })));
        return await Task.WhenAll(steps);
    }

    /// <summary><c>pulumi refresh</c>: reads every resource; one read as gone is removed from state. Pending creates
    /// are cleared as <c>--clear-pending-creates</c> does (the provider is not asked: the engine has no id for them).</summary>
    public async Task<IReadOnlyList<StepOutcome>> RefreshAsync()
    {
        List<StepOutcome> cleared;
        lock (_gate)
        {
            cleared = _pendingCreates.Select(name => new StepOutcome(name, true, "pending create cleared")).ToList();
            _pendingCreates.Clear();
        }
        var reads = Resources.Select(r => Guard(r.Key, async () =>
        {
            var type = TypeOf(r.Key);
            var read = await client.ReadAsync(r.Value.Id, Urns.For(type, r.Key), r.Value.Outputs, r.Value.Inputs);
            lock (_gate)
            {
                if (_frozen) return "not recorded: the CLI died";
                if (read.Id.Length == 0)
                {
                    _state.Remove(r.Key);
                    return "gone: removed from state";
                }
                var outputs = PropertyStruct.ToMap(read.Properties);
                var inputs = read.Inputs is null ? r.Value.Inputs : PropertyStruct.ToMap(read.Inputs);
                _state[r.Key] = (type, new ResourceState(read.Id, outputs, inputs));
                return outputs.Equals(r.Value.Outputs) ? "unchanged" : "outputs changed";
            }
        }));
        return [.. cleared, .. await Task.WhenAll(reads)];
    }

    /// <summary><c>pulumi preview</c>: what an <c>up</c> of <paramref name="program"/> would change, calling only
    /// Check and Diff. An empty answer is what <c>--expect-no-changes</c> wants.</summary>
    public async Task<IReadOnlyList<string>> PreviewChangesAsync(IEnumerable<Declared> program)
    {
        var declared = program.ToList();
        var changes = new List<string>();
        var state = Resources;
        foreach (var resource in declared)
        {
            if (!state.TryGetValue(resource.Name, out var current))
            {
                changes.Add($"+ {resource.Name}: create");
                continue;
            }
            var check = await client.CheckAsync(Urns.For(resource.Type, resource.Name), current.Inputs, resource.Inputs);
            var diff = await client.DiffAsync(current.Id, Urns.For(resource.Type, resource.Name), current.Outputs, current.Inputs, PropertyStruct.ToMap(check.Inputs));
            if (diff.Changes == DiffResponse.Types.DiffChanges.DiffSome)
                changes.Add($"~ {resource.Name}: {(diff.Replaces.Count > 0 ? "replace" : "update")} ({Changed(diff)})");
        }
        changes.AddRange(state.Keys.Except(declared.Select(d => d.Name)).Select(name => $"- {name}: delete"));
        return changes;
    }

    /// <summary><c>pulumi destroy</c>: deletes every resource, concurrently.</summary>
    public async Task<IReadOnlyList<StepOutcome>> DestroyAsync() => PendingRefusal()
        ?? await Task.WhenAll(Resources.Keys.Select(name => Guard(name, async () => { await DeleteAsync(name); return "deleted"; })));

    private IReadOnlyList<StepOutcome>? PendingRefusal()
    {
        var pending = PendingCreates;
        return pending.Count == 0 ? null
            : pending.Select(name => new StepOutcome(name, false, $"the current deployment has {pending.Count} resource(s) with pending operations: {name} was interrupted while creating; run `pulumi refresh` to clear them")).ToList();
    }

    private async Task<string> ApplyAsync(Declared resource, Action<string, string>? onStep)
    {
        var urn = Urns.For(resource.Type, resource.Name);
        ResourceState? current;
        lock (_gate) current = _state.TryGetValue(resource.Name, out var entry) ? entry.State : null;
        if (current is null)
        {
            var check = await CheckOrThrowAsync(urn, PropertyMap.Empty, resource.Inputs);
            var inputs = PropertyStruct.ToMap(check.Inputs);
            await client.CreateAsync(urn, inputs, preview: true);
            onStep?.Invoke(resource.Name, "creating");
            lock (_gate) _creating.Add(resource.Name);
            try
            {
                var created = await Recording(resource, inputs, () => client.CreateAsync(urn, inputs, preview: false, timeoutSeconds));
                Record(resource, new ResourceState(created.Id, PropertyStruct.ToMap(created.Properties), inputs));
                return $"created ({created.Id})";
            }
            finally
            {
                lock (_gate) _creating.Remove(resource.Name);
            }
        }

        var lifecycle = new Lifecycle(client, resource.Type, resource.Name, timeoutSeconds);
        lifecycle.OldDeleted += () =>
        {
            Forget(resource.Name);
            Deleted?.Invoke(resource.Name, current);
        };
        onStep?.Invoke(resource.Name, "updating");
        var (step, after) = await Recording(resource, resource.Inputs, () => lifecycle.UpdateAsync(current, resource.Inputs));
        Record(resource, after);
        return step.Replace is not null ? $"replaced ({after.Id}): {Changed(step.Diff)}"
            : step.Update is not null ? $"updated in place: {Changed(step.Diff)}"
            : "unchanged";
    }

    /// <summary>What a Diff answer says changed, as <c>pulumi preview</c> lists it: the detailed diff's property paths
    /// (e.g. <c>obConfigs.memory_limit</c>) when it has one, those forcing a replace marked, else the top-level names.</summary>
    private static string Changed(DiffResponse diff) => string.Join(", ", diff.HasDetailedDiff && diff.DetailedDiff.Count > 0
        ? diff.DetailedDiff.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => Lifecycle.IsReplace(d.Value) ? $"{d.Key} [replace]" : d.Key)
        : diff.Diffs);

    private async Task DeleteAsync(string name)
    {
        (string Type, ResourceState State) entry;
        lock (_gate) entry = _state[name];
        var (type, state) = entry;
        await client.DeleteAsync(state.Id, Urns.For(type, name), state.Outputs, state.Inputs, timeoutSeconds);
        Forget(name);
        Deleted?.Invoke(name, state);
    }

    private void Forget(string name)
    {
        lock (_gate)
            if (!_frozen) _state.Remove(name);
    }

    /// <summary>Runs a create or update; when it fails with ErrorResourceInitFailed, keeps the state it reports,
    /// as the engine does, before passing the failure on.</summary>
    private async Task<T> Recording<T>(Declared resource, PropertyMap inputs, Func<Task<T>> step)
    {
        try
        {
            return await step();
        }
        catch (RpcException e) when (InitFailed(e) is { } partial)
        {
            Record(resource, new ResourceState(partial.Id, PropertyStruct.ToMap(partial.Properties),
                partial.Inputs is null ? inputs : PropertyStruct.ToMap(partial.Inputs)));
            throw;
        }
    }

    private void Record(Declared resource, ResourceState state)
    {
        lock (_gate)
            if (!_frozen) _state[resource.Name] = (resource.Type, state);
    }

    private string TypeOf(string name)
    {
        lock (_gate) return _state[name].Type;
    }

    private async Task<CheckResponse> CheckOrThrowAsync(string urn, PropertyMap olds, PropertyMap news)
    {
        var check = await client.CheckAsync(urn, olds, news);
        if (check.Failures.Count > 0)
            throw new LifecycleCheckFailedException("up", check.Failures.Select(f => $"{f.Property}: {f.Reason}").ToList());
        return check;
    }

    /// <summary>The ErrorResourceInitFailed detail of a failed call, if it carries one.</summary>
    public static ErrorResourceInitFailed? InitFailed(RpcException error)
    {
        var trailer = error.Trailers.GetValueBytes("grpc-status-details-bin");
        if (trailer is null) return null;
        var status = Google.Rpc.Status.Parser.ParseFrom(ByteString.CopyFrom(trailer));
        return status.Details.FirstOrDefault(d => d.Is(ErrorResourceInitFailed.Descriptor))?.Unpack<ErrorResourceInitFailed>();
    }

    private static async Task<StepOutcome> Guard(string name, Func<Task<string>> step)
    {
        try
        {
            return new StepOutcome(name, true, await step());
        }
        catch (RpcException e)
        {
            return new StepOutcome(name, false, $"{e.StatusCode}: {e.Status.Detail}");
        }
        catch (LifecycleCheckFailedException e)
        {
            return new StepOutcome(name, false, e.Message);
        }
    }
}

/// <summary>What one resource's step in a run came to.</summary>
public sealed record StepOutcome(string Name, bool Succeeded, string Detail);
