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

    // UNCONFIRMED: the project has no public home yet; these URLs are placeholders the README should confirm.
    private const string Repository = "https://github.com/clusterscale/pulumi-clusterscale";

    public static string Build(IReadOnlyCollection<IProviderModule> modules)
    {
        var config = Sorted(modules.SelectMany(m => m.ConfigSchema));
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
                ["csharp"] = new JObject
                {
                    ["rootNamespace"] = "ClusterScale",
                    ["namespaces"] = new JObject { ["obshell"] = "Obshell", ["modelarts"] = "ModelArts" },
                    ["packageReferences"] = new JObject { ["Pulumi"] = "3.*" },
                },
            },
        };
        return schema.ToString(Formatting.Indented);
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
