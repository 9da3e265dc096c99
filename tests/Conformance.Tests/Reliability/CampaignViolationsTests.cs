using ClusterScale.Harness;
using ClusterScale.Provider.Protocol;
using ClusterScale.Simulators.ModelArts;
using ClusterScale.Simulators.Obshell;
using static ClusterScale.Conformance.Tests.Reliability.Declarations;

namespace ClusterScale.Conformance.Tests.Reliability;

/// <summary>The campaign's invariants see each kind of violation in the simulators' own state (a campaign whose
/// checks could not fail would prove nothing).</summary>
public sealed class CampaignViolationsTests
{
    [Fact]
    public async Task A_member_no_resource_owns_a_declared_node_that_is_not_a_member_and_a_running_DAG_are_counted()
    {
        await using var obshell = await ObshellSimulator.StartAsync(new ObshellSimulatorOptions { RootPassword = FastWorld.RootPassword, SpareAgents = 1 });
        var members = obshell.Members.Select(m => m.Agent).ToList();
        var violations = new CampaignViolations();

        violations.CheckCluster(obshell, members, []);
        Assert.Equal(0, violations.Total);

        violations.CheckCluster(obshell, members.Skip(1).ToList(), [Node("node-0", obshell.SpareAgents[0], "zone1")]);
        Assert.Equal((1, 1), (violations.Orphans, violations.Lost));

        await obshell.StartForeignDagAsync(TimeSpan.FromMinutes(1));
        violations.CheckCluster(obshell, members, []);
        Assert.Equal(1, violations.HeldLocks);
        Assert.Contains(violations.Examples, e => e.Contains("holds the cluster lock", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_node_reported_removed_while_a_member_or_in_another_zone_is_a_wrong_adoption()
    {
        await using var obshell = await ObshellSimulator.StartAsync(new ObshellSimulatorOptions { RootPassword = FastWorld.RootPassword, SpareAgents = 0 });
        var member = obshell.Members[0];
        var violations = new CampaignViolations();

        violations.NodeReportedRemoved(obshell, "node-0", member.Agent);
        Assert.Equal(1, violations.WrongAdoptions);

        var otherZone = member.Zone == "zone1" ? "zone2" : "zone1";
        violations.CheckCluster(obshell, obshell.Members.Select(m => m.Agent).ToList(), [Node("node-0", member.Agent, otherZone)]);
        Assert.Equal(2, violations.WrongAdoptions);
        Assert.Equal(0, violations.Orphans + violations.Lost + violations.Duplicates);
    }

    [Fact]
    public async Task Supernode_servers_owned_by_no_resource_missing_claimed_twice_or_adopted_from_the_original_set_are_counted()
    {
        await using var modelArts = await ModelArtsSimulator.StartAsync();
        var id = modelArts.CreateSupernode(FastWorld.Medium);
        var servers = modelArts.GetSupernode(id).Servers.Select(s => s.Id).ToList();

        var clean = new CampaignViolations();
        clean.CheckSupernode(modelArts, id, servers[..2], FastWorld.Medium, [Scale(id, servers[2..])]);
        Assert.Equal(0, clean.Total);

        var orphaned = new CampaignViolations();
        orphaned.CheckSupernode(modelArts, id, servers[..2], null, []);
        Assert.Equal(2, orphaned.Orphans);

        var lost = new CampaignViolations();
        lost.CheckSupernode(modelArts, id, servers[..2], FastWorld.Medium, [Scale(id, [servers[2], "gone-server"])]);
        Assert.Equal((1, 1), (lost.Lost, lost.Orphans));

        var duplicated = new CampaignViolations();
        duplicated.CheckSupernode(modelArts, id, servers[..2], FastWorld.Small, [Scale(id, servers[2..])]);
        Assert.Equal(2, duplicated.Duplicates);

        var adopted = new CampaignViolations();
        adopted.CheckSupernode(modelArts, id, servers, FastWorld.Medium, [Scale(id, [servers[0]])]);
        Assert.Equal(1, adopted.WrongAdoptions);
    }

    [Fact]
    public void The_summary_line_shows_every_count()
    {
        Assert.Equal("campaign: lifecycles=340 act_then_fail=61 kills=37 orphans=0 duplicates=0 lost=0 wrong_adoptions=0 held_locks=0",
            new CampaignViolations().Line(340, 61, 37));
    }

    private static ResourceState Scale(string supernodeId, IEnumerable<string> added) =>
        new(supernodeId, Props.Of(("addedServerIds", added.ToList())), Props.Of(("supernodeId", supernodeId)));
}
