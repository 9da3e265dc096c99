using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Newtonsoft.Json.Linq;
using Pulumirpc;

namespace ClusterScale.Provider.Protocol;

/// <summary>
/// The <c>pulumirpc.ResourceProvider</c> service: converts wire messages to the resource contract, routes them by
/// type token, and maps results and exceptions back. RPCs not overridden here (and those absent from the proto)
/// answer Unimplemented, which the engine accepts for everything it does not need.
/// </summary>
public sealed class ResourceProviderService(ProviderHost host) : ResourceProvider.ResourceProviderBase
{
    public override Task<ProviderHandshakeResponse> Handshake(ProviderHandshakeRequest request, ServerCallContext context)
    {
        host.EngineLog.Connect(request.EngineAddress);
        // Outputs stay off: the engine then sends plain secrets and unknowns, which is all the resources read.
        return Task.FromResult(new ProviderHandshakeResponse { AcceptSecrets = true, AcceptResources = true, AcceptOutputs = false });
    }

    public override Task<PluginInfo> GetPluginInfo(Empty request, ServerCallContext context) =>
        Task.FromResult(new PluginInfo { Version = PackageSchema.Version });

    public override Task<GetSchemaResponse> GetSchema(GetSchemaRequest request, ServerCallContext context) =>
        Run(context, _ => Task.FromResult(new GetSchemaResponse { Schema = host.Schema }));

    public override Task<CheckResponse> CheckConfig(CheckRequest request, ServerCallContext context) => Run(context, async _ =>
    {
        var news = PropertyStruct.ToMap(request.News);
        var result = host.Configuration.Check(news);
        foreach (var key in result.UnknownKeys)
            await host.EngineLog.LogAsync(LogSeverity.Warning,
                $"unknown configuration key {PackageSchema.Name}:{key} is ignored; known keys: {string.Join(", ", host.Configuration.Schema.Keys.Order(StringComparer.Ordinal))}",
                request.Urn, ephemeral: false);
        return ToCheckResponse(result.Inputs, result.Failures);
    });

    public override Task<DiffResponse> DiffConfig(DiffRequest request, ServerCallContext context) => Run(context, _ =>
    {
        var changed = host.Configuration.ChangedKeys(PropertyStruct.ToMap(request.Olds), PropertyStruct.ToMap(request.News));
        var response = new DiffResponse { Changes = changed.Count > 0 ? DiffResponse.Types.DiffChanges.DiffSome : DiffResponse.Types.DiffChanges.DiffNone, HasDetailedDiff = true };
        response.Diffs.AddRange(changed);
        foreach (var key in changed) response.DetailedDiff[key] = new PropertyDiff { Kind = PropertyDiff.Types.Kind.Update, InputDiff = true };
        return Task.FromResult(response);
    });

    public override Task<ConfigureResponse> Configure(ConfigureRequest request, ServerCallContext context) => Run(context, _ =>
    {
        host.Configuration.Configure(PropertyStruct.ToMap(request.Args), request.Variables);
        return Task.FromResult(new ConfigureResponse { AcceptSecrets = true, SupportsPreview = true, AcceptResources = true, AcceptOutputs = false });
    });

    public override Task<CheckResponse> Check(CheckRequest request, ServerCallContext context) => Run(context, async token =>
    {
        var resource = host.Registry.Find(ResourceUrn.TypeOf(request.Urn, request.Type));
        var news = PropertyStruct.ToMap(request.News);
        var input = new CheckInput(request.Urn, ResourceUrn.NameOf(request.Urn, request.Name), PropertyStruct.ToMap(request.Olds), news);
        var result = await resource.CheckAsync(input, token);
        var failures = result.Failures.Select(f => f with { Reason = SecretRedaction.Redact(f.Reason, news) });
        return ToCheckResponse(SecretOutputs.Protect(result.Inputs, news, Section(resource, "inputProperties")), failures);
    });

    public override Task<DiffResponse> Diff(DiffRequest request, ServerCallContext context) => Run(context, async token =>
    {
        var resource = host.Registry.Find(ResourceUrn.TypeOf(request.Urn, request.Type));
        var input = new DiffInput(request.Id, request.Urn, PropertyStruct.ToMap(request.Olds), PropertyStruct.ToMap(request.OldInputs),
            PropertyStruct.ToMap(request.News), request.IgnoreChanges);
        return DiffResponses.From(await resource.DiffAsync(input, token), Section(resource, "inputProperties"));
    });

    public override Task<CreateResponse> Create(CreateRequest request, ServerCallContext context) => Run(context, async token =>
    {
        var resource = host.Registry.Find(ResourceUrn.TypeOf(request.Urn, request.Type));
        var inputs = PropertyStruct.ToMap(request.Properties);
        await RequireValidAsync(resource, request.Urn, request.Name, PropertyMap.Empty, inputs, token);
        var input = new CreateInput(request.Urn, ResourceUrn.NameOf(request.Urn, request.Name), inputs, request.Preview, Timeout(request.Timeout));
        var result = await ProtectPartialState(resource, inputs, () => resource.CreateAsync(input, Operation(request.Urn, token)));
        if (!request.Preview && string.IsNullOrEmpty(result.Id))
            throw new InvalidOperationException($"{resource.Token} created a resource without an id");
        return new CreateResponse { Id = result.Id, Properties = ToStruct(resource, result.Outputs, inputs) };
    });

    public override Task<ReadResponse> Read(ReadRequest request, ServerCallContext context) => Run(context, async token =>
    {
        var resource = host.Registry.Find(ResourceUrn.TypeOf(request.Urn, request.Type));
        var oldInputs = PropertyStruct.ToMap(request.Inputs);
        var input = new ReadInput(request.Id, request.Urn, PropertyStruct.ToMap(request.Properties), oldInputs, Timeout(request.Timeout));
        // Null = gone: an empty id with no properties tells the engine to drop the resource from state.
        if (await resource.ReadAsync(input, Operation(request.Urn, token)) is not { } result) return new ReadResponse();
        return new ReadResponse
        {
            Id = result.Id,
            Properties = ToStruct(resource, result.Outputs, oldInputs),
            Inputs = PropertyStruct.ToStruct(SecretOutputs.Protect(result.Inputs, oldInputs, Section(resource, "inputProperties"))),
        };
    });

    public override Task<UpdateResponse> Update(UpdateRequest request, ServerCallContext context) => Run(context, async token =>
    {
        var resource = host.Registry.Find(ResourceUrn.TypeOf(request.Urn, request.Type));
        var news = PropertyStruct.ToMap(request.News);
        var oldInputs = PropertyStruct.ToMap(request.OldInputs);
        await RequireValidAsync(resource, request.Urn, request.Name, oldInputs, news, token);
        var input = new UpdateInput(request.Id, request.Urn, PropertyStruct.ToMap(request.Olds), oldInputs, news,
            request.Preview, Timeout(request.Timeout), request.IgnoreChanges);
        var outputs = await ProtectPartialState(resource, news, () => resource.UpdateAsync(input, Operation(request.Urn, token)));
        return new UpdateResponse { Properties = ToStruct(resource, outputs, news) };
    });

    public override Task<Empty> Delete(DeleteRequest request, ServerCallContext context) => Run(context, async token =>
    {
        var resource = host.Registry.Find(ResourceUrn.TypeOf(request.Urn, request.Type));
        var input = new DeleteInput(request.Id, request.Urn, PropertyStruct.ToMap(request.Properties), PropertyStruct.ToMap(request.OldInputs), Timeout(request.Timeout));
        await resource.DeleteAsync(input, Operation(request.Urn, token));
        return new Empty();
    });

    /// <summary>
    /// A provider function. Functions only read, so a preview invoke behaves like any other. Bad arguments come back
    /// as <c>failures</c> naming the argument (the SDK throws with them); an unknown token is InvalidArgument. When
    /// any argument was secret, every result value is returned secret, since it may have been derived from it.
    /// </summary>
    public override Task<InvokeResponse> Invoke(InvokeRequest request, ServerCallContext context) => Run(context, async token =>
    {
        var function = host.Functions.Find(request.Tok);
        var args = PropertyStruct.ToMap(request.Args);
        try
        {
            var result = await function.InvokeAsync(args, token);
            if (args.Values.Any(v => v.ContainsSecrets))
                result = new PropertyMap(result.Select(kv => KeyValuePair.Create(kv.Key, PropertyValue.Secret(kv.Value))));
            return new InvokeResponse { Return = PropertyStruct.ToStruct(result) };
        }
        catch (FunctionArgumentException e)
        {
            var response = new InvokeResponse();
            response.Failures.Add(new Pulumirpc.CheckFailure { Property = e.Argument, Reason = SecretRedaction.Redact(e.Message, args) });
            return response;
        }
    });

    public override Task<Empty> Cancel(Empty request, ServerCallContext context)
    {
        host.Debug.Write("Cancel: aborting operations in flight");
        host.Cancellation.CancelAll();
        return Task.FromResult(new Empty());
    }

    /// <summary>Attach mode: the engine found a provider it did not start and tells it where to log.</summary>
    public override Task<Empty> Attach(PluginAttach request, ServerCallContext context)
    {
        host.EngineLog.Connect(request.Address);
        return Task.FromResult(new Empty());
    }

    /// <summary>Runs one call with a token that fires on the engine's Cancel or when the engine abandons the call,
    /// and maps any failure to the status the engine expects.</summary>
    private async Task<T> Run<T>(ServerCallContext context, Func<CancellationToken, Task<T>> body, [System.Runtime.CompilerServices.CallerMemberName] string method = "")
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(host.Cancellation.Current, context.CancellationToken);
        var started = host.Time.GetTimestamp();
        try
        {
            var result = await body(linked.Token);
            host.Debug.Write($"{method} ok in {host.Time.GetElapsedTime(started).TotalMilliseconds:0} ms");
            return result;
        }
        catch (Exception error) when (error is not RpcException)
        {
            var rpc = ErrorMapping.ToRpcException(error, linked.IsCancellationRequested, host.Configuration.Schema);
            host.Debug.Write($"{method} failed with {rpc.StatusCode}: {rpc.Status.Detail}");
            if (rpc.StatusCode == StatusCode.Unknown && error is not ResourceInitFailedException) host.Debug.Write(error.ToString());
            throw rpc;
        }
    }

    /// <summary>Partial state goes into the engine's state file, so its outputs get the same secret protection.</summary>
    private static async Task<T> ProtectPartialState<T>(IResource resource, PropertyMap inputs, Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (ResourceInitFailedException partial)
        {
            throw new ResourceInitFailedException(partial.Id, SecretOutputs.Protect(partial.Outputs, inputs, Section(resource, "properties")),
                SecretOutputs.Protect(partial.Inputs, inputs, Section(resource, "inputProperties")), partial.Reasons);
        }
    }

    private OperationContext Operation(string urn, CancellationToken token) =>
        new(urn, new EngineProgressSink(host.EngineLog, urn), host.Time, token);

    private static Struct ToStruct(IResource resource, PropertyMap outputs, PropertyMap inputs) =>
        PropertyStruct.ToStruct(SecretOutputs.Protect(outputs, inputs, Section(resource, "properties")));

    private static JObject? Section(IResource resource, string name) => resource.Schema[name] as JObject;

    /// <summary>customTimeouts arrive as seconds; 0 means "not set", so the resource applies its own default.</summary>
    private static TimeSpan? Timeout(double seconds) => seconds > 0 ? TimeSpan.FromSeconds(seconds) : null;

    /// <summary>
    /// Create and Update act on a cluster, so they never trust that the engine sent checked inputs: the resource's
    /// own Check runs again and any failure ends the call as InvalidArgument before anything is sent. Reasons name
    /// properties only, never their values, so nothing a caller sent (secrets, huge strings) is echoed back.
    /// </summary>
    private static async Task RequireValidAsync(IResource resource, string urn, string name, PropertyMap olds, PropertyMap news, CancellationToken token)
    {
        var check = await resource.CheckAsync(new CheckInput(urn, ResourceUrn.NameOf(urn, name), olds, news), token);
        if (check.Failures.Count > 0)
            throw new ProviderInputException($"{resource.Token} received inputs that do not pass Check: "
                + string.Join("; ", check.Failures.Select(f => f.Property.Length == 0 ? "(resource)" : f.Property).Distinct()));
    }

    private static CheckResponse ToCheckResponse(PropertyMap inputs, IEnumerable<CheckFailure> failures)
    {
        var response = new CheckResponse { Inputs = PropertyStruct.ToStruct(inputs) };
        response.Failures.AddRange(failures.Select(f => new Pulumirpc.CheckFailure { Property = f.Property, Reason = f.Reason }));
        return response;
    }
}
