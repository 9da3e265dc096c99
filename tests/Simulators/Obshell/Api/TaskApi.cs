using System.Globalization;
using ClusterScale.Simulators.Obshell.Cluster;
using ClusterScale.Simulators.Obshell.Dags;
using ClusterScale.Simulators.Obshell.Faults;

namespace ClusterScale.Simulators.Obshell.Api;

/// <summary>
/// DAG query and control under <c>/api/v1/task</c> (spec section 5; obshell ob/agent/executor/task/dag.go): any
/// agent that holds the cluster's OceanBase answers for a cluster DAG; a SINGLE agent holds none.
/// </summary>
internal sealed class TaskApi(ClusterState cluster, DagRunner runner)
{
    // "2" + 10-digit IPv4 + 5-digit port + id: an agent-local DAG.
    private const int LocalIdPrefixLength = 1 + 10 + 5;

    public void Map(Router router) => router
        .Map("GET", "/api/v1/task/dag/maintain/ob", true, Maintaining)
        .Map("GET", "/api/v1/task/dag/ob/unfinish", true, Unfinished)
        .Map("GET", "/api/v1/task/dag/{id}", true, GetDag)
        .Map("POST", "/api/v1/task/dag/{id}", true, OperateDag, mutates: MutatingRoute.DagOperator)
        .Map("GET", "/api/v1/task/node/{id}", true, GetNode)
        .Map("GET", "/api/v1/task/sub_task/{id}", true, GetSubTask)
        .Map("GET", "/api/v1/task/sub_task/{id}/logs", true, GetSubTaskLogs);

    private ApiResult Maintaining(ApiRequest request)
    {
        RequireOceanBase(request.Agent);
        return cluster.NewestMaintenanceDag is { } dag
            ? ApiResult.Ok(DagDtos.Detail(dag, request.ShowDetails, request.Agent))
            : throw Errors.TaskNotFound("Cluster is not under maintenance");
    }

    // FAILED maintenance DAGs stay unfinished, lock or not. obshell's handler creates its identity error without
    // sending it, so a non-CLUSTER AGENT (a node removed by scale-in is SINGLE) answers the middleware's "no response"
    // 500 (obshell@61ee147 ob/agent/executor/task/dag.go:522-526, api/common/middleware.go:296; spec Corrections 2026-12-05).
    private ApiResult Unfinished(ApiRequest request) => request.Agent.Identity == Identities.ClusterAgent
        ? ApiResult.Contents(cluster.Dags.Where(d => d.State != DagStates.Succeed).Select(d => DagDtos.Detail(d, request.ShowDetails, request.Agent)))
        : throw Errors.Unexpected("ocsagent cannot build response body");

    private ApiResult GetDag(ApiRequest request) => ApiResult.Ok(DagDtos.Detail(FindDag(request, ClusterId(request)), request.ShowDetails, request.Agent));

    // The id is checked before the body binds, the body before the DAG is looked up.
    private ApiResult OperateDag(ApiRequest request)
    {
        var id = ClusterId(request);
        var op = Json.RequiredString(Json.ParseObject(request.Body), "operator", "DagOperator", "Operator");
        var dag = FindDag(request, id);
        runner.Operate(dag, op);
        cluster.Record(LedgerRoutes.DagOperator(op.ToUpperInvariant()), dag.GenericId, dag.GenericId, request.Agent);
        return ApiResult.Ok(null);
    }

    private ApiResult GetNode(ApiRequest request)
    {
        var id = ClusterId(request);
        RequireOceanBase(request.Agent);
        var node = cluster.Dags.SelectMany(d => d.Nodes).FirstOrDefault(n => n.Id == id) ?? throw TaskNotFound();
        return ApiResult.Ok(DagDtos.Node(node, request.ShowDetails));
    }

    private ApiResult GetSubTask(ApiRequest request) => ApiResult.Ok(DagDtos.SubTask(FindSubTask(request)));

    private ApiResult GetSubTaskLogs(ApiRequest request) => ApiResult.Contents(FindSubTask(request).Logs);

    private Dag FindDag(ApiRequest request, long id)
    {
        RequireOceanBase(request.Agent);
        return cluster.Dags.Find(d => d.Id == id) ?? throw TaskNotFound();
    }

    private DagNode FindSubTask(ApiRequest request)
    {
        var id = ClusterId(request);
        RequireOceanBase(request.Agent);
        return cluster.Dags.SelectMany(d => d.Nodes).FirstOrDefault(n => n.TaskId == id) ?? throw TaskNotFound();
    }

    // The cluster's task tables live in OceanBase: an agent without it (SINGLE, e.g. a node after scale-in's "Delete
    // agent") fails to read them, 500 Agent.OceanBase.NotHold; ask another member (obshell@61ee147
    // ob/agent/executor/task/dag.go:96-119; spec Corrections 2026-12-05).
    private static void RequireOceanBase(SimulatedAgent agent)
    {
        if (!agent.HoldsOceanBase)
        {
            throw Errors.OceanBaseNotHeld();
        }
    }

    private static ApiException TaskNotFound() => Errors.TaskNotFound("record not found");

    /// <summary>The numeric id inside a generic id; agent-local ids are well-formed but never found (the simulator keeps no local DAGs).</summary>
    private static long ClusterId(ApiRequest request)
    {
        var generic = request.RouteValues["id"];
        var digits = generic.Length >= 2 && generic.All(char.IsAsciiDigit);
        if (digits && generic[0] == '1' && long.TryParse(generic.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return id;
        }

        if (digits && generic[0] == '2' && generic.Length > LocalIdPrefixLength)
        {
            throw TaskNotFound();
        }

        throw Errors.GenericIdInvalid(generic);
    }
}
