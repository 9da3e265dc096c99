namespace ClusterScale.Harness;

/// <summary>How to launch the plugin: what the engine would pass.</summary>
/// <param name="EngineAddress">The last positional argument; null launches with no address at all (attach mode
/// when there are no flags either).</param>
/// <param name="Flags">Engine flags placed before the address, e.g. <c>-v=9</c>, <c>--logtostderr</c>.</param>
/// <param name="Config">The package's stack config, passed as the <c>PULUMI_CONFIG</c> JSON like the engine does.</param>
/// <param name="Environment">Extra environment variables (e.g. credentials' env fallbacks).</param>
/// <param name="Machine">The machine the plugin runs on: its HOME, and so its default journal. Null is
/// <see cref="TestMachine.Default"/>, shared by every plugin of the test process.</param>
public sealed record PluginLaunch(
    string? EngineAddress = null,
    IReadOnlyList<string>? Flags = null,
    IReadOnlyDictionary<string, string>? Config = null,
    IReadOnlyDictionary<string, string>? Environment = null,
    string? PluginPath = null,
    TestMachine? Machine = null);
