using ClusterScale.Simulators.Obshell.Cluster;

namespace ClusterScale.Simulators.Obshell.Dags;

/// <summary>
/// "Cluster scale in", with obshell's node order. Plain: Delete observer; Set agent to 'SCALING IN'; Wait delete
/// observer success; Delete agent; Try to inform to kill observer. force_kill: Delete observer; Set agent to
/// 'SCALING IN'; Check multi paxos member alive; Try to inform to kill observer; Wait delete observer success;
/// Delete agent. "Delete agent" cannot be rolled back; rolling back the deletion fails once the server is gone.
/// </summary>
internal static class ScaleInDag
{
    public const string Name = "Cluster scale in";

    public static Dag Create(ClusterState cluster, SimulatedAgent receiver, SimulatedAgent target, bool forceKill)
    {
        var server = cluster.ServerOf(target);
        var address = server is null ? target.Ip : $"{server.Ip}:{server.RpcPort}";

        // Rolling back a deletion is "cancel delete server": possible while the row is DELETING, not once it is gone.
        string? CancelDelete()
        {
            if (server is null || !cluster.Servers.Contains(server))
            {
                return $"observer '{address}' is already not in cluster.";
            }

            server.Status = ServerStatuses.Active;
            return null;
        }

        var deleteObserver = new DagNode(cluster.NextNodeId(), cluster.NextTaskId(), "Delete observer", receiver,
            () => DagNode.Effect(() => SetStatus(server, ServerStatuses.Deleting)), CancelDelete);
        var setScalingIn = DagNode.Create(cluster, "Set agent to 'SCALING IN'", receiver,
            () => DagNode.Effect(() => target.Identity = Identities.ScalingIn), () => target.Identity = Identities.ClusterAgent);
        var checkPaxos = DagNode.Create(cluster, "Check multi paxos member alive", receiver, () => PaxosMajorityAliveWithout(cluster, target)
            ? null
            : "check multi paxos member alive failed");
        var kill = DagNode.Create(cluster, "Try to inform to kill observer", receiver, () => null);
        var waitDeleted = new DagNode(cluster.NextNodeId(), cluster.NextTaskId(), "Wait delete observer success", receiver, () => DagNode.Effect(() =>
        {
            if (server is not null)
            {
                cluster.Servers.Remove(server);
            }
        }), CancelDelete);
        var deleteAgent = new DagNode(cluster.NextNodeId(), cluster.NextTaskId(), "Delete agent", receiver,
            () => DagNode.Effect(() => cluster.RemoveMember(target, keepServer: true)), undo: null) { CanRollback = false };

        IReadOnlyList<DagNode> nodes = forceKill
            ? [deleteObserver, setScalingIn, checkPaxos, kill, waitDeleted, deleteAgent]
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
