using System.Globalization;
using ClusterScale.Provider.Journal;
using ClusterScale.Provider.Obshell.Cluster;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Obshell;

/// <summary>What an interrupted add of this node had reached: its scale_out was sent (when, on the receiving agent's
/// clock), and the DAG it started when known.</summary>
public sealed record InterruptedScaleOut(string? DagId, ScaleOutSend Send);

/// <summary>
/// One ObserverNode's entry in the <see cref="OperationJournal"/> while it is being added. No DAG field names the node a
/// scale-out adds (spec §5), and the target agent turns SCALING OUT only at the DAG's second node, so once a plugin is
/// killed after sending scale_out, the engine's state (none, for a create) cannot tell the next run that the scale-out
/// DAG it finds, perhaps FAILED and holding the cluster lock (§6), is this node's own. The entry is written before
/// scale_out is sent, with the send window on the agent's clock (<see cref="ScaleOutSend"/>: what ties a DAG to the
/// send when its id never arrived), holds the DAG id once the agent answers, and is removed once the engine holds a
/// state that says as much (<see cref="ObserverNode"/>), or once it can no longer match any DAG.
/// </summary>
public sealed class ScaleOutJournal(OperationJournal journal, string urn, string nodeId)
{
    private const string DagIdKey = "dagId";
    private const string SentKey = "scaleOutSent";
    private const string SentFromKey = "sentFrom";
    private const string SentUntilKey = "sentUntil";

    /// <summary>A create of this node never needs an engine state to be based on: it starts from none.</summary>
    private static readonly PropertyMap NoState = PropertyMap.Empty;

    /// <summary>An add of this node that a killed plugin left unfinished, or null.</summary>
    public InterruptedScaleOut? Interrupted() => journal.Read(urn, nodeId) is { } entry ? FromRecord(entry.Record) : null;

    /// <summary>Before scale_out is sent (a failure to write refuses the send).</summary>
    public void Sending(ScaleOutSend send) => Write(SentRecord(send));

    /// <summary>The DAG that adds this node: ours to resume whatever its state. The send window stays with it.</summary>
    public void Started(string dagId, ScaleOutSend? send) =>
        Write((send is null ? PropertyMap.Empty : SentRecord(send)).With(DagIdKey, PropertyValue.From(dagId)));

    /// <summary>The engine holds what the entry said, or the entry can no longer match any DAG.</summary>
    public void Remove() => journal.Remove(urn, nodeId);

    public static InterruptedScaleOut FromRecord(PropertyMap record) => new(
        Text(record, DagIdKey),
        Time(record, SentFromKey) is { } from && Time(record, SentUntilKey) is { } until ? new ScaleOutSend(from, until) : ScaleOutSend.Unknown);

    private static PropertyMap SentRecord(ScaleOutSend send) => PropertyMap.Empty
        .With(SentKey, PropertyValue.From(true))
        .With(SentFromKey, PropertyValue.From(send.From.ToString("O", CultureInfo.InvariantCulture)))
        .With(SentUntilKey, PropertyValue.From(send.Until.ToString("O", CultureInfo.InvariantCulture)));

    private static string? Text(PropertyMap record, string key) =>
        record.Get(key) is { Kind: PropertyKind.String } value && value.StringValue.Length > 0 ? value.StringValue : null;

    private static DateTimeOffset? Time(PropertyMap record, string key) =>
        Text(record, key) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time) ? time : null;

    private void Write(PropertyMap record) => journal.Write(urn, nodeId, new JournalEntry(NoState, record));
}
