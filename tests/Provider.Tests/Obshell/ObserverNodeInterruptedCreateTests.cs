using ClusterScale.Provider.Obshell;
using ClusterScale.Provider.Obshell.Api;
using ClusterScale.Provider.Obshell.Cluster;
using ClusterScale.Provider.Protocol;
using ClusterScale.Simulators.Obshell.Faults;

namespace ClusterScale.Provider.Tests.Obshell;

/// <summary>
/// A plugin killed after its scale_out was sent returns nothing to the engine: the next create starts from no state.
/// No DAG field names its target (spec §5) and a failed scale-out keeps the cluster lock (§6), so without the journal
/// entry the next create took its own FAILED DAG for another's and asked for an operator (found by the campaign).
/// </summary>
public sealed class ObserverNodeInterruptedCreateTests
{
    private const int AddServerStage = 7;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_create_killed_after_scale_out_resumes_its_failed_DAG_instead_of_asking_for_an_operator(bool dagIdRecorded)
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1");
        var node = ObserverNodeArgs.From(inputs);
        var dag = await KilledCreateAsync(cluster, node, dagIdRecorded);

        var created = await cluster.CreateAsync(inputs);

        Assert.Equal(node.Id, created.Id);
        Assert.NotNull(cluster.Member(agent));
        Assert.Equal(1, cluster.ScaleOutRequests); // the killed run's only: its DAG was retried, nothing sent again
        var finished = Assert.Single(cluster.Simulator.Dags);
        Assert.Equal((dag.Id, "SUCCEED"), (finished.Id, finished.State));
        Assert.Single(cluster.Simulator.Requests, r => r.Method == "POST" && r.PathAndQuery == $"/api/v1/task/dag/{dag.Id}"); // RETRY
        Assert.Contains(cluster.Progress.Lines, l => l.Contains("interrupted while adding", StringComparison.Ordinal));
        Assert.Null(new ScaleOutJournal(cluster.Journal, "urn", node.Id).Interrupted());
    }

    [Fact]
    public async Task A_resumed_DAG_whose_retry_answer_is_lost_stays_recorded_and_the_message_names_the_node()
    {
        // Found by the campaign: "lost track of DAG Cluster scale out (…)" reached the user without the node's id.
        await using var cluster = await ObshellTestCluster.StartAsync();
        var inputs = await cluster.InputsAsync(cluster.Simulator.SpareAgents[0], "zone1");
        var node = ObserverNodeArgs.From(inputs);
        var dag = await KilledCreateAsync(cluster, node, dagIdRecorded: true);
        cluster.Simulator.Faults.ActThenFail(MutatingRoute.DagOperator, AfterActing.InternalError);

        var error = await Assert.ThrowsAsync<ResourceInitFailedException>(() => cluster.CreateAsync(inputs));

        Assert.StartsWith($"adding {node.Id}: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(dag.Id, error.Outputs.Get("dagId").StringValue);
    }

    [Fact]
    public async Task The_journal_holds_the_DAG_while_the_create_runs_and_is_cleared_when_it_returns()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var inputs = await cluster.InputsAsync(cluster.Simulator.SpareAgents[0], "zone1");
        var journal = new ScaleOutJournal(cluster.Journal, "urn", ObserverNodeArgs.From(inputs).Id);
        InterruptedScaleOut? seen = null;
        cluster.Progress.OnLine = line => { if (line.StartsWith("adding", StringComparison.Ordinal)) seen ??= journal.Interrupted(); };

        await cluster.CreateAsync(inputs);

        Assert.Equal(cluster.Simulator.Dags.Single().Id, seen?.DagId);
        Assert.Null(journal.Interrupted());
    }

    [Fact]
    public async Task A_scale_out_the_agent_refuses_leaves_no_journal_entry_behind()
    {
        // A stale "scale_out sent" entry would make the next create of this node take any scale-out DAG in flight for
        // its own; a refusal (here Agent.RPC.RequestFailed: the target agent is unreachable) proves nothing was started.
        await using var cluster = await ObshellTestCluster.StartAsync();
        var inputs = await cluster.InputsAsync("10.0.0.99:2886", "zone1");
        var journal = new ScaleOutJournal(cluster.Journal, "urn", ObserverNodeArgs.From(inputs).Id);

        var error = await Assert.ThrowsAsync<OperationFailedException>(() => cluster.CreateAsync(inputs));

        Assert.Contains("Agent.RPC.RequestFailed", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, cluster.ScaleOutRequests);
        Assert.Null(journal.Interrupted());
    }

    /// <summary>What a killed run leaves: its journal entry (written before the send, with the DAG id once the answer
    /// came), and its scale-out DAG, which then failed at a node that keeps the lock.</summary>
    private static async Task<DagDetail> KilledCreateAsync(ObshellTestCluster cluster, ObserverNodeArgs node, bool dagIdRecorded)
    {
        var journal = new ScaleOutJournal(cluster.Journal, "urn", node.Id);
        var send = ScaleOutSend.At(cluster.Simulator.Options.Time.GetUtcNow());
        journal.Sending(send);
        cluster.Simulator.Faults.FailDagAtNode(AddServerStage);
        var dag = await cluster.OtherClient().ScaleOutAsync(new ScaleOutRequest(node.Agent, node.Zone, node.ObConfigs, node.TargetAgentPassword), _ => Task.CompletedTask, CancellationToken.None);
        if (dagIdRecorded) Assert.True(journal.Started(dag.Id, send, out _));
        for (var polls = 0; cluster.Simulator.Dags.Single().State != "FAILED"; polls++)
        {
            Assert.True(polls < 3000, "the killed run's DAG never failed");
            await Task.Delay(10);
        }
        return dag;
    }
}
