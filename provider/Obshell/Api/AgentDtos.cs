using Newtonsoft.Json;

namespace ClusterScale.Provider.Obshell.Api;

/// <summary>An agent's obshell address: its ip and obshell port (not the observer's rpc port).</summary>
public sealed record AgentAddress([property: JsonProperty("ip")] string Ip, [property: JsonProperty("port")] int Port)
{
    public override string ToString() => Ip.Contains(':') ? $"[{Ip}]:{Port}" : $"{Ip}:{Port}";
}

/// <summary><c>GET /api/v1/secret</c>: the agent's RSA public key, base64 of DER PKCS#1.</summary>
public sealed class AgentSecret
{
    [JsonProperty("public_key")] public string PublicKey { get; set; } = "";
}

/// <summary><c>GET /api/v1/info</c> (no auth): who an endpoint is. The provider learns each configured endpoint's
/// identity (ip, port) from it, because endpoints are dialled by address while requests name agents by identity.</summary>
public sealed class AgentInfo
{
    [JsonProperty("ip")] public string Ip { get; set; } = "";
    [JsonProperty("port")] public int Port { get; set; }
    [JsonProperty("zone")] public string? Zone { get; set; }
    [JsonProperty("identity")] public string? Identity { get; set; }
    [JsonProperty("version")] public string? Version { get; set; }
    [JsonProperty("obVersion")] public string? ObVersion { get; set; }
    [JsonProperty("security")] public bool Security { get; set; }

    public AgentAddress Address => new(Ip, Port);
}

/// <summary><c>GET /api/v1/ob/info</c>: the cluster's agents and its observer topology.</summary>
public sealed class ObInfo
{
    [JsonProperty("agent_info")] public List<ClusterAgent> Agents { get; set; } = [];
    [JsonProperty("obcluster_info")] public ObClusterInfo? Cluster { get; set; }
}

public sealed class ClusterAgent
{
    [JsonProperty("ip")] public string Ip { get; set; } = "";
    [JsonProperty("port")] public int Port { get; set; }
    [JsonProperty("zone")] public string? Zone { get; set; }
    [JsonProperty("identity")] public string? Identity { get; set; }
    [JsonProperty("version")] public string? Version { get; set; }
}

public sealed class ObClusterInfo
{
    [JsonProperty("id")] public long Id { get; set; }
    [JsonProperty("name")] public string? Name { get; set; }
    [JsonProperty("version")] public string? Version { get; set; }
    /// <summary>Zone name → its observers.</summary>
    [JsonProperty("topology")] public Dictionary<string, List<ObServer>> Topology { get; set; } = [];
}

public sealed class ObServer
{
    [JsonProperty("svr_ip")] public string SvrIp { get; set; } = "";
    [JsonProperty("svr_port")] public int SvrPort { get; set; }
    [JsonProperty("sql_port")] public int SqlPort { get; set; }
    [JsonProperty("agent_port")] public int AgentPort { get; set; }
    [JsonProperty("status")] public string? Status { get; set; }
    [JsonProperty("build_version")] public string? BuildVersion { get; set; }
}
