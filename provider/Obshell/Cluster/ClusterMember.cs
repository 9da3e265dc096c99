using ClusterScale.Provider.Obshell.Api;

namespace ClusterScale.Provider.Obshell.Cluster;

/// <summary>A node as the cluster topology (<c>/api/v1/ob/info</c>) lists it: its observer row and zone, plus the
/// cluster's build version.</summary>
public sealed record ClusterMember(string Zone, ObServer Server, string? Version)
{
    /// <summary>The node is a member when the topology has an observer with its ip and obshell (agent) port AND its
    /// agent is in the cluster's agent list. A server row without its agent is a half-finished removal (or a
    /// scale-out still running): not a member to adopt.</summary>
    public static ClusterMember? Find(ObInfo info, AgentAddress node)
    {
        if (!info.Agents.Any(a => AgentAddresses.Same(new AgentAddress(a.Ip, a.Port), node))) return null;
        foreach (var (zone, servers) in info.Cluster?.Topology ?? [])
            foreach (var server in servers)
                if (server.AgentPort == node.Port && AgentAddresses.SameIp(server.SvrIp, node.Ip))
                    return new ClusterMember(zone, server, server.BuildVersion ?? info.Cluster?.Version);
        return null;
    }

    /// <summary>The node's observer row in a topology answered for the cluster (by its agent port, or its recorded rpc
    /// port), member or not; null when none is listed.</summary>
    public static ObServer? ServerOf(ObInfo info, AgentAddress node, int? rpcPort) =>
        (info.Cluster?.Topology ?? []).Values.SelectMany(s => s).FirstOrDefault(s =>
            AgentAddresses.SameIp(s.SvrIp, node.Ip) && (s.AgentPort == node.Port || s.SvrPort == rpcPort));

    /// <summary>
    /// Proof that <paramref name="node"/> left the cluster (spec §7): a read answered for the cluster (non-empty
    /// <c>obcluster_info.version</c>: a SINGLE or SCALING IN agent, the removed node itself among them, answers with an
    /// empty one and proves nothing) that lists neither the node's agent nor an observer at its ip with its agent port
    /// or its recorded rpc port.
    /// </summary>
    public static bool ProvesGone(ObInfo info, AgentAddress node, int? rpcPort)
    {
        if (string.IsNullOrEmpty(info.Cluster?.Version)) return false;
        if (info.Agents.Any(a => AgentAddresses.Same(new AgentAddress(a.Ip, a.Port), node))) return false;
        return ServerOf(info, node, rpcPort) is null;
    }
}

/// <summary>Agent identities the provider reacts to (obshell@61ee147 agent/meta/agent.go:33-42).</summary>
public static class AgentIdentities
{
    /// <summary>Set by a scale-in of this agent's node at its second DAG node, until "Delete agent".</summary>
    public const string ScalingIn = "SCALING IN";

    /// <summary>The target of a scale-out in progress.</summary>
    public const string ScalingOut = "SCALING OUT";
}

/// <summary>Observer statuses in the topology the provider reacts to (DBA_OB_SERVERS, spec §7).</summary>
public static class ServerStatuses
{
    /// <summary>Set by a scale-in's first node "Delete observer" until the server's row is gone.</summary>
    public const string Deleting = "DELETING";
}
