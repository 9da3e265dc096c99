using Newtonsoft.Json;

namespace ClusterScale.Provider.Obshell.Api;

/// <summary><c>POST /api/v1/ob/scale_out</c>, sent to a cluster agent. Its names are camelCase (<c>agentInfo</c>);
/// <c>agent_info</c> does not bind here.</summary>
public sealed record ScaleOutRequest(
    [property: JsonProperty("agentInfo")] AgentAddress AgentInfo,
    [property: JsonProperty("zone")] string Zone,
    [property: JsonProperty("obConfigs")] IReadOnlyDictionary<string, string> ObConfigs,
    [property: JsonProperty("targetAgentPassword")] string TargetAgentPassword)
{
    /// <summary>Never print the password (records print every member by default).</summary>
    public override string ToString() => $"scale out {AgentInfo} into {Zone}";
}

/// <summary><c>POST /api/v1/ob/scale_in</c>, sent to a member other than the node removed. snake_case names here.</summary>
public sealed record ScaleInRequest(
    [property: JsonProperty("agent_info")] AgentAddress AgentInfo,
    [property: JsonProperty("force_kill")] bool ForceKill);

/// <summary><c>POST /api/v1/task/dag/{id}</c>: RETRY, ROLLBACK, CANCEL or PASS.</summary>
public sealed record DagOperatorRequest([property: JsonProperty("operator")] string Operator);
