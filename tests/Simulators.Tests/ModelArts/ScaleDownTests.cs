using ClusterScale.Simulators.ModelArts;
using ClusterScale.Simulators.ModelArts.Api;
using ClusterScale.Simulators.ModelArts.Supernodes;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Simulators.Tests.ModelArts;

/// <summary>live-scale-down removes exactly the listed sub-nodes, and refuses every unsafe request.</summary>
public class ScaleDownTests : SimulatorTest
{
    private Task<SimResponse> ScaleDown(string id, object body) => Client.PostAsync($"/hyperinstance/{id}/live-scale-down", body);

    private (string Id, List<string> Servers) SupernodeOf(string flavor)
    {
        var id = Simulator.CreateSupernode(flavor);
        return (id, Simulator.GetSupernode(id).Servers.Select(server => server.Id).ToList());
    }

    private static void AssertRefused(SimResponse response, string messagePart)
    {
        Assert.Equal((400, "ModelArts.0104"), response.Outcome);
        Assert.Contains(messagePart, response.ErrorMsg);
    }

    [Fact]
    public async Task Scale_down_answers_a_snapshot_at_acceptance_then_deletes_exactly_the_listed_servers()
    {
        var (id, servers) = SupernodeOf(Flavor8);
        var removed = servers[4..];

        var response = await ScaleDown(id, new { id, flavor = Flavor4, server_ids = removed, resource_flavor = ResourceFlavor });

        // Spec Corrections 2026-12-05: the 200 still lists the removed servers in their old status.
        Assert.Equal(200, response.Status);
        Assert.Equal("ACTIVE", response.Body["status"]!.Value<string>());
        Assert.Equal(servers, response.Body["servers"]!.Select(server => server["id"]!.Value<string>()));
        Assert.All(response.Body["servers"]!, server => Assert.Equal("RUNNING", server["status"]!.Value<string>()));
        var later = (await Client.GetAsync("/hyperinstance/" + id)).Body;
        Assert.Equal("PROVISIONING", later["status"]!.Value<string>());
        var statuses = later["servers"]!.ToDictionary(server => server["id"]!.Value<string>()!, server => server["status"]!.Value<string>());
        Assert.All(removed, serverId => Assert.Equal("DELETING", statuses[serverId]));
        Assert.All(servers[..4], serverId => Assert.Equal("RUNNING", statuses[serverId]));

        Clock.Advance(TimeSpan.FromSeconds(10));
        var view = Simulator.GetSupernode(id);
        Assert.Equal("ACTIVE", view.Status);
        Assert.Equal(servers[..4], view.Servers.Select(server => server.Id));
        Assert.Equal(Flavor4, view.Flavor);
        Assert.Equal((400, "ModelArts.6404"), (await Client.GetAsync("/" + removed[0])).Outcome);
    }

    [Fact]
    public async Task Without_a_flavor_the_supernode_takes_the_flavor_its_remaining_sub_nodes_match()
    {
        var (id, servers) = SupernodeOf(Flavor8);

        Assert.Equal(200, (await ScaleDown(id, new { server_ids = servers[2..] })).Status);

        Assert.Equal(Flavor2, Simulator.GetSupernode(id).Flavor);
    }

    [Fact]
    public async Task The_flavor_must_match_the_remaining_count()
    {
        var (id, servers) = SupernodeOf(Flavor8);

        AssertRefused(await ScaleDown(id, new { flavor = Flavor2, server_ids = servers[4..] }), "leaves 4");
        Assert.All(Simulator.GetSupernode(id).Servers, server => Assert.Equal("RUNNING", server.Status));
    }

    [Fact]
    public async Task A_flavor_outside_the_catalogue_is_refused()
    {
        var (id, servers) = SupernodeOf(Flavor8);

        AssertRefused(await ScaleDown(id, new { flavor = "kat3ne-12-800t.matrix", server_ids = servers[4..] }), "kat3ne-12-800t.matrix");
    }

    [Fact]
    public async Task Scaling_down_to_a_single_sub_node_is_allowed()
    {
        var (id, servers) = SupernodeOf(Flavor4);

        Assert.Equal(200, (await ScaleDown(id, new { flavor = Flavor1, server_ids = servers[1..] })).Status);
        Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal((Flavor1, 1), (Simulator.GetSupernode(id).Flavor, Simulator.GetSupernode(id).Servers.Count));
    }

    [Fact]
    public async Task Removing_every_sub_node_is_refused()
    {
        var (id, servers) = SupernodeOf(Flavor2);

        AssertRefused(await ScaleDown(id, new { server_ids = servers }), "would leave 0");
        Assert.Equal(2, Simulator.GetSupernode(id).Servers.Count);
    }

    [Fact]
    public async Task A_server_of_another_supernode_is_refused()
    {
        var (id, servers) = SupernodeOf(Flavor8);
        var (_, others) = SupernodeOf(Flavor2);

        AssertRefused(await ScaleDown(id, new { server_ids = new[] { servers[7], others[0] } }), $"Server {others[0]} is not a sub-node");
        Assert.Equal(8, Simulator.GetSupernode(id).Servers.Count(server => server.Status == "RUNNING"));
    }

    [Fact]
    public async Task Listing_a_server_twice_is_refused()
    {
        var (id, servers) = SupernodeOf(Flavor8);

        AssertRefused(await ScaleDown(id, new { server_ids = new[] { servers[7], servers[7] } }), "twice");
    }

    [Fact]
    public async Task An_empty_or_missing_server_list_is_refused()
    {
        var (id, _) = SupernodeOf(Flavor8);

        AssertRefused(await ScaleDown(id, new { server_ids = Array.Empty<string>() }), "server_ids");
        AssertRefused(await ScaleDown(id, new { flavor = Flavor4 }), "server_ids");
        AssertRefused(await ScaleDown(id, new { server_ids = "abc" }), "server_ids: must be an array of strings");
    }

    [Fact]
    public async Task A_body_id_other_than_the_path_is_refused()
    {
        var (id, servers) = SupernodeOf(Flavor8);

        AssertRefused(await ScaleDown(id, new { id = Guid.NewGuid().ToString(), server_ids = servers[4..] }), "does not match");
    }

    [Fact]
    public async Task A_resource_flavor_the_servers_do_not_have_is_refused()
    {
        var (id, servers) = SupernodeOf(Flavor8);

        AssertRefused(await ScaleDown(id, new { server_ids = servers[4..], resource_flavor = "kat3ne-16.96xlarge.8.800t.matrix" }), "resource_flavor");
    }

    [Fact]
    public async Task A_supernode_mid_transition_cannot_be_scaled_down()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        Assert.Equal(200, (await Client.PostAsync($"/hyperinstance/{id}/live-scale-up", ScaleUpBody(Flavor4))).Status);
        var added = ServersAfterTheFirst(id, 2);

        AssertRefused(await ScaleDown(id, new { flavor = Flavor2, server_ids = added }), "PROVISIONING");
        Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(200, (await ScaleDown(id, new { flavor = Flavor2, server_ids = added })).Status);
        AssertRefused(await ScaleDown(id, new { server_ids = added }), "PROVISIONING"); // still DELETING
    }

    [Fact]
    public async Task A_supernode_in_error_cannot_be_scaled_down()
    {
        var (id, servers) = SupernodeOf(Flavor8);
        Simulator.Faults.PutSupernodeInError(id);

        AssertRefused(await ScaleDown(id, new { flavor = Flavor4, server_ids = servers[4..] }), "ERROR");
    }

    [Fact]
    public async Task Create_failed_servers_can_be_removed_to_roll_back()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        Simulator.Faults.FailNextServerCreations(2);
        Assert.Equal(200, (await Client.PostAsync($"/hyperinstance/{id}/live-scale-up", ScaleUpBody(Flavor4))).Status);
        var added = ServersAfterTheFirst(id, 2);
        Clock.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(200, (await ScaleDown(id, new { flavor = Flavor2, server_ids = added })).Status);
        Clock.Advance(TimeSpan.FromSeconds(10));

        var view = Simulator.GetSupernode(id);
        Assert.Equal(("ACTIVE", Flavor2, 2), (view.Status, view.Flavor, view.Servers.Count));
        Assert.All(view.Servers, server => Assert.Equal("RUNNING", server.Status));
    }

    [Theory]
    [InlineData("CHANGINGOS")]
    [InlineData("REINSTALLINGOS")]
    [InlineData("REBOOTING")]
    [InlineData("STARTING")]
    [InlineData("STOPPING")]
    public async Task A_node_switching_OS_restarting_starting_or_stopping_cannot_be_removed(string busy)
    {
        var (id, servers) = SupernodeOf(Flavor4);
        Simulator.SetServerStatus(id, servers[3], busy);

        AssertRefused(await ScaleDown(id, new { flavor = Flavor2, server_ids = servers[2..] }), $"Server {servers[3]} is {busy}");
        Assert.DoesNotContain("DELETING", Simulator.GetSupernode(id).Servers.Select(server => server.Status));
    }

    [Fact]
    public async Task A_busy_node_that_stays_does_not_block_removing_others()
    {
        var (id, servers) = SupernodeOf(Flavor4);
        Simulator.SetServerStatus(id, servers[0], "REBOOTING");

        Assert.Equal(200, (await ScaleDown(id, new { flavor = Flavor2, server_ids = servers[2..] })).Status);
    }

    [Theory]
    [InlineData("STOPPED")]
    [InlineData("ERROR")]
    [InlineData("START_FAILED")]
    public async Task A_node_in_a_steady_or_failed_status_can_be_removed(string status)
    {
        var (id, servers) = SupernodeOf(Flavor2);
        Simulator.SetServerStatus(id, servers[1], status);

        Assert.Equal(200, (await ScaleDown(id, new { flavor = Flavor1, server_ids = new[] { servers[1] } })).Status);
        Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal([servers[0]], Simulator.GetSupernode(id).Servers.Select(server => server.Id));
    }

    [Theory]
    [InlineData("""{"server_ids":["x"],"flavor":5}""", "flavor")]
    [InlineData("""{"server_ids":["x"],"id":true}""", "id")]
    [InlineData("""{"server_ids":["x"],"resource_flavor":[]}""", "resource_flavor")]
    [InlineData("""{"server_ids":[1]}""", "server_ids")]
    public async Task A_field_of_the_wrong_type_is_refused_naming_it(string body, string field)
    {
        var (id, _) = SupernodeOf(Flavor2);

        var response = await Client.SendAsync(HttpMethod.Post, Client.ProjectPath($"/hyperinstance/{id}/live-scale-down"), body);

        AssertRefused(response, $"Invalid {field}:");
    }

    [Fact]
    public async Task The_four_fields_together_as_the_SDKs_send_them_are_accepted()
    {
        var (id, servers) = SupernodeOf(Flavor4);

        var response = await ScaleDown(id, new { id, flavor = Flavor1, server_ids = servers[1..], resource_flavor = ResourceFlavor });

        Assert.Equal(200, response.Status);
        Assert.Equal(["RUNNING", "RUNNING", "RUNNING", "RUNNING"], response.Body["servers"]!.Select(server => (string)server["status"]!));
        Assert.Equal(["RUNNING", "DELETING", "DELETING", "DELETING"], Simulator.GetSupernode(id).Servers.Select(server => server.Status));
    }

    private string[] ServersAfterTheFirst(string id, int count) => Simulator.GetSupernode(id).Servers.Skip(count).Select(server => server.Id).ToArray();

    [Fact]
    public async Task An_unknown_supernode_is_6404() =>
        Assert.Equal((400, "ModelArts.6404"), (await ScaleDown(Guid.NewGuid().ToString(), new { server_ids = new[] { Guid.NewGuid().ToString() } })).Outcome);

    [Fact]
    public void A_server_removed_out_of_band_is_gone_at_once()
    {
        var (id, servers) = SupernodeOf(Flavor4);

        Simulator.RemoveServerOutOfBand(id, servers[2]);

        Assert.Equal([servers[0], servers[1], servers[3]], Simulator.GetSupernode(id).Servers.Select(server => server.Id));
        Assert.Equal("ModelArts.6404", Assert.Throws<ApiErrorException>(() => Simulator.RemoveServerOutOfBand(id, servers[2])).Code);
    }
}

/// <summary>The manual's literal rule: a supernode with one sub-node cannot be scaled down at all.</summary>
public class SingleSubNodeTests : SimulatorTest
{
    [Fact]
    public async Task A_single_sub_node_supernode_cannot_be_scaled_down()
    {
        var id = Simulator.CreateSupernode(Flavor1);
        var only = Simulator.GetSupernode(id).Servers.Single().Id;

        var response = await Client.PostAsync($"/hyperinstance/{id}/live-scale-down", new { server_ids = new[] { only } });

        Assert.Equal((400, "ModelArts.0104"), response.Outcome);
        Assert.Contains("single sub-node", response.ErrorMsg);
    }
}
