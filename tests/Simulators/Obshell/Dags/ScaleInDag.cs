using ClusterScale.Simulators.Obshell.Cluster;

namespace ClusterScale.Simulators.Obshell.Dags;

/// <summary>
/// "Cluster scale in", with obshell's node order (ob/agent/executor/ob/scale_in.go). Plain: Delete observer; Set
/// agent to 'SCALING IN'; Wait delete observer success; Delete agent; Try to inform to kill observer. force_kill:
/// Delete observer; Set agent to 'SCALING IN'; Check multi paxos member alive; Try to inform to kill observer; Wait
/// delete observer success; Delete agent. Every node allows every operator except that "Delete agent" cannot be
/// rolled back; only "Delete observer" gives the lock back when it fails. The zone stays, even when emptied.
/// </summary>
internal static class ScaleInDag
{
    public const string Name = "Cluster scale in";

    public static Dag Create(ClusterState cluster, SimulatedAgent receiver, SimulatedAgent target, bool forceKill)
    {
        var server = cluster.ServerOf(target);
        var address = server is null ? target.Ip : $"{server.Ip}:{server.RpcPort}";
        DagNode Node(string name, Func<Step> apply, Func<Step>? undo, NodeAbilities abilities = NodeAbilities.All) =>
            DagNode.Create(cluster, name, receiver, apply, undo, abilities);

        // obshell BaseDeleteObserverTask.Rollback, shared by the nodes built on it: "cancel delete server" while the
        // row is DELETING; a row already gone cannot come back.
        Step CancelDelete()
        {
            if (server is null || !cluster.Servers.Contains(server))
            {
                return Step.Fail($"[OB.Server.NotExist]: Observer '{address}' does not exist");
            }

            if (server.Status == ServerStatuses.Deleting)
            {
                server.Status = ServerStatuses.Active;
            }

            return Step.Done($"cancel delete observer {address}");
        }

        // DELETE SERVER unless the row is DELETING already (obshell@61ee147 ob/agent/executor/ob/scale_in.go:137-140).
        // OceanBase may refuse it: the node fails with its reason in the log and, being the node with
        // failure_exit_maintenance, gives the lock back; the node stays a member (scale_in.go:83, 217-221; spec
        // Corrections 2026-12-05). The DAG was accepted all the same: nothing checks this at submit.
        Step DeleteObserver()
        {
            if (server is null || !cluster.Servers.Contains(server) || server.Status == ServerStatuses.Deleting)
            {
                return Step.Done();
            }

            if (cluster.DeleteServerRefusal(target, server) is { } refusal)
            {
                return Step.Fail($"delete observer {address} failed: {refusal}");
            }

            server.Status = ServerStatuses.Deleting;
            return Step.Done();
        }

        var deleteObserver = Node("Delete observer", DeleteObserver, CancelDelete);
        deleteObserver.FailureExitsMaintenance = true; // nothing has changed yet when it fails
        var nodes = new List<DagNode>
        {
            deleteObserver,
            Node("Set agent to 'SCALING IN'",
                () => Step.Effect(() => target.Identity = Identities.ScalingIn, "change agent identity to 'SCALING IN' success"),
                () => Step.Effect(() => target.Identity = Identities.ClusterAgent)),
        };
        var checkPaxos = Node("Check multi paxos member alive",
            () => PaxosMajorityAliveWithout(cluster, target) ? Step.Done() : Step.Fail("[OB.Cluster.MultiPaxosNotAlive]: Multi paxos member is not alive"),
            CancelDelete);
        // Kills the leaving observer when its agent reports one running; rolling back restarts one that served.
        var stateBeforeKill = ObStates.NotRunning;
        var kill = Node("Try to inform to kill observer",
            () =>
            {
                stateBeforeKill = ObStates.Of(cluster, target);
                target.ObserverRunning = false;
                return Step.Done($"agent {target.Name} ob state: {stateBeforeKill}");
            },
            () => Step.Effect(() => target.ObserverRunning |= stateBeforeKill >= ObStates.Available));
        var waitDeleted = Node("Wait delete observer success", () => Step.Effect(
            () =>
            {
                if (server is not null)
                {
                    cluster.Servers.Remove(server);
                }
            },
            $"observer '{address}' has been deleted successfully"), CancelDelete);
        var deleteAgent = Node("Delete agent",
            () => Step.Effect(() => cluster.RemoveMember(target, keepServer: true), "delete agents success"),
            undo: null,
            NodeAbilities.Retry | NodeAbilities.Cancel | NodeAbilities.Pass);

        nodes.AddRange(forceKill ? [checkPaxos, kill, waitDeleted, deleteAgent] : [waitDeleted, deleteAgent, kill]);
        return new Dag(cluster.NextDagId(), Name, nodes, cluster.Now);
    }

    /// <summary>
    /// Simplified Paxos check: every zone holds one replica of each log stream, and a zone is alive while it has an
    /// ACTIVE server other than <paramref name="leaving"/>; a majority of the zones must stay alive.
    /// </summary>
    public static bool PaxosMajorityAliveWithout(ClusterState cluster, SimulatedAgent leaving)
    {
        var zones = cluster.Zones.Where(zone => cluster.Servers.Any(s => s.Zone == zone)).ToList();
        var alive = zones.Count(zone => cluster.Servers.Any(s =>
            s.Zone == zone && s.Status == ServerStatuses.Active && !(s.Ip == leaving.Ip && s.AgentPort == leaving.Port)));
        return alive * 2 > zones.Count;
    }
}
