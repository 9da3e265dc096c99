using Newtonsoft.Json.Linq;
using static ClusterScale.Simulators.Tests.Obshell.SimulatorScope;

namespace ClusterScale.Simulators.Tests.Obshell;

public sealed class TaskTests
{
    [Fact]
    public async Task An_unknown_DAG_is_404_Task_NotFound()
    {
        await using var scope = await StartAsync();
        var response = await scope.Client.GetAsync("/api/v1/task/dag/199");
        Assert.Equal((404, "Task.NotFound"), (response.Status, response.ErrCode));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1")]
    [InlineData("31")]
    [InlineData("1x2")]
    [InlineData("2123")]
    public async Task A_malformed_generic_id_is_400_Task_GenericID_Invalid(string id)
    {
        await using var scope = await StartAsync();
        var response = await scope.Client.GetAsync($"/api/v1/task/dag/{id}");
        Assert.Equal((400, "Task.GenericID.Invalid"), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task A_well_formed_agent_local_id_is_looked_up_and_not_found()
    {
        await using var scope = await StartAsync();
        var response = await scope.Client.GetAsync("/api/v1/task/dag/2" + "0167772161" + "02886" + "7");
        Assert.Equal((404, "Task.NotFound"), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task Any_member_answers_for_a_cluster_DAG_and_details_are_optional()
    {
        await using var scope = await StartAsync();
        var id = await scope.ScaleOutAsync();
        await scope.WaitForDagAsync(id);
        var other = scope.ClientFor(Third);

        var brief = await other.GetAsync($"/api/v1/task/dag/{id}?show_details=false");
        var full = await other.GetAsync($"/api/v1/task/dag/{id}");

        Assert.Equal(JTokenType.Null, brief.Data!["nodes"]!.Type);
        var task = full.Data!["nodes"]![0]!["sub_tasks"]![0]!;
        Assert.Equal("Integrate server config", (string)task["name"]!);
        Assert.Equal(("10.0.0.1", 2886), ((string)task["execute_agent"]!["ip"]!, (int)task["execute_agent"]!["port"]!));
        Assert.NotEmpty(task["task_logs"]!);
        Assert.Equal(1, (int)task["execute_times"]!);
    }

    [Fact]
    public async Task Nodes_not_reached_yet_are_PENDING_with_their_insert_time()
    {
        // Spec section 5: times default to the insert time; Go's zero time (0001-01-01) never appears.
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero));
        await using var scope = await StartAsync(Fast with { Time = time });
        scope.Sim.Faults.FailDagAtNode(2);
        var id = await scope.ScaleOutAsync();
        await WaitUntilAsync(() =>
        {
            time.Advance(scope.Options.StageDuration);
            return scope.Sim.Dags[0].State == "FAILED";
        });
        var dag = await scope.WaitForDagAsync(id);

        var pending = dag["nodes"]![5]!;
        Assert.Equal("PENDING", (string)pending["state"]!);
        Assert.Equal("2025-03-01T08:00:00Z", (string)pending["start_time"]!);
        Assert.Equal("2025-03-01T08:00:00Z", (string)pending["end_time"]!);
        Assert.Equal("2025-03-01T08:00:00Z", (string)pending["sub_tasks"]![0]!["end_time"]!);
    }

    [Fact]
    public async Task A_failed_sub_task_has_its_logs_and_node_and_sub_task_are_queryable()
    {
        await using var scope = await StartAsync();
        scope.Sim.Faults.FailDagAtNode(4);
        var dag = await scope.WaitForDagAsync(await scope.ScaleOutAsync());
        var node = dag["nodes"]![3]!;
        var taskId = (string)node["sub_tasks"]![0]!["id"]!;

        var logs = await scope.Client.GetAsync($"/api/v1/task/sub_task/{taskId}/logs");
        var task = await scope.Client.GetAsync($"/api/v1/task/sub_task/{taskId}");
        var nodeById = await scope.Client.GetAsync($"/api/v1/task/node/{(string)node["id"]!}");

        Assert.Contains("injected failure", (string)logs.Data!["contents"]!.Last()!);
        Assert.Equal("FAILED", (string)task.Data!["state"]!);
        Assert.Equal("Wait remote deploy finish", (string)nodeById.Data!["name"]!);
    }

    [Fact]
    public async Task Maintain_ob_is_404_until_a_DAG_took_the_lock_then_the_newest_one_even_when_finished()
    {
        await using var scope = await StartAsync();
        Assert.Equal(404, (await scope.Client.GetAsync("/api/v1/task/dag/maintain/ob")).Status);

        var id = await scope.ScaleOutAsync();
        await scope.WaitForDagAsync(id);
        var maintain = await scope.Client.GetAsync("/api/v1/task/dag/maintain/ob");

        Assert.Equal(id, (string)maintain.Data!["id"]!);
        Assert.Equal("SUCCEED", (string)maintain.Data["state"]!);
    }

    [Fact]
    public async Task Unfinish_lists_failed_DAGs_but_not_succeeded_ones()
    {
        await using var scope = await StartAsync();
        await scope.WaitForDagAsync(await scope.ScaleOutAsync(Spare));
        scope.Sim.Faults.FailDagAtNode(1);
        var failed = await scope.ScaleOutAsync(SecondSpare);
        await scope.WaitForDagAsync(failed);

        var contents = (await scope.Client.GetAsync("/api/v1/task/dag/ob/unfinish")).Data!["contents"]!;
        Assert.Equal(failed, (string)Assert.Single(contents)["id"]!);
    }

    [Fact]
    public async Task An_unknown_operator_is_400_Task_Dag_Operator_NotSupport()
    {
        await using var scope = await StartAsync();
        var id = await scope.ScaleOutAsync();
        await scope.WaitForDagAsync(id);
        var response = await scope.Client.PostAsync($"/api/v1/task/dag/{id}", new { @operator = "RESTART" });
        Assert.Equal((400, "Task.Dag.Operator.NotSupport"), (response.Status, response.ErrCode));
        Assert.Equal("Operator RESTART is not supported", response.Message);
    }

    [Fact]
    public async Task A_missing_operator_does_not_bind()
    {
        await using var scope = await StartAsync();
        var id = await scope.ScaleOutAsync();
        var response = await scope.Client.PostAsync($"/api/v1/task/dag/{id}", new { op = "RETRY" });
        Assert.Equal((400, "Common.BindJsonFailed"), (response.Status, response.ErrCode));
        Assert.Contains("'DagOperator.Operator'", response.Message);
    }

    [Fact]
    public async Task A_SINGLE_agent_holds_no_cluster_DAGs_500_Agent_OceanBase_NotHold()
    {
        await using var scope = await StartAsync();
        var id = await scope.ScaleOutAsync();
        var response = await scope.ClientFor(SecondSpare).GetAsync($"/api/v1/task/dag/{id}");
        Assert.Equal((500, "Agent.OceanBase.NotHold"), (response.Status, response.ErrCode));
    }

    // Spec Corrections 2026-12-05, "DAG reads on a SINGLE agent": obshell@61ee147 ob/agent/executor/task/dag.go:96-119, 522-526.
    [Fact]
    public async Task After_Delete_agent_the_removed_node_answers_DAG_reads_with_500_NotHold_and_500_Unexpected_while_a_member_answers()
    {
        await using var scope = await StartAsync();
        var removed = scope.ClientFor(Third);
        var id = await scope.ScaleInAsync(Third);
        Assert.Equal("SUCCEED", StateOf(await scope.WaitForDagAsync(id)).State);

        var dag = await removed.GetAsync($"/api/v1/task/dag/{id}");
        var unfinished = await removed.GetAsync("/api/v1/task/dag/ob/unfinish");

        Assert.Equal((500, "Agent.OceanBase.NotHold"), (dag.Status, dag.ErrCode));
        Assert.Equal((500, "Common.Unexpected"), (unfinished.Status, unfinished.ErrCode));
        Assert.Equal(200, (await scope.ClientFor(Second).GetAsync($"/api/v1/task/dag/{id}")).Status);
    }

    [Fact]
    public async Task Unfinish_on_an_agent_that_is_not_a_cluster_agent_is_500_Common_Unexpected()
    {
        await using var scope = await StartAsync();
        var response = await scope.ClientFor(Spare).GetAsync("/api/v1/task/dag/ob/unfinish");
        Assert.Equal((500, "Common.Unexpected"), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task Every_DAG_is_GLOBAL_maintenance_type_2_with_no_key()
    {
        await using var scope = await StartAsync();
        var outId = await scope.ScaleOutAsync();
        await scope.WaitForDagAsync(outId);
        var inDag = await scope.WaitForDagAsync(await scope.ScaleInAsync());
        var outDag = (await scope.Client.GetAsync($"/api/v1/task/dag/{outId}")).Data!;

        Assert.Equal((2, ""), ((int)outDag["maintenance_type"]!, (string)outDag["maintenance_key"]!));
        Assert.Equal((2, ""), ((int)inDag["maintenance_type"]!, (string)inDag["maintenance_key"]!));
    }

    [Fact]
    public async Task Every_sub_task_is_executed_by_the_scheduling_agent_never_the_target()
    {
        await using var scope = await StartAsync();
        var outDag = await scope.WaitForDagAsync(await scope.ScaleOutAsync(Spare));
        var inDag = await scope.WaitForDagAsync(await scope.ScaleInAsync(Third));

        var agents = outDag["nodes"]!.Concat(inDag["nodes"]!).Select(n => (string)n["sub_tasks"]![0]!["execute_agent"]!["ip"]!).Distinct();
        Assert.Equal(["10.0.0.1"], agents);
    }
}
