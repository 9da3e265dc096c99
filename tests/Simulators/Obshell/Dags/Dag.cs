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

/// <summary>The operators a node's sub-task allows (obshell's SetCanRetry / SetCanRollback / SetCanCancel / SetCanPass).</summary>
[Flags]
internal enum NodeAbilities
{
    None = 0,
    Retry = 1,
    Rollback = 2,
    Cancel = 4,
    Pass = 8,

    /// <summary>The scale-out tasks: RETRY and ROLLBACK only.</summary>
    RetryRollback = Retry | Rollback,
    All = Retry | Rollback | Cancel | Pass,
}

/// <summary>
/// One cluster DAG. Every node has exactly one sub-task (as scale-out/in nodes do in obshell), so the node
/// carries the sub-task's id, executing agent and logs. Mutated only under <see cref="ClusterState.Gate"/>.
/// </summary>
internal sealed class Dag(long id, string name, IReadOnlyList<DagNode> nodes, DateTimeOffset created)
{
    /// <summary>GLOBAL_MAINTENANCE: every scale DAG (and delete-zone) takes the cluster-wide lock (spec section 6).</summary>
    public const int GlobalMaintenance = 2;

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

    /// <summary>The insert time at creation; 1970-01-01 after an operator until the DAG runs again (spec section 5).</summary>
    public DateTimeOffset StartTime { get; set; } = created;

    public DateTimeOffset EndTime { get; set; } = created;

    /// <summary>Injected node failures (<see cref="Faults.ObshellFaults.FailDagAtNode"/>) apply to scale DAGs only.</summary>
    public bool AcceptsInjectedFailures { get; init; } = true;

    public bool IsFinished => State is DagStates.Succeed or DagStates.Failed;

    /// <summary>The node at <see cref="Stage"/>.</summary>
    public DagNode Current => Nodes[Stage - 1];

    public DagView ToView() =>
        new(GenericId, Name, State, Operator, Stage, MaxStage, IsFinished ? EndTime : null);
}

/// <summary>
/// One node and its single sub-task. <see cref="Apply"/> changes the cluster and <see cref="Undo"/> reverts it on
/// ROLLBACK; each returns an error message to fail the node. Both run under the cluster gate.
/// </summary>
internal sealed class DagNode(long id, long taskId, string name, SimulatedAgent executeAgent, Func<Step> apply, Func<Step>? undo, NodeAbilities abilities, DateTimeOffset created)
{
    public long Id { get; } = id;

    public long TaskId { get; } = taskId;

    public string Name { get; } = name;

    /// <summary>The agent that scheduled the sub-task (the maintainer), never the node being added or removed.</summary>
    public SimulatedAgent ExecuteAgent { get; } = executeAgent;

    public Func<Step> Apply { get; } = apply;

    public Func<Step>? Undo { get; } = undo;

    public NodeAbilities Abilities { get; } = abilities;

    /// <summary>obshell's <c>failure_exit_maintenance</c>: the DAG gives the lock back when it fails (or is cancelled) here.</summary>
    public bool FailureExitsMaintenance { get; set; }

    /// <summary>Overrides the simulator's stage duration (a foreign DAG's long node).</summary>
    public TimeSpan? Duration { get; set; }

    /// <summary>The node ran forward (its change, even a partial one, may be in effect) and was not rolled back since.</summary>
    public bool NeedsUndo { get; set; }

    public string State { get; set; } = DagStates.Pending;

    public string Operator { get; set; } = DagOperators.Run;

    public DateTimeOffset StartTime { get; set; } = created;

    public DateTimeOffset EndTime { get; set; } = created;

    public int ExecuteTimes { get; set; }

    public List<string> Logs { get; } = [];

    public bool IsFinished => State is DagStates.Succeed or DagStates.Failed;

    public bool Can(NodeAbilities ability) => (Abilities & ability) == ability;

    public static DagNode Create(ClusterState cluster, string name, SimulatedAgent on, Func<Step> apply, Func<Step>? undo = null, NodeAbilities abilities = NodeAbilities.All) =>
        new(cluster.NextNodeId(), cluster.NextTaskId(), name, on, apply, undo, abilities, cluster.Now);
}

/// <summary>What running (or undoing) a node did: an error fails it; a log line is added either way.</summary>
internal readonly record struct Step(string? Error, string? Log)
{
    public static Step Done(string? log = null) => new(null, log);

    public static Step Fail(string error) => new(error, null);

    /// <summary>A change that cannot fail.</summary>
    public static Step Effect(Action change, string? log = null)
    {
        change();
        return Done(log);
    }
}
