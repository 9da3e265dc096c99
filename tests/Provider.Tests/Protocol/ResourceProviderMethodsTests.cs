using Grpc.Core;
using Grpc.Net.Client;
using Pulumirpc;

namespace ClusterScale.Provider.Tests.Protocol;

public sealed class ResourceProviderMethodsTests
{
    /// <summary>Every rpc of provider.proto reaches the service: an empty request (valid for any message) may be
    /// refused, but never with Unimplemented, which is what an unregistered method answers.</summary>
    [Fact]
    public async Task Every_method_of_the_generated_service_is_served()
    {
        await using var plugin = await InProcessPlugin.StartAsync(new FakeModule());
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{plugin.Server.Port}");
        var bytes = Marshallers.Create(b => b, b => b);
        var answers = new Dictionary<string, StatusCode>();

        foreach (var method in ResourceProvider.Descriptor.Methods)
        {
            var call = new Method<byte[], byte[]>(MethodType.Unary, ResourceProvider.Descriptor.FullName, method.Name, bytes, bytes);
            try
            {
                await channel.CreateCallInvoker().AsyncUnaryCall(call, null, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30)), []);
                answers[method.Name] = StatusCode.OK;
            }
            catch (RpcException e)
            {
                answers[method.Name] = e.StatusCode;
            }
        }

        Assert.Equal(ResourceProvider.Descriptor.Methods.Count, answers.Count);
        Assert.DoesNotContain(answers, a => a.Value == StatusCode.Unimplemented);
        Assert.Equal(StatusCode.OK, answers["GetPluginInfo"]);
    }
}
