using ClusterScale.Simulators.Obshell;
using Newtonsoft.Json.Linq;
using static ClusterScale.Simulators.Tests.Obshell.SimulatorScope;

namespace ClusterScale.Simulators.Tests.Obshell;

public sealed class ScaleOutTests
{
    private const string ScaleOut = "/api/v1/ob/scale_out";

    private static readonly string[] ExistingZoneNodes =
    [
        "Integrate server config", "Create local scale out dag", "Wait scale out ready", "Wait remote deploy finish",
        "Wait remote start finish", "Prev check for scale_out", "Add server for scale_out", "Add agent for scale_out",
        "Check cluster scale_out whether finished",
    ];

    [Fact]
    public async Task Submit_returns_a_READY_DagDetailDTO_without_nodes()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero));
        await using var scope = await StartAsync(Fast with { Time = time, StageDuration = TimeSpan.FromSeconds(5) });
        var response = await scope.Client.PostAsync(ScaleOut, ScaleOutBody(Spare, "zone1"));

        var dag = response.Data!;
        Assert.Equal(200, response.Status);
        Assert.Equal("1" + (long)dag["dag_id"]!, (string)dag["id"]!);
        Assert.Equal("Cluster scale out", (string)dag["name"]!);
        Assert.Equal((1, 9), ((int)dag["stage"]!, (int)dag["max_stage"]!));
        Assert.Equal(("READY", "RUN"), StateOf(dag));
        Assert.Equal("2025-03-01T08:00:00Z", (string)dag["start_time"]!); // the insert time: no 0001-01-01 sentinel
        Assert.Equal("2025-03-01T08:00:00Z", (string)dag["end_time"]!);
        Assert.Equal(JTokenType.Null, dag["nodes"]!.Type);
    }

    [Fact]
    public async Task Into_an_existing_zone_it_runs_the_nine_real_nodes_and_the_target_becomes_a_member()
    {
        await using var scope = await StartAsync();
        var dag = await scope.WaitForDagAsync(await scope.ScaleOutAsync(Spare, "zone2"));

        Assert.Equal(("SUCCEED", "RUN"), StateOf(dag));
        Assert.Equal(ExistingZoneNodes, NodeNames(dag));
        Assert.All(dag["nodes"]!, n => Assert.Equal("SUCCEED", (string)n["state"]!));
        var member = Assert.Single(scope.Sim.Members, m => m.Agent == Spare);
        Assert.Equal(("CLUSTER AGENT", "ACTIVE", "zone2", 2882, 2881), (member.Identity, member.ServerStatus, member.Zone, member.RpcPort, member.SqlPort));
        Assert.DoesNotContain(Spare, scope.Sim.SpareAgents);

        var info = (await scope.Client.GetAsync("/api/v1/ob/info")).Data!;
        Assert.Contains(info["agent_info"]!, a => (string)a["ip"]! == "10.0.0.4" && (string)a["identity"]! == "CLUSTER AGENT");
        var server = Assert.Single(info["obcluster_info"]!["topology"]!["zone2"]!, s => (string)s["svr_ip"]! == "10.0.0.4");
        Assert.Equal((2882, 2881, 2886, "ACTIVE"), ((int)server["svr_port"]!, (int)server["sql_port"]!, (int)server["agent_port"]!, (string)server["status"]!));
        Assert.StartsWith("4.3.5.0_", (string)server["build_version"]!);
    }

    [Fact]
    public async Task Into_a_new_zone_it_adds_and_starts_the_zone_first()
    {
        await using var scope = await StartAsync();
        var dag = await scope.WaitForDagAsync(await scope.ScaleOutAsync(Spare, "zone4"));

        var names = NodeNames(dag);
        Assert.Equal(11, (int)dag["max_stage"]!);
        Assert.Equal(ExistingZoneNodes[..6].Concat(["Add new zone for scale_out", "Start new zone for scale_out"]).Concat(ExistingZoneNodes[6..]), names);
        Assert.Equal(("SUCCEED", "RUN"), StateOf(dag));
        Assert.Equal("zone4", Assert.Single(scope.Sim.Members, m => m.Agent == Spare).Zone);
    }

    [Fact]
    public async Task The_target_goes_SINGLE_then_SCALING_OUT_then_CLUSTER_AGENT_node_by_node()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var scope = await StartAsync(Fast with { Time = time, StageDuration = TimeSpan.FromSeconds(10) });
        var id = await scope.ScaleOutAsync();
        var target = scope.ClientFor(Spare);

        async Task<string> TargetIdentity() => (string)(await target.RawAsync(HttpMethod.Get, "/api/v1/info")).Data!["identity"]!;
        var identities = new List<string> { await TargetIdentity() };
        for (var stage = 1; stage <= 9; stage++)
        {
            await WaitUntilAsync(() => scope.Sim.Dags[0].Stage == stage && scope.Sim.Dags[0].State == "RUNNING");
            await scope.StepPastStageAsync(time, stage);
            identities.Add(await TargetIdentity());
        }

        Assert.Equal("SINGLE", identities[0]);
        Assert.Equal("SINGLE", identities[1]);      // after node 1
        Assert.Equal("SCALING OUT", identities[2]); // after node 2 "Create local scale out dag"
        Assert.Equal("SCALING OUT", identities[8]); // after node 8 "Add agent for scale_out"
        Assert.Equal("CLUSTER AGENT", identities[9]);
        var dag = await scope.WaitForDagAsync(id);
        Assert.Equal(("SUCCEED", "RUN"), StateOf(dag));
        Assert.NotEqual("0001-01-01T00:00:00Z", (string)dag["end_time"]!);
    }

    [Fact]
    public async Task A_body_with_agent_info_in_snake_case_does_not_bind_and_is_400_BindJsonFailed()
    {
        await using var scope = await StartAsync();
        var response = await scope.Client.PostAsync(ScaleOut, new
        {
            agent_info = new { ip = "10.0.0.4", port = 2886 },
            zone = "zone1",
            obConfigs = new { },
        });

        Assert.Equal(400, response.Status);
        Assert.Equal("Common.BindJsonFailed", response.ErrCode);
        Assert.Empty(scope.Sim.Dags);
    }

    [Fact]
    public async Task Field_names_match_case_insensitively_as_in_Go()
    {
        await using var scope = await StartAsync();
        var response = await scope.Client.PostAsync(ScaleOut, new
        {
            AgentInfo = new { IP = "10.0.0.4", Port = 2886 },
            Zone = "zone1",
            ObConfigs = new { },
        });
        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task ObConfigs_is_required_but_may_be_empty()
    {
        await using var scope = await StartAsync();
        var missing = await scope.Client.PostAsync(ScaleOut, new { agentInfo = new { ip = "10.0.0.4", port = 2886 }, zone = "zone1" });
        var empty = await scope.Client.PostAsync(ScaleOut, ScaleOutBody(Spare, "zone1", new { }));

        Assert.Equal((400, "Common.BindJsonFailed"), (missing.Status, missing.ErrCode));
        Assert.Contains("'ObConfigs' failed on the 'required' tag", missing.Message);
        Assert.Equal(200, empty.Status);
    }

    [Fact]
    public async Task Both_port_spellings_with_different_values_are_400_IllegalArgument()
    {
        await using var scope = await StartAsync();
        var response = await scope.Client.PostAsync(ScaleOut, ScaleOutBody(Spare, "zone1", new { rpc_port = "2882", rpcPort = "2892" }));
        Assert.Equal((400, "Common.IllegalArgument"), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task The_legacy_port_spelling_is_honoured()
    {
        await using var scope = await StartAsync();
        var response = await scope.Client.PostAsync(ScaleOut, ScaleOutBody(Spare, "zone1", new { rpcPort = "3882", mysqlPort = "3881", rpc_port = "3882" }));
        await scope.WaitForDagAsync((string)response.Data!["id"]!);

        var member = Assert.Single(scope.Sim.Members, m => m.Agent == Spare);
        Assert.Equal((3882, 3881), (member.RpcPort, member.SqlPort));
    }

    [Fact]
    public async Task Check_1_a_receiver_that_is_not_a_cluster_agent_refuses()
    {
        await using var scope = await StartAsync();
        var response = await scope.ClientFor(SecondSpare).PostAsync(ScaleOut, ScaleOutBody(Spare, "zone1"));
        Assert.Equal((400, "Agent.Identify.NotSupportOperation"), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task Check_2_an_unreachable_target_is_500_Agent_RPC_RequestFailed()
    {
        await using var scope = await StartAsync();
        var response = await scope.Client.PostAsync(ScaleOut, ScaleOutBody("10.0.0.99:2886", "zone1"));
        Assert.Equal((500, "Agent.RPC.RequestFailed"), (response.Status, response.ErrCode));
        Assert.StartsWith("get 10.0.0.99:2886 status failed: ", response.Message);
        Assert.Empty(scope.Sim.Dags);
    }

    [Fact]
    public async Task Check_3_a_target_that_is_already_a_member_refuses()
    {
        await using var scope = await StartAsync();
        var response = await scope.Client.PostAsync(ScaleOut, ScaleOutBody(Third, "zone3"));
        Assert.Equal((400, "Agent.Identify.NotSupportOperation"), (response.Status, response.ErrCode));
    }

    [Theory]
    [InlineData("4.2.5.0", "4.3.5.0", "Agent.OB.Version.Inconsistent")]
    [InlineData("4.3.5.0", "4.4.2.0", "OB.Cluster.ScaleOutHigherVersion")]
    [InlineData("4.3.5.0", "4.2.3.0", "OB.Cluster.ScaleOutLowerVersion")]
    public async Task Checks_4_and_5_compare_versions(string obVersion, string obshellVersion, string errCode)
    {
        await using var scope = await StartAsync();
        scope.Sim.Faults.SetAgentVersion(Spare, obVersion, obshellVersion);
        var response = await scope.Client.PostAsync(ScaleOut, ScaleOutBody(Spare, "zone1"));
        Assert.Equal((400, errCode), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task Check_6_an_rpc_port_that_is_not_an_integer_is_InvalidPort()
    {
        await using var scope = await StartAsync();
        var response = await scope.Client.PostAsync(ScaleOut, ScaleOutBody(Spare, "zone1", new { rpc_port = "28x2" }));
        Assert.Equal((400, "Common.InvalidPort"), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task Check_7_a_server_row_left_behind_is_500_AlreadyExists()
    {
        await using var scope = await StartAsync();
        await scope.Sim.ScaleInOutOfBandAsync(Third, keepServer: true);
        var response = await scope.Client.PostAsync(ScaleOut, ScaleOutBody(Third, "zone3"));
        Assert.Equal((500, "Agent.AlreadyExists"), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task Check_8_a_running_DAG_holds_the_lock_and_names_itself()
    {
        await using var scope = await StartAsync(Fast with { StageDuration = TimeSpan.FromSeconds(5) });
        await scope.ScaleOutAsync(Spare);
        var second = await scope.Client.PostAsync(ScaleOut, ScaleOutBody(SecondSpare, "zone2"));

        Assert.Equal((500, "OB.Cluster.UnderMaintenanceWithDag"), (second.Status, second.ErrCode));
        Assert.Contains("under maintenance by DAG: Cluster scale out, please try again later", second.Message);
    }

    [Fact]
    public async Task A_foreign_DAG_blocks_scale_out_until_it_finishes()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var scope = await StartAsync(Fast with { Time = time });
        var foreign = await scope.Sim.StartForeignDagAsync(TimeSpan.FromHours(1));
        var blocked = await scope.Client.PostAsync(ScaleOut, ScaleOutBody(Spare, "zone1"));
        Assert.Equal("OB.Cluster.UnderMaintenanceWithDag", blocked.ErrCode);

        await WaitUntilAsync(() =>
        {
            time.Advance(TimeSpan.FromMinutes(30));
            return scope.Sim.Dags[0].State == "SUCCEED";
        });
        Assert.Equal(200, (await scope.Client.PostAsync(ScaleOut, ScaleOutBody(Spare, "zone1"))).Status);
    }

    [Fact]
    public async Task Node_2_logs_the_generic_id_of_the_local_DAG_it_created_on_the_target_which_encodes_the_targets_address()
    {
        // obshell@61ee147 ob/agent/executor/ob/scale_out.go:780 logs "create local scale out dag success, genericID:%s"
        // with the id the TARGET agent gave its local DAG: "2" + its IPv4 as a big-endian uint32 in 10 digits + its port
        // in 5 digits + the local id (ob/agent/engine/task/task_dto.go:306-318, OCS_AGENT being the target itself).
        await using var scope = await StartAsync();
        var dag = await scope.WaitForDagAsync(await scope.ScaleOutAsync(SecondSpare, "zone2"));

        var node = Assert.Single(dag["nodes"]!, n => (string)n["name"]! == "Create local scale out dag");
        var logs = Assert.Single(node["sub_tasks"]!)["task_logs"]!.Select(l => (string)l!).ToList();
        // 10.0.0.5 = 10 * 2^24 + 5 = 167772165; port 2886.
        Assert.Contains(logs, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^create local scale out dag success, genericID:2016777216502886[1-9][0-9]*$"));
    }

    [Fact]
    public async Task A_wrong_target_agent_password_is_accepted_at_submit_and_fails_node_2_with_a_log_line()
    {
        await using var scope = await StartAsync(Fast with { SpareAgentPassword = "spare-pw" });
        var id = await scope.ScaleOutAsync(targetAgentPassword: "wrong");
        var dag = await scope.WaitForDagAsync(id);

        Assert.Equal(("FAILED", "RUN"), StateOf(dag));
        Assert.Equal(2, (int)dag["stage"]!);
        var failed = Assert.Single(dag["nodes"]!, n => (string)n["state"]! == "FAILED");
        Assert.Equal("Create local scale out dag", (string)failed["name"]!);
        var task = Assert.Single(failed["sub_tasks"]!);
        Assert.Contains("IncorrectAgentPassword", (string)task["task_logs"]!.Last()!);
        Assert.Equal("10.0.0.1", (string)task["execute_agent"]!["ip"]!); // the scheduler, not the target (spec section 5)
        Assert.Contains(Spare, scope.Sim.SpareAgents);

        // A FAILED scale-out keeps the lock.
        var next = await scope.Client.PostAsync(ScaleOut, ScaleOutBody(SecondSpare, "zone1"));
        Assert.Equal("OB.Cluster.UnderMaintenanceWithDag", next.ErrCode);
    }

    [Fact]
    public async Task The_right_target_agent_password_joins_and_the_member_takes_the_cluster_agent_password()
    {
        await using var scope = await StartAsync(Fast with { SpareAgentPassword = "spare-pw", AgentPassword = "agent-pw" });
        var dag = await scope.WaitForDagAsync(await scope.ScaleOutAsync(targetAgentPassword: "spare-pw"));

        Assert.Equal(("SUCCEED", "RUN"), StateOf(dag));
        var joined = scope.ClientFor(Spare);
        Assert.Equal(200, (await joined.GetAsync("/api/v1/ob/info")).Status);
    }

    [Fact]
    public async Task A_failed_node_then_RETRY_ends_SUCCEED_RUN()
    {
        await using var scope = await StartAsync();
        scope.Sim.Faults.FailDagAtNode(7);
        var id = await scope.ScaleOutAsync();
        var failed = await scope.WaitForDagAsync(id);
        Assert.Equal(("FAILED", "RUN"), StateOf(failed));
        Assert.Equal(7, (int)failed["stage"]!);

        var retry = await scope.Client.PostAsync($"/api/v1/task/dag/{id}", new { @operator = "RETRY" });
        Assert.Equal(200, retry.Status);
        var done = await scope.WaitForDagAsync(id);

        Assert.Equal(("SUCCEED", "RUN"), StateOf(done));
        Assert.Equal(2, (int)done["nodes"]![6]!["sub_tasks"]![0]!["execute_times"]!);
        Assert.Equal("CLUSTER AGENT", Assert.Single(scope.Sim.Members, m => m.Agent == Spare).Identity);
    }

    [Fact]
    public async Task ROLLBACK_undoes_the_completed_nodes_ends_SUCCEED_ROLLBACK_and_frees_the_lock()
    {
        await using var scope = await StartAsync();
        scope.Sim.Faults.FailDagAtNode(11);
        var id = await scope.ScaleOutAsync(Spare, "zone4");
        Assert.Equal(("FAILED", "RUN"), StateOf(await scope.WaitForDagAsync(id)));
        Assert.Equal("SCALING OUT", Assert.Single(scope.Sim.Members, m => m.Agent == Spare).Identity);

        Assert.Equal(200, (await scope.Client.PostAsync($"/api/v1/task/dag/{id}", new { @operator = "ROLLBACK" })).Status);
        var dag = await scope.WaitForDagAsync(id);

        Assert.Equal(("SUCCEED", "ROLLBACK"), StateOf(dag));
        Assert.DoesNotContain(scope.Sim.Members, m => m.Agent == Spare);
        Assert.Contains(Spare, scope.Sim.SpareAgents);
        var topology = (await scope.Client.GetAsync("/api/v1/ob/info")).Data!["obcluster_info"]!["topology"]!;
        Assert.Null(topology["zone4"]);
        Assert.Equal(200, (await scope.Client.PostAsync(ScaleOut, ScaleOutBody(SecondSpare, "zone1"))).Status);
    }

    [Theory]
    [InlineData("CANCEL", "Task.Dag.Operator.CancelFinishedDag")] // a FAILED DAG is finished
    [InlineData("PASS", "Task.Dag.Operator.PassNotAllowed")] // no scale-out node can be passed
    public async Task CANCEL_and_PASS_are_refused_on_a_failed_scale_out(string op, string errCode)
    {
        await using var scope = await StartAsync();
        scope.Sim.Faults.FailDagAtNode(3);
        var id = await scope.ScaleOutAsync();
        await scope.WaitForDagAsync(id);

        var response = await scope.Client.PostAsync($"/api/v1/task/dag/{id}", new { @operator = op });
        Assert.Equal((400, errCode), (response.Status, response.ErrCode));
        Assert.Equal("FAILED", scope.Sim.Dags[0].State);
    }

    [Fact]
    public async Task A_running_scale_out_cannot_be_cancelled()
    {
        await using var scope = await StartAsync(Fast with { StageDuration = TimeSpan.FromSeconds(5) });
        var id = await scope.ScaleOutAsync();

        var response = await scope.Client.PostAsync($"/api/v1/task/dag/{id}", new { @operator = "CANCEL" });
        Assert.Equal((400, "Task.Dag.Operator.CancelNotAllowed"), (response.Status, response.ErrCode));
        Assert.Equal("Failed to cancel DAG: node Integrate server config cannot cancel", response.Message);
    }

    [Theory]
    [InlineData("RETRY", "Task.Dag.Operator.RetryNotFailedDag")]
    [InlineData("ROLLBACK", "Task.Dag.Operator.RollbackNotFailedDag")]
    [InlineData("PASS", "Task.Dag.Operator.PassNotFailedDag")]
    [InlineData("CANCEL", "Task.Dag.Operator.CancelFinishedDag")]
    public async Task Operators_on_a_succeeded_DAG_are_refused(string op, string errCode)
    {
        await using var scope = await StartAsync();
        var id = await scope.ScaleOutAsync();
        await scope.WaitForDagAsync(id);

        var response = await scope.Client.PostAsync($"/api/v1/task/dag/{id}", new { @operator = op });
        Assert.Equal((400, errCode), (response.Status, response.ErrCode));
        Assert.Equal(("SUCCEED", "RUN"), (scope.Sim.Dags[0].State, scope.Sim.Dags[0].Operator));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("80")]
    [InlineData("70000")]
    public async Task An_rpc_port_out_of_range_is_accepted_at_submit_and_fails_node_1_keeping_the_lock(string port)
    {
        await using var scope = await StartAsync();
        var response = await scope.Client.PostAsync(ScaleOut, ScaleOutBody(Spare, "zone1", new { rpc_port = port }));
        var dag = await scope.WaitForDagAsync((string)response.Data!["id"]!);

        Assert.Equal(200, response.Status);
        Assert.Equal(("FAILED", 1), ((string)dag["state"]!, (int)dag["stage"]!));
        Assert.Contains($"The port '{port}' is invalid", (string)dag["nodes"]![0]!["sub_tasks"]![0]!["task_logs"]!.Last()!);
        Assert.Equal("OB.Cluster.UnderMaintenanceWithDag", (await scope.Client.PostAsync(ScaleOut, ScaleOutBody(SecondSpare, "zone1"))).ErrCode);
    }

    [Fact]
    public async Task A_mysql_port_that_is_not_an_integer_fails_node_1_not_the_submit()
    {
        await using var scope = await StartAsync();
        var response = await scope.Client.PostAsync(ScaleOut, ScaleOutBody(Spare, "zone1", new { mysql_port = "28x1" }));
        var dag = await scope.WaitForDagAsync((string)response.Data!["id"]!);
        Assert.Equal(("FAILED", 1), ((string)dag["state"]!, (int)dag["stage"]!));
    }
}
