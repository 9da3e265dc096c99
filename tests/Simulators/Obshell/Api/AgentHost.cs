using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ClusterScale.Simulators.Obshell.Api;

/// <summary>An HTTP listener on 127.0.0.1 (an agent's, or the admin route's); it can stop and come back on the same port.</summary>
internal sealed class AgentHost(RequestDelegate handler, int port = 0) : IAsyncDisposable
{
    private WebApplication? app;

    /// <summary>The listener's port (0: chosen by the OS at first start; kept across restarts).</summary>
    public int Port { get; private set; } = port;

    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>A restarted listener rebinds its port: for a moment another socket of this machine may hold it as its
    /// local port (ephemeral ports are shared by listeners and outgoing connections; seen once in the open-world
    /// campaign, six lanes of clusters on one machine), so the bind is retried for a little while.</summary>
    private static readonly TimeSpan RebindFor = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RebindPause = TimeSpan.FromMilliseconds(50);

    public async Task StartAsync(CancellationToken ct)
    {
        var giveUp = DateTime.UtcNow + RebindFor;
        while (true)
        {
            try
            {
                await StartOnceAsync(ct).ConfigureAwait(false);
                return;
            }
            catch (IOException e) when (Port != 0 && e.InnerException is AddressInUseException && DateTime.UtcNow < giveUp)
            {
                await Task.Delay(RebindPause, ct).ConfigureAwait(false);
            }
        }
    }

    private async Task StartOnceAsync(CancellationToken ct)
    {
        // No config reload: a file watcher per agent would exhaust the inotify instances when many clusters run at once.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory, Args = ["--hostBuilder:reloadConfigOnChange=false"] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false; // obshell (gin) sends no Server header
            kestrel.Listen(IPAddress.Loopback, Port);
        });
        var started = builder.Build();
        started.Run(handler);
        try
        {
            await started.StartAsync(ct).ConfigureAwait(false);
        }
        catch
        {
            await started.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        if (Port == 0)
        {
            Port = new Uri(started.Urls.First()).Port;
        }

        app = started;
    }

    public async Task StopAsync()
    {
        if (app is { } running)
        {
            app = null;
            await running.StopAsync().ConfigureAwait(false);
            await running.DisposeAsync().ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
