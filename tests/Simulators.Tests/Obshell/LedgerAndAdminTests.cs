using System.Text;
using ClusterScale.Simulators.Obshell.Cluster;
using ClusterScale.Simulators.Obshell.Faults;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;
using static ClusterScale.Simulators.Tests.Obshell.SimulatorScope;

namespace ClusterScale.Simulators.Tests.Obshell;

/// <summary>The truth ledger, the agents' clock and the admin routes an operator or a campaign acts through (contracts.md, "Obshell simulator").</summary>
public sealed class LedgerAndAdminTests
{
    private const string ScaleOut = "/api/v1/ob/scale_out";

    [Fact]
    public async Task The_ledger_lists_every_accepted_mutating_request_with_the_agent_that_received_it()
    {
        await using var scope = await StartAsync(Fast with { AdminPort = 0 });
        var operatorOnSecond = scope.ClientFor(Second);
        var third = scope.ClientFor(Third);
        scope.Sim.Faults.FailDagAtNode(3);

        var scaleOut = await scope.ScaleOutAsync(Spare, "zone1");
        Assert.Equal("FAILED", StateOf(await scope.WaitForDagAsync(scaleOut)).State);
        Assert.Equal(200, (await operatorOnSecond.PostAsync($"/api/v1/task/dag/{scaleOut}", new { @operator = "retry" })).Status);
        Assert.Equal("SUCCEED", StateOf(await scope.WaitForDagAsync(scaleOut)).State);
        Assert.Equal(400, (await operatorOnSecond.PostAsync(ScaleOut, ScaleOutBody(Spare, "zone1"))).Status); // refused: not SINGLE any more
        var scaleIn = (string)(await third.PostAsync("/api/v1/ob/scale_in", ScaleInBody(Spare))).Data!["id"]!;
        Assert.Equal("SUCCEED", StateOf(await scope.WaitForDagAsync(scaleIn)).State);
        var patch = await third.SendAsync(HttpMethod.Patch, "/api/v1/obcluster/parameters", new { @params = new[] { new { name = "memory_limit", value = "8G", scope = "CLUSTER" } } });
        Assert.Equal(200, patch.Status);

        Assert.Equal(
            [(1L, "scale_out", Spare, scaleOut, First), (2L, "dag:RETRY", scaleOut, scaleOut, Second), (3L, "scale_in", Spare, scaleIn, Third), (4L, "parameters", "memory_limit", null, Third)],
            scope.Sim.Ledger.Select(e => (e.Seq, e.Route, e.Target, e.DagId, e.ReceivedBy)));
        using var admin = new HttpClient { BaseAddress = new Uri($"http://{scope.Sim.AdminEndpoint}") };
        var ledger = JArray.Parse(await admin.GetStringAsync("/__sim/ledger"));
        Assert.Equal(4, ledger.Count);
        var retry = (JObject)ledger[1];
        Assert.Equal(["seq", "time", "route", "target", "dag_id", "received_by"], retry.Properties().Select(p => p.Name));
        Assert.Equal(("dag:RETRY", scaleOut, Second), ((string)retry["route"]!, (string)retry["dag_id"]!, (string)retry["received_by"]!));
        Assert.Equal(JTokenType.Null, ledger[3]["dag_id"]!.Type);
    }

    [Fact]
    public async Task A_request_whose_answer_was_lost_is_in_the_ledger_and_a_refusal_is_not()
    {
        await using var scope = await StartAsync(Fast with { StageDuration = TimeSpan.FromMinutes(5) });
        scope.Sim.Faults.ActThenFail(MutatingRoute.ScaleOut, AfterActing.InternalError, count: 2);

        var lost = await scope.Client.PostAsync(ScaleOut, ScaleOutBody(Spare, "zone1"));
        var refusedBehindTheLock = await scope.Client.PostAsync(ScaleOut, ScaleOutBody(SecondSpare, "zone1"));

        Assert.Equal((500, 500), (lost.Status, refusedBehindTheLock.Status));
        var entry = Assert.Single(scope.Sim.Ledger);
        Assert.Equal(("scale_out", Spare, scope.Sim.Dags[0].Id, First), (entry.Route, entry.Target, entry.DagId, entry.ReceivedBy));
    }

    [Fact]
    public async Task DAG_start_time_the_envelope_and_the_ledger_are_on_the_agents_clock_ClockOffset_away()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));
        var offset = TimeSpan.FromMinutes(-90); // the agents' clock is behind the client's
        await using var scope = await StartAsync(Fast with { Time = time, ClockOffset = offset, StageDuration = TimeSpan.FromMinutes(1) });
        var agentNow = time.GetUtcNow() + offset;

        var response = await scope.Client.PostAsync(ScaleOut, ScaleOutBody(Spare, "zone1"));

        Assert.Equal(agentNow, DateTimeOffset.Parse((string)response.Json["timestamp"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(agentNow, DateTimeOffset.Parse((string)response.Data!["start_time"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(agentNow, Assert.Single(scope.Sim.Ledger).Time);
        scope.Sim.Faults.Clear(); // keeps the configured offset
        var clock = (string)(await scope.Client.RawAsync(HttpMethod.Get, "/api/v1/time")).Data!;
        Assert.Equal(agentNow, DateTimeOffset.Parse(clock, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task The_admin_route_stops_and_starts_an_agents_observer()
    {
        await using var scope = await StartAsync(Fast with { AdminPort = 0 });
        using var admin = AdminClient(scope);
        async Task<string> ClusterVersionOnSecond() => (string)(await scope.ClientFor(Second).GetAsync("/api/v1/ob/info")).Data!["obcluster_info"]!["version"]!;

        using var down = await admin.PostAsync($"/__sim/agents/{Second}/observer", Json("""{"running":false}"""));
        Assert.Equal((200, ""), ((int)down.StatusCode, await ClusterVersionOnSecond()));
        using var up = await admin.PostAsync($"/__sim/agents/{Second}/observer", Json("""{"running":true}"""));
        Assert.Equal((200, "4.3.5.0"), ((int)up.StatusCode, await ClusterVersionOnSecond()));
    }

    [Fact]
    public async Task The_admin_route_forces_OceanBase_to_refuse_a_server_deletion_until_lifted()
    {
        await using var scope = await StartAsync(Fast with { AdminPort = 0 });
        using var admin = AdminClient(scope);
        using var refuse = await admin.PostAsync($"/__sim/agents/{Third}/refuse-delete", Json("""{"reason":"Error 4179 (HY000): by hand"}"""));
        Assert.Equal(200, (int)refuse.StatusCode);

        var refused = await scope.WaitForDagAsync(await scope.ScaleInAsync(Third));
        Assert.Equal(("FAILED", 1), (StateOf(refused).State, (int)refused["stage"]!));
        Assert.Contains($"delete observer 10.0.0.3:2882 failed: Error 4179 (HY000): by hand", refused["nodes"]![0]!["sub_tasks"]![0]!["task_logs"]!.Select(l => (string)l!));

        using var lift = await admin.PostAsync($"/__sim/agents/{Third}/refuse-delete", Json("""{"reason":null}"""));
        Assert.Equal(200, (int)lift.StatusCode);
        Assert.Equal("SUCCEED", StateOf(await scope.WaitForDagAsync(await scope.ScaleInAsync(Third))).State); // the lock was given back
    }

    [Fact]
    public async Task The_admin_route_leaves_the_next_scale_DAG_FAILED_for_later_and_an_operator_rolls_it_back_through_the_API()
    {
        await using var scope = await StartAsync(Fast with { AdminPort = 0 });
        using var admin = AdminClient(scope);
        using var arm = await admin.PostAsync("/__sim/faults/dag", Json("""{"node":4}"""));
        Assert.Equal(200, (int)arm.StatusCode);

        var id = await scope.ScaleOutAsync(Spare, "zone1");
        Assert.Equal(("FAILED", 4), (StateOf(await scope.WaitForDagAsync(id)).State, scope.Sim.Dags[0].Stage));
        Assert.Equal("OB.Cluster.UnderMaintenanceWithDag", (await scope.Client.PostAsync(ScaleOut, ScaleOutBody(SecondSpare, "zone1"))).ErrCode); // it stays, holding the lock

        var operatorOnThird = scope.ClientFor(Third);
        Assert.Equal(200, (await operatorOnThird.PostAsync($"/api/v1/task/dag/{id}", new { @operator = "ROLLBACK" })).Status);
        Assert.Equal(("SUCCEED", "ROLLBACK"), StateOf(await scope.WaitForDagAsync(id)));
        Assert.Equal(("dag:ROLLBACK", Third), (scope.Sim.Ledger[^1].Route, scope.Sim.Ledger[^1].ReceivedBy));
    }

    [Theory]
    [InlineData("/__sim/agents/10.0.0.9:2886/observer", """{"running":false}""", 404)]
    [InlineData("/__sim/agents/10.0.0.2:2886/observer", """{"running":"no"}""", 400)]
    [InlineData("/__sim/agents/10.0.0.2:2886/refuse-delete", """{"reason":7}""", 400)]
    [InlineData("/__sim/agents/10.0.0.2:2886/reboot", "{}", 404)]
    [InlineData("/__sim/faults/dag", """{"node":0}""", 400)]
    [InlineData("/__sim/faults/dag", "{}", 400)]
    public async Task The_admin_routes_refuse_what_they_cannot_do_and_change_nothing(string path, string body, int status)
    {
        await using var scope = await StartAsync(Fast with { AdminPort = 0 });
        using var admin = AdminClient(scope);

        using var response = await admin.PostAsync(path, Json(body));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Contains("error", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.All(scope.Sim.Members, m => Assert.Equal("ACTIVE", m.ServerStatus));
        Assert.Equal("SUCCEED", StateOf(await scope.WaitForDagAsync(await scope.ScaleOutAsync(Spare, "zone1"))).State);
    }

    private static HttpClient AdminClient(SimulatorScope scope) => new() { BaseAddress = new Uri($"http://{scope.Sim.AdminEndpoint}") };

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
