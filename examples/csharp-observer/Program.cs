// Scales an OceanBase cluster out by two OBServer nodes: one joins the existing zone1, the other creates zone4.
// The nodes this stack owns are the `nodes` config list (or the two defaults below): adding an entry scales the
// cluster out, removing one scales that node back in (obshell scale_in) on the next `pulumi up`.
using System.Text.Json.Serialization;
using Pulumi;
using Pulumi.ClusterScale;
using Pulumi.ClusterScale.Obshell;

return await Deployment.RunAsync(ObserverStack.Define);

/// <summary>The program; a static method so a unit test can run it under <c>Deployment.TestAsync</c>.</summary>
public static class ObserverStack
{
    public static IDictionary<string, object?> Define()
    {
        // This stack's own settings. `Pulumi.Config`, not `Config`: with `using Pulumi.ClusterScale;` that name is also the
        // SDK's static class of clusterscale:* settings, as in every SDK gen-sdk generates.
        var config = new Pulumi.Config();

        // An explicit provider: this stack talks to one cluster, whatever the ambient clusterscale:* config says.
        // `pulumi config set --secret rootPassword ...` keeps the password encrypted in the stack and secret in state.
        var cluster = new Pulumi.ClusterScale.Provider("oceanbase", new ProviderArgs
        {
            ObshellEndpoints = config.RequireObject<string[]>("endpoints"),
            ObshellRootPassword = config.RequireSecret("rootPassword"),
        });

        NodeSpec[] nodes = config.GetObject<NodeSpec[]>("nodes") ??
        [
            new NodeSpec("node4", "10.0.0.4", "zone1"),
            new NodeSpec("node5", "10.0.0.5", "zone4"),
        ];

        // A scale-out with a new zone runs 11 DAG stages; give it room, and scale-in the same.
        var timeouts = new CustomTimeouts { Create = TimeSpan.FromMinutes(30), Delete = TimeSpan.FromMinutes(30) };

        var observers = new List<ObserverNode>();
        foreach (NodeSpec node in nodes)
        {
            var options = new CustomResourceOptions { Provider = cluster, CustomTimeouts = timeouts };
            // obshell holds one cluster-wide maintenance lock per DAG: chaining the nodes runs their scale-outs one after
            // the other instead of letting the second one wait on the first's lock.
            if (observers.Count > 0)
            {
                options.DependsOn.Add(observers[^1]);
            }
            observers.Add(new ObserverNode(node.Name, new ObserverNodeArgs
            {
                Ip = node.Ip,
                ObshellPort = node.ObshellPort ?? 2886,
                Zone = node.Zone,
                ObConfigs =
                {
                    { "memory_limit", node.MemoryLimit ?? "16G" },
                },
            }, options));
        }

        return new Dictionary<string, object?>
        {
            ["nodeIds"] = Output.All(observers.Select(o => (Input<string>)o.Id).ToArray()),
            ["serverStatuses"] = Output.All(observers.Select(o => (Input<string>)o.ServerStatus).ToArray()),
        };
    }
}

/// <summary>One OBServer node this stack owns; the JSON shape of an entry of the `nodes` config list.</summary>
internal sealed record NodeSpec(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("ip")] string Ip,
    [property: JsonPropertyName("zone")] string Zone,
    [property: JsonPropertyName("obshellPort")] int? ObshellPort = null,
    [property: JsonPropertyName("memoryLimit")] string? MemoryLimit = null);
