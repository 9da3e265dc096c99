using System.Diagnostics;
using System.Text;
using Grpc.Net.Client;
using Newtonsoft.Json;

namespace ClusterScale.Harness;

/// <summary>
/// The plugin binary, launched exactly as the Pulumi engine launches it: flags then the engine address as arguments,
/// <c>PULUMI_CONFIG</c> in the environment, the first stdout line read as the gRPC port, on a <see cref="TestMachine"/>
/// that has nothing made for the plugin in advance. Everything the process
/// writes is kept so tests can assert stdout held nothing but that line. Disposing stops it like the engine does:
/// SIGINT, a grace period, then kill.
/// </summary>
public sealed class PluginProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartBudget = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;
    private readonly TaskCompletionSource<string> _firstLine = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private GrpcChannel? _channel;

    private PluginProcess(Process process)
    {
        _process = process;
        _stdoutPump = PumpAsync(process.StandardOutput, _stdout, watchFirstLine: true);
        _stderrPump = PumpAsync(process.StandardError, _stderr, watchFirstLine: false);
    }

    /// <summary>Where plugins started on the default machine keep their operation journal (it may not exist yet).</summary>
    public static string JournalDirectory => TestMachine.Default.JournalDirectory;

    public int Port { get; private set; }
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>SIGKILL, as a runner dying does it: no graceful shutdown, no chance to record anything.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>The time from exec to the port line: the startup cost the engine pays on every run.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>A client on the plugin's port, created on first use.</summary>
    public ProviderClient Client => ClientWith(ProviderClient.DefaultDeadline);

    /// <summary>A client whose calls may each take up to <paramref name="deadline"/>.</summary>
    public ProviderClient ClientWith(TimeSpan deadline) => new(_channel ??= GrpcChannel.ForAddress($"http://127.0.0.1:{Port}"), deadline);

    /// <summary>Everything written to stdout so far (complete once the process has exited).</summary>
    public string Stdout
    {
        get { lock (_stdout) return _stdout.ToString(); }
    }

    public string Stderr
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    public static async Task<PluginProcess> StartAsync(PluginLaunch launch)
    {
        var info = new ProcessStartInfo(RepoPaths.Plugin(launch.PluginPath))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The engine never writes to a plugin's stdin; an open pipe here would hide a plugin that waits on it.
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var flag in launch.Flags ?? []) info.ArgumentList.Add(flag);
        if (launch.EngineAddress is { } engine) info.ArgumentList.Add(engine);
        if (launch.Config is { } config) info.Environment["PULUMI_CONFIG"] = JsonConvert.SerializeObject(config);
        (launch.Machine ?? TestMachine.Default).ApplyTo(info.Environment);
        foreach (var (name, value) in launch.Environment ?? new Dictionary<string, string>()) info.Environment[name] = value;

        var clock = Stopwatch.StartNew();
        var plugin = new PluginProcess(Process.Start(info) ?? throw new InvalidOperationException($"could not start {info.FileName}"));
        try
        {
            var line = await plugin._firstLine.Task.WaitAsync(StartBudget);
            plugin.StartupTime = clock.Elapsed;
            plugin.Port = int.TryParse(line, out var port) ? port
                : throw new InvalidOperationException($"the plugin's first stdout line is not a port: '{line}'; stderr: {plugin.Stderr}");
            return plugin;
        }
        catch
        {
            await plugin.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends SIGINT, as the engine does at the end of a run.</summary>
    public void Interrupt() => Signals.Interrupt(_process.Id);

    /// <summary>Waits for the process to exit and its output to be fully read.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan budget)
    {
        await _process.WaitForExitAsync().WaitAsync(budget);
        await Task.WhenAll(_stdoutPump, _stderrPump);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        _channel?.Dispose();
        if (!_process.HasExited)
        {
            Interrupt();
            try
            {
                await _process.WaitForExitAsync().WaitAsync(StopGrace);
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        await _process.WaitForExitAsync();
        await Task.WhenAll(_stdoutPump, _stderrPump);
        _process.Dispose();
    }

    private async Task PumpAsync(StreamReader reader, StringBuilder sink, bool watchFirstLine)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            lock (sink)
            {
                sink.Append(buffer, 0, read);
                var text = sink.ToString();
                if (watchFirstLine && text.IndexOf('\n') is var end and >= 0) _firstLine.TrySetResult(text[..end]);
            }
        }
        if (watchFirstLine) _firstLine.TrySetException(new InvalidOperationException($"the plugin closed stdout without a port line; stderr: {Stderr}"));
    }
}
