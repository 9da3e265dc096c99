using ClusterScale.Simulators.ModelArts.Faults;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Simulators.Tests.ModelArts;

/// <summary>Act-then-fail: the scale is applied, and then the client gets a failure instead of the answer.</summary>
public class ActThenFailTests : SimulatorTest
{
    private Task<SimResponse> ScaleUp(string id, string flavor) => Client.PostAsync($"/hyperinstance/{id}/live-scale-up", ScaleUpBody(flavor));

    private Task<SimResponse> ScaleDown(string id, object body) => Client.PostAsync($"/hyperinstance/{id}/live-scale-down", body);

    [Fact]
    public async Task A_500_after_acting_has_a_ModelArts_body_without_a_refusal_code_and_the_scale_is_applied()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        Simulator.Faults.ActThenFail(ScaleRoutes.LiveScaleUp, AfterActing.InternalError500, 1);

        var response = await ScaleUp(id, Flavor4);

        Assert.Equal((500, "ModelArts.0001"), response.Outcome);
        Assert.Null(response.Body["request_id"]); // a ModelArts body, not the gateway's
        Assert.Equal(4, Simulator.GetSupernode(id).Servers.Count);
        Assert.Equal(1, Simulator.Faults.ActThenFailAnswers);
    }

    [Fact]
    public async Task A_504_after_acting_has_the_gateway_body_with_the_request_id()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        Simulator.Faults.ActThenFail(ScaleRoutes.LiveScaleUp, AfterActing.GatewayTimeout504, 1);

        var response = await ScaleUp(id, Flavor4);

        Assert.Equal((504, "APIGW.0201"), response.Outcome);
        Assert.Equal(response.RequestId, response.Body["request_id"]!.Value<string>());
        Assert.Equal(4, Simulator.GetSupernode(id).Servers.Count);
    }

    [Fact]
    public async Task A_reset_after_acting_gives_no_answer_and_is_journaled_as_status_0()
    {
        var id = Simulator.CreateSupernode(Flavor4);
        var removed = ServersAddedTo(id);
        Simulator.Faults.ActThenFail(ScaleRoutes.LiveScaleDown, AfterActing.ConnectionReset, 1);

        await Assert.ThrowsAsync<HttpRequestException>(() => ScaleDown(id, new { flavor = Flavor2, server_ids = removed }));

        Assert.All(Simulator.GetSupernode(id).Servers.Where(server => removed.Contains(server.Id)), server => Assert.Equal("DELETING", server.Status));
        Assert.Equal(0, Simulator.Requests.Single(request => request.Method == "POST").Status);
        Assert.Equal(1, Simulator.Faults.ActThenFailAnswers);
    }

    [Fact]
    public async Task A_stall_after_acting_holds_the_answer_until_the_client_gives_up()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        Simulator.Faults.ActThenFail(ScaleRoutes.LiveScaleUp, AfterActing.Stall, 1);
        using var clientTimeout = new CancellationTokenSource();

        var stalled = Client.SendAsync(HttpMethod.Post, Client.ProjectPath($"/hyperinstance/{id}/live-scale-up"),
            Newtonsoft.Json.JsonConvert.SerializeObject(ScaleUpBody(Flavor4)), cancellation: clientTimeout.Token);
        await Eventually(() => Simulator.GetSupernode(id).Servers.Count == 4, "the stalled scale-up was never applied");
        // Even with the simulator's clock far ahead, a stall never turns into an answer.
        Clock.Advance(TimeSpan.FromHours(2));
        await Task.Delay(50);
        Assert.False(stalled.IsCompleted, "a stalled request was answered");
        await clientTimeout.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stalled);
        await Eventually(() => Simulator.Requests.Any(request => request.Method == "POST"), "the stalled request was never journaled");
        Assert.Equal(0, Simulator.Requests.Single(request => request.Method == "POST").Status);
    }

    [Fact]
    public async Task A_stall_the_client_never_gives_up_on_ends_when_the_simulator_stops()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        Simulator.Faults.ActThenFail(ScaleRoutes.LiveScaleUp, AfterActing.Stall, 1);

        var stalled = ScaleUp(id, Flavor4);
        await Eventually(() => Simulator.GetSupernode(id).Servers.Count == 4, "the stalled scale-up was never applied");
        await Simulator.DisposeAsync();

        await Assert.ThrowsAsync<HttpRequestException>(() => stalled);
    }

    [Fact]
    public async Task Resends_within_the_count_fail_too_even_when_the_backend_refuses_them()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        Simulator.Faults.ActThenFail(ScaleRoutes.LiveScaleUp, AfterActing.InternalError500, 2);

        var first = await ScaleUp(id, Flavor4);
        Clock.Advance(TimeSpan.FromSeconds(30));
        var resend = await ScaleUp(id, Flavor4); // refused by the backend (already 4), and that answer is lost too
        var third = await ScaleUp(id, Flavor4);

        Assert.Equal([500, 500], [first.Status, resend.Status]);
        Assert.Equal((400, "ModelArts.0104"), third.Outcome);
        Assert.Equal(4, Simulator.GetSupernode(id).Servers.Count);
        Assert.Equal(2, Simulator.Faults.ActThenFailAnswers);
    }

    [Fact]
    public async Task A_fault_armed_on_one_route_leaves_the_other_route_and_reads_alone()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        Simulator.Faults.ActThenFail(ScaleRoutes.LiveScaleDown, AfterActing.GatewayTimeout504, 1);

        Assert.Equal(200, (await ScaleUp(id, Flavor4)).Status);
        Assert.Equal(200, (await Client.GetAsync("/hyperinstance/" + id)).Status);
        Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(504, (await ScaleDown(id, new { server_ids = ServersAddedTo(id) })).Status);
        Assert.Equal(1, Simulator.Faults.ActThenFailAnswers);
    }

    [Fact]
    public async Task Both_routes_are_armed_with_their_own_count()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        Simulator.Faults.ActThenFail(ScaleRoutes.Both, AfterActing.InternalError500, 1);

        Assert.Equal(500, (await ScaleUp(id, Flavor4)).Status);
        Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(500, (await ScaleDown(id, new { server_ids = ServersAddedTo(id) })).Status);
        Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(200, (await ScaleUp(id, Flavor4)).Status);
    }

    [Fact]
    public async Task Clear_disarms_act_then_fail_but_keeps_the_count_given()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        Simulator.Faults.ActThenFail(ScaleRoutes.LiveScaleUp, AfterActing.InternalError500, 5);
        await ScaleUp(id, Flavor4);

        Simulator.Faults.Clear();
        Clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(200, (await ScaleUp(id, Flavor8)).Status);
        Assert.Equal(1, Simulator.Faults.ActThenFailAnswers);
    }

    [Fact]
    public void Arming_checks_its_arguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Simulator.Faults.ActThenFail(ScaleRoutes.None, AfterActing.Stall, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Simulator.Faults.ActThenFail((ScaleRoutes)4, AfterActing.Stall, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Simulator.Faults.ActThenFail(ScaleRoutes.Both, (AfterActing)9, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Simulator.Faults.ActThenFail(ScaleRoutes.Both, AfterActing.Stall, -1));
    }

    [Fact]
    public async Task The_admin_route_arms_act_then_fail_and_reports_the_count_without_a_signature()
    {
        var id = Simulator.CreateSupernode(Flavor2);

        var armed = await Client.AdminAsync(HttpMethod.Post, "/__sim/faults/act-then-fail", new { route = "live-scale-up", answer = "504", requests = 1 });
        var failed = await ScaleUp(id, Flavor4);
        var counters = await Client.AdminAsync(HttpMethod.Get, "/__sim/faults");

        Assert.Equal(200, armed.Status);
        Assert.Equal(504, failed.Status);
        Assert.Equal(1, counters.Body["act_then_fail_answers"]!.Value<int>());
        Assert.Single(Simulator.Requests); // admin calls are not API traffic
    }

    [Theory]
    [InlineData("sideways", "504", 1, "route sideways")]
    [InlineData("both", "418", 1, "answer 418")]
    [InlineData("both", "reset", -1, "count")]
    public async Task The_admin_route_refuses_bad_values_naming_them(string route, string answer, int requests, string named)
    {
        var response = await Client.AdminAsync(HttpMethod.Post, "/__sim/faults/act-then-fail", new { route, answer, requests });

        Assert.Equal(400, response.Status);
        Assert.Contains(named, response.ErrorMsg);
        Assert.Equal(0, Simulator.Faults.ActThenFailAnswers);
    }

    [Fact]
    public async Task The_admin_route_clears_faults()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        Simulator.Faults.ActThenFail(ScaleRoutes.LiveScaleUp, AfterActing.InternalError500, 1);

        Assert.Equal(200, (await Client.AdminAsync(HttpMethod.Post, "/__sim/faults/clear")).Status);

        Assert.Equal(200, (await ScaleUp(id, Flavor4)).Status);
    }

    /// <summary>The servers a scale-up added to a supernode created at <see cref="Flavor2"/> (2 sub-nodes).</summary>
    private string[] ServersAddedTo(string id) => Simulator.GetSupernode(id).Servers.Skip(2).Select(server => server.Id).ToArray();

    /// <summary>Waits for something the server does on its own thread; the short real waits decide nothing.</summary>
    private static async Task Eventually(Func<bool> condition, string failure)
    {
        for (var attempt = 0; !condition(); attempt++)
        {
            Assert.True(attempt < 500, failure);
            await Task.Delay(10);
        }
    }
}
