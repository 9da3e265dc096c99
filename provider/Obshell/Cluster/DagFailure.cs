using ClusterScale.Provider.Obshell.Api;

namespace ClusterScale.Provider.Obshell.Cluster;

/// <summary>Explains a FAILED DAG the way the official SDKs do: the failing node, and the last log line of each
/// failed sub-task prefixed with the agent that ran it.</summary>
public static class DagFailure
{
    public static string Describe(DagDetail dag)
    {
        var nodes = dag.Nodes ?? [];
        var failed = nodes.FirstOrDefault(n => n.State == DagStates.Failed);
        var where = failed is null ? $"stage {dag.Stage}/{dag.MaxStage}" : $"stage {nodes.IndexOf(failed) + 1}/{dag.MaxStage} '{failed.Name}'";
        var logs = (failed?.SubTasks ?? [])
            .Where(t => t.State == DagStates.Failed)
            .Select(t => $"[{t.ExecuteAgent?.ToString() ?? "unknown agent"}] {t.Name}: {t.TaskLogs?.LastOrDefault() ?? "no log"}")
            .ToList();
        return $"DAG {dag} failed at {where}" + (logs.Count == 0 ? "" : ": " + string.Join("; ", logs));
    }
}
