using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Provider.Obshell.Api;

/// <summary>A DAG (scale-out, scale-in): read <see cref="State"/> and <see cref="Operator"/> together
/// (SUCCEED+ROLLBACK means undone, never success).</summary>
public sealed class DagDetail
{
    [JsonProperty("id")] public string Id { get; set; } = "";
    [JsonProperty("dag_id")] public long DagId { get; set; }
    [JsonProperty("name")] public string Name { get; set; } = "";
    [JsonProperty("stage")] public int Stage { get; set; }
    [JsonProperty("max_stage")] public int MaxStage { get; set; }
    [JsonProperty("maintenance_type")] public int? MaintenanceType { get; set; }
    [JsonProperty("maintenance_key")] public string? MaintenanceKey { get; set; }
    [JsonProperty("state")] public string State { get; set; } = "";
    [JsonProperty("operator")] public string Operator { get; set; } = "";
    [JsonProperty("start_time")] public DateTimeOffset? StartTime { get; set; }
    [JsonProperty("end_time")] public DateTimeOffset? EndTime { get; set; }
    [JsonProperty("additional_data")] public JToken? AdditionalData { get; set; }
    [JsonProperty("nodes")] public List<DagNode>? Nodes { get; set; }

    public override string ToString() => $"{Name} ({Id})";
}

public sealed class DagNode
{
    [JsonProperty("id")] public string Id { get; set; } = "";
    [JsonProperty("name")] public string Name { get; set; } = "";
    [JsonProperty("state")] public string State { get; set; } = "";
    [JsonProperty("operator")] public string? Operator { get; set; }
    [JsonProperty("start_time")] public DateTimeOffset? StartTime { get; set; }
    [JsonProperty("end_time")] public DateTimeOffset? EndTime { get; set; }
    [JsonProperty("sub_tasks")] public List<DagSubTask>? SubTasks { get; set; }
}

public sealed class DagSubTask
{
    [JsonProperty("id")] public string Id { get; set; } = "";
    [JsonProperty("name")] public string Name { get; set; } = "";
    [JsonProperty("state")] public string State { get; set; } = "";
    [JsonProperty("execute_agent")] public AgentAddress? ExecuteAgent { get; set; }
    [JsonProperty("task_logs")] public List<string>? TaskLogs { get; set; }
}

/// <summary>DAG states and operators as obshell spells them.</summary>
public static class DagStates
{
    public const string Succeed = "SUCCEED";
    public const string Failed = "FAILED";
    public const string Rollback = "ROLLBACK";
    public const string Retry = "RETRY";
    public const string Pass = "PASS";

    public static bool IsFinished(this DagDetail dag) => dag.State is Succeed or Failed;
    /// <summary>Only SUCCEED with RUN/RETRY (done) or PASS (failed nodes skipped by hand) applied the change.</summary>
    public static bool IsApplied(this DagDetail dag) => dag.State == Succeed && dag.Operator != Rollback;
    public static bool IsRolledBack(this DagDetail dag) => dag.State == Succeed && dag.Operator == Rollback;
}
