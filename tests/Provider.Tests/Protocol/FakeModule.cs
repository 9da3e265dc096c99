using ClusterScale.Provider.Protocol;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Provider.Tests.Protocol;

/// <summary>A module with one test resource, so the host can be exercised without obshell or ModelArts.</summary>
internal sealed class FakeModule : IProviderModule
{
    public FakeResource Resource { get; } = new();
    public PropertyMap? Configured { get; private set; }

    public IReadOnlyDictionary<string, JObject> ConfigSchema { get; } = new Dictionary<string, JObject>
    {
        ["testEndpoints"] = new() { ["type"] = "array", ["items"] = new JObject { ["type"] = "string" } },
        ["testEndpoint"] = new() { ["type"] = "string" },
        ["testPassword"] = new() { ["type"] = "string", ["secret"] = true },
    };

    public IReadOnlyDictionary<string, JObject> Types { get; } = new Dictionary<string, JObject>
    {
        ["clusterscale:test:Volume"] = new() { ["type"] = "object", ["properties"] = new JObject { ["size"] = new JObject { ["type"] = "integer" } } },
    };

    public IEnumerable<CheckFailure> CheckConfig(PropertyMap config)
    {
        if (config.TryGetValue("testEndpoints", out var endpoints) && endpoints.Unwrapped().Kind != PropertyKind.Array)
            yield return new CheckFailure("testEndpoints", "testEndpoints must be a list");
        // Careless reasons that quote the value they reject, as a module might write them.
        foreach (var key in new[] { "testPassword", "testEndpoint" })
            if (config.Get(key).Unwrapped() is { Kind: PropertyKind.String } text && text.StringValue.StartsWith("bad", StringComparison.Ordinal))
                yield return new CheckFailure(key, $"{key} '{text.StringValue}' is rejected");
    }

    public void Configure(PropertyMap config)
    {
        if (config.Get("testEndpoint").Unwrapped() is { Kind: PropertyKind.String } endpoint && endpoint.StringValue.StartsWith("refuse", StringComparison.Ordinal))
            throw new ProviderInputException($"cannot reach '{endpoint.StringValue}'");
        Configured = config;
    }

    public IEnumerable<IResource> Resources => [Resource];
}
