using ClusterScale.Simulators.Obshell.Cluster;

namespace ClusterScale.Simulators.Obshell.Dags;

/// <summary>DAG, node and sub-task states, as obshell spells them.</summary>
public static class DagStates
{
    public const string Pending = "PENDING";
    public const string Ready = "READY";
    public const string Running = "RUNNING";
    public const string Failed = "FAILED";
    public const string Succeed = "SUCCEED";
}

/// <summary>DAG operators. Read together with the state: SUCCEED+ROLLBACK means the change was undone.</summary>
public static class DagOperators
{
    public const string Run = "RUN";
    public const string Retry = "RETRY";
    public const string Rollback = "ROLLBACK";
    public const string Cancel = "CANCEL";
    public const string Pass = "PASS";
}

/// <summary>
/// One cluster DAG. Every node has exactly one sub-task (as scale-out/in nodes do in obshell), so the node
/// carries the sub-task's id, executing agent and logs. Mutated only under <see cref="ClusterState.Gate"/>.
/// </summary>
internal sealed class Dag(long id, string name, IReadOnlyList<DagNode> nodes)
{
    public long Id { get; } = id;

    /// <summary>Generic id of a cluster DAG: "1" followed by the decimal dag id.</summary>
    public string GenericId => "1" + Id;

    public string Name { get; } = name;

    public IReadOnlyList<DagNode> Nodes { get; } = nodes;

    public string State { get; set; } = DagStates.Ready;

    public string Operator { get; set; } = DagOperators.Run;

    /// <summary>1-based index of the node running (or failed, or last run).</summary>
    public int Stage { get; set; } = 1;

    public int MaxStage => Nodes.Count;

    public DateTimeOffset? StartTime { get; set; }

    public DateTimeOffset? EndTime { get; set; }

    /// <summary>Scale-out DAGs refuse CANCEL and PASS.</summary>
    public bool AllowsCancelAndPass { get; init; } = true;

    /// <summary>Scale-in gives the lock back when its first node fails: nothing has changed yet.</summary>
    public bool ReleasesLockWhenFirstNodeFails { get; init; }

    /// <summary>Injected node failures (<see cref="Faults.ObshellFaults.FailDagAtNode"/>) apply to scale DAGs only.</summary>
    public bool AcceptsInjectedFailures { get; init; } = true;

    public bool CancelRequested { get; set; }

    public DagView ToView() =>
        new(GenericId, Name, State, Operator, Stage, MaxStage, State is DagStates.Succeed or DagStates.Failed ? EndTime : null);
}

/// <summary>
/// One node and its single sub-task. <see cref="Apply"/> changes the cluster and <see cref="Undo"/> reverts it on
/// ROLLBACK; each returns an error message to fail the node. Both run under the cluster gate.
/// </summary>
internal sealed class DagNode(long id, long taskId, string name, SimulatedAgent executeAgent, Func<string?> apply, Func<string?>? undo)
{
    public long Id { get; } = id;

    public long TaskId { get; } = taskId;

    public string Name { get; } = name;

    public SimulatedAgent ExecuteAgent { get; } = executeAgent;

    public Func<string?> Apply { get; } = apply;

    public Func<string?>? Undo { get; } = undo;

    /// <summary>"Delete agent" cannot be rolled back.</summary>
    public bool CanRollback { get; init; } = true;

    /// <summary>Overrides the simulator's stage duration (a foreign DAG's long node).</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>The node's change is in effect (ran successfully and was not rolled back).</summary>
    public bool Applied { get; set; }

    public string State { get; set; } = DagStates.Pending;

    public string Operator { get; set; } = DagOperators.Run;

    public DateTimeOffset? StartTime { get; set; }

    public DateTimeOffset? EndTime { get; set; }

    public int ExecuteTimes { get; set; }

    public List<string> Logs { get; } = [];

    /// <summary>A node whose undo cannot fail (or that has nothing to undo).</summary>
    public static DagNode Create(ClusterState cluster, string name, SimulatedAgent on, Func<string?> apply, Action? undo = null) =>
        new(cluster.NextNodeId(), cluster.NextTaskId(), name, on, apply, undo is null ? null : () => Effect(undo));

    /// <summary>Wraps a change that cannot fail as a node's <see cref="Apply"/> or <see cref="Undo"/>.</summary>
    public static string? Effect(Action change)
    {
        change();
        return null;
    }
}
