using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Grpc.AspNetCore.Server.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace ClusterScale.Provider.Protocol;

/// <summary>
/// The gRPC endpoint: cleartext HTTP/2 on a loopback ephemeral port, as the engine dials it. Built on the empty
/// WebApplication builder: no configuration files, no logging providers (ASP.NET's "Now listening on" line on stdout
/// would break the port handshake) and little startup work, since the engine launches the plugin on every run.
/// </summary>
public sealed class PluginServer : IAsyncDisposable
{
    /// <summary>How long shutdown waits for calls in flight; Cancel has already aborted their waits by then.</summary>
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(2);

    private readonly WebApplication _app;

    private PluginServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public static async Task<PluginServer> StartAsync(ProviderHost host, CancellationToken cancellation = default)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddRoutingCore();
        builder.Services.AddGrpc();
        // Grpc.AspNetCore's reflection-based method binder gives way to the ahead-of-time one (see ResourceProviderMethods).
        builder.Services.RemoveAll(typeof(IServiceMethodProvider<>));
        builder.Services.AddSingleton<IServiceMethodProvider<ResourceProviderService>, ResourceProviderMethods>();
        builder.Services.AddSingleton<ResourceProviderService>();
        builder.Services.AddSingleton(host);
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownGrace);

        var app = builder.Build();
        app.MapGrpcService<ResourceProviderService>();
        // SIGINT/SIGTERM stop the host; abort in-flight waits so shutdown is prompt and nothing blocks on a cluster.
        app.Lifetime.ApplicationStopping.Register(host.Cancellation.CancelAll);
        await app.StartAsync(cancellation);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new PluginServer(app, new Uri(address).Port);
    }

    /// <summary>Completes when the process is asked to stop (SIGINT, SIGTERM) or <see cref="DisposeAsync"/> runs.</summary>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
