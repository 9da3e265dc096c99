using System.Security.Cryptography;

namespace ClusterScale.Simulators.Obshell.Cluster;

/// <summary>
/// One obshell agent: a virtual identity <c>ip:2886</c> as the cluster knows it, served by a real listener on
/// 127.0.0.1. Mutable state is only changed under <see cref="ClusterState.Gate"/>.
/// </summary>
internal sealed class SimulatedAgent(string ip, int port, RSA key, string agentPassword, string obVersion, string obshellVersion)
{
    public string Ip { get; } = ip;

    public int Port { get; } = port;

    public string Name => $"{Ip}:{Port}";

    public string Identity { get; set; } = Identities.Single;

    /// <summary>The zone of a member; "" while SINGLE.</summary>
    public string Zone { get; set; } = "";

    /// <summary>Listed in the cluster's agent table (what <c>agent_info</c> shows and scale_in looks up).</summary>
    public bool InAgentTable { get; set; }

    /// <summary>This agent's own agent password; a member shares the cluster's.</summary>
    public string AgentPassword { get; set; } = agentPassword;

    public RSA Key { get; set; } = key;

    public string ObVersion { get; set; } = obVersion;

    public string ObshellVersion { get; set; } = obshellVersion;

    /// <summary>The agent's observer process runs (members from the start; a scaled-out node from "Wait remote start finish").</summary>
    public bool ObserverRunning { get; set; }

    /// <summary>
    /// The agent table as this agent's local sqlite copy held it when its observer stopped (obshell syncs the copy
    /// from OceanBase, obshell@61ee147 ob/agent/service/agent/info.go:313-345); null while the observer runs.
    /// </summary>
    public IReadOnlyList<AgentRow>? LocalAgentTable { get; set; }

    /// <summary>Set: OceanBase refuses <c>ALTER SYSTEM DELETE SERVER</c> of this agent's server with this reason (an admin forcing it).</summary>
    public string? DeleteServerRefusal { get; set; }

    /// <summary>False while the listener is down (a restart): the agent is unreachable for its peers too.</summary>
    public bool Reachable { get; set; } = true;

    public int Pid { get; } = Random.Shared.Next(1000, 60000);

    public DateTimeOffset StartedAt { get; set; }

    /// <summary>The agent reaches the cluster's OceanBase (a SCALING OUT one forwards cluster reads to the cluster).</summary>
    public bool HoldsOceanBase => Identity is Identities.ClusterAgent or Identities.ScalingIn or Identities.ScalingOut;

    /// <summary>Ids of the local DAGs this agent created (its own sqlite table), the last one so far.</summary>
    private long lastLocalDagId;

    /// <summary>
    /// The generic id of a new local DAG of this agent, as obshell renders a local task's id: "2" + the agent's IPv4 as
    /// a big-endian uint32 in 10 digits + its port in 5 digits + the local id; "3" + 39 digits for IPv6
    /// (obshell@61ee147 ob/agent/engine/task/task_dto.go:306-318, ConvertLocalIDToGenericID).
    /// </summary>
    public string NextLocalDagGenericId()
    {
        var address = System.Net.IPAddress.Parse(Ip);
        var number = new System.Numerics.BigInteger(address.GetAddressBytes(), isUnsigned: true, isBigEndian: true);
        var prefix = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? $"2{number:D10}" : $"3{number:D39}";
        return $"{prefix}{Port:D5}{++lastLocalDagId}";
    }

    /// <summary>This agent's obshell is <paramref name="landmark"/> or newer.</summary>
    public bool Since(Version landmark) => ObshellVersions.Parse(ObshellVersion) >= landmark;
}

/// <summary>One row of the agent table (<c>agent_info</c> of <c>/api/v1/ob/info</c>).</summary>
internal sealed record AgentRow(string Ip, int Port, string Zone, string Identity, string Version)
{
    public static AgentRow Of(SimulatedAgent agent) => new(agent.Ip, agent.Port, agent.Zone, agent.Identity, agent.ObshellVersion);
}

/// <summary>One row of DBA_OB_SERVERS.</summary>
internal sealed class ObServer(string ip, int rpcPort, int sqlPort, int agentPort, string zone, string buildVersion)
{
    public string Ip { get; } = ip;

    public int RpcPort { get; } = rpcPort;

    public int SqlPort { get; } = sqlPort;

    public int AgentPort { get; } = agentPort;

    public string Zone { get; } = zone;

    public string BuildVersion { get; } = buildVersion;

    public bool WithRootserver { get; init; }

    public string Status { get; set; } = ServerStatuses.Active;

    /// <summary>Parameters set on this server (at its first start or by ALTER SYSTEM SET since); the rest show their default.</summary>
    public Dictionary<string, string> Parameters { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Tenant parameters set on this server, by (name, tenant id); the rest show their default.</summary>
    public Dictionary<(string Name, int TenantId), string> TenantParameters { get; } = [];
}
