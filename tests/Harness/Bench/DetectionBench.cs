using ClusterScale.Simulators.Obshell;

namespace ClusterScale.Harness.Bench;

/// <summary>
/// Terminal-state detection: how long after a scale-out DAG reaches its terminal state does Create return, and how
/// many requests did the operation cost. Baseline: the official SDKs' wait (poll the DAG every 2 s), run in the same
/// run against DAGs of the same duration on other simulated clusters. The baseline polls the simulator's state
/// in-process, so its figures carry no transport cost — in the baseline's favour.
/// </summary>
public static class DetectionBench
{
    private const int Stages = 9; // a scale-out into an existing zone
    private static readonly TimeSpan SdkPollInterval = TimeSpan.FromSeconds(2);

    private sealed record Sample(double LatencyMs, int Requests);

    public static async Task<IReadOnlyList<BenchRow>> RunAsync(string plugin, int clusters, int opsPerCluster, TimeSpan dagDuration)
    {
        // Each cluster's DAGs last a little longer than the last, spread over one 2 s poll period: real DAGs do not end
        // in step with a poller, and a fixed duration that is a multiple of 2 s would flatter the baseline.
        var durations = Enumerable.Range(0, clusters).Select(i => dagDuration + SdkPollInterval * ((i + 0.5) / clusters)).ToList();
        var provider = Task.WhenAll(durations.Select((d, cluster) => ProviderOpsAsync(plugin, cluster, opsPerCluster, d / Stages)));
        var baseline = Task.WhenAll(durations.Select(d => BaselineOpsAsync(opsPerCluster, d / Stages * Stages)));
        var ours = (await provider).SelectMany(s => s).ToList();
        var theirs = (await baseline).SelectMany(s => s).ToList();

        var (l, bl) = (Stats.Of(ours.Select(s => s.LatencyMs)), Stats.Of(theirs.Select(s => s.LatencyMs)));
        var (r, br) = (Stats.Of(ours.Select(s => (double)s.Requests)), Stats.Of(theirs.Select(s => (double)s.Requests)));
        Console.WriteLine($"detection over {ours.Count} scale-outs of {dagDuration.TotalSeconds:0.#} s: clusterscale mean {l.Mean:0} ms, median {l.Median:0}, p99 {l.P99:0}, " +
                          $"{r.Mean:0.0} requests/op; 2 s polling mean {bl.Mean:0} ms, median {bl.Median:0}, p99 {bl.P99:0}, {br.Mean:0.0} requests/op");
        return
        [
            new($"terminal-state detection, mean ({ours.Count} ops of {dagDuration.TotalSeconds:0.#} s)", $"{l.Mean:0} ms (median {l.Median:0}, p99 {l.P99:0})",
                $"{bl.Mean:0} ms (median {bl.Median:0}, p99 {bl.P99:0}) fixed 2 s polling", $"{bl.Mean / l.Mean:0.0}x lower", ">= 4x lower", bl.Mean >= 4 * l.Mean),
            new("requests per operation (all of them: auth key, membership, submit, polls)", $"{r.Mean:0.0}", $"{br.Mean:0.0} (submit + polls only)",
                $"{r.Mean / br.Mean:0.00}x", "<= 1.00x", r.Mean <= br.Mean),
        ];
    }

    /// <summary>One cluster: the plugin adds its spare nodes one after another; each Create is timed against the
    /// moment the simulator finished the node's DAG. Node names carry the cluster's number: resources of different
    /// stacks have different URNs, as the operation journal the plugins share requires.</summary>
    private static async Task<List<Sample>> ProviderOpsAsync(string plugin, int cluster, int ops, TimeSpan stage)
    {
        await using var world = await SimulatedWorld.StartAsync(new WorldOptions
        {
            Obshell = new ObshellSimulatorOptions { ClusterAgents = 3, ZoneCount = 3, SpareAgents = ops, StageDuration = stage },
            PluginPath = plugin,
        });
        var samples = new List<Sample>();
        foreach (var (agent, i) in world.Obshell.SpareAgents.ToList().Select((a, i) => (a, i)))
        {
            // A stack per operation, so each `up` touches only its own node.
            var stack = new EngineStack(world.Client);
            var before = world.Obshell.Requests.Count;
            var name = $"cluster{cluster}-node-{i}";
            var outcome = (await stack.UpAsync([BenchPrograms.Node(name, agent, "zone1")]))[0];
            var returned = DateTimeOffset.UtcNow;
            if (!outcome.Succeeded) throw new InvalidOperationException($"bench scale-out of {agent} failed: {outcome.Detail}");
            var dagId = stack.Resources[name].Outputs.Get("dagId").StringValue;
            var finished = world.Obshell.Dags.Single(d => d.Id == dagId).FinishedAt!.Value;
            samples.Add(new Sample((returned - finished).TotalMilliseconds, world.Obshell.Requests.Count - before));
        }
        return samples;
    }

    /// <summary>One cluster: a DAG of the same duration, waited for as the official SDKs wait.</summary>
    private static async Task<List<Sample>> BaselineOpsAsync(int ops, TimeSpan duration)
    {
        await using var cluster = await ObshellSimulator.StartAsync(new ObshellSimulatorOptions { ClusterAgents = 3, ZoneCount = 3, SpareAgents = 0 });
        var samples = new List<Sample>();
        for (var i = 0; i < ops; i++)
        {
            var id = await cluster.StartForeignDagAsync(duration);
            var polls = 0;
            while (true)
            {
                polls++;
                if (cluster.Dags.Single(d => d.Id == id).FinishedAt is { } finished)
                {
                    samples.Add(new Sample((DateTimeOffset.UtcNow - finished).TotalMilliseconds, polls + 1));
                    break;
                }
                await Task.Delay(SdkPollInterval);
            }
        }
        return samples;
    }
}
