using ClusterScale.Simulators.Obshell.Cluster;

namespace ClusterScale.Simulators.Obshell.Api;

/// <summary><c>/api/v1/secret</c>, <c>/info</c>, <c>/status</c> (no auth) and <c>/api/v1/ob/info</c> (auth).</summary>
internal sealed class InfoApi(ClusterState cluster)
{
    // obshell's agent state "running" and OceanBase state "connection available" (UNCONFIRMED numbering; 0 = unknown).
    private const int AgentRunning = 2;
    private const int ObAvailable = 4;
    private const int ObUnknown = 0;
    private const string HomePath = "/home/admin/oceanbase";

    public void Map(Router router) => router
        .Map("GET", "/api/v1/secret", false, Secret)
        .Map("GET", "/api/v1/info", false, Info)
        .Map("GET", "/api/v1/status", false, Status)
        .Map("GET", "/api/v1/ob/info", true, ObInfo);

    // DER PKCS#1 RSAPublicKey, standard base64: what the SDKs import.
    private ApiResult Secret(ApiRequest request) => ApiResult.Ok(new
    {
        ip = request.Agent.Ip,
        port = request.Agent.Port,
        public_key = Convert.ToBase64String(request.Agent.Key.ExportRSAPublicKey()),
    });

    private ApiResult Info(ApiRequest request)
    {
        var agent = request.Agent;
        return ApiResult.Ok(new
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
    }

    private ApiResult Status(ApiRequest request)
    {
        var agent = request.Agent;
        var server = cluster.ServerOf(agent);
        return ApiResult.Ok(new
        {
            agent = new { ip = agent.Ip, port = agent.Port, identity = agent.Identity },
            state = AgentRunning,
            version = agent.ObshellVersion,
            pid = agent.Pid,
            startAt = agent.StartedAt.ToUnixTimeMilliseconds() * 1_000_000,
            port = agent.Port,
            obState = server?.Status == ServerStatuses.Active ? ObAvailable : ObUnknown,
            sqlPort = server?.SqlPort ?? 0,
            // Only this agent's local lock: held by the target's local scale-out DAG.
            underMaintenance = agent.Identity == Identities.ScalingOut,
        });
    }

    private ApiResult ObInfo(ApiRequest request)
    {
        RequireMember(request.Agent, "get ob info");
        var topology = cluster.Servers.GroupBy(s => s.Zone).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(
            g => g.Key,
            g => g.Select(s => new
            {
                svr_ip = s.Ip,
                svr_port = s.RpcPort,
                sql_port = s.SqlPort,
                agent_port = s.AgentPort,
                with_rootserver = s.WithRootserver,
                status = s.Status,
                build_version = s.BuildVersion,
            }).ToList());
        return ApiResult.Ok(new
        {
            agent_info = cluster.Agents.Where(a => a.InAgentTable).Select(a => new
            {
                ip = a.Ip,
                port = a.Port,
                zone = a.Zone,
                identity = a.Identity,
                version = a.ObshellVersion,
            }).ToList(),
            obcluster_info = new
            {
                id = ClusterState.ClusterId,
                name = ClusterState.ClusterName,
                version = cluster.Options.ObVersion,
                topology,
                is_shared_storage = false,
            },
        });
    }

    /// <summary>Cluster routes need an agent that belongs to the cluster (CLUSTER AGENT, or one being scaled in).</summary>
    public static void RequireMember(SimulatedAgent agent, string operation)
    {
        if (!agent.IsMember)
        {
            throw Errors.NotSupportOperation(agent.Identity, operation);
        }
    }
}
