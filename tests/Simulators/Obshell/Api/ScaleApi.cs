using System.Globalization;
using ClusterScale.Simulators.Obshell.Cluster;
using ClusterScale.Simulators.Obshell.Dags;
using ClusterScale.Simulators.Obshell.Faults;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Simulators.Obshell.Api;

/// <summary><c>POST /api/v1/ob/scale_out</c>; <c>POST /api/v1/ob/scale_in</c> and <c>DELETE /api/v1/observer</c> (one handler).</summary>
internal sealed class ScaleApi(ClusterState cluster, DagRunner runner)
{
    private const string ScaleOutParam = "ClusterScaleOutParam.ScaleOutParam";
    private const string ScaleInParam = "ClusterScaleInParam";

    // obshell's OB_CONFIG_COMPATIBLE_MAP: the current spelling and the legacy one it also accepts.
    private static readonly (string Name, string Legacy)[] CompatibleNames = [("rpc_port", "rpcPort"), ("mysql_port", "mysqlPort")];

    public void Map(Router router) => router
        .Map("POST", "/api/v1/ob/scale_out", true, ScaleOut, mutates: MutatingRoute.ScaleOut)
        .Map("POST", "/api/v1/ob/scale_in", true, ScaleIn, ObshellVersions.ScaleInAndAgentPassword, MutatingRoute.ScaleIn)
        .Map("DELETE", "/api/v1/observer", true, ScaleIn, ObshellVersions.ScaleInAndAgentPassword, MutatingRoute.ScaleIn);

    // The agent's checks in its order (spec section 3; obshell ob/agent/executor/ob/scale_out.go HandleClusterScaleOut).
    private ApiResult ScaleOut(ApiRequest request)
    {
        var json = Json.ParseObject(request.Body);
        var (ip, port) = Json.RequiredAgentInfo(json, "agentInfo", ScaleOutParam + ".AgentInfo"); // camelCase only: agent_info does not bind here
        var configs = StringMap(Json.Object(json, "obConfigs") ?? throw Json.Required(ScaleOutParam, "ObConfigs"));
        var zone = Json.RequiredString(json, "zone", ScaleOutParam, "Zone");
        var targetPassword = Json.String(json, "targetAgentPassword") ?? "";

        var receiver = request.Agent;
        RequireIdentity(receiver, Identities.ClusterAgent);
        var target = cluster.FindAgent(ip, port) is { Reachable: true } found
            ? found
            : throw Errors.TargetUnreachable($"{ip}:{port}");
        RequireIdentity(target, Identities.Single);
        if (target.ObVersion != receiver.ObVersion)
        {
            throw new ApiException(400, "Agent.OB.Version.Inconsistent", $"OB version is not consistent between {target.Name}({target.ObVersion}) and {receiver.Name}({receiver.ObVersion})");
        }

        CheckObshellVersion(target, receiver);
        MergeLegacyPortNames(configs);

        // Only the rpc port is parsed here (Go's Atoi), and not range-checked: node 1 checks both ports (spec section 3).
        long rpcPort = ObshellSimulator.DefaultRpcPort;
        if (configs.TryGetValue("rpc_port", out var rpcText) && !long.TryParse(rpcText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out rpcPort))
        {
            throw Errors.InvalidPort(rpcText);
        }

        if (cluster.Servers.Any(s => s.Ip == ip && s.RpcPort == rpcPort))
        {
            throw new ApiException(500, "Agent.AlreadyExists", $"Agent {ip}:{rpcPort} already exists in cluster") { Legacy = new LegacyError(400, 1000) };
        }

        var dag = ScaleOutDag.Create(cluster, new ScaleOutRequest(receiver, target, zone, configs, targetPassword));
        runner.Submit(dag);
        cluster.Record(LedgerRoutes.ScaleOut, target.Name, dag.GenericId, receiver);
        return ApiResult.Ok(DagDtos.Detail(dag, showDetails: false, receiver));
    }

    // Spec section 4; obshell ob/agent/api/obcluster_handler.go obclusterScaleInHandler.
    private ApiResult ScaleIn(ApiRequest request)
    {
        var json = Json.ParseObject(request.Body);
        var (ip, port) = Json.RequiredAgentInfo(json, "agent_info", ScaleInParam + ".AgentInfo"); // snake_case only: agentInfo does not bind here
        var forceKill = Json.Bool(json, "force_kill");
        var receiver = request.Agent;
        var targetIsReceiver = receiver.Ip == ip && receiver.Port == port;
        if (targetIsReceiver && receiver.Identity == Identities.Single)
        {
            return ApiResult.NoContent; // a SINGLE agent is not in any cluster: it is already "scaled in"
        }

        if (targetIsReceiver)
        {
            throw new ApiException(400, "OB.Server.DeleteSelf", "Cannot delete the current server") { Legacy = new LegacyError(400, 1000) };
        }

        RequireIdentity(receiver, Identities.ClusterAgent);
        if (cluster.FindAgent(ip, port) is not { InAgentTable: true } target)
        {
            return ApiResult.NoContent; // already gone: idempotent, no DAG
        }

        if (forceKill && !ScaleInDag.PaxosMajorityAliveWithout(cluster, target))
        {
            throw new ApiException(400, "OB.Cluster.MultiPaxosNotAlive", "Multi paxos member is not alive");
        }

        var dag = ScaleInDag.Create(cluster, receiver, target, forceKill);
        runner.Submit(dag);
        cluster.Record(LedgerRoutes.ScaleIn, target.Name, dag.GenericId, receiver);
        return ApiResult.Ok(DagDtos.Detail(dag, showDetails: false, receiver));
    }

    private static void RequireIdentity(SimulatedAgent agent, string identity)
    {
        if (agent.Identity != identity)
        {
            throw Errors.NotSupportOperation(agent.Name, agent.Identity, identity);
        }
    }

    private static void CheckObshellVersion(SimulatedAgent target, SimulatedAgent receiver)
    {
        var targetVersion = ObshellVersions.Parse(target.ObshellVersion);
        if (targetVersion > ObshellVersions.Parse(receiver.ObshellVersion))
        {
            throw new ApiException(400, "OB.Cluster.ScaleOutHigherVersion", $"Scaling out a higher version agent {target.Name}({target.ObshellVersion}) into cluster agent {receiver.Name}({receiver.ObshellVersion}) is not allowed");
        }

        if (targetVersion < ObshellVersions.OldestScalable)
        {
            throw new ApiException(400, "OB.Cluster.ScaleOutLowerVersion", $"Scaling out a lower version agent({target.ObshellVersion} before {ObshellVersions.OldestScalable}) into cluster agent({receiver.ObshellVersion}) is not allowed");
        }
    }

    private static Dictionary<string, string> StringMap(JObject configs) => configs.Properties().ToDictionary(
        p => p.Name,
        p => p.Value.Type == JTokenType.String ? p.Value.Value<string>()! : throw Errors.BindJsonFailed($"json: cannot unmarshal {p.Value.Type.ToString().ToLowerInvariant()} into Go struct field ClusterScaleOutParam.obConfigs of type string"));

    // obshell paramToConfig: the legacy spelling is folded into the current one; both, differing, is refused.
    private static void MergeLegacyPortNames(Dictionary<string, string> configs)
    {
        foreach (var (name, legacy) in CompatibleNames)
        {
            if (configs.TryGetValue(name, out var current))
            {
                if (configs.TryGetValue(legacy, out var old) && old != current)
                {
                    throw Errors.IllegalArgument("observerConfig", $"You cannot set both {name} and {legacy}, use {name} instead.");
                }
            }
            else if (configs.TryGetValue(legacy, out var old))
            {
                configs[name] = old;
            }

            configs.Remove(legacy);
        }
    }
}
