using ClusterScale.Simulators.Obshell.Cluster;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Simulators.Obshell.Api;

/// <summary><c>/api/v1/secret</c>, <c>/time</c>, <c>/info</c>, <c>/status</c> (no auth) and <c>/api/v1/ob/info</c> (auth).</summary>
internal sealed class InfoApi(ClusterState cluster)
{
    // obshell's service state "running" (constant.STATE_RUNNING).
    private const int AgentRunning = 2;
    private const string HomePath = "/home/admin/oceanbase";

    public void Map(Router router) => router
        .Map("GET", "/api/v1/secret", false, Secret)
        .Map("GET", "/api/v1/time", false, Time)
        .Map("GET", "/api/v1/info", false, Info)
        .Map("GET", "/api/v1/status", false, Status)
        .Map("GET", "/api/v1/ob/info", true, ObInfo)
        .Map("GET", "/api/v1/obcluster/info", true, ObclusterInfo, ObshellVersions.ObclusterInfo);

    // DER PKCS#1 RSAPublicKey, standard base64: what the SDKs import.
    private ApiResult Secret(ApiRequest request) => ApiResult.Ok(new
    {
        ip = request.Agent.Ip,
        port = request.Agent.Port,
        public_key = Convert.ToBase64String(request.Agent.Key.ExportRSAPublicKey()),
    });

    // TimeHandler: the agent's clock, a Go time.Time, as data (obshell@61ee147 ob/agent/api/info_handler.go:49-51).
    private ApiResult Time(ApiRequest request) => ApiResult.Ok(Rfc3339.Format(cluster.Now));

    private ApiResult Info(ApiRequest request)
    {
        var agent = request.Agent;
        var info = JObject.FromObject(new
        {
            pid = agent.Pid,
            state = AgentRunning,
            startAt = agent.StartedAt.ToUnixTimeMilliseconds() * 1_000_000,
            homePath = HomePath,
            obVersion = agent.ObVersion,
            architecture = "x86_64",
            ip = agent.Ip,
            port = agent.Port,
            zone = agent.Zone,
            identity = agent.Identity,
            version = agent.ObshellVersion,
            isObproxyAgent = false,
            security = agent.AgentPassword.Length > 0,
            supportedAuth = new[] { "v2" },
        });
        if (!agent.Since(ObshellVersions.SupportedAuth))
        {
            info.Remove("supportedAuth"); // clients assume auth v2 when it is missing
        }

        return ApiResult.Ok(info);
    }

    private ApiResult Status(ApiRequest request)
    {
        var agent = request.Agent;
        var status = JObject.FromObject(new
        {
            agent = new { ip = agent.Ip, port = agent.Port, identity = agent.Identity },
            state = AgentRunning,
            version = agent.ObshellVersion,
            pid = agent.Pid,
            startAt = agent.StartedAt.ToUnixTimeMilliseconds() * 1_000_000,
            port = agent.Port,
            obState = ObStates.Of(cluster, agent),
            sqlPort = cluster.ServerOf(agent)?.SqlPort ?? 0,
            // Only this agent's local lock: held by the target's local scale-out DAG.
            underMaintenance = agent.Identity == Identities.ScalingOut,
        });
        if (status.Value<int>("sqlPort") == 0)
        {
            status.Remove("sqlPort"); // omitempty
        }

        return ApiResult.Ok(status);
    }

    /// <summary>
    /// Who speaks for the cluster (spec Corrections 2026-12-05; obshell@61ee147 ob/agent/executor/ob/info.go:39-104):
    /// a SINGLE or SCALING IN agent knows only itself and answers Go's zero cluster data (info.go:41-44); a member
    /// whose OceanBase query fails (its observer is down) falls back to getAgentInfo (info.go:50-54, 80-104): the
    /// agents of its local sqlite copy, as last synced, the cluster id and name of its local config, and no version
    /// and no topology. Only a member that reaches OceanBase answers with the cluster's view.
    /// </summary>
    private ApiResult ObInfo(ApiRequest request)
    {
        var agent = request.Agent;
        if (agent.Identity is Identities.Single or Identities.ScalingIn)
        {
            return ObInfo([AgentRow.Of(agent)], id: 0, name: "", version: "", topology: null);
        }

        var agentTable = cluster.Agents.Where(a => a.InAgentTable).Select(AgentRow.Of).ToList();
        return agent.Identity == Identities.ClusterAgent && !agent.ObserverRunning
            ? ObInfo(agent.LocalAgentTable ?? agentTable, ClusterState.ClusterId, ClusterState.ClusterName, version: "", topology: null)
            : ObInfo(agentTable, ClusterState.ClusterId, ClusterState.ClusterName, cluster.Options.ObVersion, Topology());
    }

    private static ApiResult ObInfo(IReadOnlyList<AgentRow> agents, int id, string name, string version, Dictionary<string, List<object>>? topology) => ApiResult.Ok(new
    {
        agent_info = agents.Select(a => new
        {
            ip = a.Ip,
            port = a.Port,
            zone = a.Zone,
            identity = a.Identity,
            version = a.Version,
        }).ToList(),
        obcluster_info = new
        {
            id,
            name,
            version,
            topology,
            is_shared_storage = false,
        },
    });

    // DBA_OB_SERVERS by zone: a zone without servers does not appear.
    private Dictionary<string, List<object>> Topology() => cluster.Servers.GroupBy(s => s.Zone).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(
        g => g.Key,
        g => g.Select(s => (object)new
        {
            svr_ip = s.Ip,
            svr_port = s.RpcPort,
            sql_port = s.SqlPort,
            agent_port = s.AgentPort,
            with_rootserver = s.WithRootserver ? "YES" : "NO",
            status = s.Status,
            build_version = s.BuildVersion,
        }).ToList());

    // The 4.3.0.0+ view: every zone (an emptied one too) with its servers; server status in this API's words.
    private ApiResult ObclusterInfo(ApiRequest request)
    {
        RequireClusterAgent(request.Agent);
        return ApiResult.Ok(new
        {
            cluster_name = ClusterState.ClusterName,
            cluster_id = ClusterState.ClusterId,
            ob_version = cluster.Options.ObVersion,
            zones = cluster.Zones.Select(zone => new
            {
                name = zone,
                servers = cluster.Servers.Where(s => s.Zone == zone).Select(s => new
                {
                    ip = s.Ip,
                    svr_port = s.RpcPort,
                    sql_port = s.SqlPort,
                    obshell_port = s.AgentPort,
                    version = s.BuildVersion,
                    with_rootserver = s.WithRootserver,
                    status = s.Status switch
                    {
                        ServerStatuses.Active => "RUNNING",
                        ServerStatuses.Deleting => "DELETING",
                        _ => "UNAVAILABLE",
                    },
                }).ToList(),
            }).ToList(),
        });
    }

    public static void RequireClusterAgent(SimulatedAgent agent)
    {
        if (agent.Identity != Identities.ClusterAgent)
        {
            throw Errors.NotSupportOperation(agent.Name, agent.Identity, Identities.ClusterAgent);
        }
    }
}
