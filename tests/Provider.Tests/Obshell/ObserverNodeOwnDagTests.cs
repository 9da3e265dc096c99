using ClusterScale.Provider.Journal;
using ClusterScale.Provider.Obshell;
using ClusterScale.Provider.Obshell.Api;
using ClusterScale.Provider.Obshell.Cluster;
using ClusterScale.Provider.Protocol;
using ClusterScale.Simulators.Obshell;
using ClusterScale.Simulators.Obshell.Faults;

namespace ClusterScale.Provider.Tests.Obshell;

/// <summary>
/// Destroy finishes or undoes its own scale-out DAG first, adoption compares the zone, and a DAG without a recorded
/// id is never taken as ours by its name (issue 20, "Only its own DAG, and never around it").
/// </summary>
public sealed class ObserverNodeOwnDagTests
{
    private const int AddServerStage = 7;
    private const int SetScalingInStage = 2;
    /// <summary>The last node of "Cluster scale in": the node is out of the topology by then.</summary>
    private const int LastScaleInStage = 5;
    /// <summary>The last node of a scale-out into an existing zone, "Check cluster scale_out whether finished": the
    /// node is a member by then.</summary>
    private const int CheckFinishedStage = 9;

    [Fact]
    public async Task A_destroy_while_its_own_scale_out_still_runs_waits_for_it_and_removes_the_node()
    {
        // Reproduced: destroy returned ok at once (the node was not yet in the agent table); the node joined later,
        // owned by no resource.
        await using var cluster = await ObshellTestCluster.StartAsync(new ObshellSimulatorOptions { StageDuration = TimeSpan.FromMilliseconds(150) });
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1");
        var partial = await InterruptedCreateAsync(cluster, agent, inputs);
        Assert.Null(cluster.Member(agent));

        await cluster.DeleteAsync(agent, partial.Inputs, partial.Outputs);

        Assert.All(cluster.Simulator.Dags, d => Assert.Equal("SUCCEED", d.State));
        Assert.Null(cluster.Member(agent));
        Assert.Contains(cluster.Simulator.Dags, d => d.Name == "Cluster scale in");
    }

    [Fact]
    public async Task A_destroy_of_a_node_whose_scale_out_failed_under_leave_rolls_it_back_and_frees_the_lock()
    {
        // Reproduced: destroy reported ok and left the FAILED DAG holding the cluster lock; the next unrelated create
        // failed "cluster is locked by DAG …".
        await using var cluster = await ObshellTestCluster.StartAsync();
        var (agent, other) = (cluster.Simulator.SpareAgents[0], cluster.Simulator.SpareAgents[1]);
        var inputs = await cluster.InputsAsync(agent, "zone1", f => f["failurePolicy"] = PropertyValue.From("leave"));
        cluster.Simulator.Faults.FailDagAtNode(AddServerStage);
        var partial = await Assert.ThrowsAsync<ResourceInitFailedException>(() => cluster.CreateAsync(inputs));

        await cluster.DeleteAsync(agent, partial.Inputs, partial.Outputs);

        var dag = Assert.Single(cluster.Simulator.Dags);
        Assert.Equal(("SUCCEED", "ROLLBACK"), (dag.State, dag.Operator));
        Assert.Null(cluster.Member(agent));
        await cluster.CreateAsync(await cluster.InputsAsync(other, "zone2"));
        Assert.NotNull(cluster.Member(other));
    }

    [Fact]
    public async Task A_zone_change_after_an_interrupted_create_never_adopts_the_node_into_the_wrong_zone()
    {
        // Reproduced: the replace (delete first) returned at once and the new create adopted the node the old DAG
        // finished adding into zone1 while state said zone3.
        await using var cluster = await ObshellTestCluster.StartAsync(new ObshellSimulatorOptions { StageDuration = TimeSpan.FromMilliseconds(150) });
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1");
        var partial = await InterruptedCreateAsync(cluster, agent, inputs);

        await cluster.DeleteAsync(agent, partial.Inputs, partial.Outputs);
        var created = await cluster.CreateAsync(await cluster.InputsAsync(agent, "zone3"));

        Assert.Equal("zone3", cluster.Member(agent)?.Zone);
        Assert.Equal("zone3", created.Outputs["zone"].StringValue);
    }

    [Fact]
    public async Task A_member_at_the_declared_address_in_another_zone_is_not_adopted()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var member = cluster.Simulator.Members[0];
        var declared = member.Zone == "zone2" ? "zone3" : "zone2";

        var error = await Assert.ThrowsAsync<OperationFailedException>(async () => await cluster.CreateAsync(await cluster.InputsAsync(member.Agent, declared)));

        Assert.Contains($"'{member.Zone}'", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{declared}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(member.Agent, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, cluster.ScaleOutRequests);
    }

    [Fact]
    public async Task After_a_killed_send_a_member_node_is_adopted_and_another_stacks_failed_DAG_is_never_touched()
    {
        // Reproduced: journal "sent" without a dagId; the next run took another stack's FAILED scale-out DAG as its
        // own, sent it RETRY and ROLLBACK, and failed saying nothing changed while the node was a member.
        await using var cluster = await ObshellTestCluster.StartAsync();
        var (agent, foreign) = (cluster.Simulator.SpareAgents[0], cluster.Simulator.SpareAgents[1]);
        var inputs = await cluster.InputsAsync(agent, "zone1");
        var node = ObserverNodeArgs.From(inputs);
        await cluster.CreateAsync(inputs); // our node joined (the killed run's DAG finished)
        JournalSendNow(cluster, node.Id);
        var foreignDag = await FailedForeignScaleOutAsync(cluster, foreign);

        var adopted = await cluster.CreateAsync(inputs);

        Assert.Equal(node.Id, adopted.Id);
        Assert.DoesNotContain(cluster.Simulator.Requests, OperatorTo(foreignDag));
        Assert.Equal("FAILED", cluster.Simulator.Dags.Single(d => d.Id == foreignDag).State);
    }

    [Fact]
    public async Task After_a_killed_send_a_failed_DAG_that_started_before_the_send_is_not_ours()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var (agent, foreign) = (cluster.Simulator.SpareAgents[0], cluster.Simulator.SpareAgents[1]);
        var inputs = await cluster.InputsAsync(agent, "zone1");
        var foreignDag = await FailedForeignScaleOutAsync(cluster, foreign);
        // The killed run sent its scale_out a few seconds after the other stack's DAG started (more than the clock tolerance).
        var sentAt = cluster.Simulator.Options.Time.GetUtcNow() + ScaleOutSend.ClockTolerance + TimeSpan.FromSeconds(3);
        new ScaleOutJournal(cluster.Journal, "urn", ObserverNodeArgs.From(inputs).Id).Sending(ScaleOutSend.At(sentAt));

        var error = await Assert.ThrowsAsync<OperationFailedException>(() => cluster.CreateAsync(inputs));

        Assert.Contains(foreignDag, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(cluster.Simulator.Requests, OperatorTo(foreignDag));
        Assert.Null(cluster.Member(agent));
    }

    [Fact]
    public async Task A_scale_in_whose_answer_was_lost_and_that_failed_past_Delete_observer_is_known_by_the_nodes_DELETING_server()
    {
        // Open-world campaign (seed 728798045 round 22): the scale_in answer was lost (or the run died on another
        // machine), so no id was recorded; the DAG FAILED at stage 2 "Set agent to 'SCALING IN'" holding the lock, no
        // log names the node, and the destroy stopped on "the cluster is locked by DAG Cluster scale in". Its first node
        // "Delete observer" had marked this node's server DELETING: only a scale-in of this node does that, and only
        // one scale-in FAILED past that node can exist (it keeps the lock).
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1");
        var created = await cluster.CreateAsync(inputs);
        cluster.Simulator.Faults.FailDagAtNode(SetScalingInStage);
        cluster.Simulator.Faults.ActThenFail(MutatingRoute.ScaleIn, AfterActing.InternalError);

        await cluster.DeleteAsync(created.Id, inputs, created.Outputs);

        Assert.Null(cluster.Member(agent));
        Assert.All(cluster.Simulator.Dags, d => Assert.Equal("SUCCEED", d.State));
    }

    [Fact]
    public async Task A_scale_in_of_ours_that_OceanBase_refused_is_left_as_it_is_and_the_next_destroy_sends_a_new_one()
    {
        // Open-world campaign (seed 937986907 round 5): the next destroy sent RETRY to its recorded scale-in that had
        // FAILED at "Delete observer" (which gave the lock back); RETRY needs the lock again, another DAG held it, and
        // the refusal ended the destroy. That DAG changed nothing and holds nothing.
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1");
        var created = await cluster.CreateAsync(inputs);
        cluster.Simulator.Faults.FailDagAtNode(1);
        await Assert.ThrowsAsync<OperationFailedException>(() => cluster.DeleteAsync(created.Id, inputs, created.Outputs));
        var refused = cluster.Simulator.Dags.Single(d => d.Name == ScaleIn.DagName).Id;
        await cluster.Simulator.StartForeignDagAsync(TimeSpan.FromMilliseconds(300));

        await cluster.DeleteAsync(created.Id, inputs, created.Outputs);

        Assert.Null(cluster.Member(agent));
        Assert.DoesNotContain(cluster.Simulator.Requests, OperatorTo(refused));
    }

    [Fact]
    public async Task After_a_killed_send_another_agents_failed_scale_out_started_within_the_send_window_is_never_operated_on()
    {
        // Open-world campaign (seed 905949803): an operator's scale-out of another agent started while our killed run's
        // scale_out was in flight (which may never have reached the agent); taken for ours by its start time, it got
        // RETRY and ROLLBACK. Its logs name its target from node 2 on: not this node, so not ours.
        await using var cluster = await ObshellTestCluster.StartAsync();
        var (agent, foreign) = (cluster.Simulator.SpareAgents[0], cluster.Simulator.SpareAgents[1]);
        var inputs = await cluster.InputsAsync(agent, "zone1");
        JournalSendNow(cluster, ObserverNodeArgs.From(inputs).Id);
        var foreignDag = await FailedForeignScaleOutAsync(cluster, foreign);

        var error = await Assert.ThrowsAsync<OperationFailedException>(() => cluster.CreateAsync(inputs));

        Assert.Contains($"locked by DAG Cluster scale out ({foreignDag})", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(cluster.Simulator.Requests, OperatorTo(foreignDag));
        Assert.Null(cluster.Member(agent));
    }

    [Fact]
    public async Task A_destroy_after_a_killed_send_never_rolls_back_another_agents_scale_out_started_within_the_send_window()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var (agent, foreign) = (cluster.Simulator.SpareAgents[0], cluster.Simulator.SpareAgents[1]);
        var inputs = await cluster.InputsAsync(agent, "zone1");
        var id = ObserverNodeArgs.From(inputs).Id;
        JournalSendNow(cluster, id);
        var foreignDag = await FailedForeignScaleOutAsync(cluster, foreign);

        await cluster.DeleteAsync(id, inputs, inputs);

        Assert.DoesNotContain(cluster.Simulator.Requests, OperatorTo(foreignDag));
        Assert.Equal("FAILED", cluster.Simulator.Dags.Single(d => d.Id == foreignDag).State);
    }

    [Fact]
    public async Task After_a_killed_send_a_scale_out_that_failed_before_naming_its_target_is_cannot_tell_and_never_operated_on()
    {
        // Failed at node 1 (an invalid port, as operators' scale-outs in the campaign often do): its logs name no target,
        // and its start time within our send window proves nothing (our request may never have reached the agent).
        await using var cluster = await ObshellTestCluster.StartAsync();
        var (agent, foreign) = (cluster.Simulator.SpareAgents[0], cluster.Simulator.SpareAgents[1]);
        var inputs = await cluster.InputsAsync(agent, "zone1");
        JournalSendNow(cluster, ObserverNodeArgs.From(inputs).Id);
        var foreignDag = await FailedForeignScaleOutAsync(cluster, foreign, failAt: 1);

        var error = await Assert.ThrowsAsync<OperationFailedException>(() => cluster.CreateAsync(inputs));

        Assert.Contains("cannot tell", error.Message, StringComparison.Ordinal);
        Assert.Contains(foreignDag, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(cluster.Simulator.Requests, OperatorTo(foreignDag));
    }

    [Fact]
    public async Task After_a_killed_send_the_failed_scale_out_whose_logs_name_the_node_is_ours_and_resumed()
    {
        // The killed run's DAG: no id arrived, and an operator's action reset its start time; its logs name this node.
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1");
        new ScaleOutJournal(cluster.Journal, "urn", ObserverNodeArgs.From(inputs).Id).Sending(ScaleOutSend.At(cluster.Simulator.Options.Time.GetUtcNow() - TimeSpan.FromHours(1)));
        var dag = await FailedForeignScaleOutAsync(cluster, agent, "zone1");

        var created = await cluster.CreateAsync(inputs);

        Assert.Equal(dag, created.Outputs["dagId"].StringValue);
        Assert.Equal("zone1", cluster.Member(agent)?.Zone);
        Assert.Equal(1, cluster.ScaleOutRequests);
    }

    [Fact]
    public async Task A_member_whose_own_scale_out_failed_after_it_joined_is_not_adopted_around_that_DAG()
    {
        // Open-world campaign (round seed 1295322393, lost): a create's run died where no journal of it is left; its
        // scale-out FAILED at its last stage, the node already a member, the DAG holding the lock. The next create
        // adopted the member (membership first) and left the DAG; the lock error asked its owner to resolve it, a
        // ROLLBACK took the node out, and the state still said member. The DAG's logs name this node: it is this
        // node's, so it is finished and recorded.
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1");
        var dag = await FailedForeignScaleOutAsync(cluster, agent, "zone1", failAt: CheckFinishedStage);
        Assert.NotNull(cluster.Member(agent));

        var created = await cluster.CreateAsync(inputs);

        Assert.Equal(dag, created.Outputs["dagId"].StringValue);
        Assert.Equal("SUCCEED", cluster.Simulator.Dags.Single(d => d.Id == dag).State);
        Assert.Equal(1, cluster.ScaleOutRequests);
    }

    [Fact]
    public async Task A_scale_in_OceanBase_refuses_reports_its_reason_naming_the_node_and_the_node_stays()
    {
        // The DAG is accepted and fails at "Delete observer", which gives the lock back (Corrections 2026-12-05):
        // nothing changed, so nothing is rolled back (the rollback would take the lock again to undo nothing).
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1");
        var created = await cluster.CreateAsync(inputs);
        cluster.Simulator.RefuseDelete(agent, "the server holds units that have nowhere to move");

        var error = await Assert.ThrowsAsync<OperationFailedException>(() => cluster.DeleteAsync(agent, inputs, created.Outputs));

        Assert.Contains(agent, error.Message, StringComparison.Ordinal);
        Assert.Contains("nowhere to move", error.Message, StringComparison.Ordinal);
        Assert.Contains("refused", error.Message, StringComparison.Ordinal);
        Assert.NotNull(cluster.Member(agent));
        Assert.DoesNotContain(cluster.Simulator.Ledger, e => e.Route.StartsWith("dag:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task On_another_machine_a_destroy_of_a_node_whose_scale_out_answer_was_lost_stops_at_a_failed_scale_out_naming_no_target()
    {
        // Open-world campaign (seed 1407350167 round 45, held_locks): a create's scale_out answer was lost and the DAG
        // FAILED at node 1, before its logs named a target; the engine recorded the outcome as unknown. A destroy on a
        // fresh runner (no journal) called the node removed while that DAG, maybe its scale-out, held the cluster lock.
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1");
        var outcomeUnknown = ObserverNodeState.Unfinished(inputs, null, PropertyMap.Empty);
        var dag = await FailedForeignScaleOutAsync(cluster, agent, "zone1", failAt: 1);

        var error = await Assert.ThrowsAsync<OperationFailedException>(() => cluster.DeleteAsync(agent, inputs, outcomeUnknown));

        Assert.Contains("cannot tell", error.Message, StringComparison.Ordinal);
        Assert.Contains(dag, error.Message, StringComparison.Ordinal);
        Assert.Contains("stays in state", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(cluster.Simulator.Ledger, e => e.Route.StartsWith("dag:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refresh_keeps_a_node_whose_scale_out_answer_was_lost_while_a_failed_scale_out_naming_no_target_may_add_it()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1");
        var outcomeUnknown = ObserverNodeState.Unfinished(inputs, null, PropertyMap.Empty);
        await FailedForeignScaleOutAsync(cluster, agent, "zone1", failAt: 1);

        var read = await cluster.ReadAsync(agent, outcomeUnknown, inputs);

        Assert.Equal(outcomeUnknown, read?.Outputs);
    }

    [Fact]
    public async Task A_destroy_of_a_node_whose_scale_out_answer_was_lost_ends_when_no_scale_out_may_be_its_own()
    {
        // The other side of the two above: a FAILED scale-out whose logs name another agent is never this node's.
        await using var cluster = await ObshellTestCluster.StartAsync();
        var (agent, foreign) = (cluster.Simulator.SpareAgents[0], cluster.Simulator.SpareAgents[1]);
        var inputs = await cluster.InputsAsync(agent, "zone1");
        var foreignDag = await FailedForeignScaleOutAsync(cluster, foreign);

        await cluster.DeleteAsync(agent, inputs, ObserverNodeState.Unfinished(inputs, null, PropertyMap.Empty));

        Assert.Null(cluster.Member(agent));
        Assert.Null(await cluster.ReadAsync(agent, ObserverNodeState.Unfinished(inputs, null, PropertyMap.Empty), inputs));
        Assert.DoesNotContain(cluster.Simulator.Requests, OperatorTo(foreignDag));
    }

    [Fact]
    public async Task On_another_machine_a_failed_scale_out_that_names_no_target_is_named_with_how_to_adopt_or_resolve_it()
    {
        // A fresh journal, and the DAG failed at node 1, before its logs named a target: nothing ties it to this node,
        // so it is not touched; the error says what to do.
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var dag = await FailedForeignScaleOutAsync(cluster, agent, "zone1", failAt: 1);

        var error = await Assert.ThrowsAsync<OperationFailedException>(async () => await cluster.CreateAsync(await cluster.InputsAsync(agent, "zone1")));

        Assert.Contains(dag, error.Message, StringComparison.Ordinal);
        Assert.Contains("RETRY", error.Message, StringComparison.Ordinal);
        Assert.Contains("adopts", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(cluster.Simulator.Ledger, e => e.Route.StartsWith("dag:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task On_another_machine_a_destroy_rolls_back_the_failed_scale_out_whose_logs_name_the_node()
    {
        // Open-world campaign (seed 1166077463 round 1): the create's run died where no journal of it is left (another
        // machine), its scale-out FAILED at node 9 holding the lock, and every destroy stopped on "the cluster is
        // locked by DAG Cluster scale out"; the user gave up with the DAG still holding the lock. Its logs name the node.
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1");
        var dag = await FailedForeignScaleOutAsync(cluster, agent, "zone1");

        await cluster.DeleteAsync(ObserverNodeArgs.From(inputs).Id, inputs, inputs);

        Assert.Equal(("SUCCEED", "ROLLBACK"), (cluster.Simulator.Dags.Single(d => d.Id == dag).State, cluster.Simulator.Dags.Single(d => d.Id == dag).Operator));
        Assert.Null(cluster.Member(agent));
    }

    [Fact]
    public async Task A_journalled_send_whose_window_is_over_with_no_DAG_in_it_expires()
    {
        // The killed run sent ten minutes ago (agent clock) and no DAG started then: the entry can no longer match
        // anything, so it is dropped instead of standing for ever.
        await using var cluster = await ObshellTestCluster.StartAsync();
        var (agent, foreign) = (cluster.Simulator.SpareAgents[0], cluster.Simulator.SpareAgents[1]);
        var inputs = await cluster.InputsAsync(agent, "zone1");
        var journal = new ScaleOutJournal(cluster.Journal, "urn", ObserverNodeArgs.From(inputs).Id);
        journal.Sending(ScaleOutSend.At(cluster.Simulator.Options.Time.GetUtcNow() - TimeSpan.FromMinutes(10)));
        var foreignDag = await FailedForeignScaleOutAsync(cluster, foreign);

        var error = await Assert.ThrowsAsync<OperationFailedException>(() => cluster.CreateAsync(inputs));

        Assert.Contains($"locked by DAG Cluster scale out ({foreignDag})", error.Message, StringComparison.Ordinal);
        Assert.Null(journal.Interrupted());
    }

    [Fact]
    public async Task A_destroy_whose_scale_in_fails_under_leave_rolls_it_back_so_no_DAG_of_ours_holds_the_lock()
    {
        // Open-world campaign (seed 753582783): the scale-in FAILED at stage 2 and the destroy ended with it holding the
        // cluster lock. failurePolicy is about the scale-out; a destroy never leaves its own DAG holding the lock.
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1", f => f["failurePolicy"] = PropertyValue.From("leave"));
        var created = await cluster.CreateAsync(inputs);
        cluster.Simulator.Faults.FailDagAtNode(SetScalingInStage);

        var error = await Assert.ThrowsAsync<OperationFailedException>(() => cluster.DeleteAsync(created.Id, inputs, created.Outputs));

        Assert.Contains(agent, error.Message, StringComparison.Ordinal);
        Assert.Contains("rolled back", error.Message, StringComparison.Ordinal);
        var scaleIn = cluster.Simulator.Dags.Single(d => d.Name == ScaleIn.DagName);
        Assert.Equal(("SUCCEED", "ROLLBACK"), (scaleIn.State, scaleIn.Operator));
        Assert.NotNull(cluster.Member(agent));
    }

    [Fact]
    public async Task A_destroy_after_one_interrupted_during_its_scale_in_knows_that_DAG_by_its_journalled_id()
    {
        // Open-world campaign (seed 753582783): the scale-in an interrupted destroy started FAILED at stage 2 "Set agent
        // to 'SCALING IN'" (the agent never turned SCALING IN, no log names the node), so the next destroy took it for
        // another's and stopped on "the cluster is locked by DAG Cluster scale in"; nothing ever released the lock.
        await using var cluster = await ObshellTestCluster.StartAsync(new ObshellSimulatorOptions { StageDuration = TimeSpan.FromMilliseconds(150) });
        var (inputs, created, scaleIn) = await DestroyCutShortWhileItsScaleInFailsAsync(cluster, SetScalingInStage);

        await new ObserverNode(cluster.Connection, cluster.Journal).DeleteAsync(new DeleteInput(created.Id, "urn", created.Outputs, inputs, null), cluster.Context());

        Assert.Null(cluster.Member(created.Id));
        Assert.All(cluster.Simulator.Dags, d => Assert.Equal("SUCCEED", d.State));
        Assert.Contains(cluster.Simulator.Requests, OperatorTo(scaleIn));
        Assert.Empty(cluster.Journal.List());
    }

    [Fact]
    public async Task A_refresh_on_another_machine_keeps_a_node_whose_cut_short_scale_in_still_holds_the_lock_and_the_next_destroy_finishes_it()
    {
        // Open-world campaign (seed 1573798452 round 7, held_locks): a destroy was cut short (the CLI died) while its
        // scale-in ran; on a fresh runner the user refreshed, the node was no longer a member, so the refresh dropped
        // it, and the scale-in FAILED at its last stage holding the cluster lock with no resource left to finish it.
        await using var cluster = await ObshellTestCluster.StartAsync(new ObshellSimulatorOptions { StageDuration = TimeSpan.FromMilliseconds(150) });
        var (inputs, created, _) = await DestroyCutShortWhileItsScaleInFailsAsync(cluster, LastScaleInStage);
        Assert.Null(cluster.Member(created.Id));
        var otherMachine = OnAnotherMachine(cluster);

        var refreshed = await otherMachine.ReadAsync(new ReadInput(created.Id, "urn", created.Outputs, inputs), cluster.Context());
        Assert.Equal(ObserverNodeState.Removing(created.Outputs), refreshed?.Outputs);
        await otherMachine.DeleteAsync(new DeleteInput(created.Id, "urn", refreshed!.Outputs, inputs, null), cluster.Context());

        Assert.All(cluster.Simulator.Dags, d => Assert.Equal("SUCCEED", d.State));
        Assert.Null(await otherMachine.ReadAsync(new ReadInput(created.Id, "urn", refreshed.Outputs, inputs), cluster.Context()));
    }

    [Fact]
    public async Task A_node_still_declared_whose_cut_short_scale_in_holds_the_lock_is_added_again_by_the_next_up_once_that_DAG_is_finished()
    {
        await using var cluster = await ObshellTestCluster.StartAsync(new ObshellSimulatorOptions { StageDuration = TimeSpan.FromMilliseconds(150) });
        var (inputs, created, _) = await DestroyCutShortWhileItsScaleInFailsAsync(cluster, LastScaleInStage);
        Assert.Null(cluster.Member(created.Id));
        var otherMachine = OnAnotherMachine(cluster);
        var refreshed = (await otherMachine.ReadAsync(new ReadInput(created.Id, "urn", created.Outputs, inputs), cluster.Context()))!.Outputs;

        var diff = await otherMachine.DiffAsync(new DiffInput(created.Id, "urn", refreshed, inputs, inputs, []), CancellationToken.None);
        var updated = await otherMachine.UpdateAsync(new UpdateInput(created.Id, "urn", refreshed, inputs, inputs, false, null, []), cluster.Context());

        Assert.True(diff.HasChanges);
        Assert.Equal("SUCCEED", updated["dagState"].StringValue);
        Assert.Equal("zone1", cluster.Member(created.Id)?.Zone);
        Assert.All(cluster.Simulator.Dags, d => Assert.Equal("SUCCEED", d.State));
        Assert.Equal(2, cluster.ScaleOutRequests);
    }

    /// <summary>A node created, then a destroy of it cut short (Ctrl-C) once its scale-in runs; that scale-in FAILS at
    /// <paramref name="stage"/>: the node's inputs, its create, and the scale-in's id.</summary>
    private static async Task<(PropertyMap Inputs, CreateResult Created, string ScaleIn)> DestroyCutShortWhileItsScaleInFailsAsync(ObshellTestCluster cluster, int stage)
    {
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1");
        var created = await cluster.CreateAsync(inputs);
        cluster.Simulator.Faults.FailDagAtNode(stage);
        using var cancel = new CancellationTokenSource();
        cluster.Progress.OnLine = line => { if (line.StartsWith($"removing {agent}: stage", StringComparison.Ordinal)) cancel.Cancel(); };
        await Assert.ThrowsAsync<OperationFailedException>(() => cluster.DeleteAsync(created.Id, inputs, created.Outputs, cancel.Token));
        cluster.Progress.OnLine = null;
        var scaleIn = cluster.Simulator.Dags.Single(d => d.Name == ScaleIn.DagName).Id;
        for (var polls = 0; cluster.Simulator.Dags.Single(d => d.Id == scaleIn).State != "FAILED"; polls++)
        {
            Assert.True(polls < 3000, "the scale-in never failed");
            await Task.Delay(10);
        }
        return (inputs, created, scaleIn);
    }

    /// <summary>The same provider on a fresh runner: its own, empty journal.</summary>
    private static ObserverNode OnAnotherMachine(ObshellTestCluster cluster) =>
        new(cluster.Connection, new OperationJournal(Path.Combine(Directory.CreateTempSubdirectory("clusterscale-other-machine-").FullName, "journal")));

    [Fact]
    public async Task Refresh_reports_the_zone_the_node_is_in_so_the_drift_shows()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var created = await cluster.CreateAsync(await cluster.InputsAsync(agent, "zone1"));
        var recorded = await cluster.InputsAsync(agent, "zone3");

        var read = await cluster.ReadAsync(agent, created.Outputs.With("zone", PropertyValue.From("zone3")), recorded);

        Assert.Equal("zone1", read?.Inputs["zone"].StringValue);
        Assert.Equal("zone1", read?.Outputs["zone"].StringValue);
    }

    /// <summary>A create whose run stopped early in its DAG (partial state, dagId recorded); its DAG keeps running.</summary>
    private static async Task<ResourceInitFailedException> InterruptedCreateAsync(ObshellTestCluster cluster, string agent, PropertyMap inputs)
    {
        using var cancel = new CancellationTokenSource();
        cluster.Progress.OnLine = line => { if (line.StartsWith($"adding {agent}: stage", StringComparison.Ordinal)) cancel.Cancel(); };
        var partial = await Assert.ThrowsAsync<ResourceInitFailedException>(() => cluster.CreateAsync(inputs, cancellation: cancel.Token));
        cluster.Progress.OnLine = null;
        Assert.NotEqual("", partial.Outputs["dagId"].StringValue);
        return partial;
    }

    /// <summary>A killed run's journalled scale_out send, its window opening now on the agent's clock.</summary>
    private static void JournalSendNow(ObshellTestCluster cluster, string nodeId) =>
        new ScaleOutJournal(cluster.Journal, "urn", nodeId).Sending(ScaleOutSend.At(cluster.Simulator.Options.Time.GetUtcNow()));

    /// <summary>A DAG operator (RETRY, ROLLBACK, ...) sent to <paramref name="dagId"/>.</summary>
    private static Predicate<RecordedRequest> OperatorTo(string dagId) => r => r.Method == "POST" && r.PathAndQuery == $"/api/v1/task/dag/{dagId}";

    /// <summary>Another stack's scale-out of <paramref name="agent"/> that FAILED (left for its operator, holding the lock).</summary>
    private static async Task<string> FailedForeignScaleOutAsync(ObshellTestCluster cluster, string agent, string zone = "zone2", int failAt = AddServerStage)
    {
        cluster.Simulator.Faults.FailDagAtNode(failAt);
        var (ip, port) = ObshellTestCluster.Split(agent);
        var dag = await cluster.OtherClient().ScaleOutAsync(new ScaleOutRequest(new AgentAddress(ip, port), zone, new Dictionary<string, string>(), ""), _ => Task.CompletedTask, CancellationToken.None);
        for (var polls = 0; cluster.Simulator.Dags.Single(d => d.Id == dag.Id).State != "FAILED"; polls++)
        {
            Assert.True(polls < 3000, "the foreign DAG never failed");
            await Task.Delay(10);
        }
        return dag.Id;
    }
}
