using ClusterScale.Simulators.Obshell;
using static ClusterScale.Simulators.Tests.Obshell.SimulatorScope;

namespace ClusterScale.Simulators.Tests.Obshell;

/// <summary>Agents of older obshell releases lack what came later (spec section 0).</summary>
public sealed class VersionTests
{
    [Theory]
    [InlineData("POST", "/api/v1/ob/scale_in")]
    [InlineData("DELETE", "/api/v1/observer")]
    public async Task Before_4_2_6_0_there_is_no_scale_in(string method, string path)
    {
        await using var scope = await StartAsync(Fast with { ObshellVersion = "4.2.5.0" });
        var response = await scope.Client.SendAsync(new HttpMethod(method), path, ScaleInBody(Third));
        Assert.Equal(404, response.Status);
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
    public async Task Obcluster_info_exists_from_4_3_0_0()
    {
        await using var older = await StartAsync(Fast with { ObshellVersion = "4.2.6.0" });
        await using var newer = await StartAsync(Fast with { ObshellVersion = "4.3.0.0" });
        Assert.Equal(404, (await older.Client.GetAsync("/api/v1/obcluster/info")).Status);
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
