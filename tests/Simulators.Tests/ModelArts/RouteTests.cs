using Newtonsoft.Json.Linq;

namespace ClusterScale.Simulators.Tests.ModelArts;

/// <summary>Show, list, server detail, evaluations, and the gateway's envelope around them.</summary>
public class RouteTests : SimulatorTest
{
    private const string UuidPattern = "^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$";

    [Fact]
    public async Task Show_returns_the_supernode_detail_fields()
    {
        var id = Simulator.CreateSupernode(Flavor4, "hps-a");

        var response = await Client.GetAsync("/hyperinstance/" + id);

        Assert.Equal(200, response.Status);
        var body = (JObject)response.Body;
        Assert.Equal(id, body["id"]!.Value<string>());
        Assert.Matches(UuidPattern, id);
        Assert.Matches(UuidPattern, body["hps_id"]!.Value<string>()!);
        Assert.Matches(UuidPattern, body["hps_cluster_id"]!.Value<string>()!);
        Assert.Equal("hps-a", body["name"]!.Value<string>());
        Assert.Matches("^[a-zA-Z0-9]{1,64}$", body["order_id"]!.Value<string>()!);
        Assert.Equal("ACTIVE", body["status"]!.Value<string>());
        Assert.Equal(Clock.GetUtcNow().ToUnixTimeMilliseconds(), body["create_at"]!.Value<long>());
        Assert.Equal(JTokenType.Integer, body["update_at"]!.Type);
        Assert.Null(body["flavor"]); // supernode detail has no top-level flavor
        var servers = (JArray)body["servers"]!;
        Assert.Equal(4, servers.Count);
        Assert.Equal(["hps-a-1", "hps-a-2", "hps-a-3", "hps-a-4"], servers.Select(server => server["name"]!.Value<string>()));
        var server = (JObject)servers[0];
        Assert.Equal("RUNNING", server["status"]!.Value<string>());
        Assert.Equal(ResourceFlavor, server["flavor"]!.Value<string>());
        Assert.Equal("POST_PAID", server["charging_mode"]!.Value<string>());
        Assert.Equal("HPS", server["category"]!.Value<string>());
        Assert.Equal("HPS", server["cloud_server"]!["type"]!.Value<string>());
        Assert.Equal(body["hps_id"]!.Value<string>(), server["cloud_server"]!["hps_id"]!.Value<string>());
        Assert.Equal(id, server["server_hps"]!["id"]!.Value<string>());
        Assert.Equal("hps-a", server["server_hps"]!["name"]!.Value<string>());
        Assert.Matches(UuidPattern, server["image"]!["image_id"]!.Value<string>()!);
        Assert.Matches(UuidPattern, server["vpc_id"]!.Value<string>()!);
        Assert.Matches(UuidPattern, server["subnet_id"]!.Value<string>()!);
        Assert.Equal("SSH", server["endpoints"]![0]!["service"]!.Value<string>());
        Assert.Equal("ROOT", server["volumes"]![0]!["type"]!.Value<string>()); // SDK model server_volume.py:38: ROOT or DATA
        foreach (var field in new[] { "id", "name", "key_pair_name", "order_id", "create_at", "update_at" })
            Assert.NotNull(server[field]);
    }

    [Fact]
    public async Task Unknown_supernode_is_400_ModelArts_6404()
    {
        var response = await Client.GetAsync("/hyperinstance/" + Guid.NewGuid());

        Assert.Equal((400, "ModelArts.6404"), (response.Status, response.ErrorCode));
    }

    [Fact]
    public async Task Malformed_supernode_id_is_a_parameter_error()
    {
        var response = await Client.GetAsync("/hyperinstance/not-a-uuid");

        Assert.Equal((400, "ModelArts.0104"), response.Outcome);
    }

    [Fact]
    public async Task Server_detail_is_found_by_server_id()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        var serverId = Simulator.GetSupernode(id).Servers[1].Id;

        var response = await Client.GetAsync("/" + serverId);

        Assert.Equal(200, response.Status);
        Assert.Equal(serverId, response.Body["id"]!.Value<string>());
        Assert.Equal(id, response.Body["server_hps"]!["id"]!.Value<string>());
        Assert.Equal("RUNNING", response.Body["status"]!.Value<string>());
    }

    [Fact]
    public async Task Unknown_server_is_400_ModelArts_6404()
    {
        Simulator.CreateSupernode(Flavor2);

        var response = await Client.GetAsync("/" + Guid.NewGuid());

        Assert.Equal((400, "ModelArts.6404"), (response.Status, response.ErrorCode));
    }

    [Theory]
    [InlineData("/hyperinstance")]
    [InlineData("/hyperinstance/all")]
    public async Task List_pages_by_limit_and_offset(string route)
    {
        var ids = CreateThreeSupernodesOneSecondApart();

        var first = await Client.GetAsync(route + "?limit=2&sort_dir=ASC");
        var second = await Client.GetAsync(route + "?limit=2&offset=2&sort_dir=ASC");

        Assert.Equal(200, first.Status);
        Assert.Equal((0, 2, 2, 3), Page(first));
        Assert.Equal(ids[..2], DataIds(first));
        Assert.Equal((1, 2, 2, 3), Page(second));
        Assert.Equal(ids[2..], DataIds(second));
    }

    [Fact]
    public async Task List_defaults_to_newest_first_ten_per_page()
    {
        var ids = CreateThreeSupernodesOneSecondApart();

        var response = await Client.GetAsync("/hyperinstance");

        Assert.Equal((0, 1, 10, 3), Page(response));
        Assert.Equal(ids.Reverse(), DataIds(response));
        Assert.Equal(2, response.Body["data"]![0]!["servers"]!.Count());
    }

    [Fact]
    public async Task List_sorts_by_update_time()
    {
        var ids = CreateThreeSupernodesOneSecondApart();
        Clock.Advance(TimeSpan.FromSeconds(1));
        Simulator.Faults.PutSupernodeInError(ids[0]); // touches update_at of the oldest

        var response = await Client.GetAsync("/hyperinstance?sort_key=updateTime&sort_dir=DESC");

        Assert.Equal([ids[0], ids[2], ids[1]], DataIds(response));
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=1025")]
    [InlineData("limit=ten")]
    [InlineData("offset=-1")]
    [InlineData("sort_key=name")]
    [InlineData("sort_dir=up")]
    public async Task List_rejects_bad_paging(string query)
    {
        var response = await Client.GetAsync("/hyperinstance?" + query);

        Assert.Equal((400, "ModelArts.0104"), response.Outcome);
    }

    [Fact]
    public async Task Scale_evaluations_list_the_catalogue_with_sold_out_marks()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        Simulator.Faults.SoldOut(Flavor8);

        var response = await Client.GetAsync($"/hyperinstance/{id}/scale-evaluations");

        Assert.Equal(200, response.Status);
        var evaluations = response.Body["evaluations"]!.ToDictionary(e => e["flavor"]!.Value<string>()!, e => e["is_sold_out"]!.Value<bool>());
        Assert.Equal(Simulator.Options.Flavors.Select(f => f.Flavor), evaluations.Keys);
        Assert.True(evaluations[Flavor8]);
        Assert.False(evaluations[Flavor4]);
        Assert.All(response.Body["evaluations"]!, e => Assert.Equal(ResourceFlavor, e["resource_flavor"]!.Value<string>()));
    }

    [Fact]
    public async Task Scale_evaluations_of_an_unknown_supernode_is_6404() =>
        Assert.Equal("ModelArts.6404", (await Client.GetAsync($"/hyperinstance/{Guid.NewGuid()}/scale-evaluations")).ErrorCode);

    [Fact]
    public async Task Every_response_carries_a_distinct_request_id()
    {
        var id = Simulator.CreateSupernode(Flavor2);

        var responses = new[]
        {
            await Client.GetAsync("/hyperinstance/" + id),
            await Client.GetAsync("/hyperinstance/" + Guid.NewGuid()),
            await Client.SendAsync(HttpMethod.Get, "/nowhere"),
            await Client.SendAsync(HttpMethod.Get, Client.ProjectPath("/hyperinstance"), sign: false),
        };

        Assert.All(responses, response => Assert.Matches("^[0-9a-f]{32}$", response.RequestId!));
        Assert.Equal(4, responses.Select(response => response.RequestId).Distinct().Count());
    }

    [Fact]
    public async Task Gateway_error_bodies_carry_the_request_id_of_the_header_and_ModelArts_bodies_do_not()
    {
        Simulator.Faults.Throttle(1);
        var throttled = await Client.GetAsync("/hyperinstance");
        var unsigned = await Client.SendAsync(HttpMethod.Get, Client.ProjectPath("/hyperinstance"), sign: false);
        var noSuchApi = await Client.SendAsync(HttpMethod.Get, "/nowhere");
        var notFound = await Client.GetAsync("/hyperinstance/" + Guid.NewGuid());

        Assert.All([throttled, unsigned, noSuchApi], response =>
        {
            Assert.StartsWith("APIGW.", response.ErrorCode);
            Assert.Equal(response.RequestId, response.Body["request_id"]!.Value<string>());
        });
        Assert.Equal("ModelArts.6404", notFound.ErrorCode);
        Assert.Null(notFound.Body["request_id"]);
    }

    [Fact]
    public async Task Unknown_route_is_APIGW_0101()
    {
        var response = await Client.SendAsync(HttpMethod.Get, "/v2/something");

        Assert.Equal((404, "APIGW.0101"), (response.Status, response.ErrorCode));
    }

    [Theory]
    [InlineData("DELETE", "/hyperinstance/{0}/live-scale-up")]
    [InlineData("PUT", "/hyperinstance/{0}")]
    [InlineData("GET", "/hyperinstance/{0}/live-scale-down")]
    public async Task A_method_no_API_is_published_for_is_APIGW_0101(string method, string route)
    {
        var id = Simulator.CreateSupernode(Flavor2);

        var response = await Client.SendAsync(new HttpMethod(method), Client.ProjectPath(string.Format(route, id)));

        Assert.Equal((404, "APIGW.0101"), response.Outcome);
    }

    [Fact]
    public async Task Unknown_query_parameters_are_signed_and_ignored()
    {
        Simulator.CreateSupernode(Flavor2);

        var response = await Client.GetAsync("/hyperinstance?limit=5&note=a%2Fb%20c&note=A&flag");

        Assert.Equal(200, response.Status);
        Assert.Equal(1, response.Body["total"]!.Value<int>());
    }

    [Fact]
    public async Task Another_project_in_the_path_is_forbidden()
    {
        var id = Simulator.CreateSupernode(Flavor2);

        var response = await Client.SendAsync(HttpMethod.Get, $"/v1/aaaabbbbccccddddeeeeffff00001111/dev-servers/hyperinstance/{id}");

        Assert.Equal((403, "ModelArts.6407"), (response.Status, response.ErrorCode));
    }

    [Fact]
    public async Task X_Project_Id_must_match_the_path()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        var matching = await Client.SendAsync(HttpMethod.Get, Client.ProjectPath("/hyperinstance/" + id),
            beforeSigning: request => request.Headers.Add("X-Project-Id", Simulator.Options.ProjectId));
        var mismatched = await Client.SendAsync(HttpMethod.Get, Client.ProjectPath("/hyperinstance/" + id),
            beforeSigning: request => request.Headers.Add("X-Project-Id", "aaaabbbbccccddddeeeeffff00001111"));

        Assert.Equal(200, matching.Status);
        Assert.Equal((403, "ModelArts.6407"), (mismatched.Status, mismatched.ErrorCode));
    }

    [Fact]
    public async Task The_journal_records_method_path_status_and_error_code()
    {
        var id = Simulator.CreateSupernode(Flavor2);
        await Client.GetAsync("/hyperinstance/" + id);
        await Client.GetAsync("/hyperinstance?limit=1");
        await Client.GetAsync("/hyperinstance/" + Guid.Empty);

        Assert.Equal(
            [
                ("GET", Client.ProjectPath("/hyperinstance/" + id), 200, (string?)null),
                ("GET", Client.ProjectPath("/hyperinstance?limit=1"), 200, null),
                ("GET", Client.ProjectPath("/hyperinstance/" + Guid.Empty), 400, "ModelArts.0104"),
            ],
            Simulator.Requests.Select(r => (r.Method, r.PathAndQuery, r.Status, r.ErrorCode)));
    }

    private string[] CreateThreeSupernodesOneSecondApart() => Enumerable.Range(0, 3).Select(i =>
    {
        Clock.Advance(TimeSpan.FromSeconds(1));
        return Simulator.CreateSupernode(Flavor2, $"hps-{i}");
    }).ToArray();

    private static (int Current, int Pages, int Size, int Total) Page(SimResponse response) => (
        response.Body["current"]!.Value<int>(), response.Body["pages"]!.Value<int>(), response.Body["size"]!.Value<int>(), response.Body["total"]!.Value<int>());

    private static string[] DataIds(SimResponse response) => response.Body["data"]!.Select(node => node["id"]!.Value<string>()!).ToArray();
}
