using ClusterScale.Harness;
using ClusterScale.Provider.Protocol;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Pulumirpc;

namespace ClusterScale.Conformance.Tests.Host;

/// <summary>
/// What the real Pulumi engine sends and how it reads the answers (shared/specs/pulumi-provider-protocol.md, §3, §5,
/// §7, §9), against the built plugin binary.
/// </summary>
public sealed class EngineFidelityTests : IAsyncLifetime
{
    private const string NodeType = "clusterscale:obshell:ObserverNode";
    private static readonly string NodeUrn = Urns.For(NodeType, "node4");

    private TestEngine _engine = null!;
    private PluginProcess _plugin = null!;

    public async Task InitializeAsync()
    {
        _engine = await TestEngine.StartAsync();
        _plugin = await PluginProcess.StartAsync(new PluginLaunch(_engine.Address));
        await _plugin.Client.HandshakeAsync(_engine.Address);
    }

    public async Task DisposeAsync()
    {
        await _plugin.DisposeAsync();
        await _engine.DisposeAsync();
    }

    private static PropertyMap NodeInputs => Props.Of(("ip", "10.0.0.4"), ("obshellPort", 2886), ("zone", "zone1"),
        ("obConfigs", Props.Of()), ("forceKill", false), ("failurePolicy", "rollback"));

    private static View EngineView(string name) => new()
    {
        Type = "clusterscale:obshell:NodeView", Name = name, ParentType = NodeType, ParentName = "node4",
        Inputs = PropertyStruct.ToStruct(Props.Of(("a", 1))), Outputs = PropertyStruct.ToStruct(Props.Of(("b", "x"))),
    };

    /// <summary>
    /// An explicit provider fed by another resource's output, in a preview: the SDK cannot JSON-encode the unknown,
    /// so the list and the bool arrive as the string sentinel. CheckConfig must not fail (that stops the preview).
    /// </summary>
    [Fact]
    public async Task CheckConfig_passes_computed_endpoints_and_flags_through_unchanged()
    {
        var check = await _plugin.Client.CheckConfigAsync(new PropertyMap(
        [
            KeyValuePair.Create("obshellEndpoints", PropertyValue.Computed),
            KeyValuePair.Create("obshellUseTls", PropertyValue.Computed),
            KeyValuePair.Create("version", PropertyValue.From("0.1.0")),
        ]));

        Assert.Empty(check.Failures);
        Assert.Equal(PropertyStruct.UnknownString, check.Inputs.Fields["obshellEndpoints"].StringValue);
        Assert.Equal(PropertyStruct.UnknownString, check.Inputs.Fields["obshellUseTls"].StringValue);
    }

    /// <summary>Read, Update and Delete carrying views (repeated View) decode; without obshell configuration the
    /// answer is the engine's missing-configuration error, not "Exception was thrown by handler".</summary>
    [Fact]
    public async Task Requests_with_old_views_decode_and_missing_configuration_names_the_key()
    {
        await _plugin.Client.ConfigureAsync(PropertyMap.Empty);
        var state = PropertyStruct.ToStruct(NodeInputs.With("serverStatus", PropertyValue.From("ACTIVE")));
        var inputs = PropertyStruct.ToStruct(NodeInputs);
        var options = new CallOptions(deadline: DateTime.UtcNow.AddMinutes(1));

        var errors = new List<RpcException>
        {
            await Assert.ThrowsAsync<RpcException>(async () => await _plugin.Client.Raw.ReadAsync(new ReadRequest
            {
                Id = "10.0.0.4:2886", Urn = NodeUrn, Type = NodeType, Name = "node4", Properties = state, Inputs = inputs, OldViews = { EngineView("v1") },
            }, options)),
            await Assert.ThrowsAsync<RpcException>(async () => await _plugin.Client.Raw.UpdateAsync(new UpdateRequest
            {
                Id = "10.0.0.4:2886", Urn = NodeUrn, Type = NodeType, Name = "node4", Olds = state, OldInputs = inputs,
                News = PropertyStruct.ToStruct(NodeInputs.With("forceKill", PropertyValue.From(true))), OldViews = { EngineView("v1"), EngineView("v2") },
            }, options)),
            await Assert.ThrowsAsync<RpcException>(async () => await _plugin.Client.Raw.DeleteAsync(new DeleteRequest
            {
                Id = "10.0.0.4:2886", Urn = NodeUrn, Type = NodeType, Name = "node4", Properties = state, OldInputs = inputs, OldViews = { EngineView("v1") },
            }, options)),
        };

        Assert.All(errors, error =>
        {
            Assert.True(error.StatusCode == StatusCode.FailedPrecondition, $"{error.StatusCode}: {error.Status.Detail}");
            var status = Google.Rpc.Status.Parser.ParseFrom(error.Trailers.GetValueBytes("grpc-status-details-bin"));
            var missing = Assert.Single(status.Details).Unpack<ConfigureErrorMissingKeys>();
            Assert.Equal("clusterscale:obshellEndpoints", Assert.Single(missing.MissingKeys).Name);
            Assert.StartsWith("missing required configuration key \"clusterscale:obshellEndpoints\": ", error.Status.Detail);
        });
    }

    /// <summary>A create that did not finish shows as a change of the output dagState: an output diff, so the engine
    /// takes its values from the outputs instead of showing "null => null".</summary>
    [Fact]
    public async Task An_output_only_change_is_not_an_input_diff()
    {
        var olds = NodeInputs.With("dagId", PropertyValue.From("11")).With("dagState", PropertyValue.From("RUNNING"));

        var diff = await _plugin.Client.Raw.DiffAsync(new DiffRequest
        {
            Id = "10.0.0.4:2886", Urn = NodeUrn, Type = NodeType, Name = "node4",
            Olds = PropertyStruct.ToStruct(olds), OldInputs = PropertyStruct.ToStruct(NodeInputs), News = PropertyStruct.ToStruct(NodeInputs),
        });
        var changed = await _plugin.Client.Raw.DiffAsync(new DiffRequest
        {
            Id = "10.0.0.4:2886", Urn = NodeUrn, Type = NodeType, Name = "node4",
            Olds = PropertyStruct.ToStruct(NodeInputs), OldInputs = PropertyStruct.ToStruct(NodeInputs),
            News = PropertyStruct.ToStruct(NodeInputs.With("forceKill", PropertyValue.From(true))),
        });

        Assert.False(diff.DetailedDiff["dagState"].InputDiff);
        Assert.True(changed.DetailedDiff["forceKill"].InputDiff);
    }
}
