using ClusterScale.Provider.ModelArts.Auth;

namespace ClusterScale.Provider.ModelArts;

/// <summary>Everything needed to reach one project's ModelArts API.</summary>
public sealed record ModelArtsSettings(Uri Endpoint, string ProjectId, HuaweiCredentials Credentials)
{
    /// <summary>The public endpoint of a region (ap-southeast-1 is served from the .cn domain).</summary>
    public static Uri RegionEndpoint(string region) =>
        new($"https://modelarts.{region}.myhuaweicloud.{(region == "ap-southeast-1" ? "cn" : "com")}");
}
