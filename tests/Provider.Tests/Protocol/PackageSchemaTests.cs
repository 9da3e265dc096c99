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
        Assert.Equal("ClusterScale", schema["language"]!["csharp"]!["rootNamespace"]);
        Assert.Equal("Obshell", schema["language"]!["csharp"]!["namespaces"]!["obshell"]);
        Assert.Equal("3.*", schema["language"]!["csharp"]!["packageReferences"]!["Pulumi"]);
    }

    [Fact]
    public void The_schema_text_is_deterministic_and_sorted()
    {
        Assert.Equal(PackageSchema.Build([Module]), PackageSchema.Build([new FakeModule()]));
        var keys = ((JObject)JObject.Parse(PackageSchema.Build([Module]))["config"]!["variables"]!).Properties().Select(p => p.Name).ToList();
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
    }
}
