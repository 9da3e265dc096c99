using ClusterScale.Provider.Journal;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Obshell;

/// <summary>
/// The scale-in DAGs one ObserverNode's destroys were given, in the <see cref="OperationJournal"/> (its own entry, next
/// to <see cref="ScaleOutJournal"/>'s). A scale-in that FAILED before its agent turned SCALING IN and before any log
/// names the node (e.g. at stage 2 "Set agent to 'SCALING IN'") carries nothing else that says whose it is (spec §5,
/// §7), and it holds the cluster lock (§6): without its id, a destroy after a kill, a timeout or a Ctrl-C would take it
/// for another's and wait for an operator for ever. Recorded once the agent accepted (never throws: the DAG is under
/// way whatever the disk does), and removed once the node is proven gone with no DAG of ours left unfinished.
/// </summary>
public sealed class ScaleInJournal(OperationJournal journal, string urn, string nodeId)
{
    private const string DagIdsKey = "scaleInDagIds";

    /// <summary>Its own entry: the scale-out entry of the same node keeps its meaning (an add in flight).</summary>
    private readonly string _entryId = nodeId + " scale-in";

    public IReadOnlyList<string> Recorded() =>
        journal.Read(urn, _entryId)?.Record.Get(DagIdsKey) is { Kind: PropertyKind.Array } ids
            ? ids.ArrayValue.Where(v => v.Kind == PropertyKind.String).Select(v => v.StringValue).ToList()
            : [];

    /// <summary>After the agent accepted: all the ids this node's destroys were given, so far.</summary>
    public bool Started(IEnumerable<string> dagIds, out string problem) => journal.TryRecord(urn, _entryId,
        new JournalEntry(PropertyMap.Empty, PropertyMap.Empty.With(DagIdsKey, PropertyValue.From(dagIds.Select(PropertyValue.From).ToList()))), out problem);

    public void Remove() => journal.Remove(urn, _entryId);
}
