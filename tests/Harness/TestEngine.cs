using Microsoft.AspNetCore.Builder;
using Grpc.Core;
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
    private readonly LoopbackGrpcServer _server;
    private readonly LogBook _logs;

    private TestEngine(LoopbackGrpcServer server, LogBook logs)
    {
        _server = server;
        _logs = logs;
    }

    /// <summary>The address to pass to the plugin (<c>127.0.0.1:port</c>).</summary>
    public string Address => _server.Address;

    public IReadOnlyList<LogRequest> Logs => _logs.Snapshot();

    /// <param name="onLog">Called with each message as it arrives (the demo prints progress live with it).</param>
    public static async Task<TestEngine> StartAsync(bool withLogService = true, Action<LogRequest>? onLog = null)
    {
        var logs = new LogBook(onLog);
        var server = await LoopbackGrpcServer.StartAsync(services => services.AddSingleton(logs), app =>
        {
            if (withLogService) app.MapGrpcService<LogService>();
        });
        return new TestEngine(server, logs);
    }

    /// <summary>Waits until a log message matching <paramref name="match"/> has arrived (or the budget runs out).</summary>
    public Task<LogRequest> WaitForLogAsync(Func<LogRequest, bool> match, TimeSpan budget) => _logs.WaitForAsync(match).WaitAsync(budget);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    /// <summary>Every LogRequest received, with waiters woken on each arrival.</summary>
    internal sealed class LogBook(Action<LogRequest>? onLog)
    {
        private readonly List<LogRequest> _entries = [];
        private readonly List<(Func<LogRequest, bool> Match, TaskCompletionSource<LogRequest> Done)> _waiters = [];

        public void Add(LogRequest entry)
        {
            lock (_entries)
            {
                _entries.Add(entry);
            onLog?.Invoke(entry);
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
