using ClusterScale.Provider.Obshell.Api;

namespace ClusterScale.Provider.Obshell.Cluster;

/// <summary>What a running DAG tells the user and the waiter: the current stage, and how long the rest will likely
/// take, judged from how long its finished nodes took.</summary>
public static class DagProgress
{
    /// <summary>e.g. <c>stage 4/9: Wait remote deploy finish</c>.</summary>
    public static string Stage(DagDetail dag)
    {
        var node = CurrentNode(dag);
        return $"stage {dag.Stage}/{dag.MaxStage}{(node is null ? "" : ": " + node.Name)}";
    }

    /// <summary>
    /// Average finished-node duration times the nodes still to run, counting the running one as half done. Null
    /// before any node has finished (the waiter then polls blindly, quickly at first). The estimate lets the waiter
    /// sleep through long stages and look closely near the expected end.
    /// </summary>
    public static TimeSpan? ExpectedRemaining(DagDetail dag)
    {
        var nodes = dag.Nodes ?? [];
        var finished = nodes.Where(n => n.State == DagStates.Succeed && HasTime(n.StartTime) && HasTime(n.EndTime) && n.EndTime >= n.StartTime).ToList();
        if (finished.Count == 0) return null;
        var average = TimeSpan.FromTicks((long)finished.Average(n => (n.EndTime!.Value - n.StartTime!.Value).Ticks));
        var unfinished = Math.Max(0, dag.MaxStage - finished.Count);
        return unfinished == 0 ? TimeSpan.Zero : average * (unfinished - 0.5);
    }

    private static DagNode? CurrentNode(DagDetail dag) =>
        dag.Nodes is { } nodes && dag.Stage >= 1 && dag.Stage <= nodes.Count ? nodes[dag.Stage - 1]
            : dag.Nodes?.FirstOrDefault(n => n.State != DagStates.Succeed);

    /// <summary>obshell reports unset times as 0001-01-01T00:00:00Z.</summary>
    private static bool HasTime(DateTimeOffset? t) => t is { Year: > 1 };
}
