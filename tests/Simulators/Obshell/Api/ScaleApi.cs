using System.Globalization;
using ClusterScale.Simulators.Obshell.Cluster;
using ClusterScale.Simulators.Obshell.Dags;
using ClusterScale.Simulators.Obshell.Faults;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Simulators.Obshell.Api;

/// <summary><c>POST /api/v1/ob/scale_out</c>; <c>POST /api/v1/ob/scale_in</c> and <c>DELETE /api/v1/observer</c> (one handler).</summary>
internal sealed class ScaleApi(ClusterState cluster, DagRunner runner)
{
    public void Map(Router router) => router
        .Map("POST", "/api/v1/ob/scale_out", true, ScaleOut, mutates: MutatingRoute.ScaleOut)
        .Map("POST", "/api/v1/ob/scale_in", true, ScaleIn, ObshellVersions.ScaleInAndAgentPassword, MutatingRoute.ScaleIn)
        .Map("DELETE", "/api/v1/observer", true, ScaleIn, ObshellVersions.ScaleInAndAgentPassword, MutatingRoute.ScaleIn);

    private ApiResult ScaleOut(ApiRequest request)
    {
        var json = Json.ParseObject(request.Body);
        var (ip, port) = Json.RequiredAgentInfo(json, "agentInfo"); // camelCase only: agent_info does not bind here
        var zone = Json.String(json, "zone") is { Length: > 0 } z ? z : throw Errors.IllegalArgument("zone is required");
        var configs = StringMap(Json.Object(json, "obConfigs") ?? throw Errors.IllegalArgument("obConfigs is required"));
        var targetPassword = Json.String(json, "targetAgentPassword") ?? "";
        var rpcPort = PortSetting(configs, "rpc_port", "rpcPort", "2882");
        var sqlPort = PortSetting(configs, "mysql_port", "mysqlPort", "2881");

        // The agent's checks, in its order (spec section 3, 1..8).
        var receiver = request.Agent;
        if (receiver.Identity != Identities.ClusterAgent)
        {
            throw Errors.NotSupportOperation(receiver.Identity, "scale out");
        }

        var target = cluster.FindAgent(ip, port) is { Reachable: true } found
            ? found
            : throw Errors.Unexpected($"get {ip}:{port} status failed");
        if (target.Identity != Identities.Single)
        {
            throw new ApiException(400, "Agent.Identify.NotSupportOperation", $"agent {target.Name} identity is '{target.Identity}', not SINGLE: it cannot be scaled out");
        }

        if (target.ObVersion != receiver.ObVersion)
        {
            throw new ApiException(400, "Agent.OB.Version.Inconsistent", $"OceanBase version of {target.Name} is {target.ObVersion}, the cluster's is {receiver.ObVersion}");
        }

        CheckObshellVersion(target, receiver);
        var rpc = ParsePort(rpcPort);
        var sql = ParsePort(sqlPort);
        if (cluster.Servers.Any(s => s.Ip == ip && s.RpcPort == rpc))
        {
            throw new ApiException(500, "Agent.AlreadyExists", $"server {ip}:{rpc} already exists in the cluster");
        }

        ThrowIfLocked();
        var dag = ScaleOutDag.Create(cluster, new ScaleOutRequest(receiver, target, zone, rpc, sql, targetPassword));
        runner.Submit(dag);
        return ApiResult.Ok(DagDtos.Detail(dag, showDetails: false));
    }

    private ApiResult ScaleIn(ApiRequest request)
    {
        var json = Json.ParseObject(request.Body);
        var (ip, port) = Json.RequiredAgentInfo(json, "agent_info"); // snake_case only: agentInfo does not bind here
        var forceKill = Json.Bool(json, "force_kill");
        var receiver = request.Agent;
        if (receiver.Identity != Identities.ClusterAgent)
        {
            throw Errors.NotSupportOperation(receiver.Identity, "scale in");
        }

        if (receiver.Ip == ip && receiver.Port == port)
        {
            throw new ApiException(400, "OB.Server.DeleteSelf", $"{ip}:{port} cannot delete itself: send scale_in to another member");
        }

        if (cluster.FindAgent(ip, port) is not { InAgentTable: true } target)
        {
            return ApiResult.NoContent; // already gone: idempotent, no DAG
        }

        if (forceKill && !ScaleInDag.PaxosMajorityAliveWithout(cluster, target))
        {
            throw new ApiException(400, "OB.Cluster.MultiPaxosNotAlive", $"killing {target.Name} leaves some log stream without a Paxos majority");
        }

        ThrowIfLocked();
        var dag = ScaleInDag.Create(cluster, receiver, target, forceKill);
        runner.Submit(dag);
        return ApiResult.Ok(DagDtos.Detail(dag, showDetails: false));
    }

    private void ThrowIfLocked()
    {
        if (cluster.LockHolder is { } holder)
        {
            throw Errors.UnderMaintenance(holder.Name);
        }
    }

    private static void CheckObshellVersion(SimulatedAgent target, SimulatedAgent receiver)
    {
        var targetVersion = ObshellVersions.Parse(target.ObshellVersion);
        if (targetVersion > ObshellVersions.Parse(receiver.ObshellVersion))
        {
            throw new ApiException(400, "OB.Cluster.ScaleOutHigherVersion", $"obshell of {target.Name} ({target.ObshellVersion}) is newer than the cluster's ({receiver.ObshellVersion})");
        }

        if (targetVersion < ObshellVersions.OldestScalable)
        {
            throw new ApiException(400, "OB.Cluster.ScaleOutLowerVersion", $"obshell of {target.Name} ({target.ObshellVersion}) is older than {ObshellVersions.OldestScalable}");
        }
    }

    private static Dictionary<string, string> StringMap(JObject configs) => configs.Properties().ToDictionary(
        p => p.Name,
        p => p.Value.Type == JTokenType.String ? p.Value.Value<string>()! : throw Errors.BindJsonFailed($"obConfigs.{p.Name} must be a string"));

    // Both spellings are accepted; both with different values is an illegal argument.
    private static string PortSetting(Dictionary<string, string> configs, string name, string legacyName, string fallback)
    {
        var current = configs.GetValueOrDefault(name);
        var legacy = configs.GetValueOrDefault(legacyName);
        if (current is not null && legacy is not null && current != legacy)
        {
            throw Errors.IllegalArgument($"obConfigs: {name} '{current}' and {legacyName} '{legacy}' differ");
        }

        return current ?? legacy ?? fallback;
    }

    private static int ParsePort(string port) =>
        int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is > 0 and <= 65535
            ? value
            : throw Errors.InvalidPort(port);
}
