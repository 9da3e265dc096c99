using System.Net;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Pulumirpc;

namespace ClusterScale.Harness;

/// <summary>
/// The engine's side of the plugin's callbacks: a loopback gRPC server implementing <c>pulumirpc.Engine/Log</c> that
/// records every message, so tests can assert what a user would see. Started without the Log service it behaves like
/// an engine that lacks it (every call answers Unimplemented), which the plugin must tolerate.
/// </summary>
public sealed class TestEngine : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly LogBook _logs;

    private TestEngine(WebApplication app, LogBook logs, int port)
    {
        _app = app;
        _logs = logs;
        Address = $"127.0.0.1:{port}";
    }

    /// <summary>The address to pass to the plugin (<c>127.0.0.1:port</c>).</summary>
    public string Address { get; }

    public IReadOnlyList<LogRequest> Logs => _logs.Snapshot();

    public static async Task<TestEngine> StartAsync(bool withLogService = true)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddRoutingCore();
        builder.Services.AddGrpc();
        var logs = new LogBook();
        builder.Services.AddSingleton(logs);
        var app = builder.Build();
        if (withLogService) app.MapGrpcService<LogService>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new TestEngine(app, logs, new Uri(address).Port);
    }

    /// <summary>Waits until a log message matching <paramref name="match"/> has arrived (or the budget runs out).</summary>
    public Task<LogRequest> WaitForLogAsync(Func<LogRequest, bool> match, TimeSpan budget) => _logs.WaitForAsync(match).WaitAsync(budget);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Every LogRequest received, with waiters woken on each arrival.</summary>
    internal sealed class LogBook
    {
        private readonly List<LogRequest> _entries = [];
        private readonly List<(Func<LogRequest, bool> Match, TaskCompletionSource<LogRequest> Done)> _waiters = [];

        public void Add(LogRequest entry)
        {
            lock (_entries)
            {
                _entries.Add(entry);
                foreach (var waiter in _waiters.Where(w => w.Match(entry)).ToList())
                {
                    waiter.Done.TrySetResult(entry);
                    _waiters.Remove(waiter);
                }
            }
        }

        public IReadOnlyList<LogRequest> Snapshot()
        {
            lock (_entries) return _entries.ToList();
        }

        public Task<LogRequest> WaitForAsync(Func<LogRequest, bool> match)
        {
            lock (_entries)
            {
                if (_entries.FirstOrDefault(match) is { } seen) return Task.FromResult(seen);
                var done = new TaskCompletionSource<LogRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((match, done));
                return done.Task;
            }
        }
    }

    internal sealed class LogService(LogBook logs) : Engine.EngineBase
    {
        public override Task<Google.Protobuf.WellKnownTypes.Empty> Log(LogRequest request, ServerCallContext context)
        {
            logs.Add(request);
            return Task.FromResult(new Google.Protobuf.WellKnownTypes.Empty());
        }
    }
}
