using ClusterScale.Provider.Obshell;
using ClusterScale.Provider.Obshell.Api;
using ClusterScale.Provider.Obshell.Cluster;
using ClusterScale.Provider.Protocol;
using ClusterScale.Simulators.Obshell;
using ClusterScale.Simulators.Obshell.Faults;
using Microsoft.Extensions.Time.Testing;

namespace ClusterScale.Provider.Tests.Obshell;

/// <summary>What each answer to a change proves (spec §2, §7, §10), and what the operation's deadline means before
/// and after the change was accepted.</summary>
public sealed class ObshellOutcomeTests
{
    [Fact]
    public async Task A_lost_scale_in_answer_while_another_scale_in_runs_is_not_taken_as_the_removal()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var (mine, other) = (cluster.Simulator.SpareAgents[0], cluster.Simulator.SpareAgents[1]);
        var inputs = await cluster.InputsAsync(mine, "zone1");
        await cluster.CreateAsync(inputs);
        await cluster.CreateAsync(await cluster.InputsAsync(other, "zone2"));
        var injected = false;
        cluster.Progress.OnLine = line =>
        {
            if (injected || !line.StartsWith($"scaling in {mine}", StringComparison.Ordinal)) return;
            injected = true;
            // Someone else removes another node just now; our request is then lost without being processed.
            var (ip, port) = ObshellTestCluster.Split(other);
            var otherClient = cluster.OtherClient();
            var receiver = otherClient.ScaleInReceiverAsync(new AgentAddress(ip, port), CancellationToken.None).GetAwaiter().GetResult();
            otherClient.ScaleInAsync(receiver, new ScaleInRequest(new AgentAddress(ip, port), false), CancellationToken.None).GetAwaiter().GetResult();
            cluster.Simulator.Faults.FailNextRequests(1, 500);
        };

        await cluster.DeleteAsync(mine, inputs, inputs);

        Assert.True(injected);
        Assert.Null(cluster.Member(mine));
        Assert.Null(cluster.Member(other));
        Assert.Equal(2, cluster.Simulator.Dags.Count(d => d.Name == "Cluster scale in" && d.State == "SUCCEED"));
    }

    [Fact]
    public async Task A_destroy_resumed_while_its_scale_in_runs_its_last_stages_waits_for_it_to_free_the_lock()
    {
        // After a kill mid scale-in, the node can already be proven gone (server and agent rows deleted, stage 4) while
        // the DAG still runs its last stage: the destroy must not return with the cluster lock still held.
        await using var cluster = await ObshellTestCluster.StartAsync(new ObshellSimulatorOptions { StageDuration = TimeSpan.FromMilliseconds(250) });
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1");
        var created = await cluster.CreateAsync(inputs);
        var (ip, port) = ObshellTestCluster.Split(agent);
        var other = cluster.OtherClient();
        await other.ScaleInAsync(await other.ScaleInReceiverAsync(new AgentAddress(ip, port), CancellationToken.None), new ScaleInRequest(new AgentAddress(ip, port), false), CancellationToken.None);
        for (var polls = 0; cluster.Simulator.Dags.Last() is not { State: "RUNNING", Stage: 5 }; polls++)
        {
            Assert.True(polls < 1000, "the scale-in never reached its last stage");
            await Task.Delay(5);
        }

        await cluster.DeleteAsync(created.Id, inputs, created.Outputs);

        Assert.Null(cluster.Member(agent));
        Assert.Equal("SUCCEED", cluster.Simulator.Dags.Last().State);
    }

    [Fact]
    public async Task A_legacy_lock_conflict_is_waited_for_without_a_resend_storm_or_an_unknown_outcome()
    {
        // Before 4.3.1 the lock conflict is 500 with code 1002 and no errCode (spec §2).
        await using var cluster = await ObshellTestCluster.StartAsync(new ObshellSimulatorOptions
            { ObshellVersion = "4.3.0.0", StageDuration = TimeSpan.FromMilliseconds(20) });
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1");
        const int races = 6; // more than the ambiguous answers the provider tolerates
        var raced = 0;
        cluster.Progress.OnLine = line =>
        {
            if (raced >= races || !line.StartsWith("scaling out", StringComparison.Ordinal)) return;
            raced++;
            cluster.Simulator.StartForeignDagAsync(TimeSpan.FromMilliseconds(50)).GetAwaiter().GetResult();
        };

        var created = await cluster.CreateAsync(inputs);

        Assert.Equal("SUCCEED", created.Outputs["dagState"].StringValue);
        var refused = cluster.Simulator.Requests.Where(r => r.PathAndQuery == "/api/v1/ob/scale_out" && r.Status == 500).ToList();
        Assert.Equal(races, refused.Count);
        Assert.Equal(races + 1, cluster.ScaleOutRequests);
        Assert.Single(cluster.Simulator.Dags, d => d.Name == "Cluster scale out");
        Assert.NotNull(cluster.Member(agent));
    }

    [Fact]
    public async Task An_auth_failure_while_polling_our_own_DAG_is_partial_state_with_the_DAG()
    {
        await using var cluster = await ObshellTestCluster.StartAsync(new ObshellSimulatorOptions
            { RootPassword = "pw", StageDuration = TimeSpan.FromMilliseconds(50) });
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1");
        cluster.Progress.OnLine = line =>
        {
            // The agents' clocks jump once our DAG runs: every request is now refused as expired (401).
            if (line.StartsWith($"adding {agent}: stage", StringComparison.Ordinal)) cluster.Simulator.Faults.ClockSkew(TimeSpan.FromHours(2));
        };

        var partial = await Assert.ThrowsAsync<ResourceInitFailedException>(() => cluster.CreateAsync(inputs));

        var dag = Assert.Single(cluster.Simulator.Dags, d => d.Name == "Cluster scale out");
        Assert.Equal(dag.Id, partial.Outputs["dagId"].StringValue);
        Assert.NotEqual("SUCCEED", partial.Outputs["dagState"].StringValue);
        Assert.Contains("Security.Authentication.Expired", partial.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deadline_spent_waiting_for_the_in_process_lock_fails_cleanly_saying_nothing_was_sent()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var clusterLock = cluster.Connection.Cluster().OperationLock;
        await clusterLock.WaitAsync(); // another operation on this cluster holds it
        try
        {
            var create = cluster.CreateAsync(inputs, TimeSpan.FromMinutes(5), time: time);
            time.Advance(TimeSpan.FromMinutes(6));

            var error = await Assert.ThrowsAsync<OperationFailedException>(() => create);

            Assert.Contains("nothing was sent", error.Message, StringComparison.Ordinal);
            Assert.Contains("5 min", error.Message, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"-\d", error.Message);
            Assert.Equal(0, cluster.ScaleOutRequests);
        }
        finally
        {
            clusterLock.Release();
        }
    }

    [Fact]
    public async Task Cancelled_after_the_DAG_succeeded_while_reading_the_topology_keeps_the_DAG_and_update_finishes_without_a_second_scale_out()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1");
        using var engine = new CancellationTokenSource();
        cluster.Progress.OnLine = line =>
        {
            if (line.Contains("succeeded; reading the cluster topology", StringComparison.Ordinal)) engine.Cancel();
        };

        var partial = await Assert.ThrowsAsync<ResourceInitFailedException>(() => cluster.CreateAsync(inputs, cancellation: engine.Token));

        var dag = Assert.Single(cluster.Simulator.Dags);
        Assert.Equal("SUCCEED", dag.State);
        Assert.Equal(dag.Id, partial.Outputs["dagId"].StringValue);
        Assert.NotEqual("SUCCEED", partial.Outputs["dagState"].StringValue);

        cluster.Progress.OnLine = null;
        var diff = await cluster.Node.DiffAsync(new DiffInput(agent, "urn", partial.Outputs, partial.Inputs, inputs, []), CancellationToken.None);
        Assert.True(diff.HasChanges);
        Assert.Empty(diff.Replaces);
        var outputs = await cluster.Node.UpdateAsync(new UpdateInput(agent, "urn", partial.Outputs, partial.Inputs, inputs, false, null, []), cluster.Context());
        Assert.Equal("SUCCEED", outputs["dagState"].StringValue);
        Assert.Equal(dag.Id, outputs["dagId"].StringValue);
        Assert.Equal(1, cluster.ScaleOutRequests);
    }

    [Theory]
    [InlineData(AfterActing.InternalError)]
    [InlineData(AfterActing.GatewayTimeout)]
    [InlineData(AfterActing.ResetConnection)]
    public async Task A_scale_out_that_acted_then_failed_adds_the_node_once(AfterActing answer)
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1");
        cluster.Simulator.Faults.ActThenFail(MutatingRoute.ScaleOut, answer, count: 2); // a resend would fail the same way

        var created = await cluster.CreateAsync(inputs);

        Assert.Equal("SUCCEED", created.Outputs["dagState"].StringValue);
        Assert.Single(cluster.Simulator.Dags, d => d.Name == "Cluster scale out");
        Assert.Single(cluster.Simulator.Members, m => m.Agent == agent);
    }
}
