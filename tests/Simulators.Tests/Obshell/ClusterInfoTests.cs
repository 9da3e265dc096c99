using static ClusterScale.Simulators.Tests.Obshell.SimulatorScope;

namespace ClusterScale.Simulators.Tests.Obshell;

public sealed class ClusterInfoTests
{
    [Fact]
    public async Task Ob_info_shows_the_initial_members_per_zone()
    {
        await using var scope = await StartAsync(Fast with { ClusterAgents = 4, ZoneCount = 3 });
        var info = (await scope.Client.GetAsync("/api/v1/ob/info")).Data!;

        Assert.Equal(["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"], info["agent_info"]!.Select(a => (string)a["ip"]!));
        Assert.All(info["agent_info"]!, a => Assert.Equal("CLUSTER AGENT", (string)a["identity"]!));
        var zone1 = info["obcluster_info"]!["topology"]!["zone1"]!;
        Assert.Equal(["10.0.0.1", "10.0.0.4"], zone1.Select(s => (string)s["svr_ip"]!));
        Assert.Equal(["YES", "NO"], zone1.Select(s => (string)s["with_rootserver"]!)); // a string in obshell's ServerConfig
        Assert.Equal("4.3.5.0", (string)info["obcluster_info"]!["version"]!);
        Assert.Equal(["10.0.0.5:2886", "10.0.0.6:2886"], scope.Sim.SpareAgents);
    }

    [Fact]
    public async Task Obcluster_info_lists_every_zone_with_its_servers()
    {
        await using var scope = await StartAsync();
        await scope.Sim.ScaleInOutOfBandAsync(Third);
        var zones = (await scope.Client.GetAsync("/api/v1/obcluster/info")).Data!["zones"]!;

        Assert.Equal(["zone1", "zone2", "zone3"], zones.Select(z => (string)z["name"]!));
        Assert.Empty(zones[2]!["servers"]!);
        var server = Assert.Single(zones[0]!["servers"]!);
        Assert.Equal(("10.0.0.1", 2882, 2881, 2886, "RUNNING"),
            ((string)server["ip"]!, (int)server["svr_port"]!, (int)server["sql_port"]!, (int)server["obshell_port"]!, (string)server["status"]!));
    }
}
