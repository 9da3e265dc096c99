using ClusterScale.Simulators.Obshell;

namespace ClusterScale.Provider.Tests.Obshell;

/// <summary>Transport faults and server errors are survived without adding a node twice.</summary>
public sealed class ObshellFaultTests
{
    [Fact]
    public async Task Server_errors_and_resets_on_reads_are_retried()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1");
        cluster.Simulator.Faults.FailNextRequests(2, 500);

        await cluster.CreateAsync(inputs);
        Assert.NotNull(cluster.Member(agent));

        cluster.Simulator.Faults.ResetNextConnections(2);
        await cluster.DeleteAsync(agent, inputs, inputs);
        Assert.Null(cluster.Member(agent));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_scale_out_whose_answer_is_lost_is_re_checked_before_it_is_sent_again(bool reset)
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1");
        var injected = false;
        cluster.Progress.OnLine = line =>
        {
            if (injected || !line.StartsWith("scaling out", StringComparison.Ordinal)) return;
            injected = true;
            if (reset) cluster.Simulator.Faults.ResetNextConnections(1);
            else cluster.Simulator.Faults.FailNextRequests(1, 502);
        };

        var created = await cluster.CreateAsync(inputs);

        Assert.Equal("SUCCEED", created.Outputs["dagState"].StringValue);
        Assert.Equal(2, cluster.ScaleOutRequests);
        Assert.Single(cluster.Simulator.Dags, d => d.Name == "Cluster scale out");
        Assert.Single(cluster.Simulator.Members, m => m.Agent == agent);
    }

    [Fact]
    public async Task An_unreachable_endpoint_fails_over_to_the_next_one()
    {
        await using var cluster = await ObshellTestCluster.StartAsync(settings: sim =>
            new Provider.Obshell.ObshellSettings(["127.0.0.1:1", .. sim.ClusterEndpoints], null, null, false));
        var agent = cluster.Simulator.SpareAgents[0];

        await cluster.CreateAsync(await cluster.InputsAsync(agent, "zone1"));

        Assert.NotNull(cluster.Member(agent));
    }

    [Fact]
    public async Task A_DAG_that_takes_the_lock_just_before_the_scale_out_is_waited_for_then_the_scale_out_is_sent_again()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1");
        var raced = false;
        cluster.Progress.OnLine = line =>
        {
            if (raced || !line.StartsWith("scaling out", StringComparison.Ordinal)) return;
            raced = true;
            cluster.Simulator.StartForeignDagAsync(TimeSpan.FromMilliseconds(300)).GetAwaiter().GetResult();
        };

        await cluster.CreateAsync(inputs);

        Assert.NotNull(cluster.Member(agent));
        Assert.Contains(cluster.Simulator.Requests, r => r.PathAndQuery == "/api/v1/ob/scale_out" && r.Status == 500);
        Assert.Single(cluster.Simulator.Dags, d => d.Name == "Cluster scale out");
    }

    [Fact]
    public async Task A_node_whose_server_row_survived_a_manual_removal_is_reported_not_adopted_or_added_twice()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1");
        await cluster.CreateAsync(inputs);
        await cluster.Simulator.ScaleInOutOfBandAsync(agent, keepServer: true);

        var error = await Assert.ThrowsAsync<Provider.Protocol.OperationFailedException>(() => cluster.CreateAsync(inputs));

        Assert.Contains("Agent.AlreadyExists", error.Message, StringComparison.Ordinal);
        Assert.Contains("half-done", error.Message, StringComparison.Ordinal);
        Assert.Single(cluster.Simulator.Dags, d => d.Name == "Cluster scale out");
        Assert.Null(await cluster.ReadAsync(agent, inputs, inputs));
    }
}
