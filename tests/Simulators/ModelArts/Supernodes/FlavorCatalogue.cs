namespace ClusterScale.Simulators.ModelArts.Supernodes;

/// <summary>The supernode flavors the simulator sells, looked up by name.</summary>
internal sealed class FlavorCatalogue
{
    /// <summary>The most sub-nodes a supernode may have (user manual: "at most 48 sub-nodes in total").</summary>
    public const int MaxServers = 48;

    private const string Matrix800T = "kat3ne-8.48xlarge.8.800t.matrix";

    /// <summary>One Ascend matrix family: each sub-node is a kat3ne-8 server, the flavor name counts the NPUs
    /// (8 per server would be the real ratio; 4 per name step keeps the names the docs show). The 64-server
    /// flavor exceeds <see cref="MaxServers"/> on purpose, so the quota rule is reachable.</summary>
    public static readonly IReadOnlyList<FlavorSpec> Default =
    [
        new("kat3ne-8-800t.48xlarge.8.matrix", Matrix800T, 2),
        new("kat3ne-16-800t.96xlarge.8.matrix", Matrix800T, 4),
        new("kat3ne-32-800t.192xlarge.8.matrix", Matrix800T, 8),
        new("kat3ne-48-800t.288xlarge.8.matrix", Matrix800T, 12),
        new("kat3ne-64-800t.384xlarge.8.matrix", Matrix800T, 16),
        new("kat3ne-96-800t.576xlarge.8.matrix", Matrix800T, 24),
        new("kat3ne-128-800t.768xlarge.8.matrix", Matrix800T, 32),
        new("kat3ne-192-800t.1152xlarge.8.matrix", Matrix800T, 48),
        new("kat3ne-256-800t.1536xlarge.8.matrix", Matrix800T, 64),
    ];

    private readonly Dictionary<string, FlavorSpec> byName;

    public FlavorCatalogue(IReadOnlyList<FlavorSpec> flavors)
    {
        byName = new(StringComparer.Ordinal);
        foreach (var flavor in flavors)
        {
            if (flavor.ServerCount < 1)
                throw new ArgumentException($"flavor {flavor.Flavor} must have at least one server", nameof(flavors));
            if (!byName.TryAdd(flavor.Flavor, flavor))
                throw new ArgumentException($"flavor {flavor.Flavor} is listed twice", nameof(flavors));
        }
        All = flavors;
    }

    public IReadOnlyList<FlavorSpec> All { get; }

    public FlavorSpec? Find(string flavor) => byName.GetValueOrDefault(flavor);

    /// <summary>The flavor whose sub-node count and kind match a supernode's current servers, if one does.</summary>
    public FlavorSpec? Matching(string resourceFlavor, int serverCount) =>
        All.FirstOrDefault(spec => spec.ResourceFlavor == resourceFlavor && spec.ServerCount == serverCount);
}
