using ClusterScale.Harness;
using ClusterScale.Provider.Protocol;
using ClusterScale.Simulators.Obshell;
using Grpc.Core;
using Pulumirpc;

namespace ClusterScale.Conformance.Tests.Functions;

/// <summary>The provider functions through the real plugin binary, invoked as the engine forwards a program's
/// invoke, against both simulators. A function reads and never changes anything: every test also checks that the
/// simulators saw no mutating request.</summary>
public sealed class FunctionConformanceTests : IAsyncLifetime
{
    private const string GetCluster = "clusterscale:obshell:getCluster", GetSupernode = "clusterscale:modelarts:getSupernode";

    private SimulatedWorld _world = null!;
    private ProviderClient Client => _world.Client;

    public async Task InitializeAsync() => _world = await SimulatedWorld.StartAsync(new WorldOptions
    {
        Obshell = new ObshellSimulatorOptions { ClusterAgents = 3, ZoneCount = 3, SpareAgents = 2, StageDuration = TimeSpan.FromSeconds(5) },
    });

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private void AssertNothingChanged()
    {
        Assert.DoesNotContain(_world.Obshell.Requests, r => r.Method != "GET");
        Assert.DoesNotContain(_world.ModelArts.Requests, r => r.Method != "GET");
    }

    private static PropertyMap Return(InvokeResponse response)
    {
        Assert.Empty(response.Failures);
        return PropertyStruct.ToMap(response.Return);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetCluster_reports_the_members_but_never_the_spare_agents(bool preview)
    {
        var result = Return(await Client.InvokeAsync(GetCluster, PropertyMap.Empty, preview));

        var members = result["members"].ArrayValue.Select(m => m.ObjectValue).ToList();
        var expected = _world.Obshell.Members.Select(m => m.Agent).Order(StringComparer.Ordinal);
        Assert.Equal(expected, members.Select(m => $"{m.Get("ip").StringValue}:{m.Get("obshellPort").NumberValue}"));
        foreach (var spare in _world.Obshell.SpareAgents)
            Assert.DoesNotContain(members, m => $"{m.Get("ip").StringValue}:{m.Get("obshellPort").NumberValue}" == spare);
        Assert.All(members, m => Assert.Equal("ACTIVE", m.Get("status").StringValue));
        Assert.All(members, m => Assert.NotEqual("SINGLE", m.Get("identity").StringValue));
        Assert.Equal(new[] { "zone1", "zone2", "zone3" }, result["zones"].ArrayValue.Select(z => z.StringValue));
        Assert.Equal(_world.Obshell.Options.ObVersion, result["version"].StringValue);
        Assert.NotEqual("", result["clusterName"].StringValue);
        Assert.False(result["underMaintenance"].BoolValue);
        Assert.Empty(result["unfinishedDags"].ArrayValue);
        AssertNothingChanged();
    }

    [Fact]
    public async Task GetCluster_shows_a_running_dag_and_the_maintenance_lock()
    {
        var dagId = await _world.Obshell.StartForeignDagAsync(TimeSpan.FromSeconds(30));

        var result = Return(await Client.InvokeAsync(GetCluster, PropertyMap.Empty));

        Assert.True(result["underMaintenance"].BoolValue);
        var dag = Assert.Single(result["unfinishedDags"].ArrayValue).ObjectValue;
        Assert.Equal(dagId, dag.Get("id").StringValue);
        Assert.NotEqual("", dag.Get("name").StringValue);
        Assert.NotEqual("", dag.Get("state").StringValue);
    }

    [Fact]
    public async Task GetCluster_asks_the_endpoints_it_is_given()
    {
        var one = _world.Obshell.ClusterEndpoints[^1];

        var result = Return(await Client.InvokeAsync(GetCluster, Props.Of(("endpoints", new[] { one }))));

        Assert.Equal(_world.Obshell.Members.Count, result["members"].ArrayValue.Length);
        Assert.All(_world.Obshell.Requests, r => Assert.Equal(_world.Obshell.AgentAt(one), r.Agent));
    }

    [Theory]
    [InlineData("endpoints", "not-a-host-port")]
    [InlineData("endpoints", null)]
    [InlineData("endpont", "127.0.0.1:2886")]
    public async Task GetCluster_names_a_bad_argument_and_sends_nothing(string argument, string? endpoint)
    {
        var args = argument == "endpoints" && endpoint is null
            ? Props.Of(("endpoints", Array.Empty<string>()))
            : argument == "endpoints" ? Props.Of(("endpoints", new[] { endpoint })) : Props.Of((argument, endpoint));

        var response = await Client.InvokeAsync(GetCluster, args);

        var failure = Assert.Single(response.Failures);
        Assert.Equal(argument, failure.Property);
        Assert.Contains(argument, failure.Reason);
        Assert.Empty(_world.Obshell.Requests);
    }

    [Fact]
    public async Task GetSupernode_reports_status_servers_and_scale_options_with_sold_out_marked()
    {
        var id = _world.SupernodeId;
        var view = _world.ModelArts.GetSupernode(id);

        var result = Return(await Client.InvokeAsync(GetSupernode, Props.Of(("supernodeId", id)), preview: true));

        Assert.Equal(id, result["supernodeId"].StringValue);
        Assert.Equal(view.Status, result["status"].StringValue);
        var servers = result["servers"].ArrayValue.Select(s => s.ObjectValue).ToList();
        Assert.Equal(view.Servers.Select(s => s.Id).Order(StringComparer.Ordinal), servers.Select(s => s.Get("id").StringValue));
        Assert.All(servers, s => Assert.Equal(view.Servers[0].Flavor, s.Get("flavor").StringValue));
        Assert.Equal(view.Flavor, result["flavor"].StringValue); // the supernode's own flavor, named from its sub-node count
        Assert.Equal("POST_PAID", result["chargingMode"].StringValue);
        var options = result["scaleOptions"].ArrayValue.Select(o => o.ObjectValue).ToList();
        Assert.NotEmpty(options);
        Assert.All(options, o => Assert.Equal(PropertyKind.Bool, o.Get("soldOut").Kind));
        AssertNothingChanged();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-uuid")]
    [InlineData("3f1c2a4e-8b7d-4e2f-9a6b-1c2d3e4f5a6b")]
    public async Task GetSupernode_names_supernodeId_when_it_is_missing_malformed_or_unknown(string? supernodeId)
    {
        var response = await Client.InvokeAsync(GetSupernode, supernodeId is null ? PropertyMap.Empty : Props.Of(("supernodeId", supernodeId)));

        Assert.Equal("supernodeId", Assert.Single(response.Failures).Property);
        AssertNothingChanged();
    }

    [Fact]
    public async Task A_secret_argument_keeps_the_result_secret()
    {
        var result = Return(await Client.InvokeAsync(GetSupernode, Props.Of(("supernodeId", Props.Secret(_world.SupernodeId)))));

        Assert.All(result.Values, v => Assert.True(v.IsSecret));
        Assert.Equal(_world.SupernodeId, result["supernodeId"].SecretValue.StringValue);
    }

    [Fact]
    public async Task An_unknown_function_is_invalid_argument_naming_it()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.InvokeAsync("clusterscale:obshell:getClusters", PropertyMap.Empty));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("clusterscale:obshell:getClusters", error.Status.Detail);
        Assert.Contains(GetCluster, error.Status.Detail);
    }

    [Fact]
    public async Task Concurrent_invokes_of_one_cluster_share_their_reads()
    {
        // The first answer is slow, so every call arrives while it is in flight.
        _world.Obshell.Faults.SlowResponses(TimeSpan.FromSeconds(1), count: 1);
        const int calls = 20;

        var results = await Task.WhenAll(Enumerable.Range(0, calls).Select(_ => Client.InvokeAsync(GetCluster, PropertyMap.Empty)));

        Assert.All(results, r => Assert.Empty(r.Failures));
        Assert.True(_world.Obshell.Requests.Count(r => r.PathAndQuery.StartsWith("/api/v1/ob/info", StringComparison.Ordinal)) < calls);
    }
}
