using ClusterScale.Simulators.Obshell.Cluster;

namespace ClusterScale.Simulators.Obshell.Dags;

/// <summary>What a validated scale_out request asks for.</summary>
internal sealed record ScaleOutRequest(SimulatedAgent Receiver, SimulatedAgent Target, string Zone, int RpcPort, int SqlPort, string TargetAgentPassword);

/// <summary>"Cluster scale out": 9 nodes, or 11 when the zone is new (the zone is created and started first).</summary>
internal static class ScaleOutDag
{
    public const string Name = "Cluster scale out";

    public static Dag Create(ClusterState cluster, ScaleOutRequest request)
    {
        var (receiver, target) = (request.Receiver, request.Target);
        var newZone = !cluster.Zones.Contains(request.Zone);
        var previousPassword = target.AgentPassword;
        var server = new ObServer(target.Ip, request.RpcPort, request.SqlPort, target.Port, request.Zone, cluster.BuildVersion(target.ObVersion));
        DagNode Node(string name, SimulatedAgent on, Func<string?> apply, Action? undo = null) => DagNode.Create(cluster, name, on, apply, undo);

        var nodes = new List<DagNode>
        {
            Node("Integrate server config", receiver, () => null),
            // The receiver asks the target to create its local DAG: only now is targetAgentPassword checked.
            Node("Create local scale out dag", target, () =>
            {
                if (request.TargetAgentPassword != target.AgentPassword)
                {
                    return $"create local scale out dag on {target.Name} failed: Security.Authentication.IncorrectAgentPassword: incorrect agent password";
                }

                target.Identity = Identities.ScalingOut;
                return null;
            }, () => target.Identity = Identities.Single),
            Node("Wait scale out ready", target, () => null),
            Node("Wait remote deploy finish", target, () => null),
            Node("Wait remote start finish", target, () => null),
            Node("Prev check for scale_out", receiver, () => null),
        };
        if (newZone)
        {
            nodes.Add(Node("Add new zone for scale_out", receiver, () => DagNode.Effect(() => cluster.Zones.Add(request.Zone)), () => cluster.Zones.Remove(request.Zone)));
            nodes.Add(Node("Start new zone for scale_out", receiver, () => null));
        }

        nodes.Add(Node("Add server for scale_out", receiver, () => DagNode.Effect(() => cluster.Servers.Add(server)), () => cluster.Servers.Remove(server)));
        nodes.Add(Node("Add agent for scale_out", receiver, () => DagNode.Effect(() =>
        {
            target.InAgentTable = true;
            target.Zone = request.Zone;
            target.AgentPassword = receiver.AgentPassword; // the cluster's agent password is shared by its members
        }), () =>
        {
            target.InAgentTable = false;
            target.Zone = "";
            target.AgentPassword = previousPassword;
        }));
        nodes.Add(Node("Check cluster scale_out whether finished", target,
            () => DagNode.Effect(() => target.Identity = Identities.ClusterAgent), () => target.Identity = Identities.ScalingOut));

        return new Dag(cluster.NextDagId(), Name, nodes) { AllowsCancelAndPass = false };
    }
}
