using Grpc.Core;
using Grpc.Net.Client;
using Pulumirpc;

namespace ClusterScale.Provider.Protocol;

/// <summary>
/// The connection to the engine's <c>pulumirpc.Engine/Log</c> service, for messages the user sees under a resource.
/// The address comes from the command line, Handshake or Attach, whichever arrives. Logging is never allowed to fail
/// an operation: with no address, an engine without a Log service, or an engine that has gone away, the message goes
/// to the debug log instead.
/// </summary>
public sealed class EngineLog(DebugLog debug) : IDisposable
{
    private static readonly TimeSpan CallBudget = TimeSpan.FromSeconds(5);
    private readonly Lock _gate = new();
    private GrpcChannel? _channel;
    private Engine.EngineClient? _client;
    private string? _address;

    public string? Address
    {
        get { lock (_gate) return _address; }
    }

    /// <summary>Points logging at <paramref name="address"/> (<c>host:port</c>); the same address again is a no-op.
    /// The channel is opened on the first message, not here: startup time is on every engine run's critical path.</summary>
    public void Connect(string address)
    {
        if (string.IsNullOrWhiteSpace(address)) return;
        lock (_gate)
        {
            if (address == _address) return;
            _channel?.Dispose();
            _channel = null;
            _client = null;
            _address = address;
        }
    }

    private Engine.EngineClient? Client()
    {
        lock (_gate)
        {
            if (_client is not null || _address is null) return _client;
            _channel = GrpcChannel.ForAddress(_address.Contains("://") ? _address : $"http://{_address}");
            return _client = new Engine.EngineClient(_channel);
        }
    }

    /// <summary>Never throws: a message that cannot be delivered (no engine, a malformed address, an engine that went
    /// away, anything else) is written to the debug log instead, and the operation goes on.</summary>
    public async Task LogAsync(LogSeverity severity, string message, string urn, bool ephemeral)
    {
        try
        {
            if (Client() is not { } client)
            {
                debug.Write($"(no engine to log to) {severity} {urn}: {message}");
                return;
            }
            var request = new LogRequest { Severity = severity, Message = message, Urn = urn, Ephemeral = ephemeral };
            await client.LogAsync(request, deadline: DateTime.UtcNow + CallBudget);
        }
        catch (Exception e)
        {
            debug.Write($"engine Log failed ({(e is RpcException rpc ? rpc.StatusCode.ToString() : e.GetType().Name)}); dropped {severity} {urn}: {message}");
        }
    }

    public void Dispose()
    {
        lock (_gate) _channel?.Dispose();
    }
}
