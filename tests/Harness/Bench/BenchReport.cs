namespace ClusterScale.Harness.Bench;

/// <summary>One row of the bench table: a measured figure, its same-run baseline, and the target it is held to.</summary>
public sealed record BenchRow(string Measure, string Value, string Baseline, string Ratio, string Target, bool Met);

/// <summary>Prints the bench table (Markdown, so it can go into the README as it is).</summary>
public static class BenchReport
{
    public static void Print(IEnumerable<BenchRow> rows)
    {
        Console.WriteLine("\n| measure | clusterscale | baseline (same run) | ratio | target | met |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var r in rows)
            Console.WriteLine($"| {r.Measure} | {r.Value} | {r.Baseline} | {r.Ratio} | {r.Target} | {(r.Met ? "yes" : "no")} |");
    }
}
