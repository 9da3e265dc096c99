using ClusterScale.Provider.Protocol;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace ClusterScale.Provider.Tests.Protocol;

/// <summary>
/// The real host (PluginServer + ResourceProviderService) on a loopback port, called over a real HTTP/2 socket.
/// The provider assembly compiles only server stubs, so calls are made through the raw call invoker by method name.
/// </summary>
internal sealed class InProcessPlugin : IAsyncDisposable
{
    private readonly GrpcChannel _channel;

    private InProcessPlugin(ProviderHost host, PluginServer server)
    {
        Host = host;
        Server = server;
        _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{server.Port}");
    }

    public ProviderHost Host { get; }
    public PluginServer Server { get; }

    public static async Task<InProcessPlugin> StartAsync(params IProviderModule[] modules)
    {
        var host = new ProviderHost(modules);
        return new InProcessPlugin(host, await PluginServer.StartAsync(host));
    }

    public async Task<TResponse> CallAsync<TRequest, TResponse>(string method, TRequest request)
        where TRequest : class, IMessage<TRequest>
        where TResponse : class, IMessage<TResponse>, new()
    {
        var parser = new MessageParser<TResponse>(() => new TResponse());
        var descriptor = new Method<TRequest, TResponse>(MethodType.Unary, "pulumirpc.ResourceProvider", method,
            Marshallers.Create<TRequest>(m => m.ToByteArray(), _ => throw new NotSupportedException()),
            Marshallers.Create(m => m.ToByteArray(), parser.ParseFrom));
        return await _channel.CreateCallInvoker().AsyncUnaryCall(descriptor, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30)), request);
    }

    /// <summary>Sends bytes encoded by hand, as another protobuf implementation (the engine's) would, and returns
    /// the answer's bytes.</summary>
    public async Task<byte[]> CallRawAsync(string method, byte[] request)
    {
        var bytes = Marshallers.Create(b => b, b => b);
        var descriptor = new Method<byte[], byte[]>(MethodType.Unary, "pulumirpc.ResourceProvider", method, bytes, bytes);
        return await _channel.CreateCallInvoker().AsyncUnaryCall(descriptor, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30)), request);
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await Server.DisposeAsync();
        Host.Dispose();
    }
}
