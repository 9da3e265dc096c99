using ClusterScale.Provider.Journal;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.ModelArts;

/// <summary>What an interrupted run had reached: its bookkeeping and the flavor the supernode is at or moving to.</summary>
internal sealed record ScaleProgress(SupernodeScaleState State, string Flavor);

/// <summary>
/// One SupernodeScale's entry in the <see cref="OperationJournal"/>. Live-scale-up answers with no operation id and
/// ModelArts offers no tags, so once a scale-up is accepted the only record of which servers existed before it is
/// this resource's bookkeeping; the entry keeps that bookkeeping on disk from before each request is sent until the
/// engine holds a newer state, so a kill -9 during a create no longer leaves servers nobody owns.
/// </summary>
internal sealed class ScaleJournal(OperationJournal journal, string urn, string supernodeId, SupernodeScaleState engineState)
{
    private const string FlavorKey = "flavor";
    private const string ReturnedKey = "returnedToEngine";

    /// <summary>The state a create starts from: an entry based on it belongs to a create.</summary>
    private static readonly PropertyMap NoState = SupernodeScaleState.Empty.Bookkeeping();

    private readonly PropertyMap _basis = engineState.Bookkeeping();

    /// <summary>
    /// The progress of a run that died before the engine recorded it, when the engine still holds the state that run
    /// started from. An entry based on any other state is stale (the engine recorded the result, or the stack moved on
    /// elsewhere) and is removed here.
    /// </summary>
    public ScaleProgress? Unreported()
    {
        var entry = journal.Read(urn, supernodeId);
        if (entry is null) return null;
        if (!entry.BasedOn.Equals(_basis))
        {
            journal.Remove(urn, supernodeId);
            return null;
        }
        var state = SupernodeScaleState.FromOutputs(entry.Record);
        return !state.Bookkeeping().Equals(_basis) && entry.Record.Get(FlavorKey) is { Kind: PropertyKind.String } flavor
            ? new ScaleProgress(state, flavor.StringValue)
            : null;
    }

    /// <summary>Records <paramref name="state"/> (a state no newer than the engine's needs no entry).</summary>
    public void Record(SupernodeScaleState state, string flavor)
    {
        var bookkeeping = state.Bookkeeping();
        if (bookkeeping.Equals(_basis)) journal.Remove(urn, supernodeId);
        else journal.Write(urn, supernodeId, new JournalEntry(_basis, bookkeeping.With(FlavorKey, PropertyValue.From(flavor))));
    }

    /// <summary>Records <paramref name="state"/> after ModelArts may have acted: never throws (the change is under way
    /// and must be reported whatever the disk does); returns why it could not be recorded, or null.</summary>
    public string? RecordAccepted(SupernodeScaleState state, string flavor)
    {
        var bookkeeping = state.Bookkeeping();
        if (bookkeeping.Equals(_basis))
        {
            journal.Remove(urn, supernodeId);
            return null;
        }
        return journal.TryRecord(urn, supernodeId, new JournalEntry(_basis, bookkeeping.With(FlavorKey, PropertyValue.From(flavor))), out var problem) ? null : problem;
    }

    /// <summary>After a delete: the resource is gone, and so is anything an earlier run had left to report.</summary>
    public void Remove() => journal.Remove(urn, supernodeId);

    /// <summary>
    /// Create returned its outcome (a result or partial state) to the engine: the entry stays until the engine is seen
    /// to hold it (<see cref="Unreported"/>), but it is no longer a create "Pulumi never recorded". Best effort: a
    /// journal that cannot be read or written here costs at most one needless warning in a later run.
    /// </summary>
    public void ReturnedToEngine()
    {
        try
        {
            if (journal.Read(urn, supernodeId) is { } entry && entry.BasedOn.Equals(_basis))
                journal.TryRecord(urn, supernodeId, entry with { Record = entry.Record.With(ReturnedKey, PropertyValue.From(true)) }, out _);
        }
        catch (OperationFailedException)
        {
            // Unreadable: the resource's own next operation meets it in Unreported and stops there.
        }
    }

    /// <summary>
    /// Creates of SupernodeScales on <paramref name="supernodeId"/>, or of the stack <paramref name="urn"/> belongs to on
    /// any supernode, that a killed plugin left on this machine, which the engine never recorded (a create is recorded
    /// only when it returns, spec pulumi-provider-protocol "Corrections on 2026-12-05"): entries based on no state,
    /// that record something sent and were never returned, except those of <paramref name="exceptUrns"/> (this run's
    /// own operations). Any supernode of the stack: a user who dropped that resource from the program has no run
    /// touch its supernode again (open-world campaign seed 1874617347 round 6), and this stack's runs are the only
    /// ones that can tell them.
    /// </summary>
    public static IReadOnlyList<LeftScale> LeftBehind(OperationJournal journal, string supernodeId, string urn, IReadOnlySet<string> exceptUrns) =>
        journal.List()
            .Where(e => (e.Id == supernodeId || StackOf(urn) is { } stack && e.Urn.StartsWith(stack, StringComparison.Ordinal))
                && e.Urn.Contains(SupernodeScaleSchema.Token, StringComparison.Ordinal) && !exceptUrns.Contains(e.Urn))
            .Where(e => e.Entry.BasedOn.Equals(NoState) && e.Entry.Record.Get(ReturnedKey).IsNull)
            .Select(e => new LeftScale(e.Urn, e.Id, e.WrittenAt, SupernodeScaleState.FromOutputs(e.Entry.Record), journal.EntryPath(e.Urn, e.Id)))
            .Where(left => !left.State.Bookkeeping().Equals(NoState))
            .ToList();

    /// <summary>The stack and project part of a URN (<c>urn:pulumi:&lt;stack&gt;::&lt;project&gt;::</c>), or null when it
    /// has none.</summary>
    private static string? StackOf(string urn)
    {
        var stack = urn.IndexOf("::", StringComparison.Ordinal);
        var project = stack < 0 ? -1 : urn.IndexOf("::", stack + 2, StringComparison.Ordinal);
        return project < 0 ? null : urn[..(project + 2)];
    }
}

/// <summary>A create a killed plugin left (<see cref="ScaleJournal.LeftBehind"/>): whose, since when, what it had reached.</summary>
internal sealed record LeftScale(string Urn, string SupernodeId, DateTimeOffset Since, SupernodeScaleState State, string EntryPath)
{
    /// <summary>The servers the entry proves the create added (its recorded steps).</summary>
    public IReadOnlyList<string> Added => State.StepServerIds.Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>The id that imports this create's servers (<see cref="SupernodeScaleImport"/>). While a scale-up was
    /// still pending its new servers were not yet known: they are the supernode's servers not in its before-set,
    /// which the id names as a placeholder for the user to fill in.</summary>
    public string ImportId => State.Pending is { Operation: PendingScale.ScaleUp }
        ? $"{SupernodeId}:{string.Join("", Added.Select(id => id + ","))}<the ids of supernode {SupernodeId}'s servers not in [{string.Join(", ", State.Pending.ServerIds)}]>"
        : $"{SupernodeId}:{string.Join(",", Added)}";

    /// <summary>What the entry knows, in words.</summary>
    public string Known => (Added.Count > 0 ? $"servers added: {string.Join(", ", Added)}" : "no server recorded as added yet") + State.Pending switch
    {
        { Operation: PendingScale.ScaleUp } up => $"; a live-scale-up to {up.Flavor} was under way, the supernode's servers before it: {string.Join(", ", up.ServerIds)}",
        { } down => $"; a live-scale-down to {down.Flavor} was removing {string.Join(", ", down.ServerIds)}",
        null => "",
    };
}
