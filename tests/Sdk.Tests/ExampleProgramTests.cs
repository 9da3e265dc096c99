using System.Reflection;
using System.Text;
using System.Text.Json;
using ClusterScale.ModelArts;
using ClusterScale.Obshell;
using Pulumi;

namespace ClusterScale.Sdk.Tests;

/// <summary>
/// Runs the C# examples' real entry points against the stand-in with stack configuration in PULUMI_CONFIG (as the
/// engine passes it) and checks what they declare: the resources, their inputs, secrets and options.
/// </summary>
public sealed class ExampleProgramTests
{
    private const string Endpoints = """["127.0.0.1:2886","127.0.0.1:2887"]""";

    [Fact]
    public void The_observer_example_adds_two_nodes_in_two_zones_one_after_the_other_through_its_own_provider()
    {
        StandInRun run = RunExample("csharp-observer", "clusterscale-observer", new()
        {
            ["endpoints"] = Endpoints,
            ["rootPassword"] = "root-pass",
        });

        Provider provider = Assert.Single(run.Resources.OfType<Provider>());
        var providerArgs = (ProviderArgs)provider.Args!;
        Assert.Equal(["127.0.0.1:2886", "127.0.0.1:2887"], providerArgs.ObshellEndpoints.ToOutput().Value.ToArray());
        Assert.Equal("root-pass", providerArgs.ObshellRootPassword!.ToOutput().Value);
        Assert.True(providerArgs.ObshellRootPassword.ToOutput().IsSecret);

        ObserverNode[] nodes = run.Resources.OfType<ObserverNode>().ToArray();
        Assert.Equal(["node4", "node5"], nodes.Select(n => n.GetResourceName()));
        Assert.Equal(["zone1", "zone4"], nodes.Select(n => ((ObserverNodeArgs)n.Args!).Zone.ToOutput().Value));
        foreach (ObserverNode node in nodes)
        {
            var options = (CustomResourceOptions)node.Options;
            Assert.Same(provider, options.Provider);
            Assert.Equal(TimeSpan.FromMinutes(30), options.CustomTimeouts?.Create);
            Assert.Equal(TimeSpan.FromMinutes(30), options.CustomTimeouts?.Delete);
        }
        Assert.Equal([nodes[0]], nodes[1].Options.DependsOn.ToOutput().Value.ToArray());
    }

    [Fact]
    public void Removing_a_node_from_the_observer_nodes_list_leaves_only_the_others_declared()
    {
        StandInRun run = RunExample("csharp-observer", "clusterscale-observer", new()
        {
            ["endpoints"] = Endpoints,
            ["rootPassword"] = "root-pass",
            ["nodes"] = """[{"name":"node4","ip":"10.0.0.4","zone":"zone1","obshellPort":2890}]""",
        });

        ObserverNode node = Assert.Single(run.Resources.OfType<ObserverNode>());
        var args = (ObserverNodeArgs)node.Args!;
        Assert.Equal("10.0.0.4", args.Ip.ToOutput().Value);
        Assert.Equal(2890, args.ObshellPort!.ToOutput().Value);
        Assert.Empty(node.Options.DependsOn.ToOutput().Value);
    }

    [Fact]
    public void The_supernode_example_scales_to_the_configured_flavor_with_disks_and_secret_userdata()
    {
        StandInRun run = RunExample("csharp-supernode", "clusterscale-supernode", SupernodeSettings());

        SupernodeScale capacity = Assert.IsType<SupernodeScale>(Assert.Single(run.Resources));
        var args = (SupernodeScaleArgs)capacity.Args!;
        Assert.Equal("kat3ne-32-800t.192xlarge.8.matrix", args.Flavor.ToOutput().Value);
        Assert.Equal(200, args.RootVolume!.ToOutput().Value.Size.ToOutput().Value);
        Assert.Equal(2, args.DataVolume!.ToOutput().Value.Count.ToOutput().Value);
        Output<string> userdata = args.Userdata!.ToOutput();
        Assert.True(userdata.IsSecret);
        Assert.Contains("join-me", Encoding.UTF8.GetString(Convert.FromBase64String(userdata.Value)));
        Assert.Contains("userdata", ((CustomResourceOptions)capacity.Options).AdditionalSecretOutputs);
        Assert.Equal(TimeSpan.FromHours(1), ((CustomResourceOptions)capacity.Options).CustomTimeouts?.Update);
    }

    [Fact]
    public void A_missing_required_setting_fails_the_run_naming_the_key()
    {
        Dictionary<string, string> settings = SupernodeSettings();
        settings.Remove("flavor");

        StandInRun run = RunExample("csharp-supernode", "clusterscale-supernode", settings);

        Assert.Contains("'clusterscale-supernode:flavor'", Assert.IsType<ConfigMissingException>(run.Error).Message);
        Assert.Empty(run.Resources);
    }

    private static Dictionary<string, string> SupernodeSettings() => new()
    {
        ["supernodeId"] = "hyper-1",
        ["flavor"] = "kat3ne-32-800t.192xlarge.8.matrix",
        ["imageId"] = "7d3a1c52-5f4e-4b7a-9c1e-2f0b8a6d4e91",
        ["keyPairName"] = "training",
        ["joinToken"] = "join-me",
    };

    private static StandInRun RunExample(string assemblyName, string project, Dictionary<string, string> config)
    {
        string json = JsonSerializer.Serialize(config.ToDictionary(entry => $"{project}:{entry.Key}", entry => entry.Value));
        using (EnvironmentVariables.Set(new Dictionary<string, string?> { ["PULUMI_PROJECT"] = project, ["PULUMI_CONFIG"] = json }))
        {
            MethodInfo entryPoint = Assembly.Load(assemblyName).EntryPoint!;
            object? result = entryPoint.Invoke(null, [Array.Empty<string>()]);
            int exitCode = result is Task<int> task ? task.GetAwaiter().GetResult() : (int)result!;
            // The stand-in never reports success: nothing was deployed.
            Assert.Equal(1, exitCode);
        }
        return StandInDeployment.LastRun!;
    }
}
