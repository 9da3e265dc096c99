using ClusterScale.Provider.Journal;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Obshell;

/// <summary>What an interrupted add of this node had reached: its scale_out was sent, and the DAG it started when known.</summary>
public sealed record InterruptedScaleOut(string? DagId);

/// <summary>
/// One ObserverNode's entry in the <see cref="OperationJournal"/> while it is being added. No DAG field names the node a
/// scale-out adds (spec §5), and the target agent turns SCALING OUT only at the DAG's second node, so once a plugin is
/// killed after sending scale_out, the engine's state (none, for a create) cannot tell the next run that the scale-out
/// DAG it finds, perhaps FAILED and holding the cluster lock (§6), is this node's own. The entry is written before
/// scale_out is sent, holds the DAG id once the agent answers, and is removed when the operation returns (the engine
/// then holds a state that says the same).
/// </summary>
public sealed class ScaleOutJournal(OperationJournal journal, string urn, string nodeId)
{
    private const string DagIdKey = "dagId";
    private const string SentKey = "scaleOutSent";

    /// <summary>A create of this node never needs an engine state to be based on: it starts from none.</summary>
    private static readonly PropertyMap NoState = PropertyMap.Empty;

    /// <summary>An add of this node that a killed plugin left unfinished, or null.</summary>
    public InterruptedScaleOut? Interrupted() => journal.Read(urn, nodeId) is { } entry
        ? new InterruptedScaleOut(entry.Record.Get(DagIdKey) is { Kind: PropertyKind.String } dag ? dag.StringValue : null)
        : null;

    /// <summary>Before scale_out is sent (a failure to write refuses the send).</summary>
    public void Sending() => Write(PropertyMap.Empty.With(SentKey, PropertyValue.From(true)));

    /// <summary>The DAG that adds this node: ours to resume whatever its state.</summary>
    public void Started(string dagId) => Write(PropertyMap.Empty.With(DagIdKey, PropertyValue.From(dagId)));

    /// <summary>The operation returned: the engine now holds what the entry said.</summary>
    public void Remove() => journal.Remove(urn, nodeId);

    private void Write(PropertyMap record) => journal.Write(urn, nodeId, new JournalEntry(NoState, record));
}
