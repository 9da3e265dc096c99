using System.Text;
using ClusterScale.Simulators.ModelArts;
using ClusterScale.Simulators.ModelArts.Supernodes;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Simulators.Tests.ModelArts;

/// <summary>live-scale-up: the capacity model, the state machine, and every refusal with its exact code.</summary>
public class ScaleUpTests : SimulatorTest
{
    private Task<SimResponse> ScaleUp(string id, object body) => Client.PostAsync($"/hyperinstance/{id}/live-scale-up", body);

    private static void AssertRefused(SimResponse response, string code, string messagePart)
    {
        Assert.Equal(400, response.Status);
        Assert.Equal(code, response.ErrorCode);
        Assert.Contains(messagePart, response.ErrorMsg);
    }

    [Fact]
    public async Task Scale_up_answers_a_snapshot_at_acceptance_then_lists_the_missing_sub_nodes_as_creating_then_running()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        var before = Simulator.GetSupernode(id).Servers.Select(server => server.Id).ToList();

        var response = await ScaleUp(id, ScaleUpBody(Flavor8));

        // SEED 004 and spec Corrections 2026-12-05: the 200 is the supernode ACTIVE with only the servers it had.
        Assert.Equal(200, response.Status);
        Assert.Equal("ACTIVE", response.Body["status"]!.Value<string>());
        Assert.Equal(before, response.Body["servers"]!.Select(server => server["id"]!.Value<string>()));
        Assert.All(response.Body["servers"]!, server => Assert.Equal("RUNNING", server["status"]!.Value<string>()));
        var later = (await Client.GetAsync("/hyperinstance/" + id)).Body;
        Assert.Equal("PROVISIONING", later["status"]!.Value<string>());
        var servers = later["servers"]!.ToList();
        Assert.Equal(8, servers.Count);
        Assert.Equal(before, servers.Take(2).Select(server => server["id"]!.Value<string>()));
        Assert.All(servers.Take(2), server => Assert.Equal("RUNNING", server["status"]!.Value<string>()));
        var added = servers.Skip(2).ToList();
        Assert.All(added, server =>
        {
            Assert.Equal("CREATING", server["status"]!.Value<string>());
            Assert.Equal(ResourceFlavor, server["flavor"]!.Value<string>());
            Assert.Equal(ImageId, server["image"]!["image_id"]!.Value<string>());
            Assert.Equal("KeyPair-42c4", server["key_pair_name"]!.Value<string>());
            Assert.Equal(200, server["volumes"]![0]!["size"]!.Value<int>());
            Assert.Equal("ESSD", server["volumes"]![0]!["evs_type"]!.Value<string>());
        });
        Assert.Equal(Flavor8, Simulator.GetSupernode(id).Flavor);

        Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal("PROVISIONING", Simulator.GetSupernode(id).Status);
        Clock.Advance(TimeSpan.FromSeconds(1));
        var settled = await Client.GetAsync("/hyperinstance/" + id);
        Assert.Equal("ACTIVE", settled.Body["status"]!.Value<string>());
        Assert.All(settled.Body["servers"]!, server => Assert.Equal("RUNNING", server["status"]!.Value<string>()));
        Assert.Equal(Clock.GetUtcNow().ToUnixTimeMilliseconds(), settled.Body["update_at"]!.Value<long>());
    }

    [Fact]
    public async Task Concurrent_scale_ups_never_add_servers_twice()
    {
        var id = Simulator.CreateSupernode(Flavor2);

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ScaleUp(id, ScaleUpBody(Flavor8))));

        Assert.Single(responses, response => response.Status == 200);
        Assert.All(responses.Where(response => response.Status != 200), response => Assert.Equal((400, "ModelArts.0104"), response.Outcome));
        Assert.Equal(8, Simulator.GetSupernode(id).Servers.Count);
    }

    [Fact]
    public async Task A_PRE_PAID_supernodes_new_sub_nodes_are_billed_on_a_new_order()
    {
        var id = Simulator.CreateSupernode(new SupernodeSetup(Flavor2) { ChargingMode = "PRE_PAID" });

        await ScaleUp(id, ScaleUpBody(Flavor4));

        var orders = (await Client.GetAsync("/hyperinstance/" + id)).Body["servers"]!.Select(server => server["order_id"]!.Value<string>()).ToList();
        Assert.Equal(orders[0], orders[1]);
        Assert.Equal(orders[2], orders[3]);
        Assert.NotEqual(orders[0], orders[2]);
    }

    [Fact]
    public async Task Data_volumes_are_attached_as_requested()
    {
        var id = Simulator.CreateSupernode(Flavor2);

        var response = await ScaleUp(id, new { flavor = Flavor4, image_id = ImageId, key_pair_name = "k", data_volume = new { size = 500, type = "SSD", count = 2 } });

        Assert.Equal(200, response.Status);
        var volumes = (await Client.GetAsync("/hyperinstance/" + id)).Body["servers"]![3]!["volumes"]!.ToList();
        Assert.Equal(["ROOT", "DATA", "DATA"], volumes.Select(volume => volume["type"]!.Value<string>()));
        Assert.Equal(500, volumes[1]["size"]!.Value<int>());
        Assert.Equal("SSD", volumes[2]["evs_type"]!.Value<string>());
    }

    [Fact]
    public async Task Scaling_to_48_sub_nodes_is_allowed()
    {
        var id = Simulator.CreateSupernode(Flavor2);

        var response = await ScaleUp(id, ScaleUpBody(Flavor48));

        Assert.Equal(200, response.Status);
        Assert.Equal(48, Simulator.GetSupernode(id).Servers.Count);
    }

    [Fact]
    public async Task More_than_48_sub_nodes_is_a_quota_error()
    {
        var id = Simulator.CreateSupernode(Flavor2);

        AssertRefused(await ScaleUp(id, ScaleUpBody(FlavorOverCap)), "ModelArts.0116", "at most 48");
        Assert.Equal(2, Simulator.GetSupernode(id).Servers.Count);
    }

    [Fact]
    public async Task A_flavor_outside_the_catalogue_is_refused() =>
        AssertRefused(await ScaleUp(Simulator.CreateSupernode(Flavor2), ScaleUpBody("kat3ne-24-800t.144xlarge.8.matrix")), "ModelArts.0104", "kat3ne-24-800t.144xlarge.8.matrix");

    [Theory]
    [InlineData(Flavor2)]
    [InlineData(Flavor4)]
    public async Task A_flavor_that_does_not_grow_the_supernode_is_refused(string flavor)
    {
        var id = Simulator.CreateSupernode(Flavor4);

        AssertRefused(await ScaleUp(id, ScaleUpBody(flavor)), "ModelArts.0104", "must add capacity");
        Assert.Equal(Flavor4, Simulator.GetSupernode(id).Flavor);
    }

    [Fact]
    public async Task A_sold_out_flavor_is_refused_until_cleared()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        Simulator.Faults.SoldOut(Flavor8);

        AssertRefused(await ScaleUp(id, ScaleUpBody(Flavor8)), "ModelArts.0104", "sold out");
        Simulator.Faults.Clear();
        Assert.Equal(200, (await ScaleUp(id, ScaleUpBody(Flavor8))).Status);
    }

    [Fact]
    public async Task An_unknown_supernode_is_6404() =>
        Assert.Equal((400, "ModelArts.6404"), (await ScaleUp(Guid.NewGuid().ToString(), ScaleUpBody(Flavor4))).Outcome);

    [Fact]
    public async Task A_supernode_still_provisioning_cannot_be_scaled()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        await ScaleUp(id, ScaleUpBody(Flavor4));

        AssertRefused(await ScaleUp(id, ScaleUpBody(Flavor8)), "ModelArts.0104", "PROVISIONING");
        Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(200, (await ScaleUp(id, ScaleUpBody(Flavor8))).Status);
    }

    [Fact]
    public async Task A_supernode_in_error_cannot_be_scaled_and_shows_error()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        Simulator.Faults.PutSupernodeInError(id);

        AssertRefused(await ScaleUp(id, ScaleUpBody(Flavor4)), "ModelArts.0104", "ERROR");
        Assert.Equal("ERROR", (await Client.GetAsync("/hyperinstance/" + id)).Body["status"]!.Value<string>());
        Assert.Equal(2, Simulator.GetSupernode(id).Servers.Count);
    }

    [Fact]
    public async Task Failed_creations_end_create_failed_and_the_supernode_returns_to_active()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        Simulator.Faults.FailNextServerCreations(1);

        await ScaleUp(id, ScaleUpBody(Flavor4));
        Clock.Advance(TimeSpan.FromSeconds(30));

        var view = Simulator.GetSupernode(id);
        Assert.Equal("ACTIVE", view.Status);
        Assert.Equal(["RUNNING", "RUNNING", "CREATE_FAILED", "RUNNING"], view.Servers.Select(server => server.Status));
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"image_id":"f4059eb4-c2f5-46a8-9b33-6cbed5d3fc81","key_pair_name":"k"}""", "flavor: is required" },
        { """{"flavor":"kat3ne 16","image_id":"f4059eb4-c2f5-46a8-9b33-6cbed5d3fc81","key_pair_name":"k"}""", "flavor" },
        { """{"flavor":7,"image_id":"f4059eb4-c2f5-46a8-9b33-6cbed5d3fc81","key_pair_name":"k"}""", "flavor: must be a string" },
        { """{"flavor":"F","key_pair_name":"k"}""", "image_id: is required" },
        { """{"flavor":"F","image_id":"f4059eb4c2f546a89b336cbed5d3fc81","key_pair_name":"k"}""", "image_id" },
        { """{"flavor":"F","image_id":"f4059eb4-c2f5-46a8-9b33-6cbed5d3fc8","key_pair_name":"k"}""", "image_id" },
        { """{"flavor":"F","image_id":"f4059eb4-c2f5-46a8-9b33-6cbed5d3fc81"}""", "key_pair_name: is required" },
        { """{"flavor":"F","image_id":"f4059eb4-c2f5-46a8-9b33-6cbed5d3fc81","key_pair_name":"bad key"}""", "key_pair_name" },
        { """{"flavor":"F","image_id":"f4059eb4-c2f5-46a8-9b33-6cbed5d3fc81","key_pair_name":"k","admin_pass":"P@ssw0rd!"}""", "admin_pass" },
        { """{"flavor":"F","image_id":"f4059eb4-c2f5-46a8-9b33-6cbed5d3fc81","key_pair_name":"k","root_volume":{"size":99}}""", "root_volume.size" },
        { """{"flavor":"F","image_id":"f4059eb4-c2f5-46a8-9b33-6cbed5d3fc81","key_pair_name":"k","root_volume":{"size":1025}}""", "root_volume.size" },
        { """{"flavor":"F","image_id":"f4059eb4-c2f5-46a8-9b33-6cbed5d3fc81","key_pair_name":"k","root_volume":{"size":"200"}}""", "root_volume.size: must be an integer" },
        { """{"flavor":"F","image_id":"f4059eb4-c2f5-46a8-9b33-6cbed5d3fc81","key_pair_name":"k","root_volume":{"type":"NVME"}}""", "root_volume.type" },
        { """{"flavor":"F","image_id":"f4059eb4-c2f5-46a8-9b33-6cbed5d3fc81","key_pair_name":"k","root_volume":"ESSD"}""", "root_volume: must be an object" },
        { """{"flavor":"F","image_id":"f4059eb4-c2f5-46a8-9b33-6cbed5d3fc81","key_pair_name":"k","data_volume":{"type":"SSD","count":1}}""", "data_volume.size: is required" },
        { """{"flavor":"F","image_id":"f4059eb4-c2f5-46a8-9b33-6cbed5d3fc81","key_pair_name":"k","data_volume":{"size":100,"count":1}}""", "data_volume.type: is required" },
        { """{"flavor":"F","image_id":"f4059eb4-c2f5-46a8-9b33-6cbed5d3fc81","key_pair_name":"k","data_volume":{"size":100,"type":"SSD"}}""", "data_volume.count: is required" },
        { """{"flavor":"F","image_id":"f4059eb4-c2f5-46a8-9b33-6cbed5d3fc81","key_pair_name":"k","data_volume":{"size":32769,"type":"SSD","count":1}}""", "data_volume.size" },
        { """{"flavor":"F","image_id":"f4059eb4-c2f5-46a8-9b33-6cbed5d3fc81","key_pair_name":"k","data_volume":{"size":100,"type":"SSD","count":9}}""", "data_volume.count" },
        { """{"flavor":"F","image_id":"f4059eb4-c2f5-46a8-9b33-6cbed5d3fc81","key_pair_name":"k","data_volume":{"size":100,"type":"SSD","count":0}}""", "data_volume.count" },
        { """{"flavor":"F","image_id":"f4059eb4-c2f5-46a8-9b33-6cbed5d3fc81","key_pair_name":"k","userdata":"not base64!"}""", "userdata: must be base64" },
        { "[1,2]", "JSON object" },
        { "{\"flavor\":", "not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_bodies_are_parameter_errors_naming_the_field(string body, string messagePart)
    {
        var id = Simulator.CreateSupernode(Flavor2);

        var response = await Client.SendAsync(HttpMethod.Post, Client.ProjectPath($"/hyperinstance/{id}/live-scale-up"), body.Replace("\"F\"", $"\"{Flavor4}\""));

        AssertRefused(response, "ModelArts.0104", messagePart);
        Assert.Equal(2, Simulator.GetSupernode(id).Servers.Count);
    }

    [Fact]
    public async Task Userdata_is_limited_to_32_KB_before_encoding_and_never_echoed()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        var tooBig = Convert.ToBase64String(Encoding.ASCII.GetBytes(new string('x', 32 * 1024 + 1)));
        var justFits = Convert.ToBase64String(Encoding.ASCII.GetBytes(new string('x', 32 * 1024)));

        var refused = await ScaleUp(id, new { flavor = Flavor4, image_id = ImageId, key_pair_name = "k", userdata = tooBig });
        var accepted = await ScaleUp(id, new { flavor = Flavor4, image_id = ImageId, key_pair_name = "k", userdata = justFits });

        AssertRefused(refused, "ModelArts.0104", "userdata");
        Assert.DoesNotContain(tooBig[..16], refused.ErrorMsg);
        Assert.Equal(200, accepted.Status);
        Assert.DoesNotContain("userdata", accepted.Body.ToString());
    }

    [Fact]
    public async Task Hyphenated_flavor_names_and_unknown_fields_are_accepted()
    {
        var id = Simulator.CreateSupernode(Flavor2);

        var response = await ScaleUp(id, new { flavor = Flavor4, image_id = ImageId, key_pair_name = "Key_Pair-1.a", extra = "ignored" });

        Assert.Equal(200, response.Status);
    }
}

/// <summary>A catalogue flavor marked sold out in the options (not by a fault) is refused the same way.</summary>
public class SoldOutCatalogueTests : SimulatorTest
{
    protected override ModelArtsSimulatorOptions Configure(ModelArtsSimulatorOptions options) => options with
    {
        Flavors = [new FlavorSpec(Flavor2, ResourceFlavor, 2), new FlavorSpec(Flavor4, ResourceFlavor, 4, SoldOut: true)],
    };

    [Fact]
    public async Task A_flavor_sold_out_in_the_catalogue_is_refused_and_evaluated_sold_out()
    {
        var id = Simulator.CreateSupernode(Flavor2);

        var evaluations = await Client.GetAsync($"/hyperinstance/{id}/scale-evaluations");
        var response = await Client.PostAsync($"/hyperinstance/{id}/live-scale-up", ScaleUpBody(Flavor4));

        Assert.Equal([false, true], evaluations.Body["evaluations"]!.Select(e => e["is_sold_out"]!.Value<bool>()));
        Assert.Equal((400, "ModelArts.0104"), response.Outcome);
        Assert.Contains("sold out", response.ErrorMsg);
    }
}
