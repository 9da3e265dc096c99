using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ClusterScale.Simulators.ModelArts;

namespace ClusterScale.Simulators.Tests.ModelArts;

/// <summary>The built simulator run as its own process, as a user or a campaign outside the test process runs it.</summary>
public class StandaloneProcessTests
{
    private const string Flavor = "kat3ne-8-800t.48xlarge.8.matrix";
    private const string BiggerFlavor = "kat3ne-16-800t.96xlarge.8.matrix";

    [Fact]
    public async Task Command_line_faults_act_and_sigterm_stops_it_cleanly_with_exit_code_0()
    {
        using var process = Start("--port", "0", "--supernode", Flavor, "--act-then-fail", "live-scale-up:504:1");
        try
        {
            var banner = await ReadBannerAsync(process);
            var endpoint = banner["endpoint"];
            var supernode = banner["supernode"].Split(' ')[0];
            using var client = new SimClient(endpoint, new ModelArtsSimulatorOptions());

            var scaled = await client.PostAsync($"/hyperinstance/{supernode}/live-scale-up",
                new { flavor = BiggerFlavor, image_id = "f4059eb4-c2f5-46a8-9b33-6cbed5d3fc81", key_pair_name = "k" });
            var counters = await client.AdminAsync(HttpMethod.Get, "/__sim/faults");
            Assert.Equal((504, "APIGW.0201"), scaled.Outcome);
            Assert.Equal(1, (int)counters.Body["act_then_fail_answers"]!);

            Signal(process, "TERM");
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30)); // a guard against a hang, not a measurement
            await process.WaitForExitAsync(patience.Token);

            Assert.Equal(0, process.ExitCode);
            var port = new Uri(endpoint).Port;
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start(); // the port was released
        }
        finally
        {
            if (!process.HasExited)
                process.Kill();
        }
    }

    [Fact]
    public async Task A_bad_flag_value_names_the_flag_and_exits_2()
    {
        using var process = Start("--act-then-fail", "live-scale-up:teapot:1");
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var error = await process.StandardError.ReadToEndAsync(patience.Token);
        await process.WaitForExitAsync(patience.Token);

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("answer teapot", error);
    }

    private static Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ModelArtsSimulator.dll"));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        return Process.Start(start)!;
    }

    /// <summary>The "name  value" lines printed before the simulator serves, up to the stop hint.</summary>
    private static async Task<Dictionary<string, string>> ReadBannerAsync(Process process)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var lines = new Dictionary<string, string>();
        while (await process.StandardOutput.ReadLineAsync(patience.Token) is { } line && !line.Contains("to stop", StringComparison.Ordinal))
        {
            var parts = line.Split(' ', 2, StringSplitOptions.TrimEntries);
            if (parts.Length == 2)
                lines.TryAdd(parts[0], parts[1]);
        }
        return lines;
    }

    private static void Signal(Process process, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}
