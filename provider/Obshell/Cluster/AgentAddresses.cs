using System.Net;
using ClusterScale.Provider.Obshell.Api;

namespace ClusterScale.Provider.Obshell.Cluster;

/// <summary>Comparing agents by address: IP literals compare as addresses (so IPv6 spellings match).</summary>
public static class AgentAddresses
{
    public static bool Same(AgentAddress a, AgentAddress b) => a.Port == b.Port && SameIp(a.Ip, b.Ip);

    public static bool SameIp(string a, string b) =>
        IPAddress.TryParse(a, out var x) && IPAddress.TryParse(b, out var y) ? x.Equals(y) : string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
