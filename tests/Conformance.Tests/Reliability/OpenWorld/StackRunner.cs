using ClusterScale.Harness;
using ClusterScale.Provider.Protocol;

namespace ClusterScale.Conformance.Tests.Reliability.OpenWorld;

/// <summary>
/// The plugin processes one stack's <c>pulumi</c> runs: started on a machine with the stack's own provider config
/// (its endpoints, its access key) and its own engine (whose Log calls are what the user was shown), killed -9 when
/// the campaign says, started again on the same machine or on another.
/// </summary>
internal sealed class StackRunner(TestEngine engine, PropertyMap providerConfig, TimeSpan stepDeadline) : IAsyncDisposable
{
    private readonly List<PluginProcess> _processes = [];

    public PluginProcess? Current { get; private set; }

    public RunnerMachine? Machine { get; private set; }

    public ProviderClient Client => (Current ?? throw new InvalidOperationException("no plugin started")).ClientWith(stepDeadline);

    public int Kills { get; private set; }

    /// <summary>A new plugin process on <paramref name="machine"/>, configured as the engine does.</summary>
    public async Task<ProviderClient> StartAsync(RunnerMachine machine)
    {
        if (Current is { } previous)
        {
            // The engine of the previous run is gone: its plugin is stopped (or was killed) before the next starts.
            _processes.Remove(previous);
            await previous.DisposeAsync();
        }
        Machine = machine;
        Current = await PluginProcess.StartAsync(new PluginLaunch(engine.Address, Machine: machine.Machine));
        _processes.Add(Current);
        await Current.Client.CheckAndConfigureAsync(providerConfig);
        return Client;
    }

    /// <summary>SIGKILL (<see cref="PluginProcess.KillAsync"/>), counted.</summary>
    public async Task KillAsync()
    {
        await Current!.KillAsync();
        Kills++;
    }

    /// <summary>Kills the plugin <paramref name="after"/> into <paramref name="run"/>, unless the run ended first;
    /// <paramref name="beforeKill"/> runs at the instant of the kill (the CLI dying with it).</summary>
    public async Task<bool> KillDuringAsync(Task run, TimeSpan after, Action? beforeKill = null)
    {
        if (await Task.WhenAny(run, Task.Delay(after)) == run) return false;
        beforeKill?.Invoke();
        await KillAsync();
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes) await process.DisposeAsync();
    }
}
