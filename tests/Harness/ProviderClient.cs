using ClusterScale.Provider.Protocol;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Pulumirpc;

namespace ClusterScale.Harness;

/// <summary>
/// Calls the plugin's RPCs the way a modern engine fills them in (URN plus type and name fields), taking and giving
/// <see cref="PropertyMap"/>s so tests read like Pulumi programs. <see cref="Raw"/> is there for anything unusual
/// (e.g. a request with only a URN, or a hand-built malformed Struct).
/// </summary>
public sealed class ProviderClient(GrpcChannel channel, TimeSpan? deadline = null)
{
    /// <summary>Generous enough for the simulators' short waits; a hung plugin still fails the test.</summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromMinutes(2);

    public ResourceProvider.ResourceProviderClient Raw { get; } = new(channel);

    /// <summary>How long one call may take; longer than <see cref="DefaultDeadline"/> only for deliberately long runs (bench).</summary>
    public TimeSpan Deadline { get; } = deadline ?? DefaultDeadline;

    private CallOptions Options(CancellationToken cancellation = default) =>
        new(deadline: DateTime.UtcNow + Deadline, cancellationToken: cancellation);

    public async Task<ProviderHandshakeResponse> HandshakeAsync(string engineAddress) =>
        await Raw.HandshakeAsync(new ProviderHandshakeRequest { EngineAddress = engineAddress }, Options());

    public async Task<string> GetPluginVersionAsync() => (await Raw.GetPluginInfoAsync(new Empty(), Options())).Version;

    public async Task<string> GetSchemaAsync() => (await Raw.GetSchemaAsync(new GetSchemaRequest(), Options())).Schema;

    /// <summary>Config values as the engine sends them: strings, non-strings JSON-encoded, keys without the package prefix.</summary>
    public async Task<CheckResponse> CheckConfigAsync(PropertyMap news, PropertyMap? olds = null) =>
        await Raw.CheckConfigAsync(new CheckRequest
        {
            Urn = Urns.DefaultProvider(), Name = "default", Type = "pulumi:providers:clusterscale",
            Olds = PropertyStruct.ToStruct(olds ?? PropertyMap.Empty), News = PropertyStruct.ToStruct(news),
        }, Options());

    public async Task<DiffResponse> DiffConfigAsync(PropertyMap olds, PropertyMap news) =>
        await Raw.DiffConfigAsync(new DiffRequest
        {
            Urn = Urns.DefaultProvider(), Name = "default", Type = "pulumi:providers:clusterscale",
            Olds = PropertyStruct.ToStruct(olds), OldInputs = PropertyStruct.ToStruct(olds), News = PropertyStruct.ToStruct(news),
        }, Options());

    public async Task<ConfigureResponse> ConfigureAsync(PropertyMap args) =>
        await Raw.ConfigureAsync(new ConfigureRequest
        {
            Args = PropertyStruct.ToStruct(args), AcceptSecrets = true, AcceptResources = true, SendsOldInputs = true, SendsOldInputsToDelete = true,
        }, Options());

    /// <summary>Runs CheckConfig then Configure with its checked result, as the engine does; fails on check failures.</summary>
    public async Task<PropertyMap> CheckAndConfigureAsync(PropertyMap config)
    {
        var check = await CheckConfigAsync(config);
        if (check.Failures.Count > 0)
            throw new InvalidOperationException("CheckConfig failed: " + string.Join("; ", check.Failures.Select(f => $"{f.Property}: {f.Reason}")));
        var checkedConfig = PropertyStruct.ToMap(check.Inputs);
        await ConfigureAsync(checkedConfig);
        return checkedConfig;
    }

    public async Task<CheckResponse> CheckAsync(string urn, PropertyMap olds, PropertyMap news) =>
        await Raw.CheckAsync(new CheckRequest
        {
            Urn = urn, Type = TypeOf(urn), Name = NameOf(urn), Olds = PropertyStruct.ToStruct(olds), News = PropertyStruct.ToStruct(news),
        }, Options());

    public async Task<DiffResponse> DiffAsync(string id, string urn, PropertyMap oldOutputs, PropertyMap oldInputs, PropertyMap news, params string[] ignoreChanges) =>
        await Raw.DiffAsync(new DiffRequest
        {
            Id = id, Urn = urn, Type = TypeOf(urn), Name = NameOf(urn), Olds = PropertyStruct.ToStruct(oldOutputs),
            OldInputs = PropertyStruct.ToStruct(oldInputs), News = PropertyStruct.ToStruct(news), IgnoreChanges = { ignoreChanges },
        }, Options());

    public async Task<CreateResponse> CreateAsync(string urn, PropertyMap properties, bool preview, double timeoutSeconds = 0, CancellationToken cancellation = default) =>
        await Raw.CreateAsync(new CreateRequest
        {
            Urn = urn, Type = TypeOf(urn), Name = NameOf(urn), Properties = PropertyStruct.ToStruct(properties), Preview = preview, Timeout = timeoutSeconds,
        }, Options(cancellation));

    /// <summary>Refresh passes old outputs and inputs; import passes only the id (empty maps).</summary>
    public async Task<ReadResponse> ReadAsync(string id, string urn, PropertyMap? properties = null, PropertyMap? inputs = null) =>
        await Raw.ReadAsync(new ReadRequest
        {
            Id = id, Urn = urn, Type = TypeOf(urn), Name = NameOf(urn),
            Properties = PropertyStruct.ToStruct(properties ?? PropertyMap.Empty), Inputs = PropertyStruct.ToStruct(inputs ?? PropertyMap.Empty),
        }, Options());

    public async Task<UpdateResponse> UpdateAsync(string id, string urn, PropertyMap oldOutputs, PropertyMap oldInputs, PropertyMap news, bool preview, double timeoutSeconds = 0) =>
        await Raw.UpdateAsync(new UpdateRequest
        {
            Id = id, Urn = urn, Type = TypeOf(urn), Name = NameOf(urn), Olds = PropertyStruct.ToStruct(oldOutputs),
            OldInputs = PropertyStruct.ToStruct(oldInputs), News = PropertyStruct.ToStruct(news), Preview = preview, Timeout = timeoutSeconds,
        }, Options());

    public async Task DeleteAsync(string id, string urn, PropertyMap outputs, PropertyMap oldInputs, double timeoutSeconds = 0) =>
        await Raw.DeleteAsync(new DeleteRequest
        {
            Id = id, Urn = urn, Type = TypeOf(urn), Name = NameOf(urn), Properties = PropertyStruct.ToStruct(outputs),
            OldInputs = PropertyStruct.ToStruct(oldInputs), Timeout = timeoutSeconds,
        }, Options());

    /// <summary>A provider function call, as the engine forwards a program's invoke.</summary>
    public async Task<InvokeResponse> InvokeAsync(string token, PropertyMap args, bool preview = false) =>
        await Raw.InvokeAsync(new InvokeRequest { Tok = token, Args = PropertyStruct.ToStruct(args), Preview = preview }, Options());

    public async Task CancelAsync() => await Raw.CancelAsync(new Empty(), Options());

    public async Task AttachAsync(string engineAddress) => await Raw.AttachAsync(new PluginAttach { Address = engineAddress }, Options());

    private static string TypeOf(string urn) => urn.Split("::", 4)[2].Split('$')[^1];
    private static string NameOf(string urn) => urn.Split("::", 4)[3];
}
