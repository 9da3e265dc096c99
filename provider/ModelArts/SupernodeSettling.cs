using ClusterScale.Provider.ModelArts.Api;
using ClusterScale.Provider.Waiting;

namespace ClusterScale.Provider.ModelArts;

/// <summary>A scale operation failed on the cloud side (supernode ERROR, a server CREATE_FAILED, ...).</summary>
public sealed class ScaleFailedException(string message) : Exception(message);

/// <summary>
/// When a scale operation is done. UNCONFIRMED: nothing documents a completion signal, so completion is judged from the
/// supernode detail: the supernode is steady (ACTIVE, or RUNNING in the older status set) and every server involved
/// is in its end state. A supernode ERROR or a server ERROR / *_FAILED fails the wait at once.
/// </summary>
internal static class SupernodeSettling
{
    // UNCONFIRMED which set the live API uses: ACTIVE (current docs) and RUNNING (older, server-style docs) both count.
    private static readonly string[] SteadySupernode = ["ACTIVE", "RUNNING"];

    public static bool IsSteady(SupernodeDetail supernode) => SteadySupernode.Contains(supernode.Status);

    private static bool IsFailed(string? status) => status is "ERROR" || (status?.EndsWith("_FAILED", StringComparison.Ordinal) ?? false);

    /// <summary>
    /// Scale-up done: steady supernode, at least one server that was not there before the call (plus every new id the
    /// API's answer already listed), and every server RUNNING.
    /// </summary>
    public static Poll<SupernodeDetail> ScaleUp(SupernodeDetail supernode, IReadOnlySet<string> before, IReadOnlySet<string> expected)
    {
        FailOnError(supernode, supernode.ServerList);
        var present = supernode.ServerList.Select(s => s.Id).ToHashSet();
        var added = supernode.ServerList.Where(s => !before.Contains(s.Id)).ToList();
        var running = added.Count(s => s.Status == "RUNNING");
        var done = IsSteady(supernode) && added.Count > 0 && expected.IsSubsetOf(present)
            && supernode.ServerList.All(s => s.Status == "RUNNING");
        return done ? new Poll<SupernodeDetail>.Done(supernode)
            : new Poll<SupernodeDetail>.Pending($"supernode {supernode.Status}: {running}/{Math.Max(added.Count, expected.Count)} new servers RUNNING");
    }

    /// <summary>Scale-down done: none of the removed servers is left (or they report DELETED) and the supernode is
    /// steady. Only the removed servers and the supernode can fail this wait.</summary>
    public static Poll<SupernodeDetail> ScaleDown(SupernodeDetail supernode, IReadOnlySet<string> removing)
    {
        var leaving = supernode.ServerList.Where(s => removing.Contains(s.Id) && s.Status != "DELETED").ToList();
        FailOnError(supernode, leaving);
        return leaving.Count == 0 && IsSteady(supernode) ? new Poll<SupernodeDetail>.Done(supernode)
            : new Poll<SupernodeDetail>.Pending($"supernode {supernode.Status}: {removing.Count - leaving.Count}/{removing.Count} servers removed");
    }

    /// <summary>Settled enough to accept a scale request: steady. Only a supernode ERROR fails this wait.</summary>
    public static Poll<SupernodeDetail> Steady(SupernodeDetail supernode)
    {
        FailOnError(supernode, []);
        return IsSteady(supernode) ? new Poll<SupernodeDetail>.Done(supernode)
            : new Poll<SupernodeDetail>.Pending($"supernode {supernode.Status}: waiting until it is ACTIVE");
    }

    private static void FailOnError(SupernodeDetail supernode, IEnumerable<ServerDetail> servers)
    {
        var failed = servers.Where(s => IsFailed(s.Status)).Select(s => $"{s.Name ?? s.Id} ({s.Id}) {s.Status}").ToList();
        if (failed.Count > 0)
            throw new ScaleFailedException($"supernode {supernode.Id}: server(s) failed: {string.Join(", ", failed)}");
        if (supernode.Status == "ERROR")
            throw new ScaleFailedException($"supernode {supernode.Id} is in ERROR");
    }
}
