using ClusterScale.Provider.Obshell.Api;
using ClusterScale.Provider.Obshell.Cluster;

namespace ClusterScale.Provider.Tests.Obshell.Cluster;

/// <summary>Stage lines, remaining-time estimates and failure diagnosis from DAG details.</summary>
public sealed class DagProgressTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Unset = DateTimeOffset.MinValue;

    private static DagNode Node(string name, string state, int startMinute = -1, int endMinute = -1) => new()
    {
        Name = name,
        State = state,
        StartTime = startMinute < 0 ? Unset : T0.AddMinutes(startMinute),
        EndTime = endMinute < 0 ? Unset : T0.AddMinutes(endMinute),
    };

    private static DagDetail Dag(int stage, params DagNode[] nodes) =>
        new() { Id = "11", Name = "Cluster scale out", Stage = stage, MaxStage = nodes.Length, State = "RUNNING", Operator = "RUN", Nodes = [.. nodes] };

    [Fact]
    public void The_stage_line_names_the_current_node()
    {
        var dag = Dag(2, Node("Integrate server config", "SUCCEED", 0, 1), Node("Create local scale out dag", "RUNNING", 1), Node("Wait scale out ready", "PENDING"));

        Assert.Equal("stage 2/3: Create local scale out dag", DagProgress.Stage(dag));
    }

    [Fact]
    public void Without_a_finished_node_there_is_no_estimate()
    {
        Assert.Null(DagProgress.ExpectedRemaining(Dag(1, Node("a", "RUNNING", 0), Node("b", "PENDING"))));
    }

    [Fact]
    public void The_estimate_is_the_average_node_time_for_what_is_left_counting_the_running_node_half()
    {
        // Two nodes took 2 and 4 minutes (average 3); one runs, one waits: 1.5 nodes of 3 minutes remain.
        var dag = Dag(3, Node("a", "SUCCEED", 0, 2), Node("b", "SUCCEED", 2, 6), Node("c", "RUNNING", 6), Node("d", "PENDING"));

        Assert.Equal(TimeSpan.FromMinutes(4.5), DagProgress.ExpectedRemaining(dag));
    }

    [Fact]
    public void A_failure_names_the_node_and_the_last_log_line_of_each_failed_sub_task_with_its_agent()
    {
        var failed = Node("Create local scale out dag", "FAILED", 1, 2);
        failed.SubTasks =
        [
            new DagSubTask { Name = "Create local scale out dag", State = "FAILED", ExecuteAgent = new AgentAddress("10.0.0.1", 2886), TaskLogs = ["start", "agent password mismatch"] },
            new DagSubTask { Name = "other", State = "SUCCEED", ExecuteAgent = new AgentAddress("10.0.0.2", 2886), TaskLogs = ["fine"] },
        ];
        var dag = Dag(2, Node("Integrate server config", "SUCCEED", 0, 1), failed, Node("Wait scale out ready", "PENDING"));
        dag.State = "FAILED";

        Assert.Equal("DAG Cluster scale out (11) failed at stage 2/3 'Create local scale out dag': [10.0.0.1:2886] Create local scale out dag: agent password mismatch",
            DagFailure.Describe(dag));
    }

    [Theory]
    [InlineData("SUCCEED", "RUN", true, false)]
    [InlineData("SUCCEED", "PASS", true, false)]
    [InlineData("SUCCEED", "ROLLBACK", false, true)]
    [InlineData("FAILED", "RUN", false, false)]
    [InlineData("FAILED", "ROLLBACK", false, false)]
    public void State_and_operator_are_read_together(string state, string dagOperator, bool applied, bool rolledBack)
    {
        var dag = new DagDetail { State = state, Operator = dagOperator };

        Assert.Equal((applied, rolledBack, true), (dag.IsApplied(), dag.IsRolledBack(), dag.IsFinished()));
    }
}
