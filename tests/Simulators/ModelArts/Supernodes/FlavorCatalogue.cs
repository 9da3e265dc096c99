using System.Globalization;
using System.Text.RegularExpressions;

namespace ClusterScale.Simulators.ModelArts.Supernodes;

/// <summary>The supernode flavors the simulator sells, looked up by name.</summary>
internal sealed partial class FlavorCatalogue
{
    /// <summary>The most sub-nodes a supernode may have (user manual: "There cannot be more than 48 subnodes during
    /// the supernode scale-out"; spec section 4).</summary>
    public const int MaxServers = 48;

    /// <summary>One sub-node: the SEED's single server of a kat3ne-8 supernode (spec section 6).</summary>
    public const string SubNodeFlavor = "kat3ne-8.48xlarge.8.800t.matrix";

    /// <summary>
    /// The table of spec section 6: `kat3ne-{N}-800t.{6N}xlarge.8.matrix` has N/8 sub-nodes (the naming rule is
    /// UNCONFIRMED; which sizes are sold is too, the table is the simulator's choice), up to the 48-sub-node cap.
    /// </summary>
    public static readonly IReadOnlyList<FlavorSpec> Default =
        [.. new[] { 8, 16, 32, 64, 128, 192, 256, 384 }.Select(npus => new FlavorSpec(MatrixFlavorName(npus), SubNodeFlavor, npus / 8))];

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

    /// <summary>The sub-nodes a name following the section 6 rule implies, sold or not (kat3ne-392… is 49); null for
    /// any other name. It lets the simulator tell a flavor over the cap from one it does not know.</summary>
    public static int? SubNodesByNamingRule(string flavor) =>
        MatrixFlavorPattern().Match(flavor) is { Success: true } match
        && int.TryParse(match.Groups["npus"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var npus)
        && npus % 8 == 0 && npus > 0 && MatrixFlavorName(npus) == flavor
            ? npus / 8
            : null;

    private static string MatrixFlavorName(int npus) => FormattableString.Invariant($"kat3ne-{npus}-800t.{6 * npus}xlarge.8.matrix");

    [GeneratedRegex("^kat3ne-(?<npus>[0-9]{1,6})-800t\\.[0-9]+xlarge\\.8\\.matrix$")]
    private static partial Regex MatrixFlavorPattern();
}
