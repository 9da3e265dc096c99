using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace ClusterScale.Provider.Protocol;

/// <summary>
/// The package schema served by GetSchema (and written to sdk/schema.json): package metadata here, configuration,
/// resources and types contributed by the modules. Keys are sorted so the JSON is byte-for-byte stable, which lets a
/// test compare the checked-in schema with what the binary serves.
/// </summary>
public static class PackageSchema
{
    public const string Name = "clusterscale";
    public const string Version = "0.1.0";

    // UNCONFIRMED: the project has no public home yet; this is the one place its address is written (the SDK's
    // pulumi-plugin.json must name the same download location; tests/Sdk.Tests holds it to sdk/schema.json).
    private const string Repository = "https://github.com/clusterscale/pulumi-clusterscale";

    /// <summary>
    /// Where the engine downloads a missing plugin: it substitutes <c>${VERSION}</c> (no <c>v</c>) and GETs
    /// <c>&lt;url&gt;/pulumi-resource-clusterscale-v&lt;version&gt;-&lt;os&gt;-&lt;arch&gt;.tar.gz</c>
    /// (spec §10, plugins.go:742-769), the archive <c>make dist</c> writes; a GitHub release of tag
    /// <c>v&lt;version&gt;</c> serves its assets at exactly this address.
    /// </summary>
    public const string PluginDownloadUrl = Repository + "/releases/download/v${VERSION}";

    public static string Build(IReadOnlyCollection<IProviderModule> modules)
    {
        var config = Sorted(modules.SelectMany(m => m.ConfigSchema).Select(kv => KeyValuePair.Create(kv.Key, ForCodegen(kv.Value))));
        var schema = new JObject
        {
            ["name"] = Name,
            ["displayName"] = "ClusterScale",
            ["version"] = Version,
            ["description"] = "Scales OceanBase clusters through their obshell agents and Huawei Cloud ModelArts Lite Server supernodes, waiting until each change has settled.",
            ["keywords"] = new JArray("pulumi", "clusterscale", "oceanbase", "obshell", "huaweicloud", "modelarts", "kind/native"),
            ["homepage"] = Repository,
            ["license"] = "Apache-2.0",
            ["repository"] = Repository,
            ["publisher"] = "clusterscale",
            ["pluginDownloadURL"] = PluginDownloadUrl,
            ["config"] = new JObject { ["variables"] = config },
            ["provider"] = new JObject
            {
                ["description"] = "The clusterscale provider: obshell agents and Huawei Cloud credentials.",
                ["inputProperties"] = config.DeepClone(),
            },
            ["resources"] = Sorted(modules.SelectMany(m => m.Resources).Select(r => KeyValuePair.Create(r.Token, r.Schema))),
            ["types"] = Sorted(modules.SelectMany(m => m.Types)),
            ["functions"] = Sorted(modules.SelectMany(m => m.Functions).Select(f => KeyValuePair.Create(f.Token, f.Schema))),
            ["language"] = new JObject
            {
                // gen-sdk names namespaces <root>.<ns(package)>.<ns(module)> with root "Pulumi" by default (spec §10):
                // a bare ClusterScale root is impossible, so the SDK is Pulumi.ClusterScale[.Obshell|.ModelArts],
                // assembly and package Pulumi.ClusterScale. No packageReferences: codegen's own Pulumi range
                // ([3.76.1.0,4)) is the floor. respectSchemaVersion makes gen-sdk write version.txt and <Version>.
                ["csharp"] = new JObject
                {
                    ["namespaces"] = new JObject { ["clusterscale"] = "ClusterScale", ["modelarts"] = "ModelArts", ["obshell"] = "Obshell" },
                    ["respectSchemaVersion"] = true,
                },
                // gen-sdk --language nodejs: the npm package sdk/nodejs is, at the schema's version (pulumi
                // pkg/codegen/nodejs gen.go genNPMPackageMetadata; without packageName it would be @pulumi/clusterscale).
                ["nodejs"] = new JObject
                {
                    ["packageName"] = "@clusterscale/pulumi-clusterscale",
                    ["packageDescription"] = "Pulumi SDK for clusterscale: OceanBase OBServer nodes (obshell scale-out/scale-in) and Huawei Cloud ModelArts supernode capacity as resources.",
                    ["respectSchemaVersion"] = true,
                },
            },
        };
        return schema.ToString(Formatting.Indented);
    }

    /// <summary>
    /// The published form of a configuration key. For a list with <c>defaultInfo.environment</c>, gen-sdk prefills the
    /// list from the variable (one unsplit element, or <c>[null]</c> when unset), and a collection initializer in the
    /// program then appends to it: an explicit per-cluster provider would send both lists (spec §10). The plugin
    /// applies the environment fallback itself, so lists are published without it, saying so in the description.
    /// </summary>
    private static JObject ForCodegen(JObject property)
    {
        if (property.Value<string>("type") != "array" || property["defaultInfo"]?["environment"] is not JArray variables) return property;
        var published = (JObject)property.DeepClone();
        published.Remove("defaultInfo");
        published["description"] = $"{property.Value<string>("description")} When unset, the plugin reads {string.Join(" or ", variables.Values<string>())} (comma-separated).".TrimStart();
        return published;
    }

    private static JObject Sorted(IEnumerable<KeyValuePair<string, JObject>> entries)
    {
        var result = new JObject();
        foreach (var (key, value) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (result.ContainsKey(key)) throw new InvalidOperationException($"schema entry '{key}' is contributed twice");
            result[key] = value.DeepClone();
        }
        return result;
    }
}
