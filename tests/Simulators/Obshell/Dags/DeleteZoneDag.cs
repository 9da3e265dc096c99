using ClusterScale.Simulators.Obshell.Cluster;

namespace ClusterScale.Simulators.Obshell.Dags;

/// <summary>
/// "Delete zone" (obshell ob/agent/executor/ob/delete_zone.go): [Set agent to 'SCALING IN';] Stop zone z; for each
/// server Delete observer and Wait delete observer success; Delete zone z; [Delete agent; Try to inform to kill
/// observers] (the bracketed nodes when the zone has agents). "Delete zone", "Delete agent" and the kill cannot be
/// rolled back; no node gives the lock back when it fails.
/// </summary>
internal static class DeleteZoneDag
{
    public const string Name = "Delete zone";
    private const NodeAbilities NoRollback = NodeAbilities.Retry | NodeAbilities.Cancel | NodeAbilities.Pass;

    public static Dag Create(ClusterState cluster, SimulatedAgent receiver, string zone)
    {
        var agents = cluster.Agents.Where(a => a.InAgentTable && a.Zone == zone).ToList();
        var servers = cluster.Servers.Where(s => s.Zone == zone).ToList();
        DagNode Node(string name, Func<Step> apply, Func<Step>? undo = null, NodeAbilities abilities = NodeAbilities.All) =>
            DagNode.Create(cluster, name, receiver, apply, undo, abilities);

        var nodes = new List<DagNode>();
        if (agents.Count != 0)
        {
            nodes.Add(Node("Set agent to 'SCALING IN'",
                () => Step.Effect(() => agents.ForEach(a => a.Identity = Identities.ScalingIn), "change agent identity to 'SCALING IN' success"),
                () => Step.Effect(() => agents.ForEach(a => a.Identity = Identities.ClusterAgent))));
        }

        nodes.Add(Node($"Stop zone {zone}", () => Step.Effect(() => cluster.StoppedZones.Add(zone), $"stop zone {zone}"), () => Step.Effect(() => cluster.StoppedZones.Remove(zone))));
        foreach (var server in servers)
        {
            var address = $"{server.Ip}:{server.RpcPort}";
            Step CancelDelete() => cluster.Servers.Contains(server)
                ? Step.Effect(() => server.Status = ServerStatuses.Active)
                : Step.Fail($"[OB.Server.NotExist]: Observer '{address}' does not exist");
            nodes.Add(Node("Delete observer", () => Step.Effect(() => server.Status = ServerStatuses.Deleting), CancelDelete));
            nodes.Add(Node("Wait delete observer success",
                () => Step.Effect(() => cluster.Servers.Remove(server), $"observer '{address}' has been deleted successfully"), CancelDelete));
        }

        nodes.Add(Node($"Delete zone {zone}", () => Step.Effect(() =>
        {
            cluster.Zones.Remove(zone);
            cluster.StoppedZones.Remove(zone);
        }), abilities: NoRollback));
        if (agents.Count != 0)
        {
            nodes.Add(Node("Delete agent", () => Step.Effect(() => agents.ForEach(a => cluster.RemoveMember(a, keepServer: true)), "delete agents success"), abilities: NoRollback));
            nodes.Add(Node("Try to inform to kill observers", () => Step.Effect(() => agents.ForEach(a => a.ObserverRunning = false)), abilities: NoRollback));
        }

        return new Dag(cluster.NextDagId(), Name, nodes, cluster.Now);
    }
}
