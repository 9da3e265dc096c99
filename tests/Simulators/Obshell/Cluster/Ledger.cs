using ClusterScale.Simulators.Obshell.Api;

namespace ClusterScale.Simulators.Obshell.Cluster;

/// <summary>
/// One accepted mutating request, as the truth ledger (<c>GET /__sim/ledger</c>) shows it: <see cref="Route"/> is
/// one of <see cref="LedgerRoutes"/>, <see cref="Target"/> the agent ("ip:port"), DAG id, zone or parameter names
/// it acted on, <see cref="DagId"/> the DAG it created or operated (null for parameters), <see cref="ReceivedBy"/>
/// the virtual identity of the agent that received it (actors are told apart by the agent they talk to) and
/// <see cref="Time"/> the agents' clock when it was accepted.
/// </summary>
public sealed record LedgerEntry(long Seq, DateTimeOffset Time, string Route, string Target, string? DagId, string ReceivedBy);

/// <summary>The route names of the ledger (contracts: "scale_out", "scale_in", "dag:RETRY", ..., "parameters", "zone_delete").</summary>
public static class LedgerRoutes
{
    public const string ScaleOut = "scale_out";
    public const string ScaleIn = "scale_in";
    public const string Parameters = "parameters";
    public const string ZoneDelete = "zone_delete";

    /// <summary>"dag:RETRY", "dag:ROLLBACK", "dag:CANCEL", "dag:PASS".</summary>
    public static string DagOperator(string op) => "dag:" + op;
}

/// <summary>
/// Every mutating request an agent accepted and acted on (a refusal, a 204 that changed nothing and a PATCH that
/// OceanBase stopped part-way are not recorded; a request whose answer an act-then-fail fault replaced is, because
/// it acted). Written and read under <see cref="ClusterState.Gate"/>.
/// </summary>
internal sealed class Ledger
{
    private readonly List<LedgerEntry> entries = [];

    public IReadOnlyList<LedgerEntry> Entries => [.. entries];

    public void Record(DateTimeOffset now, string route, string target, string? dagId, SimulatedAgent receiver) =>
        entries.Add(new LedgerEntry(entries.Count + 1, now, route, target, dagId, receiver.Name));

    public static object ToJson(LedgerEntry entry) => new
    {
        seq = entry.Seq,
        time = Rfc3339.Format(entry.Time),
        route = entry.Route,
        target = entry.Target,
        dag_id = entry.DagId,
        received_by = entry.ReceivedBy,
    };
}
