using ClusterScale.Provider.Obshell.Api;

namespace ClusterScale.Provider.Obshell.Cluster;

/// <summary>
/// When a scale_out of ours may have created its DAG, on the clock of the agent that received it: from the agent's
/// time read just before the send (the envelope of <c>/api/v1/info</c>, so the local clock never enters) to
/// <see cref="InFlight"/> later. A DAG created by that request started inside it; a DAG that started outside it is
/// not that request's.
/// </summary>
public sealed record ScaleOutSend(DateTimeOffset From, DateTimeOffset Until)
{
    /// <summary>How long after the send began its request can still create a DAG: the client abandons a request after
    /// 60 s (<see cref="ObshellAgentClient"/>) and resends only requests that never left; the agent creates the DAG
    /// while handling the request (obshell@61ee147 agent/executor/ob/scale_out.go). Two minutes covers both.</summary>
    public static readonly TimeSpan InFlight = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A DAG's <c>start_time</c> is OceanBase's <c>CURRENT_TIMESTAMP(6)</c> at insert (obshell
    /// agent/repository/model/oceanbase/dag_instance.go: <c>default:CURRENT_TIMESTAMP(6)</c>), the envelope time the
    /// agent's own clock; both run on the cluster's hosts, which OceanBase requires to be clock-synchronised.
    /// UNCONFIRMED how far apart they may be: two seconds either way. Wider only makes more DAGs "cannot tell".
    /// </summary>
    public static readonly TimeSpan ClockTolerance = TimeSpan.FromSeconds(2);

    /// <summary>An entry written before the send window was recorded: any time may be in it, so no DAG is ours by it.</summary>
    public static readonly ScaleOutSend Unknown = new(DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

    public static ScaleOutSend At(DateTimeOffset agentNow) => new(agentNow, agentNow + InFlight);

    public bool IsUnknown => this == Unknown;

    /// <summary>This send and a later one of the same run (a resend after a lost answer): one window covering both.</summary>
    public ScaleOutSend Then(ScaleOutSend later) => IsUnknown ? this : new(From, later.Until);

    public bool Contains(DateTimeOffset start) => IsUnknown || start >= From - ClockTolerance && start <= Until + ClockTolerance;

    /// <summary>No DAG can still start from this send (by the agent's clock).</summary>
    public bool IsOver(DateTimeOffset agentNow) => !IsUnknown && agentNow > Until + ClockTolerance;
}

/// <summary>What the unfinished DAGs say about this node's scale-out: the one that is ours, or the ones that may be.</summary>
/// <param name="CannotTell">Scale-out DAGs that may be ours and may be another's: never operated on, never claimed.</param>
public sealed record ScaleOutClaim(DagDetail? Ours, IReadOnlyList<DagDetail> CannotTell)
{
    public static readonly ScaleOutClaim None = new(null, []);
}

/// <summary>
/// The one place that decides which DAGs are one ObserverNode's own (issue 20, design/ownership.md). No DAG field
/// names the node a scale-out or scale-in works on (spec §5), so a DAG is ours only on evidence:
/// <list type="bullet">
/// <item>scale-out, ours: its id is the one recorded from an accepted answer (state, or the journal); or its task
/// logs name this node's agent as the target, journalled send or not (a run that died where no journal of it is
/// left only the cluster to tell): from node 2 "Create local scale out dag" on, obshell logs <c>create local scale out dag success,
/// genericID:&lt;id&gt;</c>, the id of the local DAG the TARGET created, which encodes the target's address (<c>2</c> +
/// IPv4 as a big-endian uint32 in 10 digits + port in 5 digits + local id; <c>3</c> + 39 digits for IPv6;
/// obshell@61ee147 ob/agent/executor/ob/scale_out.go:780, ob/agent/engine/task/task_dto.go:306-318). Its start time
/// does not matter then (an operator's action resets it); only one scale-out can hold the cluster lock at a time and
/// a FAILED one keeps it (§6), so that DAG adds exactly this node: it is this resource's as a member at its address
/// would be (adopted, membership first).</item>
/// <item>scale-out, never ours: one whose logs name another agent as the target, whatever its start time; one whose
/// logs name none when neither an id nor a send is recorded.</item>
/// <item>scale-out, cannot tell: one whose logs name no target yet (it has not run node 2, or failed there) and whose
/// <c>start_time</c> falls within our journalled send (<see cref="ScaleOutSend"/>, agent clock) or was reset
/// (1970-01-01), or, when the state says a send's answer was lost and no journal holds its window (another machine),
/// whatever its start time. Our send may never have reached the agent (a plugin killed mid-request), so its time alone proves
/// nothing: such a DAG may be waited for while it runs (then its logs or the membership tell), but never receives an
/// operator; a FAILED one stops the run naming it.</item>
/// <item>scale-in: "Cluster scale in" whose id an accepted scale_in answer gave (this run, or the journal:
/// <see cref="ScaleInJournal"/>; nothing else names one that FAILED at stage 2 "Set agent to 'SCALING IN'"); one while
/// the node's agent is SCALING IN (only a scale-in of this node sets it); one FAILED past its first node "Delete
/// observer" while this node's server is DELETING (that node marks the server it removes DELETING, and a scale-in
/// FAILED past it keeps the cluster lock, so there is only one; the evidence after a lost answer, or a run that died
/// elsewhere, when the DAG failed at stage 2 "Set agent to 'SCALING IN'"; UNCONFIRMED edge: a scale-in of ours an
/// operator PASSed leaves the server DELETING, and another's FAILED one could then hold the lock); or one whose task
/// logs name the node
/// (<c>observer 'ip:rpcPort' has been deleted successfully</c>, <c>agent ip:port ob state</c>: obshell@61ee147
/// agent/executor/ob/scale_in.go:336,450).</item>
/// </list>
/// Operators (RETRY, ROLLBACK, PASS) are sent only to DAGs this type calls ours. UNCONFIRMED: that the target agent's
/// own address (the one it encodes) is the one declared; were it not, our DAG would only look like another's here
/// (touched by nothing but its recorded id), never the reverse.
/// </summary>
public sealed class NodeDags(AgentAddress node, int? rpcPort)
{
    /// <summary>The log line of scale-out node 2 that names the target (obshell@61ee147 ob/agent/executor/ob/scale_out.go:780).</summary>
    private const string LocalDagCreated = "create local scale out dag success, genericID:";

    /// <summary>The scale-out DAG an accepted answer named (state's dagId, or the journal's).</summary>
    public string? RecordedScaleOut { get; set; }

    /// <summary>Our journalled scale_out sends whose DAG is not known by id.</summary>
    public ScaleOutSend? Send { get; private set; }

    public void Sent(ScaleOutSend send) => Send = Send is null ? send : Send.Then(send);

    /// <summary>The last send was refused (it started nothing): back to the sends before it.</summary>
    public void Retract(ScaleOutSend? before) => Send = before;

    /// <summary>The send can no longer match any DAG (its window is over and no candidate is left).</summary>
    public void Expire() => Send = null;

    public ScaleOutClaim ScaleOutAmong(IReadOnlyList<DagDetail> unfinished)
    {
        var scaleOuts = unfinished.Where(d => d.Name == ScaleOut.DagName).ToList();
        if (RecordedScaleOut is { } id && scaleOuts.FirstOrDefault(d => d.Id == id) is { } recorded) return new(recorded, []);
        var candidates = scaleOuts.Where(IsCandidate).ToList();
        return candidates.FirstOrDefault(d => TargetOf(d) == ScaleOutTarget.ThisNode) is { } named ? new(named, []) : new(null, candidates);
    }

    /// <summary>Whether this DAG might be our scale-out (recorded, or a candidate of our send): a caller that sees one
    /// re-reads and asks <see cref="ScaleOutAmong"/> before anything else.</summary>
    public bool MayBeOurScaleOut(DagDetail dag) => dag.Name == ScaleOut.DagName && (dag.Id == RecordedScaleOut || IsCandidate(dag));

    /// <param name="nodeScalingIn">The cluster's agent list shows the node's agent SCALING IN.</param>
    /// <param name="serverDeleting">The cluster's topology shows the node's server DELETING.</param>
    public bool IsOurScaleIn(DagDetail dag, bool nodeScalingIn, bool serverDeleting = false) =>
        dag.Name == ScaleIn.DagName && (RecordedScaleIns.Contains(dag.Id) || nodeScalingIn || LogsNameNode(dag)
            || serverDeleting && dag.State == DagStates.Failed && dag.Stage > DeleteObserverStage);

    /// <summary>"Cluster scale in" node 1, "Delete observer", marks the server DELETING (obshell@61ee147
    /// ob/agent/executor/ob/scale_in.go:83,137-140).</summary>
    private const int DeleteObserverStage = 1;

    /// <summary>The scale-in DAGs accepted answers gave this node's destroys (this run's, and the journal's).</summary>
    public ISet<string> RecordedScaleIns { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>A scale-out that may be ours: it names this node as its target; or it names none and started within our
    /// journalled send's window (or at an unknown time).</summary>
    private bool IsCandidate(DagDetail dag) => dag.Name == ScaleOut.DagName && TargetOf(dag) switch
    {
        ScaleOutTarget.ThisNode => true,
        ScaleOutTarget.Unnamed => Send is { } send && (StartTime(dag) is not { } start || send.Contains(start)),
        _ => false,
    };

    private enum ScaleOutTarget { Unnamed, ThisNode, Another }

    private ScaleOutTarget TargetOf(DagDetail dag)
    {
        var named = Logs(dag).Where(line => line.StartsWith(LocalDagCreated, StringComparison.Ordinal)).Select(line => line[LocalDagCreated.Length..].Trim()).ToList();
        if (named.Count == 0) return ScaleOutTarget.Unnamed;
        var ours = LocalDagIdPrefix();
        return named.All(id => ours is not null && id.Length > ours.Length && id.StartsWith(ours, StringComparison.Ordinal) && id.All(char.IsAsciiDigit))
            ? ScaleOutTarget.ThisNode : ScaleOutTarget.Another;
    }

    /// <summary>How the generic id of a local DAG of this node's agent begins (obshell@61ee147
    /// ob/agent/engine/task/task_dto.go:306-318); null when the declared ip is no address.</summary>
    private string? LocalDagIdPrefix()
    {
        if (!System.Net.IPAddress.TryParse(node.Ip, out var address)) return null;
        var number = new System.Numerics.BigInteger(address.GetAddressBytes(), isUnsigned: true, isBigEndian: true);
        var kind = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? $"2{number:D10}" : $"3{number:D39}";
        return $"{kind}{node.Port:D5}";
    }

    private bool LogsNameNode(DagDetail dag) => Logs(dag).Any(line =>
        rpcPort is { } port && line.Contains($"observer '{node.Ip}:{port}'", StringComparison.Ordinal)
        || line.Contains($"agent {node} ob state", StringComparison.Ordinal));

    private static IEnumerable<string> Logs(DagDetail dag) => (dag.Nodes ?? []).SelectMany(n => n.SubTasks ?? []).SelectMany(t => t.TaskLogs ?? []);

    /// <summary>The DAG's start on the agent's clock; null when unknown (obshell resets it to 1970-01-01 when an
    /// operator acts, and reports unset times as 0001-01-01).</summary>
    private static DateTimeOffset? StartTime(DagDetail dag) => dag.StartTime is { Year: > 1970 } start ? start : null;
}
