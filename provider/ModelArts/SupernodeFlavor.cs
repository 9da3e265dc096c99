using System.Globalization;
using System.Text.RegularExpressions;

namespace ClusterScale.Provider.ModelArts;

/// <summary>
/// Spec §6: a supernode flavor <c>kat3ne-{N}-800t.{6N}xlarge.8.matrix</c> has N/8 sub-nodes (one sub-node is the
/// kat3ne-8 / 48xlarge unit), and a supernode has 1 to 48 of them (§4). UNCONFIRMED upstream (a rule derived from the
/// seed example, stated nowhere): a flavor that does not follow it has no known count, and callers say what they do then.
/// </summary>
internal static partial class SupernodeFlavor
{
    public const int MaxSubNodes = 48;

    [GeneratedRegex(@"^[a-z0-9]+-(?<n>\d{1,4})-[a-z0-9]+\.(?<x>\d{1,5})xlarge\.8\.matrix$")]
    private static partial Regex Pattern();

    /// <summary>The sub-node count <paramref name="flavor"/> stands for, or null when it does not follow the rule.</summary>
    public static int? SubNodes(string? flavor)
    {
        var match = Pattern().Match(flavor ?? "");
        if (!match.Success) return null;
        var n = int.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        var xlarge = int.Parse(match.Groups["x"].Value, CultureInfo.InvariantCulture);
        return n % 8 == 0 && xlarge == 6 * n && n > 0 ? n / 8 : null;
    }

    /// <summary>The flavor among <paramref name="offered"/> that stands for <paramref name="subNodes"/> sub-nodes: how
    /// a supernode's own flavor is named, since its detail carries none. Null when none does.</summary>
    public static string? WithSubNodes(IEnumerable<string> offered, int subNodes) =>
        offered.FirstOrDefault(f => SubNodes(f) == subNodes);
}
