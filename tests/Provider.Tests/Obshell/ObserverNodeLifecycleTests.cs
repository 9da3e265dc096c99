using ClusterScale.Provider.Obshell;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Tests.Obshell;

/// <summary>Create, read, update, delete and import against the simulated cluster over loopback.</summary>
public sealed class ObserverNodeLifecycleTests
{
    [Fact]
    public async Task Create_adds_the_node_and_delete_removes_it()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1", f => f["obConfigs"] = PropertyValue.From(new Dictionary<string, PropertyValue> { ["memory_limit"] = PropertyValue.From("16G") }));

        var created = await cluster.CreateAsync(inputs);

        Assert.Equal(agent, created.Id);
        var member = cluster.Member(agent);
        Assert.NotNull(member);
        Assert.Equal("zone1", member.Zone);
        Assert.Equal("SUCCEED", created.Outputs["dagState"].StringValue);
        Assert.StartsWith("1", created.Outputs["dagId"].StringValue);
        Assert.Equal(member.RpcPort, (int)created.Outputs["rpcPort"].NumberValue);
        Assert.Equal(member.SqlPort, (int)created.Outputs["sqlPort"].NumberValue);
        Assert.Equal(member.ServerStatus, created.Outputs["serverStatus"].StringValue);
        Assert.NotEmpty(created.Outputs["version"].StringValue);
        Assert.Contains(cluster.Progress.Lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"^adding {agent}: stage [1-9]/9: \w"));

        await cluster.DeleteAsync(created.Id, inputs, created.Outputs);

        Assert.Null(cluster.Member(agent));
        Assert.Contains(cluster.Simulator.Dags, d => d.Name == "Cluster scale in" && d.State == "SUCCEED" && d.Operator == "RUN");
    }

    [Fact]
    public async Task A_new_zone_is_created_by_an_eleven_stage_DAG()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];

        var created = await cluster.CreateAsync(await cluster.InputsAsync(agent, "zone4"));

        Assert.Equal("zone4", cluster.Member(agent)?.Zone);
        Assert.Equal(11, cluster.Simulator.Dags.Single(d => d.Id == created.Outputs["dagId"].StringValue).MaxStage);
        Assert.Contains(cluster.Progress.Lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"stage \d+/11: \w"));
    }

    [Fact]
    public async Task Creating_an_existing_member_adopts_it_without_a_scale_out()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var existing = cluster.Simulator.Members[1];

        var created = await cluster.CreateAsync(await cluster.InputsAsync(existing.Agent, existing.Zone));

        Assert.Equal(0, cluster.ScaleOutRequests);
        Assert.Equal("SUCCEED", created.Outputs["dagState"].StringValue);
        Assert.Equal("", created.Outputs["dagId"].StringValue);
    }

    [Fact]
    public async Task Two_nodes_created_in_parallel_are_serialized_and_both_succeed()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var (first, second) = (cluster.Simulator.SpareAgents[0], cluster.Simulator.SpareAgents[1]);
        var firstInputs = await cluster.InputsAsync(first, "zone1");
        var secondInputs = await cluster.InputsAsync(second, "zone2");

        var both = await Task.WhenAll(cluster.CreateAsync(firstInputs), cluster.CreateAsync(secondInputs));

        Assert.All(both, r => Assert.Equal("SUCCEED", r.Outputs["dagState"].StringValue));
        Assert.NotNull(cluster.Member(first));
        Assert.NotNull(cluster.Member(second));
        Assert.Equal(2, cluster.ScaleOutRequests);
        Assert.DoesNotContain(cluster.Simulator.Requests, r => r.Status >= 400);
    }

    [Fact]
    public async Task Create_waits_for_another_DAG_holding_the_cluster_lock()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var foreign = await cluster.Simulator.StartForeignDagAsync(TimeSpan.FromMilliseconds(400));

        await cluster.CreateAsync(await cluster.InputsAsync(agent, "zone1"));

        Assert.NotNull(cluster.Member(agent));
        Assert.Contains(cluster.Progress.Lines, l => l.Contains($"waiting for DAG Restart cluster ({foreign}) holding the cluster lock", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refresh_after_an_out_of_band_scale_in_reports_the_node_gone()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1");
        var created = await cluster.CreateAsync(inputs);

        var refreshed = await cluster.ReadAsync(created.Id, created.Outputs, inputs);
        Assert.NotNull(refreshed);
        Assert.Equal(created.Outputs, refreshed.Outputs);

        await cluster.Simulator.ScaleInOutOfBandAsync(agent);
        Assert.Null(await cluster.ReadAsync(created.Id, created.Outputs, inputs));
    }

    [Fact]
    public async Task Import_reconstructs_what_the_cluster_knows()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var member = cluster.Simulator.Members[2];

        var imported = await cluster.ReadAsync(member.Agent, PropertyMap.Empty, PropertyMap.Empty);

        Assert.NotNull(imported);
        Assert.Equal(member.Agent, imported.Id);
        Assert.Equal(member.Ip, imported.Inputs["ip"].StringValue);
        Assert.Equal(2886, imported.Inputs["obshellPort"].NumberValue);
        Assert.Equal(member.Zone, imported.Inputs["zone"].StringValue);
        Assert.Equal(PropertyValue.From(PropertyMap.Empty), imported.Inputs["obConfigs"]);
        Assert.False(imported.Inputs.ContainsKey("targetAgentPassword"));
        Assert.Equal(member.RpcPort, (int)imported.Outputs["rpcPort"].NumberValue);
        // Import then refresh is stable: Diff of imported inputs against themselves is empty.
        var diff = await cluster.Node.DiffAsync(new DiffInput(imported.Id, "urn", imported.Outputs, imported.Inputs, imported.Inputs, []), CancellationToken.None);
        Assert.False(diff.HasChanges);
        Assert.Null(await cluster.ReadAsync(cluster.Simulator.SpareAgents[0], PropertyMap.Empty, PropertyMap.Empty));
    }

    [Fact]
    public async Task Delete_of_a_node_already_gone_succeeds_without_a_DAG()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1");
        var created = await cluster.CreateAsync(inputs);
        await cluster.Simulator.ScaleInOutOfBandAsync(agent);

        await cluster.DeleteAsync(created.Id, inputs, created.Outputs);

        Assert.DoesNotContain(cluster.Simulator.Dags, d => d.Name == "Cluster scale in");
    }

    [Fact]
    public async Task Preview_create_and_update_send_nothing()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var inputs = await cluster.InputsAsync(cluster.Simulator.SpareAgents[0], "zone1");

        var preview = await cluster.Node.CreateAsync(new CreateInput("urn", "node", inputs, Preview: true, null), cluster.Context());
        var update = await cluster.Node.UpdateAsync(new UpdateInput("10.0.0.4:2886", "urn", preview.Outputs, inputs,
            inputs.With("forceKill", PropertyValue.From(true)), Preview: true, null, []), cluster.Context());

        Assert.Equal(PropertyValue.Computed, preview.Outputs["rpcPort"]);
        Assert.True(update["forceKill"].BoolValue);
        Assert.Empty(cluster.Simulator.Requests);
    }

    [Fact]
    public async Task Delete_through_the_node_itself_only_is_refused_clearly()
    {
        await using var cluster = await ObshellTestCluster.StartAsync(settings: sim =>
            new ObshellSettings([sim.ClusterEndpoints[0]], null, null, false));
        var self = cluster.Simulator.Members[0];
        var inputs = await cluster.InputsAsync(self.Agent, self.Zone);

        var error = await Assert.ThrowsAsync<OperationFailedException>(() => cluster.DeleteAsync(self.Agent, inputs, inputs));

        Assert.Contains("cannot remove itself", error.Message, StringComparison.Ordinal);
        Assert.NotNull(cluster.Member(self.Agent));
    }
}
