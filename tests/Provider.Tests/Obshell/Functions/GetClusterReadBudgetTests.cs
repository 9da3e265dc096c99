using ClusterScale.Provider.Obshell;
using ClusterScale.Provider.Obshell.Cluster;
using ClusterScale.Provider.Obshell.Functions;
using ClusterScale.Provider.Protocol;
using Microsoft.Extensions.Time.Testing;

namespace ClusterScale.Provider.Tests.Obshell.Functions;

/// <summary>getCluster has no customTimeouts (InvokeRequest carries no timeout): it bounds its own reads.</summary>
public sealed class GetClusterReadBudgetTests
{
    [Fact]
    public async Task Against_hung_agents_getCluster_fails_once_its_read_budget_is_spent_naming_the_endpoints()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var connection = new ObshellConnection(time, ObshellTestCluster.FastRetries);
        connection.Configure(new ObshellSettings(cluster.Simulator.ClusterEndpoints, "", "", UseTls: false));
        cluster.Simulator.Faults.SlowResponses(TimeSpan.FromMinutes(30), count: 1000);

        var invoke = new GetCluster(connection).InvokeAsync(PropertyMap.Empty, CancellationToken.None);
        time.Advance(GetCluster.ReadBudget);

        var error = await Assert.ThrowsAsync<OperationFailedException>(() => invoke);
        Assert.Contains(cluster.Simulator.ClusterEndpoints[0], error.Message, StringComparison.Ordinal);
        Assert.Contains($"{GetCluster.ReadBudget.TotalSeconds:0} s", error.Message, StringComparison.Ordinal);
    }
}
