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
/// <param name="clusterEndpoints">The configured endpoints, recorded so that later runs on the same cluster can tell
/// the user about an entry a killed create left (<see cref="LeftBehind"/>).</param>
public sealed class ScaleOutJournal(OperationJournal journal, string urn, string nodeId, IReadOnlyList<string>? clusterEndpoints = null)
{
    private const string DagIdKey = "dagId";
    private const string SentKey = "scaleOutSent";
    private const string SentFromKey = "sentFrom";
    private const string SentUntilKey = "sentUntil";
    private const string EndpointsKey = "endpoints";
    private const string PartialStateKey = "inPartialState";

    /// <summary>A create of this node never needs an engine state to be based on: it starts from none.</summary>
    private static readonly PropertyMap NoState = PropertyMap.Empty;

    /// <summary>An add of this node that a killed plugin left unfinished, or null.</summary>
    public InterruptedScaleOut? Interrupted() => journal.Read(urn, nodeId) is { } entry ? FromRecord(entry.Record) : null;

    /// <summary>Before scale_out is sent (a failure to write refuses the send).</summary>
    public void Sending(ScaleOutSend send) => Write(SentRecord(send));

    /// <summary>The DAG that adds this node: ours to resume whatever its state. The send window stays with it. The
    /// agent accepted already, so this never throws: false (with the reason) when the entry could not be written.</summary>
    public bool Started(string dagId, ScaleOutSend? send, out string problem) =>
        journal.TryRecord(urn, nodeId, Entry((send is null ? PropertyMap.Empty : SentRecord(send)).With(DagIdKey, PropertyValue.From(dagId))), out problem);

    /// <summary>The engine holds partial state for this add (outcome unknown): the entry stays for its send window, but
    /// it is no longer an add "Pulumi never recorded".</summary>
    public void InPartialState()
    {
        if (journal.Read(urn, nodeId) is { } entry)
            journal.TryRecord(urn, nodeId, entry with { Record = entry.Record.With(PartialStateKey, PropertyValue.From(true)) }, out _);
    }

    /// <summary>
    /// Adds of ObserverNodes that a killed plugin left on this machine with no state in the engine (a create is recorded
    /// only when it returns): entries of nodes of the cluster at <paramref name="endpoints"/> (any shared endpoint; an
    /// entry that does not say is included), except those of <paramref name="exceptUrns"/> (this run's own adds) and
    /// those the engine holds partial state for.
    /// </summary>
    public static IReadOnlyList<LeftAdd> LeftBehind(OperationJournal journal, IReadOnlyList<string> endpoints, IReadOnlySet<string> exceptUrns) =>
        journal.List()
            .Where(e => e.Urn.Contains(ObserverNode.TypeToken, StringComparison.Ordinal) && !exceptUrns.Contains(e.Urn))
            .Where(e => e.Entry.Record.Get(SentKey) is { Kind: PropertyKind.Bool, BoolValue: true } && e.Entry.Record.Get(PartialStateKey).IsNull)
            .Where(e => Endpoints(e.Entry.Record) is not { Count: > 0 } recorded || recorded.Intersect(endpoints, StringComparer.OrdinalIgnoreCase).Any())
            .Select(e => new LeftAdd(e.Urn, e.Id, e.WrittenAt, FromRecord(e.Entry.Record)))
            .ToList();

    /// <summary>The engine holds what the entry said, or the entry can no longer match any DAG.</summary>
    public void Remove() => journal.Remove(urn, nodeId);

    public static InterruptedScaleOut FromRecord(PropertyMap record) => new(
        Text(record, DagIdKey),
        Time(record, SentFromKey) is { } from && Time(record, SentUntilKey) is { } until ? new ScaleOutSend(from, until) : ScaleOutSend.Unknown);

    private PropertyMap SentRecord(ScaleOutSend send) => PropertyMap.Empty
        .With(EndpointsKey, PropertyValue.From((clusterEndpoints ?? []).Select(PropertyValue.From).ToList()))
        .With(SentKey, PropertyValue.From(true))
        .With(SentFromKey, PropertyValue.From(send.From.ToString("O", CultureInfo.InvariantCulture)))
        .With(SentUntilKey, PropertyValue.From(send.Until.ToString("O", CultureInfo.InvariantCulture)));

    private static IReadOnlyList<string>? Endpoints(PropertyMap record) => record.Get(EndpointsKey) is { Kind: PropertyKind.Array } list
        ? list.ArrayValue.Where(v => v.Kind == PropertyKind.String).Select(v => v.StringValue).ToList()
        : null;

    private static string? Text(PropertyMap record, string key) =>
        record.Get(key) is { Kind: PropertyKind.String } value && value.StringValue.Length > 0 ? value.StringValue : null;

    private static DateTimeOffset? Time(PropertyMap record, string key) =>
        Text(record, key) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time) ? time : null;

    private void Write(PropertyMap record) => journal.Write(urn, nodeId, Entry(record));

    private static JournalEntry Entry(PropertyMap record) => new(NoState, record);
}

/// <summary>An add a killed plugin left (<see cref="ScaleOutJournal.LeftBehind"/>): which node, since when, how far.</summary>
public sealed record LeftAdd(string Urn, string NodeId, DateTimeOffset Since, InterruptedScaleOut Add);
