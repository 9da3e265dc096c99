using ClusterScale.Harness;
using ClusterScale.Provider.Protocol;
using ClusterScale.Simulators.ModelArts;
using Grpc.Core;
using Pulumirpc;

namespace ClusterScale.Conformance.Tests.ModelArts;

/// <summary>The real plugin binary, driven in the engine's call order, scaling a supernode of the ModelArts simulator.
/// Credentials come from the HW_* environment variables, the endpoint and project from stack config.</summary>
public sealed class SupernodeScaleConformanceTests : IAsyncLifetime
{
    private const string Type = "clusterscale:modelarts:SupernodeScale";
    private const string Flavor2 = "kat3ne-16-800t.96xlarge.8.matrix", Flavor4 = "kat3ne-32-800t.192xlarge.8.matrix", Flavor8 = "kat3ne-64-800t.384xlarge.8.matrix"; // named by sub-node count (spec §6: kat3ne-N has N/8)
    private const string ImageId = "f4059eb4-c2f5-46a8-9b33-6cbed5d3fc81";

    private ModelArtsSimulator _sim = null!;
    private TestEngine _engine = null!;
    private PluginProcess _plugin = null!;
    private ProviderClient Client => _plugin.Client;

    public async Task InitializeAsync()
    {
        // Servers take 4 s: the timeout test's budget must end well after its reads and request (on a loaded machine
        // too) and well before the servers arrive. Only that test creates servers.
        _sim = await ModelArtsSimulator.StartAsync(new ModelArtsSimulatorOptions { ServerCreateDuration = TimeSpan.FromSeconds(4) });
        _engine = await TestEngine.StartAsync();
        _plugin = await PluginProcess.StartAsync(new PluginLaunch(_engine.Address, Environment: new Dictionary<string, string>
        {
            ["HW_ACCESS_KEY"] = _sim.Options.AccessKey,
            ["HW_SECRET_KEY"] = _sim.Options.SecretKey,
        }));
        await Client.HandshakeAsync(_engine.Address);
        await Client.CheckAndConfigureAsync(Props.Of(("huaweiEndpoint", _sim.Endpoint), ("huaweiProjectId", _sim.Options.ProjectId), ("version", "0.1.0")));
    }

    public async Task DisposeAsync()
    {
        await _plugin.DisposeAsync();
        await _engine.DisposeAsync();
        await _sim.DisposeAsync();
    }

    private static PropertyMap Inputs(string supernodeId, string flavor, params (string, object?)[] extra) =>
        Props.Of([("supernodeId", supernodeId), ("flavor", flavor), ("imageId", ImageId), ("keyPairName", "KeyPair-42c4"), .. extra]);

    private int Posts(string route) => _sim.Requests.Count(r => r.Method == "POST" && r.PathAndQuery.EndsWith(route, StringComparison.Ordinal));

    private HashSet<string> ServerIds(string id) => _sim.GetSupernode(id).Servers.Select(s => s.Id).ToHashSet();

    [Fact]
    public async Task Up_up_again_down_refresh_and_destroy_through_the_binary()
    {
        var id = _sim.CreateSupernode(Flavor2);
        var original = ServerIds(id);
        var lifecycle = new Lifecycle(Client, Type, "scale");

        var record = await lifecycle.RunAsync(Inputs(id, Flavor4, ("userdata", Props.Secret("aGk="))),
            [Inputs(id, Flavor8, ("userdata", Props.Secret("aGk="))), Inputs(id, Flavor4, ("userdata", Props.Secret("aGk=")))]);

        Assert.Equal(id, record.Create.Id);
        Assert.True(PropertyStruct.ToMap(record.PreviewCreate.Properties)["addedServerIds"].ContainsUnknowns);
        var created = PropertyStruct.ToMap(record.Create.Properties);
        Assert.Equal(PropertyKind.Secret, created["userdata"].Kind);
        Assert.Equal(2, created["addedServerIds"].ArrayValue.Length);
        Assert.Equal(2, record.Steps.Count);
        Assert.All(record.Steps, s => Assert.NotNull(s.Update));
        Assert.Equal(2, PropertyStruct.ToMap(record.Steps[0].Update!.Properties)["scaleSteps"].ArrayValue.Length);
        var read = PropertyStruct.ToMap(record.Read!.Properties);
        Assert.Equal(PropertyStruct.ToMap(record.Steps[1].Update!.Properties), read); // refresh finds no drift
        Assert.Equal(original, ServerIds(id)); // destroy removed exactly what it added
        Assert.Equal(2, Posts("/live-scale-up")); // create, then the step to Flavor8
        Assert.Equal(2, Posts("/live-scale-down")); // back to Flavor4, then destroy
    }

    [Fact]
    public async Task Invalid_input_fails_check_naming_the_property_and_nothing_is_sent()
    {
        var id = _sim.CreateSupernode(Flavor2);
        var before = _sim.Requests.Count;
        var check = await Client.CheckAsync(Urns.For(Type, "scale"), PropertyMap.Empty,
            Inputs(id, Flavor4).With("rootVolume", Props.Value(new Dictionary<string, object> { ["size"] = 50, ["type"] = "ESSD" })));
        var failure = Assert.Single(check.Failures);
        Assert.Equal("rootVolume", failure.Property);
        Assert.Contains("rootVolume.size", failure.Reason);
        Assert.Equal(before, _sim.Requests.Count);
    }

    [Fact]
    public async Task A_timed_out_create_reports_init_failed_state_and_the_next_update_resumes_without_scaling_twice()
    {
        var id = _sim.CreateSupernode(Flavor2);
        var urn = Urns.For(Type, "scale");
        var inputs = Inputs(id, Flavor4);

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.CreateAsync(urn, inputs, preview: false, timeoutSeconds: 1.5));

        var initFailed = InitFailed(error);
        Assert.Equal(id, initFailed.Id);
        Assert.Contains(initFailed.Reasons, r => r.Contains("timed out", StringComparison.Ordinal));
        var outputs = PropertyStruct.ToMap(initFailed.Properties);
        var updated = await Client.UpdateAsync(id, urn, outputs, PropertyStruct.ToMap(initFailed.Inputs), inputs, preview: false);

        Assert.Equal(1, Posts("/live-scale-up"));
        Assert.Equal(4, ServerIds(id).Count);
        Assert.Equal(2, PropertyStruct.ToMap(updated.Properties)["addedServerIds"].ArrayValue.Length);
    }

    [Fact]
    public async Task Import_by_supernode_and_server_ids()
    {
        var id = _sim.CreateSupernode(Flavor4);
        var servers = ServerIds(id).Order(StringComparer.Ordinal).Take(2).ToList();

        var read = await Client.ReadAsync($"{id}:{string.Join(",", servers)}", Urns.For(Type, "imported"));

        Assert.Equal(id, read.Id);
        var inputs = PropertyStruct.ToMap(read.Inputs);
        Assert.Equal(id, inputs["supernodeId"].StringValue);
        Assert.Equal(servers, PropertyStruct.ToMap(read.Properties)["addedServerIds"].ArrayValue.Select(v => v.StringValue));
    }

    private static ErrorResourceInitFailed InitFailed(RpcException error)
    {
        var details = error.Trailers.GetValueBytes("grpc-status-details-bin") ?? throw new Xunit.Sdk.XunitException($"no status details: {error.Status}");
        var status = Google.Rpc.Status.Parser.ParseFrom(details);
        return status.Details.Single(d => d.Is(ErrorResourceInitFailed.Descriptor)).Unpack<ErrorResourceInitFailed>();
    }
}
