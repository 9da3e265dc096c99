using System.Text;
using ClusterScale.Simulators.Obshell;
using ClusterScale.Simulators.Obshell.Faults;
using Newtonsoft.Json.Linq;
using static ClusterScale.Simulators.Tests.Obshell.SimulatorScope;

namespace ClusterScale.Simulators.Tests.Obshell;

/// <summary>Act-then-fail: the agent did the work, the client gets an answer that says nothing reliable.</summary>
public sealed class ActThenFailTests
{
    private const string ScaleOut = "/api/v1/ob/scale_out";

    [Fact]
    public async Task A_500_after_scale_out_has_created_the_DAG_carries_Common_Unexpected()
    {
        await using var scope = await StartAsync();
        scope.Sim.Faults.ActThenFail(MutatingRoute.ScaleOut, AfterActing.InternalError);

        var response = await scope.Client.PostAsync(ScaleOut, ScaleOutBody(Spare, "zone1"));

        Assert.Equal((500, "Common.Unexpected"), (response.Status, response.ErrCode));
        Assert.False((bool)response.Json["successful"]!);
        var dag = Assert.Single(scope.Sim.Dags);
        Assert.Equal(("SUCCEED", "RUN"), StateOf(await scope.WaitForDagAsync(dag.Id)));
        Assert.Equal(1, scope.Sim.Faults.ActThenFailAnswers);
    }

    [Fact]
    public async Task A_504_is_a_gateway_page_without_an_obshell_envelope()
    {
        await using var scope = await StartAsync();
        scope.Sim.Faults.ActThenFail(MutatingRoute.ScaleOut, AfterActing.GatewayTimeout);

        var response = await scope.Client.PostAsync(ScaleOut, ScaleOutBody(Spare, "zone1"));

        Assert.Equal(504, response.Status);
        Assert.StartsWith("<html>", response.Body);
        Assert.DoesNotContain("successful", response.Body);
        Assert.Single(scope.Sim.Dags);
        Assert.Equal(504, scope.Sim.Requests.Last().Status);
    }

    [Fact]
    public async Task A_reset_after_scale_in_leaves_the_DAG_behind()
    {
        await using var scope = await StartAsync();
        await scope.Client.PublicKeyAsync();
        scope.Sim.Faults.ActThenFail(MutatingRoute.ScaleIn, AfterActing.ResetConnection);

        await Assert.ThrowsAsync<HttpRequestException>(() => scope.Client.PostAsync("/api/v1/ob/scale_in", ScaleInBody(Third)));

        var dag = Assert.Single(scope.Sim.Dags);
        Assert.Equal("Cluster scale in", dag.Name);
        Assert.Equal(0, scope.Sim.Requests.Last().Status);
    }

    [Fact]
    public async Task DELETE_observer_is_the_scale_in_route_too()
    {
        await using var scope = await StartAsync();
        scope.Sim.Faults.ActThenFail(MutatingRoute.ScaleIn, AfterActing.InternalError);

        var response = await scope.Client.SendAsync(HttpMethod.Delete, "/api/v1/observer", ScaleInBody(Third));

        Assert.Equal(500, response.Status);
        Assert.Equal("Cluster scale in", Assert.Single(scope.Sim.Dags).Name);
    }

    [Fact]
    public async Task A_stall_never_answers_until_the_client_gives_up_but_the_DAG_runs()
    {
        await using var scope = await StartAsync();
        await scope.Client.PublicKeyAsync();
        scope.Sim.Faults.ActThenFail(MutatingRoute.ScaleOut, AfterActing.Stall);
        using var giveUp = new CancellationTokenSource();

        var pending = scope.Client.PostAsync(ScaleOut, ScaleOutBody(Spare, "zone1"), ct: giveUp.Token);
        await WaitUntilAsync(() => scope.Sim.Dags.Count == 1);
        Assert.Equal(("SUCCEED", "RUN"), StateOf(await scope.WaitForDagAsync(scope.Sim.Dags[0].Id)));
        Assert.False(pending.IsCompleted);

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        await WaitUntilAsync(() => scope.Sim.Requests.Any(r => r.PathAndQuery == ScaleOut));
        Assert.Equal(0, scope.Sim.Requests.Single(r => r.PathAndQuery == ScaleOut).Status);
    }

    [Fact]
    public async Task A_DAG_operator_is_applied_before_the_500()
    {
        await using var scope = await StartAsync();
        scope.Sim.Faults.FailDagAtNode(3);
        var id = await scope.ScaleOutAsync();
        await scope.WaitForDagAsync(id);
        scope.Sim.Faults.ActThenFail(MutatingRoute.DagOperator, AfterActing.InternalError);

        var response = await scope.Client.PostAsync($"/api/v1/task/dag/{id}", new { @operator = "RETRY" });

        Assert.Equal((500, "Common.Unexpected"), (response.Status, response.ErrCode));
        Assert.Equal(("SUCCEED", "RUN"), StateOf(await scope.WaitForDagAsync(id)));
    }

    [Fact]
    public async Task A_parameter_is_set_before_the_504()
    {
        await using var scope = await StartAsync();
        scope.Sim.Faults.ActThenFail(MutatingRoute.SetParameters, AfterActing.GatewayTimeout);

        var response = await scope.Client.SendAsync(HttpMethod.Patch, "/api/v1/obcluster/parameters",
            new { @params = new[] { new { name = "syslog_level", value = "INFO", scope = "CLUSTER" } } });
        var list = (await scope.Client.GetAsync("/api/v1/obcluster/parameters")).Data!["contents"]!;

        Assert.Equal(504, response.Status);
        Assert.Equal(["INFO"], list.Single(p => (string)p["name"]! == "syslog_level")["values"]!.Select(v => (string)v!));
    }

    [Fact]
    public async Task The_next_N_requests_get_it_so_a_resend_does_too_and_the_count_says_how_many()
    {
        await using var scope = await StartAsync(Fast with { StageDuration = TimeSpan.FromSeconds(5) });
        scope.Sim.Faults.ActThenFail(MutatingRoute.ScaleOut, AfterActing.InternalError, count: 2);

        var first = await scope.Client.PostAsync(ScaleOut, ScaleOutBody(Spare, "zone1"));
        var resent = await scope.Client.PostAsync(ScaleOut, ScaleOutBody(Spare, "zone1"));
        var third = await scope.Client.PostAsync(ScaleOut, ScaleOutBody(Spare, "zone1"));

        Assert.Equal(("Common.Unexpected", "Common.Unexpected"), (first.ErrCode, resent.ErrCode));
        Assert.Equal("OB.Cluster.UnderMaintenanceWithDag", third.ErrCode); // the resend was a refusal inside, and so is this one
        Assert.Single(scope.Sim.Dags);
        Assert.Equal(2, scope.Sim.Faults.ActThenFailAnswers);
        Assert.Empty(scope.Sim.Faults.ArmedActThenFail);
    }

    [Fact]
    public async Task Other_routes_are_not_touched()
    {
        await using var scope = await StartAsync();
        scope.Sim.Faults.ActThenFail(MutatingRoute.ScaleIn, AfterActing.InternalError);

        var response = await scope.Client.PostAsync(ScaleOut, ScaleOutBody(Spare, "zone1"));

        Assert.Equal(200, response.Status);
        Assert.Equal(0, scope.Sim.Faults.ActThenFailAnswers);
        Assert.Equal(new ArmedActThenFail(MutatingRoute.ScaleIn, AfterActing.InternalError, 1), Assert.Single(scope.Sim.Faults.ArmedActThenFail));
    }

    [Fact]
    public async Task The_admin_route_arms_a_fault_from_outside_and_reports_the_count()
    {
        await using var scope = await StartAsync(Fast with { AdminPort = 0 });
        using var admin = new HttpClient { BaseAddress = new Uri($"http://{scope.Sim.AdminEndpoint}") };

        using var arm = await admin.PostAsync("/__sim/faults", Json("""{"route":"scale_out","answer":"504","count":1}"""));
        var armed = JObject.Parse(await arm.Content.ReadAsStringAsync());
        var response = await scope.Client.PostAsync(ScaleOut, ScaleOutBody(Spare, "zone1"));
        var after = JObject.Parse(await admin.GetStringAsync("/__sim/faults"));

        Assert.Equal(200, (int)arm.StatusCode);
        Assert.Equal("scale_out", (string)armed["armed"]![0]!["route"]!);
        Assert.Equal(504, response.Status);
        Assert.Single(scope.Sim.Dags);
        Assert.Equal(1, (int)after["actThenFailAnswers"]!);
        Assert.Empty((JArray)after["armed"]!);
    }

    [Theory]
    [InlineData("""{"route":"scale_up","answer":"500"}""")]
    [InlineData("""{"route":"scale_out","answer":"418"}""")]
    [InlineData("""{"route":"scale_out","answer":"500","count":-1}""")]
    [InlineData("not json")]
    public async Task The_admin_route_refuses_a_malformed_fault_and_arms_nothing(string body)
    {
        await using var scope = await StartAsync(Fast with { AdminPort = 0 });
        using var admin = new HttpClient { BaseAddress = new Uri($"http://{scope.Sim.AdminEndpoint}") };

        using var response = await admin.PostAsync("/__sim/faults", Json(body));

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Empty(scope.Sim.Faults.ArmedActThenFail);
    }

    [Fact]
    public async Task The_admin_route_is_not_served_by_the_agents_and_there_is_no_admin_listener_by_default()
    {
        await using var scope = await StartAsync();
        var onAgent = await scope.Client.RawAsync(HttpMethod.Get, "/__sim/faults");

        Assert.Null(scope.Sim.AdminEndpoint);
        Assert.Equal((404, "Common.NotFound"), (onAgent.Status, onAgent.ErrCode));
    }

    [Fact]
    public void The_command_line_arms_faults_and_opens_the_admin_listener()
    {
        var parsed = CommandLine.Parse(["--agents", "2", "--act-then-fail", "scale_in:stall:3", "--act-then-fail", "dag_operator:reset"])!;

        Assert.Equal(2, parsed.Options.ClusterAgents);
        Assert.Equal(0, parsed.Options.AdminPort);
        Assert.Equal(
            [new ArmedActThenFail(MutatingRoute.ScaleIn, AfterActing.Stall, 3), new ArmedActThenFail(MutatingRoute.DagOperator, AfterActing.ResetConnection, 1)],
            parsed.ActThenFail);
        Assert.Null(CommandLine.Parse(["--admin-port", "-1"])!.Options.AdminPort);
        Assert.Null(CommandLine.Parse(["--act-then-fail", "scale_out:teapot"]));
        Assert.Null(CommandLine.Parse(["--agents"]));
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
