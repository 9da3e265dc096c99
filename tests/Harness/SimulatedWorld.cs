using ClusterScale.Provider.Protocol;
using ClusterScale.Simulators.ModelArts;
using ClusterScale.Simulators.Obshell;
using Newtonsoft.Json;
using Pulumirpc;

namespace ClusterScale.Harness;

/// <summary>How fast and how large the simulated world is.</summary>
public sealed record WorldOptions
{
    public ObshellSimulatorOptions Obshell { get; init; } = new();
    public ModelArtsSimulatorOptions ModelArts { get; init; } = new();
    /// <summary>The flavor the supernode starts with.</summary>
    public string SupernodeFlavor { get; init; } = "kat3ne-8-800t.48xlarge.8.matrix";
    public string? PluginPath { get; init; }
    /// <summary>Extra environment variables for the plugin process.</summary>
    public IReadOnlyDictionary<string, string>? PluginEnvironment { get; init; }
    public Action<LogRequest>? OnLog { get; init; }
    /// <summary>The machine the plugin runs on (see <see cref="PluginLaunch.Machine"/>); null: the one every plugin of
    /// the test process shares.</summary>
    public TestMachine? Machine { get; init; }
}

/// <summary>
/// Everything a run of the provider needs, on loopback: an obshell cluster, a ModelArts endpoint with one supernode,
/// an engine that records Log calls, and the plugin binary launched and configured as the engine would — the
/// default provider's config carrying both modules' keys.
/// </summary>
public sealed class SimulatedWorld : IAsyncDisposable
{
    private SimulatedWorld(WorldOptions options, ObshellSimulator obshell, ModelArtsSimulator modelArts, string supernodeId, TestEngine engine, PluginProcess plugin)
    {
        Options = options;
        Obshell = obshell;
        ModelArts = modelArts;
        SupernodeId = supernodeId;
        Engine = engine;
        Plugin = plugin;
    }

    public WorldOptions Options { get; }
    public ObshellSimulator Obshell { get; }
    public ModelArtsSimulator ModelArts { get; }
    public string SupernodeId { get; }
    public TestEngine Engine { get; }
    public PluginProcess Plugin { get; }
    public ProviderClient Client => Plugin.Client;

    public static async Task<SimulatedWorld> StartAsync(WorldOptions options)
    {
        var obshell = await ObshellSimulator.StartAsync(options.Obshell);
        var modelArts = await ModelArtsSimulator.StartAsync(options.ModelArts);
        var supernode = modelArts.CreateSupernode(options.SupernodeFlavor);
        var engine = await TestEngine.StartAsync(onLog: options.OnLog);
        var plugin = await PluginProcess.StartAsync(new PluginLaunch(engine.Address, PluginPath: options.PluginPath, Environment: options.PluginEnvironment, Machine: options.Machine));
        var world = new SimulatedWorld(options, obshell, modelArts, supernode, engine, plugin);
        await plugin.Client.CheckAndConfigureAsync(world.ProviderConfig());
        return world;
    }

    /// <summary>The provider config as the engine sends it: strings (non-strings JSON-encoded), secrets wrapped.</summary>
    public PropertyMap ProviderConfig() => Props.Of(
        ("obshellEndpoints", JsonConvert.SerializeObject(Obshell.ClusterEndpoints)),
        ("obshellRootPassword", Props.Secret(Options.Obshell.RootPassword)),
        ("huaweiEndpoint", ModelArts.Endpoint),
        ("huaweiRegion", ModelArts.Options.Region),
        ("huaweiProjectId", ModelArts.Options.ProjectId),
        ("huaweiAccessKey", Props.Secret(ModelArts.Options.AccessKey)),
        ("huaweiSecretKey", Props.Secret(ModelArts.Options.SecretKey)));

    public async ValueTask DisposeAsync()
    {
        await Plugin.DisposeAsync();
        await Engine.DisposeAsync();
        await ModelArts.DisposeAsync();
        await Obshell.DisposeAsync();
    }
}
