using ClusterScale.Harness.Bench;

namespace ClusterScale.Harness.Verbs;

/// <summary>
/// <c>bench [--plugin &lt;path&gt;] [--quick]</c>: the performance figures, each as a ratio against a baseline
/// measured in the same run, printed as a table. <c>--quick</c> shrinks every bench (a smoke run, not figures).
/// </summary>
public sealed class BenchVerb : IVerb
{
    public string Name => "bench";
    public string Usage => "bench [--plugin <path>] [--quick] [--only refresh] measure cold start, detection latency, throughput, refresh cost";

    public async Task<int> RunAsync(VerbArgs args)
    {
        var plugin = RepoPaths.Plugin(args.Option("--plugin"));
        var emptyApp = Path.Combine(RepoPaths.Root, "tests", "Bench", "EmptyApp", "bin", "Release", "net10.0", "EmptyApp");
        var quick = args.Flag("--quick");
        var rows = new List<BenchRow>();
        // --only refresh: just the refresh-cost row (e.g. to check coalescing without the long benches).
        if (args.Option("--only") == "refresh")
        {
            rows.AddRange(await RefreshBench.RunAsync(plugin, nodes: quick ? 20 : 100, supernodes: quick ? 2 : 10));
            BenchReport.Print(rows);
            return 0;
        }
        rows.AddRange(await ColdStartBench.RunAsync(plugin, emptyApp, launches: quick ? 3 : 20));
        rows.AddRange(await DetectionBench.RunAsync(plugin, clusters: quick ? 2 : 20, opsPerCluster: quick ? 2 : 5,
            dagDuration: TimeSpan.FromSeconds(quick ? 4.5 : 30)));
        rows.AddRange(await ThroughputBench.RunAsync(plugin, nodes: quick ? 5 : 50, dagDuration: TimeSpan.FromSeconds(quick ? 0.9 : 2.7)));
        rows.AddRange(await RefreshBench.RunAsync(plugin, nodes: quick ? 20 : 100, supernodes: quick ? 2 : 10));
        BenchReport.Print(rows);
        return 0;
    }
}
