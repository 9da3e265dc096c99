using ClusterScale.Provider.ModelArts.Api;
using ClusterScale.Provider.Waiting;

namespace ClusterScale.Provider.ModelArts;

/// <summary>A scale operation failed on the cloud side (supernode ERROR, a server CREATE_FAILED, ...).</summary>
public sealed class ScaleFailedException(string message) : Exception(message);

/// <summary>
/// When a scale operation is done (spec §5: upstream is silent, so it is judged from the supernode detail by the
/// sub-node count, never by status alone — the 200 answer already says ACTIVE). A supernode ERROR or going away, or a
/// server THIS operation involves in ERROR / *_FAILED, fails the wait at once; other servers (a pre-existing STOPPED or
/// failed one) never decide it.
/// </summary>
internal static class SupernodeSettling
{
    // §2: ACTIVE in the current status set, RUNNING in the older one; both mean steady.
    private static readonly string[] SteadySupernode = ["ACTIVE", "RUNNING"];

    // §2: TERMINATING/TERMINATED, or DELETING/DELETED in the older set: the supernode is going away.
    private static readonly string[] GoingAway = ["TERMINATING", "TERMINATED", "DELETING", "DELETED"];

    public static bool IsSteady(SupernodeDetail supernode) => SteadySupernode.Contains(supernode.Status);

    public static bool IsGoingAway(SupernodeDetail supernode) => GoingAway.Contains(supernode.Status);

    public static bool IsFailed(string? status) => status is "ERROR" || (status?.EndsWith("_FAILED", StringComparison.Ordinal) ?? false);

    /// <summary>Servers that count as sub-nodes: every listed one except DELETED (§5 step 2).</summary>
    public static IReadOnlyList<ServerDetail> SubNodes(SupernodeDetail supernode) => supernode.ServerList.Where(s => s.Status != "DELETED").ToList();

    /// <summary>
    /// Scale-up done (§5 step 2): steady supernode, exactly <paramref name="target"/> sub-nodes, every server of
    /// <paramref name="before"/> still there, and every server that appeared since RUNNING. Servers may arrive one at a
    /// time while the supernode stays ACTIVE, so fewer than the target is never done. UNCONFIRMED fallback for a flavor
    /// that does not follow the §6 rule (no known target): at least one new server.
    /// </summary>
    public static Poll<SupernodeDetail> ScaleUp(SupernodeDetail supernode, IReadOnlySet<string> before, int? target)
    {
        var added = supernode.ServerList.Where(s => !before.Contains(s.Id)).ToList();
        FailOnError(supernode, added);
        var count = SubNodes(supernode).Count;
        var present = supernode.ServerList.Select(s => s.Id).ToHashSet();
        var running = added.Count(s => s.Status == "RUNNING");
        var reached = target is { } t ? count == t : added.Count > 0;
        var done = IsSteady(supernode) && reached && before.IsSubsetOf(present) && running == added.Count;
        return done ? new Poll<SupernodeDetail>.Done(supernode)
            : new Poll<SupernodeDetail>.Pending($"supernode {supernode.Status}: {count}/{target?.ToString() ?? "?"} sub-nodes, {running}/{added.Count} new servers RUNNING");
    }

    /// <summary>
    /// A scale-up that left failed servers has settled once every server it adds is known: the target count reached
    /// (servers may arrive one at a time, §5) and none of them still being created, whatever each ended as. Only then
    /// can they all be recorded; one recorded too early would leave a later arrival owned by no resource. Without a
    /// known target (UNCONFIRMED fallback): none still being created. Only the supernode itself fails this wait.
    /// </summary>
    public static Poll<SupernodeDetail> ScaleUpSettled(SupernodeDetail supernode, IReadOnlySet<string> before, int? target)
    {
        FailIfUnusable(supernode);
        var added = supernode.ServerList.Where(s => !before.Contains(s.Id)).ToList();
        var count = SubNodes(supernode).Count;
        var ended = added.Count(s => s.Status == "RUNNING" || IsFailed(s.Status));
        var settled = IsSteady(supernode) && (target is not { } t || count >= t) && ended == added.Count;
        return settled ? new Poll<SupernodeDetail>.Done(supernode)
            : new Poll<SupernodeDetail>.Pending($"supernode {supernode.Status}: {count}/{target?.ToString() ?? "?"} sub-nodes, {ended}/{added.Count} new servers settled");
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

    /// <summary>Settled enough to accept a scale request: steady. Only the supernode itself can fail this wait.</summary>
    public static Poll<SupernodeDetail> Steady(SupernodeDetail supernode)
    {
        FailOnError(supernode, []);
        return IsSteady(supernode) ? new Poll<SupernodeDetail>.Done(supernode)
            : new Poll<SupernodeDetail>.Pending($"supernode {supernode.Status}: waiting until it is ACTIVE");
    }

    /// <summary>Fails when the supernode cannot be scaled at all: ERROR, or going away (§5 step 3).</summary>
    public static void FailIfUnusable(SupernodeDetail supernode)
    {
        if (IsGoingAway(supernode))
            throw new ScaleFailedException($"supernode {supernode.Id} is {supernode.Status}: it is being deleted, so it cannot be scaled " +
                "(remove this resource from the program, or `pulumi state delete` it)");
        if (IsFailed(supernode.Status))
            throw new ScaleFailedException($"supernode {supernode.Id} is in {supernode.Status}");
    }

    private static void FailOnError(SupernodeDetail supernode, IEnumerable<ServerDetail> servers)
    {
        var failed = servers.Where(s => IsFailed(s.Status)).Select(s => $"{s.Name ?? s.Id} ({s.Id}) {s.Status}").ToList();
        if (failed.Count > 0)
            throw new ScaleFailedException($"supernode {supernode.Id}: server(s) failed: {string.Join(", ", failed)}");
        FailIfUnusable(supernode);
    }
}
