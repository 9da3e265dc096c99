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
/// <item>scale-out: its id is the one recorded from an accepted answer (state, or the journal); or, with no recorded
/// id among the unfinished DAGs, it is the only "Cluster scale out" DAG whose <c>start_time</c> falls within our
/// journalled send (<see cref="ScaleOutSend"/>, agent clock). Two candidates, or one whose start time an operator's
/// action reset (1970-01-01, spec §5), cannot be told apart: none of them is ours.</item>
/// <item>scale-in: "Cluster scale in" whose id an accepted scale_in answer gave (this run, or the journal:
/// <see cref="ScaleInJournal"/>; nothing else names one that FAILED at stage 2 "Set agent to 'SCALING IN'"); one while
/// the node's agent is SCALING IN (only a scale-in of this node sets it); or one whose task logs name the node (<c>observer 'ip:rpcPort' has been deleted successfully</c>, <c>agent ip:port ob
/// state</c>: obshell@61ee147 agent/executor/ob/scale_in.go:336,450).</item>
/// </list>
/// Operators (RETRY, ROLLBACK, PASS) are sent only to DAGs this type calls ours.
/// </summary>
public sealed class NodeDags(AgentAddress node, int? rpcPort)
{
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
        if (Send is not { } send) return ScaleOutClaim.None;
        var candidates = scaleOuts.Where(d => StartTime(d) is not { } start || send.Contains(start)).ToList();
        return candidates is [var one] && StartTime(one) is not null && !send.IsUnknown ? new(one, []) : new(null, candidates);
    }

    /// <summary>Whether this DAG might be our scale-out (recorded, or a candidate of our send): a caller that sees one
    /// re-reads and asks <see cref="ScaleOutAmong"/> before anything else.</summary>
    public bool MayBeOurScaleOut(DagDetail dag) => dag.Name == ScaleOut.DagName
        && (dag.Id == RecordedScaleOut || Send is { } send && (StartTime(dag) is not { } start || send.Contains(start)));

    /// <summary>The scale-in DAGs accepted answers gave this node's destroys (this run's, and the journal's).</summary>
    public ISet<string> RecordedScaleIns { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <param name="nodeScalingIn">The cluster's agent list shows the node's agent SCALING IN.</param>
    public bool IsOurScaleIn(DagDetail dag, bool nodeScalingIn) =>
        dag.Name == ScaleIn.DagName && (RecordedScaleIns.Contains(dag.Id) || nodeScalingIn || LogsNameNode(dag));

    private bool LogsNameNode(DagDetail dag)
    {
        var logs = (dag.Nodes ?? []).SelectMany(n => n.SubTasks ?? []).SelectMany(t => t.TaskLogs ?? []);
        return logs.Any(line => rpcPort is { } port && line.Contains($"observer '{node.Ip}:{port}'", StringComparison.Ordinal)
            || line.Contains($"agent {node} ob state", StringComparison.Ordinal));
    }

    /// <summary>The DAG's start on the agent's clock; null when unknown (obshell resets it to 1970-01-01 when an
    /// operator acts, and reports unset times as 0001-01-01).</summary>
    private static DateTimeOffset? StartTime(DagDetail dag) => dag.StartTime is { Year: > 1970 } start ? start : null;
}
