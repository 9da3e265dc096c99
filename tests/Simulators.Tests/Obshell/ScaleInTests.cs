using Microsoft.Extensions.Time.Testing;
using static ClusterScale.Simulators.Tests.Obshell.SimulatorScope;

namespace ClusterScale.Simulators.Tests.Obshell;

public sealed class ScaleInTests
{
    private const string ScaleIn = "/api/v1/ob/scale_in";

    [Fact]
    public async Task It_runs_the_five_real_nodes_and_the_node_becomes_a_spare_again()
    {
        await using var scope = await StartAsync();
        var dag = await scope.WaitForDagAsync(await scope.ScaleInAsync(Third));

        Assert.Equal(("SUCCEED", "RUN"), StateOf(dag));
        Assert.Equal(
            ["Delete observer", "Set agent to 'SCALING IN'", "Wait delete observer success", "Delete agent", "Try to inform to kill observer"],
            NodeNames(dag));
        Assert.DoesNotContain(scope.Sim.Members, m => m.Agent == Third);
        Assert.Contains(Third, scope.Sim.SpareAgents);
        var info = (await scope.Client.GetAsync("/api/v1/ob/info")).Data!;
        Assert.DoesNotContain(info["agent_info"]!, a => (string)a["ip"]! == "10.0.0.3");
        Assert.Null(info["obcluster_info"]!["topology"]!["zone3"]);
    }

    [Fact]
    public async Task With_force_kill_the_Paxos_check_and_the_kill_come_before_the_wait()
    {
        await using var scope = await StartAsync();
        var dag = await scope.WaitForDagAsync(await scope.ScaleInAsync(Third, forceKill: true));

        Assert.Equal(("SUCCEED", "RUN"), StateOf(dag));
        Assert.Equal(
            ["Delete observer", "Set agent to 'SCALING IN'", "Check multi paxos member alive", "Try to inform to kill observer",
             "Wait delete observer success", "Delete agent"],
            NodeNames(dag));
        Assert.Equal(6, (int)dag["max_stage"]!);
    }

    [Fact]
    public async Task While_deleting_the_server_is_DELETING_and_the_agent_SCALING_IN()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var scope = await StartAsync(Fast with { Time = time, StageDuration = TimeSpan.FromMinutes(1) });
        await scope.ScaleInAsync(Third);

        await scope.StepPastStageAsync(time, stage: 2);
        var member = Assert.Single(scope.Sim.Members, m => m.Agent == Third);
        Assert.Equal(("SCALING IN", "DELETING"), (member.Identity, member.ServerStatus));
        var status = await scope.ClientFor(Third).RawAsync(HttpMethod.Get, "/api/v1/status");
        Assert.Equal("SCALING IN", (string)status.Data!["agent"]!["identity"]!);
    }

    [Fact]
    public async Task AgentInfo_in_camelCase_does_not_bind_and_is_400_BindJsonFailed()
    {
        await using var scope = await StartAsync();
        var response = await scope.Client.PostAsync(ScaleIn, new { agentInfo = new { ip = "10.0.0.3", port = 2886 } });
        Assert.Equal((400, "Common.BindJsonFailed"), (response.Status, response.ErrCode));
        Assert.Contains("'ClusterScaleInParam.AgentInfo.Ip'", response.Message);
        Assert.Empty(scope.Sim.Dags);
    }

    [Fact]
    public async Task Sending_it_to_the_node_itself_is_400_DeleteSelf()
    {
        await using var scope = await StartAsync();
        var response = await scope.Client.PostAsync(ScaleIn, ScaleInBody(First));
        Assert.Equal((400, "OB.Server.DeleteSelf"), (response.Status, response.ErrCode));
    }

    [Theory]
    [InlineData("POST", "/api/v1/ob/scale_in")]
    [InlineData("DELETE", "/api/v1/observer")]
    public async Task A_node_not_in_the_cluster_is_204_with_no_body_and_no_DAG(string method, string path)
    {
        await using var scope = await StartAsync();
        var response = await scope.Client.SendAsync(new HttpMethod(method), path, ScaleInBody(Spare));

        Assert.Equal(204, response.Status);
        Assert.Equal("", response.Body);
        Assert.Empty(scope.Sim.Dags);
    }

    // Spec Corrections 2026-12-05, "Scale-in OceanBase refuses"; obshell@61ee147 ob/agent/executor/ob/scale_in.go:56-103, 83, 137-140, 217-221.
    [Fact]
    public async Task OceanBase_refuses_to_delete_the_only_server_of_a_zone_holding_units_the_DAG_fails_at_Delete_observer_and_frees_the_lock()
    {
        await using var scope = await StartAsync(Fast with { ZonesWithUnits = null }); // every zone holds units

        var response = await scope.Client.PostAsync(ScaleIn, ScaleInBody(Third));
        Assert.Equal(200, response.Status); // accepted: nothing checks it at submit
        var dag = await scope.WaitForDagAsync((string)response.Data!["id"]!);

        Assert.Equal(("FAILED", "RUN", 1), (StateOf(dag).State, StateOf(dag).Operator, (int)dag["stage"]!));
        var node = dag["nodes"]![0]!;
        Assert.Equal(("Delete observer", "FAILED"), ((string)node["name"]!, (string)node["state"]!));
        Assert.Contains(node["sub_tasks"]![0]!["task_logs"]!, l => ((string)l!).StartsWith("delete observer 10.0.0.3:2882 failed: Error 4179 (HY000): ", StringComparison.Ordinal));
        Assert.Equal(("CLUSTER AGENT", "ACTIVE"), (scope.Sim.Members.Single(m => m.Agent == Third).Identity, scope.Sim.Members.Single(m => m.Agent == Third).ServerStatus));
        Assert.Equal(200, (await scope.Client.PostAsync("/api/v1/ob/scale_out", ScaleOutBody(Spare, "zone3"))).Status); // the lock is free
    }

    [Fact]
    public async Task A_server_whose_zone_keeps_another_server_can_leave_a_zone_holding_units()
    {
        await using var scope = await StartAsync(Fast with { ZonesWithUnits = null, ClusterAgents = 4 }); // zone1: 10.0.0.1 and 10.0.0.4
        Assert.Equal(("SUCCEED", "RUN"), StateOf(await scope.WaitForDagAsync(await scope.ScaleInAsync("10.0.0.4:2886"))));
        var onlyOfZone1 = await scope.ClientFor(Second).PostAsync(ScaleIn, ScaleInBody(First)); // now the only server of zone1
        Assert.Equal("FAILED", StateOf(await scope.WaitForDagAsync((string)onlyOfZone1.Data!["id"]!)).State);
    }

    [Fact]
    public async Task DELETE_observer_is_the_same_handler()
    {
        await using var scope = await StartAsync(Fast with { ZonesWithUnits = 1 }); // Second can leave
        var response = await scope.Client.SendAsync(HttpMethod.Delete, "/api/v1/observer", ScaleInBody(Second));
        Assert.Equal("Cluster scale in", (string)response.Data!["name"]!);
        Assert.Equal(("SUCCEED", "RUN"), StateOf(await scope.WaitForDagAsync((string)response.Data["id"]!)));
    }

    [Fact]
    public async Task Force_kill_without_a_Paxos_majority_left_is_400_MultiPaxosNotAlive()
    {
        await using var scope = await StartAsync();
        await scope.Sim.ScaleInOutOfBandAsync(Third);
        var response = await scope.Client.PostAsync(ScaleIn, ScaleInBody(Second, forceKill: true));

        Assert.Equal((400, "OB.Cluster.MultiPaxosNotAlive"), (response.Status, response.ErrCode));
        Assert.Equal(200, (await scope.Client.PostAsync(ScaleIn, ScaleInBody(Second))).Status);
    }

    [Fact]
    public async Task A_scale_in_under_the_lock_is_refused()
    {
        await using var scope = await StartAsync();
        await scope.Sim.StartForeignDagAsync(TimeSpan.FromSeconds(30));
        var response = await scope.Client.PostAsync(ScaleIn, ScaleInBody(Third));
        Assert.Equal((500, "OB.Cluster.UnderMaintenanceWithDag"), (response.Status, response.ErrCode));
        Assert.Contains("Restart cluster", response.Message);
    }

    [Fact]
    public async Task Failing_at_node_1_releases_the_lock()
    {
        await using var scope = await StartAsync(Fast with { ZonesWithUnits = 1 }); // Second can leave
        scope.Sim.Faults.FailDagAtNode(1);
        var failed = await scope.WaitForDagAsync(await scope.ScaleInAsync(Third));
        Assert.Equal(("FAILED", "RUN"), StateOf(failed));

        Assert.Equal(("SUCCEED", "RUN"), StateOf(await scope.WaitForDagAsync(await scope.ScaleInAsync(Second))));
    }

    [Fact]
    public async Task Failing_later_keeps_the_lock()
    {
        await using var scope = await StartAsync();
        scope.Sim.Faults.FailDagAtNode(3);
        await scope.WaitForDagAsync(await scope.ScaleInAsync(Third));

        var response = await scope.Client.PostAsync(ScaleIn, ScaleInBody(Second));
        Assert.Equal("OB.Cluster.UnderMaintenanceWithDag", response.ErrCode);
    }

    [Fact]
    public async Task ROLLBACK_is_refused_once_Delete_agent_has_run_but_PASS_finishes_it()
    {
        await using var scope = await StartAsync();
        scope.Sim.Faults.FailDagAtNode(5);
        var id = await scope.ScaleInAsync(Third);
        await scope.WaitForDagAsync(id);

        var rollback = await scope.Client.PostAsync($"/api/v1/task/dag/{id}", new { @operator = "ROLLBACK" });
        Assert.Equal((400, "Task.Dag.Operator.RollbackNotAllowed"), (rollback.Status, rollback.ErrCode));
        Assert.Equal("Failed to set DAG rollback: node Delete agent cannot rollback", rollback.Message);

        Assert.Equal(200, (await scope.Client.PostAsync($"/api/v1/task/dag/{id}", new { @operator = "PASS" })).Status);
        var dag = await scope.WaitForDagAsync(id);
        Assert.Equal(("SUCCEED", "PASS"), StateOf(dag));
        Assert.Equal("PASS", (string)dag["nodes"]![4]!["operator"]!);
    }

    [Fact]
    public async Task ROLLBACK_after_OceanBase_removed_the_server_fails_as_FAILED_ROLLBACK_and_RETRY_then_runs_forward()
    {
        // Spec section 5: RETRY after a failed ROLLBACK sets RUN and the DAG goes FORWARD from where the undo stopped
        // (the old choice, "RETRY resumes the rollback", was wrong).
        await using var scope = await StartAsync();
        scope.Sim.Faults.FailDagAtNode(3); // "Wait delete observer success" fails; OceanBase goes on deleting
        var id = await scope.ScaleInAsync(Third);
        await scope.WaitForDagAsync(id);
        scope.Sim.FinishServerDeletions();

        await scope.Client.PostAsync($"/api/v1/task/dag/{id}", new { @operator = "ROLLBACK" });
        var dag = await scope.WaitForDagAsync(id);
        Assert.Equal(("FAILED", "ROLLBACK"), StateOf(dag));
        Assert.Equal(3, (int)dag["stage"]!);
        var failed = dag["nodes"]![2]!;
        Assert.Equal(("Wait delete observer success", "FAILED"), ((string)failed["name"]!, (string)failed["state"]!));
        Assert.Contains("does not exist", (string)failed["sub_tasks"]![0]!["task_logs"]!.Last()!);
        Assert.Equal("OB.Cluster.UnderMaintenanceWithDag", (await scope.Client.PostAsync(ScaleIn, ScaleInBody(Second))).ErrCode);

        Assert.Equal(200, (await scope.Client.PostAsync($"/api/v1/task/dag/{id}", new { @operator = "RETRY" })).Status);
        var done = await scope.WaitForDagAsync(id);
        Assert.Equal(("SUCCEED", "RUN"), StateOf(done));
        Assert.Equal(["PENDING", "PENDING", "SUCCEED", "SUCCEED", "SUCCEED"], done["nodes"]!.Select(n => (string)n["state"]!));
        Assert.DoesNotContain(scope.Sim.Members, m => m.Agent == Third); // "Delete agent" ran forward
    }

    [Fact]
    public async Task ROLLBACK_before_Delete_agent_restores_the_member()
    {
        await using var scope = await StartAsync();
        scope.Sim.Faults.FailDagAtNode(3);
        var id = await scope.ScaleInAsync(Third);
        await scope.WaitForDagAsync(id);

        await scope.Client.PostAsync($"/api/v1/task/dag/{id}", new { @operator = "ROLLBACK" });
        Assert.Equal(("SUCCEED", "ROLLBACK"), StateOf(await scope.WaitForDagAsync(id)));
        var member = Assert.Single(scope.Sim.Members, m => m.Agent == Third);
        Assert.Equal(("CLUSTER AGENT", "ACTIVE"), (member.Identity, member.ServerStatus));
    }

    [Fact]
    public async Task CANCEL_stops_a_running_scale_in_as_FAILED_CANCEL()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var scope = await StartAsync(Fast with { Time = time, StageDuration = TimeSpan.FromMinutes(1) });
        var id = await scope.ScaleInAsync(Third);
        await WaitUntilAsync(() => scope.Sim.Dags[0].State == "RUNNING");

        Assert.Equal(200, (await scope.Client.PostAsync($"/api/v1/task/dag/{id}", new { @operator = "CANCEL" })).Status);
        await WaitUntilAsync(() =>
        {
            time.Advance(TimeSpan.FromMinutes(1));
            return scope.Sim.Dags[0].State == "FAILED";
        });

        Assert.Equal(("FAILED", "CANCEL"), (scope.Sim.Dags[0].State, scope.Sim.Dags[0].Operator));
    }
}
