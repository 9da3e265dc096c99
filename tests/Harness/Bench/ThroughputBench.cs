using System.Diagnostics;
using ClusterScale.Simulators.Obshell;

namespace ClusterScale.Harness.Bench;

/// <summary>
/// Throughput: N ObserverNodes on one cluster declared at once. The cluster's maintenance lock allows one DAG at a
/// time, so the best possible total is the sum of the DAG durations; the overhead is what the provider adds on top
/// (noticing each DAG's end, submitting the next). Also the plugin's peak memory over the run.
/// </summary>
public static class ThroughputBench
{
    private const int Stages = 9;

    public static async Task<IReadOnlyList<BenchRow>> RunAsync(string plugin, int nodes, TimeSpan dagDuration)
    {
        await using var world = await SimulatedWorld.StartAsync(new WorldOptions
        {
            Obshell = new ObshellSimulatorOptions { ClusterAgents = 3, ZoneCount = 3, SpareAgents = nodes, StageDuration = dagDuration / Stages },
            PluginPath = plugin,
        });
        var ideal = (dagDuration / Stages) * Stages * nodes;
        // Every node's Create waits its turn for the cluster lock: the last one returns after all the DAGs.
        var stack = new EngineStack(world.Plugin.ClientWith(ideal * 2));
        var program = world.Obshell.SpareAgents.Select((agent, i) => BenchPrograms.Node($"node-{i}", agent, $"zone{i % 3 + 1}")).ToList();
        var clock = Stopwatch.StartNew();
        var outcomes = await stack.UpAsync(program);
        var total = clock.Elapsed;
        if (outcomes.FirstOrDefault(o => !o.Succeeded) is { } failed) throw new InvalidOperationException($"bench scale-out failed: {failed.Name}: {failed.Detail}");

        var overhead = total / ideal - 1;
        var peakMb = PeakResidentMegabytes(world.Plugin.ProcessId);
        Console.WriteLine($"throughput: {nodes} nodes in {total.TotalSeconds:0.0} s against {ideal.TotalSeconds:0.0} s of DAGs ({overhead:P1} overhead); plugin peak RSS {peakMb:0} MB");
        return
        [
            new($"throughput, {nodes} nodes on one cluster (DAG {dagDuration.TotalSeconds:0.#} s)", $"{total.TotalSeconds:0.0} s",
                $"{ideal.TotalSeconds:0.0} s sum of DAG durations", $"{overhead:P1} overhead", "< 5% overhead", overhead < 0.05),
            new("plugin peak memory (VmHWM) over that run", $"{peakMb:0} MB", "-", "-", "< 100 MB", peakMb < 100),
        ];
    }

    /// <summary>The peak resident set size of a live process, from /proc (Linux).</summary>
    private static double PeakResidentMegabytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
    }
}
