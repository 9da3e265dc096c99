using ClusterScale.Provider.Http;
using ClusterScale.Provider.Obshell;
using ClusterScale.Provider.Obshell.Cluster;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Provider.Tests.Obshell;

/// <summary>
/// Only an agent that is a cluster member and lists a cluster speaks for it: a SINGLE or SCALING IN agent, or a
/// member whose observer is down, answers <c>/api/v1/ob/info</c> 200 with only itself and an empty cluster, and a
/// removed node's agent answers DAG reads 500 (spec, Corrections on 2026-12-05). Such endpoints are skipped.
/// </summary>
public sealed class ObserverNodeWhoSpeaksTests
{
    [Fact]
    public async Task A_refresh_whose_first_endpoint_is_a_spare_still_sees_the_live_member()
    {
        // Reproduced: with a removed node's agent first in obshellEndpoints, refresh reported a live member gone.
        await using var cluster = await ObshellTestCluster.StartAsync();
        var spare = cluster.Simulator.SpareAgents[0];
        var member = cluster.Simulator.Members[0].Agent;
        var node = NodeWith(cluster, [cluster.Simulator.EndpointOf(spare), .. cluster.Simulator.ClusterEndpoints]);

        var read = await node.ReadAsync(new ReadInput(member, "urn", PropertyMap.Empty, PropertyMap.Empty), cluster.Context());

        Assert.NotNull(read);
        Assert.Equal(cluster.Simulator.Members[0].Zone, read.Outputs["zone"].StringValue);
    }

    [Fact]
    public async Task A_member_whose_observer_is_down_does_not_speak_for_the_cluster()
    {
        // Its /ob/info falls back to its local agent copy and an empty cluster (info.go:50-54): a live member is not gone.
        await using var cluster = await ObshellTestCluster.StartAsync();
        var (down, live) = (cluster.Simulator.Members[0].Agent, cluster.Simulator.Members[1].Agent);
        cluster.Simulator.SetObserverRunning(down, false);
        var first = cluster.Simulator.EndpointOf(down);
        var node = NodeWith(cluster, [first, .. cluster.Simulator.ClusterEndpoints.Where(e => e != first)]);

        var read = await node.ReadAsync(new ReadInput(live, "urn", PropertyMap.Empty, PropertyMap.Empty), cluster.Context());

        Assert.NotNull(read);
    }

    [Fact]
    public async Task With_no_member_reachable_a_refresh_fails_naming_the_endpoints_tried_and_never_says_gone()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var spare = cluster.Simulator.SpareAgents[0];
        var member = cluster.Simulator.Members[0].Agent;
        var node = NodeWith(cluster, [cluster.Simulator.EndpointOf(spare)]);

        var error = await Assert.ThrowsAsync<OperationFailedException>(() =>
            node.ReadAsync(new ReadInput(member, "urn", PropertyMap.Empty, PropertyMap.Empty), cluster.Context()));

        Assert.Contains(cluster.Simulator.EndpointOf(spare), error.Message, StringComparison.Ordinal);
        Assert.Contains("not a cluster member", error.Message, StringComparison.Ordinal);
        Assert.Contains(member, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_destroy_whose_first_endpoint_is_the_node_itself_polls_its_DAG_through_another_member()
    {
        // Reproduced: after "Delete agent" the node is SINGLE; DAG polls there answered 500 Agent.OceanBase.NotHold
        // until the timeout, and every later destroy stopped on 500 Common.Unexpected from /task/dag/ob/unfinish.
        await using var cluster = await ObshellTestCluster.StartAsync();
        var agent = cluster.Simulator.SpareAgents[0];
        var inputs = await cluster.InputsAsync(agent, "zone1");
        var created = await cluster.CreateAsync(inputs);
        var node = NodeWith(cluster, [cluster.Simulator.EndpointOf(agent), .. cluster.Simulator.ClusterEndpoints]);

        await node.DeleteAsync(new DeleteInput(agent, "urn", created.Outputs, inputs, TimeSpan.FromSeconds(20)), cluster.Context());

        Assert.Null(cluster.Member(agent));
        Assert.All(cluster.Simulator.Dags, d => Assert.Equal("SUCCEED", d.State));
        // A second destroy (the engine retrying) finds the node gone through a member, not a 500 from the SINGLE agent.
        await node.DeleteAsync(new DeleteInput(agent, "urn", created.Outputs, inputs, TimeSpan.FromSeconds(20)), cluster.Context());
    }

    [Fact]
    public async Task A_create_whose_first_endpoint_is_a_spare_sends_its_scale_out_to_a_member()
    {
        await using var cluster = await ObshellTestCluster.StartAsync();
        var (agent, other) = (cluster.Simulator.SpareAgents[0], cluster.Simulator.SpareAgents[1]);
        var node = NodeWith(cluster, [cluster.Simulator.EndpointOf(other), .. cluster.Simulator.ClusterEndpoints]);
        var inputs = await cluster.InputsAsync(agent, "zone1");

        var created = await node.CreateAsync(new CreateInput("urn", "node", inputs, Preview: false, null), cluster.Context());

        Assert.Equal(agent, created.Id);
        Assert.NotNull(cluster.Member(agent));
        Assert.DoesNotContain(cluster.Simulator.Requests, r => r.Agent == other && r.Method == "POST");
    }

    /// <summary>An ObserverNode configured with <paramref name="endpoints"/> in this order.</summary>
    private static ObserverNode NodeWith(ObshellTestCluster cluster, IReadOnlyList<string> endpoints)
    {
        var connection = new ObshellConnection(TimeProvider.System, ObshellTestCluster.FastRetries, DebugLog.Off);
        connection.Configure(new ObshellSettings(endpoints, cluster.Simulator.Options.RootPassword, cluster.Simulator.Options.AgentPassword, UseTls: false));
        return new ObserverNode(connection, cluster.Journal);
    }
}
