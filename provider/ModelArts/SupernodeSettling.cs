using ClusterScale.Provider.ModelArts.Api;
using ClusterScale.Provider.ModelArts.Ownership;
using ClusterScale.Provider.Waiting;

namespace ClusterScale.Provider.ModelArts;

/// <summary>A scale operation failed on the cloud side (supernode ERROR, a server CREATE_FAILED, ...).</summary>
public sealed class ScaleFailedException(string message) : Exception(message);

/// <summary>Servers appeared that this resource's scale-up may have added but cannot prove it did (see
/// <see cref="ScaleUpOwnership"/>): only the user can say, with <c>adoptServerIds</c>.</summary>
public sealed class OwnershipUnprovenException(string supernodeId, ScaleUpClaims claims) : Exception(
    $"supernode {supernodeId}: server(s) {ScaleUpOwnership.Describe(claims.Undecided)} appeared after this resource's live-scale-up, " +
    "and nothing ties them to it (it got no clear answer, another actor scaled the supernode at the same moment, or they were created " +
    "after its answer): the provider cannot tell whether this resource added them, so it claims none" + (claims.Unrecorded.Count == 0 ? "" :
        $". Server(s) {ScaleUpOwnership.Describe(claims.Unrecorded)}, listed before it was sent, were added by a scale that no state of this " +
        "resource records (a run of it killed before Pulumi recorded it may have added them)") + (claims.Ours.Count == 0 ? "" :
        $". Server(s) {ScaleUpOwnership.Describe(claims.Ours)}, created within its send window, are this scale-up's, whatever the answer: " +
        "recorded once the question is settled") +
    ". If some of these are this resource's, add `adoptServerIds: [" + string.Join(", ", claims.AtStake.Select(s => $"\"{s.Id}\"")) +
    "]` (only those of them that are, and none another resource holds) to its inputs and run `pulumi up`; the ones not listed are left to whoever added them. " +
    "If none is, set `adoptServerIds: []` and run `pulumi up`: they are then left alone")
{
    public ScaleUpClaims Claims => claims;
}

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

    /// <summary>A server that never ran: its creation failed (§2). The only status that lets this resource remove a
    /// server of its own to repair it; every other failed or stopped status may follow a user's action on a server
    /// holding data (REBOOT_FAILED, STOP_FAILED, ...), and scaling in releases its disks ("Corrections on 2026-12-05").</summary>
    public static bool NeverRan(string? status) => status is "CREATE_FAILED";

    /// <summary>Servers that count as sub-nodes: every listed one except DELETED (§5 step 2).</summary>
    public static IReadOnlyList<ServerDetail> SubNodes(SupernodeDetail supernode) => supernode.ServerList.Where(s => s.Status != "DELETED").ToList();

    /// <summary>
    /// Scale-up done (§5 step 2, judged on what THIS scale-up adds, never the supernode's total, which other actors and
    /// pre-existing failed or stopped servers can make unreachable): steady supernode and every server it adds
    /// (<see cref="ScaleUpEvidence.Adds"/>) listed, proven this resource's (<see cref="ScaleUpOwnership"/>) and RUNNING.
    /// Servers may arrive one at a time while the supernode stays ACTIVE, so fewer is never done. One of them failed,
    /// or servers no later read can attribute, end the wait.
    /// </summary>
    public static Poll<SupernodeDetail> ScaleUp(SupernodeDetail supernode, ScaleUpEvidence evidence)
    {
        FailIfUnusable(supernode);
        var claims = Claims(supernode, evidence);
        FailOnError(supernode, claims.Ours);
        var adds = claims.Expected(evidence);
        var running = claims.Ours.Count(s => s.Status == "RUNNING");
        var done = IsSteady(supernode) && claims.Ours.Count == adds && running == adds;
        return done ? new Poll<SupernodeDetail>.Done(supernode)
            : new Poll<SupernodeDetail>.Pending($"supernode {supernode.Status}: {running}/{adds} server(s) of this scale-up RUNNING{Others(claims)}");
    }

    /// <summary>
    /// A scale-up that left failed servers has settled once every server it adds is known: all of them listed and
    /// proven this resource's, none still being created, whatever each ended as. Only then can they all be recorded;
    /// one recorded too early would leave a later arrival owned by no resource. Only the supernode itself, or servers
    /// no later read can attribute, fail this wait.
    /// </summary>
    public static Poll<SupernodeDetail> ScaleUpSettled(SupernodeDetail supernode, ScaleUpEvidence evidence)
    {
        FailIfUnusable(supernode);
        var claims = Claims(supernode, evidence);
        var adds = claims.Expected(evidence);
        var ended = claims.Ours.Count(s => s.Status == "RUNNING" || IsFailed(s.Status));
        var settled = IsSteady(supernode) && claims.Ours.Count == adds && ended == adds;
        return settled ? new Poll<SupernodeDetail>.Done(supernode)
            : new Poll<SupernodeDetail>.Pending($"supernode {supernode.Status}: {ended}/{adds} server(s) of this scale-up settled{Others(claims)}");
    }

    private static ScaleUpClaims Claims(SupernodeDetail supernode, ScaleUpEvidence evidence)
    {
        var claims = ScaleUpOwnership.Decide(evidence, supernode);
        if (claims.NeedsAdoption) throw new OwnershipUnprovenException(supernode.Id, claims);
        return claims;
    }

    private static string Others(ScaleUpClaims claims) =>
        (claims.Undecided.Count > 0 ? $"; not yet attributable: {ScaleUpOwnership.Describe(claims.Undecided)}" : "") +
        (claims.NotOurs.Count > 0 ? $"; added by someone else: {ScaleUpOwnership.Describe(claims.NotOurs)}" : "");

    /// <summary>Scale-down done: none of the removed servers is left (or they report DELETED) and the supernode is
    /// steady. Right after acceptance the removed servers still show their old status, then DELETING (spec
    /// "Corrections on 2026-12-05"): both are progress. Only DELETE_FAILED on a removed server, or the supernode, fails it.</summary>
    public static Poll<SupernodeDetail> ScaleDown(SupernodeDetail supernode, IReadOnlySet<string> removing)
    {
        var leaving = supernode.ServerList.Where(s => removing.Contains(s.Id) && s.Status != "DELETED").ToList();
        FailOnError(supernode, leaving.Where(s => s.Status == "DELETE_FAILED"));
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
