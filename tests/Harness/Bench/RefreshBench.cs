using System.Diagnostics;
using ClusterScale.Provider.Protocol;
using ClusterScale.Simulators.Obshell;
using Pulumirpc;

namespace ClusterScale.Harness.Bench;

/// <summary>
/// Refresh cost: a <c>pulumi refresh</c> (every Read at once, as the engine runs them with unbounded parallelism) of
/// N ObserverNodes on one cluster plus M SupernodeScales on M supernodes, counting every HTTP request the plugin sends
/// to the agents and to ModelArts. The baseline is the same refresh by a plugin started with read coalescing off.
/// The resources are imported first (which also fetches the agents' keys), so the refresh is measured warm.
/// </summary>
public static class RefreshBench
{
    private const double TargetReadsPerResource = 0.15;
    /// <summary>The plugin's documented switch (provider/Coalescing/ReadCoalescing.cs); the harness does not link that file.</summary>
    private const string CoalescingSwitch = "CLUSTERSCALE_READ_COALESCING";

    private sealed record Measurement(int Resources, int Reads, TimeSpan Wall);

    public static async Task<IReadOnlyList<BenchRow>> RunAsync(string plugin, int nodes, int supernodes)
    {
        var coalesced = await MeasureAsync(plugin, nodes, supernodes, coalescing: true);
        var baseline = await MeasureAsync(plugin, nodes, supernodes, coalescing: false);
        var perResource = (double)coalesced.Reads / coalesced.Resources;
        Console.WriteLine(FormattableString.Invariant(
            $"refresh: resources={coalesced.Resources} reads={coalesced.Reads} reads_per_resource={perResource:0.###} wall_ms={coalesced.Wall.TotalMilliseconds:0} baseline_reads={baseline.Reads} baseline_wall_ms={baseline.Wall.TotalMilliseconds:0}"));
        return
        [
            new($"refresh of {nodes} ObserverNodes on one cluster + {supernodes} SupernodeScales: HTTP reads per resource",
                FormattableString.Invariant($"{perResource:0.###} ({coalesced.Reads} reads)"),
                FormattableString.Invariant($"{(double)baseline.Reads / baseline.Resources:0.###} ({baseline.Reads} reads, coalescing off)"),
                FormattableString.Invariant($"{(double)coalesced.Reads / baseline.Reads:0.00}x"),
                FormattableString.Invariant($"<= {TargetReadsPerResource}"), perResource <= TargetReadsPerResource),
            new("refresh wall time, same refresh", $"{coalesced.Wall.TotalMilliseconds:0} ms", $"{baseline.Wall.TotalMilliseconds:0} ms",
                FormattableString.Invariant($"{coalesced.Wall / baseline.Wall:0.00}x"), "<= baseline", coalesced.Wall <= baseline.Wall),
        ];
    }

    private static async Task<Measurement> MeasureAsync(string plugin, int nodes, int supernodes, bool coalescing)
    {
        await using var world = await SimulatedWorld.StartAsync(new WorldOptions
        {
            Obshell = new ObshellSimulatorOptions { ClusterAgents = nodes, ZoneCount = 3, SpareAgents = 0 },
            PluginPath = plugin,
            PluginEnvironment = coalescing ? null : new Dictionary<string, string> { [CoalescingSwitch] = "off" },
        });
        var supernodeIds = new List<string> { world.SupernodeId };
        while (supernodeIds.Count < supernodes) supernodeIds.Add(world.ModelArts.CreateSupernode(world.Options.SupernodeFlavor, $"bench-{supernodeIds.Count}"));

        var imports = world.Obshell.Members.Select((m, i) => (Urn: Urns.For("clusterscale:obshell:ObserverNode", $"node-{i}"), Id: m.Agent))
            .Concat(supernodeIds.Select((id, i) => (Urn: Urns.For("clusterscale:modelarts:SupernodeScale", $"gpu-{i}"),
                Id: $"{id}:{world.ModelArts.GetSupernode(id).Servers[0].Id}")))
            .ToList();
        var state = await Task.WhenAll(imports.Select(async r => (r.Urn, Read: Imported(r.Id, await world.Client.ReadAsync(r.Id, r.Urn)))));

        var before = world.Obshell.Requests.Count + world.ModelArts.Requests.Count;
        var clock = Stopwatch.StartNew();
        var refreshed = await Task.WhenAll(state.Select(s => world.Client.ReadAsync(s.Read.Id, s.Urn,
            PropertyStruct.ToMap(s.Read.Properties), PropertyStruct.ToMap(s.Read.Inputs))));
        var wall = clock.Elapsed;
        var reads = world.Obshell.Requests.Count + world.ModelArts.Requests.Count - before;
        if (refreshed.FirstOrDefault(r => r.Id.Length == 0) is not null) throw new InvalidOperationException("bench refresh read a resource as gone");
        return new Measurement(state.Length, reads, wall);
    }

    private static ReadResponse Imported(string id, ReadResponse read) =>
        read.Id.Length > 0 ? read : throw new InvalidOperationException($"bench import of {id} found nothing");
}
