using ClusterScale.Provider.Protocol;
using ClusterScale.Simulators.Obshell;

namespace ClusterScale.Provider.Tests.Obshell;

/// <summary>
/// After <c>pulumi import</c> (Read with no state: obConfigs {} and no targetAgentPassword, obshell never returns
/// them), writing down in the program what the node already has never replaces it; and an engine that sends no
/// old_inputs gets the same decisions from the recorded outputs.
/// </summary>
public sealed class ObserverNodeImportDiffTests
{
    private const string SparePassword = "spare-pw";

    private static PropertyValue Configs(params (string Name, string Value)[] entries) =>
        PropertyValue.From(entries.Select(e => KeyValuePair.Create(e.Name, PropertyValue.From(e.Value))));

    private static bool Replaces(DiffKind kind) => kind is DiffKind.AddReplace or DiffKind.UpdateReplace or DiffKind.DeleteReplace;

    /// <summary>A node added outside this stack (here by another stack's create) and imported: the state the engine keeps.</summary>
    private static async Task<(ObshellTestCluster Cluster, string Agent, ReadResult Imported)> ImportedNodeAsync()
    {
        var cluster = await ObshellTestCluster.StartAsync(new ObshellSimulatorOptions
        {
            SpareAgentPassword = SparePassword, StageDuration = TimeSpan.FromMilliseconds(20),
        });
        var agent = cluster.Simulator.SpareAgents[0];
        await cluster.CreateAsync(await cluster.InputsAsync(agent, "zone1", f =>
        {
            f["obConfigs"] = Configs(("memory_limit", "16G"), ("net_thread_count", "4"));
            f["targetAgentPassword"] = PropertyValue.From(SparePassword);
        }));
        var imported = await cluster.ReadAsync(agent, PropertyMap.Empty, PropertyMap.Empty);
        Assert.NotNull(imported);
        return (cluster, agent, imported);
    }

    [Fact]
    public async Task Writing_the_live_ports_and_the_password_after_import_plans_no_replace_and_the_update_sends_nothing()
    {
        var (cluster, agent, imported) = await ImportedNodeAsync();
        await using var _ = cluster;
        var program = await cluster.InputsAsync(agent, "zone1", f =>
        {
            f["obConfigs"] = Configs(("rpc_port", $"{ObshellSimulator.DefaultRpcPort}"), ("mysqlPort", $"{ObshellSimulator.DefaultSqlPort}"));
            f["targetAgentPassword"] = PropertyValue.From(SparePassword);
        });

        var diff = await cluster.Node.DiffAsync(new DiffInput(agent, "urn", imported.Outputs, imported.Inputs, program, []), CancellationToken.None);

        // No change at all: the schema marks targetAgentPassword replaceOnChanges, so the engine would turn even an
        // in-place entry for it into a replace.
        Assert.False(diff.HasChanges);
        var requestsBefore = cluster.Simulator.Requests.Count(r => r.Method != "GET");
        await cluster.Node.UpdateAsync(new UpdateInput(agent, "urn", imported.Outputs, imported.Inputs, program, false, null, []), cluster.Context());
        Assert.Equal(requestsBefore, cluster.Simulator.Requests.Count(r => r.Method != "GET"));
    }

    [Fact]
    public async Task Writing_parameter_values_the_node_already_has_after_import_plans_no_replace_even_for_a_static_one()
    {
        var (cluster, agent, imported) = await ImportedNodeAsync();
        await using var _ = cluster;
        // net_thread_count is STATIC_EFFECTIVE: a real change of it replaces; writing its live value does not.
        var program = await cluster.InputsAsync(agent, "zone1", f => f["obConfigs"] = Configs(("memory_limit", "16384M"), ("net_thread_count", "4")));

        var diff = await cluster.Node.DiffAsync(new DiffInput(agent, "urn", imported.Outputs, imported.Inputs, program, []), CancellationToken.None);

        Assert.Empty(diff.Replaces);
        Assert.DoesNotContain(diff.DetailedDiff.Values, Replaces);
        await cluster.Node.UpdateAsync(new UpdateInput(agent, "urn", imported.Outputs, imported.Inputs, program, false, null, []), cluster.Context());
        Assert.DoesNotContain(cluster.Simulator.Requests, r => r.Method == "PATCH");
    }

    [Fact]
    public async Task A_value_the_node_does_not_have_still_replaces_after_import()
    {
        var (cluster, agent, imported) = await ImportedNodeAsync();
        await using var _ = cluster;
        var program = await cluster.InputsAsync(agent, "zone1", f => f["obConfigs"] = Configs(("rpc_port", "2890"), ("net_thread_count", "8")));

        var diff = await cluster.Node.DiffAsync(new DiffInput(agent, "urn", imported.Outputs, imported.Inputs, program, []), CancellationToken.None);

        // The live port stands for the old value: a change of it, as if it had been written down.
        Assert.Equal(DiffKind.UpdateReplace, diff.DetailedDiff["obConfigs.rpc_port"]);
        Assert.Equal(DiffKind.AddReplace, diff.DetailedDiff["obConfigs.net_thread_count"]);
    }

    [Fact]
    public async Task Without_old_inputs_the_diff_decides_from_the_recorded_outputs()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1", f => f["obConfigs"] = Configs(("memory_limit", "16G"), ("net_thread_count", "4")));
        var created = await cluster.CreateAsync(inputs);
        var news = await cluster.InputsAsync(agent, "zone1", f => f["obConfigs"] = Configs(("memory_limit", "8G"), ("net_thread_count", "4")));

        var same = await cluster.Node.DiffAsync(new DiffInput(agent, "urn", created.Outputs, PropertyMap.Empty, inputs, []), CancellationToken.None);
        var changed = await cluster.Node.DiffAsync(new DiffInput(agent, "urn", created.Outputs, PropertyMap.Empty, news, []), CancellationToken.None);

        Assert.False(same.HasChanges);
        Assert.Equal(DiffKind.Update, Assert.Single(changed.DetailedDiff).Value);
        Assert.Empty(changed.Replaces);
        await cluster.Node.UpdateAsync(new UpdateInput(agent, "urn", created.Outputs, PropertyMap.Empty, news, false, null, []), cluster.Context());
        Assert.Equal("8G", cluster.Simulator.ParameterOn(agent, "memory_limit"));
    }
}
