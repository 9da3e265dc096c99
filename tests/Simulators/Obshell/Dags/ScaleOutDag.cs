using System.Globalization;
using ClusterScale.Simulators.Obshell.Cluster;

namespace ClusterScale.Simulators.Obshell.Dags;

/// <summary>What a scale_out request that passed the submit checks asks for; <see cref="Configs"/> use the current port names.</summary>
internal sealed record ScaleOutRequest(SimulatedAgent Receiver, SimulatedAgent Target, string Zone, IReadOnlyDictionary<string, string> Configs, string TargetAgentPassword);

/// <summary>
/// "Cluster scale out": 9 nodes, or 11 when the zone is new (the zone is added and started before the server).
/// Every node allows RETRY and ROLLBACK only, and none gives the lock back when it fails (spec sections 3, 5, 6).
/// </summary>
internal static class ScaleOutDag
{
    public const string Name = "Cluster scale out";

    // obshell's defaultPortMap: the ports node 1 fills in and range-checks (config.go fillPort).
    private static readonly (string Key, int Default)[] Ports = [("rpc_port", ObshellSimulator.DefaultRpcPort), ("mysql_port", ObshellSimulator.DefaultSqlPort)];

    public static Dag Create(ClusterState cluster, ScaleOutRequest request)
    {
        var (receiver, target) = (request.Receiver, request.Target);
        var newZone = !cluster.Zones.Contains(request.Zone);
        var previousPassword = target.AgentPassword;
        var ports = new Dictionary<string, int>();
        ObServer? server = null;

        // Every sub-task is scheduled by the receiver (the maintainer), whichever agent it acts on.
        DagNode Node(string name, Func<Step> apply, Action? undo = null) =>
            DagNode.Create(cluster, name, receiver, apply, undo is null ? null : () => Step.Effect(undo), NodeAbilities.RetryRollback);

        var nodes = new List<DagNode>
        {
            Node("Integrate server config", () => IntegrateConfig(request.Configs, ports)),
            // The receiver asks the target to create its local DAG: only now is targetAgentPassword checked. The log line
            // is upstream's, with the generic id of the target's new local DAG, which names the target's address
            // (obshell@61ee147 ob/agent/executor/ob/scale_out.go:780; ob/agent/engine/task/task_dto.go:306-318).
            Node("Create local scale out dag", () =>
            {
                if (request.TargetAgentPassword != target.AgentPassword)
                {
                    return Step.Fail($"create local scale out dag on {target.Name} failed: [Security.Authentication.IncorrectAgentPassword]: Agent password is incorrect");
                }

                target.Identity = Identities.ScalingOut;
                return Step.Done($"create local scale out dag success, genericID:{target.NextLocalDagGenericId()}");
            }, () => target.Identity = Identities.Single),
            Node("Wait scale out ready", () => Step.Done()),
            Node("Wait remote deploy finish", () => Step.Done()),
            Node("Wait remote start finish", () => Step.Effect(() => target.ObserverRunning = true), () => target.ObserverRunning = false),
            Node("Prev check for scale_out", () => Step.Done()),
        };
        if (newZone)
        {
            nodes.Add(Node("Add new zone for scale_out", () => Step.Effect(() => cluster.Zones.Add(request.Zone)), () => cluster.Zones.Remove(request.Zone)));
            nodes.Add(Node("Start new zone for scale_out", () => Step.Done()));
        }

        nodes.Add(Node("Add server for scale_out", () => Step.Effect(() =>
        {
            server = new ObServer(target.Ip, ports["rpc_port"], ports["mysql_port"], target.Port, request.Zone, cluster.BuildVersion(target.ObVersion))
            {
                Parameters = ObParameters.StartupValues(request.Configs), // obConfigs go to the observer's first start
            };
            cluster.Servers.Add(server);
        }), () => cluster.Servers.Remove(server!)));
        nodes.Add(Node("Add agent for scale_out", () => Step.Effect(() =>
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
        nodes.Add(Node("Check cluster scale_out whether finished",
            () => Step.Effect(() => target.Identity = Identities.ClusterAgent), () => target.Identity = Identities.ScalingOut));

        return new Dag(cluster.NextDagId(), Name, nodes, cluster.Now);
    }

    // obshell fillPort: a port given (non-empty) must be an integer in 1025-65535, else the node fails and the DAG
    // keeps the lock; a port not given takes its default.
    private static Step IntegrateConfig(IReadOnlyDictionary<string, string> configs, Dictionary<string, int> ports)
    {
        foreach (var (key, fallback) in Ports)
        {
            if (configs.GetValueOrDefault(key) is not { Length: > 0 } text)
            {
                ports[key] = fallback;
            }
            else if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var port) && port is >= 1025 and <= 65535)
            {
                ports[key] = (int)port;
            }
            else
            {
                return Step.Fail($"[Common.InvalidPort]: The port '{text}' is invalid, must be in [1024, 65535]");
            }
        }

        return Step.Done("integrate server config succeed");
    }
}
