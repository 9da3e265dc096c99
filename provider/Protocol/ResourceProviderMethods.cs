using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Pulumirpc;

namespace ClusterScale.Provider.Protocol;

/// <summary>
/// Registers the ResourceProvider methods with Grpc.AspNetCore, each with its concrete request and response types.
/// The default route to the same place (the generated <c>BindService</c> calling a binder's generic virtual
/// <c>AddMethod</c>, plus reflection to find each implementation) makes Native AOT build those generic instantiations
/// at run time, which was the largest single part of the plugin's start; written out here, they are compiled ahead
/// of time. <see cref="ResourceProviderService"/> keeps no per-call state, so one instance serves every call.
/// Types and names cannot drift from provider.proto (each line is typed by the generated method it binds); a test
/// calls every method of the generated service descriptor to prove none is missing.
/// </summary>
internal sealed class ResourceProviderMethods(ResourceProviderService service) : IServiceMethodProvider<ResourceProviderService>
{
    /// <summary>As in provider.proto; spelled out because asking the generated descriptor builds the whole file's
    /// reflection descriptors, a few milliseconds of start for one string.</summary>
    private const string ServiceName = "pulumirpc.ResourceProvider";

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<ResourceProviderService> context)
    {
        Add(context, nameof(service.Handshake), ProviderHandshakeRequest.Parser, ProviderHandshakeResponse.Parser, service.Handshake);
        Add(context, nameof(service.GetPluginInfo), Empty.Parser, PluginInfo.Parser, service.GetPluginInfo);
        Add(context, nameof(service.GetSchema), GetSchemaRequest.Parser, GetSchemaResponse.Parser, service.GetSchema);
        Add(context, nameof(service.CheckConfig), CheckRequest.Parser, CheckResponse.Parser, service.CheckConfig);
        Add(context, nameof(service.DiffConfig), DiffRequest.Parser, DiffResponse.Parser, service.DiffConfig);
        Add(context, nameof(service.Configure), ConfigureRequest.Parser, ConfigureResponse.Parser, service.Configure);
        Add(context, nameof(service.Check), CheckRequest.Parser, CheckResponse.Parser, service.Check);
        Add(context, nameof(service.Diff), DiffRequest.Parser, DiffResponse.Parser, service.Diff);
        Add(context, nameof(service.Create), CreateRequest.Parser, CreateResponse.Parser, service.Create);
        Add(context, nameof(service.Read), ReadRequest.Parser, ReadResponse.Parser, service.Read);
        Add(context, nameof(service.Update), UpdateRequest.Parser, UpdateResponse.Parser, service.Update);
        Add(context, nameof(service.Delete), DeleteRequest.Parser, Empty.Parser, service.Delete);
        Add(context, nameof(service.Cancel), Empty.Parser, Empty.Parser, service.Cancel);
        Add(context, nameof(service.Attach), PluginAttach.Parser, Empty.Parser, service.Attach);
        Add(context, nameof(service.Invoke), InvokeRequest.Parser, InvokeResponse.Parser, service.Invoke);
    }

    private static void Add<TRequest, TResponse>(ServiceMethodProviderContext<ResourceProviderService> context, string name,
        MessageParser<TRequest> request, MessageParser<TResponse> response, UnaryServerMethod<TRequest, TResponse> handler)
        where TRequest : class, IMessage<TRequest> where TResponse : class, IMessage<TResponse>
    {
        var method = new Method<TRequest, TResponse>(MethodType.Unary, ServiceName, name, Marshal(request), Marshal(response));
        context.AddUnaryMethod(method, [], (_, message, call) => handler(message, call));
    }

    private static Marshaller<T> Marshal<T>(MessageParser<T> parser) where T : class, IMessage<T> =>
        Marshallers.Create(message => message.ToByteArray(), parser.ParseFrom);
}
