using ClusterScale.Provider.Obshell;
using ClusterScale.Provider.Protocol;
using ClusterScale.Simulators.Obshell;
using Microsoft.Extensions.Time.Testing;

namespace ClusterScale.Provider.Tests.Obshell;

/// <summary>DAG failures, failure policies, interrupted waits and resumption: nothing lost, nothing added twice.</summary>
public sealed class ObserverNodeFailureTests
{
    [Fact]
    public async Task A_failed_DAG_is_rolled_back_by_default_and_the_error_names_the_node_and_its_logs()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        cluster.Simulator.Faults.FailDagAtNode(2);

        var error = await Assert.ThrowsAsync<OperationFailedException>(async () => await cluster.CreateAsync(await cluster.InputsAsync(agent, "zone1")));

        Assert.Contains($"scale-out of {agent} failed and was rolled back", error.Message, StringComparison.Ordinal);
        Assert.Contains("stage 2/9 'Create local scale out dag'", error.Message, StringComparison.Ordinal);
        Assert.Matches(@"\[10\.0\.0\.\d+:2886\] Create local scale out dag: \S", error.Message);
        var dag = Assert.Single(cluster.Simulator.Dags);
        Assert.Equal(("SUCCEED", "ROLLBACK"), (dag.State, dag.Operator));
        Assert.Null(cluster.Member(agent));

        // The lock was released: the next attempt goes through.
        await cluster.CreateAsync(await cluster.InputsAsync(agent, "zone1"));
        Assert.NotNull(cluster.Member(agent));
    }

    [Fact]
    public async Task With_leave_the_failed_DAG_stays_and_the_next_up_retries_it_without_a_second_scale_out()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1", f => f["failurePolicy"] = PropertyValue.From("leave"));
        cluster.Simulator.Faults.FailDagAtNode(5);

        var partial = await Assert.ThrowsAsync<ResourceInitFailedException>(() => cluster.CreateAsync(inputs));

        Assert.Equal(agent, partial.Id);
        Assert.Equal("FAILED", partial.Outputs["dagState"].StringValue);
        Assert.Contains("'Wait remote start finish'", partial.Message, StringComparison.Ordinal);
        Assert.Contains("left for an operator", partial.Message, StringComparison.Ordinal);
        Assert.Equal("FAILED", cluster.Simulator.Dags.Single().State);

        // The engine now diffs the recorded state: an unfinished create is a change, so it calls Update, which retries.
        var diff = await cluster.Node.DiffAsync(new DiffInput(agent, "urn", partial.Outputs, partial.Inputs, inputs, []), CancellationToken.None);
        Assert.True(diff.HasChanges);
        Assert.Empty(diff.Replaces);
        var outputs = await cluster.Node.UpdateAsync(new UpdateInput(agent, "urn", partial.Outputs, partial.Inputs, inputs, false, null, []), cluster.Context());

        Assert.Equal("SUCCEED", outputs["dagState"].StringValue);
        Assert.Equal(partial.Outputs["dagId"], outputs["dagId"]);
        Assert.Equal(1, cluster.ScaleOutRequests);
        Assert.Equal(("SUCCEED", "RUN"), (cluster.Simulator.Dags.Single().State, cluster.Simulator.Dags.Single().Operator));
        Assert.Contains(cluster.Simulator.Requests, r => r.Method == "POST" && r.PathAndQuery == $"/api/v1/task/dag/{partial.Outputs["dagId"].StringValue}");
        Assert.NotNull(cluster.Member(agent));
    }

    [Fact]
    public async Task A_rollback_is_never_reported_as_success_and_a_rolled_back_node_is_gone_on_refresh()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1", f => f["failurePolicy"] = PropertyValue.From("leave"));
        cluster.Simulator.Faults.FailDagAtNode(3);
        var partial = await Assert.ThrowsAsync<ResourceInitFailedException>(() => cluster.CreateAsync(inputs));
        Assert.NotNull(await cluster.ReadAsync(agent, partial.Outputs, partial.Inputs));

        // The user switches to rollback and runs up again: the failed DAG is resumed, fails again, and is rolled back.
        cluster.Simulator.Faults.FailDagAtNode(3);
        var rollback = inputs.With("failurePolicy", PropertyValue.From("rollback"));
        var error = await Assert.ThrowsAsync<OperationFailedException>(() =>
            cluster.Node.UpdateAsync(new UpdateInput(agent, "urn", partial.Outputs, partial.Inputs, rollback, false, null, []), cluster.Context()));

        Assert.Contains("rolled back", error.Message, StringComparison.Ordinal);
        Assert.Equal(("SUCCEED", "ROLLBACK"), (cluster.Simulator.Dags.Single().State, cluster.Simulator.Dags.Single().Operator));
        Assert.Null(cluster.Member(agent));
        Assert.Null(await cluster.ReadAsync(agent, partial.Outputs, partial.Inputs));
    }

    [Fact]
    public async Task A_wait_cancelled_after_the_DAG_started_records_it_and_update_resumes_without_a_duplicate()
    {
        await using var cluster = await ObshellTestCluster.StartAsync(new ObshellSimulatorOptions { StageDuration = TimeSpan.FromMilliseconds(150) });
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1", f => f["targetAgentPassword"] = PropertyValue.From(""));
        using var cancel = new CancellationTokenSource();
        cluster.Progress.OnLine = line => { if (line.StartsWith($"adding {agent}: stage", StringComparison.Ordinal)) cancel.Cancel(); };

        var partial = await Assert.ThrowsAsync<ResourceInitFailedException>(() => cluster.CreateAsync(inputs, cancellation: cancel.Token));

        Assert.Contains("cancelled while waiting", partial.Message, StringComparison.Ordinal);
        Assert.NotEqual("SUCCEED", partial.Outputs["dagState"].StringValue);
        Assert.NotEqual("", partial.Outputs["dagId"].StringValue);
        Assert.True(partial.Outputs["targetAgentPassword"].IsSecret);
        cluster.Progress.OnLine = null;

        var outputs = await cluster.Node.UpdateAsync(new UpdateInput(agent, "urn", partial.Outputs, partial.Inputs, inputs, false, null, []), cluster.Context());

        Assert.Equal("SUCCEED", outputs["dagState"].StringValue);
        Assert.Equal(partial.Outputs["dagId"], outputs["dagId"]);
        Assert.Equal(1, cluster.ScaleOutRequests);
        Assert.Single(cluster.Simulator.Members, m => m.Agent == agent);
    }

    [Fact]
    public async Task Cancelling_while_another_DAG_holds_the_lock_fails_cleanly_having_sent_nothing()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var inputs = await cluster.InputsAsync(cluster.Simulator.SpareAgents[0], "zone1");
        await cluster.Simulator.StartForeignDagAsync(TimeSpan.FromSeconds(30));
        using var cancel = new CancellationTokenSource();
        cluster.Progress.OnLine = line => { if (line.StartsWith("waiting for DAG", StringComparison.Ordinal)) cancel.Cancel(); };

        var error = await Assert.ThrowsAsync<OperationFailedException>(() => cluster.CreateAsync(inputs, cancellation: cancel.Token));

        Assert.Contains("cancelled before any change was sent", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, cluster.ScaleOutRequests);
    }

    [Fact]
    public async Task A_timeout_after_the_DAG_started_is_partial_state_and_refresh_keeps_the_node()
    {
        await using var cluster = await ObshellTestCluster.StartAsync(new ObshellSimulatorOptions { StageDuration = TimeSpan.FromMilliseconds(200) });
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1");

        // The budget runs out on the operation's own clock once the DAG is seen running, however long the reads before
        // the send took (a real-time budget can run out before it on a loaded machine).
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var budget = TimeSpan.FromMinutes(1);
        cluster.Progress.OnLine = line => { if (line.StartsWith($"adding {agent}: stage", StringComparison.Ordinal)) clock.Advance(budget); };
        var partial = await Assert.ThrowsAsync<ResourceInitFailedException>(() => cluster.CreateAsync(inputs, budget, time: clock));
        cluster.Progress.OnLine = null;

        Assert.Contains("timed out", partial.Message, StringComparison.Ordinal);
        // While the DAG still runs, refresh keeps the recorded state as it is (Update completes it).
        Assert.Equal(partial.Outputs, (await cluster.ReadAsync(agent, partial.Outputs, partial.Inputs))?.Outputs);
        var outputs = await cluster.Node.UpdateAsync(new UpdateInput(agent, "urn", partial.Outputs, partial.Inputs, inputs, false, null, []), cluster.Context());
        Assert.Equal("SUCCEED", outputs["dagState"].StringValue);
        Assert.Equal(1, cluster.ScaleOutRequests);
    }

    [Fact]
    public async Task A_failed_DAG_of_someone_else_holding_the_lock_is_reported_not_waited_forever()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var (first, second) = (cluster.Simulator.SpareAgents[0], cluster.Simulator.SpareAgents[1]);
        cluster.Simulator.Faults.FailDagAtNode(4);
        await Assert.ThrowsAsync<ResourceInitFailedException>(async () =>
            await cluster.CreateAsync(await cluster.InputsAsync(first, "zone1", f => f["failurePolicy"] = PropertyValue.From("leave"))));
        var failedDag = cluster.Simulator.Dags.Single().Id;

        var error = await Assert.ThrowsAsync<OperationFailedException>(async () => await cluster.CreateAsync(await cluster.InputsAsync(second, "zone2")));

        Assert.Contains($"locked by DAG Cluster scale out ({failedDag}) failed at stage 4/9", error.Message, StringComparison.Ordinal);
        Assert.Contains("operator", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, cluster.ScaleOutRequests);
    }

    [Fact]
    public async Task A_failed_scale_in_is_rolled_back_and_the_node_stays()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1");
        var created = await cluster.CreateAsync(inputs);
        cluster.Simulator.Faults.FailDagAtNode(3);

        var error = await Assert.ThrowsAsync<OperationFailedException>(() => cluster.DeleteAsync(created.Id, inputs, created.Outputs));

        Assert.Contains($"scale-in of {agent}", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Wait delete observer success'", error.Message, StringComparison.Ordinal);
        Assert.NotNull(cluster.Member(agent));
    }
}
