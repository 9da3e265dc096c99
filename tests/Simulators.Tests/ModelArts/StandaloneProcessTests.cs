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
        using var process = Start("--port", "0", "--supernode", Flavor, "--supernode", Flavor + ",charging=PRE_PAID,stopped=1,arrival=trickle",
            "--act-then-fail", "live-scale-up:504:1", "--posts-per-minute", "2", "--retry-after", "3",
            "--arrival-delay-ms", "600000", "--clock-offset-ms", "-600000");
        try
        {
            var banner = await ReadBannerAsync(process);
            var endpoint = banner.Single(line => line.Key == "endpoint").Value;
            var supernodes = banner.Where(line => line.Key == "supernode").Select(line => line.Value.Split(' ')[0]).ToList();
            using var client = new SimClient(endpoint, new ModelArtsSimulatorOptions());

            var body = new { flavor = BiggerFlavor, image_id = "f4059eb4-c2f5-46a8-9b33-6cbed5d3fc81", key_pair_name = "k" };
            var scaled = await client.PostAsync($"/hyperinstance/{supernodes[0]}/live-scale-up", body);
            var acceptedNothingListed = await client.GetAsync($"/hyperinstance/{supernodes[0]}");
            var prePaid = await client.GetAsync($"/hyperinstance/{supernodes[1]}");
            await client.PostAsync($"/hyperinstance/{supernodes[1]}/live-scale-up", body);
            var throttled = await client.PostAsync($"/hyperinstance/{supernodes[1]}/live-scale-up", body);
            var counters = await client.AdminAsync(HttpMethod.Get, "/__sim/faults");
            Assert.Equal((504, "APIGW.0201"), scaled.Outcome);
            Assert.Single(acceptedNothingListed.Body["servers"]!); // acted, its server listed only after the 10-minute delay
            Assert.True(acceptedNothingListed.Date < DateTimeOffset.UtcNow - TimeSpan.FromMinutes(5), $"Date {acceptedNothingListed.Date} is the cloud's clock, 10 minutes behind (within the 15 minutes X-Sdk-Date may be off)");
            Assert.Equal(("PRE_PAID", "STOPPED"), ((string)prePaid.Body["servers"]![0]!["charging_mode"]!, (string)prePaid.Body["servers"]!.Last()["status"]!));
            Assert.Equal((429, "3"), (throttled.Status, throttled.RetryAfter));
            Assert.Equal((1, 1), ((int)counters.Body["act_then_fail_answers"]!, (int)counters.Body["posts_throttled"]!));

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

    [Theory]
    [InlineData("--act-then-fail", "live-scale-up:teapot:1", "answer teapot")]
    [InlineData("--supernode", "kat3ne-8-800t.48xlarge.8.matrix,colour=red", "colour=red")]
    [InlineData("--arrival", "sometimes", "arrival sometimes")]
    [InlineData("--retry-after", "3", "--retry-after needs --posts-per-minute")]
    public async Task A_bad_flag_value_names_the_flag_and_exits_2(string flag, string value, string named)
    {
        using var process = Start(flag, value);
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var error = await process.StandardError.ReadToEndAsync(patience.Token);
        await process.WaitForExitAsync(patience.Token);

        Assert.Equal(2, process.ExitCode);
        Assert.Contains(named, error);
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
    private static async Task<List<KeyValuePair<string, string>>> ReadBannerAsync(Process process)
    {
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var lines = new List<KeyValuePair<string, string>>();
        while (await process.StandardOutput.ReadLineAsync(patience.Token) is { } line && !line.Contains("to stop", StringComparison.Ordinal))
        {
            var parts = line.Split(' ', 2, StringSplitOptions.TrimEntries);
            if (parts.Length == 2)
                lines.Add(new(parts[0], parts[1]));
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
