using ClusterScale.Simulators.Obshell.Api;
using ClusterScale.Simulators.Obshell.Cluster;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Simulators.Obshell.Dags;

/// <summary>DagDetailDTO, NodeDetailDTO and TaskDetailDTO with obshell's snake_case names (engine/task/task_dto.go).</summary>
internal static class DagDtos
{
    /// <summary>The DAG as <paramref name="answering"/> shows it: agents older than 4.3.0.0 have no maintenance fields.</summary>
    public static JObject Detail(Dag dag, bool showDetails, SimulatedAgent answering)
    {
        var detail = new JObject
        {
            ["id"] = dag.GenericId,
            ["dag_id"] = dag.Id,
            ["name"] = dag.Name,
            ["stage"] = dag.Stage,
            ["max_stage"] = dag.MaxStage,
            ["maintenance_type"] = Dag.GlobalMaintenance,
            ["maintenance_key"] = "", // a tenant name for TENANT maintenance; none for the cluster-wide kind
            ["state"] = dag.State,
            ["operator"] = dag.Operator,
            ["start_time"] = Rfc3339.Format(dag.StartTime),
            ["end_time"] = Rfc3339.Format(dag.EndTime),
            ["additional_data"] = AdditionalData(dag, showDetails),
            ["nodes"] = showDetails ? new JArray(dag.Nodes.Select(n => Node(n, showDetails: true))) : null,
        };
        if (!answering.Since(ObshellVersions.MaintenanceFields))
        {
            detail.Remove("maintenance_type");
            detail.Remove("maintenance_key");
        }

        return detail;
    }

    /// <summary>
    /// Only a detailed DAG shows its own additional_data: the merge of its nodes' data, a new (empty, as no
    /// simulated task has any) map once there are two nodes or more, the lone node's nil map (null) otherwise
    /// (obshell@61ee147 ob/agent/engine/task/task_dto.go:135-174; convertDagDetailDTO calls SetVisible(true) only
    /// with show_details, ob/agent/executor/task/dag.go:231-263). Nodes and sub-tasks are left hidden (null).
    /// </summary>
    private static JObject? AdditionalData(Dag dag, bool showDetails) =>
        showDetails && dag.Nodes.Count > 1 ? new JObject() : null;

    public static JObject Node(DagNode node, bool showDetails)
    {
        var dto = new JObject { ["id"] = "1" + node.Id, ["node_id"] = node.Id, ["name"] = node.Name };
        AddStatus(dto, node);
        dto["sub_tasks"] = showDetails ? new JArray(SubTask(node)) : null;
        return dto;
    }

    public static JObject SubTask(DagNode node)
    {
        var dto = new JObject { ["id"] = "1" + node.TaskId, ["task_id"] = node.TaskId, ["name"] = node.Name };
        AddStatus(dto, node);
        dto["execute_times"] = node.ExecuteTimes;
        dto["execute_agent"] = new JObject { ["ip"] = node.ExecuteAgent.Ip, ["port"] = node.ExecuteAgent.Port };
        // Logs are read only for a sub-task that runs or has finished; a PENDING or READY one (also one
        // set READY again by RETRY/ROLLBACK) shows null (obshell@61ee147 ob/agent/executor/task/sub_task.go:115-120).
        dto["task_logs"] = node.State is DagStates.Running || node.IsFinished ? new JArray(node.Logs) : null;
        return dto;
    }

    // TaskStatusDTO and AdditionalDataDTO, shared by nodes and sub-tasks (each node has one sub-task).
    private static void AddStatus(JObject dto, DagNode node)
    {
        dto["state"] = node.State;
        dto["operator"] = node.Operator;
        dto["start_time"] = Rfc3339.Format(node.StartTime);
        dto["end_time"] = Rfc3339.Format(node.EndTime);
        dto["additional_data"] = null;
    }
}
