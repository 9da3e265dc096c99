using ClusterScale.Simulators.Obshell;
using static ClusterScale.Simulators.Tests.Obshell.SimulatorScope;

namespace ClusterScale.Simulators.Tests.Obshell;

/// <summary>Agents of older obshell releases lack what came later (spec section 0).</summary>
public sealed class VersionTests
{
    [Theory]
    [InlineData("POST", "/api/v1/ob/scale_in")]
    [InlineData("DELETE", "/api/v1/observer")]
    [InlineData("DELETE", "/api/v1/zone/zone3")]
    public async Task Before_4_2_6_0_there_is_no_scale_in_nor_zone_deletion(string method, string path)
    {
        await using var scope = await StartAsync(Fast with { ObshellVersion = "4.2.5.0" });
        var response = await scope.Client.SendAsync(new HttpMethod(method), path, ScaleInBody(Third));
        Assert.Equal((400, 1000), (response.Status, response.Code)); // the legacy unknown-route answer
        Assert.Empty(scope.Sim.Dags);
    }

    [Fact]
    public async Task Before_4_2_6_0_the_agent_header_is_ignored()
    {
        await using var scope = await StartAsync(Fast with { ObshellVersion = "4.2.5.0" });
        scope.Client.UseAgentHeader = true;
        var response = await scope.Client.GetAsync("/api/v1/ob/info");
        Assert.Equal((401, 10008), (response.Status, response.Code)); // as if no header was sent: before 4.3.1.0 that was 401/10008
    }

    [Fact]
    public async Task Before_4_3_1_0_errors_carry_only_the_integer_code()
    {
        await using var scope = await StartAsync(Fast with { ObshellVersion = "4.3.0.0" });
        var unauthorized = await scope.Client.GetAsync("/api/v1/ob/info", new AuthTweak { Password = "wrong" });
        var notFound = await scope.Client.GetAsync("/api/v1/task/dag/1999");

        Assert.Equal((401, 10008, null), (unauthorized.Status, unauthorized.Code, unauthorized.ErrCode));
        Assert.Equal((404, 2300, null), (notFound.Status, notFound.Code, notFound.ErrCode));
    }

    [Fact]
    public async Task Before_4_3_1_0_refusals_have_the_legacy_statuses_and_codes()
    {
        await using var scope = await StartAsync(Fast with { ObshellVersion = "4.3.0.0", StageDuration = TimeSpan.FromSeconds(5) });
        var wrongReceiver = await scope.ClientFor(Spare).PostAsync("/api/v1/ob/scale_out", ScaleOutBody(SecondSpare, "zone1"));
        var noHeader = await scope.Client.GetAsync("/api/v1/ob/info", new AuthTweak { NoHeader = true });
        var unbound = await scope.Client.PostAsync("/api/v1/ob/scale_in", new { agentInfo = new { ip = "10.0.0.3", port = 2886 } });
        var deleteSelf = await scope.Client.PostAsync("/api/v1/ob/scale_in", ScaleInBody(First));
        var spareDag = await scope.ClientFor(Spare).GetAsync("/api/v1/task/dag/11");
        var id = await scope.ScaleOutAsync();
        var locked = await scope.Client.PostAsync("/api/v1/ob/scale_in", ScaleInBody(Third));
        var operatorRefused = await scope.Client.PostAsync($"/api/v1/task/dag/{id}", new { @operator = "RETRY" });

        Assert.Equal((500, 1010), (wrongReceiver.Status, wrongReceiver.Code));
        Assert.Equal((401, 10008), (noHeader.Status, noHeader.Code));
        Assert.Equal((400, 1001), (unbound.Status, unbound.Code));
        Assert.Equal((400, 1000), (deleteSelf.Status, deleteSelf.Code));
        Assert.Equal((404, 2300), (spareDag.Status, spareDag.Code));
        Assert.Equal((500, 1002), (locked.Status, locked.Code));
        Assert.Contains("failed to start maintenance:", locked.Message);
        Assert.Equal((500, 1010), (operatorRefused.Status, operatorRefused.Code));
        Assert.Equal("failed to set dag retry: dag state is not failed", operatorRefused.Message);
        Assert.All([wrongReceiver, noHeader, unbound, deleteSelf, spareDag, locked, operatorRefused], r => Assert.Null(r.ErrCode));
    }

    [Fact]
    public async Task Before_4_3_1_0_a_server_left_behind_is_400_1000()
    {
        await using var scope = await StartAsync(Fast with { ObshellVersion = "4.3.0.0" });
        await scope.Sim.ScaleInOutOfBandAsync(Third, keepServer: true);
        var response = await scope.Client.PostAsync("/api/v1/ob/scale_out", ScaleOutBody(Third, "zone3"));
        Assert.Equal((400, 1000), (response.Status, response.Code));
    }

    [Fact]
    public async Task From_4_3_1_0_only_auth_errors_carry_an_integer_code()
    {
        await using var scope = await StartAsync(Fast with { ObshellVersion = "4.3.1.0" });
        var unauthorized = await scope.Client.GetAsync("/api/v1/ob/info", new AuthTweak { Password = "wrong" });
        var noHeader = await scope.Client.GetAsync("/api/v1/ob/info", new AuthTweak { NoHeader = true });
        var notFound = await scope.Client.GetAsync("/api/v1/task/dag/1999");
        var undecryptable = await scope.Client.GetAsync("/api/v1/ob/info", new AuthTweak { RawHeader = "AAAA" });

        Assert.Equal((401, 10008, "Security.Authentication.IncorrectOceanbasePassword"), (unauthorized.Status, unauthorized.Code, unauthorized.ErrCode));
        Assert.Equal((400, null, "Request.Header.NotFound"), (noHeader.Status, noHeader.Code, noHeader.ErrCode));
        Assert.Equal((404, null, "Task.NotFound"), (notFound.Status, notFound.Code, notFound.ErrCode));
        Assert.Equal((401, null), (undecryptable.Status, undecryptable.Code)); // code 1 only from 4.4.1.1
    }

    [Fact]
    public async Task Maintenance_fields_appear_in_DAG_details_from_4_3_0_0()
    {
        await using var older = await StartAsync(Fast with { ObshellVersion = "4.2.6.0" });
        await using var newer = await StartAsync(Fast with { ObshellVersion = "4.3.0.0" });
        var before = (await older.Client.PostAsync("/api/v1/ob/scale_out", ScaleOutBody(Spare, "zone1"))).Data!;
        var after = (await newer.Client.PostAsync("/api/v1/ob/scale_out", ScaleOutBody(Spare, "zone1"))).Data!;
        Assert.Null(before["maintenance_type"]);
        Assert.Equal(2, (int)after["maintenance_type"]!);
    }

    // Spec Corrections 2026-12-05, "Unknown routes before 4.3.1": gin's NoRoute sends ErrBadRequest "404 not found"
    // (obshell@32187ba agent/api/agent_route.go:179-181), worded "Bad request: %v" (agent/assets/i18n/error/en.json:2).
    [Theory]
    [InlineData("4.2.6.0", "/api/v1/obcluster/parameters")]
    [InlineData("4.3.0.0", "/api/v1/no/such/route")]
    public async Task Before_4_3_1_0_an_unknown_route_is_400_code_1000_404_not_found(string version, string path)
    {
        await using var scope = await StartAsync(Fast with { ObshellVersion = version });
        var response = await scope.Client.GetAsync(path);
        Assert.Equal((400, 1000, "Bad request: 404 not found", null), (response.Status, response.Code, response.Message, response.ErrCode));
    }

    [Fact]
    public async Task From_4_3_1_0_an_unknown_route_is_404_Common_NotFound()
    {
        await using var scope = await StartAsync(Fast with { ObshellVersion = "4.3.1.0" });
        var response = await scope.Client.GetAsync("/api/v1/no/such/route");
        Assert.Equal((404, "Common.NotFound"), (response.Status, response.ErrCode));
    }

    // Spec Corrections 2026-12-05, "Legacy refusal": obshell@32187ba agent/executor/ob/scale_out.go:70-71 answers
    // ErrUnexpected (1002, "Unexpected error: %v", agent/assets/i18n/error/en.json:4) when the target's /info fails.
    [Fact]
    public async Task On_4_3_0_0_scale_out_to_an_unreachable_target_is_500_code_1002_get_status_failed_and_starts_nothing()
    {
        await using var scope = await StartAsync(Fast with { ObshellVersion = "4.3.0.0" });
        scope.Sim.Faults.RestartAgent(Spare, TimeSpan.FromSeconds(30));

        var response = await scope.Client.PostAsync("/api/v1/ob/scale_out", ScaleOutBody(Spare, "zone1"));

        Assert.Equal((500, 1002, "Unexpected error: get 10.0.0.4:2886 status failed", null), (response.Status, response.Code, response.Message, response.ErrCode));
        Assert.Empty(scope.Sim.Dags);
        Assert.Empty(scope.Sim.Ledger);
    }

    [Fact]
    public async Task Obcluster_info_exists_from_4_3_0_0()
    {
        await using var older = await StartAsync(Fast with { ObshellVersion = "4.2.6.0" });
        await using var newer = await StartAsync(Fast with { ObshellVersion = "4.3.0.0" });
        Assert.Equal(400, (await older.Client.GetAsync("/api/v1/obcluster/info")).Status); // the legacy unknown-route answer
        Assert.Equal(200, (await newer.Client.GetAsync("/api/v1/obcluster/info")).Status);
    }

    [Fact]
    public async Task SupportedAuth_appears_in_info_from_4_2_5_0()
    {
        await using var older = await StartAsync(Fast with { ObshellVersion = "4.2.4.1" });
        await using var newer = await StartAsync(Fast with { ObshellVersion = "4.2.5.0" });
        Assert.Null((await older.Client.RawAsync(HttpMethod.Get, "/api/v1/info")).Data!["supportedAuth"]);
        Assert.NotNull((await newer.Client.RawAsync(HttpMethod.Get, "/api/v1/info")).Data!["supportedAuth"]);
    }

    [Fact]
    public async Task Auth_v1_agents_are_not_simulated()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => ObshellSimulator.StartAsync(Fast with { ObshellVersion = "4.2.2.0" }));
    }
}
