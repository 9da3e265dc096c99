using ClusterScale.Provider.Protocol;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Pulumirpc;

namespace ClusterScale.Provider.Tests.Protocol;

/// <summary>The provider configuration calls against the real modules, with values shaped as the engine sends them.</summary>
public sealed class ProviderConfigurationTests : IAsyncLifetime
{
    private const string ProviderUrn = "urn:pulumi:dev::proj::pulumi:providers:clusterscale::cluster-a";
    private InProcessPlugin _plugin = null!;

    public async Task InitializeAsync() => _plugin = await InProcessPlugin.StartAsync(Modules.All(DebugLog.Off).ToArray());
    public async Task DisposeAsync() => await _plugin.DisposeAsync();

    /// <summary>
    /// An explicit Provider whose endpoints and flags come from another resource's output: in a preview the SDK
    /// cannot JSON-encode them, so every such key arrives as the string sentinel, whatever its type (spec §5).
    /// Failing here would stop `pulumi preview`; the values come back unchanged.
    /// </summary>
    [Fact]
    public async Task CheckConfig_returns_unknown_values_unchanged_whatever_their_type()
    {
        string[] computed = ["obshellEndpoints", "obshellUseTls", "obshellRootPassword", "huaweiRegion", "huaweiEndpoint", "huaweiProjectId", "huaweiAccessKey"];
        var news = new Struct { Fields = { ["version"] = Value.ForString("0.1.0") } };
        foreach (var key in computed) news.Fields[key] = Value.ForString(PropertyStruct.UnknownString);

        var response = await _plugin.CallAsync<CheckRequest, CheckResponse>("CheckConfig", new CheckRequest { Urn = ProviderUrn, News = news });

        Assert.Empty(response.Failures);
        foreach (var key in computed) Assert.Equal(PropertyStruct.UnknownString, response.Inputs.Fields[key].StringValue);
        Assert.Equal("0.1.0", response.Inputs.Fields["version"].StringValue);
    }

    [Fact]
    public async Task Known_keys_beside_unknown_ones_are_still_decoded_and_checked()
    {
        var news = new Struct
        {
            Fields =
            {
                ["obshellEndpoints"] = Value.ForString(PropertyStruct.UnknownString),
                ["obshellUseTls"] = Value.ForString("maybe"),
                ["huaweiRegion"] = Value.ForString("cn-southwest-2"),
            },
        };

        var response = await _plugin.CallAsync<CheckRequest, CheckResponse>("CheckConfig", new CheckRequest { Urn = ProviderUrn, News = news });

        Assert.Equal("obshellUseTls", Assert.Single(response.Failures).Property);
        Assert.Equal(PropertyStruct.UnknownString, response.Inputs.Fields["obshellEndpoints"].StringValue);
    }

    /// <summary>A resource that needs configuration nobody set names each key as `clusterscale:&lt;key&gt;`, with the
    /// schema's description and where else the value may come from.</summary>
    [Fact]
    public async Task An_observer_node_without_endpoints_names_clusterscale_obshellEndpoints()
    {
        Assert.True(Environment.GetEnvironmentVariable("OBSHELL_ENDPOINTS") is null, "unset OBSHELL_ENDPOINTS: the plugin falls back to it");
        await _plugin.CallAsync<ConfigureRequest, ConfigureResponse>("Configure", new ConfigureRequest { Args = new Struct() });
        const string urn = "urn:pulumi:dev::proj::clusterscale:obshell:ObserverNode::node4";
        var news = new Struct { Fields = { ["ip"] = Value.ForString("10.0.0.4"), ["zone"] = Value.ForString("zone1") } };
        var checkedInputs = (await _plugin.CallAsync<CheckRequest, CheckResponse>("Check", new CheckRequest { Urn = urn, News = news })).Inputs;

        var error = await Assert.ThrowsAsync<RpcException>(() => _plugin.CallAsync<CreateRequest, CreateResponse>("Create", new CreateRequest
        {
            Urn = urn, Properties = checkedInputs,
        }));

        Assert.True(error.StatusCode == StatusCode.FailedPrecondition, error.Status.Detail);
        var any = Assert.Single(Google.Rpc.Status.Parser.ParseFrom(error.Trailers.Get(ErrorMapping.StatusDetailsTrailer)!.ValueBytes).Details);
        var key = Assert.Single(any.Unpack<ConfigureErrorMissingKeys>().MissingKeys);
        Assert.Equal("clusterscale:obshellEndpoints", key.Name);
        Assert.Contains("OBSHELL_ENDPOINTS", key.Description);
        Assert.StartsWith("missing required configuration key \"clusterscale:obshellEndpoints\": obshell agents of the cluster", error.Status.Detail);
        Assert.EndsWith("Set a value using the command `pulumi config set clusterscale:obshellEndpoints <value>`.", error.Status.Detail);
    }
}
