using System.Globalization;

namespace ClusterScale.Simulators.Obshell.Cluster;

/// <summary>The obshell version landmarks (spec section 0) the simulated agents honour.</summary>
internal static class ObshellVersions
{
    /// <summary>Auth v2 and scale_out; older agents (auth v1) are not simulated.</summary>
    public static readonly Version Oldest = new(4, 2, 3, 0);

    /// <summary>The oldest obshell a cluster can scale out to.</summary>
    public static readonly Version OldestScalable = new(4, 2, 4, 1);

    public static readonly Version SupportedAuth = new(4, 2, 5, 0);

    /// <summary>scale_in, DELETE /observer, the agent password and X-OCS-Agent-Header.</summary>
    public static readonly Version ScaleInAndAgentPassword = new(4, 2, 6, 0);

    /// <summary><c>/api/v1/obcluster/info</c> and <c>/api/v1/obcluster/parameters</c> (one commit, 0e32aa5; first release UNCONFIRMED: 4.2.6.0 or 4.3.0.0).</summary>
    public static readonly Version ObclusterInfo = new(4, 3, 0, 0);

    /// <summary><c>maintenance_type</c> and <c>maintenance_key</c> in DAG details (a49b1e0; first release UNCONFIRMED: 4.3.0.0 or 4.3.1.0).</summary>
    public static readonly Version MaintenanceFields = new(4, 3, 0, 0);

    /// <summary>Dotted string errCode in errors (before: the integer code only).</summary>
    public static readonly Version StringErrCode = new(4, 3, 1, 0);

    /// <summary>Header decrypt failures carry code 1 again (319e3e6; first release UNCONFIRMED: 4.4.1.1 or 4.4.2.0).</summary>
    public static readonly Version DecryptFailedCode = new(4, 4, 1, 1);

    /// <summary>The numeric part of a version such as "4.2.6.0" or "4.2.6.0-100000012024".</summary>
    public static Version Parse(string version)
    {
        var numeric = version.Split('-', '_')[0];
        return Version.TryParse(numeric, out var parsed)
            ? parsed
            : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"'{version}' is not an obshell version"));
    }
}
