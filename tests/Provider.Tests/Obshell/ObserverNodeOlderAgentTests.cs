using ClusterScale.Provider.Protocol;
using ClusterScale.Simulators.Obshell;

namespace ClusterScale.Provider.Tests.Obshell;

/// <summary>Agents before obshell 4.3.1 answer with integer codes only (spec §2, Corrections on 2026-12-05): their
/// refusals must still be refusals.</summary>
public sealed class ObserverNodeOlderAgentTests
{
    [Fact]
    public async Task A_4_3_0_0_scale_out_to_an_unreachable_target_is_a_refusal_sent_once()
    {
        // obshell@32187ba agent/executor/ob/scale_out.go:70-71: 500, code 1002, "get <ip:port> status failed", before any DAG.
        await using var cluster = await ObshellTestCluster.StartAsync(new ObshellSimulatorOptions
        {
            ObshellVersion = "4.3.0.0", StageDuration = TimeSpan.FromMilliseconds(20),
        });
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1");
        cluster.Simulator.Faults.RestartAgent(agent, TimeSpan.FromMinutes(10));

        var error = await Assert.ThrowsAsync<OperationFailedException>(() => cluster.CreateAsync(inputs));

        Assert.Contains(agent, error.Message, StringComparison.Ordinal);
        Assert.Contains("status failed", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, cluster.ScaleOutRequests);
        Assert.Empty(cluster.Simulator.Dags);
    }
}
