using ClusterScale.Simulators.ModelArts;
using ClusterScale.Simulators.ModelArts.Supernodes;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Simulators.Tests.ModelArts;

/// <summary>The situations a client must survive (issue 13): trickling servers, a STOPPED server, a PRE_PAID
/// supernode, a supernode going away mid-scale, per-minute throttling, CREATE_FAILED servers.</summary>
public class ScenarioTests : SimulatorTest
{
    private static readonly TimeSpan CreateDuration = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DeleteDuration = TimeSpan.FromSeconds(10);

    private Task<SimResponse> ScaleUp(string id, string flavor) => Client.PostAsync($"/hyperinstance/{id}/live-scale-up", ScaleUpBody(flavor));

    private async Task<JObject> Show(string id) => (JObject)(await Client.GetAsync("/hyperinstance/" + id)).Body;

    private static string[] Statuses(JToken detail) => detail["servers"]!.Select(server => server["status"]!.Value<string>()!).ToArray();

    [Fact]
    public async Task Trickle_lists_new_servers_one_at_a_time_while_the_supernode_stays_ACTIVE()
    {
        var id = Simulator.CreateSupernode(new SupernodeSetup(Flavor2) { Arrival = ServerArrival.OneByOne });

        var accepted = await ScaleUp(id, Flavor8);

        Assert.Equal(200, accepted.Status);
        Assert.Equal("ACTIVE", accepted.Body["status"]!.Value<string>());
        Assert.Equal(["RUNNING", "RUNNING"], Statuses(accepted.Body)); // the snapshot at acceptance
        Assert.Equal(["RUNNING", "RUNNING", "CREATING"], Statuses(await Show(id)));
        for (var arrived = 1; arrived < 6; arrived++)
        {
            Clock.Advance(CreateDuration);
            var detail = await Show(id);
            Assert.Equal("ACTIVE", detail["status"]!.Value<string>());
            Assert.Equal([.. Enumerable.Repeat("RUNNING", 2 + arrived), "CREATING"], Statuses(detail));
        }
        Clock.Advance(CreateDuration);
        var settled = await Show(id);
        Assert.Equal([.. Enumerable.Repeat("RUNNING", 8)], Statuses(settled));
        Assert.Equal("ACTIVE", settled["status"]!.Value<string>());
    }

    [Fact]
    public async Task A_trickling_supernode_refuses_another_scale_until_the_last_server_arrived()
    {
        var id = Simulator.CreateSupernode(new SupernodeSetup(Flavor2) { Arrival = ServerArrival.OneByOne });
        await ScaleUp(id, Flavor4);
        Clock.Advance(CreateDuration);

        var refused = await ScaleUp(id, Flavor8); // 3 of 4 listed, the last CREATING

        Assert.Equal((400, "ModelArts.0104"), refused.Outcome);
        Assert.Contains("scale in progress", refused.ErrorMsg);
        Clock.Advance(CreateDuration);
        Assert.Equal(200, (await ScaleUp(id, Flavor8)).Status);
    }

    [Fact]
    public async Task The_test_view_shows_only_the_servers_listed_so_far()
    {
        var id = Simulator.CreateSupernode(new SupernodeSetup(Flavor2) { Arrival = ServerArrival.OneByOne });

        await ScaleUp(id, Flavor8);

        Assert.Equal(["RUNNING", "RUNNING", "CREATING"], Simulator.GetSupernode(id).Servers.Select(server => server.Status));
    }

    [Fact]
    public async Task A_pre_existing_STOPPED_server_stays_STOPPED_through_a_scale_up_and_can_be_removed()
    {
        var id = Simulator.CreateSupernode(new SupernodeSetup(Flavor4) { StoppedServers = 1 });
        var stopped = Simulator.GetSupernode(id).Servers[^1];
        Assert.Equal("STOPPED", stopped.Status);
        Assert.Equal("ACTIVE", Simulator.GetSupernode(id).Status);

        Assert.Equal(200, (await ScaleUp(id, Flavor8)).Status);
        Clock.Advance(CreateDuration);
        var afterScaleUp = Statuses(await Show(id));
        Assert.Equal([.. Enumerable.Repeat("RUNNING", 3), "STOPPED", .. Enumerable.Repeat("RUNNING", 4)], afterScaleUp);

        var scaledDown = await Client.PostAsync($"/hyperinstance/{id}/live-scale-down",
            new { server_ids = Simulator.GetSupernode(id).Servers.Skip(3).Take(4).Select(server => server.Id) });
        Assert.Equal(200, scaledDown.Status);
    }

    [Fact]
    public async Task A_PRE_PAID_supernode_accepts_a_scale_up_whose_servers_stay_CREATING_until_the_order_is_paid()
    {
        var id = Simulator.CreateSupernode(new SupernodeSetup(Flavor2) { ChargingMode = "PRE_PAID" });
        var before = await Show(id);
        Assert.All(before["servers"]!, server => Assert.Equal("PRE_PAID", server["charging_mode"]!.Value<string>()));

        var accepted = await ScaleUp(id, Flavor4);
        Clock.Advance(TimeSpan.FromDays(3));
        var unpaid = await Show(id);

        Assert.Equal(200, accepted.Status);
        Assert.Equal(["RUNNING", "RUNNING", "CREATING", "CREATING"], Statuses(unpaid));
        Assert.Equal("PROVISIONING", unpaid["status"]!.Value<string>());
        var orders = unpaid["servers"]!.Select(server => server["order_id"]!.Value<string>()).ToArray();
        Assert.Equal(orders[2], orders[3]);
        Assert.NotEqual(orders[0], orders[2]); // the new nodes have an order of their own
        Assert.All(unpaid["servers"]!, server => Assert.Equal("PRE_PAID", server["charging_mode"]!.Value<string>()));
        Assert.Equal(400, (await ScaleUp(id, Flavor8)).Status); // still scaling

        Assert.Equal(2, Simulator.PayOrders(id));
        Clock.Advance(CreateDuration);
        var paid = Statuses(await Show(id));
        Assert.Equal([.. Enumerable.Repeat("RUNNING", 4)], paid);
        Assert.Equal(0, Simulator.PayOrders(id));
    }

    [Fact]
    public async Task A_supernode_terminated_mid_scale_goes_TERMINATING_then_TERMINATED_then_not_found()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        await ScaleUp(id, Flavor4);

        Simulator.TerminateSupernode(id);
        var terminating = await Show(id);
        var refused = await ScaleUp(id, Flavor8);
        Clock.Advance(DeleteDuration);
        var terminated = await Show(id);
        var listedWhileTerminated = (await Client.GetAsync("/hyperinstance")).Body["total"]!.Value<int>();
        Clock.Advance(DeleteDuration);
        var gone = await Client.GetAsync("/hyperinstance/" + id);

        Assert.Equal("TERMINATING", terminating["status"]!.Value<string>());
        Assert.Equal([.. Enumerable.Repeat("DELETING", 4)], Statuses(terminating));
        Assert.Equal((400, "ModelArts.0104"), refused.Outcome);
        Assert.Contains("TERMINATING", refused.ErrorMsg);
        Assert.Equal("TERMINATED", terminated["status"]!.Value<string>());
        Assert.Empty(terminated["servers"]!);
        Assert.Equal(1, listedWhileTerminated);
        Assert.Equal((400, "ModelArts.6404"), gone.Outcome);
        Assert.Equal(0, (await Client.GetAsync("/hyperinstance")).Body["total"]!.Value<int>());
    }

    [Fact]
    public async Task A_trickle_cut_short_by_termination_drops_the_servers_not_listed_yet()
    {
        var id = Simulator.CreateSupernode(new SupernodeSetup(Flavor2) { Arrival = ServerArrival.OneByOne });
        await ScaleUp(id, Flavor8);

        Simulator.TerminateSupernode(id);
        Clock.Advance(TimeSpan.FromMinutes(2)); // past when the rest would have trickled in

        Assert.Equal((400, "ModelArts.6404"), (await Client.GetAsync("/hyperinstance/" + id)).Outcome);
    }

    [Fact]
    public async Task CREATE_FAILED_servers_stay_listed_until_removed()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        Simulator.Faults.FailNextServerCreations(1);
        await ScaleUp(id, Flavor4);

        Clock.Advance(TimeSpan.FromDays(1));

        Assert.Equal(["RUNNING", "RUNNING", "CREATE_FAILED", "RUNNING"], Statuses(await Show(id)));
        Assert.Equal("ACTIVE", Simulator.GetSupernode(id).Status);
    }

    [Fact]
    public async Task A_server_can_be_put_in_any_status_but_the_ones_scales_own()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        var server = Simulator.GetSupernode(id).Servers[0].Id;

        Simulator.SetServerStatus(id, server, "REBOOTING");

        Assert.Equal("REBOOTING", Simulator.GetSupernode(id).Servers[0].Status);
        Assert.Throws<ArgumentException>(() => Simulator.SetServerStatus(id, server, "CREATING"));
        Assert.Throws<ArgumentException>(() => Simulator.SetServerStatus(id, server, "DELETED"));
        Assert.Throws<ArgumentException>(() => Simulator.SetServerStatus(id, server, "SLEEPING"));
        Assert.Equal("ACTIVE", (await Show(id))["status"]!.Value<string>());
    }

    [Fact]
    public async Task Posts_beyond_the_per_minute_limit_get_429_APIGW_0308_with_the_gateway_body_and_no_Retry_After()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        Simulator.Faults.LimitPostsPerMinute(2);

        var first = await ScaleUp(id, Flavor4);
        var second = await ScaleUp(id, Flavor8); // refused (scale in progress) but let through by the gateway
        var throttled = await ScaleUp(id, Flavor8);
        var read = await Client.GetAsync("/hyperinstance/" + id);

        Assert.Equal(200, first.Status);
        Assert.Equal(400, second.Status);
        Assert.Equal((429, "APIGW.0308"), throttled.Outcome);
        Assert.Equal("The throttling threshold has been reached: policy user over ratelimit,limit:2,time:1 minute", throttled.ErrorMsg);
        Assert.Equal(throttled.RequestId, throttled.Body["request_id"]!.Value<string>());
        Assert.Null(throttled.RetryAfter);
        Assert.Equal(200, read.Status);
        Assert.Equal(1, Simulator.Faults.PostsThrottled);
    }

    [Fact]
    public async Task The_per_minute_window_slides_on_the_simulator_clock()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        Simulator.Faults.LimitPostsPerMinute(1);

        var admitted = await ScaleUp(id, Flavor4);
        Clock.Advance(TimeSpan.FromSeconds(59));
        var tooSoon = await ScaleUp(id, Flavor8);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var nextMinute = await ScaleUp(id, Flavor8);

        Assert.Equal([200, 429, 200], [admitted.Status, tooSoon.Status, nextMinute.Status]);
    }

    [Fact]
    public async Task The_per_minute_limit_can_send_Retry_After_and_Clear_lifts_it()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        Simulator.Faults.LimitPostsPerMinute(0, TimeSpan.FromSeconds(5));

        var throttled = await ScaleUp(id, Flavor4);
        Simulator.Faults.Clear();

        Assert.Equal((429, "5"), (throttled.Status, throttled.RetryAfter));
        Assert.Equal(200, (await ScaleUp(id, Flavor4)).Status);
        Assert.Throws<ArgumentOutOfRangeException>(() => Simulator.Faults.LimitPostsPerMinute(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Simulator.Faults.LimitPostsPerMinute(1, TimeSpan.FromMilliseconds(1500)));
    }

    [Fact]
    public void A_setup_that_cannot_exist_is_refused()
    {
        Assert.Throws<ArgumentException>(() => Simulator.CreateSupernode(new SupernodeSetup(Flavor2) { ChargingMode = "FREE" }));
        Assert.Throws<ArgumentException>(() => Simulator.CreateSupernode(new SupernodeSetup(Flavor2) { StoppedServers = 3 }));
    }
}

/// <summary>The scenarios selected from outside the process, through the unsigned admin routes.</summary>
public class AdminScenarioTests : SimulatorTest
{
    private async Task<JToken> Admin(string path, object? body = null, int expected = 200)
    {
        var response = await Client.AdminAsync(HttpMethod.Post, path, body);
        Assert.True(response.Status == expected, $"{path}: {response.Status} {response.Body}");
        return response.Body;
    }

    [Fact]
    public async Task A_supernode_is_created_with_a_scenario_and_then_driven()
    {
        var id = (await Admin("/__sim/supernodes", new { flavor = Flavor2, charging_mode = "PRE_PAID", stopped_servers = 1, arrival = "trickle", name = "hps-x" }))["id"]!.Value<string>()!;
        var view = Simulator.GetSupernode(id);
        Assert.Equal(["RUNNING", "STOPPED"], view.Servers.Select(server => server.Status));
        Assert.Equal("hps-x-1", view.Servers[0].Name);

        await Client.PostAsync($"/hyperinstance/{id}/live-scale-up", ScaleUpBody(Flavor4));
        Assert.Equal(2, (await Admin($"/__sim/supernodes/{id}/pay"))["paid"]!.Value<int>());
        await Admin($"/__sim/supernodes/{id}/servers/{view.Servers[0].Id}/status", new { status = "STOPPING" });
        Assert.Equal("STOPPING", Simulator.GetSupernode(id).Servers[0].Status);
        await Admin($"/__sim/supernodes/{id}/error");
        Assert.Equal("ERROR", Simulator.GetSupernode(id).Status);
        Assert.Equal("TERMINATING", (await Admin($"/__sim/supernodes/{id}/terminate"))["status"]!.Value<string>());
        Assert.DoesNotContain(Simulator.Requests, request => request.PathAndQuery.StartsWith("/__sim", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Faults_are_armed_and_counted()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        await Admin("/__sim/faults/post-limit", new { per_minute = 0, retry_after_seconds = 7 });
        var throttled = await Client.PostAsync($"/hyperinstance/{id}/live-scale-up", ScaleUpBody(Flavor4));
        await Admin("/__sim/faults/clear");
        await Admin("/__sim/faults/server-creation-failures", new { count = 1 });
        await Client.PostAsync($"/hyperinstance/{id}/live-scale-up", ScaleUpBody(Flavor4));
        Clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal((429, "7"), (throttled.Status, throttled.RetryAfter));
        Assert.Equal(1, (await Client.AdminAsync(HttpMethod.Get, "/__sim/faults")).Body["posts_throttled"]!.Value<int>());
        Assert.Contains("CREATE_FAILED", Simulator.GetSupernode(id).Servers.Select(server => server.Status));
    }

    [Theory]
    [InlineData("/__sim/supernodes", """{"flavor":"kat3ne-16-800t.96xlarge.8.matrix","arrival":"sometimes"}""", "arrival sometimes")]
    [InlineData("/__sim/supernodes", """{"flavor":"kat3ne-16-800t.96xlarge.8.matrix","charging_mode":"FREE"}""", "charging mode FREE")]
    [InlineData("/__sim/supernodes", """{"flavor":"nonsense"}""", "flavor nonsense")]
    [InlineData("/__sim/faults/post-limit", """{}""", "per_minute")]
    public async Task Bad_admin_values_are_400_naming_them(string path, string body, string named)
    {
        var response = await Client.SendAsync(HttpMethod.Post, path, body, sign: false);

        Assert.Equal(400, response.Status);
        Assert.Contains(named, response.ErrorMsg);
    }

    [Fact]
    public async Task An_unknown_supernode_is_6404_on_the_admin_routes_too() =>
        Assert.Equal((400, "ModelArts.6404"), (await Client.AdminAsync(HttpMethod.Post, $"/__sim/supernodes/{Guid.NewGuid()}/terminate")).Outcome);
}

/// <summary>Trickle as the simulator-wide default (the command line's `--arrival trickle`).</summary>
public class TrickleDefaultTests : SimulatorTest
{
    protected override ModelArtsSimulatorOptions Configure(ModelArtsSimulatorOptions options) => options with { Arrival = ServerArrival.OneByOne };

    [Fact]
    public async Task Every_supernode_trickles()
    {
        var id = Simulator.CreateSupernode(Flavor2);

        var accepted = await Client.PostAsync($"/hyperinstance/{id}/live-scale-up", ScaleUpBody(Flavor4));

        Assert.Equal(2, accepted.Body["servers"]!.Count());
        Assert.Equal(["RUNNING", "RUNNING", "CREATING"], Simulator.GetSupernode(id).Servers.Select(server => server.Status));
        Assert.Equal("ACTIVE", Simulator.GetSupernode(id).Status);
    }
}
