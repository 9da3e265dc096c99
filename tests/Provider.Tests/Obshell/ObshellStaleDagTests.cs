using ClusterScale.Provider.Protocol;
using ClusterScale.Simulators.Obshell;

namespace ClusterScale.Provider.Tests.Obshell;

/// <summary>Which FAILED DAGs hold the cluster lock (spec §6), and what the provider does where it cannot tell.</summary>
public sealed class ObshellStaleDagTests
{
    [Fact]
    public async Task A_scale_in_that_failed_at_its_first_node_released_the_lock_and_is_ignored()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var (first, second) = (cluster.Simulator.SpareAgents[0], cluster.Simulator.SpareAgents[1]);
        var inputs = await cluster.InputsAsync(first, "zone1", f => f["failurePolicy"] = PropertyValue.From("leave"));
        var created = await cluster.CreateAsync(inputs);
        cluster.Simulator.Faults.FailDagAtNode(1);
        await Assert.ThrowsAsync<OperationFailedException>(() => cluster.DeleteAsync(first, inputs, created.Outputs));
        Assert.Single(cluster.Simulator.Dags, d => d.Name == "Cluster scale in" && d.State == "FAILED" && d.Stage == 1);

        await cluster.CreateAsync(await cluster.InputsAsync(second, "zone2"));

        Assert.NotNull(cluster.Member(second));
    }

    [Fact]
    public async Task Without_maintenance_type_a_failed_DAG_is_judged_by_the_lock_refusal_and_reported_without_a_resend_storm()
    {
        // obshell before 4.3.0 has no maintenance_type in DAGs, and answers the lock as 500/1002.
        await using var cluster = await ObshellTestCluster.StartAsync(new ObshellSimulatorOptions
            { ObshellVersion = "4.2.6.0", StageDuration = TimeSpan.FromMilliseconds(20) });
        var (first, second) = (cluster.Simulator.SpareAgents[0], cluster.Simulator.SpareAgents[1]);
        cluster.Simulator.Faults.FailDagAtNode(4);
        await Assert.ThrowsAsync<ResourceInitFailedException>(async () =>
            await cluster.CreateAsync(await cluster.InputsAsync(first, "zone1", f => f["failurePolicy"] = PropertyValue.From("leave"))));
        var failedDag = cluster.Simulator.Dags.Single().Id;

        var error = await Assert.ThrowsAsync<OperationFailedException>(async () => await cluster.CreateAsync(await cluster.InputsAsync(second, "zone2")));

        Assert.Contains($"locked by DAG Cluster scale out ({failedDag}) failed at stage 4/9", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, cluster.ScaleOutRequests); // the first node's, and one refused try
        Assert.Null(cluster.Member(second));
    }
}
