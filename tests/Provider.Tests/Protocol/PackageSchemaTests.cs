using ClusterScale.Provider.Protocol;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Provider.Tests.Protocol;

public class PackageSchemaTests
{
    private static readonly FakeModule Module = new();

    [Fact]
    public void The_schema_carries_package_metadata_and_every_module_contribution()
    {
        var schema = JObject.Parse(PackageSchema.Build([Module]));
        Assert.Equal("clusterscale", schema["name"]);
        Assert.Equal("0.1.0", schema["version"]);
        Assert.Equal("Apache-2.0", schema["license"]);
        Assert.Equal(Module.ConfigSchema["testEndpoint"], schema["config"]!["variables"]!["testEndpoint"]);
        Assert.Equal(Module.ConfigSchema["testEndpoint"], schema["provider"]!["inputProperties"]!["testEndpoint"]);
        Assert.Equal(FakeResource.SchemaJson, schema["resources"]![FakeResource.TypeToken]);
        Assert.Equal(Module.Types["clusterscale:test:Volume"], schema["types"]!["clusterscale:test:Volume"]);
        Assert.Equal("ClusterScale", schema["language"]!["csharp"]!["namespaces"]!["clusterscale"]);
        Assert.Equal("ModelArts", schema["language"]!["csharp"]!["namespaces"]!["modelarts"]);
        Assert.Null(schema["language"]!["csharp"]!["packageReferences"]);
        Assert.Equal("https://github.com/clusterscale/pulumi-clusterscale/releases/download/v${VERSION}", schema["pluginDownloadURL"]);
    }

    /// <summary>gen-sdk would prefill a list from its environment variable and a collection initializer would append
    /// to it (spec §10): lists are published without defaultInfo, the fallback named in the description.</summary>
    [Fact]
    public void A_list_config_key_is_published_without_an_environment_default()
    {
        var module = new FakeModule();
        module.ConfigSchema["testEndpoints"]["defaultInfo"] = new JObject { ["environment"] = new JArray("TEST_ENDPOINTS") };
        module.ConfigSchema["testEndpoint"]["defaultInfo"] = new JObject { ["environment"] = new JArray("TEST_ENDPOINT") };

        var schema = JObject.Parse(PackageSchema.Build([module]));

        var endpoints = schema["provider"]!["inputProperties"]!["testEndpoints"]!;
        Assert.Null(endpoints["defaultInfo"]);
        Assert.EndsWith("When unset, the plugin reads TEST_ENDPOINTS (comma-separated).", endpoints.Value<string>("description"));
        Assert.Equal("TEST_ENDPOINT", schema["provider"]!["inputProperties"]!["testEndpoint"]!["defaultInfo"]!["environment"]![0]);
        Assert.Equal(endpoints, schema["config"]!["variables"]!["testEndpoints"]);
    }

    [Fact]
    public void The_schema_text_is_deterministic_and_sorted()
    {
        Assert.Equal(PackageSchema.Build([Module]), PackageSchema.Build([new FakeModule()]));
        var keys = ((JObject)JObject.Parse(PackageSchema.Build([Module]))["config"]!["variables"]!).Properties().Select(p => p.Name).ToList();
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
    }
}
