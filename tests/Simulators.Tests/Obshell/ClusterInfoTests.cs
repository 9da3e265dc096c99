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

    [Fact]
    public async Task A_SINGLE_agent_reports_only_itself_and_zero_cluster_data()
    {
        await using var scope = await StartAsync();
        var info = (await scope.ClientFor(Spare).GetAsync("/api/v1/ob/info")).Data!;

        var self = Assert.Single(info["agent_info"]!);
        Assert.Equal(("10.0.0.4", "SINGLE"), ((string)self["ip"]!, (string)self["identity"]!));
        var cluster = info["obcluster_info"]!;
        Assert.Equal((0, "", ""), ((int)cluster["id"]!, (string)cluster["name"]!, (string)cluster["version"]!));
        Assert.Equal(Newtonsoft.Json.Linq.JTokenType.Null, cluster["topology"]!.Type);
    }

    // Spec Corrections 2026-12-05, "Who speaks for the cluster"; obshell@61ee147 ob/agent/executor/ob/info.go:50-54, 80-104.
    [Fact]
    public async Task A_member_whose_observer_is_down_answers_its_local_agent_copy_without_version_or_topology()
    {
        await using var scope = await StartAsync();
        var second = scope.ClientFor(Second);
        scope.Sim.SetObserverRunning(Second, running: false);

        var down = (await second.GetAsync("/api/v1/ob/info")).Data!;
        Assert.Equal(["10.0.0.1", "10.0.0.2", "10.0.0.3"], down["agent_info"]!.Select(a => (string)a["ip"]!));
        var cluster = down["obcluster_info"]!;
        Assert.Equal((1, "obcluster", ""), ((int)cluster["id"]!, (string)cluster["name"]!, (string)cluster["version"]!));
        Assert.Equal(Newtonsoft.Json.Linq.JTokenType.Null, cluster["topology"]!.Type);
        Assert.Equal(0, (int)(await second.RawAsync(HttpMethod.Get, "/api/v1/status")).Data!["obState"]!);
        var seenByFirst = (await scope.Client.GetAsync("/api/v1/ob/info")).Data!["obcluster_info"]!;
        Assert.Equal("INACTIVE", (string)seenByFirst["topology"]!["zone2"]![0]!["status"]!);

        // The copy is as last synced: a node removed meanwhile is still in it, never in a member's view.
        await scope.WaitForDagAsync(await scope.ScaleInAsync(Third));
        Assert.Contains((await second.GetAsync("/api/v1/ob/info")).Data!["agent_info"]!, a => (string)a["ip"]! == "10.0.0.3");
        Assert.DoesNotContain((await scope.Client.GetAsync("/api/v1/ob/info")).Data!["agent_info"]!, a => (string)a["ip"]! == "10.0.0.3");

        scope.Sim.SetObserverRunning(Second, running: true);
        var up = (await second.GetAsync("/api/v1/ob/info")).Data!;
        Assert.Equal("4.3.5.0", (string)up["obcluster_info"]!["version"]!);
        Assert.Equal("ACTIVE", (string)up["obcluster_info"]!["topology"]!["zone2"]![0]!["status"]!);
        Assert.Equal(["10.0.0.1", "10.0.0.2"], up["agent_info"]!.Select(a => (string)a["ip"]!));
    }

    // obshell@61ee147 ob/agent/executor/ob/info.go:41-44: SCALING IN answers as SINGLE does.
    [Fact]
    public async Task A_SCALING_IN_agent_reports_only_itself_and_zero_cluster_data()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var scope = await StartAsync(Fast with { Time = time, StageDuration = TimeSpan.FromMinutes(1) });
        await scope.ScaleInAsync(Third);
        await scope.StepPastStageAsync(time, stage: 2); // "Set agent to 'SCALING IN'" ran

        var info = (await scope.ClientFor(Third).GetAsync("/api/v1/ob/info")).Data!;

        var self = Assert.Single(info["agent_info"]!);
        Assert.Equal(("10.0.0.3", "SCALING IN"), ((string)self["ip"]!, (string)self["identity"]!));
        Assert.Equal((0, ""), ((int)info["obcluster_info"]!["id"]!, (string)info["obcluster_info"]!["version"]!));
    }

    [Fact]
    public async Task A_SINGLE_agent_asked_to_scale_itself_in_answers_204()
    {
        await using var scope = await StartAsync();
        var response = await scope.ClientFor(Spare).PostAsync("/api/v1/ob/scale_in", ScaleInBody(Spare));
        Assert.Equal((204, ""), (response.Status, response.Body));
        Assert.Empty(scope.Sim.Dags);
    }

    [Fact]
    public async Task Status_obState_is_3_for_a_serving_member_0_without_an_observer_and_1_once_its_row_is_gone()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var scope = await StartAsync(Fast with { Time = time, StageDuration = TimeSpan.FromMinutes(1) });
        async Task<Newtonsoft.Json.Linq.JToken> StatusOf(string agent) => (await scope.ClientFor(agent).RawAsync(HttpMethod.Get, "/api/v1/status")).Data!;

        var member = await StatusOf(Third);
        var spare = await StatusOf(Spare);
        Assert.Equal((3, 2881), ((int)member["obState"]!, (int)member["sqlPort"]!));
        Assert.Equal(0, (int)spare["obState"]!);
        Assert.Null(spare["sqlPort"]); // omitempty

        await scope.ScaleInAsync(Third);
        await scope.StepPastStageAsync(time, stage: 3); // "Wait delete observer success" removed the row
        Assert.Equal(1, (int)(await StatusOf(Third))["obState"]!);
        await scope.StepPastStageAsync(time, stage: 5);
        await scope.WaitForDagAsync(scope.Sim.Dags[0].Id);
        Assert.Equal(0, (int)(await StatusOf(Third))["obState"]!); // "Try to inform to kill observer" stopped it
    }
}
