using ClusterScale.Harness;
using ClusterScale.Harness.Verbs;

namespace ClusterScale.Conformance.Tests.Host;

/// <summary>The checked-in sdk/schema.json (the SDK is generated from it) must be what the binary serves.</summary>
public sealed class SchemaFileTests
{
    [Fact]
    public async Task The_checked_in_schema_is_what_the_plugin_serves()
    {
        var served = SchemaVerb.ToFileText(await SchemaVerb.FetchAsync(pluginPath: null));
        var file = Path.Combine(RepoPaths.Root, "sdk", "schema.json");
        var checkedIn = File.Exists(file) ? await File.ReadAllTextAsync(file) : "(missing)";
        Assert.True(served == checkedIn, $"sdk/schema.json differs from the schema the plugin serves: run `make schema` and commit the result.");
    }
}
