using ClusterScale.Harness;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Conformance.Tests.Reliability.OpenWorld;

/// <summary>The open-world invariants see each kind of violation when one is planted in the truth (a checker that
/// could not fail would prove nothing), and see none in a clean world.</summary>
public sealed class OpenWorldViolationsTests
{
    private const string Where = "seed 7 round 0 run 1";
    private const string KeyA = "KEY-A";
    private const string KeyB = "KEY-B";
    private const string Supernode = "sn-1";
    private const string A1 = "10.0.0.1:2886";
    private const string B1 = "10.0.0.3:2886";
    private const string NodeA = "10.0.0.8:2886";
    private const string NodeB = "10.0.0.11:2886";
    private static readonly string[] Ids = Enumerable.Range(0, 8).Select(i => $"0000000{i}-0000-4000-8000-00000000000{i}").ToArray();

    [Fact]
    public void A_clean_world_has_no_violation()
    {
        var violations = new OpenWorldViolations();
        var stack = Stack(scales: [("a-gpu", [Ids[2], Ids[3]])], nodes: [("a-node", NodeA, "zone1", "11")]);
        var servers = Ledger(("initial", null), ("initial", null), (KeyA, null), (KeyA, null), (KeyB, null), ("console", null));
        violations.CheckSupernode(Where, stack, Supernode, servers, mostAdded: 2);
        violations.CheckCluster(Where, stack, [ScaleOut(1, A1, NodeA, "11"), ScaleOut(2, B1, NodeB, "12")], [Dag("11", "SUCCEED", "RUN"), Dag("12", "SUCCEED", "RUN")], Members(NodeA, NodeB), afterDestroy: false);
        violations.CheckNodesPresent(Where, stack, Zones((NodeA, "zone1")), [], []);
        violations.CheckRefreshed(Where, stack, Zones((NodeA, "zone1")), servers);
        Assert.Equal(0, violations.Total);
        Assert.Equal("open-world: lifecycles=300 actors=2 foreign_actions=100 user_actions=101 fresh_runners=30 kills=31 asks=2 foreign_taken=0 foreign_removed=0 held_locks=0 orphans_unreported=0 state_mismatches=0 wrong_asks=0 duplicates=0 lost=0",
            violations.Line(300, 100, 101, 30, 31, 2));
    }

    [Fact]
    public void Every_violation_of_a_stack_in_a_round_is_taken_once_for_its_transcript_whatever_the_examples_kept()
    {
        var violations = new OpenWorldViolations();
        var stack = Stack();
        var servers = Ledger(Enumerable.Range(0, Ids.Length).Select(i => i < 2 ? ("initial", (string?)null) : (KeyA, null)).ToArray());
        violations.CheckSupernode(Where, stack, Supernode, servers, mostAdded: 6);

        Assert.Empty(violations.Take("seed 7 round 1 run 1", stack)); // another round's
        var found = violations.Take("seed 7 round 0 run 4", stack);

        Assert.Equal(6, found.Count(f => f.StartsWith("orphans_unreported", StringComparison.Ordinal)));
        Assert.Empty(violations.Take(Where, stack));
    }

    [Fact]
    public void Claiming_a_server_or_a_DAG_another_actor_created_is_foreign_taken_unless_the_user_adopted_it()
    {
        var violations = new OpenWorldViolations();
        var servers = Ledger(("initial", null), ("initial", null), ("console", null), (KeyB, null));
        violations.CheckSupernode(Where, Stack(scales: [("a-gpu", [Ids[2], Ids[3]])]), Supernode, servers, mostAdded: 2);
        Assert.Equal(2, violations.ForeignTaken);
        Assert.Contains(violations.Examples, e => e.Contains(Where) && e.Contains("a-gpu") && e.Contains(Ids[2]) && e.Contains("the console"));

        violations.CheckSupernode(Where, Stack(scales: [("a-gpu", [Ids[2]])], adopted: [Ids[2]]), Supernode, servers, mostAdded: 2);
        Assert.Equal(2, violations.ForeignTaken);

        var ledger = new[] { ScaleOut(1, B1, NodeB, "12"), new ObshellRecord(2, "dag:ROLLBACK", "12", null, A1) };
        violations.CheckCluster(Where, Stack(nodes: [("a-node", NodeA, "zone1", "12")]), ledger, [Dag("12", "SUCCEED", "ROLLBACK")], Members(), afterDestroy: false);
        Assert.Equal(4, violations.ForeignTaken);
    }

    [Fact]
    public void Removing_a_server_or_node_another_actor_holds_is_foreign_removed()
    {
        var violations = new OpenWorldViolations();
        violations.CheckSupernode(Where, Stack(), Supernode, Ledger(("initial", KeyA), ("console", KeyA), (KeyA, KeyA)), mostAdded: 0);
        Assert.Equal(2, violations.ForeignRemoved);

        violations.CheckCluster(Where, Stack(), [new ObshellRecord(1, "scale_in", NodeB, "13", A1)], [Dag("13", "SUCCEED", "RUN")], Members(), afterDestroy: false);
        Assert.Equal(3, violations.ForeignRemoved);
        violations.CheckCluster(Where, Stack(), [new ObshellRecord(1, "scale_in", NodeB, "13", B1)], [Dag("13", "SUCCEED", "RUN")], Members(), afterDestroy: false);
        Assert.Equal(3, violations.ForeignRemoved);
    }

    [Fact]
    public void A_DAG_of_ours_unfinished_after_destroy_or_when_its_node_was_reported_removed_is_a_held_lock()
    {
        var violations = new OpenWorldViolations();
        var ledger = new[] { ScaleOut(1, A1, NodeA, "11") };
        violations.CheckCluster(Where, Stack(), ledger, [Dag("11", "FAILED", "RUN")], Members(), afterDestroy: false);
        Assert.Equal(0, violations.HeldLocks);
        violations.CheckCluster(Where, Stack(), ledger, [Dag("11", "FAILED", "RUN")], Members(), afterDestroy: true);
        Assert.Equal(1, violations.HeldLocks);

        violations.NodeReportedRemoved(Where, Stack(), "a-node", NodeA, [ScaleOut(5, A1, NodeA, "15")], [Dag("15", "RUNNING", "RUN")], Members());
        Assert.Equal(2, violations.HeldLocks);
        violations.NodeReportedRemoved(Where, Stack(), "a-node", NodeA, [ScaleOut(6, A1, NodeA, "16")], [Dag("16", "SUCCEED", "ROLLBACK")], Members(NodeA));
        Assert.Equal((2, 1), (violations.HeldLocks, violations.StateMismatches));
    }

    [Fact]
    public void A_scale_in_of_ours_that_OceanBase_refused_at_Delete_observer_holds_no_lock_after_destroy_but_one_failed_later_does()
    {
        // Spec §6: "Delete observer" (scale-in node 1) gives the lock back when it fails; every later node keeps it.
        var violations = new OpenWorldViolations();
        var ledger = new[] { new ObshellRecord(1, "scale_in", NodeA, "17", A1) };
        violations.CheckCluster(Where, Stack(), ledger, [new DagState("17", "Cluster scale in", "FAILED", "RUN", Stage: 1)], Members(), afterDestroy: true);
        Assert.Equal(0, violations.HeldLocks);
        violations.CheckCluster(Where, Stack(), ledger, [new DagState("17", "Cluster scale in", "FAILED", "RUN", Stage: 2)], Members(), afterDestroy: true);
        Assert.Equal(1, violations.HeldLocks);
    }

    [Fact]
    public void What_our_scales_created_and_no_resource_owns_is_an_orphan_reported_only_when_a_message_named_it()
    {
        var violations = new OpenWorldViolations();
        violations.CheckSupernode(Where, Stack(), Supernode, Ledger(("initial", null), ("initial", null), (KeyA, null)), mostAdded: 2);
        Assert.Equal((1, 0), (violations.OrphansUnreported, violations.OrphansReported));
        violations.CheckSupernode(Where, Stack(shown: [$"partial state: server {Ids[3]} appeared"]), Supernode, Ledger(("initial", null), ("initial", null), (KeyA, KeyA), (KeyA, null)), mostAdded: 2);
        Assert.Equal((1, 1), (violations.OrphansUnreported, violations.OrphansReported));

        violations.CheckCluster(Where, Stack(), [ScaleOut(1, A1, NodeA, "11")], [Dag("11", "SUCCEED", "RUN")], Members(NodeA), afterDestroy: true);
        Assert.Equal(2, violations.OrphansUnreported);
    }

    [Fact]
    public void Whether_an_orphan_server_was_named_is_judged_only_after_the_refresh_that_follows_a_converged_run()
    {
        var violations = new OpenWorldViolations();
        var servers = Ledger(("initial", null), ("initial", null), (KeyA, null));
        violations.CheckSupernode(Where, Stack(), Supernode, servers, mostAdded: 2, judgeOrphans: false);
        Assert.Equal((0, 0), (violations.OrphansUnreported, violations.OrphansReported));
        violations.CheckSupernode(Where, Stack(shown: [$"the refresh named server {Ids[2]}"]), Supernode, servers, mostAdded: 2);
        Assert.Equal((0, 1), (violations.OrphansUnreported, violations.OrphansReported));
    }

    [Fact]
    public void Only_servers_of_a_create_no_provider_call_can_reach_again_are_orphans_beyond_the_provider()
    {
        // Ids[2] created at 1002, Ids[3] at 1003, Ids[4] at 1004: the unreachable create's window holds only Ids[3].
        var violations = new OpenWorldViolations();
        var servers = Ledger(("initial", null), ("initial", null), (KeyA, null), (KeyA, null), (KeyA, null));
        var unreachable = new[] { new UnreachableCreate(Supernode, 1003, 1003), new UnreachableCreate("another-supernode", 0, 5000) };

        violations.CheckSupernode(Where, Stack(unreachable: unreachable), Supernode, servers, mostAdded: 6);

        Assert.Equal((2, 1), (violations.OrphansUnreported, violations.OrphansBeyondProvider));
        violations.CheckSupernode(Where, Stack(), Supernode, servers, mostAdded: 6);
        Assert.Equal(3, violations.OrphansUnreported); // reached again (the entry is gone) and still named nowhere
    }

    [Fact]
    public void State_that_does_not_match_the_remote_after_refresh_is_a_mismatch_and_a_node_in_state_not_a_member_after_up_is_lost()
    {
        var violations = new OpenWorldViolations();
        var stack = Stack(scales: [("a-gpu", [Ids[2]])], nodes: [("a-node", NodeA, "zone3", "")]);
        violations.CheckRefreshed(Where, stack, Zones((NodeA, "zone1")), Ledger(("initial", null), ("initial", null), (KeyA, "console")));
        Assert.Equal(2, violations.StateMismatches);
        violations.CheckNodesPresent(Where, stack, Zones(), [ScaleOut(1, A1, NodeA, "11")], [Dag("11", "SUCCEED", "ROLLBACK")]);
        Assert.Equal(1, violations.Lost);
    }

    [Fact]
    public void A_node_its_own_interrupted_destroy_removed_is_stale_state_not_lost_but_one_another_actor_removed_is_lost()
    {
        var stack = Stack(nodes: [("a-node", NodeA, "zone1", "11")]);
        var removedByItself = new OpenWorldViolations();
        removedByItself.CheckNodesPresent(Where, stack, Zones(), [ScaleOut(1, A1, NodeA, "11"), new ObshellRecord(2, "scale_in", NodeA, "12", A1)],
            [Dag("11", "SUCCEED", "RUN"), new DagState("12", "Cluster scale in", "SUCCEED", "RUN")]);
        Assert.Equal((0, 1), (removedByItself.Lost, removedByItself.StaleAfterOwnRemoval));

        var removedByAnother = new OpenWorldViolations();
        removedByAnother.CheckNodesPresent(Where, stack, Zones(), [ScaleOut(1, A1, NodeA, "11"), new ObshellRecord(2, "scale_in", NodeA, "12", B1)],
            [Dag("11", "SUCCEED", "RUN"), new DagState("12", "Cluster scale in", "SUCCEED", "RUN")]);
        Assert.Equal((1, 0), (removedByAnother.Lost, removedByAnother.StaleAfterOwnRemoval));

        var rolledBack = new OpenWorldViolations();
        rolledBack.CheckNodesPresent(Where, stack, Zones(), [ScaleOut(1, A1, NodeA, "11"), new ObshellRecord(2, "scale_in", NodeA, "12", A1)],
            [Dag("11", "SUCCEED", "RUN"), new DagState("12", "Cluster scale in", "SUCCEED", "ROLLBACK")]);
        Assert.Equal(1, rolledBack.Lost);
    }

    [Fact]
    public void An_ask_naming_nothing_an_original_server_or_leaving_out_a_server_at_stake_is_wrong()
    {
        var servers = Ledger(("initial", null), ("initial", null), (KeyA, null), (KeyA, null));
        var right = new OpenWorldViolations();
        right.CheckAsk(Where, Stack(), Ask($"supernode {Supernode}: adopt them with adoptServerIds: {Ids[2]}, {Ids[3]}"), Supernode, servers, []);
        Assert.Equal(0, right.Total);

        var wrong = new OpenWorldViolations();
        wrong.CheckAsk(Where, Stack(), Ask("servers appeared; adopt them with adoptServerIds"), Supernode, servers, []);
        wrong.CheckAsk(Where, Stack(), Ask($"adopt {Ids[0]}, {Ids[2]}, {Ids[3]} explicitly via adoptServerIds"), Supernode, servers, []);
        wrong.CheckAsk(Where, Stack(), Ask($"adopt {Ids[3]} explicitly via adoptServerIds"), Supernode, servers, []);
        Assert.Equal(3, wrong.WrongAsks);
    }

    [Fact]
    public void A_server_its_resource_held_when_the_ask_was_shown_is_not_left_out_after_the_user_gives_that_resource_up()
    {
        // Campaign seed 479104798 (seed 1611065308 round 0 run 6): the update's ask named the 4 servers its ambiguous send
        // may have added; the 2 of its earlier step were its own then. The user gave the resource up (state delete, the
        // servers named in that message), and the check counted them "left out" of the ask.
        var servers = Ledger(("initial", null), ("initial", null), (KeyA, null), (KeyA, null));
        var ask = Ask($"supernode {Supernode}: adopt them with adoptServerIds: {Ids[3]}");
        var heldThen = new OpenWorldViolations();
        heldThen.CheckAsk(Where, Stack(), ask with { HeldWhenShown = new HashSet<string> { Ids[2] } }, Supernode, servers, []);
        Assert.Equal(0, heldThen.WrongAsks);

        var notHeld = new OpenWorldViolations();
        notHeld.CheckAsk(Where, Stack(), ask with { HeldWhenShown = new HashSet<string>() }, Supernode, servers, []);
        Assert.Equal(1, notHeld.WrongAsks);
    }

    [Fact]
    public void A_node_scaled_out_twice_a_server_claimed_twice_or_more_servers_than_the_flavor_adds_are_duplicates()
    {
        var violations = new OpenWorldViolations();
        var ledger = new[] { ScaleOut(1, A1, NodeA, "11"), ScaleOut(2, A1, NodeA, "12") };
        violations.CheckCluster(Where, Stack(nodes: [("a-node", NodeA, "zone1", "12")]), ledger, [Dag("11", "SUCCEED", "RUN"), Dag("12", "SUCCEED", "RUN")], Members(NodeA), afterDestroy: false);
        Assert.Equal(1, violations.Duplicates);

        var servers = Ledger(("initial", null), ("initial", null), (KeyA, null), (KeyA, null), (KeyA, null));
        violations.CheckSupernode(Where, Stack(scales: [("a-gpu", [Ids[2], Ids[3], Ids[4]]), ("a-gpu-2", [Ids[4]])]), Supernode, servers, mostAdded: 2);
        Assert.Equal(3, violations.Duplicates);
    }

    [Fact]
    public void A_server_a_user_put_in_a_status_of_their_own_removed_by_a_run_that_removes_nothing_is_lost()
    {
        var violations = new OpenWorldViolations();
        var before = Ledger(("initial", null), ("initial", null), (KeyA, null));
        var after = Ledger(("initial", null), ("initial", null), (KeyA, KeyA));
        violations.CheckNoUserDataRemoved(Where, Stack(), Supernode, before, after, new HashSet<string> { Ids[1] });
        Assert.Equal(0, violations.Lost);
        violations.CheckNoUserDataRemoved(Where, Stack(), Supernode, before, after, new HashSet<string> { Ids[2] });
        Assert.Equal(1, violations.Lost);
    }

    [Fact]
    public void A_violation_seen_again_is_counted_once()
    {
        var violations = new OpenWorldViolations();
        var servers = Ledger(("initial", KeyA));
        violations.CheckSupernode(Where, Stack(), Supernode, servers, mostAdded: 0);
        violations.CheckSupernode("seed 7 round 0 run 2", Stack(), Supernode, servers, mostAdded: 0);
        Assert.Equal(1, violations.ForeignRemoved);
    }

    private static StackView Stack(
        IReadOnlyList<(string Name, string[] Owned)>? scales = null, IReadOnlyList<(string Name, string Agent, string Zone, string DagId)>? nodes = null,
        IReadOnlyList<string>? shown = null, IReadOnlyList<string>? adopted = null, IReadOnlyList<UnreachableCreate>? unreachable = null)
    {
        var state = new Dictionary<string, ResourceState>();
        foreach (var (name, owned) in scales ?? [])
            state[name] = new ResourceState(Supernode, Props.Of(("addedServerIds", owned.ToList())), Props.Of(("supernodeId", Supernode)));
        foreach (var (name, agent, zone, dagId) in nodes ?? [])
            state[name] = new ResourceState(agent, Props.Of(("ip", FastWorld.Ip(agent)), ("obshellPort", 2886), ("zone", zone), ("dagId", dagId)),
                Props.Of(("ip", FastWorld.Ip(agent)), ("obshellPort", 2886), ("zone", zone)));
        return new StackView("A", KeyA, new HashSet<string> { A1 }, new HashSet<string> { NodeA }, state, shown ?? [], (adopted ?? []).ToHashSet(), unreachable);
    }

    /// <summary>Servers Ids[0..] of the supernode, created and removed by whom.</summary>
    private static List<ServerRecord> Ledger(params (string CreatedBy, string? RemovedBy)[] servers) =>
        servers.Select((s, i) => new ServerRecord(Supernode, Ids[i], s.CreatedBy, 1000 + i, s.RemovedBy)).ToList();

    private static ObshellRecord ScaleOut(long seq, string receivedBy, string target, string dagId) => new(seq, "scale_out", target, dagId, receivedBy);

    private static DagState Dag(string id, string state, string @operator) => new(id, "Cluster scale out", state, @operator);

    private static HashSet<string> Members(params string[] agents) => [.. agents];

    private static Dictionary<string, string> Zones(params (string Agent, string Zone)[] members) => members.ToDictionary(m => m.Agent, m => m.Zone);

    private static ProviderAsk Ask(string text) => ProviderAsks.Find("a-gpu", text) ?? throw new InvalidOperationException($"not recognised as an ask: {text}");
}
