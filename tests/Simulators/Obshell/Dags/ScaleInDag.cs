using ClusterScale.Simulators.Obshell.Cluster;

namespace ClusterScale.Simulators.Obshell.Dags;

/// <summary>
/// "Cluster scale in": Delete observer; Set agent to 'SCALING IN'; Wait delete observer success; Delete agent;
/// Try to inform to kill observer. With force_kill (UNCONFIRMED order) the Paxos check comes first and the kill
/// before the wait. "Delete agent" cannot be rolled back.
/// </summary>
internal static class ScaleInDag
{
    public const string Name = "Cluster scale in";

    public static Dag Create(ClusterState cluster, SimulatedAgent receiver, SimulatedAgent target, bool forceKill)
    {
        var server = cluster.ServerOf(target);
        DagNode Node(string name, SimulatedAgent on, Func<string?> apply, Action? undo = null) =>
            new(cluster.NextNodeId(), cluster.NextTaskId(), name, on, apply, undo);

        var checkPaxos = Node("Check multi paxos member alive", receiver, () => PaxosMajorityAliveWithout(cluster, target)
            ? null
            : $"OB.Cluster.MultiPaxosNotAlive: removing {target.Name} leaves some log stream without a Paxos majority");
        var deleteObserver = Node("Delete observer", receiver,
            () => DagNode.Effect(() => SetStatus(server, ServerStatuses.Deleting)), () => SetStatus(server, ServerStatuses.Active));
        var setScalingIn = Node("Set agent to 'SCALING IN'", target,
            () => DagNode.Effect(() => target.Identity = Identities.ScalingIn), () => target.Identity = Identities.ClusterAgent);
        var waitDeleted = Node("Wait delete observer success", receiver, () => DagNode.Effect(() =>
        {
            if (server is not null)
            {
                cluster.Servers.Remove(server);
            }
        }), () =>
        {
            if (server is not null && !cluster.Servers.Contains(server))
            {
                cluster.Servers.Add(server);
            }
        });
        var deleteAgent = new DagNode(cluster.NextNodeId(), cluster.NextTaskId(), "Delete agent", receiver,
            () => DagNode.Effect(() => cluster.RemoveMember(target, keepServer: true)), undo: null) { CanRollback = false };
        var kill = Node("Try to inform to kill observer", receiver, () => null);

        IReadOnlyList<DagNode> nodes = forceKill
            ? [checkPaxos, deleteObserver, setScalingIn, kill, waitDeleted, deleteAgent]
            : [deleteObserver, setScalingIn, waitDeleted, deleteAgent, kill];
        return new Dag(cluster.NextDagId(), Name, nodes) { ReleasesLockWhenFirstNodeFails = true };
    }

    /// <summary>
    /// Simplified Paxos check: every zone holds one replica of each log stream, and a zone is alive while it has an
    /// ACTIVE server other than <paramref name="leaving"/>; a majority of the zones must stay alive.
    /// </summary>
    public static bool PaxosMajorityAliveWithout(ClusterState cluster, SimulatedAgent leaving)
    {
        var alive = cluster.Zones.Count(zone => cluster.Servers.Any(s =>
            s.Zone == zone && s.Status == ServerStatuses.Active && !(s.Ip == leaving.Ip && s.AgentPort == leaving.Port)));
        return alive * 2 > cluster.Zones.Count;
    }

    private static void SetStatus(ObServer? server, string status)
    {
        if (server is not null)
        {
            server.Status = status;
        }
    }
}
