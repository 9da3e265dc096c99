using System.Globalization;
using ClusterScale.Simulators.Obshell.Cluster;
using ClusterScale.Simulators.Obshell.Dags;
using ClusterScale.Simulators.Obshell.Faults;

namespace ClusterScale.Simulators.Obshell.Api;

/// <summary>DAG query and control under <c>/api/v1/task</c>; any member answers for a cluster DAG.</summary>
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
        InfoApi.RequireMember(request.Agent, "query DAGs");
        return cluster.LastMaintenanceDag is { } dag
            ? ApiResult.Ok(DagDtos.Detail(dag, request.ShowDetails))
            : throw Errors.TaskNotFound("maintenance dag");
    }

    private ApiResult Unfinished(ApiRequest request)
    {
        InfoApi.RequireMember(request.Agent, "query DAGs");
        return ApiResult.Contents(cluster.Dags.Where(d => d.State != DagStates.Succeed).Select(d => DagDtos.Detail(d, request.ShowDetails)));
    }

    private ApiResult GetDag(ApiRequest request) => ApiResult.Ok(DagDtos.Detail(FindDag(request), request.ShowDetails));

    private ApiResult OperateDag(ApiRequest request)
    {
        var dag = FindDag(request);
        var op = Json.String(Json.ParseObject(request.Body), "operator") is { Length: > 0 } given
            ? given
            : throw Errors.IllegalArgument("operator is required");
        runner.Operate(dag, op);
        return ApiResult.Ok(null);
    }

    private ApiResult GetNode(ApiRequest request)
    {
        var id = ClusterId(request);
        var node = cluster.Dags.SelectMany(d => d.Nodes).FirstOrDefault(n => n.Id == id) ?? throw Errors.TaskNotFound(request.RouteValues["id"]);
        return ApiResult.Ok(DagDtos.Node(node, request.ShowDetails));
    }

    private ApiResult GetSubTask(ApiRequest request) => ApiResult.Ok(DagDtos.SubTask(FindSubTask(request)));

    private ApiResult GetSubTaskLogs(ApiRequest request) => ApiResult.Contents(FindSubTask(request).Logs);

    private Dag FindDag(ApiRequest request)
    {
        var id = ClusterId(request);
        return cluster.Dags.Find(d => d.Id == id) ?? throw Errors.TaskNotFound(request.RouteValues["id"]);
    }

    private DagNode FindSubTask(ApiRequest request)
    {
        var id = ClusterId(request);
        return cluster.Dags.SelectMany(d => d.Nodes).FirstOrDefault(n => n.TaskId == id) ?? throw Errors.TaskNotFound(request.RouteValues["id"]);
    }

    /// <summary>The numeric id inside a generic id; agent-local ids are well-formed but never found (the simulator keeps no local DAGs).</summary>
    private long ClusterId(ApiRequest request)
    {
        InfoApi.RequireMember(request.Agent, "query tasks");
        var generic = request.RouteValues["id"];
        var digits = generic.Length >= 2 && generic.All(char.IsAsciiDigit);
        if (digits && generic[0] == '1' && long.TryParse(generic.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return id;
        }

        if (digits && generic[0] == '2' && generic.Length > LocalIdPrefixLength)
        {
            throw Errors.TaskNotFound(generic);
        }

        throw Errors.GenericIdInvalid(generic);
    }
}
