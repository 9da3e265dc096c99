namespace ClusterScale.Harness.Bench;

/// <summary>Summary figures of a sample (milliseconds or counts).</summary>
public sealed record Stats(int Count, double Mean, double Median, double P99, double Max)
{
    public static Stats Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) throw new ArgumentException("no values", nameof(values));
        return new Stats(sorted.Length, sorted.Average(), Percentile(sorted, 0.5), Percentile(sorted, 0.99), sorted[^1]);
    }

    /// <summary>Nearest-rank percentile of an ascending array.</summary>
    private static double Percentile(double[] sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
