using ClusterScale.Provider.Protocol;
using ClusterScale.Simulators.Obshell;
using ClusterScale.Simulators.Obshell.Faults;

namespace ClusterScale.Provider.Tests.Obshell;

/// <summary>Run-time obConfigs change in place through the parameters route (spec §8); refresh shows drift.</summary>
public sealed class ObserverNodeParameterTests
{
    private static async Task<(ObshellTestCluster Cluster, string Agent, PropertyMap Inputs, PropertyMap Outputs)> NodeAsync(ObshellSimulatorOptions? options = null)
    {
        var cluster = await ObshellTestCluster.StartAsync(options);
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1", f => f["obConfigs"] = Configs(("memory_limit", "16G"), ("net_thread_count", "4")));
        var created = await cluster.CreateAsync(inputs);
        return (cluster, agent, inputs, created.Outputs);
    }

    private static PropertyValue Configs(params (string Name, string Value)[] entries) =>
        PropertyValue.From(entries.Select(e => KeyValuePair.Create(e.Name, PropertyValue.From(e.Value))));

    private static async Task<PropertyMap> WithConfigsAsync(ObshellTestCluster cluster, string agent, params (string, string)[] entries) =>
        await cluster.InputsAsync(agent, "zone1", f => f["obConfigs"] = Configs(entries));

    private static Task<DiffResult> DiffAsync(ObshellTestCluster cluster, string agent, PropertyMap oldInputs, PropertyMap oldOutputs, PropertyMap news) =>
        cluster.Node.DiffAsync(new DiffInput(agent, "urn", oldOutputs, oldInputs, news, []), CancellationToken.None);

    [Fact]
    public async Task A_dynamic_parameter_changes_in_place_and_refresh_reads_it_back()
    {
        var (cluster, agent, inputs, outputs) = await NodeAsync();
        await using var _ = cluster;
        var news = await WithConfigsAsync(cluster, agent, ("memory_limit", "8G"), ("net_thread_count", "4"));

        var diff = await DiffAsync(cluster, agent, inputs, outputs, news);
        Assert.Equal(DiffKind.Update, diff.DetailedDiff["obConfigs.memory_limit"]);
        Assert.Empty(diff.Replaces);

        await cluster.Node.UpdateAsync(new UpdateInput(agent, "urn", outputs, inputs, news, false, null, []), cluster.Context());

        Assert.Contains(cluster.Simulator.Requests, r => r.Method == "PATCH" && r.PathAndQuery == "/api/v1/obcluster/parameters" && r.Status == 200);
        var read = await cluster.ReadAsync(agent, outputs, news);
        Assert.Equal("8G", read!.Inputs["obConfigs"].ObjectValue["memory_limit"].StringValue);
        Assert.Single(cluster.Simulator.Dags); // no second scale-out, no replace
    }

    [Fact]
    public async Task A_parameter_that_needs_a_restart_replaces_the_node_and_the_diff_names_it()
    {
        var (cluster, agent, inputs, outputs) = await NodeAsync();
        await using var _ = cluster;
        var news = await WithConfigsAsync(cluster, agent, ("memory_limit", "16G"), ("net_thread_count", "8"));

        var diff = await DiffAsync(cluster, agent, inputs, outputs, news);

        Assert.Equal(DiffKind.UpdateReplace, diff.DetailedDiff["obConfigs.net_thread_count"]);
        Assert.Equal(["obConfigs"], diff.Replaces);
    }

    [Fact]
    public async Task Agents_without_the_parameters_route_keep_replacing()
    {
        var (cluster, agent, inputs, outputs) = await NodeAsync(new ObshellSimulatorOptions { ObshellVersion = "4.2.6.0", StageDuration = TimeSpan.FromMilliseconds(20) });
        await using var _ = cluster;
        var news = await WithConfigsAsync(cluster, agent, ("memory_limit", "8G"), ("net_thread_count", "4"));

        var diff = await DiffAsync(cluster, agent, inputs, outputs, news);

        Assert.Equal(DiffKind.UpdateReplace, diff.DetailedDiff["obConfigs.memory_limit"]);
        // Refresh has nothing to read back there: the inputs stay as they are.
        var read = await cluster.ReadAsync(agent, outputs, inputs);
        Assert.Equal("16G", read!.Inputs["obConfigs"].ObjectValue["memory_limit"].StringValue);
    }

    [Fact]
    public async Task Drift_made_outside_Pulumi_shows_at_refresh_and_only_the_spelling_is_not_drift()
    {
        var (cluster, agent, inputs, outputs) = await NodeAsync();
        await using var _ = cluster;
        cluster.Simulator.SetParameterOutOfBand("memory_limit", "16384M", agent);

        var same = await cluster.ReadAsync(agent, outputs, inputs);
        Assert.Equal("16G", same!.Inputs["obConfigs"].ObjectValue["memory_limit"].StringValue);

        cluster.Simulator.SetParameterOutOfBand("memory_limit", "12G", agent);
        var drifted = await cluster.ReadAsync(agent, outputs, inputs);

        Assert.Equal("12G", drifted!.Inputs["obConfigs"].ObjectValue["memory_limit"].StringValue);
        var diff = await DiffAsync(cluster, agent, drifted.Inputs, drifted.Outputs, inputs);
        Assert.Equal(DiffKind.Update, diff.DetailedDiff["obConfigs.memory_limit"]);
        Assert.Empty(diff.Replaces);
    }

    [Fact]
    public async Task A_lost_answer_to_the_parameter_change_is_checked_by_reading_the_values_back()
    {
        var (cluster, agent, inputs, outputs) = await NodeAsync();
        await using var _ = cluster;
        var news = await WithConfigsAsync(cluster, agent, ("memory_limit", "8G"), ("net_thread_count", "4"));
        cluster.Simulator.Faults.ActThenFail(MutatingRoute.SetParameters, AfterActing.InternalError);

        await cluster.Node.UpdateAsync(new UpdateInput(agent, "urn", outputs, inputs, news, false, null, []), cluster.Context());

        Assert.Single(cluster.Simulator.Requests, r => r.Method == "PATCH");
        var read = await cluster.ReadAsync(agent, outputs, news);
        Assert.Equal("8G", read!.Inputs["obConfigs"].ObjectValue["memory_limit"].StringValue);
    }
}
