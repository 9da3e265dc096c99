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
}
