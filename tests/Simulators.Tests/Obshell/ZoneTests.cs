using ClusterScale.Simulators.Obshell.Faults;
using static ClusterScale.Simulators.Tests.Obshell.SimulatorScope;

namespace ClusterScale.Simulators.Tests.Obshell;

/// <summary>Spec section 9: zones outlive their servers; DELETE /api/v1/zone/{name}.</summary>
public sealed class ZoneTests
{
    [Fact]
    public async Task Scale_in_empties_a_zone_but_never_deletes_it()
    {
        await using var scope = await StartAsync();
        await scope.WaitForDagAsync(await scope.ScaleInAsync(Third));

        var zones = (await scope.Client.GetAsync("/api/v1/obcluster/info")).Data!["zones"]!;
        var topology = (await scope.Client.GetAsync("/api/v1/ob/info")).Data!["obcluster_info"]!["topology"]!;

        Assert.Equal(["zone1", "zone2", "zone3"], zones.Select(z => (string)z["name"]!));
        Assert.Empty(zones[2]!["servers"]!);
        Assert.Null(topology["zone3"]); // /ob/info shows only zones with servers
    }

    [Fact]
    public async Task An_empty_zone_is_deleted_by_a_DAG_holding_the_lock()
    {
        await using var scope = await StartAsync(Fast with { StageDuration = TimeSpan.FromMilliseconds(200) });
        await scope.WaitForDagAsync(await scope.ScaleInAsync(Third));

        var response = await scope.Client.SendAsync(HttpMethod.Delete, "/api/v1/zone/zone3", null);
        var blocked = await scope.Client.PostAsync("/api/v1/ob/scale_out", ScaleOutBody(Spare, "zone1"));
        var dag = await scope.WaitForDagAsync((string)response.Data!["id"]!);

        Assert.Equal(200, response.Status);
        Assert.Equal("Delete zone", (string)dag["name"]!);
        Assert.Equal(2, (int)dag["maintenance_type"]!);
        Assert.Equal(["Stop zone zone3", "Delete zone zone3"], NodeNames(dag));
        Assert.Equal(("SUCCEED", "RUN"), StateOf(dag));
        Assert.Equal("OB.Cluster.UnderMaintenanceWithDag", blocked.ErrCode);
        Assert.Equal(["zone1", "zone2"], (await scope.Client.GetAsync("/api/v1/obcluster/info")).Data!["zones"]!.Select(z => (string)z["name"]!));
    }

    [Fact]
    public async Task A_zone_that_does_not_exist_is_204_and_no_DAG()
    {
        await using var scope = await StartAsync();
        var response = await scope.Client.SendAsync(HttpMethod.Delete, "/api/v1/zone/zone9", null);
        Assert.Equal((204, ""), (response.Status, response.Body));
        Assert.Empty(scope.Sim.Dags);
    }

    [Fact]
    public async Task A_zone_holding_units_is_400_NotEmpty()
    {
        await using var scope = await StartAsync();
        var response = await scope.Client.SendAsync(HttpMethod.Delete, "/api/v1/zone/zone2", null);
        Assert.Equal((400, "OB.Zone.NotEmpty"), (response.Status, response.ErrCode));
        Assert.Equal("The zone 'zone2' is not empty and cannot be deleted", response.Message);
    }

    [Fact]
    public async Task No_auth_is_checked_neither_a_missing_header_nor_a_wrong_password()
    {
        await using var scope = await StartAsync();
        await scope.WaitForDagAsync(await scope.ScaleInAsync(Third));

        var wrongPassword = await scope.Client.SendAsync(HttpMethod.Delete, "/api/v1/zone/zone9", null, new AuthTweak { Password = "wrong" });
        var noHeader = await scope.Client.RawAsync(HttpMethod.Delete, "/api/v1/zone/zone3");

        Assert.Equal(204, wrongPassword.Status);
        Assert.Equal(200, noHeader.Status);
    }

    [Fact]
    public async Task Only_a_cluster_agent_deletes_a_zone()
    {
        await using var scope = await StartAsync();
        var response = await scope.ClientFor(Spare).SendAsync(HttpMethod.Delete, "/api/v1/zone/zone3", null);
        Assert.Equal((400, "Agent.Identify.NotSupportOperation"), (response.Status, response.ErrCode));
    }

    [Fact]
    public async Task A_zone_without_units_loses_its_servers_and_agents_but_not_through_its_own_agent()
    {
        await using var scope = await StartAsync();
        await scope.WaitForDagAsync(await scope.ScaleOutAsync(Spare, "zone4"));

        var self = await scope.ClientFor(Spare).SendAsync(HttpMethod.Delete, "/api/v1/zone/zone4", null);
        var response = await scope.Client.SendAsync(HttpMethod.Delete, "/api/v1/zone/zone4", null);
        var dag = await scope.WaitForDagAsync((string)response.Data!["id"]!);

        Assert.Equal((400, "OB.Zone.DeleteSelf"), (self.Status, self.ErrCode));
        Assert.Equal(
            ["Set agent to 'SCALING IN'", "Stop zone zone4", "Delete observer", "Wait delete observer success", "Delete zone zone4", "Delete agent", "Try to inform to kill observers"],
            NodeNames(dag));
        Assert.Equal(("SUCCEED", "RUN"), StateOf(dag));
        Assert.DoesNotContain(scope.Sim.Members, m => m.Agent == Spare);
        Assert.Contains(Spare, scope.Sim.SpareAgents);
    }

    [Fact]
    public async Task A_zone_left_stopped_by_a_failed_deletion_blocks_deleting_another_400_StoppedInMultiZone()
    {
        await using var scope = await StartAsync(Fast with { ClusterAgents = 4, ZoneCount = 4 });
        await scope.WaitForDagAsync(await scope.ScaleInAsync("10.0.0.4:2886"));
        await scope.WaitForDagAsync(await scope.ScaleInAsync(Third));
        scope.Sim.Faults.FailDagAtNode(2); // "Delete zone zone3" fails after "Stop zone zone3"
        var failed = await scope.Client.SendAsync(HttpMethod.Delete, "/api/v1/zone/zone3", null);
        Assert.Equal("FAILED", (string)(await scope.WaitForDagAsync((string)failed.Data!["id"]!))["state"]!);

        var other = await scope.Client.SendAsync(HttpMethod.Delete, "/api/v1/zone/zone4", null);
        Assert.Equal((400, "OB.Server.StoppedInMultiZone"), (other.Status, other.ErrCode));
    }

    [Fact]
    public async Task The_deletion_happens_before_an_act_then_fail_answer()
    {
        await using var scope = await StartAsync();
        await scope.WaitForDagAsync(await scope.ScaleInAsync(Third));
        scope.Sim.Faults.ActThenFail(MutatingRoute.DeleteZone, AfterActing.InternalError);

        var response = await scope.Client.SendAsync(HttpMethod.Delete, "/api/v1/zone/zone3", null);

        Assert.Equal(500, response.Status);
        Assert.Equal("Delete zone", scope.Sim.Dags[^1].Name);
    }
}
