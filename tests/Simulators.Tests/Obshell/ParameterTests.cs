using Newtonsoft.Json.Linq;
using static ClusterScale.Simulators.Tests.Obshell.SimulatorScope;

namespace ClusterScale.Simulators.Tests.Obshell;

/// <summary>Spec section 8: GET and PATCH /api/v1/obcluster/parameters.</summary>
public sealed class ParameterTests
{
    private const string Parameters = "/api/v1/obcluster/parameters";

    [Fact]
    public async Task Values_are_per_server_from_each_node_s_startup_configs_with_OceanBase_s_edit_levels()
    {
        await using var scope = await StartAsync();
        var response = await scope.Client.PostAsync("/api/v1/ob/scale_out",
            ScaleOutBody(Spare, "zone1", new { memory_limit = "32G", rpc_port = "3882", syslog_level = "INFO" }));
        await scope.WaitForDagAsync((string)response.Data!["id"]!);

        var list = await ListAsync(scope.Client);
        var memory = list["memory_limit"];
        var rpcPort = list["rpc_port"];

        Assert.Equal(("CLUSTER", "DYNAMIC_EFFECTIVE", "0M", "OBSERVER"),
            ((string)memory["scope"]!, (string)memory["edit_level"]!, (string)memory["default_value"]!, (string)memory["section"]!));
        Assert.Equal(["16G", "32G", "16G", "16G"], ServerValues(memory).Select(v => v.Value)); // by zone: 10.0.0.1, 10.0.0.4, then .2, .3
        Assert.Equal(["16G", "32G"], memory["values"]!.Select(v => (string)v!));
        Assert.False((bool)memory["is_single_value"]!);
        Assert.Contains(("10.0.0.4", 3882, "3882"), ServerValues(rpcPort).Select(v => (v.Ip, v.Port, v.Value)));
        Assert.Equal("INFO", ServerValues(list["syslog_level"]).Single(v => v.Ip == "10.0.0.4").Value);
        Assert.Equal("WDIAG", ServerValues(list["syslog_level"]).Single(v => v.Ip == "10.0.0.1").Value);
        Assert.Equal("STATIC_EFFECTIVE", (string)list["net_thread_count"]["edit_level"]!);
        Assert.Equal("READONLY", (string)list["data_dir"]["edit_level"]!);
        Assert.Null(memory["tenant_value"]);
    }

    [Fact]
    public async Task PATCH_sets_the_cluster_a_zone_or_a_server_and_answers_200_without_data()
    {
        await using var scope = await StartAsync();
        var response = await PatchAsync(scope.Client,
            new { name = "syslog_level", value = "INFO", scope = "CLUSTER" },
            new { name = "cpu_count", value = "32", scope = "CLUSTER", zones = new[] { "zone2" } },
            new { name = "memory_limit", value = "24G", scope = "CLUSTER", servers = new[] { "10.0.0.3:2882" } });

        Assert.Equal(200, response.Status);
        Assert.Null(response.Data);
        var list = await ListAsync(scope.Client);
        Assert.All(ServerValues(list["syslog_level"]), v => Assert.Equal("INFO", v.Value));
        Assert.Equal(["16", "32", "16"], ServerValues(list["cpu_count"]).Select(v => v.Value));
        Assert.Equal(["16G", "16G", "24G"], ServerValues(list["memory_limit"]).Select(v => v.Value));
    }

    [Fact]
    public async Task Every_item_is_validated_before_any_is_applied()
    {
        await using var scope = await StartAsync();
        var response = await PatchAsync(scope.Client,
            new { name = "syslog_level", value = "INFO", scope = "CLUSTER" },
            new { name = "cpu_count", value = "32", scope = "cluster" });

        Assert.Equal((400, "OB.Parameter.Scope.Invalid"), (response.Status, response.ErrCode));
        Assert.Equal("Parameter scope 'cluster' is invalid", response.Message);
        Assert.All(ServerValues((await ListAsync(scope.Client))["syslog_level"]), v => Assert.Equal("WDIAG", v.Value));
    }

    [Theory]
    [InlineData("""{"params":[{"name":"cpu_count","value":"8","scope":"CLUSTER","zones":["zone1"],"servers":["10.0.0.1:2882"]}]}""", "Common.IllegalArgument")]
    [InlineData("""{"params":[{"name":"cpu_count","value":"8","scope":"CLUSTER","tenants":["sys"]}]}""", "Common.IllegalArgument")]
    [InlineData("""{"params":[{"name":"cpu_count","value":"8","scope":"TENANT","tenants":["t1"],"all_user_tenant":true}]}""", "Common.IllegalArgument")]
    [InlineData("""{}""", "Common.BindJsonFailed")]
    [InlineData("""{"params":[{"name":"cpu_count","value":8,"scope":"CLUSTER"}]}""", "Common.BindJsonFailed")] // a wrong type still fails to decode
    // Items are not bind-checked (params is binding:"required" without dive, ob/param/obcluster.go:59-65; spec
    // Corrections 2026-12-05): no scope is an invalid scope, no value or no name reaches OceanBase and fails there.
    [InlineData("""{"params":[{"name":"cpu_count","value":"8"}]}""", "OB.Parameter.Scope.Invalid")]
    [InlineData("""{"params":[{"name":"cpu_count","value":"","scope":"CLUSTER"}]}""", "MySQL.Error")]
    [InlineData("""{"params":[{"name":"cpu_count","scope":"CLUSTER"}]}""", "MySQL.Error")]
    [InlineData("""{"params":[{"value":"8","scope":"CLUSTER"}]}""", "MySQL.Error")]
    public async Task Malformed_items_are_refused_with_the_agent_s_codes(string body, string errCode)
    {
        await using var scope = await StartAsync();
        var response = await scope.Client.SendAsync(HttpMethod.Patch, Parameters, body);
        Assert.Equal((400, errCode), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task An_OceanBase_error_stops_the_rest_and_keeps_what_was_set_before_it()
    {
        await using var scope = await StartAsync();
        var response = await PatchAsync(scope.Client,
            new { name = "syslog_level", value = "INFO", scope = "CLUSTER" },
            new { name = "no_such_parameter", value = "1", scope = "CLUSTER" },
            new { name = "cpu_count", value = "32", scope = "CLUSTER" });

        Assert.Equal((400, "MySQL.Error"), (response.Status, response.ErrCode));
        var list = await ListAsync(scope.Client);
        Assert.All(ServerValues(list["syslog_level"]), v => Assert.Equal("INFO", v.Value));
        Assert.All(ServerValues(list["cpu_count"]), v => Assert.Equal("16", v.Value));
    }

    [Theory]
    [InlineData("data_dir", "/data/1", "CLUSTER", null)] // READONLY
    [InlineData("cpu_count", "many", "CLUSTER", null)]
    [InlineData("cpu_count", "8", "CLUSTER", "10.0.0.1:2886")] // the obshell port, not the rpc port
    [InlineData("syslog_level", "", "CLUSTER", null)] // `= ""` reaches OceanBase
    [InlineData("freeze_trigger_percentage", "30", "CLUSTER", "10.0.0.1:2882")] // UNCONFIRMED: a tenant parameter per server
    public async Task OceanBase_refuses_what_it_cannot_set(string name, string value, string parameterScope, string? server)
    {
        await using var scope = await StartAsync();
        var response = await PatchAsync(scope.Client, server is null
            ? new { name, value, scope = parameterScope }
            : new { name, value, scope = parameterScope, servers = new[] { server } });
        Assert.Equal((400, "MySQL.Error"), (response.Status, response.ErrCode));
    }

    // obshell@61ee147 ob/agent/executor/ob/parameter.go:121-168: TENANT scope builds only TENANT clauses (zones and
    // servers are dropped) and without tenants none at all (ob/agent/service/obcluster/obcluster.go:1011-1026).
    [Fact]
    public async Task TENANT_scope_without_tenants_sends_no_TENANT_clause_so_a_cluster_parameter_is_set_everywhere()
    {
        await using var scope = await StartAsync();
        var response = await PatchAsync(scope.Client, new { name = "memory_limit", value = "24G", scope = "TENANT", servers = new[] { "10.0.0.2:2882" } });

        Assert.Equal(200, response.Status);
        Assert.All(ServerValues((await ListAsync(scope.Client))["memory_limit"]), v => Assert.Equal("24G", v.Value)); // not only 10.0.0.2
    }

    [Fact]
    public async Task A_cluster_parameter_with_a_TENANT_clause_is_refused_by_OceanBase()
    {
        await using var scope = await StartAsync();
        var response = await PatchAsync(scope.Client, new { name = "memory_limit", value = "24G", scope = "TENANT", tenants = new[] { "tenant1" } });
        Assert.Equal((400, "MySQL.Error"), (response.Status, response.ErrCode));
    }

    // Spec Corrections 2026-12-05: rows of a tenant parameter carry the tenant (obshell@61ee147
    // ob/agent/executor/ob/parameter.go:54-88); a client must match on scope and tenant, not on the server alone.
    [Fact]
    public async Task A_tenant_parameter_has_a_row_per_server_and_tenant_and_is_set_per_tenant_sys_when_none_is_named()
    {
        await using var scope = await StartAsync();
        Assert.Equal(200, (await PatchAsync(scope.Client, new { name = "freeze_trigger_percentage", value = "30", scope = "TENANT", tenants = new[] { "tenant1" } })).Status);
        Assert.Equal(200, (await PatchAsync(scope.Client, new { name = "writing_throttling_trigger_percentage", value = "80", scope = "CLUSTER" })).Status); // no clause: sys

        var list = await ListAsync(scope.Client);
        var freeze = list["freeze_trigger_percentage"];
        Assert.Equal("TENANT", (string)freeze["scope"]!);
        var rows = freeze["ob_parameters"]!.Select(r => ((string)r["svr_ip"]!, (int)r["tenant_id"]!, (string)r["tenant_name"]!, (string)r["value"]!)).ToList();
        Assert.Equal(
            [("10.0.0.1", 1, "sys", "20"), ("10.0.0.1", 1002, "tenant1", "30"), ("10.0.0.2", 1, "sys", "20"), ("10.0.0.2", 1002, "tenant1", "30"), ("10.0.0.3", 1, "sys", "20"), ("10.0.0.3", 1002, "tenant1", "30")],
            rows);
        Assert.Equal(6, freeze["tenant_value"]!.Count());
        Assert.Equal(["20", "30"], freeze["values"]!.Select(v => (string)v!));
        var throttle = list["writing_throttling_trigger_percentage"]["ob_parameters"]!;
        Assert.All(throttle.Where(r => (int)r["tenant_id"]! == 1), r => Assert.Equal("80", (string)r["value"]!));
        Assert.All(throttle.Where(r => (int)r["tenant_id"]! == 1002), r => Assert.Equal("60", (string)r["value"]!));
        Assert.Null(list["memory_limit"]["ob_parameters"]![0]!["tenant_id"]); // a cluster row names no tenant (omitempty)
    }

    [Fact]
    public async Task All_user_tenant_sets_every_user_tenant_and_an_unknown_tenant_is_refused_by_OceanBase()
    {
        await using var scope = await StartAsync();
        Assert.Equal(200, (await PatchAsync(scope.Client, new { name = "freeze_trigger_percentage", value = "40", scope = "TENANT", all_user_tenant = true })).Status);
        var unknown = await PatchAsync(scope.Client, new { name = "freeze_trigger_percentage", value = "50", scope = "TENANT", tenants = new[] { "nobody" } });

        Assert.Equal((400, "MySQL.Error"), (unknown.Status, unknown.ErrCode));
        var rows = (await ListAsync(scope.Client))["freeze_trigger_percentage"]["ob_parameters"]!;
        Assert.Equal(["20", "40"], rows.Where(r => (string)r["svr_ip"]! == "10.0.0.1").Select(r => (string)r["value"]!));
    }

    [Fact]
    public async Task An_empty_list_changes_nothing_and_succeeds()
    {
        await using var scope = await StartAsync();
        Assert.Equal(200, (await scope.Client.SendAsync(HttpMethod.Patch, Parameters, """{"params":[]}""")).Status);
    }

    [Fact]
    public async Task Only_a_cluster_agent_answers_and_it_checks_before_the_body()
    {
        await using var scope = await StartAsync();
        var spare = scope.ClientFor(Spare);
        var list = await spare.GetAsync(Parameters);
        var set = await spare.SendAsync(HttpMethod.Patch, Parameters, "{}");
        Assert.Equal((400, "Agent.Identify.NotSupportOperation"), (list.Status, list.ErrCode));
        Assert.Equal((400, "Agent.Identify.NotSupportOperation"), (set.Status, set.ErrCode));
    }

    [Fact]
    public async Task A_parameter_changed_out_of_band_shows_on_that_server_only()
    {
        await using var scope = await StartAsync();
        scope.Sim.SetParameterOutOfBand("memory_limit", "8G", Second);
        Assert.Equal(["16G", "8G", "16G"], ServerValues((await ListAsync(scope.Client))["memory_limit"]).Select(v => v.Value));
        Assert.Equal("8G", scope.Sim.ParameterOn(Second, "memory_limit")); // what a test reads in-process is what the route shows
    }

    [Fact]
    public async Task The_routes_exist_from_4_3_0_0()
    {
        await using var scope = await StartAsync(Fast with { ObshellVersion = "4.2.6.0" });
        var response = await scope.Client.GetAsync(Parameters);
        Assert.Equal((400, 1000), (response.Status, response.Code)); // the legacy unknown-route answer
    }

    private static Task<ObshellResponse> PatchAsync(ObshellTestClient client, params object[] items) =>
        client.SendAsync(HttpMethod.Patch, Parameters, new { @params = items });

    private static async Task<Dictionary<string, JToken>> ListAsync(ObshellTestClient client)
    {
        var response = await client.GetAsync(Parameters);
        Assert.True(response.Status == 200, response.Body);
        return response.Data!["contents"]!.ToDictionary(p => (string)p["name"]!, p => p);
    }

    private static List<(string Ip, int Port, string Value)> ServerValues(JToken parameter) =>
        parameter["ob_parameters"]!.Select(v => ((string)v["svr_ip"]!, (int)v["svr_port"]!, (string)v["value"]!)).ToList();
}
