using Newtonsoft.Json;

namespace ClusterScale.Provider.Obshell.Api;

/// <summary>One entry of <c>GET /api/v1/obcluster/parameters</c> (spec §8): a parameter, OceanBase's raw
/// <c>edit_level</c>, and its value on every server.</summary>
public sealed class ClusterParameter
{
    [JsonProperty("name")] public string Name { get; set; } = "";
    [JsonProperty("scope")] public string? Scope { get; set; }
    [JsonProperty("edit_level")] public string? EditLevel { get; set; }
    [JsonProperty("ob_parameters")] public List<ServerParameterValue>? ObParameters { get; set; }
}

public sealed class ServerParameterValue
{
    [JsonProperty("svr_ip")] public string SvrIp { get; set; } = "";
    [JsonProperty("svr_port")] public int SvrPort { get; set; }
    [JsonProperty("zone")] public string? Zone { get; set; }
    /// <summary>Only on TENANT-scope rows: one row per tenant and server (obshell@61ee147
    /// ob/agent/repository/model/bo/obcluster.go:177-184, ob/agent/executor/ob/parameter.go:54-70).</summary>
    [JsonProperty("tenant_id")] public int? TenantId { get; set; }
    [JsonProperty("value")] public string? Value { get; set; }
}

/// <summary><c>PATCH /api/v1/obcluster/parameters</c>: one <c>ALTER SYSTEM SET</c> per item (spec §8).</summary>
public sealed record SetParametersRequest([property: JsonProperty("params")] IReadOnlyList<SetParameter> Params);

/// <summary>A cluster-scope parameter set on the servers named "ip:rpc_port" (OceanBase's SERVER = '...' form).</summary>
public sealed record SetParameter(
    [property: JsonProperty("name")] string Name,
    [property: JsonProperty("value")] string Value,
    [property: JsonProperty("scope")] string Scope,
    [property: JsonProperty("servers")] IReadOnlyList<string> Servers);
