using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using Pulumi.Testing;

namespace Pulumi.ClusterScale.Sdk.Tests;

/// <summary>
/// Runs the C# examples' programs under Deployment.TestAsync with stack configuration in PULUMI_CONFIG (where the
/// engine puts it) and checks what they declare, as the engine would receive it.
/// </summary>
public sealed class ExampleProgramTests
{
    private const string Endpoints = """["127.0.0.1:2886","127.0.0.1:2887"]""";

    [Fact]
    public async Task The_observer_example_adds_two_nodes_in_two_zones_through_its_own_provider()
    {
        var (mocks, resources, outputs) = await RunAsync(ObserverStack.Define, "clusterscale-observer", new()
        {
            ["endpoints"] = Endpoints,
            ["rootPassword"] = "root-pass",
        });
        string providerUrn = Outputs.ValueOf(Assert.Single(resources.OfType<Provider>()).Urn);

        MockResourceArgs provider = mocks.Single("pulumi:providers:clusterscale");
        Assert.Equal(["127.0.0.1:2886", "127.0.0.1:2887"],
            RecordingMocks.Json(provider, "obshellEndpoints").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("root-pass", provider.Inputs["obshellRootPassword"]);

        MockResourceArgs[] nodes = mocks.Registered.Where(r => r.Type == "clusterscale:obshell:ObserverNode").ToArray();
        Assert.Equal(["node4", "node5"], nodes.Select(n => n.Name));
        Assert.Equal(["zone1", "zone4"], nodes.Select(n => n.Inputs["zone"]));
        Assert.All(nodes, n => Assert.Equal($"{providerUrn}::oceanbase-id", n.Provider));
        Assert.All(nodes, n => Assert.Equal("16G", ((IDictionary<string, object>)n.Inputs["obConfigs"])["memory_limit"]));
        Assert.Equal(["node4-id", "node5-id"], Outputs.ValueOf((Output<ImmutableArray<string>>)outputs["nodeIds"]!).ToArray());
    }

    [Fact]
    public async Task Removing_a_node_from_the_observer_nodes_list_leaves_only_the_others_declared()
    {
        var (mocks, _, _) = await RunAsync(ObserverStack.Define, "clusterscale-observer", new()
        {
            ["endpoints"] = Endpoints,
            ["rootPassword"] = "root-pass",
            ["nodes"] = """[{"name":"node4","ip":"10.0.0.4","zone":"zone1","obshellPort":2890}]""",
        });

        MockResourceArgs node = mocks.Single("clusterscale:obshell:ObserverNode");
        Assert.Equal("10.0.0.4", node.Inputs["ip"]);
        Assert.Equal(2890.0, node.Inputs["obshellPort"]);
    }

    [Fact]
    public async Task The_supernode_example_scales_to_the_configured_flavor_with_disks_and_userdata()
    {
        var (mocks, _, _) = await RunAsync(SupernodeStack.Define, "clusterscale-supernode", SupernodeSettings());

        MockResourceArgs capacity = Assert.Single(mocks.Registered);
        Assert.Equal("clusterscale:modelarts:SupernodeScale", capacity.Type);
        Assert.Equal("kat3ne-32-800t.192xlarge.8.matrix", capacity.Inputs["flavor"]);
        Assert.Equal(200.0, ((IDictionary<string, object>)capacity.Inputs["rootVolume"])["size"]);
        Assert.Equal(2.0, ((IDictionary<string, object>)capacity.Inputs["dataVolume"])["count"]);
        Assert.Contains("join-me", Encoding.UTF8.GetString(Convert.FromBase64String((string)capacity.Inputs["userdata"])));
        Assert.True(string.IsNullOrEmpty(capacity.Provider), capacity.Provider);
    }

    [Fact]
    public async Task A_missing_required_setting_fails_the_run_naming_the_key()
    {
        Dictionary<string, string> settings = SupernodeSettings();
        settings.Remove("flavor");

        var error = await Assert.ThrowsAsync<RunException>(() => RunAsync(SupernodeStack.Define, "clusterscale-supernode", settings));

        Assert.Contains("'clusterscale-supernode:flavor'", error.Message);
    }

    private static Dictionary<string, string> SupernodeSettings() => new()
    {
        ["supernodeId"] = "hyper-1",
        ["flavor"] = "kat3ne-32-800t.192xlarge.8.matrix",
        ["imageId"] = "7d3a1c52-5f4e-4b7a-9c1e-2f0b8a6d4e91",
        ["keyPairName"] = "training",
        ["joinToken"] = "join-me",
    };

    private static async Task<(RecordingMocks Mocks, ImmutableArray<Resource> Resources, IDictionary<string, object?> Outputs)> RunAsync(
        Func<IDictionary<string, object?>> program, string project, Dictionary<string, string> config)
    {
        string json = JsonSerializer.Serialize(config.ToDictionary(entry => $"{project}:{entry.Key}", entry => entry.Value));
        using (EnvironmentVariables.Set("PULUMI_CONFIG", json))
        {
            var mocks = new RecordingMocks();
            var (resources, outputs) = await Deployment.TestAsync(mocks, new TestOptions { ProjectName = project, IsPreview = false }, program);
            return (mocks, resources, outputs);
        }
    }
}
