using ClusterScale.Provider.Protocol;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Provider.Tests.Protocol;

/// <summary>
/// A resource whose Create behaves as its <c>mode</c> input says (block until cancelled, fail cleanly, fail part-way,
/// miss configuration, echo, report progress), so host behaviour can be tested over a real socket.
/// </summary>
internal sealed class FakeResource : IResource
{
    public const string TypeToken = "clusterscale:test:Gate";

    public static readonly JObject SchemaJson = new()
    {
        ["inputProperties"] = new JObject { ["mode"] = new JObject { ["type"] = "string" }, ["password"] = new JObject { ["type"] = "string", ["secret"] = true } },
        ["properties"] = new JObject { ["mode"] = new JObject { ["type"] = "string" }, ["token"] = new JObject { ["type"] = "string", ["secret"] = true } },
    };

    /// <summary>Completes when a blocking Create has started waiting.</summary>
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public CreateInput? LastCreate { get; private set; }

    public string Token => TypeToken;
    public JObject Schema => SchemaJson;

    public Task<CheckResult> CheckAsync(CheckInput request, CancellationToken cancellation) =>
        Task.FromResult(new CheckResult(request.News, request.News.ContainsKey("mode") ? [] : [new CheckFailure("mode", "mode is required")]));

    /// <summary>A changed mode replaces; a recorded token other than t-1 is drift of an output-only property.</summary>
    public Task<DiffResult> DiffAsync(DiffInput request, CancellationToken cancellation)
    {
        var changes = new Dictionary<string, DiffKind>();
        if (!request.OldInputs.Get("mode").Equals(request.News.Get("mode"))) changes["mode"] = DiffKind.UpdateReplace;
        if (request.OldOutputs.Get("token").Unwrapped() is { Kind: PropertyKind.String } token && token.StringValue != "t-1") changes["token"] = DiffKind.Update;
        return Task.FromResult(changes.Count == 0 ? DiffResult.None : new DiffResult(true, changes, DeleteBeforeReplace: changes.ContainsKey("mode")));
    }

    public async Task<CreateResult> CreateAsync(CreateInput request, OperationContext operation)
    {
        LastCreate = request;
        var outputs = request.Properties.With("token", PropertyValue.From("t-1"));
        if (request.Preview) return new CreateResult("", outputs.With("token", PropertyValue.Computed));
        switch (request.Properties.Get("mode").Unwrapped().ToString())
        {
            case "block":
                Started.TrySetResult();
                await Task.Delay(Timeout.Infinite, operation.Cancellation);
                throw new InvalidOperationException("unreachable: the delay only ends by cancellation");
            case "unconfigured":
                throw new ProviderInputException("testEndpoint and testPassword are not set", missingKeys: ["testEndpoint", "testPassword"]);
            case "failed":
                throw new OperationFailedException("the agent rejected the change");
            case "partial":
                // Outputs deliberately carry the password unwrapped: the host must protect partial state too.
                throw new ResourceInitFailedException("gate-1", outputs.With("password", request.Properties.Get("password").Unwrapped()), request.Properties, ["wait cancelled after the change started"]);
            case "log":
                await operation.Progress.StatusAsync("stage 1 of 2");
                await operation.Progress.WarningAsync("slow agent");
                break;
        }
        // Echo mode: the password comes back unwrapped, as a careless resource might return it.
        return new CreateResult("gate-1", outputs.With("password", request.Properties.Get("password").Unwrapped()));
    }

    public ReadInput? LastRead { get; private set; }

    public Task<ReadResult?> ReadAsync(ReadInput request, OperationContext operation)
    {
        LastRead = request;
        return Task.FromResult(request.Id == "gone" ? null : new ReadResult(request.Id, request.Properties, request.Inputs));
    }

    public Task<PropertyMap> UpdateAsync(UpdateInput request, OperationContext operation) => Task.FromResult(request.News);

    public Task DeleteAsync(DeleteInput request, OperationContext operation) => Task.CompletedTask;
}
