using Newtonsoft.Json.Linq;

namespace ClusterScale.Conformance.Tests.Reliability.OpenWorld;

/// <summary>One sub-node as ModelArts' truth ledger knows it: who created it (the access key of the accepted request,
/// "console" or "initial"), when (ms on the cloud's clock), and who removed it (null while present).</summary>
internal sealed record ServerRecord(string SupernodeId, string ServerId, string CreatedBy, long CreateAt, string? RemovedBy);

/// <summary>One accepted mutating obshell request as the simulator's truth ledger knows it: the route (scale_out,
/// scale_in, dag:RETRY, ...), its target (ip:port or DAG id), the DAG it started, and the agent that received it — the
/// campaign tells actors apart by the agents they talk to.</summary>
internal sealed record ObshellRecord(long Seq, string Route, string Target, string? DagId, string ReceivedBy);

/// <summary>A cluster DAG's state now (from the simulator's own view).</summary>
internal sealed record DagState(string Id, string Name, string State, string Operator, int Stage = 0)
{
    /// <summary>Finished and no longer able to change membership: SUCCEED (ran, passed or rolled back).</summary>
    public bool Finished => State == "SUCCEED";

    /// <summary>Holds the cluster lock (spec §6): every unfinished scale DAG does, except a "Cluster scale in" that
    /// FAILED at its first node ("Delete observer" gives the lock back when OceanBase refuses it).</summary>
    public bool HoldsLock => !Finished && !(State == "FAILED" && Name == "Cluster scale in" && Stage == 1);
    public bool Succeeded => State == "SUCCEED" && Operator is "RUN" or "RETRY";
}

/// <summary>Reads the simulators' truth ledgers (contract routes <c>GET /__sim/supernodes/{id}/ledger</c> and
/// <c>GET /__sim/ledger</c>): the only source the open-world invariants are checked against.</summary>
internal static class Truth
{
    public static async Task<IReadOnlyList<ServerRecord>> SupernodeLedgerAsync(HttpClient http, string modelArtsEndpoint, string supernodeId)
    {
        var rows = JToken.Parse(await SimControls.GetAsync(http, $"{modelArtsEndpoint}/__sim/supernodes/{supernodeId}/ledger"));
        return Rows(rows).Select(r => new ServerRecord(supernodeId, r.Value<string>("server_id")!, r.Value<string>("created_by")!,
            r["create_at"]?.Type is JTokenType.Integer or JTokenType.Float ? r.Value<long>("create_at") : 0, r.Value<string?>("removed_by"))).ToList();
    }

    public static async Task<IReadOnlyList<ObshellRecord>> ObshellLedgerAsync(HttpClient http, string adminEndpoint)
    {
        var rows = JToken.Parse(await SimControls.GetAsync(http, $"http://{adminEndpoint}/__sim/ledger"));
        return Rows(rows).Select(r => new ObshellRecord(r.Value<long>("seq"), r.Value<string>("route")!, r["target"]?.ToString() ?? "",
            GenericDagId(r["dag_id"]), r.Value<string>("received_by")!)).ToList();
    }

    /// <summary>A cluster DAG's generic id ("1" + its number, what the API and the DAG view show): a number in the
    /// ledger is the DAG's own id, a string already the generic one.</summary>
    private static string? GenericDagId(JToken? id) => id?.Type switch
    {
        JTokenType.Integer => "1" + id.Value<long>(),
        JTokenType.String when id.Value<string>() is { Length: > 0 } text => text,
        _ => null,
    };

    /// <summary>A ledger is a JSON array, or an object wrapping one (under any single array-valued field).</summary>
    private static IEnumerable<JObject> Rows(JToken token) => token switch
    {
        JArray array => array.OfType<JObject>(),
        JObject wrapper when wrapper.Properties().FirstOrDefault(p => p.Value is JArray) is { } list => ((JArray)list.Value).OfType<JObject>(),
        _ => throw new InvalidDataException($"a ledger is a JSON array; got {token.Type}"),
    };
}
