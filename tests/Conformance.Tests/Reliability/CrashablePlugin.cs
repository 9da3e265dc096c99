using ClusterScale.Harness;

namespace ClusterScale.Conformance.Tests.Reliability;

/// <summary>
/// The plugin of a <see cref="SimulatedWorld"/> that a test can kill -9 mid-operation and start again, configured
/// the same way — what happens when the machine running <c>pulumi up</c> dies and the user runs it again.
/// </summary>
internal sealed class CrashablePlugin(SimulatedWorld world) : IAsyncDisposable
{
    private readonly List<PluginProcess> _restarted = [];

    public PluginProcess Current => _restarted.Count > 0 ? _restarted[^1] : world.Plugin;

    public int Kills { get; private set; }

    /// <summary>SIGKILL (<see cref="PluginProcess.KillAsync"/>), counted.</summary>
    public async Task KillAsync()
    {
        await Current.KillAsync();
        Kills++;
    }

    /// <summary>Kills the plugin <paramref name="after"/> into <paramref name="run"/>, unless the run ended first.
    /// Returns whether it killed: a kill after the run would interrupt nothing.</summary>
    public async Task<bool> KillDuringAsync(Task run, TimeSpan after)
    {
        if (await Task.WhenAny(run, Task.Delay(after)) == run) return false;
        await KillAsync();
        return true;
    }

    /// <summary>A new plugin process, configured from the same stack config as the first, on the same machine or, with
    /// <paramref name="machine"/>, on another (a CI runner that starts empty, a run resumed elsewhere).</summary>
    public async Task<ProviderClient> RestartAsync(TestMachine? machine = null)
    {
        var plugin = await PluginProcess.StartAsync(new PluginLaunch(world.Engine.Address, PluginPath: world.Options.PluginPath,
            Environment: world.Options.PluginEnvironment, Machine: machine));
        _restarted.Add(plugin);
        await plugin.Client.CheckAndConfigureAsync(world.ProviderConfig());
        return plugin.Client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var plugin in _restarted) await plugin.DisposeAsync();
    }
}
