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

    public static readonly Version ObclusterInfo = new(4, 3, 0, 0);

    /// <summary>Dotted string errCode in errors (before: the integer code only).</summary>
    public static readonly Version StringErrCode = new(4, 3, 1, 0);

    /// <summary>The numeric part of a version such as "4.2.6.0" or "4.2.6.0-100000012024".</summary>
    public static Version Parse(string version)
    {
        var numeric = version.Split('-', '_')[0];
        return Version.TryParse(numeric, out var parsed)
            ? parsed
            : throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"'{version}' is not an obshell version"));
    }
}
