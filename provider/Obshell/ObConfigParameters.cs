using System.Globalization;
using System.Text.RegularExpressions;
using ClusterScale.Provider.Obshell.Api;

namespace ClusterScale.Provider.Obshell;

/// <summary>
/// Which <c>obConfigs</c> entries can change on a running node and how their values compare. In place = the agents
/// have the parameters route (spec §8) and OceanBase reports the parameter CLUSTER-scope and <c>DYNAMIC_EFFECTIVE</c>;
/// the ports, zone and the keys obshell fills itself (spec §3) never are (a port set at run time only acts at a
/// restart; the zone is the node's identity). Everything else (STATIC_EFFECTIVE, READONLY, TENANT scope, unknown names
/// such as the dir keys) keeps replacing the node. TENANT scope because obshell sets such a parameter per tenant on
/// every server of the cluster and ignores <c>servers</c> (obshell@61ee147 ob/agent/executor/ob/parameter.go:122-169):
/// no request changes it on one node, and obConfigs names no tenant.
/// </summary>
public static partial class ObConfigParameters
{
    public const string DynamicEffective = "DYNAMIC_EFFECTIVE";
    public const string ClusterScope = "CLUSTER";
    public const string TenantScope = "TENANT";

    private static readonly HashSet<string> FixedAtScaleOut = new(StringComparer.OrdinalIgnoreCase)
        { "rpc_port", "rpcPort", "mysql_port", "mysqlPort", "zone", "homePath", "cluster", "cluster_id" };

    /// <summary>The ports, zone and keys obshell fills itself: set once when the node is added.</summary>
    public static bool IsFixedAtScaleOut(string name) => FixedAtScaleOut.Contains(name);

    /// <summary>Null when <paramref name="name"/> can be changed in place, else why not (shown in messages).</summary>
    public static string? WhyNotInPlace(string name, IReadOnlyList<ClusterParameter>? parameters) =>
        parameters is null ? "the agents have no parameters route (obshell before 4.3.0.0)"
        : IsFixedAtScaleOut(name) ? "it is fixed when the node is added"
        : Find(parameters, name) is not { } parameter ? "the cluster does not list it as a parameter"
        : parameter.Scope == TenantScope ? "its scope is TENANT: obshell sets it per tenant on every server, never on one node"
        : parameter.EditLevel != DynamicEffective ? $"its edit_level is {parameter.EditLevel}: it only acts at a restart"
        : null;

    public static ClusterParameter? Find(IReadOnlyList<ClusterParameter> parameters, string name) =>
        parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The value <paramref name="name"/> has on the server at ip:rpcPort, if listed and single. A CLUSTER-scope
    /// parameter has one row per server (no tenant); a TENANT-scope one has a row per tenant on it (spec Corrections
    /// on 2026-12-05), and the node has one value only when all its tenants agree: otherwise null, as unknown.
    /// </summary>
    public static string? ValueOn(IReadOnlyList<ClusterParameter> parameters, string name, string ip, int rpcPort)
    {
        if (Find(parameters, name) is not { } parameter) return null;
        var tenantScope = parameter.Scope == TenantScope;
        var values = (parameter.ObParameters ?? [])
            .Where(v => v.SvrPort == rpcPort && Cluster.AgentAddresses.SameIp(v.SvrIp, ip) && (v.TenantId is not null) == tenantScope)
            .Select(v => v.Value)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return values.Count == 1 ? values[0] : null;
    }

    /// <summary>
    /// Whether two spellings mean the same value: equal ignoring case and surrounding blanks, or the same capacity
    /// (OceanBase accepts "16G", "16GB", "16384M"; UNCONFIRMED whether GV$OB_PARAMETERS echoes the spelling set or a
    /// normal form, so both are accepted as equal).
    /// </summary>
    public static bool SameValue(string a, string b) =>
        string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase)
        || Bytes(a) is { } x && Bytes(b) is { } y && x == y;

    private static decimal? Bytes(string value)
    {
        var match = CapacityPattern().Match(value.Trim());
        if (!match.Success) return null;
        var number = decimal.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var power = "BKMGTP".IndexOf(char.ToUpperInvariant(match.Groups[2].Value is { Length: > 0 } unit ? unit[0] : 'B'));
        return number * (decimal)Math.Pow(1024, power);
    }

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*([bkmgtpBKMGTP]?)[bB]?$")]
    private static partial Regex CapacityPattern();
}
