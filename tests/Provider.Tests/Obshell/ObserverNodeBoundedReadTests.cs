using ClusterScale.Provider.Obshell;
using ClusterScale.Provider.Obshell.Cluster;
using ClusterScale.Provider.Protocol;
using Microsoft.Extensions.Time.Testing;

namespace ClusterScale.Provider.Tests.Obshell;

/// <summary>Reads end in bounded time: Read within ReadRequest.timeout (customTimeouts.read), Diff within
/// <see cref="ObserverNode.PreviewReadBudget"/>; a Diff that cannot read what it needs fails the preview instead of
/// planning a replace.</summary>
public sealed class ObserverNodeBoundedReadTests
{
    /// <summary>Every agent holds its answers back far longer than any test runs: a hung cluster.</summary>
    private static void HangEveryAgent(ObshellTestCluster cluster) =>
        cluster.Simulator.Faults.SlowResponses(TimeSpan.FromMinutes(30), count: 1000);

    private static PropertyValue Configs(params (string Name, string Value)[] entries) =>
        PropertyValue.From(entries.Select(e => KeyValuePair.Create(e.Name, PropertyValue.From(e.Value))));

    [Fact]
    public async Task A_refresh_of_hung_agents_ends_when_customTimeouts_read_runs_out_with_an_error_naming_the_node()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1");
        var created = await cluster.CreateAsync(inputs);
        HangEveryAgent(cluster);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);

        var read = cluster.Node.ReadAsync(new ReadInput(agent, "urn", created.Outputs, inputs, TimeSpan.FromSeconds(3)), cluster.Context(time: time));
        time.Advance(TimeSpan.FromSeconds(3));

        var error = await Assert.ThrowsAsync<OperationFailedException>(() => read);
        Assert.Contains($"reading {agent}", error.Message, StringComparison.Ordinal);
        Assert.Contains("customTimeouts.read", error.Message, StringComparison.Ordinal);
        Assert.Contains("3 s", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A node added with memory_limit 16G, and the Diff of a program that asks for 8G.</summary>
    private static async Task<(ObshellTestCluster Cluster, string Agent, DiffInput Change)> MemoryLimitChangeAsync()
    {
        var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1", f => f["obConfigs"] = Configs(("memory_limit", "16G")));
        var created = await cluster.CreateAsync(inputs);
        var news = await cluster.InputsAsync(agent, "zone1", f => f["obConfigs"] = Configs(("memory_limit", "8G")));
        return (cluster, agent, new DiffInput(agent, "urn", created.Outputs, inputs, news, []));
    }

    [Fact]
    public async Task A_diff_of_an_obConfigs_change_fails_naming_why_when_the_agents_refuse_to_list_parameters()
    {
        var (cluster, agent, change) = await MemoryLimitChangeAsync();
        await using var _ = cluster;
        cluster.Simulator.Faults.FailNextRequests(1000, status: 500);

        var error = await Assert.ThrowsAsync<OperationFailedException>(() => cluster.Node.DiffAsync(change, CancellationToken.None));

        Assert.Contains("obConfigs.memory_limit", error.Message, StringComparison.Ordinal);
        Assert.Contains(agent, error.Message, StringComparison.Ordinal);
        Assert.Contains("retry", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_diff_against_hung_agents_fails_once_its_read_budget_is_spent()
    {
        var (cluster, _, change) = await MemoryLimitChangeAsync();
        await using var _ = cluster;
        // The engine's own process, on a clock the test drives.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var connection = new ObshellConnection(time, ObshellTestCluster.FastRetries);
        connection.Configure(new ObshellSettings(cluster.Simulator.ClusterEndpoints, "", "", UseTls: false));
        var node = new ObserverNode(connection, cluster.Journal);
        HangEveryAgent(cluster);

        var diff = node.DiffAsync(change, CancellationToken.None);
        time.Advance(ObserverNode.PreviewReadBudget);

        var error = await Assert.ThrowsAsync<OperationFailedException>(() => diff);
        Assert.Contains("obConfigs.memory_limit", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{ObserverNode.PreviewReadBudget.TotalSeconds:0} s", error.Message, StringComparison.Ordinal);
    }
}
