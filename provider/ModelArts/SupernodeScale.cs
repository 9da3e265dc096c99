using ClusterScale.Provider.Deadlines;
using System.Net;
using ClusterScale.Provider.Journal;
using ClusterScale.Provider.ModelArts.Api;
using ClusterScale.Provider.ModelArts.Ownership;
using ClusterScale.Provider.Protocol;
using ClusterScale.Provider.Waiting;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Provider.ModelArts;

/// <summary>
/// <c>clusterscale:modelarts:SupernodeScale</c>: capacity added to a ModelArts Lite Server supernode. The id is the
/// supernode id. Create scales up to <c>flavor</c>; Update scales up again or back down to a flavor it scaled
/// through; Delete removes exactly the servers it added. Which servers it added is recorded per step
/// (<c>scaleSteps</c>), so it never removes a server it did not add and never adds servers twice.
/// imageId, keyPairName, rootVolume, dataVolume and userdata only shape servers added later: changing them is an
/// in-place update that is recorded (and shown in the plan) and used by the next scale-up, never applied to
/// existing servers. The bookkeeping is also kept in the <see cref="OperationJournal"/> until the engine has it (see
/// <see cref="ScaleJournal"/>), so a plugin killed mid-operation loses nothing.
/// </summary>
public sealed class SupernodeScale(ModelArtsConnection connection, OperationJournal operationJournal) : IResource
{
    /// <summary>UNCONFIRMED: nothing documents how long a scale-up takes; Terraform's devserver create waits 60 min.</summary>
    public static readonly TimeSpan DefaultScaleTimeout = TimeSpan.FromMinutes(60);

    /// <summary>Terraform's devserver delete waits 30 min.</summary>
    public static readonly TimeSpan DefaultDeleteTimeout = TimeSpan.FromMinutes(30);

    private static readonly string[] ComputedOutputs =
        [SupernodeScaleState.AddedKey, SupernodeScaleState.StepsKey, SupernodeScaleState.ServersKey, SupernodeScaleState.StatusKey];

    public string Token => SupernodeScaleSchema.Token;
    public JObject Schema => SupernodeScaleSchema.Resource;

    /// <summary>The URNs this plugin process (one Pulumi run) has operated on: their journal entries are its own, never
    /// left behind by a killed run.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _ownUrns = new(StringComparer.Ordinal);

    /// <summary>The left-behind creates this run has already warned about (URN and supernode id), each once.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Urn, string SupernodeId), bool> _reported = new();

    /// <summary>What Check may spend reading ModelArts (the engine gives Check no timeout): its two reads (the scale
    /// options and the supernode) answer in well under a second when ModelArts is healthy, and a preview must not hang
    /// on a hung API. Check's reads are advisory: when they run out, the checks are left to the operation.</summary>
    public static readonly TimeSpan PreviewReadBudget = TimeSpan.FromSeconds(30);

    public async Task<CheckResult> CheckAsync(CheckInput request, CancellationToken cancellation)
    {
        var inputs = InputsOf(request.News);
        var failures = SupernodeScaleArgs.Validate(request.News).ToList();
        // The scale options are read only when the target changes: an unchanged flavor needs no scale-up.
        if (failures.Count == 0 && !inputs.Values.Any(v => v.ContainsUnknowns) && connection.Optional is { } api
            && (Changed(request, SupernodeScaleArgs.FlavorKey) || Changed(request, SupernodeScaleArgs.SupernodeIdKey)))
        {
            var args = SupernodeScaleArgs.From(inputs);
            using var deadline = OperationDeadline.Start(connection.Time, PreviewReadBudget, PreviewReadBudget, cancellation);
            try
            {
                failures.AddRange(await FlavorCheck.CheckAsync(api, args, creating: request.Olds.Count == 0, deadline.Token));
                if (failures.Count == 0) failures.AddRange(await PrepaidCheckAsync(api, args.SupernodeId, deadline.Token));
            }
            catch (OperationCanceledException e) when (deadline.Explains(e))
            {
                // Advisory, like a read that fails: the scale-up re-reads the supernode (charging mode, §3) within its
                // own deadline, and ModelArts refuses a flavor it does not offer.
            }
        }
        return new CheckResult(inputs, failures);
    }

    /// <summary>Check may read: a supernode that is not pay-per-use fails Check naming supernodeId (see <see cref="Prepaid"/>).
    /// Advisory like the flavor check: a read that fails is left to the operation.</summary>
    private async Task<IEnumerable<CheckFailure>> PrepaidCheckAsync(Api.IModelArtsApi api, string supernodeId, CancellationToken cancellation)
    {
        try
        {
            return await Scaler(supernodeId).FindAsync(cancellation) is { } supernode && Prepaid.Refusal(supernode) is { } reason
                ? [new CheckFailure(SupernodeScaleArgs.SupernodeIdKey, reason)] : [];
        }
        catch (Exception e) when (e is ModelArtsApiException || SupernodeScaler.IsTransient(e, cancellation))
        {
            return [];
        }
    }

    private static bool Changed(CheckInput request, string key) =>
        !request.News.Get(key).Unwrapped().Equals(request.Olds.Get(key).Unwrapped());

    public Task<DiffResult> DiffAsync(DiffInput request, CancellationToken cancellation)
    {
        var changes = new Dictionary<string, DiffKind>();
        var oldInputs = OldInputs(request.OldInputs, request.OldOutputs);
        foreach (var key in SupernodeScaleArgs.Keys.Where(k => !request.IgnoreChanges.Contains(k)))
        {
            var (old, @new) = (oldInputs.Get(key).Unwrapped(), request.News.Get(key).Unwrapped());
            if (old.Equals(@new) && !@new.ContainsUnknowns) continue;
            var replace = key == SupernodeScaleArgs.SupernodeIdKey;
            changes[key] = (old.IsNull, @new.IsNull) switch
            {
                (true, _) => replace ? DiffKind.AddReplace : DiffKind.Add,
                (_, true) => replace ? DiffKind.DeleteReplace : DiffKind.Delete,
                _ => replace ? DiffKind.UpdateReplace : DiffKind.Update,
            };
        }
        // Drift and unfinished work are changes too: servers this resource added that vanished (a refresh dropped
        // them from addedServerIds) are restored by scaling up again, and an interrupted operation (in the state, or
        // in the journal when the plugin died before returning it) is resumed.
        var state = SupernodeScaleState.FromOutputs(request.OldOutputs);
        var interrupted = Journal(request.Urn, request.Id, state).Unreported();
        var stillAdded = request.OldOutputs.Get(SupernodeScaleState.AddedKey).Unwrapped() is { Kind: PropertyKind.Array } a
            ? a.ArrayValue.Select(v => v.ToString()).ToHashSet() : [];
        if (state.StepServerIds.Any(id => !stillAdded.Contains(id))) changes[SupernodeScaleState.AddedKey] = DiffKind.Update;
        if (state.Pending is not null || interrupted is not null) changes[SupernodeScaleState.StepsKey] = DiffKind.Update;
        return Task.FromResult(new DiffResult(changes.Count > 0, changes));
    }

    public async Task<CreateResult> CreateAsync(CreateInput request, OperationContext operation)
    {
        var inputs = InputsOf(request.Properties);
        var supernodeId = inputs.Get(SupernodeScaleArgs.SupernodeIdKey) is { Kind: PropertyKind.String } s ? s.StringValue : "";
        await ReportLeftBehindOnceAsync(request.Urn, supernodeId, operation);
        if (request.Preview) return new CreateResult(supernodeId, WithComputedOutputs(inputs));
        var args = SupernodeScaleArgs.From(inputs);
        var journal = Journal(request.Urn, args.SupernodeId, SupernodeScaleState.Empty);
        using var deadline = OperationDeadline.Start(operation.Time, request.Timeout, DefaultScaleTimeout, operation.Cancellation);
        var run = new ScaleRun(Scaler(args.SupernodeId), args, inputs, deadline, operation, journal);
        try
        {
            await run.CreateAsync();
        }
        catch (ResourceInitFailedException)
        {
            journal.ReturnedToEngine();
            throw;
        }
        journal.ReturnedToEngine();
        return new CreateResult(args.SupernodeId, run.Outputs);
    }

    public async Task<PropertyMap> UpdateAsync(UpdateInput request, OperationContext operation)
    {
        await ReportLeftBehindOnceAsync(request.Urn, request.Id, operation);
        var inputs = InputsOf(request.News);
        var state = SupernodeScaleState.FromOutputs(request.OldOutputs);
        var journal = Journal(request.Urn, request.Id, state);
        var oldInputs = OldInputs(request.OldInputs, request.OldOutputs);
        if (request.Preview)
        {
            var oldFlavor = oldInputs.Get(SupernodeScaleArgs.FlavorKey);
            var settled = state.Pending is null && journal.Unreported() is null && oldFlavor.Equals(inputs.Get(SupernodeScaleArgs.FlavorKey));
            return settled ? OutputsWithInputs(request.OldOutputs, inputs) : WithComputedOutputs(inputs);
        }
        var args = SupernodeScaleArgs.From(inputs);
        using var deadline = OperationDeadline.Start(operation.Time, request.Timeout, DefaultScaleTimeout, operation.Cancellation);
        var run = new ScaleRun(Scaler(request.Id), args, inputs, deadline, operation, journal);
        var current = oldInputs.Get(SupernodeScaleArgs.FlavorKey) is { Kind: PropertyKind.String } f ? f.StringValue : null;
        await run.UpdateAsync(state, current);
        return run.Outputs;
    }

    public Task DeleteAsync(DeleteInput request, OperationContext operation) => CleanApiErrors(request.Id, async () =>
    {
        await ReportLeftBehindOnceAsync(request.Urn, request.Id, operation);
        var scaler = Scaler(request.Id);
        var engineState = SupernodeScaleState.FromOutputs(request.Outputs);
        var journal = Journal(request.Urn, request.Id, engineState);
        var state = journal.Unreported()?.State ?? engineState;
        using var deadline = OperationDeadline.Start(operation.Time, request.Timeout, DefaultDeleteTimeout, operation.Cancellation);
        var supernode = await scaler.FindAsync(deadline.Token);
        if (supernode is null || SupernodeSettling.IsGoingAway(supernode)) return Deleted(journal);
        // ModelArts scales only a steady supernode: an interrupted scale-up still running must settle first.
        if (!SupernodeSettling.IsSteady(supernode)) supernode = await scaler.WaitSteadyAsync(deadline, operation);
        // An unfinished scale-up is in flight even with nothing new listed (the 200 is an acceptance snapshot, and
        // servers may arrive one at a time while the supernode stays ACTIVE): every server it adds is this resource's
        // to remove, so all of them are awaited (within the deadline; else the delete fails and the state stays).
        var adopted = SupernodeScaleArgs.AdoptedOf(request.Outputs);
        var pendingUp = state.Pending is { Operation: PendingScale.ScaleUp } up ? up : null;
        if (pendingUp is not null)
            supernode = await scaler.WaitScaleUpSettledAsync(pendingUp.Evidence(adopted, state.StepServerIds), deadline, operation, _ => { });
        var added = state.AddedServerIds(supernode, adopted);
        await NameUnrecordedLeftAsync(supernode, state.StepServerIds.Concat(added), operation);
        if (added.Count == 0) return Deleted(journal);
        // §4: "If the supernode has only one subnode, scale-in is not supported": at least one sub-node stays.
        var remaining = SupernodeSettling.SubNodes(supernode).Count - added.Count;
        if (remaining < 1)
            throw new OperationFailedException($"cannot remove the {added.Count} server(s) this resource added ({string.Join(", ", added)}) from " +
                $"supernode {request.Id}: that would leave {remaining} sub-node(s) and a supernode keeps at least one (ModelArts cannot scale " +
                "in a supernode of one sub-node); delete the supernode itself instead, or `pulumi state delete` this resource");
        // The flavor the supernode returns to: the flavor before this resource's first step is not recorded (the
        // detail has no top-level flavor), so it is the offered flavor whose sub-node count (§6) is what remains;
        // when none is offered, only id and server_ids are sent (see ScaleDownRequestAsync).
        var removal = await scaler.ScaleDownRequestAsync(supernode, added, null, deadline.Token);
        if (pendingUp is not null) RecordDecided(journal, state, pendingUp, added);
        try
        {
            await scaler.StartScaleDownAsync(removal, deadline.Token);
        }
        catch (ScaleRefusedException e)
        {
            throw new OperationFailedException($"ModelArts refused to remove the {added.Count} server(s) this resource added " +
                $"({string.Join(", ", added)}) from supernode {request.Id}: {e.Message}", e);
        }
        await scaler.WaitScaleDownAsync(added.ToHashSet(), deadline, operation, _ => { });
        return Deleted(journal);
    });

    /// <summary>
    /// Before a destroy removes the servers of a pending scale-up, the journal records them as that scale-up's step (the
    /// ownership rule's decision), so the decision outlives a destroy cut short: the engine keeps the pending scale-up,
    /// and deciding its send window again after those servers are gone would take whatever another actor's scale-up
    /// put there since (open-world campaign seed 880896412 round 0: the next `up` took another stack's six servers, and
    /// a later destroy removed them). Written before sending, like every scale request: if it cannot be, nothing is
    /// sent. A run on another machine does not see it (see Known limitations).
    /// </summary>
    private static void RecordDecided(ScaleJournal journal, SupernodeScaleState state, PendingScale scaleUp, IReadOnlyList<string> added)
    {
        var recorded = state.StepServerIds.ToHashSet(StringComparer.Ordinal);
        journal.Record(state.WithStep(new ScaleStep(scaleUp.Flavor, added.Where(id => !recorded.Contains(id)).ToList())), scaleUp.Flavor);
    }

    private static bool Deleted(ScaleJournal journal)
    {
        journal.Remove();
        return true;
    }

    /// <summary>A refresh with no customTimeouts.read is bounded too: one read, so the HTTP client's own 2 minutes.</summary>
    public static readonly TimeSpan DefaultReadTimeout = TimeSpan.FromMinutes(2);

    public async Task<ReadResult?> ReadAsync(ReadInput request, OperationContext operation)
    {
        // An import's id is <supernodeId>:<serverIds> (SupernodeScaleImport).
        await ReportLeftBehindOnceAsync(request.Urn, request.Id.Split(':')[0], operation);
        using var deadline = OperationDeadline.Start(operation.Time, request.Timeout, DefaultReadTimeout, operation.Cancellation);
        try
        {
            return await ReadWithinAsync(request, operation, deadline.Token);
        }
        catch (Exception e) when (deadline.Explains(e) || e is not (ProviderInputException or OperationFailedException) && SupernodeScaler.IsTransient(e, operation.Cancellation))
        {
            // Never a raw exception (gRPC Unknown reads as "state unknown"): a clean failure naming the supernode.
            throw new OperationFailedException(deadline.Explains(e)
                ? $"supernode {request.Id}: the refresh's time limit ({deadline.Budget}) ran out before ModelArts answered; nothing was changed"
                : $"supernode {request.Id}: reading it failed ({e.Message}); nothing was changed", e);
        }
    }

    private Task<ReadResult?> ReadWithinAsync(ReadInput request, OperationContext operation, CancellationToken cancellation) => CleanApiErrors(request.Id, async () =>
    {
        if (request.Properties.Count == 0 && request.Inputs.Count == 0)
            return await SupernodeScaleImport.ReadAsync(request.Id, Scaler, cancellation);
        var supernode = await Scaler(request.Id).FindAsync(cancellation);
        if (supernode is null) return null;
        // A refresh shows what an interrupted run added too (it reports it, without consuming the journal entry:
        // `preview --refresh` does not save what it read).
        var engineState = SupernodeScaleState.FromOutputs(request.Properties);
        var state = Journal(request.Urn, request.Id, engineState).Unreported()?.State ?? engineState;
        if (state.Pending is null && UnrecordedSinceLastStep(supernode, state) is { Count: > 0 } unrecorded)
            await operation.Progress.WarningAsync(ScaleRun.UnrecordedWarning(request.Id, "", unrecorded));
        var outputs = state.ToOutputs(InputsOf(request.Properties), supernode);
        return new ReadResult(request.Id, outputs, request.Inputs);
    });

    /// <summary>
    /// What a refresh names: the servers a scale added that no step of <paramref name="state"/> records, once one of them
    /// was created after its newest step. Pulumi answers an update interrupted by a dead CLI with "refresh", and an
    /// `up` that declares the recorded flavor again reads nothing, so the refresh is where the servers such an update
    /// added are named (open-world campaign seed 1287538979 round 16: they belonged to no resource, named nowhere).
    /// Older ones were named by the scale-up that made that step. The provider cannot tell them from another actor's
    /// later scale-up, so a refresh names those too, each time, until they are adopted or gone. An interrupted
    /// scale-up of this resource (pending) is not asked about: the next `up` resumes it and names what it added.
    /// </summary>
    private static IReadOnlyList<ServerDetail> UnrecordedSinceLastStep(SupernodeDetail supernode, SupernodeScaleState state)
    {
        var steps = state.StepServerIds.ToHashSet(StringComparer.Ordinal);
        var lastStep = supernode.ServerList.Where(s => steps.Contains(s.Id)).Select(s => s.CreateAt ?? long.MinValue).DefaultIfEmpty(long.MinValue).Max();
        var unrecorded = ScaleUpOwnership.Unrecorded(supernode, steps);
        return unrecorded.Any(s => s.CreateAt is not { } at || at > lastStep) ? unrecorded : [];
    }

    /// <summary>
    /// Destroy removes only what this resource's steps record; servers a scale added that no step records are left
    /// alone, and named: a run of this resource killed before Pulumi recorded it (an update whose CLI died, its journal
    /// on another machine) may have added them, and once the resource is gone nothing else would name them (open-world
    /// campaign seed 194119847 round 68: the four servers of such an update belonged to no resource, named nowhere).
    /// </summary>
    private static async Task NameUnrecordedLeftAsync(SupernodeDetail supernode, IEnumerable<string> ours, OperationContext operation)
    {
        var unrecorded = ScaleUpOwnership.Unrecorded(supernode, ours.ToHashSet(StringComparer.Ordinal));
        if (unrecorded.Count > 0)
            await operation.Progress.WarningAsync($"supernode {supernode.Id} also has server(s) a scale added that no step of this resource " +
                $"records: {ScaleUpOwnership.Describe(unrecorded)}; this destroy leaves them alone. If some of them were added for this resource " +
                "by a run that was killed before Pulumi recorded it (on this or another machine), they stay billed: remove them with a " +
                "live-scale-down (or the console) if they are not wanted");
    }

    /// <summary>
    /// Before the first look at a supernode in this run (plugin process): a warning (engine log) for each create of a
    /// SupernodeScale on it, or of this stack on any supernode, that a killed plugin left on this machine and Pulumi
    /// never recorded, naming its URN, what it
    /// had reached, since when, and the commands that recover it with the id to give them. Each once per run; the
    /// entries of this run's own operations are not left behind. The entry itself stays until the engine holds a
    /// resource with its outcome (the next create of that URN continues it) or the user deletes it.
    /// </summary>
    private async Task ReportLeftBehindOnceAsync(string urn, string supernodeId, OperationContext operation)
    {
        _ownUrns.TryAdd(urn, true);
        foreach (var left in ScaleJournal.LeftBehind(operationJournal, supernodeId, urn, _ownUrns.Keys.ToHashSet(StringComparer.Ordinal)))
        {
            if (!_reported.TryAdd((left.Urn, left.SupernodeId), true)) continue;
            await operation.Progress.WarningAsync(
                $"a create of SupernodeScale {left.Urn} on supernode {left.SupernodeId} was interrupted after its scale request was sent " +
                $"(journalled {left.Since:u}) and Pulumi never recorded it: servers it added may be billed and owned by no resource ({left.Known}" +
                $"{await ListedSinceAsync(left, operation)}). " +
                "To recover them: run `pulumi up` with that resource still in the program (it continues the scale and adopts its servers); or " +
                $"`pulumi import {SupernodeScaleSchema.Token} <name> {left.ImportId}`; if `pulumi` itself died and the stack lists a pending create, " +
                $"`pulumi refresh --import-pending-creates {left.Urn} {left.ImportId}`. Recovered another way, or released on purpose: delete {left.EntryPath}");
        }
    }

    /// <summary>
    /// For a left-behind create whose scale-up was still under way: the servers the supernode lists now that it did not
    /// list before that scale-up (its own among them, perhaps another actor's), by id and creation time, so the warning
    /// names every server at stake (open-world campaign seed 1923773213 round 15: the warning named only the servers
    /// before it, and the six it added were named nowhere). Advisory, within Check's read budget: a read that fails
    /// leaves the warning as the journal has it.
    /// </summary>
    private async Task<string> ListedSinceAsync(LeftScale left, OperationContext operation)
    {
        if (left.State.Pending is not { Operation: PendingScale.ScaleUp } up || connection.Optional is null) return "";
        using var deadline = OperationDeadline.Start(connection.Time, PreviewReadBudget, PreviewReadBudget, operation.Cancellation);
        try
        {
            var before = up.ServerIds.ToHashSet(StringComparer.Ordinal);
            var since = (await Scaler(left.SupernodeId).FindAsync(deadline.Token))?.ServerList.Where(s => !before.Contains(s.Id) && s.Status != "DELETED").ToList() ?? [];
            return since.Count == 0 ? "" : $"; listed now and not before it: {ScaleUpOwnership.Describe(since)}";
        }
        catch (Exception e) when (e is ModelArtsApiException || deadline.Explains(e) || SupernodeScaler.IsTransient(e, operation.Cancellation))
        {
            return "";
        }
    }

    /// <summary>An API error in a call that changed nothing (or whose state is unchanged) is a clean failure.</summary>
    private static async Task<T> CleanApiErrors<T>(string supernodeId, Func<Task<T>> call)
    {
        try { return await call(); }
        catch (Exception e) when (e is ModelArtsApiException or ScaleFailedException or OwnershipUnprovenException)
        {
            throw new OperationFailedException(e.Message.Contains(supernodeId, StringComparison.Ordinal) ? e.Message : $"supernode {supernodeId}: {e.Message}", e);
        }
    }

    private SupernodeScaler Scaler(string supernodeId) => new(connection.Required, supernodeId, connection.Schedule, connection.Clock, connection.ScaleDownFirstPoll);

    private ScaleJournal Journal(string urn, string supernodeId, SupernodeScaleState engineState) => new(operationJournal, urn, supernodeId, engineState);

    /// <summary>The old inputs; an engine that sends none (older CLIs leave old_inputs empty) gets them from the old
    /// outputs, which carry every input (<see cref="SupernodeScaleState.ToOutputs"/>).</summary>
    private static PropertyMap OldInputs(PropertyMap oldInputs, PropertyMap oldOutputs) => oldInputs.Count > 0 ? oldInputs : InputsOf(oldOutputs);

    /// <summary>Only the input keys, with userdata wrapped as a secret whether or not the program marked it.</summary>
    internal static PropertyMap InputsOf(PropertyMap properties)
    {
        var inputs = new PropertyMap(properties.Where(p => SupernodeScaleArgs.Keys.Contains(p.Key) && !p.Value.IsNull));
        return inputs.TryGetValue(SupernodeScaleArgs.UserdataKey, out var userdata)
            ? inputs.With(SupernodeScaleArgs.UserdataKey, PropertyValue.Secret(userdata)) : inputs;
    }

    private static PropertyMap WithComputedOutputs(PropertyMap inputs) =>
        ComputedOutputs.Aggregate(inputs, (map, key) => map.With(key, PropertyValue.Computed));

    private static PropertyMap OutputsWithInputs(PropertyMap outputs, PropertyMap inputs) =>
        inputs.Aggregate(SupernodeScaleArgs.Keys.Aggregate(outputs, (map, key) => map.Without(key)), (map, kv) => map.With(kv.Key, kv.Value));
}
