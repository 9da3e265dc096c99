using System.Diagnostics;

namespace ClusterScale.Harness.Bench;

/// <summary>
/// Cold start: exec to the first stdout line (the plugin's port line), median of N launches, against an empty .NET
/// console app printing one line, measured in the same run and interleaved with it so both see the same machine load.
/// </summary>
public static class ColdStartBench
{
    public static async Task<IReadOnlyList<BenchRow>> RunAsync(string plugin, string emptyApp, int launches)
    {
        await using var engine = await TestEngine.StartAsync();
        var pluginTimes = new List<double>();
        var emptyTimes = new List<double>();
        await TimeFirstLineAsync(plugin, engine.Address); // warm the file cache for both, unmeasured
        await TimeFirstLineAsync(emptyApp, null);
        for (var i = 0; i < launches; i++)
        {
            pluginTimes.Add(await TimeFirstLineAsync(plugin, engine.Address));
            emptyTimes.Add(await TimeFirstLineAsync(emptyApp, null));
        }
        var (p, e) = (Stats.Of(pluginTimes), Stats.Of(emptyTimes));
        Console.WriteLine($"cold start: plugin median {p.Median:0} ms (p99 {p.P99:0}), empty console app median {e.Median:0} ms (p99 {e.P99:0}), {launches} launches each");
        return [new BenchRow($"cold start, exec -> port line (median of {launches})", $"{p.Median:0} ms", $"{e.Median:0} ms empty console app",
            $"{p.Median / e.Median:0.00}x", "<= 1.00x", p.Median <= e.Median)];
    }

    /// <summary>Milliseconds from exec to the first line on stdout; the process is then stopped.</summary>
    private static async Task<double> TimeFirstLineAsync(string binary, string? argument)
    {
        var info = new ProcessStartInfo(binary) { RedirectStandardOutput = true, UseShellExecute = false };
        if (argument is not null) info.ArgumentList.Add(argument);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        await process.StandardOutput.ReadLineAsync();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (!process.HasExited) process.Kill();
        await process.WaitForExitAsync();
        return elapsed;
    }
}
