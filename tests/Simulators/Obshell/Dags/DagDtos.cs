using ClusterScale.Simulators.Obshell.Api;

namespace ClusterScale.Simulators.Obshell.Dags;

/// <summary>DagDetailDTO, NodeDetailDTO and TaskDetailDTO with obshell's snake_case names.</summary>
internal static class DagDtos
{
    // obshell's maintenance type of a cluster-wide (global) maintenance DAG: GLOBAL_MAINTENANCE = 2 (0 NOT_BOOTSTRAP,
    // 1 NOT_UNDER_MAINTENANCE; obshell@61ee147 ob/agent/engine/task/maintenance_type.go:42-48, spec obshell-api.md §6).
    private const int GlobalMaintenance = 2;

    public static object Detail(Dag dag, bool showDetails) => new
    {
        id = dag.GenericId,
        dag_id = dag.Id,
        name = dag.Name,
        stage = dag.Stage,
        max_stage = dag.MaxStage,
        maintenance_type = GlobalMaintenance,
        maintenance_key = "",
        state = dag.State,
        @operator = dag.Operator,
        start_time = Rfc3339.Format(dag.StartTime),
        end_time = Rfc3339.Format(dag.EndTime),
        additional_data = (object?)null,
        nodes = showDetails ? dag.Nodes.Select(n => Node(n, showDetails: true)).ToList() : null,
    };

    public static object Node(DagNode node, bool showDetails) => new
    {
        id = "1" + node.Id,
        node_id = node.Id,
        name = node.Name,
        state = node.State,
        @operator = node.Operator,
        start_time = Rfc3339.Format(node.StartTime),
        end_time = Rfc3339.Format(node.EndTime),
        additional_data = (object?)null,
        sub_tasks = showDetails ? new[] { SubTask(node) } : null,
    };

    public static object SubTask(DagNode node) => new
    {
        id = "1" + node.TaskId,
        task_id = node.TaskId,
        name = node.Name,
        state = node.State,
        @operator = node.Operator,
        start_time = Rfc3339.Format(node.StartTime),
        end_time = Rfc3339.Format(node.EndTime),
        additional_data = (object?)null,
        execute_times = node.ExecuteTimes,
        execute_agent = new { ip = node.ExecuteAgent.Ip, port = node.ExecuteAgent.Port },
        task_logs = node.Logs.ToList(),
    };
}
